/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amend: make a dump's own VMCOREINFO the merged note, so that every
 * reader of the dump (crash, libkdumpfile, drgn, makedumpfile) sees the
 * entries the kernel lacked.
 *
 * A dump is the most precious file on the machine, so page data is never
 * moved or rewritten.  The new notes go where nothing of the dump lies
 * (after its end; for an ELF core, in the zero gap below its first
 * PT_LOAD, where crash reads notes), with an undo record; they are
 * synced; only then one small in-place write of the header fields that
 * point at the notes makes them visible, synced again.  Cut short at any
 * point the dump reads as before or as amended.  The undo record keeps
 * the header bytes as they were: --undo restores the file exactly, and
 * a later amend or undo finishes or rolls back an interrupted one.
 *
 * Supported: kdump-compressed dumps (header versions 4-6, as makedumpfile
 * 1.6 and 1.7 write them), plain or flattened (-F), and ELF cores with
 * room below the first PT_LOAD (a copy of /proc/vmcore; makedumpfile -E
 * leaves none).  Everything else is refused with the reason, untouched.
 */
#ifndef VIE_AMEND_H
#define VIE_AMEND_H

#include "vie/saved.h"

enum amend_outcome {
	AMEND_DONE,		/* the note now carries the entries */
	AMEND_ALREADY,		/* nothing to add: file unchanged */
	AMEND_UNDONE,		/* --undo: the original bytes are back */
	AMEND_NOT_AMENDED,	/* --undo on a dump with no undo record */
};

struct amend_report {
	enum amend_outcome outcome;
	const char *format;		/* "kdump-compressed dump", ... */
	bool dry_run;
	bool rolled_back;		/* an interrupted amend/undo was
					 * finished first */
	size_t added;			/* entries added */
	char added_keys[512];		/* "NUMBER(a) NUMBER(b)" */
	size_t conflicts;		/* module values the kernel's overrode */
	uint64_t bytes_written;		/* or that would be written */
	char detail[512];		/* where, for people */
	char warning[512];		/* "" or one line */
};

/* Amend DUMP with a saved file (identity-checked against the dump). */
int amend_dump(const char *path, const struct ext_entries *saved,
	       bool dry_run, struct amend_report *rep, struct vie_error *err);
/* Restore DUMP as it was before amend. */
int amend_undo(const char *path, bool dry_run, struct amend_report *rep,
	       struct vie_error *err);

#endif /* VIE_AMEND_H */
