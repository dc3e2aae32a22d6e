// SPDX-License-Identifier: GPL-2.0
/*
 * The amend record (the undo record of amend_plan.h): written by amend.c
 * and stream.c, read back by amend.c (undo, roll back) and here, where it
 * tells which lines of a dump's note amend added (vie/verify.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend_plan.h"
#include "vie/verify.h"

void undo_encode(const struct undo_rec *u, unsigned char *b)
{
	memset(b, 0, AMEND_UNDO_SIZE);
	store_u32(b, u->kind, false);
	store_u32(b + 4, u->patch_len, false);
	store_u64(b + 8, u->original_size, false);
	store_u64(b + 16, u->patch_at, false);
	store_u64(b + 24, u->end_marker_at, false);
	store_u64(b + 32, u->written_start, false);
	store_u64(b + 40, u->written_end, false);
	memcpy(b + 48, u->original, AMEND_PATCH_MAX);
	memcpy(b + 96, u->amended, AMEND_PATCH_MAX);
	store_u32(b + 144, vie_crc32(b, 144), false);
	memcpy(b + 148, AMEND_UNDO_MAGIC, 12);
}

bool undo_decode(const unsigned char *b, struct undo_rec *u, bool *damaged)
{
	bool magic = memcmp(b + 148, AMEND_UNDO_MAGIC, 12) == 0;

	if (damaged)
		*damaged = false;
	if (!magic || load_u32(b + 144, false) != vie_crc32(b, 144))
		goto bad;
	u->kind = load_u32(b, false);
	u->patch_len = load_u32(b + 4, false);
	u->original_size = load_u64(b + 8, false);
	u->patch_at = load_u64(b + 16, false);
	u->end_marker_at = load_u64(b + 24, false);
	u->written_start = load_u64(b + 32, false);
	u->written_end = load_u64(b + 40, false);
	memcpy(u->original, b + 48, AMEND_PATCH_MAX);
	memcpy(u->amended, b + 96, AMEND_PATCH_MAX);
	if (u->patch_len > 0 && u->patch_len <= AMEND_PATCH_MAX &&
	    u->written_start <= u->written_end)
		return true;
bad:
	if (damaged)
		*damaged = magic;
	return false;
}

const char *amend_state_name(enum amend_state state)
{
	switch (state) {
	case AMEND_RECORD_NONE:
		return "not amended";
	case AMEND_RECORD_INTACT:
		return "amend record intact";
	case AMEND_RECORD_INTERRUPTED:
		return "an amend was cut short (the dump reads as before it; "
		       "amend or amend --undo finishes it)";
	case AMEND_RECORD_CHANGED:
		return "amend record stale (the header changed since amend)";
	case AMEND_RECORD_DAMAGED:
		return "amend record damaged";
	}
	return "?";
}

/* The text of the note the header bytes `h` (as the record keeps them)
 * pointed at. */
static int original_text(const struct dumpfile *df,
			 const struct amend_layout *lay, const unsigned char *h,
			 char **text, size_t *len, struct vie_error *err)
{
	bool be = lay->big_endian, found;
	struct diskdump_file dd = { .src = &df->src, .hdr = lay->dh,
				    .sub = lay->sub };
	struct note_loc loc;
	unsigned char *seg;
	uint64_t off, size;

	if (lay->kind != AMEND_ELF) {
		dd.sub.offset_vmcoreinfo = load_u64(h, be);
		dd.sub.size_vmcoreinfo = load_u64(h + 8, be);
		if (!dd.sub.size_vmcoreinfo ||
		    dd.sub.size_vmcoreinfo > VIE_MAX_NOTE_TEXT ||
		    !vie_range_in(dd.sub.offset_vmcoreinfo,
				  dd.sub.size_vmcoreinfo, df->src.size))
			return vie_fail(err, "it points at no note");
		return diskdump_read_vmcoreinfo(&dd, text, len, err);
	}
	off = lay->is_64 ? load_u64(h, be) : load_u32(h, be);
	size = lay->is_64 ? load_u64(h + 24, be) : load_u32(h + 12, be);
	if (!size || size > VIE_MAX_NOTE_SEGMENT ||
	    !vie_range_in(off, size, df->src.size))
		return vie_fail(err, "it points at no note");
	seg = malloc((size_t)size);
	if (!seg)
		return vie_nomem(err);
	if (vie_src_read(&df->src, seg, (size_t)size, off, err) ||
	    note_find_vmcoreinfo(seg, (size_t)size, be, &loc, &found, err) ||
	    (!found && vie_fail(err, "no VMCOREINFO note where it points"))) {
		free(seg);
		return -1;
	}
	*text = malloc(loc.desc_len ? loc.desc_len : 1);
	if (*text)
		memcpy(*text, seg + loc.desc_off, loc.desc_len);
	*len = loc.desc_len;
	free(seg);
	return *text ? 0 : vie_nomem(err);
}

