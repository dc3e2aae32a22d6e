/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The merge: the kernel's lines verbatim and in order, then each module
 * entry the note lacks, in the kernel's format.  An entry in both keeps
 * the kernel's value; a different module value is a conflict.
 */
#ifndef VIE_MERGE_H
#define VIE_MERGE_H

#include "vie/vmcoreinfo.h"

struct merge_conflict {
	const char *key;
	int64_t kernel_value;
	int64_t module_value;
};

struct merged {
	struct vmci_entry *entries;	/* point into kernel/module storage */
	char **owned_values;		/* re-emitted module values */
	size_t count;
	size_t module_added;
	struct merge_conflict *conflicts;
	size_t conflict_count;
};

/* ext may be NULL (no module entries). */
int merge_vmcoreinfo(const struct vmcoreinfo *kernel,
		     const struct vmcoreinfo *ext, struct merged *out,
		     struct vie_error *err);
void merged_free(struct merged *m);
/* The merged note's text: one line per entry, each ending in '\n'. */
void merged_text(const struct merged *m, struct vie_buf *out);

#endif /* VIE_MERGE_H */
