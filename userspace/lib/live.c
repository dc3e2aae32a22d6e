// SPDX-License-Identifier: GPL-2.0
/*
 * Where the live kernel's VMCOREINFO note can be found:
 *
 *  vmcore      /proc/vmcore in a kdump kernel: the crashed kernel's note.
 *  kcore       /proc/kcore's PT_NOTE (Linux 4.19 and later, commit
 *              23c85094fe18).
 *  kcore-phys  the note's physical address from /sys/kernel/vmcoreinfo,
 *              read through a /proc/kcore PT_LOAD whose p_paddr covers it
 *              (filled for RAM since about 4.11), or else at
 *              page_offset_base + paddr with page_offset_base from the
 *              module's sysfs directory. This is what older kernels need.
 *  devmem      /dev/mem at the physical address (STRICT_DEVMEM and
 *              lockdown usually refuse).
 *
 * Plus the readers for dump files given on the command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmcoreinfo_ext.h"

#define PT_LOAD	1

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

int pread_exact(int fd, void *buf, size_t len, uint64_t off,
		struct vie_error *err)
{
	char *p = buf;

	if (off > (uint64_t)INT64_MAX - len)
		return vie_fail(err, "offset 0x%" PRIx64 " out of range", off);
	while (len > 0) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			vie_fail(err, "read of %zu bytes at offset 0x%" PRIx64
				 " failed: %s", len, off, strerror(saved));
			errno = saved;	/* callers tell EPERM apart */
			return -1;
		}
		if (n == 0)
			return vie_fail(err, "unexpected end of file at offset "
					"0x%" PRIx64, off);
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int read_small_file(const char *path, size_t cap, char **data, size_t *len,
		    struct vie_error *err)
{
	char *buf;
	size_t got = 0;
	int fd;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vie_error_set_source(err, path);
		return vie_fail(err, "cannot open: %s", strerror(errno));
	}
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return vie_fail(err, "out of memory");
	}
	for (;;) {
		ssize_t n = read(fd, buf + got, cap + 1 - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			vie_error_set_source(err, path);
			vie_fail(err, "read failed: %s", strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > cap) {
			vie_error_set_source(err, path);
			vie_fail(err, "file too large (limit %zu bytes)", cap);
			goto fail;
		}
	}
	close(fd);
	*data = buf;
	*len = got;
	return 0;
fail:
	close(fd);
	free(buf);
	return -1;
}

static void root_path(char *dst, size_t cap, const char *root,
		      const char *path)
{
	snprintf(dst, cap, "%s%s", root, path);
}

static int open_file(const char *path, int *fd, uint64_t *size,
		     struct vie_error *err)
{
	struct stat st;

	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		vie_error_set_source(err, path);
		return vie_fail(err, "cannot open: %s", strerror(errno));
	}
	*size = 0;
	if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode))
		*size = (uint64_t)st.st_size;
	return 0;
}

/* The note of an ELF core (/proc/vmcore, /proc/kcore, an ELF dump). */
static int elf_path_read_note(const char *path, char **text, size_t *len,
			      bool *found, struct vie_error *err)
{
	struct elf_file ef;
	uint64_t size;
	int fd, rc;

	if (open_file(path, &fd, &size, err))
		return -1;
	rc = elf_file_open(&ef, fd, size, err);
	if (rc == 0) {
		rc = elf_file_find_vmcoreinfo(&ef, text, len, found, err);
		elf_file_close(&ef);
	}
	close(fd);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}

static int copy_checked_note(const unsigned char *mem, size_t size,
			     char **text, size_t *len, struct vie_error *err)
{
	const void *desc;
	size_t desc_len;

	if (note_check_vmcoreinfo(mem, size, host_is_big_endian(), &desc,
				  &desc_len, err))
		return -1;
	*text = malloc(desc_len);
	if (!*text)
		return vie_fail(err, "out of memory");
	memcpy(*text, desc, desc_len);
	*len = desc_len;
	return 0;
}

static int sysfs_note_location(const char *root, uint64_t *paddr,
			       uint64_t *size, struct vie_error *err)
{
	char path[512];
	char *data;
	size_t len;
	int rc;

	root_path(path, sizeof(path), root, "/sys/kernel/vmcoreinfo");
	if (read_small_file(path, 256, &data, &len, err))
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
	if (read_small_file(path, 64, &data, &len, err))
		return -1;
	rc = sysfs_value_parse(data, len, pob, err);
	free(data);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}

