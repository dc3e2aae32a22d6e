/* SPDX-License-Identifier: GPL-2.0 */
/* vmcoreinfo-ext, the command: options and the pieces its commands share. */
#ifndef VIE_CLI_H
#define VIE_CLI_H

#include <stdio.h>

#include "vie/live.h"
#include "vie/output.h"
#include "vie/saved.h"

#define PROG		"vmcoreinfo-ext"
#define EXIT_USAGE	2
#define EXT_SYSFS_DIR	"/sys/kernel/vmcoreinfo_ext"
#define DEFAULT_SAVED	"/var/lib/vmcoreinfo-ext/saved.vmcoreinfo"

enum command { CMD_PRINT, CMD_SAVE, CMD_AMEND };

struct options {
	enum command command;
	enum live_source source;
	enum vie_format format;
	const char *root;
	const char *ext_dir;
	const char *ext_file;
	const char *output;
	const char *file;
	bool strict;
	bool require_ext;
	bool format_given;
	bool dry_run;
	bool undo;
};

/* Print "vmcoreinfo-ext: <source>: <message>" on one line; returns 1. */
int report(const struct vie_error *err, const char *fallback_source);
/* "vmcoreinfo-ext: warning: " + the formatted line. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Read and parse module entries from a file (sysfs copy or saved file). */
int read_ext_file(const char *path, struct ext_entries *ext,
		  struct vie_error *err);
/* Warn about malformed kernel lines kept verbatim. */
void warn_malformed(const char *source, const struct vmcoreinfo *kernel);

int cmd_print(const struct options *o, struct vie_error *err);
int cmd_amend(const struct options *o, struct vie_error *err);

#endif /* VIE_CLI_H */
