// SPDX-License-Identifier: GPL-2.0
/*
 * --format json, schema version VIE_JSON_SCHEMA (every member is described
 * in vmcoreinfo-ext(8), FORMATS).  Each member has one JSON type whatever
 * the values: the entries are strings exactly as the merged text has
 * them, their numbers strings of 0x + 16 hex digits (a JSON number is a
 * double to most readers, jq included: a 64-bit address would lose its
 * low bits), and the only JSON numbers are line numbers.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vie/output.h"

void json_string(struct vie_buf *out, const char *s)
{
	buf_append(out, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			buf_printf(out, "\\u%04x", c);
		else
			buf_append(out, s, 1);
	}
	buf_append(out, "\"", 1);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool has_prefix(const char *key, const char *prefix)
{
	return strncmp(key, prefix, strlen(prefix)) == 0;
}

bool entry_u64(const struct vmci_entry *e, uint64_t *v)
{
	int64_t n;

	if (!e->key)
		return false;
	if (e->has_number) {
		*v = (uint64_t)e->number;
		return true;
	}
	if (has_prefix(e->key, "SYMBOL(") || strcmp(e->key, "KERNELOFFSET") == 0)
		return parse_hex_u64(e->value, v) == 0;
	if ((has_prefix(e->key, "OFFSET(") || has_prefix(e->key, "SIZE(") ||
	     has_prefix(e->key, "LENGTH(") || strcmp(e->key, "PAGESIZE") == 0 ||
	     strcmp(e->key, "CRASHTIME") == 0) && all_digits(e->value) &&
	    parse_number_value(e->value, &n) == 0) {
		*v = (uint64_t)n;
		return true;
	}
	return false;
}

/* The first entry with this key counts, as in makedumpfile; later ones
 * are listed in "duplicates". */
static bool first_of_key(const struct merged *m, size_t i)
{
	size_t j;

	if (!m->entries[i].key)
		return false;
	for (j = 0; j < i; j++)
		if (m->entries[j].key &&
		    strcmp(m->entries[j].key, m->entries[i].key) == 0)
			return false;
	return true;
}

static void json_source(struct vie_buf *out, const char *name,
			const char *value, bool last)
{
	buf_printf(out, "    \"%s\": ", name);
	if (value)
		json_string(out, value);
	else
		buf_printf(out, "null");
	buf_printf(out, "%s\n", last ? "" : ",");
}

enum member { M_VALUE, M_HEX, M_ORIGIN };

/* One object member per distinct key: its value, its 64-bit number, or
 * where it came from. */
static void json_map(struct vie_buf *out, const struct merged *m,
		     const char *name, enum member what)
{
	bool first = true;
	char hex[24];
	uint64_t v;
	size_t i;

	buf_printf(out, "  \"%s\": {", name);
	for (i = 0; i < m->count; i++) {
		const struct vmci_entry *e = &m->entries[i];

		if (!first_of_key(m, i) || (what == M_HEX && !entry_u64(e, &v)))
			continue;
		buf_printf(out, "%s\n    ", first ? "" : ",");
		json_string(out, e->key);
		buf_printf(out, ": ");
		if (what == M_VALUE) {
			json_string(out, e->value);
		} else if (what == M_HEX) {
			snprintf(hex, sizeof(hex), "0x%016" PRIx64, v);
			json_string(out, hex);
		} else {
			json_string(out, origin_name(e->origin));
		}
		first = false;
	}
	buf_printf(out, "%s},\n", first ? "" : "\n  ");
}

void output_json(const struct merged *m, const struct output_sources *src,
		 struct vie_buf *out)
{
	bool first = true;
	size_t i;

	buf_printf(out, "{\n  \"schema_version\": %d,\n  \"sources\": {\n",
		   VIE_JSON_SCHEMA);
	json_source(out, "kernel", src->kernel ? src->kernel : "", false);
	json_source(out, "module", src->module, false);
	json_source(out, "notes", src->notes, true);
	buf_printf(out, "  },\n");
	json_map(out, m, "vmcoreinfo", M_VALUE);
	json_map(out, m, "hex", M_HEX);
	json_map(out, m, "origin", M_ORIGIN);
	buf_printf(out, "  \"duplicates\": [");
	for (i = 0; i < m->count; i++) {
		const struct vmci_entry *e = &m->entries[i];

		if (!e->key || first_of_key(m, i))
			continue;
		buf_printf(out, "%s\n    { \"key\": ", first ? "" : ",");
		json_string(out, e->key);
		buf_printf(out, ", \"value\": ");
		json_string(out, e->value);
		buf_printf(out, ", \"line\": %zu }", i + 1);
		first = false;
	}
	buf_printf(out, "%s],\n  \"unparsed\": [", first ? "" : "\n  ");
	first = true;
	for (i = 0; i < m->count; i++) {
		if (m->entries[i].key)
			continue;
		buf_printf(out, "%s\n    { \"text\": ", first ? "" : ",");
		json_string(out, m->entries[i].value);
		buf_printf(out, ", \"line\": %zu }", i + 1);
		first = false;
	}
	buf_printf(out, "%s]\n}\n", first ? "" : "\n  ");
}
