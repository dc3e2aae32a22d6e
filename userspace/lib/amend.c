// SPDX-License-Identifier: GPL-2.0
/*
 * The amend engine (see vie/amend.h): the undo record, the order of the
 * writes, finishing or rolling back an interrupted amend, and --undo.
 *
 * The undo record (amend_record.c) goes where amend_layout says: the end
 * of the file; for ELF the end of the gap below PT_LOAD.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

#include "amend_plan.h"
#include "vie/amend.h"
#include "vie/flat.h"
#include "vie/merge.h"

enum dump_state { FRESH, AMENDED, INTERRUPTED };

/* Is there an undo record, and what state does the header show? */
static int dump_state(const struct dumpfile *df, const struct amend_layout *lay,
		      struct undo_rec *u, enum dump_state *st,
		      struct vie_error *err)
{
	unsigned char b[AMEND_UNDO_SIZE], now[AMEND_PATCH_MAX];

	*st = FRESH;
	if (!lay->undo_at || lay->undo_at + AMEND_UNDO_SIZE > df->file_size)
		return 0;
	if (vie_pread_all(df->fd, b, sizeof(b), lay->undo_at, err))
		return -1;
	if (!undo_decode(b, u, NULL) || u->kind != (uint32_t)lay->kind)
		return 0;
	u->at = lay->undo_at;
	if (u->patch_at > df->file_size ||
	    vie_pread_all(df->fd, now, u->patch_len, u->patch_at, err))
		return -1;
	if (memcmp(now, u->amended, u->patch_len) == 0)
		*st = AMENDED;
	else if (memcmp(now, u->original, u->patch_len) == 0)
		*st = INTERRUPTED;
	else
		return vie_fail_kind(err, VIE_ERR_REFUSED, "the header at "
				     "0x%" PRIx64 " changed since vmcoreinfo-"
				     "ext amended the dump: not touching it",
				     u->patch_at);
	return 0;
}

/* The header shows the original bytes: remove what the amend added. */
static int roll_back(int fd, const struct undo_rec *u, struct vie_error *err)
{
	static const unsigned char zeros[4096];
	unsigned char end[FLAT_RECORD_HEADER];
	uint64_t off;

	switch (u->kind) {
	case AMEND_FLAT_DISKDUMP:
		flat_encode_record(end, -1, -1);
		if (vie_pwrite_all(fd, end, sizeof(end), u->end_marker_at,
				   err) || vie_fsync(fd, err))
			return -1;
		/* fall through */
	case AMEND_DISKDUMP:
		return vie_ftruncate(fd, u->original_size, err) ||
		       vie_fsync(fd, err);
	case AMEND_ELF:
		for (off = u->written_start; off < u->written_end;
		     off += sizeof(zeros)) {
			uint64_t n = u->written_end - off;

			if (vie_pwrite_all(fd, zeros, n < sizeof(zeros) ?
					   (size_t)n : sizeof(zeros), off, err))
				return -1;
		}
		if (vie_pwrite_all(fd, zeros, AMEND_UNDO_SIZE, u->at, err))
			return -1;
		return vie_fsync(fd, err);
	}
	return vie_fail(err, "undo record of unknown kind %u", u->kind);
}

static int open_dump(const char *path, bool dry_run, struct dumpfile *df,
		     struct amend_layout *lay, struct vie_error *err)
{
	if (dumpfile_open(df, path, dry_run ? O_RDONLY : O_RDWR, err))
		return -1;
	if (!dry_run && flock(df->fd, LOCK_EX | LOCK_NB)) {
		vie_fail_os(err, errno, "cannot lock the dump (another "
			    "vmcoreinfo-ext at work on it?)");
		dumpfile_close(df);
		return -1;
	}
	if (amend_layout_read(df, lay, err)) {
		amend_layout_free(lay);
		dumpfile_close(df);
		return -1;
	}
	return 0;
}

static void close_dump(struct dumpfile *df, struct amend_layout *lay)
{
	amend_layout_free(lay);
	dumpfile_close(df);
}

