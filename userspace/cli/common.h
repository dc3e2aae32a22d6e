/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands of vmcoreinfo-ext share (common.c): the one-line
 * error and warning, and reading module entries from a file.  Below
 * main.c, print.c and amend.c; includes none of them.
 */
#ifndef VIE_CLI_COMMON_H
#define VIE_CLI_COMMON_H

#include "vie/saved.h"

#define PROG		"vmcoreinfo-ext"

/* Print "vmcoreinfo-ext: <source>: <message>" on one line; returns 1. */
int report(const struct vie_error *err, const char *fallback_source);
/* "vmcoreinfo-ext: warning: " + the formatted line. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Read and parse module entries from a file (sysfs copy or saved file). */
int read_ext_file(const char *path, struct ext_entries *ext,
		  struct vie_error *err);
/* Warn about malformed kernel lines kept verbatim. */
void warn_malformed(const char *source, const struct vmcoreinfo *kernel);

#endif /* VIE_CLI_COMMON_H */
