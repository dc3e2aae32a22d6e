// SPDX-License-Identifier: GPL-2.0
/*
 * vmcoreinfo-ext: print the kernel's VMCOREINFO with the entries of the
 * vmcoreinfo_ext module merged in, or save the module's values for a
 * later dump. See vmcoreinfo-ext(8).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmcoreinfo_ext.h"

#ifndef VERSION
#define VERSION "0.1.0"
#endif

#define PROG		"vmcoreinfo-ext"
#define EXIT_USAGE	2
#define EXT_SYSFS_DIR	"/sys/kernel/vmcoreinfo_ext"

struct options {
	enum live_source source;
	enum vie_format format;
	const char *root;
	const char *ext_dir;
	const char *ext_file;
	const char *output;
	const char *file;
	bool strict;
	bool require_ext;
	bool save;
	bool format_given;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [OPTIONS] [FILE]\n"
"       " PROG " save [OPTIONS]\n"
"\n"
"Print the kernel's VMCOREINFO with the vmcoreinfo_ext module's entries\n"
"merged in. Without FILE the note of the running kernel is read (in a\n"
"kdump kernel: the crashed kernel's, from /proc/vmcore). FILE is an ELF\n"
"core, a kdump-compressed dump or VMCOREINFO text (makedumpfile -g).\n"
"'save' writes the module's values with this boot's identity, for use\n"
"with --ext-file on a dump of this boot.\n"
"\n"
"Options:\n"
"  -s, --source SRC     auto (default), vmcore, kcore, kcore-phys, devmem\n"
"  -f, --format FMT     text (default), makedumpfile, json, note\n"
"  -o, --output FILE    write FILE atomically instead of standard output\n"
"  -e, --ext DIR        module directory (default " EXT_SYSFS_DIR ")\n"
"  -x, --ext-file FILE  module entries from FILE (saved file or a copy of\n"
"                       the module's vmcoreinfo file)\n"
"      --strict         a value that differs between kernel and module\n"
"                       is an error, not a warning\n"
"      --require-ext    missing module entries are an error\n"
"  -r, --root DIR       prefix for /proc, /sys and /dev (testing)\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"Exit status: 0 success, 1 error, 2 usage error.\n");
}

/* One line, whatever the input held. */
static void print_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ?
		      '?' : *s, f);
}

static int report(const struct vie_error *err, const char *fallback_source)
{
	fputs(PROG ": ", stderr);
	print_clean(stderr, err->source[0] ? err->source : fallback_source);
	fputs(": ", stderr);
	print_clean(stderr, err->message[0] ? err->message : "failed");
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs(PROG ": ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see --help)\n", stderr);
	return EXIT_USAGE;
}

static void warn(const char *fmt, const char *a, const char *b)
{
	char line[1024];

	snprintf(line, sizeof(line), fmt, a, b);
	fputs(PROG ": warning: ", stderr);
	print_clean(stderr, line);
	fputc('\n', stderr);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "ext", required_argument, NULL, 'e' },
		{ "ext-file", required_argument, NULL, 'x' },
		{ "strict", no_argument, NULL, 'S' },
		{ "require-ext", no_argument, NULL, 'R' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->root = "";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:f:o:e:x:r:hV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 's':
			if (live_source_parse(optarg, &o->source))
				return usage_error("unknown source '%s'",
						   optarg);
			break;
		case 'f':
			if (format_parse(optarg, &o->format))
				return usage_error("unknown format '%s'",
						   optarg);
			o->format_given = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'e':
			o->ext_dir = optarg;
			break;
		case 'x':
			o->ext_file = optarg;
			break;
		case 'S':
			o->strict = true;
			break;
		case 'R':
			o->require_ext = true;
			break;
		case 'r':
			o->root = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		case 'V':
			printf(PROG " %s\n", VERSION);
			exit(EXIT_SUCCESS);
		case ':':
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc && strcmp(argv[optind], "save") == 0) {
		o->save = true;
		optind++;
	}
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->ext_dir && o->ext_file)
		return usage_error("%s", "--ext and --ext-file exclude each "
				   "other");
	if (o->file && o->source != SOURCE_AUTO)
		return usage_error("%s", "--source and FILE exclude each other");
	if (o->save && (o->file || o->ext_file || o->format_given))
		return usage_error("%s", "save takes no FILE, --ext-file or "
				   "--format");
	return 0;
}

/* The kernel's note, from FILE or the live kernel. */
static int read_kernel_note(const struct options *o, char **text,
			    size_t *len, char *source, size_t source_cap,
			    bool *is_dump, struct vie_error *err)
{
	struct live_note note;

	if (o->file) {
		snprintf(source, source_cap, "%s", o->file);
		*is_dump = true;
		return file_read_note(o->file, text, len, err);
	}
	if (live_read_note(o->root, o->source, o->ext_dir, &note, err))
		return -1;
	snprintf(source, source_cap, "%s", note.path);
	*is_dump = note.source == SOURCE_VMCORE;
	*text = note.text;
	*len = note.text_len;
	return 0;
}

/*
 * The module's entries. Returns 1 when there are none (and that is
 * allowed), 0 when *ext is filled, -1 on error.
 */
