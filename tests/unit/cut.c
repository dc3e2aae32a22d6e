// SPDX-License-Identifier: GPL-2.0
/*
 * cut.so: an LD_PRELOAD shim that cuts a program short at its Nth write,
 * fsync or ftruncate, to test that amend leaves a readable dump wherever
 * it is interrupted.
 *
 *   CUT_AT=N CUT_HOW=kill|half|enospc|eio LD_PRELOAD=cut.so PROGRAM...
 *
 *   kill    SIGKILL instead of the call (a kill, a crash, power gone
 *           before the data reached the file)
 *   half    a write of the first half of the buffer, then SIGKILL; a
 *           write of 512 bytes or less is a kill before it instead (a
 *           sector is written whole, and a kill cannot split so small a
 *           write: amend's undo record and header updates are that small)
 *   enospc  the call fails with ENOSPC (disk full)
 *   eio     the call fails with EIO
 *
 * Only calls on file descriptors above 2 count.  CUT_LOG=FILE gets one
 * line per counted call ("pwrite fd off len", "fsync fd", ...), so a test
 * can see how many there were.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long calls;

static void note(const char *what, int fd, long long off, size_t len)
{
	const char *log = getenv("CUT_LOG");
	FILE *f;

	if (!log)
		return;
	f = fopen(log, "a");
	if (f) {
		fprintf(f, "%ld %s %d %lld %zu\n", calls, what, fd, off, len);
		fclose(f);
	}
}

/* 0: go on; 1: cut (errno set, or never returns); 2: write half. */
static int cut_here(int fd, const char *what, long long off, size_t len)
{
	const char *at = getenv("CUT_AT"), *how = getenv("CUT_HOW");

	if (fd <= 2)
		return 0;
	calls++;
	note(what, fd, off, len);
	if (!at || atol(at) != calls)
		return 0;
	if (!how || strcmp(how, "kill") == 0)
		raise(SIGKILL);
	if (strcmp(how, "half") == 0) {
		if (len <= 512)
			raise(SIGKILL);
		return 2;
	}
	errno = strcmp(how, "enospc") == 0 ? ENOSPC : EIO;
	return 1;
}

typedef int (*fsync_fn)(int);
typedef int (*ftruncate_fn)(int, off_t);

static ssize_t do_pwrite(const char *name, int fd, const void *buf,
			 size_t len, off_t off)
{
	typedef ssize_t (*fn)(int, const void *, size_t, off_t);
	fn real = (fn)dlsym(RTLD_NEXT, name);
	int c = cut_here(fd, name, (long long)off, len);

	if (c == 1)
		return -1;
	if (c == 2) {
		real(fd, buf, len / 2, off);
		raise(SIGKILL);
	}
	return real(fd, buf, len, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return do_pwrite("pwrite", fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	return do_pwrite("pwrite64", fd, buf, len, off);
}

int fsync(int fd)
{
	fsync_fn real = (fsync_fn)dlsym(RTLD_NEXT, "fsync");

	if (cut_here(fd, "fsync", 0, 0))
		return -1;
	return real(fd);
}

static int do_ftruncate(const char *name, int fd, off_t len)
{
	ftruncate_fn real = (ftruncate_fn)dlsym(RTLD_NEXT, name);

	if (cut_here(fd, name, (long long)len, 0))
		return -1;
	return real(fd, len);
}

int ftruncate(int fd, off_t len)
{
	return do_ftruncate("ftruncate", fd, len);
}

int ftruncate64(int fd, off_t len)
{
	return do_ftruncate("ftruncate64", fd, len);
}
