// SPDX-License-Identifier: GPL-2.0
/* amend --stream; see vie/stream.h (and vie/flat.h for the format). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stream_plan.h"
#include "vie/elf.h"

#define HOLD_RECS	4096u
#define FIELDS		STREAM_FIELDS

/* The dump bytes [off, off + len) as the held records have them (later
 * ones win), if every byte is there. */
static int held_read(const struct vie_src *src, void *buf, size_t len,
		     uint64_t off, struct vie_error *err)
{
	struct stream *s = (struct stream *)src->ctx;
	unsigned char *have = calloc(len ? len : 1, 1);
	size_t i, j;

	if (!have)
		return vie_nomem(err);
	for (i = 0; i < s->nrecs; i++) {
		const struct held *r = &s->recs[i];
		uint64_t a, b;

		if (!vie_overlap(off, len, r->off, r->size, &a, &b))
			continue;
		memcpy((unsigned char *)buf + (a - off), s->hold.data + r->at +
		       FLAT_RECORD_HEADER + (a - r->off), (size_t)(b - a));
		memset(have + (a - off), 1, (size_t)(b - a));
	}
	for (j = 0; j < len && have[j]; j++)
		;
	free(have);
	if (j == len)
		return 0;
	s->short_read = true;
	return vie_fail_kind(err, VIE_ERR_ABSENT, "dump bytes from 0x%" PRIx64
			     " are not in the stream yet", off + j);
}

/* Write the held records as they came. */
static int release(struct stream *s, struct vie_error *err)
{
	size_t i;

	for (i = 0; i < s->nrecs; i++)
		if (stream_put(s, s->hold.data + s->recs[i].at,
			FLAT_RECORD_HEADER + (size_t)s->recs[i].size, err))
			return -1;
	s->nrecs = 0;
	return 0;
}

static int pass(struct stream *s, const char *why, struct vie_error *err)
{
	snprintf(s->rep->why, sizeof(s->rep->why), "%s", why);
	return release(s, err) || stream_copy_rest(s, err);
}

/* Does [off, off + size) touch what the merge was computed from? */
static bool guarded(const struct amend_layout *lay, uint64_t off, uint64_t size)
{
	const struct diskdump_sub_header *sub = &lay->sub;
	uint64_t r[4][2] = {
		{ 0, DISKDUMP_HEADER_SIZE },
		{ lay->dh.block_size, DISKDUMP_SUB_HEADER_SIZE },
		{ sub->offset_vmcoreinfo, sub->size_vmcoreinfo },
		{ sub->offset_note, sub->size_note },
	};
	uint64_t a, b;
	size_t i;

	for (i = 0; i < 4; i++)
		if (vie_overlap(off, size, r[i][0], r[i][1], &a, &b))
			return true;
	return false;
}

/* The 32 held bytes of sub-header fields, unchanged, as their record. */
static int put_fields(struct stream *s, struct vie_error *err)
{
	if (!s->fields_held)
		return 0;
	s->fields_held = false;
	s->rep->reordered = true;
	return stream_put_record(s, s->fields_at, FIELDS, s->fields, err);
}

/* Where the next byte written goes in the output. */
static uint64_t out_at(const struct stream *s)
{
	return s->rep->bytes_out + s->out_len;
}

