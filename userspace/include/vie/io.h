/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File I/O, once, below everything that reads or writes: whole reads and
 * writes that retry on EINTR and short transfers, the atomic file writer,
 * and struct vie_src, the byte range a dump parser reads from (a plain
 * file, or a flattened makedumpfile stream seen as the file it rebuilds
 * to; flat.c provides that reader).
 */
#ifndef VIE_IO_H
#define VIE_IO_H

#include "vie/util.h"

struct vie_src {
	int fd;
	uint64_t size;		/* bytes; 0 when unknown (/proc, devices) */
	int (*read)(const struct vie_src *src, void *buf, size_t len,
		    uint64_t off, struct vie_error *err);
	const void *ctx;	/* the reader's own state */
};

/* A plain file: reads are vie_pread_all(). */
void vie_src_plain(struct vie_src *src, int fd, uint64_t size);

static inline int vie_src_read(const struct vie_src *src, void *buf,
			       size_t len, uint64_t off, struct vie_error *err)
{
	return src->read(src, buf, len, off, err);
}

/* Does [off, off + len) lie inside size bytes (size 0: unknown, yes)? */
bool vie_range_in(uint64_t off, uint64_t len, uint64_t size);

/*
 * open(2) with O_CLOEXEC; *size is the size of a regular file, else 0.
 * The error names the path; ENOENT is kind ABSENT.
 */
int vie_open(const char *path, int flags, int *fd, uint64_t *size,
	     struct vie_error *err);
/* Exactly len bytes at off; a short read (end of file) is CORRUPT. */
int vie_pread_all(int fd, void *buf, size_t len, uint64_t off,
		  struct vie_error *err);
/* Up to len bytes at off, stopping at end of file: *got says how many. */
int vie_pread_upto(int fd, void *buf, size_t len, uint64_t off, size_t *got,
		   struct vie_error *err);
int vie_pwrite_all(int fd, const void *buf, size_t len, uint64_t off,
		   struct vie_error *err);
int vie_write_all(int fd, const void *buf, size_t len, struct vie_error *err);
int vie_fsync(int fd, struct vie_error *err);
int vie_ftruncate(int fd, uint64_t size, struct vie_error *err);
/* A whole small file (sysfs, saved files), at most cap bytes. */
int vie_read_small_file(const char *path, size_t cap, char **data,
			size_t *len, struct vie_error *err);
/* Write atomically: temporary file (mode 0600) in the same directory,
 * fsync, rename, fsync of the directory. */
int vie_write_file_atomic(const char *path, const void *data, size_t len,
			  struct vie_error *err);

#endif /* VIE_IO_H */
