/* SPDX-License-Identifier: GPL-2.0 */
/* vmcoreinfo-ext, the command: its options and its commands. */
#ifndef VIE_CLI_H
#define VIE_CLI_H

#include <stdio.h>

#include "common.h"
#include "vie/live.h"
#include "vie/output.h"

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
	bool stream;
};

int cmd_print(const struct options *o, struct vie_error *err);
int cmd_amend(const struct options *o, struct vie_error *err);

#endif /* VIE_CLI_H */
