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

int format_parse(const char *name, enum vie_format *fmt);
int output_render(const struct merged *m, enum vie_format fmt,
		  const struct output_sources *src, struct vie_buf *out,
		  struct vie_error *err);

#endif /* VIE_OUTPUT_H */
