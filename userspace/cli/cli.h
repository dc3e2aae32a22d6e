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

enum command { CMD_PRINT, CMD_SAVE, CMD_AMEND, CMD_VERIFY };

struct options {
	enum command command;
	enum live_source source;
	enum vie_format format;
	const char *root;
	const char *ext_dir;
	const char *ext_file;
	const char *output;
	const char *file;		/* the first FILE or DUMP */
	char **files;			/* verify: every DUMP */
	int nfiles;
	bool strict;
	bool force;
	bool require_ext;
	bool format_given;
	bool dry_run;
	bool undo;
	bool stream;
};

int cmd_print(const struct options *o, struct vie_error *err);
/* save.c: the module's entries from --ext-file, --ext or sysfs (1: none,
 * and that is allowed), the output, and "save" itself. */
int read_module_dir(const struct options *o, bool require,
		    struct ext_entries *ext, char *source, size_t source_cap,
		    struct vie_error *err);
int write_output(const char *path, const struct vie_buf *out,
		 struct vie_error *err);
int cmd_save(const struct options *o, const struct vmcoreinfo *kernel,
	     const char *kernel_source, const struct vmci_entry *bid,
	     struct vie_error *err);
int cmd_amend(const struct options *o, struct vie_error *err);
/* Prints its own errors; returns the exit status. */
int cmd_verify(const struct options *o);

#endif /* VIE_CLI_H */
