/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A dump file given on the command line: which container (a plain file,
 * or makedumpfile's flattened stream) and which format (ELF core,
 * kdump-compressed, a bare VMCOREINFO note, VMCOREINFO text), each told
 * by its own probe (elf_probe(), diskdump_probe(), flat_probe()).
 */
#ifndef VIE_DUMPFILE_H
#define VIE_DUMPFILE_H

#include "vie/flat.h"
#include "vie/io.h"

enum dump_format { DUMP_ELF, DUMP_DISKDUMP, DUMP_NOTE, DUMP_TEXT };

struct dumpfile {
	const char *path;
	int fd;
	uint64_t file_size;
	bool flattened;
	struct flat_stream flat;	/* when flattened */
	struct vie_src src;		/* the dump (rebuilt, if flattened) */
	enum dump_format format;
};

/*
 * Open and tell the container and format apart; oflags O_RDONLY/O_RDWR.
 * Errors name the path.  What is none of the formats is refused with what
 * it looks like (compressed data, an ELF file that is not a core, a
 * directory, ...).
 */
int dumpfile_open(struct dumpfile *df, const char *path, int oflags,
		  struct vie_error *err);
/*
 * The same for an open file (read only), taken over (dumpfile_close
 * closes it); name stands for it in errors.  A pipe is first read to its
 * end and kept as far as its headers and notes go (dumpfile_spool).
 */
int dumpfile_open_fd(struct dumpfile *df, int fd, const char *name,
		     struct vie_error *err);
/* spool.c: in_fd read to its end into a memory file *out_fd holding what
 * a reader of the dump's headers and notes needs, at most some tens of
 * MiB. */
int dumpfile_spool(int in_fd, int *out_fd, struct vie_error *err);
void dumpfile_close(struct dumpfile *df);
/* "kdump-compressed", "ELF core (flattened)", ... */
const char *dumpfile_describe(const struct dumpfile *df);
/* The VMCOREINFO text (malloc'ed, not NUL-terminated). */
int dumpfile_read_note(const struct dumpfile *df, char **text,
		       size_t *text_len, struct vie_error *err);
/* Open, read the note, close. */
int file_read_note(const char *path, char **text, size_t *text_len,
		   struct vie_error *err);

#endif /* VIE_DUMPFILE_H */
