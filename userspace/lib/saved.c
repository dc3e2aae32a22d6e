// SPDX-License-Identifier: GPL-2.0
/* Module entries and saved files; see vie/saved.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vie/buildid.h"
#include "vie/saved.h"

const char *const saved_identity_keys[] = {
	"OSRELEASE", "BUILD-ID", "KERNELOFFSET", "SYMBOL(mem_section)", NULL,
};

static bool saved_identity_key(const char *key)
{
	size_t i;

	for (i = 0; saved_identity_keys[i]; i++)
		if (strcmp(key, saved_identity_keys[i]) == 0)
			return true;
	return false;
}

void ext_free(struct ext_entries *ext)
{
	vmcoreinfo_free(&ext->vi);
	ext->saved_file = false;
}

int ext_parse(const void *buf, size_t len, struct ext_entries *ext_out,
	      struct vie_error *err)
{
	struct vmcoreinfo *ext = &ext_out->vi;
	size_t i, j, numbers = 0, mlen = strlen(VIE_SAVED_MARKER);

	ext_out->saved_file = len > mlen &&
			      memcmp(buf, VIE_SAVED_MARKER, mlen) == 0 &&
			      ((const char *)buf)[mlen] == '\n';
	if (vmcoreinfo_parse(buf, len, VMCI_ALLOW_COMMENTS, ext, err))
		return -1;
	for (i = 0; i < ext->count; i++) {
		struct vmci_entry *e = &ext->entries[i];
		uint64_t u;

		e->origin = ORIGIN_MODULE;
		for (j = 0; j < i; j++)
			if (strcmp(ext->entries[j].key, e->key) == 0)
				goto duplicate;
		if (e->has_number) {
			numbers++;
			if (strcmp(e->key, "NUMBER(pgtable_l5_enabled)") == 0 &&
			    (e->number < INT32_MIN || e->number > INT32_MAX))
				goto bad_value;
			continue;
		}
		if (!ext_out->saved_file || !saved_identity_key(e->key)) {
			int rc = vie_fail(err, "unexpected entry \"%.80s\" "
					  "(only NUMBER() lines%s)", e->key,
					  ext_out->saved_file ? " and the "
					  "saved file's identity keys" : "");

			vmcoreinfo_free(ext);
			return rc;
		}
		if ((strcmp(e->key, "KERNELOFFSET") == 0 ||
		     strcmp(e->key, "SYMBOL(mem_section)") == 0) &&
		    parse_hex_u64(e->value, &u))
			goto bad_value;
		/* It may be merged into a dump's note: only what a kernel
		 * would print there. */
		if (strcmp(e->key, "BUILD-ID") == 0 &&
		    !build_id_valid(e->value))
			goto bad_value;
		continue;
duplicate:
		{
			int rc = vie_fail(err, "duplicate entry \"%.80s\"",
					  e->key);

			vmcoreinfo_free(ext);
			return rc;
		}
bad_value:
		{
			int rc = vie_fail(err, "bad value for %.80s: \"%.40s\"",
					  e->key, e->value);

			vmcoreinfo_free(ext);
			return rc;
		}
	}
	if (numbers == 0) {
		vmcoreinfo_free(ext);
		return vie_fail(err, "no NUMBER() entries");
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
		 const struct ext_entries *saved_ext, const char *build_id,
		 struct vie_error *err)
{
	const struct vmcoreinfo *saved = &saved_ext->vi;
	static const char *const hex_keys[] = { "KERNELOFFSET" };
	const struct vmci_entry *k, *s, *pob, *bits, *ms;
	char msg[400] = "";
	uint64_t a, b;
	size_t i;

