// SPDX-License-Identifier: GPL-2.0
/* What the commands share; see common.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "vie/io.h"

/* One line, whatever the input held. */
static void print_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ?
		      '?' : *s, f);
}

#define HELD_MAX	16

static char *held[HELD_MAX];
static size_t nheld, dropped;

static void warnings_drop(void)
{
	while (nheld)
		free(held[--nheld]);
	dropped = 0;
}

void warnings_flush(void)
{
	size_t i;

	for (i = 0; i < nheld; i++) {
		fputs(PROG ": warning: ", stderr);
		print_clean(stderr, held[i]);
		fputc('\n', stderr);
	}
	if (dropped)
		fprintf(stderr, PROG ": warning: and %zu more warning(s)\n",
			dropped);
	warnings_drop();
}

int report(const struct vie_error *err, const char *fallback_source)
{
	warnings_drop();
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
	if (nheld == HELD_MAX || !(held[nheld] = strdup(line)))
		dropped++;
	else
		nheld++;
}

int open_dump_arg(struct dumpfile *df, const char *arg, struct vie_error *err)
{
	int fd;

	if (strcmp(arg, "-") != 0)
		return dumpfile_open(df, arg, O_RDONLY, err);
	fd = fcntl(0, F_DUPFD_CLOEXEC, 3);
	if (fd < 0) {
		vie_error_set_source(err, "standard input");
		return vie_fail_os(err, errno, "cannot use it");
	}
	return dumpfile_open_fd(df, fd, "standard input", err);
}

void warn_malformed(const char *source, const struct vmcoreinfo *kernel)
{
	if (kernel->malformed)
		warn("%s: kept %zu malformed line(s) of the kernel's note "
		     "verbatim (first: %s)", source, kernel->malformed,
		     kernel->first_problem);
}

int report_conflicts(const struct merged *m, bool strict, bool force,
		     const char *module_source, const char *notes_source,
		     struct vie_error *err)
{
	const struct merge_conflict *c;
	char boot[700];
	size_t i;

	if (merge_boot_conflicts(m, boot, sizeof(boot)) && !force) {
		vie_error_set_source(err, module_source);
		return vie_fail_kind(err, VIE_ERR_REFUSED, "values of another "
				     "boot or kernel: %s (--force merges them "
				     "anyway)", boot);
	}
	if (!m->conflict_count)
		return 0;
	c = &m->conflicts[0];
	if (strict) {
		vie_error_set_source(err, c->other_origin == ORIGIN_NOTES ?
				     notes_source : module_source);
		return vie_fail_kind(err, VIE_ERR_REFUSED, "%s differs: %s "
				     "%.80s, %s %.80s%s", c->key,
				     origin_label(c->kept_origin),
				     c->kept_value,
				     origin_label(c->other_origin),
				     c->other_value, m->conflict_count > 1 ?
				     " (and more)" : "");
	}
	for (i = 0; i < m->conflict_count; i++) {
		c = &m->conflicts[i];
		warn("%s differs: %s %.80s, %s %.80s; keeping the %s's", c->key,
		     origin_label(c->kept_origin), c->kept_value,
		     origin_label(c->other_origin), c->other_value,
		     origin_label(c->kept_origin));
	}
	return 0;
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
