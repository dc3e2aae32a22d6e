// SPDX-License-Identifier: GPL-2.0
/*
 * VMCOREINFO text: KEY=VALUE lines as the kernel writes them
 * (include/linux/crash_core.h: SYMBOL(name)=%lx, NUMBER(name)=%ld, ...),
 * the module's sysfs files, and saved files.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmcoreinfo_ext.h"

static bool is_hex_digit(char c)
{
	return isxdigit((unsigned char)c) != 0;
}

int parse_hex_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; is_hex_digit(*s); s++, n++) {
		int d = isdigit((unsigned char)*s) ? *s - '0'
			: (tolower((unsigned char)*s) - 'a' + 10);

		if (v >> 60)
			return -1;	/* more than 64 bits */
		v = v << 4 | (uint64_t)d;
	}
	if (n == 0 || *s != '\0')
		return -1;
	*out = v;
	return 0;
}

int parse_number_value(const char *s, int64_t *out)
{
	const char *p = s;
	uint64_t mag = 0;
	bool neg = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		uint64_t u;

		if (parse_hex_u64(s, &u))
			return -1;
		*out = (int64_t)u;	/* arm64/riscv print some as 0x%llx */
		return 0;
	}
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (mag > (UINT64_MAX - d) / 10)
			return -1;
		mag = mag * 10 + d;
	}
	if (*p != '\0')
		return -1;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN
						       : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return -1;
		*out = (int64_t)mag;
	}
	return 0;
}

static bool key_is_number(const char *key)
{
	size_t n = strlen(key);

	return n > 8 && strncmp(key, "NUMBER(", 7) == 0 && key[n - 1] == ')';
}

void vmcoreinfo_free(struct vmcoreinfo *vi)
{
	free(vi->storage);
	free(vi->entries);
	memset(vi, 0, sizeof(*vi));
}

const struct vmci_entry *vmcoreinfo_find(const struct vmcoreinfo *vi,
					 const char *key)
{
	size_t i;

	for (i = 0; i < vi->count; i++)
		if (strcmp(vi->entries[i].key, key) == 0)
			return &vi->entries[i];
	return NULL;
}

int vmcoreinfo_parse(const void *buf, size_t len, unsigned flags,
		     struct vmcoreinfo *vi, struct vie_error *err)
{
	const char *nul;
	size_t lines = 1, i, line_no = 0;
	char *p, *end;

	memset(vi, 0, sizeof(*vi));
	if (len == 0)
		return vie_fail(err, "VMCOREINFO text is empty");
	if (len > VIE_MAX_NOTE_TEXT)
		return vie_fail(err, "VMCOREINFO text too large (%zu bytes, "
				"limit %u)", len, VIE_MAX_NOTE_TEXT);
	nul = memchr(buf, '\0', len);
	if (nul)
		return vie_fail(err, "NUL byte at offset %zu of the "
				"VMCOREINFO text",
				(size_t)(nul - (const char *)buf));
	for (i = 0; i < len; i++)
		if (((const char *)buf)[i] == '\n')
			lines++;
	vi->storage = malloc(len + 1);
	vi->entries = calloc(lines, sizeof(*vi->entries));
	if (!vi->storage || !vi->entries) {
		vmcoreinfo_free(vi);
		return vie_fail(err, "out of memory");
	}
	memcpy(vi->storage, buf, len);
	vi->storage[len] = '\0';

	for (p = vi->storage, end = p + len; p < end; p = p ? p : end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eq;
		size_t line_len;
		struct vmci_entry *e;

		line_no++;
		line_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (nl)
			*nl = '\0';
		if (line_len > VIE_MAX_LINE) {
			vmcoreinfo_free(vi);
			return vie_fail(err, "line %zu is too long (%zu bytes,"
					" limit %u)", line_no, line_len,
					VIE_MAX_LINE);
		}
		if ((flags & VMCI_ALLOW_COMMENTS) &&
		    (line_len == 0 || p[0] == '#')) {
			if (line_no == 1 && strcmp(p, VIE_SAVED_MARKER) == 0)
				vi->saved_file = true;
			p = nl ? nl + 1 : NULL;
			continue;
		}
		if (line_len == 0) {
			vmcoreinfo_free(vi);
			return vie_fail(err, "line %zu is empty", line_no);
		}
		eq = strchr(p, '=');
		if (!eq) {
			int rc = vie_fail(err, "line %zu has no '=': \"%.60s\"",
					  line_no, p);

			vmcoreinfo_free(vi);	/* p points into it */
			return rc;
		}
		if (eq == p) {
			vmcoreinfo_free(vi);
			return vie_fail(err, "line %zu has an empty key",
					line_no);
		}
		*eq = '\0';
		e = &vi->entries[vi->count++];
		e->key = p;
		e->value = eq + 1;
		e->origin = ORIGIN_KERNEL;
		if (key_is_number(e->key)) {
			if (parse_number_value(e->value, &e->number)) {
				int rc = vie_fail(err, "line %zu: %.80s value "
						  "\"%.40s\" is not a number "
						  "that fits in a long",
						  line_no, e->key, e->value);

				vmcoreinfo_free(vi);
				return rc;
			}
			e->has_number = true;
		}
		p = nl ? nl + 1 : NULL;
	}
	if (flags & VMCI_REQUIRE_OSRELEASE) {
		const struct vmci_entry *e = vmcoreinfo_find(vi, "OSRELEASE");

		if (!e || !e->value[0]) {
			vmcoreinfo_free(vi);
			return vie_fail(err, "VMCOREINFO has no OSRELEASE");
		}
	}
	return 0;
}

