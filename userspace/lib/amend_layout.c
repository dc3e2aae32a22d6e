// SPDX-License-Identifier: GPL-2.0
/*
 * Where each dump format keeps its VMCOREINFO and what an amend writes
 * (see vie/amend.h for the rules, amend_plan.h for the interface).
 *
 * kdump-compressed: crash reads the notes at offset_note and the text at
 * offset_vmcoreinfo (diskdump.c), makedumpfile too; when it re-filters a
 * kdump-compressed dump, makedumpfile 1.7 keeps the text at
 * offset_vmcoreinfo - offset_note inside the notes it copies.  So the
 * new notes, with the merged text as the VMCOREINFO note's descriptor,
 * go after the end of the dump, and the four sub-header fields that
 * point at them are the one in-place change (bitmaps and page data are
 * found through sub_hdr_size, which does not change).
 *
 * Flattened: the new notes are one more record, written after the end
 * marker with a new end marker after it; the old end marker becomes its
 * record header.  The sub-header fields are changed inside the one
 * record that holds them (crash looks records up by offset, so a second
 * record for the same bytes would be ambiguous to it).
 *
 * ELF: crash 8.0.2 reads an ELF dump's notes from the bytes below its
 * lowest PT_LOAD offset only, so the new PT_NOTE must lie there: in the
 * zero gap a copy of /proc/vmcore has before its page-aligned first
 * PT_LOAD.  makedumpfile -E leaves no gap: refused.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "amend_plan.h"
#include "vie/elf.h"

#define refuse(err, ...) vie_fail_kind(err, VIE_ERR_REFUSED, __VA_ARGS__)

int amend_layout_diskdump(const struct vie_src *src, struct amend_layout *lay,
			  struct vie_error *err)
{
	struct diskdump_file dd;
	bool found;
	size_t n;

	memset(lay, 0, sizeof(*lay));
	if (diskdump_open(&dd, src, err))
		return -1;
	lay->dh = dd.hdr;
	lay->sub = dd.sub;
	lay->big_endian = dd.hdr.big_endian;
	if (dd.hdr.header_version < 4 || dd.hdr.header_version > 6)
		return refuse(err, "kdump header version %d: amend knows "
			      "versions 4 to 6 (makedumpfile 1.6 and 1.7)",
			      dd.hdr.header_version);
	if (dd.sub.split)
		return refuse(err, "a split dump (makedumpfile --split) "
			      "cannot be amended");
	if (dd.hdr.status & DUMP_DH_COMPRESSED_INCOMPLETE)
		return refuse(err, "the dump is marked incomplete (makedumpfile "
			      "could not write all of it): not amended");
	if (diskdump_read_notes(&dd, &lay->notes, &lay->notes_len, err) ||
	    note_find_vmcoreinfo(lay->notes, lay->notes_len, lay->big_endian,
				 &lay->loc, &found, err))
		return -1;
	if (!found)
		return refuse(err, "the dump's notes hold no VMCOREINFO note");
	if (diskdump_read_vmcoreinfo(&dd, &lay->text, &lay->text_len, err))
		return -1;
	/* Both copies must say the same, or which one is the kernel's? */
	n = lay->loc.desc_len;
	while (n > 0 && lay->notes[lay->loc.desc_off + n - 1] == '\0')
		n--;
	if (n != lay->text_len ||
	    memcmp(lay->notes + lay->loc.desc_off, lay->text, n) != 0)
		return refuse(err, "the dump's VMCOREINFO text and its "
			      "VMCOREINFO note differ: not amended");
	lay->patch_len = DISKDUMP_SUB_NOTE_FIELDS_LEN;
	lay->patch_at = (uint64_t)dd.hdr.block_size + DISKDUMP_SUB_NOTE_FIELDS;
	return vie_src_read(src, lay->patch_now, lay->patch_len,
			    lay->patch_at, err);
}

static int layout_diskdump(const struct dumpfile *df, struct amend_layout *lay,
			   struct vie_error *err)
{
	if (amend_layout_diskdump(&df->src, lay, err))
		return -1;
	if (df->flattened) {
		lay->kind = AMEND_FLAT_DISKDUMP;
		lay->dump_end = df->flat.dump_size;
		lay->end_marker_at = df->flat.end_at;
		if (flat_locate(&df->flat, lay->patch_at, lay->patch_len,
				&lay->patch_at, err))
			return vie_prefix(err, "the kdump sub-header");
	} else {
		lay->kind = AMEND_DISKDUMP;
		lay->dump_end = df->file_size;
	}
	if (df->file_size >= AMEND_UNDO_SIZE)
		lay->undo_at = df->file_size - AMEND_UNDO_SIZE;
	return 0;
}

