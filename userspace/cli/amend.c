// SPDX-License-Identifier: GPL-2.0
/* "amend": make a dump carry the merged note (see vie/amend.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"
#include "vie/amend.h"
#include "vie/stream.h"

static void say(const struct options *o, const struct amend_report *r)
{
	const char *would = r->dry_run ? "would be " : "";

	if (r->rolled_back)
		printf("%s: an interrupted amend or undo %srolled back first\n",
		       o->file, r->dry_run ? "would be " : "was ");
	switch (r->outcome) {
	case AMEND_DONE:
		printf("%s: %s %samended: %zu entries added (%s); %s; %" PRIu64
		       " bytes %swritten\n", o->file, r->format, would,
		       r->added, r->added_keys, r->detail, r->bytes_written,
		       would);
		break;
	case AMEND_ALREADY:
		printf("%s: %s already carries every entry: unchanged\n",
		       o->file, r->format);
		break;
	case AMEND_UNDONE:
		printf("%s: %s %srestored: %s\n", o->file, r->format, would,
		       r->detail);
		break;
	case AMEND_NOT_AMENDED:
		printf("%s: %s not amended by vmcoreinfo-ext: nothing to "
		       "undo\n", o->file, r->format);
		break;
	}
}

/*
 * amend --stream: the dump must get through whatever happens, so a saved
 * file that cannot be used is a reason to pass the stream through, not
 * an error; the exit status says only whether all of it got through.
 */
static int amend_stream_cmd(const char *saved_path, struct vie_error *err)
{
	struct ext_entries saved = { .saved_file = false };
	struct vie_error e = { .source = "" };
	struct stream_report rep;
	char why[800] = "";
	int rc;

	if (read_ext_file(saved_path, &saved, &e))
		snprintf(why, sizeof(why), "%s: %s", e.source[0] ? e.source :
			 saved_path, e.message);
	else if (!saved.saved_file)
		snprintf(why, sizeof(why), "%s: not a saved file "
			 "(vmcoreinfo-ext save)", saved_path);
	rc = amend_stream(0, 1, why[0] ? NULL : &saved, why, &rep, err);
	ext_free(&saved);
	if (rc)
		return -1;
	if (rep.amended)
		fprintf(stderr, PROG ": standard input: kdump-compressed dump "
			"(flattened stream) amended on its way: %s; %" PRIu64
			" bytes in, %" PRIu64 " out\n", rep.added, rep.bytes_in,
			rep.bytes_out);
	else
		warn("standard input: passed through unamended (%" PRIu64
		     " bytes): %s", rep.bytes_in, rep.why);
	if (rep.truncated) {
		vie_error_set_source(err, "standard input");
		return vie_fail(err, "the stream ends before its end marker "
				"(cut short): %" PRIu64 " bytes copied as they "
				"came, no end marker added", rep.bytes_in);
	}
	return 0;
}

int cmd_amend(const struct options *o, struct vie_error *err)
{
	const char *saved_path = o->ext_file ? o->ext_file : DEFAULT_SAVED;
	struct ext_entries saved = { .saved_file = false };
	struct amend_report rep;
	struct stat st;
	int rc;

	if (o->stream)
		return amend_stream_cmd(saved_path, err);
	if (o->undo) {
		rc = amend_undo(o->file, o->dry_run, &rep, err);
	} else {
		if (read_ext_file(saved_path, &saved, err))
			return -1;
		if (!saved.saved_file) {
			ext_free(&saved);
			vie_error_set_source(err, saved_path);
			return vie_fail_kind(err, VIE_ERR_REFUSED, "not a saved "
					     "file (vmcoreinfo-ext save): amend "
					     "needs the crashed boot's identity "
					     "to check the values against");
		}
		rc = amend_dump(o->file, &saved, o->dry_run, &rep, err);
		ext_free(&saved);
	}
	if (rc)
		return -1;
	if (rep.warning[0])
		warn("%s: %s", o->file, rep.warning);
	if (rep.conflicts)
		warn("%s: %zu module value(s) differ from the dump's; the "
		     "dump's kept", o->file, rep.conflicts);
	if (rep.outcome == AMEND_DONE && !o->dry_run &&
	    stat(o->file, &st) == 0 && (st.st_mode & 077))
		warn("%s is readable by other users (mode %03o), and its note "
		     "now spells out the KASLR layout", o->file,
		     (unsigned)(st.st_mode & 0777));
	say(o, &rep);
	if (fflush(stdout))
		return vie_fail_os(err, errno, "standard output");
	return 0;
}
