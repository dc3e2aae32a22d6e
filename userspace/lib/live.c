// SPDX-License-Identifier: GPL-2.0
/* The live kernel's note; see vie/live.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vie/elf.h"
#include "vie/io.h"
#include "vie/live.h"
#include "vie/note.h"
#include "vie/sysfs.h"

static const char *const source_names[] = {
	[SOURCE_AUTO] = "auto",
	[SOURCE_VMCORE] = "vmcore",
	[SOURCE_KCORE] = "kcore",
	[SOURCE_KCORE_PHYS] = "kcore-phys",
	[SOURCE_DEVMEM] = "devmem",
};

int live_source_parse(const char *name, enum live_source *src)
{
	size_t i;

	for (i = 0; i < sizeof(source_names) / sizeof(source_names[0]); i++) {
		if (strcmp(name, source_names[i]) == 0) {
			*src = (enum live_source)i;
			return 0;
		}
	}
	return -1;
}

const char *live_source_name(enum live_source src)
{
	return source_names[src];
}

static void root_path(char *dst, size_t cap, const char *root,
		      const char *path)
{
	snprintf(dst, cap, "%s%s", root, path);
}

/* The note of /proc/vmcore or /proc/kcore. */
static int elf_path_note(struct live_note *note, struct vie_error *err)
{
	struct elf_file ef;
	struct vie_src src;
	uint64_t size;
	bool found = false;
	int fd, rc;

	if (vie_open(note->path, O_RDONLY, &fd, &size, err))
		return -1;
	vie_src_plain(&src, fd, size);
	rc = elf_file_open(&ef, &src, err);
	if (rc == 0) {
		rc = elf_file_find_vmcoreinfo(&ef, &note->text,
					      &note->text_len, &found, err);
		elf_file_close(&ef);
	}
	close(fd);
	if (rc == 0 && !found)
		rc = vie_fail_kind(err, VIE_ERR_ABSENT, "no VMCOREINFO note%s",
				   note->source == SOURCE_KCORE ? " (kernel "
				   "older than 4.19?)" : "");
	if (rc)
		vie_error_set_source(err, note->path);
	return rc;
}

static int sysfs_note_location(const char *root, uint64_t *paddr,
			       uint64_t *size, struct vie_error *err)
{
	char path[512];
	char *data;
	size_t len;
	int rc;

	root_path(path, sizeof(path), root, "/sys/kernel/vmcoreinfo");
	if (vie_read_small_file(path, 256, &data, &len, err))
		return -1;
	rc = sysfs_vmcoreinfo_parse(data, len, paddr, size, err);
	free(data);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}

static int module_page_offset_base(const char *root, const char *ext_dir,
				   uint64_t *pob, struct vie_error *err)
{
	char path[512];
	char *data;
	size_t len;
	int rc;

	if (ext_dir)
		snprintf(path, sizeof(path), "%s/page_offset_base", ext_dir);
	else
		root_path(path, sizeof(path), root,
			  "/sys/kernel/vmcoreinfo_ext/page_offset_base");
	if (vie_read_small_file(path, 64, &data, &len, err))
		return -1;
	rc = sysfs_value_parse(data, len, pob, err);
	free(data);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}

/* Read size bytes at off of fd and check the note there. */
static int read_memory_note(int fd, uint64_t off, uint64_t size,
			    struct live_note *note, struct vie_error *err)
{
	unsigned char *mem = malloc((size_t)size);
	int rc;

	if (!mem)
		return vie_nomem(err);
	rc = vie_pread_all(fd, mem, (size_t)size, off, err);
	if (rc == 0)
		rc = note_copy_vmcoreinfo(mem, (size_t)size,
					  host_is_big_endian(), &note->text,
					  &note->text_len, err);
	free(mem);
	return rc;
}

static int kcore_phys_read(const char *root, const char *ext_dir,
			   struct live_note *note, struct vie_error *err)
{
	struct elf_file ef;
	struct vie_src src;
	uint64_t paddr, size, fsize, off = 0, pob = 0;
	bool have_off;
	int fd, rc;