/* After the decision: every record through, then the amendment. */
static int forward(struct stream *s, const struct amend_layout *lay,
		   const struct vie_buf *notes, size_t desc_off,
		   size_t text_len, struct vie_error *err)
{
	unsigned char patched[FIELDS], end[FLAT_RECORD_HEADER];
	unsigned char rec[AMEND_UNDO_SIZE];
	struct undo_rec u = { 0 };
	int64_t off, size;
	uint64_t got, at;
	int rc;

	for (;;) {
		rc = stream_record_header(s, &off, &size, err);
		if (rc <= 0)
			return rc ? -1 : put_fields(s, err) ||
					 stream_copy_rest(s, err);
		if (off == -1 && size == -1)
			break;
		if (stream_record_bad(off, size) ||
		    guarded(lay, (uint64_t)off, (uint64_t)size)) {
			snprintf(s->rep->why, sizeof(s->rep->why), "a record "
				 "(offset %" PRId64 ", size %" PRId64 ") is bad "
				 "or writes the headers or notes again: the "
				 "rest copied as it came", off, size);
			return put_fields(s, err) || stream_copy_rest(s, err);
		}
		if (stream_take(s, FLAT_RECORD_HEADER + (uint64_t)size, NULL, true,
			 &got, err))
			return -1;
		if (got < FLAT_RECORD_HEADER + (uint64_t)size) {
			s->rep->truncated = true;
			return put_fields(s, err);
		}
		if ((uint64_t)(off + size) > s->dump_end)
			s->dump_end = (uint64_t)(off + size);
	}
	/* The new notes after everything the stream wrote, as amend puts
	 * them after the end of a dump file. */
	at = vie_align(s->dump_end, 8);
	diskdump_encode_note_fields(&lay->dh, at + desc_off, text_len, at,
				    notes->len, patched);
	flat_encode_record(end, -1, -1);
	s->fields_held = false;
	s->in_pos += FLAT_RECORD_HEADER;
	u.patch_at = out_at(s) + FLAT_RECORD_HEADER;
	if (stream_put_record(s, s->fields_at, FIELDS, patched, err))
		return -1;
	u.end_marker_at = u.written_start = out_at(s);
	if (stream_put_record(s, at, notes->len, notes->data, err) ||
	    stream_put(s, end, sizeof(end), err))
		return -1;
	s->rep->amended = true;
	u.written_end = out_at(s);
	/* Bytes after the end marker, as they came; where there are none
	 * (makedumpfile writes none), the amend record, as amend writes it
	 * after a flattened stream amended in place: amend --undo and
	 * verify read it there. */
	if (stream_copy_rest(s, err))
		return -1;
	if (out_at(s) != u.written_end)
		return 0;
	u.kind = AMEND_FLAT_DISKDUMP;
	u.patch_len = FIELDS;
	u.original_size = u.end_marker_at + FLAT_RECORD_HEADER;
	memcpy(u.original, s->fields, FIELDS);
	memcpy(u.amended, patched, FIELDS);
	undo_encode(&u, rec);
	return stream_put(s, rec, sizeof(rec), err);
}

/*
 * The note is merged: write the held records, the one that holds the
 * sub-header fields around them (held to the end), and go on.
 */
static int decide(struct stream *s, struct amend_layout *lay,
		  const struct ext_entries *saved, struct vie_error *err)
{
	struct amend_report ar;
	struct vie_buf text = { 0 }, notes = { 0 };
	struct vie_error e = { .source = "" };
	const struct held *f = NULL;
	size_t i, n = 0, desc_off;
	int rc;

	memset(&ar, 0, sizeof(ar));
	if (amend_merge(lay, saved, &text, &ar, &e)) {
		buf_free(&text);
		return pass(s, e.message, err);
	}
	if (ar.added == 0) {
		buf_free(&text);
		return pass(s, "the dump already carries every entry", err);
	}
	for (i = 0; i < s->nrecs; i++) {
		const struct held *r = &s->recs[i];
		uint64_t a, b;

		if (vie_overlap(lay->patch_at, FIELDS, r->off, r->size, &a, &b)) {
			f = r;
			n++;
		}
	}
	if (n != 1 || f->off > lay->patch_at ||
	    lay->patch_at + FIELDS > f->off + f->size) {
		buf_free(&text);
		return pass(s, "the kdump sub-header fields are written by "
			    "more than one record of the stream", err);
	}
	note_replace_vmcoreinfo(&notes, lay->notes, lay->notes_len,
				lay->big_endian, &lay->loc, text.data, text.len,
				&desc_off);
	if (notes.failed) {
		buf_free(&text);
		buf_free(&notes);
		return vie_nomem(err);
	}
	snprintf(s->rep->added, sizeof(s->rep->added), "%zu entries added "
		 "(%s)", ar.added, ar.added_keys);
	s->fields_at = lay->patch_at;
	memcpy(s->fields, lay->patch_now, FIELDS);
	s->fields_held = true;
	rc = 0;
	for (i = 0; i < s->nrecs && rc == 0; i++) {
		const struct held *r = &s->recs[i];
		const char *d = s->hold.data + r->at + FLAT_RECORD_HEADER;
		uint64_t head = lay->patch_at - r->off;

		if (r != f)
			rc = stream_put(s, s->hold.data + r->at, FLAT_RECORD_HEADER +
				 (size_t)r->size, err);
		else if ((head && stream_put_record(s, r->off, head, d, err)) ||
			 (r->size - head - FIELDS &&
			  stream_put_record(s, lay->patch_at + FIELDS,
				     r->size - head - FIELDS, d + head + FIELDS,
				     err)))
			rc = -1;
	}
	s->nrecs = 0;
	if (rc == 0)
		rc = forward(s, lay, &notes, desc_off, text.len, err);
	buf_free(&text);
	buf_free(&notes);
	return rc;
}

