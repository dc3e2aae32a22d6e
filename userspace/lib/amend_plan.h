/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside amend: amend_layout.c knows where each format keeps its notes
 * and what to write to replace them; amend.c runs the writes in a safe
 * order and keeps the undo record.
 */
#ifndef VIE_AMEND_PLAN_H
#define VIE_AMEND_PLAN_H

#include "vie/amend.h"
#include "vie/diskdump.h"
#include "vie/dumpfile.h"
#include "vie/note.h"

enum amend_kind {
	AMEND_DISKDUMP = 1,	/* plain kdump-compressed */
	AMEND_FLAT_DISKDUMP,	/* kdump-compressed in a flattened stream */
	AMEND_ELF,		/* ELF core: notes in the gap below PT_LOAD */
};

#define AMEND_PATCH_MAX	48
#define AMEND_UNDO_SIZE	160

/*
 * The undo record (amend_record.c), AMEND_UNDO_SIZE bytes, little-endian:
 *    0 u32 kind   4 u32 patch_len   8 u64 original_size   16 u64 patch_at
 *   24 u64 end_marker_at (flattened)   32 u64 written_start
 *   40 u64 written_end   48 original[48]   96 amended[48]
 *  144 u32 CRC-32 of bytes 0-143   148 "VIE-AMEND-1\n"
 * It is also the amend record: the header bytes as they were tell where
 * the dump's own note still lies, and so which lines amend added.
 */
#define AMEND_UNDO_MAGIC	"VIE-AMEND-1\n"

struct undo_rec {
	uint32_t kind;
	uint32_t patch_len;
	uint64_t original_size, patch_at, end_marker_at;
	uint64_t written_start, written_end;
	unsigned char original[AMEND_PATCH_MAX], amended[AMEND_PATCH_MAX];
	uint64_t at;	/* where it was found */
};

void undo_encode(const struct undo_rec *u, unsigned char *b);
/* False unless the magic, the CRC and the sizes are right; *damaged is
 * set when the magic is there but the rest is not. */
bool undo_decode(const unsigned char *b, struct undo_rec *u, bool *damaged);

/* What the dump holds now, and where an amend may write. */
struct amend_layout {
	enum amend_kind kind;
	char *text;			/* the VMCOREINFO text now */
	size_t text_len;
	unsigned char *notes;		/* the notes that hold it */
	size_t notes_len;
	bool big_endian;
	struct note_loc loc;
	uint64_t undo_at;		/* where an undo record would be */
	/* kdump-compressed */
	struct diskdump_header dh;
	struct diskdump_sub_header sub;
	uint64_t dump_end;		/* new notes go at or after this */
	uint64_t end_marker_at;		/* flattened: the end marker */
	/* ELF */
	uint32_t phdr_index;
	uint64_t phdr_at;
	bool is_64;
	uint64_t used_end;		/* where the notes and headers end */
	uint64_t gap_start, gap_end;	/* [start, end): zero, unused */
	/* the in-place change */
	uint64_t patch_at;
	size_t patch_len;
	unsigned char patch_now[AMEND_PATCH_MAX];
};

/* The writes of one amend, in the order amend.c runs them. */
struct amend_writes {
	uint64_t data_at;		/* phase 1: new notes (+ more) */
	struct vie_buf data;
	uint64_t link_at;		/* flattened: record header that */
	unsigned char link[16];		/* replaces the end marker */
	bool has_link;
	unsigned char patch_new[AMEND_PATCH_MAX];	/* phase 2 */
	uint64_t written_start, written_end;	/* for the undo record */
	uint64_t original_size;
};

/*
 * A kdump-compressed dump read through src: the rules (header versions 4
 * to 6, not split, not incomplete, a VMCOREINFO note whose text is the
 * text at offset_vmcoreinfo), the notes, the text and the sub-header
 * bytes an amend rewrites (patch_at is the dump offset).  Used by
 * amend_layout_read() and by the streaming amend.
 */
int amend_layout_diskdump(const struct vie_src *src, struct amend_layout *lay,
			  struct vie_error *err);
/*
 * The merged text for the dump's note in lay: the note parsed leniently,
 * the saved file checked against it (saved_verify()), merged.  Fills
 * rep's added, added_keys, conflicts and warning.
 */
int amend_merge(const struct amend_layout *lay, const struct ext_entries *saved,
		struct vie_buf *text, struct amend_report *rep,
		struct vie_error *err);
/* Parse the dump's layout; refuse what cannot be amended safely. */
int amend_layout_read(const struct dumpfile *df, struct amend_layout *lay,
		      struct vie_error *err);
void amend_layout_free(struct amend_layout *lay);
/* The writes that make `text` the dump's VMCOREINFO (without the undo
 * record, which amend.c adds at lay->undo_at). */
int amend_layout_writes(const struct dumpfile *df,
			const struct amend_layout *lay, const char *text,
			size_t text_len, struct amend_writes *w,
			struct vie_error *err);

#endif /* VIE_AMEND_PLAN_H */
