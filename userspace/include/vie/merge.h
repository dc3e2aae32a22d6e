/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The merge: the kernel's lines verbatim and in order, then each entry
 * the note lacks, in the kernel's format: the kernel's BUILD-ID (from
 * /sys/kernel/notes, or a saved file), then the module's NUMBER() lines.
 * An entry already there keeps its value; a different one is a conflict.
 */
#ifndef VIE_MERGE_H
#define VIE_MERGE_H

#include "vie/vmcoreinfo.h"

struct merge_conflict {
	const char *key;
	const char *kept_value;		/* as the merged text has it */
	enum vie_origin kept_origin;
	const char *other_value;	/* the one not taken */
	enum vie_origin other_origin;
};

struct merged {
	struct vmci_entry *entries;	/* point into kernel/module storage */
	char **owned_values;		/* re-emitted module values */
	size_t count;
	size_t added;			/* entries the kernel's note lacked */
	struct merge_conflict *conflicts;
	size_t conflict_count;
};

/*
 * ext (the module's entries or a saved file) may be NULL; so may
 * build_id, the BUILD-ID entry of the running kernel's notes (key
 * "BUILD-ID", origin ORIGIN_NOTES), which must outlive *out.  A saved
 * file's BUILD-ID is taken from ext; its other identity lines are not
 * merged.
 */
int merge_vmcoreinfo(const struct vmcoreinfo *kernel,
		     const struct vmcoreinfo *ext,
		     const struct vmci_entry *build_id, struct merged *out,
		     struct vie_error *err);
void merged_free(struct merged *m);

/*
 * The entries that tell one boot or kernel from another (see
 * merge_boot_keys in merge.c): the kernel's build (OSRELEASE, BUILD-ID),
 * where KASLR put it (KERNELOFFSET, phys_base, the randomised bases, arm64's
 * kimage_voffset and PHYS_OFFSET) and the paging mode it chose at boot
 * (pgtable_l5_enabled, MAX_PHYSMEM_BITS, arm64's TCR_EL1_T1SZ).  A module
 * value that differs from the kernel's on one of them is another boot's
 * or kernel's value, and merging it would describe two machines at once.
 */
bool merge_key_identifies_boot(const char *key);
/*
 * The conflicts of *m on such entries where the other value came from the
 * module's entries, as one line ("KEY MODULE-VALUE (module) != KERNEL-VALUE
 * (kernel); ..."; at most cap bytes); returns how many there are.
 */
size_t merge_boot_conflicts(const struct merged *m, char *msg, size_t cap);
/* The merged note's text: one line per entry, each ending in '\n'. */
void merged_text(const struct merged *m, struct vie_buf *out);

#endif /* VIE_MERGE_H */
