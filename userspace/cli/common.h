/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands of vmcoreinfo-ext share (common.c): the one-line
 * error and warning, and reading module entries from a file.  Below
 * main.c, print.c and amend.c; includes none of them.
 */
#ifndef VIE_CLI_COMMON_H
#define VIE_CLI_COMMON_H

#include "vie/dumpfile.h"
#include "vie/merge.h"
#include "vie/saved.h"

#define PROG		"vmcoreinfo-ext"

/*
 * Print "vmcoreinfo-ext: <source>: <message>" on one line; returns 1.
 * The warnings held so far are dropped: a failure is one line.
 */
int report(const struct vie_error *err, const char *fallback_source);
/* "vmcoreinfo-ext: warning: " + the formatted line, held until
 * warnings_flush() (or dropped by report()). */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the warnings held, in order. */
void warnings_flush(void);
/* "- " for standard input: opens either. */
int open_dump_arg(struct dumpfile *df, const char *arg, struct vie_error *err);
/* Read and parse module entries from a file (sysfs copy or saved file). */
int read_ext_file(const char *path, struct ext_entries *ext,
		  struct vie_error *err);
/*
 * What the merge did not take.  A module value that differs from the
 * kernel's on an entry that identifies a boot (merge_key_identifies_boot)
 * is refused, naming every such entry, unless force; the rest are
 * warnings, or with strict an error.
 */
int report_conflicts(const struct merged *m, bool strict, bool force,
		     const char *module_source, const char *notes_source,
		     struct vie_error *err);
/* Warn about malformed kernel lines kept verbatim. */
void warn_malformed(const char *source, const struct vmcoreinfo *kernel);

#endif /* VIE_CLI_COMMON_H */