/* Hold records until the dump's headers, text and notes are there. */
static int collect(struct stream *s, const struct ext_entries *saved,
		   struct vie_error *err)
{
	struct amend_layout lay;
	struct vie_error e = { .source = "" };
	int64_t off, size;
	uint64_t got;
	char why[600];
	int rc;

	for (;;) {
		size_t at = s->hold.len;

		rc = stream_record_header(s, &off, &size, err);
		if (rc <= 0)
			return rc ? -1 : pass(s, "the stream ends before the "
					      "dump's note (cut short?)", err);
		if (off == -1 && size == -1)
			return pass(s, "the stream ends before the dump's note",
				    err);
		if (stream_record_bad(off, size))
			return pass(s, "a bad record before the dump's note",
				    err);
		if ((uint64_t)size > VIE_STREAM_HOLD_MAX - s->hold.len ||
		    s->nrecs == HOLD_RECS)
			return pass(s, "the dump's headers and note are not in "
				    "the first 16 MiB of the stream", err);
		if (stream_take(s, FLAT_RECORD_HEADER + (uint64_t)size, &s->hold,
			 false, &got, err))
			return -1;
		s->recs[s->nrecs++] = (struct held){ (uint64_t)off,
			got - FLAT_RECORD_HEADER, at };
		if (got < FLAT_RECORD_HEADER + (uint64_t)size) {
			s->rep->truncated = true;
			return pass(s, "the stream ends before the dump's note "
				    "(cut short?)", err);
		}
		if ((uint64_t)(off + size) > s->dump_end)
			s->dump_end = (uint64_t)(off + size);
		s->short_read = false;
		if (amend_layout_diskdump(&s->src, &lay, &e) == 0)
			break;
		amend_layout_free(&lay);
		if (s->short_read)
			continue;
		{
			unsigned char m[4];

			snprintf(why, sizeof(why), "%s", e.message);
			if (held_read(&s->src, m, 4, 0, &e) == 0 &&
			    elf_probe(m, 4))
				snprintf(why, sizeof(why), "an ELF core "
					 "(makedumpfile -E) cannot be amended: "
					 "no room for notes below its page "
					 "data");
		}
		return pass(s, why, err);
	}
	rc = decide(s, &lay, saved, err);
	amend_layout_free(&lay);
	return rc;
}

int amend_stream(int in_fd, int out_fd, const struct ext_entries *saved,
		 const char *pass_reason, struct stream_report *rep,
		 struct vie_error *err)
{
	struct stream s = { .in_fd = in_fd, .out_fd = out_fd, .rep = rep };
	size_t got;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	s.in = malloc(STREAM_IO_BUF);
	s.out = malloc(STREAM_IO_BUF);
	s.recs = calloc(HOLD_RECS, sizeof(*s.recs));
	if (!s.in || !s.out || !s.recs) {
		rc = vie_nomem(err);
		goto out;
	}
	s.src = (struct vie_src){ .fd = -1, .size = UINT64_MAX / 4,
				  .read = held_read, .ctx = &s };
	if (!saved) {
		rc = pass(&s, pass_reason ? pass_reason : "no saved values",
			  err);
	} else if (stream_fill(&s, FLAT_HEADER_SIZE, &got, err)) {
		rc = -1;
	} else if (got < FLAT_HEADER_SIZE || !flat_probe(s.in, got) ||
		   load_u64(s.in + 24, true) != 1) {
		/* Cut short only if what there is could begin a stream. */
		rep->truncated = got < FLAT_HEADER_SIZE &&
				 memcmp(s.in, FLAT_SIGNATURE, got <
					sizeof(FLAT_SIGNATURE) ? got :
					sizeof(FLAT_SIGNATURE)) == 0;
		rc = pass(&s, "not a flattened makedumpfile stream "
			  "(makedumpfile -F), version 1", err);
	} else {
		rc = stream_put(&s, s.in, FLAT_HEADER_SIZE, err);
		s.in_pos = FLAT_HEADER_SIZE;
		if (rc == 0)
			rc = collect(&s, saved, err);
	}
	if (rc == 0)
		rc = stream_flush_out(&s, err);
out:
	buf_free(&s.hold);
	free(s.recs);
	free(s.in);
	free(s.out);
	return rc;
}
