// SPDX-License-Identifier: GPL-2.0
/* The merge; see vie/merge.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vie/merge.h"

void merged_free(struct merged *m)
{
	size_t i;

	if (m->owned_values)
		for (i = 0; i < m->count; i++)
			free(m->owned_values[i]);
	free(m->owned_values);
	free(m->entries);
	free(m->conflicts);
	memset(m, 0, sizeof(*m));
}

static const char *const merge_boot_keys[] = {
	"OSRELEASE", "BUILD-ID", "KERNELOFFSET",
	/* x86_64: KASLR's physical and virtual choices, the paging mode */
	"NUMBER(phys_base)", "NUMBER(page_offset_base)", "NUMBER(vmalloc_base)",
	"NUMBER(vmemmap_base)", "NUMBER(pgtable_l5_enabled)",
	"NUMBER(MAX_PHYSMEM_BITS)",
	/* arm64: KASLR's image and linear map offsets, the VA size */
	"NUMBER(kimage_voffset)", "NUMBER(PHYS_OFFSET)", "NUMBER(TCR_EL1_T1SZ)",
};

bool merge_key_identifies_boot(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(merge_boot_keys) / sizeof(merge_boot_keys[0]); i++)
		if (strcmp(key, merge_boot_keys[i]) == 0)
			return true;
	return false;
}

size_t merge_boot_conflicts(const struct merged *m, char *msg, size_t cap)
{
	size_t i, n = 0, used = 0;

	if (cap)
		msg[0] = '\0';
	for (i = 0; i < m->conflict_count; i++) {
		const struct merge_conflict *c = &m->conflicts[i];
		int w;

		if (c->other_origin != ORIGIN_MODULE ||
		    !merge_key_identifies_boot(c->key))
			continue;
		n++;
		if (used >= cap)
			continue;
		w = snprintf(msg + used, cap - used, "%s%s %.40s (module) != "
			     "%.40s (%s)", used ? "; " : "", c->key,
			     c->other_value, c->kept_value,
			     origin_label(c->kept_origin));
		used = w < 0 ? cap : used + (size_t)w;
	}
	return n;
}

/*
 * Add one candidate entry unless the merged text has its key already;
 * then a different value is a conflict (NUMBER()s compare as numbers, so
 * that 0x10 and 16 agree; other values as text).
 */
static int merge_one(struct merged *out, const struct vmci_entry *c,
		     enum vie_origin origin, struct vie_error *err)
{
	const struct vmci_entry *k = vmci_entries_find(out->entries,
							 out->count, c->key);
	struct vmci_entry *e;
	char value[32];

	if (k) {
		bool same = c->has_number ? k->has_number &&
				k->number == c->number
			: strcmp(k->value, c->value) == 0;

		if (!same && (!c->has_number || k->has_number)) {
			struct merge_conflict *x =
				&out->conflicts[out->conflict_count++];

			x->key = k->key;
			x->kept_value = k->value;
			x->kept_origin = k->origin;
			x->other_value = c->value;
			x->other_origin = origin;
		}
		return 0;
	}
	e = &out->entries[out->count];
	*e = *c;
	e->origin = origin;
	if (c->has_number) {
		/* The kernel's format, whatever the module file said. */
		vmci_format_number(value, sizeof(value), c->key, c->number);
		out->owned_values[out->count] = strdup(value);
		if (!out->owned_values[out->count])
			return vie_nomem(err);
		e->value = out->owned_values[out->count];
	}
	out->count++;
	out->added++;
	return 0;
}

int merge_vmcoreinfo(const struct vmcoreinfo *kernel,
		     const struct vmcoreinfo *ext,
		     const struct vmci_entry *build_id, struct merged *out,
		     struct vie_error *err)
{
	size_t extra = (ext ? ext->count : 0) + 1;
	size_t cap = kernel->count + extra, i;

	memset(out, 0, sizeof(*out));
	out->entries = calloc(cap, sizeof(*out->entries));
	out->owned_values = calloc(cap, sizeof(*out->owned_values));
	out->conflicts = calloc(extra, sizeof(*out->conflicts));
	if (!out->entries || !out->owned_values || !out->conflicts) {
		merged_free(out);
		return vie_nomem(err);
	}
	for (i = 0; i < kernel->count; i++) {
		out->entries[out->count] = kernel->entries[i];
		out->entries[out->count].origin = ORIGIN_KERNEL;
		out->count++;
	}
	if (build_id && merge_one(out, build_id, ORIGIN_NOTES, err))
		goto fail;
	for (i = 0; ext && i < ext->count; i++) {
		const struct vmci_entry *m = &ext->entries[i];

		/* NUMBER()s, and a saved file's BUILD-ID; not the other
		 * identity lines (OSRELEASE, KERNELOFFSET, ...). */
		if (!m->has_number && strcmp(m->key, "BUILD-ID") != 0)
			continue;
		if (merge_one(out, m, ORIGIN_MODULE, err))
			goto fail;
	}
	return 0;
fail:
	merged_free(out);
	return -1;
}

void merged_text(const struct merged *m, struct vie_buf *out)
{
	size_t i;

	for (i = 0; i < m->count; i++) {
		vmci_entry_line(&m->entries[i], out);
		buf_append(out, "\n", 1);
	}
}
