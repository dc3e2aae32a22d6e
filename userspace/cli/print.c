// SPDX-License-Identifier: GPL-2.0
/* The default command: print the merged note (and "save", save.c). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vie/verify.h"

/* The kernel's note and what reads it: FILE (df open) or the live
 * kernel. */
struct kernel_note {
	struct dumpfile df;
	bool have_df;
	bool is_dump;		/* FILE, or /proc/vmcore */
	char source[512];
	char *text;
	size_t len;
	struct vmcoreinfo vi;
	struct amend_info ai;
};

static int read_kernel_note(const struct options *o, struct kernel_note *k,
			    struct vie_error *err)
{
	struct live_note note;

	if (o->file) {
		snprintf(k->source, sizeof(k->source), "%s",
			 strcmp(o->file, "-") ? o->file : "standard input");
		k->is_dump = true;
		if (open_dump_arg(&k->df, o->file, err))
			return -1;
		k->have_df = true;
		if (dumpfile_read_note(&k->df, &k->text, &k->len, err)) {
			vie_error_set_source(err, k->source);
			return -1;
		}
	} else {
		if (live_read_note(o->root, o->source, o->ext_dir, &note, err))
			return -1;
		snprintf(k->source, sizeof(k->source), "%s", note.path);
		k->is_dump = note.source == SOURCE_VMCORE;
		k->text = note.text;
		k->len = note.text_len;
	}
	if (vmcoreinfo_parse(k->text, k->len, VMCI_LENIENT |
			     VMCI_REQUIRE_OSRELEASE, &k->vi, err)) {
		vie_error_set_source(err, k->source);
		return -1;
	}
	warn_malformed(k->source, &k->vi);
	if (k->have_df && dump_amend_info(&k->df, &k->vi, &k->ai, err)) {
		vie_error_set_source(err, k->source);
		return -1;
	}
	return 0;
}

static void kernel_note_free(struct kernel_note *k)
{
	amend_info_free(&k->ai);
	vmcoreinfo_free(&k->vi);
	if (k->have_df)
		dumpfile_close(&k->df);
	free(k->text);
}

/*
 * A dump given no module entries: fine when its note carries every
 * entry its architecture needs (amended, or a kernel that prints them
 * all); else a warning naming what it lacks, or with --require-ext an
 * error.  Returns 1 (no entries, allowed) or -1.
 */
static int dump_without_entries(const struct options *o,
				const struct kernel_note *k,
				struct vie_error *err)
{
	const char *const *keys = arch_needed_keys(dump_arch(k->have_df ?
							     &k->df : NULL,
							     &k->vi));
	char lacks[600] = "";
	size_t i, used = 0, n = 0;

	for (i = 0; keys && keys[i]; i++) {
		const struct vmci_entry *e = vmcoreinfo_find(&k->vi, keys[i]);

		if (e && e->has_number)
			continue;
		n++;
		if (used < sizeof(lacks))
			used += (size_t)snprintf(lacks + used, sizeof(lacks) -
						 used, " %s", keys[i]);
	}
	if (keys && n == 0)
		return 1;
	if (o->require_ext) {
		vie_error_set_source(err, k->source);
		return vie_fail_kind(err, VIE_ERR_ABSENT, "module entries "
				     "required but none given for the dump "
				     "(use --ext-file)%s%s", n ? "; it lacks" :
				     "", lacks);
	}
	warn("no module entries given for the dump (use --ext-file); "
	     "VMCOREINFO unchanged%s%s", n ? "; it lacks" : "", lacks);
	return 1;
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

/* A saved file of another boot: refused, or with --force a warning. */
static int check_saved(const struct options *o, const struct kernel_note *k,
		       const struct ext_entries *ext, const char *bid,
		       const char *source, struct vie_error *err)
{
	struct vie_error e = { .source = "" };

	if (!ext->saved_file || saved_verify(&k->vi, ext, bid, &e) == 0)
		return 0;
	if (o->force && e.kind == VIE_ERR_REFUSED) {
		warn("%s: %s; merged anyway (--force)", source, e.message);
		return 0;
	}
	*err = e;
	vie_error_set_source(err, source);
	return -1;
}

int cmd_print(const struct options *o, struct vie_error *err)
{
	char module_source[512] = "";
	char notes_source[512] = "", bid_hex[VIE_BUILD_ID_HEX_SIZE];
	struct ext_entries ext = { .saved_file = false };
	struct kernel_note k = { .have_df = false };
	struct output_sources src = { .kernel = k.source };
	struct merged merged = { 0 };
	struct vmci_entry bid;
	struct vie_buf out = { 0 };
	bool have_ext = false, have_bid = false;
	size_t i;
	int rc = -1, got;

	if (read_kernel_note(o, &k, err))
		goto out;
	if (!k.is_dump)
		read_notes_build_id(o, &k.vi, bid_hex, notes_source,
				    sizeof(notes_source), &bid, &have_bid);
	if (o->command == CMD_SAVE) {
		if (k.is_dump) {
			vie_error_set_source(err, k.source);
			vie_fail_kind(err, VIE_ERR_REFUSED, "save runs in the "
				      "first kernel, not in a kdump kernel");
			goto out;
		}
		rc = cmd_save(o, &k.vi, k.source, have_bid ? &bid : NULL, err);
		goto out;
	}
	/* A dump's or /proc/vmcore's entries come from a file, never from
	 * the running kernel's sysfs. */
	if (k.is_dump && !o->ext_file && !o->ext_dir)
		got = dump_without_entries(o, &k, err);
	else
		got = read_module_dir(o, o->require_ext, &ext, module_source,
				      sizeof(module_source), err);
	if (got < 0)
		goto out;
	have_ext = got == 0;
	if (have_ext && check_saved(o, &k, &ext, have_bid ? bid_hex : NULL,
				    module_source, err))
		goto out;
	if (merge_vmcoreinfo(&k.vi, have_ext ? &ext.vi : NULL,
			     have_bid ? &bid : NULL, &merged, err)) {
		vie_error_set_source(err, k.source);
		goto out;
	}
	for (i = 0; i < merged.count; i++)
		if (merged.entries[i].origin == ORIGIN_KERNEL &&
		    amend_info_added(&k.ai, &merged.entries[i]))
			merged.entries[i].origin = ORIGIN_AMENDED;
	if (report_conflicts(&merged, o->strict, o->force, module_source,
			     notes_source, err))
		goto out;
	src.module = have_ext ? module_source : NULL;
	for (i = 0; i < merged.count; i++)
		if (merged.entries[i].origin == ORIGIN_NOTES)
			src.notes = notes_source;
	if (output_render(&merged, o->format, &src, &out, err)) {
		vie_error_set_source(err, k.source);
		goto out;
	}
	rc = write_output(o->output, &out, err);
out:
	buf_free(&out);
	merged_free(&merged);
	kernel_note_free(&k);
	ext_free(&ext);
	return rc;
}