static void occupy(uint64_t *end, uint64_t off, uint64_t len, uint64_t below)
{
	if (off < below && off + len > *end)
		*end = off + len;
}

static int layout_elf(const struct dumpfile *df, struct amend_layout *lay,
		      struct vie_error *err)
{
	struct elf_note_seg ns;
	struct elf_file ef;
	uint64_t low = UINT64_MAX, end;
	const struct elf_info *in;
	bool found;
	uint32_t i;

	if (df->flattened)
		return refuse(err, "an ELF core in a flattened stream cannot "
			      "be amended (makedumpfile -E leaves no room for "
			      "notes below its page data)");
	if (elf_file_open(&ef, &df->src, err))
		return -1;
	if (elf_file_note_segment(&ef, &ns, &found, err)) {
		elf_file_close(&ef);
		return -1;
	}
	if (!found) {
		elf_file_close(&ef);
		return vie_fail_kind(err, VIE_ERR_ABSENT, "ELF file has no "
				     "VMCOREINFO note");
	}
	in = &ef.info;
	lay->kind = AMEND_ELF;
	lay->notes = ns.data;
	lay->notes_len = ns.len;
	lay->loc = ns.loc;
	lay->big_endian = in->big_endian;
	lay->is_64 = in->is_64;
	lay->phdr_index = ns.index;
	lay->phdr_at = in->phoff + (uint64_t)ns.index * in->phentsize;
	for (i = 0; i < in->phnum; i++)
		if (ef.segs[i].type == VIE_PT_LOAD && ef.segs[i].filesz &&
		    ef.segs[i].offset < low)
			low = ef.segs[i].offset;
	/* Everything the file holds below the first PT_LOAD. */
	end = in->is_64 ? 64 : 52;
	occupy(&end, in->phoff, (uint64_t)in->phnum * in->phentsize, low);
	if (in->shoff)
		occupy(&end, in->shoff, (uint64_t)(in->shnum ? in->shnum : 1) *
		       in->shentsize, low);
	for (i = 0; i < in->phnum; i++)
		if (ef.segs[i].type != VIE_PT_LOAD)
			occupy(&end, ef.segs[i].offset, ef.segs[i].filesz,
			       low);
	elf_file_close(&ef);
	if (low == UINT64_MAX)
		return refuse(err, "the ELF core has no PT_LOAD with data");
	lay->used_end = end;
	lay->gap_start = vie_align(end, 8);
	lay->gap_end = low;
	if (low >= AMEND_UNDO_SIZE)
		lay->undo_at = low - AMEND_UNDO_SIZE;
	lay->text = malloc(lay->loc.desc_len);
	if (!lay->text)
		return vie_nomem(err);
	memcpy(lay->text, lay->notes + lay->loc.desc_off, lay->loc.desc_len);
	lay->text_len = lay->loc.desc_len;
	lay->patch_at = lay->phdr_at + (in->is_64 ? 8 : 4);
	lay->patch_len = in->is_64 ? 40 : 20;	/* p_offset .. p_memsz */
	return vie_src_read(&df->src, lay->patch_now, lay->patch_len,
			    lay->patch_at, err);
}

int amend_layout_read(const struct dumpfile *df, struct amend_layout *lay,
		      struct vie_error *err)
{
	memset(lay, 0, sizeof(*lay));
	switch (df->format) {
	case DUMP_DISKDUMP:
		return layout_diskdump(df, lay, err);
	case DUMP_ELF:
		return layout_elf(df, lay, err);
	case DUMP_NOTE:
	case DUMP_TEXT:
		break;
	}
	return refuse(err, "a %s is not a dump: amend works on "
		      "kdump-compressed dumps and ELF cores",
		      dumpfile_describe(df));
}

void amend_layout_free(struct amend_layout *lay)
{
	free(lay->text);
	free(lay->notes);
	memset(lay, 0, sizeof(*lay));
}