	if (sysfs_note_location(root, &paddr, &size, err))
		return -1;
	root_path(note->path, sizeof(note->path), root, "/proc/kcore");
	if (vie_open(note->path, O_RDONLY, &fd, &fsize, err))
		return -1;
	vie_src_plain(&src, fd, fsize);
	if (elf_file_open(&ef, &src, err)) {
		close(fd);
		vie_error_set_source(err, note->path);
		return -1;
	}
	have_off = elf_file_paddr_offset(&ef, paddr, size, &off);
	if (!have_off) {
		struct vie_error pob_err = { .source = "" };

		if (module_page_offset_base(root, ext_dir, &pob, &pob_err)) {
			elf_file_close(&ef);
			close(fd);
			vie_error_set_source(err, note->path);
			return vie_fail_kind(err, VIE_ERR_ABSENT, "no PT_LOAD "
					     "with p_paddr covers the note at "
					     "0x%" PRIx64 ", and no "
					     "page_offset_base (%s: %s)",
					     paddr, pob_err.source,
					     pob_err.message);
		}
		have_off = pob + paddr >= pob &&
			   elf_file_vaddr_offset(&ef, pob + paddr, size, &off);
	}
	elf_file_close(&ef);
	if (!have_off) {
		close(fd);
		vie_error_set_source(err, note->path);
		return vie_fail_kind(err, VIE_ERR_ABSENT, "no PT_LOAD covers "
				     "the note at physical 0x%" PRIx64
				     " (virtual 0x%" PRIx64 ")", paddr,
				     pob + paddr);
	}
	rc = read_memory_note(fd, off, size, note, err);
	close(fd);
	if (rc) {
		vie_error_set_source(err, note->path);
		return vie_prefix(err, "note at physical 0x%" PRIx64, paddr);
	}
	return 0;
}

static int devmem_read(const char *root, struct live_note *note,
		       struct vie_error *err)
{
	uint64_t paddr, size, fsize;
	int fd, rc;

	if (sysfs_note_location(root, &paddr, &size, err))
		return -1;
	root_path(note->path, sizeof(note->path), root, "/dev/mem");
	if (vie_open(note->path, O_RDONLY, &fd, &fsize, err))
		return -1;
	rc = read_memory_note(fd, paddr, size, note, err);
	close(fd);
	if (rc && err && err->kind == VIE_ERR_OS &&
	    (err->errnum == EPERM || err->errnum == EACCES)) {
		vie_prefix(err, "refused (STRICT_DEVMEM or lockdown)");
		err->kind = VIE_ERR_REFUSED;
	}
	if (rc)
		vie_error_set_source(err, note->path);
	return rc;
}

static int read_one_source(const char *root, enum live_source src,
			   const char *ext_dir, struct live_note *note,
			   struct vie_error *err)
{
	note->source = src;
	switch (src) {
	case SOURCE_VMCORE:
	case SOURCE_KCORE:
		root_path(note->path, sizeof(note->path), root,
			  src == SOURCE_VMCORE ? "/proc/vmcore" : "/proc/kcore");
		return elf_path_note(note, err);
	case SOURCE_KCORE_PHYS:
		return kcore_phys_read(root, ext_dir, note, err);
	case SOURCE_DEVMEM:
		return devmem_read(root, note, err);
	case SOURCE_AUTO:
		break;
	}
	return vie_fail(err, "internal error: bad source");
}

int live_read_build_id(const char *root, char hex[VIE_BUILD_ID_HEX_SIZE],
		       char *path, size_t path_cap, struct vie_error *err)
{
	char *data;
	size_t len;
	int rc;

	hex[0] = '\0';
	root_path(path, path_cap, root, "/sys/kernel/notes");
	if (vie_read_small_file(path, VIE_MAX_SMALL_FILE, &data, &len, err))
		return -1;
	rc = build_id_from_notes(data, len, host_is_big_endian(), hex, err);
	free(data);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}

int live_read_note(const char *root, enum live_source src,
		   const char *ext_dir, struct live_note *note,
		   struct vie_error *err)
{
	static const enum live_source order[] = {
		SOURCE_KCORE, SOURCE_KCORE_PHYS, SOURCE_DEVMEM,
	};
	char path[512], all[sizeof(err->message)] = "";
	size_t i;

	memset(note, 0, sizeof(*note));
	if (src != SOURCE_AUTO)
		return read_one_source(root, src, ext_dir, note, err);

	/* In a kdump kernel the crashed kernel's note is what counts. */
	root_path(path, sizeof(path), root, "/proc/vmcore");
	if (access(path, F_OK) == 0)
		return read_one_source(root, SOURCE_VMCORE, ext_dir, note, err);

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		struct vie_error one = { .source = "" };
		size_t used = strlen(all);

		if (read_one_source(root, order[i], ext_dir, note, &one) == 0)
			return 0;
		/* The note is there and damaged: another source would read
		 * the same kernel buffer.  Say so rather than move on. */
		if (one.kind == VIE_ERR_CORRUPT) {
			*err = one;
			return vie_prefix(err, "%s", live_source_name(order[i]));
		}
		snprintf(all + used, sizeof(all) - used, "%s%s: %s: %s",
			 used ? "; " : "", live_source_name(order[i]),
			 one.source, one.message);
	}
	vie_error_set_source(err, "auto");
	return vie_fail_kind(err, VIE_ERR_ABSENT, "no source worked: %s", all);
}
