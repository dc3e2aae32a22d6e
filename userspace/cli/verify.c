// SPDX-License-Identifier: GPL-2.0
/* "verify": does each dump carry every entry it needs? (vie/verify.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vie/verify.h"

static const char *const record_names[] = {
	[AMEND_RECORD_NONE] = "none",
	[AMEND_RECORD_INTACT] = "intact",
	[AMEND_RECORD_INTERRUPTED] = "interrupted",
	[AMEND_RECORD_CHANGED] = "changed",
	[AMEND_RECORD_DAMAGED] = "damaged",
};

static void say(const char *name, const struct verify_report *r)
{
	printf("%s: %s: %s, %s, %s: %zu of %zu entries, %zu the kernel's own",
	       name, r->missing ? "incomplete" : "complete", r->format,
	       r->arch, r->release, r->needed - r->missing, r->needed,
	       r->kernel);
	if (r->added_keys[0])
		printf(", %zu added by amend (%s)", r->added, r->added_keys);
	if (r->extra_keys[0])
		printf(", amend also added %s", r->extra_keys);
	if (r->missing)
		printf("; missing %s", r->missing_keys);
	printf("; %s%s%s\n", amend_state_name(r->ai.state),
	       r->ai.detail[0] ? ": " : "", r->ai.detail);
}

/* A space-separated list of keys as a JSON array of strings. */
static void json_keys(struct vie_buf *out, const char *keys)
{
	char key[256];
	const char *p = keys, *sp;
	bool first = true;

	buf_printf(out, "[");
	while (*p) {
		sp = strchr(p, ' ');
		snprintf(key, sizeof(key), "%.*s", (int)(sp ? sp - p :
							  (long)strlen(p)), p);
		buf_printf(out, "%s", first ? "" : ", ");
		json_string(out, key);
		first = false;
		p = sp ? sp + 1 : p + strlen(p);
	}
	buf_printf(out, "]");
}

static void json_member(struct vie_buf *out, const char *name, const char *v)
{
	buf_printf(out, ",\n      \"%s\": ", name);
	if (v)
		json_string(out, v);
	else
		buf_printf(out, "null");
}

static void json_dump(struct vie_buf *out, const char *name,
		      const struct verify_report *r, const char *error)
{
	buf_printf(out, "    {\n      \"file\": ");
	json_string(out, name);
	buf_printf(out, ",\n      \"complete\": %s",
		   r && !r->missing ? "true" : "false");
	json_member(out, "error", error);
	json_member(out, "format", r ? r->format : NULL);
	json_member(out, "arch", r ? r->arch : NULL);
	json_member(out, "osrelease", r ? r->release : NULL);
	buf_printf(out, ",\n      \"needed\": ");
	json_keys(out, r ? r->needed_keys : "");
	buf_printf(out, ",\n      \"kernel\": ");
	json_keys(out, r ? r->kernel_keys : "");
	buf_printf(out, ",\n      \"added\": ");
	if (r && r->added_keys[0] && r->extra_keys[0]) {
		char all[sizeof(r->added_keys) + sizeof(r->extra_keys) + 1];

		snprintf(all, sizeof(all), "%s %s", r->added_keys,
			 r->extra_keys);
		json_keys(out, all);
	} else {
		json_keys(out, r ? (r->added_keys[0] ? r->added_keys :
				    r->extra_keys) : "");
	}
	buf_printf(out, ",\n      \"missing\": ");
	json_keys(out, r ? r->missing_keys : "");
	json_member(out, "amend_record", r ? record_names[r->ai.state] : NULL);
	json_member(out, "amend_record_detail", r ? r->ai.detail : NULL);
	buf_printf(out, "\n    }");
}

int cmd_verify(const struct options *o)
{
	struct vie_buf out = { 0 };
	int i, status = EXIT_SUCCESS;

	if (o->format == FORMAT_JSON)
		buf_printf(&out, "{\n  \"schema_version\": %d,\n  \"dumps\": [\n",
			   VIE_JSON_SCHEMA);
	for (i = 0; i < o->nfiles; i++) {
		const char *arg = o->files[i];
		const char *name = strcmp(arg, "-") ? arg : "standard input";
		struct vie_error err = { .source = "" };
		struct verify_report r;
		struct dumpfile df;
		int rc;

		rc = open_dump_arg(&df, arg, &err);
		if (rc == 0) {
			rc = verify_dump(&df, &r, &err);
			dumpfile_close(&df);
		}
		if (rc) {
			report(&err, name);
			status = EXIT_FAILURE;
		} else if (r.missing) {
			status = EXIT_FAILURE;
		}
		if (o->format == FORMAT_JSON) {
			if (i)
				buf_printf(&out, ",\n");
			json_dump(&out, name, rc ? NULL : &r, rc ?
				  err.message : NULL);
		} else if (rc == 0) {
			say(name, &r);
		}
		if (rc == 0)
			verify_report_free(&r);
		fflush(stdout);
	}
	if (o->format == FORMAT_JSON) {
		buf_printf(&out, "\n  ]\n}\n");
		if (out.failed || fwrite(out.data, 1, out.len, stdout) != out.len)
			status = EXIT_FAILURE;
	}
	buf_free(&out);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, PROG ": standard output: write failed\n");
		status = EXIT_FAILURE;
	}
	return status;
}