/* Are len bytes of the file at off all zero? */
static int all_zero(const struct dumpfile *df, uint64_t off, uint64_t len,
		    bool *zero, struct vie_error *err)
{
	unsigned char buf[4096];

	*zero = true;
	while (len > 0 && *zero) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf), i;

		if (vie_pread_all(df->fd, buf, n, off, err))
			return -1;
		for (i = 0; i < n; i++)
			if (buf[i])
				*zero = false;
		off += n;
		len -= n;
	}
	return 0;
}

static int writes_elf(const struct dumpfile *df,
		      const struct amend_layout *lay, struct amend_writes *w,
		      struct vie_error *err)
{
	uint64_t n = w->data.len;
	bool z1, z2;

	w->data_at = lay->gap_start;
	if (lay->undo_at < lay->gap_start || n > lay->undo_at - lay->gap_start)
		return refuse(err, "no room below the first PT_LOAD for the "
			      "merged notes (%" PRIu64 " bytes and a %d-byte "
			      "undo record needed; the notes end at 0x%" PRIx64
			      ", the first PT_LOAD starts at 0x%" PRIx64 "); "
			      "makedumpfile -E leaves no room: amend "
			      "kdump-compressed dumps", n, AMEND_UNDO_SIZE,
			      lay->used_end, lay->gap_end);
	if (all_zero(df, lay->gap_start, n, &z1, err) ||
	    all_zero(df, lay->undo_at, AMEND_UNDO_SIZE, &z2, err))
		return -1;
	if (!z1 || !z2)
		return refuse(err, "the bytes below the first PT_LOAD "
			      "(0x%" PRIx64 "-0x%" PRIx64 ") are not zero: "
			      "something else may live there", lay->gap_start,
			      lay->gap_end);
	memcpy(w->patch_new, lay->patch_now, lay->patch_len);
	if (lay->is_64) {
		store_u64(w->patch_new, w->data_at, lay->big_endian);
		store_u64(w->patch_new + 24, n, lay->big_endian);
		store_u64(w->patch_new + 32, n, lay->big_endian);
	} else {
		store_u32(w->patch_new, (uint32_t)w->data_at, lay->big_endian);
		store_u32(w->patch_new + 12, (uint32_t)n, lay->big_endian);
		store_u32(w->patch_new + 16, (uint32_t)n, lay->big_endian);
	}
	w->written_start = w->data_at;
	w->written_end = w->data_at + n;
	return 0;
}

int amend_layout_writes(const struct dumpfile *df,
			const struct amend_layout *lay, const char *text,
			size_t text_len, struct amend_writes *w,
			struct vie_error *err)
{
	static const unsigned char zeros[8];
	uint64_t at = vie_align(lay->dump_end, 8), n;
	size_t desc_off;
	struct vie_buf notes = { 0 };

	memset(w, 0, sizeof(*w));
	w->original_size = df->file_size;
	note_replace_vmcoreinfo(&notes, lay->notes, lay->notes_len,
				lay->big_endian, &lay->loc, text, text_len,
				&desc_off);
	if (notes.failed) {
		buf_free(&notes);
		return vie_nomem(err);
	}
	n = notes.len;
	switch (lay->kind) {
	case AMEND_ELF:
		w->data = notes;
		return writes_elf(df, lay, w, err);
	case AMEND_DISKDUMP:
		w->data_at = df->file_size;
		buf_append(&w->data, zeros, (size_t)(at - df->file_size));
		buf_append(&w->data, notes.data, notes.len);
		break;
	case AMEND_FLAT_DISKDUMP: {
		unsigned char end[FLAT_RECORD_HEADER];

		if (df->file_size != lay->end_marker_at + FLAT_RECORD_HEADER) {
			buf_free(&notes);
			return refuse(err, "bytes after the flattened stream's "
				      "end marker: not amended");
		}
		w->data_at = lay->end_marker_at + FLAT_RECORD_HEADER;
		buf_append(&w->data, notes.data, notes.len);
		flat_encode_record(end, -1, -1);
		buf_append(&w->data, end, sizeof(end));
		w->has_link = true;
		w->link_at = lay->end_marker_at;
		flat_encode_record(w->link, (int64_t)at, (int64_t)n);
		break;
	}
	}
	buf_free(&notes);
	if (w->data.failed)
		return vie_nomem(err);
	diskdump_encode_note_fields(&lay->dh, at + desc_off, text_len, at, n,
				    w->patch_new);
	w->written_start = w->has_link ? w->link_at : w->data_at;
	w->written_end = w->data_at + w->data.len;
	return 0;
}
