// SPDX-License-Identifier: GPL-2.0
/* Dump files given on the command line; see vie/dumpfile.h. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vie/diskdump.h"
#include "vie/dumpfile.h"
#include "vie/elf.h"
#include "vie/note.h"

#define HEAD_LEN	512

/* A bare note, as --format note writes it or as copied from memory:
 * n_namesz 11 in either byte order, "VMCO" where the name starts. */
static bool note_probe(const unsigned char *head, size_t len, uint64_t size)
{
	return len >= 16 && memcmp(head + 12, "VMCOREINFO", 4) == 0 &&
	       size <= VIE_MAX_NOTE_TEXT + 64;
}

/* VMCOREINFO text starts with a KEY=VALUE line of printable ASCII. */
static bool text_probe(const unsigned char *head, size_t len)
{
	size_t i;
	bool eq = false;

	for (i = 0; i < len && head[i] != '\n'; i++) {
		if (head[i] < 0x20 || head[i] >= 0x7f)
			return false;
		eq = eq || (head[i] == '=' && i > 0);
	}
	return eq || (i == len && len > 0);
}

/* What a file that is none of the formats looks like, for the error. */
static const char *looks_like(const unsigned char *h, size_t len)
{
	static const struct {
		size_t at, len;
		const char *magic, *what;
	} magics[] = {
		{ 0, 2, "\x1f\x8b", "gzip-compressed data: decompress it "
		  "first" },
		{ 0, 6, "\xfd" "7zXZ\0", "xz-compressed data: decompress it "
		  "first" },
		{ 0, 4, "\x28\xb5\x2f\xfd", "zstd-compressed data: decompress "
		  "it first" },
		{ 0, 3, "BZh", "bzip2-compressed data: decompress it first" },
		{ 0, 4, "\x04\x22\x4d\x18", "lz4-compressed data: decompress "
		  "it first" },
		{ 0, 4, "\x89LZO", "lzop-compressed data: decompress it first" },
		{ 0, 4, "PK\x03\x04", "a zip archive" },
		{ 257, 5, "ustar", "a tar archive" },
		{ 0, 5, "07070", "a cpio archive (an initramfs?)" },
		{ 0, 8, "DISKDUMP", "a diskdump dump (not kdump-compressed)" },
		{ 0, 4, "QFI\xfb", "a QEMU qcow2 image" },
	};
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].at + magics[i].len &&
		    memcmp(h + magics[i].at, magics[i].magic, magics[i].len) == 0)
			return magics[i].what;
	if (elf_probe(h, len) && len >= 18) {
		unsigned type = load_u16(h + 16, h[5] == 2);

		return type == 1 ? "an ELF relocatable object, not a core" :
		       type == 2 ? "an ELF executable, not a core (a vmlinux?)" :
		       type == 3 ? "an ELF shared object, not a core" :
				   "an ELF file that is not a core";
	}
	for (i = 0; i < len; i++)
		if ((h[i] < 0x20 || h[i] >= 0x7f) && h[i] != '\n' &&
		    h[i] != '\t' && h[i] != '\r')
			return "binary data, no VMCOREINFO text";
	return "text, but no KEY=VALUE line first: not VMCOREINFO";
}

static int probe(struct dumpfile *df, struct vie_error *err)
{
	unsigned char head[HEAD_LEN] = { 0 };
	size_t got;

	if (vie_pread_upto(df->fd, head, sizeof(head), 0, &got, err))
		return -1;
	if (flat_probe(head, got)) {
		if (flat_open(&df->flat, df->fd, df->file_size, err))
			return -1;
		df->flattened = true;
		flat_src(&df->src, &df->flat);
		memset(head, 0, sizeof(head));
		got = df->src.size < sizeof(head) ? (size_t)df->src.size
						  : sizeof(head);
		if (vie_src_read(&df->src, head, got, 0, err))
			return -1;
	} else {
		vie_src_plain(&df->src, df->fd, df->file_size);
	}
	if (elf_probe(head, got) && (got < 18 || load_u16(head + 16,
							head[5] == 2) == 4))
		df->format = DUMP_ELF;	/* a core, or the ELF parser says why not */
	else if (diskdump_probe(head, got))
		df->format = DUMP_DISKDUMP;
	else if (df->flattened)
		return vie_fail(err, "flattened stream holds neither an ELF core "
				"nor a kdump-compressed dump");
	else if (note_probe(head, got, df->file_size))
		df->format = DUMP_NOTE;
	else if (got == 0)
		return vie_fail(err, "file is empty");
	else if (df->file_size <= VIE_MAX_NOTE_TEXT && text_probe(head, got))
		df->format = DUMP_TEXT;
	else if (text_probe(head, got))
		return vie_fail_kind(err, VIE_ERR_REFUSED, "not a format "
				     "vmcoreinfo-ext reads (%" PRIu64 " bytes "
				     "of text: VMCOREINFO text is at most %u)",
				     df->file_size, VIE_MAX_NOTE_TEXT);
	else
		return vie_fail_kind(err, VIE_ERR_REFUSED, "not a format "
				     "vmcoreinfo-ext reads (%s)",
				     looks_like(head, got));
	return 0;
}

/* Tell the format of df->fd apart; a directory is refused by name. */
static int attach(struct dumpfile *df, const char *path, struct vie_error *err)
{
	struct stat st;

	if (fstat(df->fd, &st) == 0 && S_ISDIR(st.st_mode))
		vie_fail_kind(err, VIE_ERR_REFUSED, "is a directory, not a dump");
	else if (probe(df, err) == 0)
		return 0;
	vie_error_set_source(err, path);
	dumpfile_close(df);
	return -1;
}

