// SPDX-License-Identifier: GPL-2.0
/* What the commands share; see common.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "vie/io.h"

/* One line, whatever the input held. */
static void print_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ?
		      '?' : *s, f);
}

int report(const struct vie_error *err, const char *fallback_source)
{
	fputs(PROG ": ", stderr);
	print_clean(stderr, err->source[0] ? err->source : fallback_source);
	fputs(": ", stderr);
	print_clean(stderr, err->message[0] ? err->message : "failed");
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

void warn(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fputs(PROG ": warning: ", stderr);
	print_clean(stderr, line);
	fputc('\n', stderr);
}

void warn_malformed(const char *source, const struct vmcoreinfo *kernel)
{
	if (kernel->malformed)
		warn("%s: kept %zu malformed line(s) of the kernel's note "
		     "verbatim (first: %s)", source, kernel->malformed,
		     kernel->first_problem);
}

int read_ext_file(const char *path, struct ext_entries *ext,
		  struct vie_error *err)
{
	char *data;
	size_t len;
	int rc;

	if (vie_read_small_file(path, VIE_MAX_SMALL_FILE, &data, &len, err))
		return -1;
	rc = ext_parse(data, len, ext, err);
	free(data);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}
