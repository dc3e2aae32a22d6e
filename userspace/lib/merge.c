// SPDX-License-Identifier: GPL-2.0
/* The merge; see vie/merge.h. */
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

int merge_vmcoreinfo(const struct vmcoreinfo *kernel,
		     const struct vmcoreinfo *ext, struct merged *out,
		     struct vie_error *err)
{
	size_t cap = kernel->count + (ext ? ext->count : 0), i;

	memset(out, 0, sizeof(*out));
	out->entries = calloc(cap ? cap : 1, sizeof(*out->entries));
	out->owned_values = calloc(cap ? cap : 1, sizeof(*out->owned_values));
	out->conflicts = calloc(ext && ext->count ? ext->count : 1,
				sizeof(*out->conflicts));
	if (!out->entries || !out->owned_values || !out->conflicts) {
		merged_free(out);
		return vie_nomem(err);
	}
	for (i = 0; i < kernel->count; i++) {
		out->entries[out->count] = kernel->entries[i];
		out->entries[out->count].origin = ORIGIN_KERNEL;
		out->count++;
	}
	for (i = 0; ext && i < ext->count; i++) {
		const struct vmci_entry *m = &ext->entries[i];
		const struct vmci_entry *k;
		struct vmci_entry *e;
		char value[32];

		if (!m->has_number)
			continue;	/* identity lines of a saved file */
		k = vmcoreinfo_find(kernel, m->key);
		if (k) {
			if (k->has_number && k->number != m->number) {
				struct merge_conflict *c =
					&out->conflicts[out->conflict_count++];

				c->key = k->key;
				c->kernel_value = k->number;
				c->module_value = m->number;
			}
			continue;
		}
		vmci_format_number(value, sizeof(value), m->key, m->number);
		out->owned_values[out->count] = strdup(value);
		if (!out->owned_values[out->count]) {
			merged_free(out);
			return vie_nomem(err);
		}
		e = &out->entries[out->count++];
		*e = *m;
		e->value = out->owned_values[out->count - 1];
		e->origin = ORIGIN_MODULE;
		out->module_added++;
	}
	return 0;
}

void merged_text(const struct merged *m, struct vie_buf *out)
{
	size_t i;

	for (i = 0; i < m->count; i++) {
		vmci_entry_line(&m->entries[i], out);
		buf_append(out, "\n", 1);
	}
}