	s = vmcoreinfo_find(saved, "OSRELEASE");
	k = vmcoreinfo_find(kernel, "OSRELEASE");
	if (!saved_ext->saved_file)
		return vie_fail_kind(err, VIE_ERR_REFUSED, "not a saved file "
				     "(vmcoreinfo-ext save): no identity to "
				     "check against the dump");
	if (!s)
		return vie_fail(err, "saved file has no OSRELEASE");
	if (!k || strcmp(k->value, s->value) != 0)
		add_mismatch(msg, sizeof(msg), "%s %.60s (saved) != %.60s "
			     "(dump)", s->value, k ? k->value : "(none)",
			     "OSRELEASE");
	/* The strongest identity a kernel has, where both sides have it:
	 * the note's line (5.9+), else the running kernel's notes. */
	s = vmcoreinfo_find(saved, "BUILD-ID");
	k = vmcoreinfo_find(kernel, "BUILD-ID");
	if (k && !build_id_valid(k->value))
		k = NULL;
	if (s && k && strcmp(k->value, s->value) != 0)
		add_mismatch(msg, sizeof(msg), "%s %.60s (saved) != %.60s "
			     "(dump)", s->value, k->value, "BUILD-ID");
	else if (s && !k && build_id && strcmp(build_id, s->value) != 0)
		add_mismatch(msg, sizeof(msg), "%s %.60s (saved) != %.60s "
			     "(/sys/kernel/notes)", s->value, build_id,
			     "BUILD-ID");
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
	/*
	 * Every NUMBER() both have must agree: x86_64's phys_base, and on
	 * arm64 kimage_voffset and PHYS_OFFSET, which KASLR moves at every
	 * boot like KERNELOFFSET.
	 */
	for (i = 0; i < saved->count; i++) {
		s = &saved->entries[i];
		if (!s->has_number)
			continue;
		k = vmcoreinfo_find(kernel, s->key);
		if (k && k->has_number && s->number != k->number)
			add_mismatch(msg, sizeof(msg), "%s %.40s (saved) != "
				     "%.40s (dump)", s->value, k->value, s->key);
	}

	/*
	 * arm64 (the note has NUMBER(kimage_voffset), since v4.12): the tie
	 * is the agreement above, which needs the saved file to carry it.
	 */
	k = vmcoreinfo_find(kernel, "NUMBER(kimage_voffset)");
	if (k && !msg[0]) {
		if (!vmcoreinfo_find(saved, "NUMBER(kimage_voffset)"))
			return vie_fail(err, "saved file has no "
					"NUMBER(kimage_voffset) to compare "
					"with the arm64 dump's");
		return 0;
	}

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
		return vie_fail_kind(err, VIE_ERR_REFUSED, "saved file belongs "
				     "to another boot: %s", msg);
	return 0;
}

int saved_build(const struct vmcoreinfo *kernel,
		const struct ext_entries *ext_in, const char *build_id,
		struct vie_buf *out, struct vie_error *err)
{
	const struct vmcoreinfo *ext = &ext_in->vi;
	size_t i;

	if (!vmcoreinfo_find(kernel, "OSRELEASE"))
		return vie_fail(err, "VMCOREINFO has no OSRELEASE");
	if (build_id && !build_id_valid(build_id))
		return vie_fail(err, "bad build ID \"%.40s\"", build_id);
	buf_printf(out, "%s\n", VIE_SAVED_MARKER);
	for (i = 0; saved_identity_keys[i]; i++) {
		const char *key = saved_identity_keys[i];
		const struct vmci_entry *e = vmcoreinfo_find(kernel, key);

		if (strcmp(key, "BUILD-ID") == 0) {
			/* A line no kernel prints is no identity. */
			if (e && build_id_valid(e->value))
				buf_printf(out, "BUILD-ID=%s\n", e->value);
			else if (build_id)
				buf_printf(out, "BUILD-ID=%s\n", build_id);
		} else if (e) {
			buf_printf(out, "%s=%s\n", e->key, e->value);
		}
	}
	for (i = 0; i < ext->count; i++) {
		const struct vmci_entry *e = &ext->entries[i];
		char value[32];

		if (!e->has_number)
			continue;
		vmci_format_number(value, sizeof(value), e->key, e->number);
		buf_printf(out, "%s=%s\n", e->key, value);
	}
	if (out->failed)
		return vie_fail(err, "out of memory");
	return 0;
}
