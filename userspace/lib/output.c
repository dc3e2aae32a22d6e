// SPDX-License-Identifier: GPL-2.0
/* Output formats; see vie/output.h. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vie/note.h"
#include "vie/output.h"

#define JSON_MAX_EXACT	(INT64_C(1) << 53)

int format_parse(const char *name, enum vie_format *fmt)
{
	static const struct {
		const char *name;
		enum vie_format fmt;
	} formats[] = {
		{ "text", FORMAT_TEXT },
		{ "makedumpfile", FORMAT_MAKEDUMPFILE },
		{ "json", FORMAT_JSON },
		{ "note", FORMAT_NOTE },
	};
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*fmt = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

/*
 * An overlay for makedumpfile -i. makedumpfile reads the -i file first
 * and lets the dump's own note fill only the keys it lacks
 * (READ_NUMBER/READ_SYMBOL skip keys already set). read_vmcoreinfo_basic_info()
 * insists on OSRELEASE and a power-of-two PAGESIZE in every file it reads;
 * check_release() compares OSRELEASE with the dump's; every SYMBOL() from
 * a -i file gets KERNELOFFSET added, so none may appear here.  BUILD-ID,
 * which makedumpfile does not read, goes with the values, so that the
 * overlay is the whole of what was verified.
 */
static int render_makedumpfile(const struct merged *m, struct vie_buf *out,
			       struct vie_error *err)
{
	const struct vmci_entry *release = NULL, *pagesize = NULL;
	const struct vmci_entry *build_id = NULL;
	int64_t page_size;
	size_t i;

	for (i = 0; i < m->count; i++) {
		const char *key = m->entries[i].key;

		if (!key)
			continue;
		if (!release && strcmp(key, "OSRELEASE") == 0)
			release = &m->entries[i];
		if (!pagesize && strcmp(key, "PAGESIZE") == 0)
			pagesize = &m->entries[i];
		if (!build_id && strcmp(key, "BUILD-ID") == 0)
			build_id = &m->entries[i];
	}
	if (!release)
		return vie_fail(err, "VMCOREINFO has no OSRELEASE");
	if (!pagesize || parse_number_value(pagesize->value, &page_size) ||
	    page_size <= 0 || (page_size & (page_size - 1)))
		return vie_fail(err, "VMCOREINFO has no valid PAGESIZE, which "
				"makedumpfile -i requires");
	buf_printf(out, "OSRELEASE=%s\n", release->value);
	buf_printf(out, "PAGESIZE=%s\n", pagesize->value);
	if (build_id)
		buf_printf(out, "BUILD-ID=%s\n", build_id->value);
	for (i = 0; i < m->count; i++) {
		const struct vmci_entry *e = &m->entries[i];

		if (!e->has_number)
			continue;
		/* makedumpfile treats LONG_MAX as invalid data. */
		if (e->number == INT64_MAX)
			return vie_fail(err, "%s is LONG_MAX, which "
					"makedumpfile rejects", e->key);
		buf_printf(out, "%s=%s\n", e->key, e->value);
	}
	return 0;
}

static void json_string(struct vie_buf *out, const char *s)
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

static bool key_has_prefix(const char *key, const char *prefix)
{
	return strncmp(key, prefix, strlen(prefix)) == 0;
}

