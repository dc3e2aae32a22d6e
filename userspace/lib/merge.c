// SPDX-License-Identifier: GPL-2.0
/*
 * Merging the module's NUMBER() entries into the kernel's VMCOREINFO, and
 * the saved file that carries them from the first kernel to a dump.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcoreinfo_ext.h"

/* The kernel's own format: NUMBER(name)=%ld, pgtable_l5_enabled as %d. */
static void format_number(char *dst, size_t cap, const char *key, int64_t v)
{
	if (strcmp(key, "NUMBER(pgtable_l5_enabled)") == 0)
		snprintf(dst, cap, "%d", (int)v);
	else
		snprintf(dst, cap, "%" PRId64, v);
}

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
		return vie_fail(err, "out of memory");
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
		format_number(value, sizeof(value), m->key, m->number);
		out->owned_values[out->count] = strdup(value);
		if (!out->owned_values[out->count]) {
			merged_free(out);
			return vie_fail(err, "out of memory");
		}
		e = &out->entries[out->count++];
		*e = *m;
		e->value = out->owned_values[out->count - 1];
		e->origin = ORIGIN_MODULE;
		out->module_added++;
	}
	return 0;
}

static void add_mismatch(char *msg, size_t cap, const char *fmt,
			 const char *a, const char *b, const char *what)
{
	size_t used = strlen(msg);

	if (used >= cap - 1)
		return;
	if (used)
		snprintf(msg + used, cap - used, "; ");
	used = strlen(msg);
	snprintf(msg + used, cap - used, fmt, what, a, b);
}

int saved_verify(const struct vmcoreinfo *kernel,
		 const struct vmcoreinfo *saved, struct vie_error *err)
{
	static const char *const hex_keys[] = { "KERNELOFFSET" };
	const struct vmci_entry *k, *s, *pob, *bits, *ms;
	char msg[400] = "";
	uint64_t a, b;
	size_t i;

	s = vmcoreinfo_find(saved, "OSRELEASE");
	k = vmcoreinfo_find(kernel, "OSRELEASE");
	if (!s)
		return vie_fail(err, "saved file has no OSRELEASE");
	if (!k || strcmp(k->value, s->value) != 0)
		add_mismatch(msg, sizeof(msg), "%s %.60s (saved) != %.60s "
			     "(dump)", s->value, k ? k->value : "(none)",
			     "OSRELEASE");
	s = vmcoreinfo_find(saved, "BUILD-ID");
	k = vmcoreinfo_find(kernel, "BUILD-ID");
	if (s && k && strcmp(k->value, s->value) != 0)
		add_mismatch(msg, sizeof(msg), "%s %.60s (saved) != %.60s "
			     "(dump)", s->value, k->value, "BUILD-ID");
	for (i = 0; i < sizeof(hex_keys) / sizeof(hex_keys[0]); i++) {
		s = vmcoreinfo_find(saved, hex_keys[i]);
		k = vmcoreinfo_find(kernel, hex_keys[i]);
		if (!s || !k)
			continue;
		if (parse_hex_u64(s->value, &a) || parse_hex_u64(k->value, &b) ||
		    a != b)
			add_mismatch(msg, sizeof(msg), "%s %.40s (saved) != "
				     "%.40s (dump)", s->value, k->value,
				     hex_keys[i]);
	}
	s = vmcoreinfo_find(saved, "NUMBER(phys_base)");
	k = vmcoreinfo_find(kernel, "NUMBER(phys_base)");
	if (s && k && s->number != k->number)
		add_mismatch(msg, sizeof(msg), "%s %.40s (saved) != %.40s "
			     "(dump)", s->value, k->value, "NUMBER(phys_base)");

	/*
	 * The tie check: mem_section is allocated in the direct map of the
	 * boot that wrote the dump; it must lie in the direct map that the
	 * saved page_offset_base describes (KASLR moves it every boot).
	 */
	ms = vmcoreinfo_find(kernel, "SYMBOL(mem_section)");
	if (ms && !msg[0]) {
		uint64_t base, addr, span_bits;

		pob = vmcoreinfo_find(saved, "NUMBER(page_offset_base)");
		bits = vmcoreinfo_find(saved, "NUMBER(MAX_PHYSMEM_BITS)");
		if (!bits)
			bits = vmcoreinfo_find(kernel,
					       "NUMBER(MAX_PHYSMEM_BITS)");
		if (!pob)
			return vie_fail(err, "saved file has no "
					"NUMBER(page_offset_base) for the "
					"mem_section check");
		if (!bits || bits->number < 1 || bits->number > 62)
			return vie_fail(err, "no usable NUMBER(MAX_PHYSMEM_BITS)"
					" for the mem_section check");
		if (parse_hex_u64(ms->value, &addr))
			return vie_fail(err, "bad SYMBOL(mem_section) value "
					"\"%.40s\" in the note", ms->value);
		base = (uint64_t)pob->number;
		span_bits = (uint64_t)bits->number;
		if (addr < base || addr - base >= (UINT64_C(1) << span_bits)) {
			snprintf(msg, sizeof(msg), "SYMBOL(mem_section) 0x%"
				 PRIx64 " of the dump is outside the saved "
				 "direct map [0x%" PRIx64 ", +2^%" PRIu64 ")",
				 addr, base, span_bits);
		}
	}
	if (msg[0])
		return vie_fail(err, "saved file belongs to another boot: %s",
				msg);
	return 0;
}

int saved_build(const struct vmcoreinfo *kernel,
		const struct vmcoreinfo *ext, struct vie_buf *out,
		struct vie_error *err)
{
	static const char *const identity[] = {
		"OSRELEASE", "BUILD-ID", "KERNELOFFSET", "SYMBOL(mem_section)",
	};
	size_t i;

	if (!vmcoreinfo_find(kernel, "OSRELEASE"))
		return vie_fail(err, "VMCOREINFO has no OSRELEASE");
	buf_printf(out, "%s\n", VIE_SAVED_MARKER);
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++) {
		const struct vmci_entry *e = vmcoreinfo_find(kernel,
							     identity[i]);

		if (e)
			buf_printf(out, "%s=%s\n", e->key, e->value);
	}
	for (i = 0; i < ext->count; i++) {
		const struct vmci_entry *e = &ext->entries[i];
		char value[32];

		if (!e->has_number)
			continue;
		format_number(value, sizeof(value), e->key, e->number);
		buf_printf(out, "%s=%s\n", e->key, value);
	}
	if (out->failed)
		return vie_fail(err, "out of memory");
	return 0;
}