/* A pipe or socket (no offsets): kept in a memory file (spool.c). */
static int unseekable(struct dumpfile *df, const char *name, int oflags,
		      struct vie_error *err)
{
	struct stat st;
	int spooled;

	if (fstat(df->fd, &st) || (!S_ISFIFO(st.st_mode) &&
				   !S_ISSOCK(st.st_mode) &&
				   lseek(df->fd, 0, SEEK_CUR) >= 0))
		return 0;
	if ((oflags & O_ACCMODE) != O_RDONLY)
		vie_fail_kind(err, VIE_ERR_REFUSED, "a pipe cannot be changed "
			      "in place (amend --stream amends a stream)");
	else if (dumpfile_spool(df->fd, &spooled, err) == 0)
		goto spooled;
	vie_error_set_source(err, name);
	dumpfile_close(df);
	return -1;
spooled:
	close(df->fd);
	df->fd = spooled;
	df->file_size = fstat(spooled, &st) == 0 ? (uint64_t)st.st_size : 0;
	return 0;
}

int dumpfile_open(struct dumpfile *df, const char *path, int oflags,
		  struct vie_error *err)
{
	memset(df, 0, sizeof(*df));
	df->path = path;
	df->fd = -1;
	if (vie_open(path, oflags, &df->fd, &df->file_size, err) ||
	    unseekable(df, path, oflags, err))
		return -1;
	return attach(df, path, err);
}

int dumpfile_open_fd(struct dumpfile *df, int fd, const char *name,
		     struct vie_error *err)
{
	struct stat st;

	memset(df, 0, sizeof(*df));
	df->path = name;
	df->fd = fd;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		df->file_size = (uint64_t)st.st_size;
	if (unseekable(df, name, O_RDONLY, err))
		return -1;
	return attach(df, name, err);
}

void dumpfile_close(struct dumpfile *df)
{
	if (df->flattened)
		flat_close(&df->flat);
	df->flattened = false;
	if (df->fd >= 0)
		close(df->fd);
	df->fd = -1;
}

const char *dumpfile_describe(const struct dumpfile *df)
{
	static const char *const names[2][4] = {
		{ "ELF core", "kdump-compressed dump", "bare VMCOREINFO note",
		  "VMCOREINFO text" },
		{ "ELF core (flattened)", "kdump-compressed dump (flattened)",
		  "", "" },
	};

	return names[df->flattened][df->format];
}

static int read_bare_note(const struct dumpfile *df, char **text,
			  size_t *text_len, struct vie_error *err)
{
	unsigned char *mem = malloc(df->file_size ? (size_t)df->file_size : 1);
	bool be;
	int rc;

	if (!mem)
		return vie_nomem(err);
	rc = vie_src_read(&df->src, mem, (size_t)df->file_size, 0, err);
	if (rc == 0) {
		be = load_u32(mem, false) != 11;
		rc = note_copy_vmcoreinfo(mem, (size_t)df->file_size, be, text,
					  text_len, err);
	}
	free(mem);
	return rc;
}

/* The whole of a small file, read through its fd (a /sys or /proc
 * file's size is 0). */
static int read_text(const struct dumpfile *df, char **text, size_t *len,
		     struct vie_error *err)
{
	char *buf = malloc(VIE_MAX_NOTE_TEXT + 1);

	if (!buf)
		return vie_nomem(err);
	if (vie_pread_upto(df->fd, buf, VIE_MAX_NOTE_TEXT + 1, 0, len, err) ||
	    (*len > VIE_MAX_NOTE_TEXT &&
	     vie_fail(err, "VMCOREINFO text too large (limit %u bytes)",
		      VIE_MAX_NOTE_TEXT)) ||
	    (*len == 0 && vie_fail(err, "file is empty"))) {
		free(buf);
		return -1;
	}
	*text = buf;
	return 0;
}

int dumpfile_read_note(const struct dumpfile *df, char **text,
		       size_t *text_len, struct vie_error *err)
{
	struct diskdump_file dd;
	struct elf_file ef;
	bool found = false;
	int rc;

	*text = NULL;
	*text_len = 0;
	switch (df->format) {
	case DUMP_ELF:
		if (elf_file_open(&ef, &df->src, err))
			return -1;
		rc = elf_file_find_vmcoreinfo(&ef, text, text_len, &found, err);
		elf_file_close(&ef);
		if (rc == 0 && !found)
			rc = vie_fail_kind(err, VIE_ERR_ABSENT, "ELF file has "
					   "no VMCOREINFO note");
		return rc;
	case DUMP_DISKDUMP:
		if (diskdump_open(&dd, &df->src, err))
			return -1;
		return diskdump_read_vmcoreinfo(&dd, text, text_len, err);
	case DUMP_NOTE:
		return read_bare_note(df, text, text_len, err);
	case DUMP_TEXT:
		return read_text(df, text, text_len, err);
	}
	return vie_fail(err, "internal error: bad format");
}

int file_read_note(const char *path, char **text, size_t *text_len,
		   struct vie_error *err)
{
	struct dumpfile df;
	int rc;

	*text = NULL;
	*text_len = 0;
	if (dumpfile_open(&df, path, O_RDONLY, err))
		return -1;
	rc = dumpfile_read_note(&df, text, text_len, err);
	dumpfile_close(&df);
	if (rc)
		vie_error_set_source(err, path);
	return rc;
}
