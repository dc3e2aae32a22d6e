// SPDX-License-Identifier: GPL-2.0
/* VMCOREINFO text; see vie/vmcoreinfo.h. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vie/vmcoreinfo.h"

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

/*
 * NUMBER() entries that every kernel carrying them prints in hexadecimal,
 * with vmcoreinfo_append_str("NUMBER(...)=0x%llx" or "0x%lx") instead of
 * VMCOREINFO_NUMBER()'s "%ld": arm64's arch_crash_save_vmcoreinfo()
 * (kimage_voffset and PHYS_OFFSET since v4.12, KERNELPACMASK, TCR_EL1_T1SZ,
 * then the MODULES, VMALLOC and VMEMMAP ranges), also x86_64's
 * VMALLOC_START (6.12 here) and riscv's ranges.  Their readers expect hex:
 * makedumpfile reads kimage_voffset and PHYS_OFFSET with
 * READ_NUMBER_UNSIGNED, crash reads riscv's ranges of the same names with
 * htol(); a decimal line would not read as the kernel's.
 */
static const char *const hex_numbers[] = {
	"NUMBER(kimage_voffset)", "NUMBER(PHYS_OFFSET)",
	"NUMBER(TCR_EL1_T1SZ)", "NUMBER(KERNELPACMASK)",
	"NUMBER(MODULES_VADDR)", "NUMBER(MODULES_END)",
	"NUMBER(VMALLOC_START)", "NUMBER(VMALLOC_END)",
	"NUMBER(VMEMMAP_START)", "NUMBER(VMEMMAP_END)",
};

/*
 * The kernel's own format: NUMBER(name)=%ld, pgtable_l5_enabled as %d,
 * the entries above as 0x%lx (lowercase, no padding).
 */
void vmci_format_number(char *dst, size_t cap, const char *key, int64_t v)
{
	size_t i;

	for (i = 0; i < sizeof(hex_numbers) / sizeof(hex_numbers[0]); i++) {
		if (strcmp(key, hex_numbers[i]) == 0) {
			snprintf(dst, cap, "0x%" PRIx64, (uint64_t)v);
			return;
		}
	}
	if (strcmp(key, "NUMBER(pgtable_l5_enabled)") == 0)
		snprintf(dst, cap, "%d", (int)v);
	else
		snprintf(dst, cap, "%" PRId64, v);
}

static const struct {
	const char *name, *label;
} origins[] = {
	[ORIGIN_KERNEL] = { "kernel", "kernel" },
	[ORIGIN_MODULE] = { "module", "module" },
	[ORIGIN_NOTES] = { "notes", "/sys/kernel/notes" },
	[ORIGIN_AMENDED] = { "amended", "amended note" },
};

const char *origin_name(enum vie_origin origin)
{
	return (size_t)origin < sizeof(origins) / sizeof(origins[0]) ?
	       origins[origin].name : "?";
}

const char *origin_label(enum vie_origin origin)
{
	return (size_t)origin < sizeof(origins) / sizeof(origins[0]) ?
	       origins[origin].label : "?";
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

const struct vmci_entry *vmci_entries_find(const struct vmci_entry *e,
					   size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].key && strcmp(e[i].key, key) == 0)
			return &e[i];
	return NULL;
}

const struct vmci_entry *vmcoreinfo_find(const struct vmcoreinfo *vi,
					 const char *key)
{
	return vmci_entries_find(vi->entries, vi->count, key);
}

void vmci_entry_line(const struct vmci_entry *e, struct vie_buf *out)
{
	if (e->key)
		buf_printf(out, "%s=%s", e->key, e->value);
	else
		buf_printf(out, "%s", e->value);
}

/*
 * A line that does not parse: an error, or with VMCI_LENIENT an entry
 * kept verbatim (key NULL, value the line) and counted.
 */
static int bad_line(struct vmcoreinfo *vi, unsigned flags, char *line,
		    size_t line_no, struct vie_error *err, const char *fmt,
		    ...) __attribute__((format(printf, 6, 7)));

static int bad_line(struct vmcoreinfo *vi, unsigned flags, char *line,
		    size_t line_no, struct vie_error *err, const char *fmt,
		    ...)
{
	char what[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!(flags & VMCI_LENIENT))
		return vie_fail(err, "line %zu %s", line_no, what);
	if (vi->malformed++ == 0)
		snprintf(vi->first_problem, sizeof(vi->first_problem),
			 "line %zu %s", line_no, what);
	vi->entries[vi->count].key = NULL;
	vi->entries[vi->count].value = line;
	vi->entries[vi->count].malformed = true;
	vi->count++;
	return 0;
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
		return vie_nomem(err);
	}
	memcpy(vi->storage, buf, len);
	vi->storage[len] = '\0';

	for (p = vi->storage, end = p + len; p < end; p = p ? p : end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eq, *line = p;
		size_t line_len;
		struct vmci_entry *e;
		int rc = 0;

		line_no++;
		line_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
		if ((flags & VMCI_ALLOW_COMMENTS) &&
		    (line_len == 0 || line[0] == '#'))
			continue;
		eq = strchr(line, '=');
		if (line_len > VIE_MAX_LINE)
			rc = bad_line(vi, flags, line, line_no, err, "is too "
				      "long (%zu bytes, limit %u)", line_len,
				      VIE_MAX_LINE);
		else if (line_len == 0)
			rc = bad_line(vi, flags, line, line_no, err,
				      "is empty");
		else if (!eq)
			rc = bad_line(vi, flags, line, line_no, err, "has no "
				      "'=': \"%.40s\"", line);
		else if (eq == line)
			rc = bad_line(vi, flags, line, line_no, err, "has an "
				      "empty key");
		else
			goto parse;
		if (rc) {
			vmcoreinfo_free(vi);	/* the message is a copy */
			return -1;
		}
		continue;
parse:
		*eq = '\0';
		e = &vi->entries[vi->count++];
		e->key = line;
		e->value = eq + 1;
		e->origin = ORIGIN_KERNEL;
		if (!key_is_number(e->key))
			continue;
		if (parse_number_value(e->value, &e->number) == 0) {
			e->has_number = true;
			continue;
		}
		if (!(flags & VMCI_LENIENT)) {
			vie_fail(err, "line %zu: %.80s value \"%.40s\" is not "
				 "a number that fits in a long", line_no,
				 e->key, e->value);
			vmcoreinfo_free(vi);
			return -1;
		}
		/* Kept with its key (so the module's entry is not added
		 * beside it), value verbatim, no number. */
		e->malformed = true;
		if (vi->malformed++ == 0)
			snprintf(vi->first_problem, sizeof(vi->first_problem),
				 "line %zu: %.40s is not a number", line_no,
				 e->key);
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