/* Every line of the note before amend is still there, in its place. */
static bool note_kept(const struct vmcoreinfo *before,
		      const struct vmcoreinfo *now)
{
	size_t i;

	if (before->count > now->count)
		return false;
	for (i = 0; i < before->count; i++) {
		const struct vmci_entry *a = &before->entries[i];
		const struct vmci_entry *b = &now->entries[i];

		if (!a->key != !b->key || (a->key && strcmp(a->key, b->key)) ||
		    strcmp(a->value, b->value))
			return false;
	}
	return true;
}

static int read_record(const struct dumpfile *df, const struct amend_layout *lay,
		       const struct vmcoreinfo *now, struct amend_info *ai,
		       struct vie_error *err)
{
	unsigned char b[AMEND_UNDO_SIZE];
	struct vie_error e = { .source = "" };
	struct undo_rec u;
	char *text = NULL;
	size_t len = 0;
	bool damaged;

	if (!lay->undo_at || lay->undo_at + AMEND_UNDO_SIZE > df->file_size)
		return 0;
	if (vie_pread_all(df->fd, b, sizeof(b), lay->undo_at, err))
		return -1;
	if (!undo_decode(b, &u, &damaged) || u.kind != (uint32_t)lay->kind) {
		if (damaged) {
			ai->state = AMEND_RECORD_DAMAGED;
			snprintf(ai->detail, sizeof(ai->detail), "its checksum "
				 "or sizes are wrong");
		}
		return 0;
	}
	if (u.patch_len != lay->patch_len) {
		ai->state = AMEND_RECORD_DAMAGED;
		snprintf(ai->detail, sizeof(ai->detail), "it keeps %u header "
			 "bytes, the dump's header has %zu", u.patch_len,
			 lay->patch_len);
		return 0;
	}
	if (memcmp(lay->patch_now, u.original, u.patch_len) == 0) {
		ai->state = AMEND_RECORD_INTERRUPTED;
		return 0;
	}
	if (memcmp(lay->patch_now, u.amended, u.patch_len) != 0) {
		ai->state = AMEND_RECORD_CHANGED;
		snprintf(ai->detail, sizeof(ai->detail), "the header bytes are "
			 "neither those amend wrote nor those it replaced");
		return 0;
	}
	ai->state = AMEND_RECORD_DAMAGED;
	if (original_text(df, lay, u.original, &text, &len, &e)) {
		if (e.kind == VIE_ERR_NOMEM || e.kind == VIE_ERR_OS)
			return vie_fail_kind(err, e.kind, "%s", e.message);
		snprintf(ai->detail, sizeof(ai->detail), "the note before amend: "
			 "%s", e.message);
		return 0;
	}
	if (vmcoreinfo_parse(text, len, VMCI_LENIENT, &ai->original, &e)) {
		snprintf(ai->detail, sizeof(ai->detail), "the note before amend: "
			 "%s", e.message);
	} else if (!note_kept(&ai->original, now)) {
		snprintf(ai->detail, sizeof(ai->detail), "the note now does not "
			 "begin with the note before amend");
		vmcoreinfo_free(&ai->original);
	} else {
		ai->state = AMEND_RECORD_INTACT;
	}
	free(text);
	return 0;
}

int dump_amend_info(const struct dumpfile *df, const struct vmcoreinfo *now,
		    struct amend_info *ai, struct vie_error *err)
{
	struct vie_error e = { .source = "" };
	struct amend_layout lay;
	int rc;

	memset(ai, 0, sizeof(*ai));
	if (df->format != DUMP_ELF && df->format != DUMP_DISKDUMP)
		return 0;
	/* A dump amend would refuse was never amended by it. */
	if (amend_layout_read(df, &lay, &e)) {
		amend_layout_free(&lay);
		if (e.kind == VIE_ERR_NOMEM || e.kind == VIE_ERR_OS)
			return vie_fail_kind(err, e.kind, "%s", e.message);
		return 0;
	}
	rc = read_record(df, &lay, now, ai, err);
	amend_layout_free(&lay);
	return rc;
}

void amend_info_free(struct amend_info *ai)
{
	vmcoreinfo_free(&ai->original);
	ai->state = AMEND_RECORD_NONE;
}

bool amend_info_added(const struct amend_info *ai, const struct vmci_entry *e)
{
	return ai->state == AMEND_RECORD_INTACT && e->key &&
	       !vmcoreinfo_find(&ai->original, e->key);
}