static void json_value(struct vie_buf *out, const struct vmci_entry *e)
{
	uint64_t u;
	int64_t v;

	if (e->has_number) {
		if (e->number >= -JSON_MAX_EXACT && e->number <= JSON_MAX_EXACT)
			buf_printf(out, "%" PRId64, e->number);
		else
			buf_printf(out, "\"0x%016" PRIx64 "\"",
				   (uint64_t)e->number);
		return;
	}
	if ((key_has_prefix(e->key, "SYMBOL(") ||
	     strcmp(e->key, "KERNELOFFSET") == 0) &&
	    parse_hex_u64(e->value, &u) == 0) {
		buf_printf(out, "\"0x%" PRIx64 "\"", u);
		return;
	}
	if ((key_has_prefix(e->key, "OFFSET(") ||
	     key_has_prefix(e->key, "SIZE(") ||
	     key_has_prefix(e->key, "LENGTH(") ||
	     strcmp(e->key, "PAGESIZE") == 0 ||
	     strcmp(e->key, "CRASHTIME") == 0) &&
	    all_digits(e->value) && parse_number_value(e->value, &v) == 0 &&
	    v <= JSON_MAX_EXACT) {
		buf_printf(out, "%" PRId64, v);
		return;
	}
	json_string(out, e->value);
}

/*
 * Keys repeated in a note: the first one counts, as in makedumpfile.
 * Malformed kernel lines without a key are listed apart ("unparsed").
 */
static bool skip_in_map(const struct merged *m, size_t i)
{
	size_t j;

	if (!m->entries[i].key)
		return true;
	for (j = 0; j < i; j++)
		if (m->entries[j].key &&
		    strcmp(m->entries[j].key, m->entries[i].key) == 0)
			return true;
	return false;
}

static void render_json(const struct merged *m,
			const struct output_sources *src, struct vie_buf *out)
{
	size_t i;
	bool first;

	buf_printf(out, "{\n  \"sources\": {\n    \"kernel\": ");
	json_string(out, src->kernel ? src->kernel : "");
	buf_printf(out, ",\n    \"module\": ");
	if (src->module)
		json_string(out, src->module);
	else
		buf_printf(out, "null");
	buf_printf(out, ",\n    \"notes\": ");
	if (src->notes)
		json_string(out, src->notes);
	else
		buf_printf(out, "null");
	buf_printf(out, "\n  },\n  \"vmcoreinfo\": {");
	for (i = 0, first = true; i < m->count; i++) {
		if (skip_in_map(m, i))
			continue;
		buf_printf(out, "%s\n    ", first ? "" : ",");
		json_string(out, m->entries[i].key);
		buf_printf(out, ": ");
		json_value(out, &m->entries[i]);
		first = false;
	}
	buf_printf(out, "\n  },\n  \"origin\": {");
	for (i = 0, first = true; i < m->count; i++) {
		if (skip_in_map(m, i))
			continue;
		buf_printf(out, "%s\n    ", first ? "" : ",");
		json_string(out, m->entries[i].key);
		buf_printf(out, ": \"%s\"",
			   origin_name(m->entries[i].origin));
		first = false;
	}
	buf_printf(out, "\n  }");
	for (i = 0, first = true; i < m->count; i++) {
		if (m->entries[i].key)
			continue;
		buf_printf(out, "%s\n    ", first ? ",\n  \"unparsed\": [" : ",");
		json_string(out, m->entries[i].value);
		first = false;
	}
	buf_printf(out, "%s\n}\n", first ? "" : "\n  ]");
}

int output_render(const struct merged *m, enum vie_format fmt,
		  const struct output_sources *src, struct vie_buf *out,
		  struct vie_error *err)
{
	struct vie_buf text = { 0 };

	switch (fmt) {
	case FORMAT_TEXT:
		merged_text(m, out);
		break;
	case FORMAT_MAKEDUMPFILE:
		if (render_makedumpfile(m, out, err))
			return -1;
		break;
	case FORMAT_JSON:
		render_json(m, src, out);
		break;
	case FORMAT_NOTE:
		merged_text(m, &text);
		if (text.failed) {
			buf_free(&text);
			return vie_nomem(err);
		}
		if (text.len > VIE_MAX_NOTE_TEXT) {
			buf_free(&text);
			return vie_fail(err, "merged VMCOREINFO too large");
		}
		note_build_vmcoreinfo(out, text.data, text.len);
		buf_free(&text);
		break;
	}
	if (out->failed)
		return vie_nomem(err);
	return 0;
}
