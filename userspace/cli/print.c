// SPDX-License-Identifier: GPL-2.0
/* The default command (print the merged note) and "save". */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "vie/dumpfile.h"
#include "vie/io.h"

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
			       bool require, struct ext_entries *ext,
			       char *source, size_t source_cap,
			       struct vie_error *err)
{
	char dir[512];
	struct stat st;

	if (o->ext_file) {
		snprintf(source, source_cap, "%s", o->ext_file);
	} else if (o->ext_dir) {
		snprintf(source, source_cap, "%s/vmcoreinfo", o->ext_dir);
	} else if (is_dump) {
		if (require) {
			vie_error_set_source(err, "--ext-file");
			return vie_fail_kind(err, VIE_ERR_ABSENT, "module "
					     "entries required but none given "
					     "for a dump (use --ext-file)");
		}
		warn("no module entries given for the dump (use --ext-file); "
		     "VMCOREINFO unchanged");
		return 1;
	} else {
		snprintf(dir, sizeof(dir), "%s" EXT_SYSFS_DIR, o->root);
		if (stat(dir, &st) != 0 && errno == ENOENT) {
			if (require) {
				vie_error_set_source(err, dir);
				return vie_fail_kind(err, VIE_ERR_ABSENT,
						     "vmcoreinfo_ext module is "
						     "not loaded");
			}
			warn("%s: vmcoreinfo_ext module not loaded; "
			     "VMCOREINFO unchanged", dir);
			return 1;
		}
		snprintf(source, source_cap, "%s/vmcoreinfo", dir);
	}
	return read_ext_file(source, ext, err);
}

static int write_output(const char *path, const struct vie_buf *out,
			struct vie_error *err)
{
	if (path) {
		if (vie_write_file_atomic(path, out->data, out->len, err)) {
			vie_error_set_source(err, path);
			return -1;
		}
		return 0;
	}
	if ((out->len && fwrite(out->data, 1, out->len, stdout) != out->len) ||
	    fflush(stdout)) {
		vie_error_set_source(err, "standard output");
		return vie_fail_os(err, errno, "write failed");
	}
	return 0;
}

/* What the merge did not take: warnings, or with --strict an error. */
static int report_conflicts(const struct options *o, const struct merged *m,
			    const char *module_source, const char *notes_source,
			    struct vie_error *err)
{
	const struct merge_conflict *c;
	size_t i;