static int read_module_entries(const struct options *o, bool is_dump,
			       struct vmcoreinfo *ext, char *source,
			       size_t source_cap, struct vie_error *err)
{
	char dir[512];
	char *data;
	size_t len;
	struct stat st;
	int rc;

	if (o->ext_file) {
		snprintf(source, source_cap, "%s", o->ext_file);
	} else if (o->ext_dir) {
		snprintf(source, source_cap, "%s/vmcoreinfo", o->ext_dir);
	} else if (is_dump) {
		if (o->require_ext) {
			vie_error_set_source(err, "--ext-file");
			return vie_fail(err, "module entries required but none "
					"given for a dump (use --ext-file)");
		}
		warn("%s%s", "no module entries given for the dump (use "
		     "--ext-file); VMCOREINFO unchanged", "");
		return 1;
	} else {
		snprintf(dir, sizeof(dir), "%s" EXT_SYSFS_DIR, o->root);
		if (stat(dir, &st) != 0 && errno == ENOENT) {
			if (o->require_ext) {
				vie_error_set_source(err, dir);
				return vie_fail(err, "vmcoreinfo_ext module is "
						"not loaded");
			}
			warn("%s: vmcoreinfo_ext module not loaded; "
			     "VMCOREINFO unchanged%s", dir, "");
			return 1;
		}
		snprintf(source, source_cap, "%s/vmcoreinfo", dir);
	}
	if (read_small_file(source, VIE_MAX_SMALL_FILE, &data, &len, err))
		return -1;
	rc = ext_parse(data, len, ext, err);
	free(data);
	if (rc)
		vie_error_set_source(err, source);
	return rc;
}

static int write_output(const char *path, const struct vie_buf *out,
			struct vie_error *err)
{
	if (path) {
		if (write_file_atomic(path, out->data, out->len, err)) {
			vie_error_set_source(err, path);
			return -1;
		}
		return 0;
	}
	if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) {
		vie_error_set_source(err, "standard output");
		return vie_fail(err, "write failed: %s", strerror(errno));
	}
	if (fflush(stdout)) {
		vie_error_set_source(err, "standard output");
		return vie_fail(err, "write failed: %s", strerror(errno));
	}
	return 0;
}

static int run(const struct options *o, struct vie_error *err)
{
	char kernel_source[512] = "", module_source[512] = "";
	struct vmcoreinfo kernel = { 0 }, ext = { 0 };
	struct merged merged = { 0 };
	struct vie_buf out = { 0 };
	bool is_dump = false, have_ext = false;
	char *text = NULL;
	size_t len = 0;
	int rc = -1, got;

	if (read_kernel_note(o, &text, &len, kernel_source,
			     sizeof(kernel_source), &is_dump, err))
		goto out;
	if (vmcoreinfo_parse(text, len, VMCI_REQUIRE_OSRELEASE, &kernel,
			     err)) {
		vie_error_set_source(err, kernel_source);
		goto out;
	}
	if (o->save && is_dump) {
		vie_error_set_source(err, kernel_source);
		vie_fail(err, "save runs in the first kernel, not in a kdump "
			 "kernel");
		goto out;
	}
	if (o->save && !o->ext_dir) {
		struct options so = *o;

		so.require_ext = true;
		got = read_module_entries(&so, false, &ext, module_source,
					  sizeof(module_source), err);
	} else {
		got = read_module_entries(o, is_dump, &ext, module_source,
					  sizeof(module_source), err);
	}
	if (got < 0)
		goto out;
	have_ext = got == 0;

	if (o->save) {
		if (ext.saved_file) {
			vie_error_set_source(err, module_source);
			vie_fail(err, "is a saved file, not the module's "
				 "vmcoreinfo");
			goto out;
		}
		if (saved_build(&kernel, &ext, &out, err)) {
			vie_error_set_source(err, kernel_source);
			goto out;
		}
		rc = write_output(o->output, &out, err);
		goto out;
	}

	if (have_ext && ext.saved_file && saved_verify(&kernel, &ext, err)) {
		vie_error_set_source(err, module_source);
		goto out;
	}
	if (merge_vmcoreinfo(&kernel, have_ext ? &ext : NULL, &merged, err)) {
		vie_error_set_source(err, kernel_source);
		goto out;
	}
	if (merged.conflict_count) {
		const struct merge_conflict *c = &merged.conflicts[0];
		size_t i;

		if (o->strict) {
			vie_error_set_source(err, module_source);
			vie_fail(err, "%s differs: kernel %" PRId64 ", module %"
				 PRId64 "%s", c->key, c->kernel_value,
				 c->module_value, merged.conflict_count > 1 ?
				 " (and more)" : "");
			goto out;
		}
		for (i = 0; i < merged.conflict_count; i++) {
			char values[128];

			c = &merged.conflicts[i];
			snprintf(values, sizeof(values), "kernel %" PRId64
				 ", module %" PRId64, c->kernel_value,
				 c->module_value);
			warn("%s differs: %s; keeping the kernel's", c->key,
			     values);
		}
	}
	{
		struct output_sources src = {
			.kernel = kernel_source,
			.module = have_ext ? module_source : NULL,
		};

		if (output_render(&merged, o->format, &src, &out, err)) {
			vie_error_set_source(err, kernel_source);
			goto out;
		}
	}
	rc = write_output(o->output, &out, err);
out:
	buf_free(&out);
	merged_free(&merged);
	vmcoreinfo_free(&kernel);
	vmcoreinfo_free(&ext);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	struct vie_error err = { .source = "" };
	struct options o;
	int rc;

	rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	if (run(&o, &err))
		return report(&err, o.file ? o.file : "vmcoreinfo");
	return EXIT_SUCCESS;
}
