// SPDX-License-Identifier: GPL-2.0
/* "save": the module's values and this boot's identity, for a dump. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"
#include "vie/io.h"

int read_module_dir(const struct options *o, bool require,
		    struct ext_entries *ext, char *source, size_t source_cap,
		    struct vie_error *err)
{
	char dir[512];
	struct stat st;

	if (o->ext_file) {
		snprintf(source, source_cap, "%s", o->ext_file);
	} else if (o->ext_dir) {
		snprintf(source, source_cap, "%s/vmcoreinfo", o->ext_dir);
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

int write_output(const char *path, const struct vie_buf *out,
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

int cmd_save(const struct options *o, const struct vmcoreinfo *kernel,
	     const char *kernel_source, const struct vmci_entry *bid,
	     struct vie_error *err)
{
	char module_source[512] = "";
	struct ext_entries ext = { .saved_file = false };
	struct vie_buf out = { 0 };
	struct merged m = { 0 };
	int rc;

	if (read_module_dir(o, true, &ext, module_source, sizeof(module_source),
			    err))
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
		rc = report_conflicts(&m, o->strict, false, module_source,
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