static int kcore_phys_read(const char *root, const char *ext_dir,
			   struct live_note *note, struct vie_error *err)
{
	struct elf_file ef;
	uint64_t paddr, size, fsize, off = 0, pob = 0;
	bool have_off = false;
	unsigned char *mem;
	uint32_t i;
	int fd, rc;

	if (sysfs_note_location(root, &paddr, &size, err))
		return -1;
	root_path(note->path, sizeof(note->path), root, "/proc/kcore");
	if (open_file(note->path, &fd, &fsize, err))
		return -1;
	if (elf_file_open(&ef, fd, fsize, err)) {
		close(fd);
		vie_error_set_source(err, note->path);
		return -1;
	}
	/* RAM segments carry p_paddr; others have 0 or (u64)-1. */
	for (i = 0; i < ef.info.phnum && !have_off; i++) {
		const struct elf_segment *s = &ef.segs[i];

		if (s->type != PT_LOAD || s->paddr == 0 ||
		    s->paddr == UINT64_MAX)
			continue;
		if (paddr >= s->paddr && paddr - s->paddr <= s->filesz &&
		    size <= s->filesz - (paddr - s->paddr)) {
			off = s->offset + (paddr - s->paddr);
			have_off = true;
		}
	}
	if (!have_off) {
		struct vie_error pob_err = { .source = "" };

		if (module_page_offset_base(root, ext_dir, &pob, &pob_err)) {
			elf_file_close(&ef);
			close(fd);
			vie_error_set_source(err, note->path);
			return vie_fail(err, "no PT_LOAD with p_paddr covers the "
					"note at 0x%" PRIx64 ", and no "
					"page_offset_base (%s: %s)", paddr,
					pob_err.source, pob_err.message);
		}
		for (i = 0; i < ef.info.phnum && !have_off; i++) {
			const struct elf_segment *s = &ef.segs[i];
			uint64_t va = pob + paddr;

			if (s->type != PT_LOAD || va < pob)
				continue;
			if (va >= s->vaddr && va - s->vaddr <= s->filesz &&
			    size <= s->filesz - (va - s->vaddr)) {
				off = s->offset + (va - s->vaddr);
				have_off = true;
			}
		}
	}
	elf_file_close(&ef);
	if (!have_off) {
		close(fd);
		vie_error_set_source(err, note->path);
		return vie_fail(err, "no PT_LOAD covers the note at physical "
				"0x%" PRIx64 " (virtual 0x%" PRIx64 ")", paddr,
				pob + paddr);
	}
	mem = malloc((size_t)size);
	if (!mem) {
		close(fd);
		return vie_fail(err, "out of memory");
	}
	rc = pread_exact(fd, mem, (size_t)size, off, err);
	close(fd);
	if (rc == 0)
		rc = copy_checked_note(mem, (size_t)size, &note->text,
				       &note->text_len, err);
	free(mem);
	if (rc) {
		vie_error_set_source(err, note->path);
		return vie_prefix(err, "note at physical 0x%" PRIx64, paddr);
	}
	return 0;
}

static int devmem_read(const char *root, struct live_note *note,
		       struct vie_error *err)
{
	uint64_t paddr, size;
	unsigned char *mem;
	int fd, rc;

	if (sysfs_note_location(root, &paddr, &size, err))
		return -1;
	root_path(note->path, sizeof(note->path), root, "/dev/mem");
	fd = open(note->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vie_error_set_source(err, note->path);
		return vie_fail(err, "cannot open: %s", strerror(errno));
	}
	mem = malloc((size_t)size);
	if (!mem) {
		close(fd);
		return vie_fail(err, "out of memory");
	}
	rc = pread_exact(fd, mem, (size_t)size, paddr, err);
	if (rc && (errno == EPERM || errno == EACCES))
		vie_prefix(err, "refused (STRICT_DEVMEM or lockdown)");
	close(fd);
	if (rc == 0)
		rc = copy_checked_note(mem, (size_t)size, &note->text,
				       &note->text_len, err);
	free(mem);
	if (rc)
		vie_error_set_source(err, note->path);
	return rc;
}

