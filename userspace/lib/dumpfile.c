// SPDX-License-Identifier: GPL-2.0
/* Dump files given on the command line; see vie/dumpfile.h. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vie/diskdump.h"
#include "vie/dumpfile.h"
#include "vie/elf.h"
#include "vie/note.h"

/* A bare note, as --format note writes it or as copied from memory:
 * n_namesz 11 in either byte order, "VMCO" where the name starts. */
static bool note_probe(const unsigned char *head, size_t len, uint64_t size)
{
	return len >= 16 && memcmp(head + 12, "VMCOREINFO", 4) == 0 &&
	       size <= VIE_MAX_NOTE_TEXT + 64;
}

int dumpfile_open(struct dumpfile *df, const char *path, int oflags,
		  struct vie_error *err)
{
	unsigned char head[32] = { 0 };
	size_t got;

	memset(df, 0, sizeof(*df));
	df->path = path;
	df->fd = -1;
	if (vie_open(path, oflags, &df->fd, &df->file_size, err))
		return -1;
	if (vie_pread_upto(df->fd, head, sizeof(head), 0, &got, err))
		goto fail;
	if (flat_probe(head, got)) {
		if (flat_open(&df->flat, df->fd, df->file_size, err))
			goto fail;
		df->flattened = true;
		flat_src(&df->src, &df->flat);
		memset(head, 0, sizeof(head));
		got = df->src.size < sizeof(head) ? (size_t)df->src.size
						  : sizeof(head);
		if (vie_src_read(&df->src, head, got, 0, err))
			goto fail;
	} else {
		vie_src_plain(&df->src, df->fd, df->file_size);
	}
	if (elf_probe(head, got)) {
		df->format = DUMP_ELF;
	} else if (diskdump_probe(head, got)) {
		df->format = DUMP_DISKDUMP;
	} else if (df->flattened) {
		vie_fail(err, "flattened stream holds neither an ELF core nor "
			 "a kdump-compressed dump");
		goto fail;
	} else if (note_probe(head, got, df->file_size)) {
		df->format = DUMP_NOTE;
	} else if (df->file_size > VIE_MAX_NOTE_TEXT) {
		vie_fail(err, "not an ELF core, kdump-compressed dump or "
			 "VMCOREINFO text file");
		goto fail;
	} else {
		df->format = DUMP_TEXT;
	}
	return 0;
fail:
	vie_error_set_source(err, path);
	dumpfile_close(df);
	return -1;
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
		rc = vie_read_small_file(df->path, VIE_MAX_NOTE_TEXT, text,
					 text_len, err);
		if (rc == 0 && *text_len == 0) {
			free(*text);
			*text = NULL;
			rc = vie_fail(err, "file is empty");
		}
		return rc;
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