	if (!m->conflict_count)
		return 0;
	c = &m->conflicts[0];
	if (o->strict) {
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

/*
 * The running kernel's build ID from /sys/kernel/notes, for a note of
 * the running kernel (never a dump's or a crashed kernel's).  *bid is
 * set (key "BUILD-ID") when it is there.  A problem with the notes is
 * one warning, and only when it matters: when the note itself lacks a
 * BUILD-ID line.
 */
static void read_notes_build_id(const struct options *o,
				const struct vmcoreinfo *kernel,
				char hex[VIE_BUILD_ID_HEX_SIZE], char *path,
				size_t path_cap, struct vmci_entry *bid,
				bool *have)
{
	struct vie_error e = { .source = "" };
	const struct vmci_entry *k = vmcoreinfo_find(kernel, "BUILD-ID");

	*have = false;
	if (live_read_build_id(o->root, hex, path, path_cap, &e)) {
		if (!k)
			warn("%s: %s; the merged note has no BUILD-ID",
			     e.source[0] ? e.source : path, e.message);
		return;
	}
	*bid = (struct vmci_entry){ .key = "BUILD-ID", .value = hex,
				    .origin = ORIGIN_NOTES };
	*have = true;
}

static int save(const struct options *o, const struct vmcoreinfo *kernel,
		const char *kernel_source, const struct vmci_entry *bid,
		struct vie_error *err)
{
	char module_source[512] = "";
	struct ext_entries ext = { .saved_file = false };
	struct vie_buf out = { 0 };
	struct merged m = { 0 };
	int rc;

	if (read_module_entries(o, false, true, &ext, module_source,
				sizeof(module_source), err))
		return -1;
	if (ext.saved_file) {
		vie_error_set_source(err, module_source);
		rc = vie_fail_kind(err, VIE_ERR_REFUSED, "is a saved file, not "
				   "the module's vmcoreinfo");
		goto out;
	}
	/* The same conflicts as the merge would report. */
	rc = merge_vmcoreinfo(kernel, &ext.vi, bid, &m, err);
	if (rc == 0)
		rc = report_conflicts(o, &m, module_source,
				      "/sys/kernel/notes", err);
	if (rc == 0 && saved_build(kernel, &ext, bid ? bid->value : NULL,
				   &out, err)) {
		vie_error_set_source(err, kernel_source);
		rc = -1;
	}
	if (rc == 0)
		rc = write_output(o->output, &out, err);
out:
	merged_free(&m);
	buf_free(&out);
	ext_free(&ext);
	return rc;
}

int cmd_print(const struct options *o, struct vie_error *err)
{
	char kernel_source[512] = "", module_source[512] = "";
	char notes_source[512] = "", bid_hex[VIE_BUILD_ID_HEX_SIZE];
	struct ext_entries ext = { .saved_file = false };
	struct output_sources src = { .kernel = kernel_source };
	struct vmcoreinfo kernel = { 0 };
	struct merged merged = { 0 };
	struct vmci_entry bid;
	struct vie_buf out = { 0 };
	bool is_dump = false, have_ext = false, have_bid = false;
	char *text = NULL;
	size_t len = 0, i;
	int rc = -1, got;

	if (read_kernel_note(o, &text, &len, kernel_source,
			     sizeof(kernel_source), &is_dump, err))
		goto out;
	if (vmcoreinfo_parse(text, len, VMCI_LENIENT | VMCI_REQUIRE_OSRELEASE,
			     &kernel, err)) {
		vie_error_set_source(err, kernel_source);
		goto out;
	}
	warn_malformed(kernel_source, &kernel);
	if (!is_dump)
		read_notes_build_id(o, &kernel, bid_hex, notes_source,
				    sizeof(notes_source), &bid, &have_bid);
	if (o->command == CMD_SAVE) {
		if (is_dump) {
			vie_error_set_source(err, kernel_source);
			vie_fail_kind(err, VIE_ERR_REFUSED, "save runs in the "
				      "first kernel, not in a kdump kernel");
			goto out;
		}
		rc = save(o, &kernel, kernel_source, have_bid ? &bid : NULL,
			  err);
		goto out;
	}
	got = read_module_entries(o, is_dump, o->require_ext, &ext,
				  module_source, sizeof(module_source), err);
	if (got < 0)
		goto out;
	have_ext = got == 0;
	if (have_ext && ext.saved_file &&
	    saved_verify(&kernel, &ext, have_bid ? bid_hex : NULL, err)) {
		vie_error_set_source(err, module_source);
		goto out;
	}
	if (merge_vmcoreinfo(&kernel, have_ext ? &ext.vi : NULL,
			     have_bid ? &bid : NULL, &merged, err)) {
		vie_error_set_source(err, kernel_source);
		goto out;
	}
	if (report_conflicts(o, &merged, module_source, notes_source, err))
		goto out;
	src.module = have_ext ? module_source : NULL;
	for (i = 0; i < merged.count; i++)
		if (merged.entries[i].origin == ORIGIN_NOTES)
			src.notes = notes_source;
	if (output_render(&merged, o->format, &src, &out, err)) {
		vie_error_set_source(err, kernel_source);
		goto out;
	}
	rc = write_output(o->output, &out, err);
out:
	buf_free(&out);
	merged_free(&merged);
	vmcoreinfo_free(&kernel);
	ext_free(&ext);
	free(text);
	return rc;
}
