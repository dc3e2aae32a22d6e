// SPDX-License-Identifier: GPL-2.0
/*
 * vmcoreinfo-ext: print the kernel's VMCOREINFO with the entries of the
 * vmcoreinfo_ext module merged in, save the module's values for a later
 * dump, or amend a dump so that it carries them.  See vmcoreinfo-ext(8).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The project's one version is dkms.conf's PACKAGE_VERSION: the Makefile
 * passes it.  No second copy here. */
#ifndef VERSION
#define VERSION "unknown (built without userspace/Makefile)"
#endif

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [OPTIONS] [FILE]\n"
"       " PROG " save [OPTIONS]\n"
"       " PROG " amend [--ext-file SAVED] [--dry-run] [--undo] DUMP\n"
"       " PROG " amend --stream [--ext-file SAVED] <STREAM >AMENDED\n"
"       " PROG " verify [--format json] DUMP|- ...\n"
"\n"
"Print the kernel's VMCOREINFO with the vmcoreinfo_ext module's entries\n"
"merged in. Without FILE the note of the running kernel is read (in a\n"
"kdump kernel: the crashed kernel's, from /proc/vmcore). FILE is an ELF\n"
"core, a kdump-compressed dump (plain or flattened), a bare note or\n"
"VMCOREINFO text (makedumpfile -g).\n"
"'save' writes the module's values with this boot's identity, for use\n"
"with --ext-file on a dump of this boot.\n"
"'amend' makes DUMP's own VMCOREINFO the merged note, with the values\n"
"saved by the boot that crashed (default SAVED: " DEFAULT_SAVED ").\n"
"'amend --stream' does it to a flattened stream (makedumpfile -F) on its\n"
"way from standard input to standard output, and passes the stream\n"
"through unchanged if it cannot (the reason on standard error).\n"
"'verify' says, one line per DUMP (- : standard input), whether its\n"
"VMCOREINFO carries every entry its architecture needs, which of them\n"
"amend added and whether the amend record is intact; exit status 1 when\n"
"entries are missing.\n"
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
"      --force          merge module values that differ from the\n"
"                       kernel's on entries that identify a boot, and a\n"
"                       saved file of another boot (warnings): the result\n"
"                       then describes two machines at once\n"
"  -n, --dry-run        amend: say what would change, change nothing\n"
"      --undo           amend: restore DUMP as it was before amend\n"
"      --stream         amend: standard input to standard output\n"
"  -r, --root DIR       prefix for /proc, /sys and /dev (testing)\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"Exit status: 0 success, 1 error, 2 usage error.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs(PROG ": ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see --help)\n", stderr);
	return EXIT_USAGE;
}

static int check_combinations(const struct options *o)
{
	if (o->ext_dir && o->ext_file)
		return usage_error("%s", "--ext and --ext-file exclude each "
				   "other");
	if (o->file && o->source != SOURCE_AUTO)
		return usage_error("%s", "--source and FILE exclude each other");
	if (o->command != CMD_AMEND && (o->dry_run || o->undo || o->stream))
		return usage_error("%s", "--dry-run, --undo and --stream are "
				   "for amend");
	if (o->command != CMD_PRINT && o->force)
		return usage_error("%s", "--force is for printing only");
	if (o->command != CMD_VERIFY && o->nfiles > 1)
		return usage_error("unexpected argument '%s'", o->files[1]);
	switch (o->command) {
	case CMD_SAVE:
		if (o->file || o->ext_file || o->format_given)
			return usage_error("%s", "save takes no FILE, "
					   "--ext-file or --format");
		break;
	case CMD_AMEND:
		if (o->stream && (o->file || o->dry_run || o->undo))
			return usage_error("%s", "amend --stream reads standard "
					   "input: no DUMP, --dry-run or --undo");
		if (!o->file && !o->stream)
			return usage_error("%s", "amend needs a DUMP");
		if (o->format_given || o->output || o->ext_dir ||
		    o->source != SOURCE_AUTO || o->require_ext || o->strict)
			return usage_error("%s", "amend takes only "
					   "--ext-file, --dry-run, --undo and "
					   "--stream");
		if (o->undo && o->ext_file)
			return usage_error("%s", "--undo takes no --ext-file");
		break;
	case CMD_VERIFY:
		if (!o->nfiles)
			return usage_error("%s", "verify needs a DUMP (or - for "
					   "standard input)");
		if (o->output || o->ext_dir || o->ext_file || o->strict ||
		    o->require_ext || o->source != SOURCE_AUTO ||
		    (o->format != FORMAT_TEXT && o->format != FORMAT_JSON))
			return usage_error("%s", "verify takes only DUMPs and "
					   "--format text or json");
		break;
	case CMD_PRINT:
		break;
	}
	return 0;
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
		{ "force", no_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "undo", no_argument, NULL, 'U' },
		{ "stream", no_argument, NULL, 'T' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->root = "";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:f:o:e:x:r:nhV", longopts,
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
		case 'F':
			o->force = true;
			break;
		case 'n':
			o->dry_run = true;
			break;
		case 'U':
			o->undo = true;
			break;
		case 'T':
			o->stream = true;
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
		o->command = CMD_SAVE;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "amend") == 0) {
		/* getopt_long has moved the options, wherever they were,
		 * in front of the command word and FILE. */
		o->command = CMD_AMEND;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "verify") == 0) {
		o->command = CMD_VERIFY;
		optind++;
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles)
		o->file = o->files[0];
	return check_combinations(o);
}

int main(int argc, char **argv)
{
	struct vie_error err = { .source = "" };
	struct options o;
	int rc;

	rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	if (o.command == CMD_VERIFY)
		return cmd_verify(&o);
	rc = o.command == CMD_AMEND ? cmd_amend(&o, &err) : cmd_print(&o, &err);
	if (rc)
		return report(&err, o.file ? (strcmp(o.file, "-") ? o.file :
			      "standard input") : o.stream ? "standard input" :
			      "vmcoreinfo");
	warnings_flush();
	return EXIT_SUCCESS;
}
