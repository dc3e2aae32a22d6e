/* SPDX-License-Identifier: GPL-2.0 */
/* What vmcoreinfo-ext writes: text, makedumpfile -i overlay, JSON, note. */
#ifndef VIE_OUTPUT_H
#define VIE_OUTPUT_H

#include "vie/merge.h"

enum vie_format { FORMAT_TEXT, FORMAT_MAKEDUMPFILE, FORMAT_JSON, FORMAT_NOTE };

struct output_sources {
	const char *kernel;	/* where the note came from */
	const char *module;	/* where the module entries came from, or NULL */
	const char *notes;	/* where BUILD-ID came from (ORIGIN_NOTES),
				 * or NULL */
};

/* The version of the JSON schema (output_json.c; vmcoreinfo-ext(8)). */
#define VIE_JSON_SCHEMA	1

int format_parse(const char *name, enum vie_format *fmt);
int output_render(const struct merged *m, enum vie_format fmt,
		  const struct output_sources *src, struct vie_buf *out,
		  struct vie_error *err);
/* --format json (output_json.c). */
void output_json(const struct merged *m, const struct output_sources *src,
		 struct vie_buf *out);
/* s as a JSON string: quoted, escaped, bytes outside ASCII as \u00XX. */
void json_string(struct vie_buf *out, const char *s);
/* The value of an entry as a 64-bit number where it is one (NUMBER(),
 * SYMBOL(), KERNELOFFSET, the decimal OFFSET(), SIZE(), LENGTH(),
 * PAGESIZE, CRASHTIME); false for any other entry. */
bool entry_u64(const struct vmci_entry *e, uint64_t *v);

#endif /* VIE_OUTPUT_H */
