// SPDX-License-Identifier: GPL-2.0
/* Output formats; see vie/output.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vie/note.h"
#include "vie/output.h"

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
		output_json(m, src, out);
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