/* One hex token of /sys/kernel/vmcoreinfo, with or without 0x. */
static int sysfs_hex_token(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp;
	char tok[24];
	size_t n = 0;

	while (p < end && *p != ' ' && *p != '\n') {
		if (n + 1 >= sizeof(tok))
			return -1;
		tok[n++] = *p++;
	}
	tok[n] = '\0';
	if (n == 0 || parse_hex_u64(tok, out))
		return -1;
	*pp = p;
	return 0;
}

int sysfs_vmcoreinfo_parse(const void *buf, size_t len, uint64_t *paddr,
			   uint64_t *size, struct vie_error *err)
{
	const char *p = buf, *end = p + len;

	if (len == 0)
		return vie_fail(err, "file is empty");
	if (memchr(buf, '\0', len))
		return vie_fail(err, "NUL byte in \"<paddr> <size>\"; "
				"expected hexadecimal text");
	if (sysfs_hex_token(&p, end, paddr) || p >= end || *p++ != ' ' ||
	    sysfs_hex_token(&p, end, size) ||
	    (p < end && !(*p == '\n' && p + 1 == end)))
		return vie_fail(err, "expected \"<paddr> <size>\" in "
				"hexadecimal, got \"%.*s\"",
				(int)(len > 60 ? 60 : len - (end[-1] == '\n')),
				(const char *)buf);
	if (*paddr == 0)
		return vie_fail(err, "note address is 0");
	if (*size < 24 || *size > VIE_MAX_NOTE_TEXT)
		return vie_fail(err, "note size 0x%" PRIx64 " out of range",
				*size);
	if (*paddr > UINT64_MAX - *size)
		return vie_fail(err, "note address + size overflows");
	return 0;
}

int sysfs_value_parse(const void *buf, size_t len, uint64_t *value,
		      struct vie_error *err)
{
	char tmp[32];
	const char *p = buf;
	int64_t v;

	if (len > 0 && p[len - 1] == '\n')
		len--;
	if (len == 0 || len >= sizeof(tmp) || memchr(p, '\0', len))
		return vie_fail(err, "bad value");
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	if (tmp[0] == '0' && tmp[1] == 'x') {
		if (parse_hex_u64(tmp, value))
			return vie_fail(err, "bad hexadecimal value \"%s\"",
					tmp);
		return 0;
	}
	if (parse_number_value(tmp, &v))
		return vie_fail(err, "bad value \"%s\"", tmp);
	*value = (uint64_t)v;
	return 0;
}

static bool saved_identity_key(const char *key)
{
	return strcmp(key, "OSRELEASE") == 0 || strcmp(key, "BUILD-ID") == 0 ||
	       strcmp(key, "KERNELOFFSET") == 0 ||
	       strcmp(key, "SYMBOL(mem_section)") == 0;
}

int ext_parse(const void *buf, size_t len, struct vmcoreinfo *ext,
	      struct vie_error *err)
{
	size_t i, j, numbers = 0;

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
		if (!ext->saved_file || !saved_identity_key(e->key)) {
			int rc = vie_fail(err, "unexpected entry \"%.80s\" "
					  "(only NUMBER() lines%s)", e->key,
					  ext->saved_file ? ", OSRELEASE, "
					  "BUILD-ID, KERNELOFFSET and "
					  "SYMBOL(mem_section)" : "");

			vmcoreinfo_free(ext);
			return rc;
		}
		if ((strcmp(e->key, "KERNELOFFSET") == 0 ||
		     strcmp(e->key, "SYMBOL(mem_section)") == 0) &&
		    parse_hex_u64(e->value, &u))
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
