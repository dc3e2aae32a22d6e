/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF notes: a 12-byte header (n_namesz, n_descsz, n_type, the same in
 * ELF32 and ELF64), the name padded to 4 bytes, the descriptor padded to
 * 4 bytes.  VMCOREINFO is named "VMCOREINFO" (n_namesz 11 with the NUL),
 * type 0, and the kernel puts an all-zero note header after it (final_note()
 * in kernel/crash_core.c, kernel/vmcore_info.c since v6.9).
 */
#ifndef VIE_NOTE_H
#define VIE_NOTE_H

#include "vie/util.h"

/* Where the VMCOREINFO note lies in a buffer of notes. */
struct note_loc {
	size_t note_off;	/* its header */
	size_t desc_off;	/* its descriptor (the text) */
	size_t desc_len;	/* n_descsz */
	size_t end_off;		/* the next note (padding included) */
	uint32_t type;		/* n_type */
};

/*
 * Walk the notes in buf (a PT_NOTE segment, a kdump file's notes, or
 * /sys/kernel/notes) up to the first one named `name` (n_namesz
 * strlen(name) + 1) whose type is want_type (or any, if any_type).  Sets
 * *found and, if found, *loc.  Malformed notes (overrunning sizes,
 * truncated headers, an empty name) before it are errors naming the
 * note's index; an all-zero header ends the walk.
 */
int note_find(const void *buf, size_t len, bool big_endian, const char *name,
	      bool any_type, uint32_t want_type, struct note_loc *loc,
	      bool *found, struct vie_error *err);

/* The VMCOREINFO note: note_find(), and its text within the limits. */
int note_find_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			 struct note_loc *loc, bool *found,
			 struct vie_error *err);

/*
 * Check a VMCOREINFO note read from memory (the kernel's own buffer of
 * `len` bytes, or a bare note file): header, name, descsz within the
 * buffer; then copy its text (malloc'ed, not NUL-terminated).
 */
int note_copy_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			 char **text, size_t *text_len, struct vie_error *err);

/* Lay out text as the kernel does: Nhdr, name, text, a final empty note
 * (host byte order). */
void note_build_vmcoreinfo(struct vie_buf *out, const char *text,
			   size_t text_len);

/*
 * The notes of `notes` with the VMCOREINFO note at `loc` carrying `text`
 * instead, every other note unchanged and in place order; *desc_off is
 * where the new text starts in `out`.
 */
void note_replace_vmcoreinfo(struct vie_buf *out, const void *notes,
			     size_t len, bool big_endian,
			     const struct note_loc *loc, const char *text,
			     size_t text_len, size_t *desc_off);

#endif /* VIE_NOTE_H */