/* Open, and finish an interrupted amend or undo by rolling it back. */
static int open_settled(const char *path, bool dry_run, struct dumpfile *df,
			struct amend_layout *lay, struct undo_rec *u,
			enum dump_state *st, struct amend_report *rep,
			struct vie_error *err)
{
	if (open_dump(path, dry_run, df, lay, err))
		return -1;
	rep->format = dumpfile_describe(df);
	if (dump_state(df, lay, u, st, err))
		goto fail;
	if (*st != INTERRUPTED)
		return 0;
	rep->rolled_back = true;
	if (dry_run)
		return 0;
	if (roll_back(df->fd, u, err))
		goto fail;
	close_dump(df, lay);
	if (open_dump(path, dry_run, df, lay, err))
		return -1;
	*st = FRESH;
	return 0;
fail:
	close_dump(df, lay);
	return -1;
}

static void note_added(const struct merged *m, struct amend_report *rep)
{
	size_t i, used;

	for (i = 0; i < m->count; i++) {
		if (m->entries[i].origin == ORIGIN_KERNEL)
			continue;
		used = strlen(rep->added_keys);
		snprintf(rep->added_keys + used, sizeof(rep->added_keys) - used,
			 "%s%s", used ? " " : "", m->entries[i].key);
	}
	rep->added = m->added;
	rep->conflicts = m->conflict_count;
}

int amend_merge(const struct amend_layout *lay, const struct ext_entries *saved,
		struct vie_buf *text, struct amend_report *rep,
		struct vie_error *err)
{
	struct vmcoreinfo kernel;
	struct merged m;
	int rc;

	if (vmcoreinfo_parse(lay->text, lay->text_len,
			     VMCI_LENIENT | VMCI_REQUIRE_OSRELEASE, &kernel,
			     err))
		return -1;
	if (kernel.malformed)
		snprintf(rep->warning, sizeof(rep->warning), "kept %zu "
			 "malformed line(s) of the dump's note verbatim "
			 "(first: %s)", kernel.malformed, kernel.first_problem);
	rc = saved_verify(&kernel, saved, NULL, err);
	if (rc == 0)
		rc = merge_vmcoreinfo(&kernel, &saved->vi, NULL, &m, err);
	if (rc == 0) {
		note_added(&m, rep);
		merged_text(&m, text);
		merged_free(&m);
		if (text->failed)
			rc = vie_nomem(err);
		else if (text->len > VIE_MAX_NOTE_TEXT)
			rc = vie_fail_kind(err, VIE_ERR_REFUSED, "the merged "
					   "note would be too large");
	}
	vmcoreinfo_free(&kernel);
	return rc;
}

/*
 * The undo record first, so that from the first byte written on an
 * interrupted amend is rolled back by the next run; then the new data;
 * flattened: the record header that replaces the end marker; then the
 * header bytes.  A sync after each step keeps that order on disk.
 */
static int run_writes(const struct dumpfile *df, const struct amend_layout *lay,
		      const struct amend_writes *w, const struct undo_rec *u,
		      struct vie_error *err)
{
	struct vie_error ignore = { .source = "" };
	unsigned char undo[AMEND_UNDO_SIZE];

	undo_encode(u, undo);
	if (vie_pwrite_all(df->fd, undo, sizeof(undo), u->at, err) ||
	    vie_fsync(df->fd, err) ||
	    vie_pwrite_all(df->fd, w->data.data, w->data.len, w->data_at,
			   err) ||
	    vie_fsync(df->fd, err))
		goto roll_back;
	if (w->has_link &&
	    (vie_pwrite_all(df->fd, w->link, sizeof(w->link), w->link_at,
			    err) || vie_fsync(df->fd, err)))
		goto roll_back;
	if (vie_pwrite_all(df->fd, w->patch_new, lay->patch_len, lay->patch_at,
			   err))
		goto roll_back;
	if (vie_fsync(df->fd, err))
		return vie_prefix(err, "after the header update (the dump "
				  "reads as amended or as before; run amend "
				  "again to finish, or --undo)");
	return 0;
roll_back:
	/* Nothing points at the new data yet: take it away again. */
	roll_back(df->fd, u, &ignore);
	return -1;
}