static int read_one_source(const char *root, enum live_source src,
			   const char *ext_dir, struct live_note *note,
			   struct vie_error *err)
{
	bool found = false;

	note->source = src;
	switch (src) {
	case SOURCE_VMCORE:
	case SOURCE_KCORE:
		root_path(note->path, sizeof(note->path), root,
			  src == SOURCE_VMCORE ? "/proc/vmcore" : "/proc/kcore");
		if (elf_path_read_note(note->path, &note->text,
				       &note->text_len, &found, err))
			return -1;
		if (!found) {
			vie_error_set_source(err, note->path);
			return vie_fail(err, "no VMCOREINFO note%s",
					src == SOURCE_KCORE ? " (kernel older "
					"than 4.19?)" : "");
		}
		return 0;
	case SOURCE_KCORE_PHYS:
		return kcore_phys_read(root, ext_dir, note, err);
	case SOURCE_DEVMEM:
		return devmem_read(root, note, err);
	case SOURCE_AUTO:
		break;
	}
	return vie_fail(err, "internal error: bad source");
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
		snprintf(all + used, sizeof(all) - used, "%s%s: %s: %s",
			 used ? "; " : "", live_source_name(order[i]),
			 one.source, one.message);
	}
	vie_error_set_source(err, "auto");
	return vie_fail(err, "no source worked: %s", all);
}

int file_read_note(const char *path, char **text, size_t *text_len,
		   struct vie_error *err)
{
	unsigned char magic[16];
	uint64_t size;
	ssize_t n;
	int fd, rc;

	*text = NULL;
	*text_len = 0;
	if (open_file(path, &fd, &size, err))
		return -1;
	n = pread(fd, magic, sizeof(magic), 0);
	if (n < 0) {
		rc = vie_fail(err, "read failed: %s", strerror(errno));
		goto out;
	}
	if (n >= 4 && memcmp(magic, "\177ELF", 4) == 0) {
		bool found = false;

		close(fd);
		rc = elf_path_read_note(path, text, text_len, &found, err);
		if (rc == 0 && !found)
			rc = vie_fail(err, "ELF file has no VMCOREINFO note");
		vie_error_set_source(err, path);
		return rc;
	}
	if (n >= 8 && memcmp(magic, KDUMP_SIGNATURE, 8) == 0) {
		rc = kdump_file_read_vmcoreinfo(fd, size, text, text_len, err);
		goto out;
	}
	if (n >= 16 && memcmp(magic + 12, "VMCOREINFO", 4) == 0 &&
	    size <= VIE_MAX_NOTE_TEXT + 64) {
		/* A bare note, as --format note writes it or copied from
		 * memory: either byte order. */
		unsigned char *mem = malloc(size ? (size_t)size : 1);
		const void *desc;
		size_t desc_len;
		bool be = load_u32(magic, false) != 11;

		rc = mem ? pread_exact(fd, mem, (size_t)size, 0, err)
			 : vie_fail(err, "out of memory");
		if (rc == 0)
			rc = note_check_vmcoreinfo(mem, (size_t)size, be,
						   &desc, &desc_len, err);
		if (rc == 0) {
			*text = malloc(desc_len);
			if (*text) {
				memcpy(*text, desc, desc_len);
				*text_len = desc_len;
			} else {
				rc = vie_fail(err, "out of memory");
			}
		}
		free(mem);
		goto out;
	}
	if (kdump_is_flattened(magic, (size_t)n)) {
		rc = vie_fail(err, "flattened makedumpfile format: rebuild it "
			      "with 'makedumpfile -R FILE < %s' first", path);
		goto out;
	}
	/* Anything else must be VMCOREINFO text (makedumpfile -g). */
	if (size > VIE_MAX_NOTE_TEXT) {
		rc = vie_fail(err, "not an ELF core, kdump-compressed dump or "
			      "VMCOREINFO text file");
		goto out;
	}
	close(fd);
	rc = read_small_file(path, VIE_MAX_NOTE_TEXT, text, text_len, err);
	if (rc == 0 && *text_len == 0) {
		free(*text);
		*text = NULL;
		rc = vie_fail(err, "file is empty");
	}
	vie_error_set_source(err, path);
	return rc;
out:
	close(fd);
	vie_error_set_source(err, path);
	return rc;
}
