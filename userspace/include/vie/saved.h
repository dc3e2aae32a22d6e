/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's entries: its sysfs "vmcoreinfo" file (NUMBER() lines), or
 * a saved file (vmcoreinfo-ext save), which carries them from the first
 * kernel to a dump of that boot together with the boot's identity:
 *
 *   # vmcoreinfo-ext saved values
 *   OSRELEASE=...              the identity keys (saved_identity_keys):
 *   BUILD-ID=...               copied from the running kernel's note
 *                              (BUILD-ID: from /sys/kernel/notes where
 *                              the note lacks it, before 5.9),
 *   KERNELOFFSET=...           checked against the dump's note
 *   SYMBOL(mem_section)=...
 *   NUMBER(...)=...            the module's values
 */
#ifndef VIE_SAVED_H
#define VIE_SAVED_H

#include "vie/vmcoreinfo.h"

#define VIE_SAVED_MARKER	"# vmcoreinfo-ext saved values"

struct ext_entries {
	struct vmcoreinfo vi;	/* origin ORIGIN_MODULE */
	bool saved_file;	/* starts with VIE_SAVED_MARKER */
};

/* The identity keys of a saved file, NULL-terminated. */
extern const char *const saved_identity_keys[];

/* Parse a module vmcoreinfo file or a saved file (strict). */
int ext_parse(const void *buf, size_t len, struct ext_entries *ext,
	      struct vie_error *err);
void ext_free(struct ext_entries *ext);
/*
 * Refuse a saved file that belongs to another boot than the note.
 * build_id (or NULL): the running kernel's, from /sys/kernel/notes, for
 * a live note that lacks BUILD-ID.
 */
int saved_verify(const struct vmcoreinfo *kernel,
		 const struct ext_entries *saved, const char *build_id,
		 struct vie_error *err);
/*
 * The text of a saved file, from the live note and the module entries;
 * BUILD-ID is the note's, else build_id (from /sys/kernel/notes; NULL:
 * none).
 */
int saved_build(const struct vmcoreinfo *kernel,
		const struct ext_entries *ext, const char *build_id,
		struct vie_buf *out, struct vie_error *err);

#endif /* VIE_SAVED_H */