int amend_dump(const char *path, const struct ext_entries *saved,
	       bool dry_run, struct amend_report *rep, struct vie_error *err)
{
	struct vie_buf text = { 0 };
	struct amend_layout lay;
	struct amend_writes w = { .data = { 0 } };
	struct undo_rec u = { 0 };
	struct dumpfile df;
	enum dump_state st;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	rep->dry_run = dry_run;
	if (open_settled(path, dry_run, &df, &lay, &u, &st, rep, err))
		goto out_err;
	if (amend_merge(&lay, saved, &text, rep, err))
		goto out;
	if (rep->added == 0) {
		rep->outcome = AMEND_ALREADY;
		rc = 0;
		goto out;
	}
	if (st == AMENDED) {
		vie_fail_kind(err, VIE_ERR_REFUSED, "amended earlier without "
			      "%s: run amend --undo first", rep->added_keys);
		goto out;
	}
	if (amend_layout_writes(&df, &lay, text.data, text.len, &w, err))
		goto out;
	/* The undo record: after the new data, or at the end of the gap. */
	u = (struct undo_rec){ .kind = lay.kind, .patch_len =
			       (uint32_t)lay.patch_len, .original_size =
			       w.original_size, .patch_at = lay.patch_at,
			       .end_marker_at = lay.end_marker_at,
			       .written_start = w.written_start,
			       .written_end = w.written_end };
	u.at = lay.kind == AMEND_ELF ? lay.undo_at
				     : w.data_at + vie_align(w.data.len, 8);
	memcpy(u.original, lay.patch_now, lay.patch_len);
	memcpy(u.amended, w.patch_new, lay.patch_len);
	rep->outcome = AMEND_DONE;
	rep->bytes_written = w.data.len + lay.patch_len + AMEND_UNDO_SIZE +
			     (w.has_link ? sizeof(w.link) : 0);
	snprintf(rep->detail, sizeof(rep->detail), "new notes at 0x%" PRIx64
		 " (%" PRIu64 " bytes), header bytes 0x%" PRIx64 "-0x%" PRIx64
		 " rewritten%s", lay.kind == AMEND_DISKDUMP ?
		 vie_align(w.data_at, 8) : w.data_at, (uint64_t)w.data.len,
		 lay.patch_at, lay.patch_at + lay.patch_len, w.has_link ?
		 ", one record added to the stream" : "");
	rc = dry_run ? 0 : run_writes(&df, &lay, &w, &u, err);
out:
	buf_free(&w.data);
	buf_free(&text);
	close_dump(&df, &lay);
out_err:
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}

int amend_undo(const char *path, bool dry_run, struct amend_report *rep,
	       struct vie_error *err)
{
	struct amend_layout lay;
	struct undo_rec u = { 0 };
	struct dumpfile df;
	enum dump_state st;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	rep->dry_run = dry_run;
	if (open_settled(path, dry_run, &df, &lay, &u, &st, rep, err)) {
		vie_error_set_source(err, path);
		return -1;
	}
	rep->outcome = AMEND_NOT_AMENDED;
	if (st == AMENDED) {
		rep->outcome = AMEND_UNDONE;
		rep->bytes_written = u.patch_len;
		snprintf(rep->detail, sizeof(rep->detail), "header bytes 0x%"
			 PRIx64 "-0x%" PRIx64 " restored, file back to %"
			 PRIu64 " bytes", u.patch_at, u.patch_at + u.patch_len,
			 u.original_size);
		if (!dry_run)
			rc = vie_pwrite_all(df.fd, u.original, u.patch_len,
					    u.patch_at, err) ||
			     vie_fsync(df.fd, err) || roll_back(df.fd, &u, err);
	}
	close_dump(&df, &lay);
	if (rc)
		vie_error_set_source(err, path);
	return rc ? -1 : 0;
}
