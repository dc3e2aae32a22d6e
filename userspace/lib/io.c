// SPDX-License-Identifier: GPL-2.0
/* File I/O with retries; see vie/io.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vie/io.h"

static int plain_read(const struct vie_src *src, void *buf, size_t len,
		      uint64_t off, struct vie_error *err)
{
	return vie_pread_all(src->fd, buf, len, off, err);
}

void vie_src_plain(struct vie_src *src, int fd, uint64_t size)
{
	memset(src, 0, sizeof(*src));
	src->fd = fd;
	src->size = size;
	src->read = plain_read;
}

bool vie_range_in(uint64_t off, uint64_t len, uint64_t size)
{
	if (off > UINT64_MAX - len)
		return false;
	return size == 0 || off + len <= size;
}

int vie_open(const char *path, int flags, int *fd, uint64_t *size,
	     struct vie_error *err)
{
	struct stat st;
	int e;

	*size = 0;
	*fd = open(path, flags | O_CLOEXEC);
	if (*fd < 0) {
		e = errno;
		vie_error_set_source(err, path);
		vie_fail_os(err, e, "cannot open");
		if (e == ENOENT && err)
			err->kind = VIE_ERR_ABSENT;
		return -1;
	}
	if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode))
		*size = (uint64_t)st.st_size;
	return 0;
}

static int check_off(uint64_t off, size_t len, struct vie_error *err)
{
	if (off > (uint64_t)INT64_MAX - len)
		return vie_fail(err, "offset 0x%" PRIx64 " out of range", off);
	return 0;
}

int vie_pread_upto(int fd, void *buf, size_t len, uint64_t off, size_t *got,
		   struct vie_error *err)
{
	char *p = buf;

	*got = 0;
	if (check_off(off, len, err))
		return -1;
	while (*got < len) {
		ssize_t n = pread(fd, p + *got, len - *got,
				  (off_t)(off + *got));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return vie_fail_os(err, errno, "read of %zu bytes at "
					   "offset 0x%" PRIx64 " failed",
					   len - *got, off + *got);
		}
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int vie_pread_all(int fd, void *buf, size_t len, uint64_t off,
		  struct vie_error *err)
{
	size_t got;

	if (vie_pread_upto(fd, buf, len, off, &got, err))
		return -1;
	if (got < len)
		return vie_fail(err, "unexpected end of file at offset 0x%"
				PRIx64, off + got);
	return 0;
}

int vie_pwrite_all(int fd, const void *buf, size_t len, uint64_t off,
		   struct vie_error *err)
{
	const char *p = buf;

	if (check_off(off, len, err))
		return -1;
	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return vie_fail_os(err, errno, "write of %zu bytes at "
					   "offset 0x%" PRIx64 " failed", len,
					   off);
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int vie_write_all(int fd, const void *buf, size_t len, struct vie_error *err)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return vie_fail_os(err, errno, "write failed");
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int vie_fsync(int fd, struct vie_error *err)
{
	if (fsync(fd))
		return vie_fail_os(err, errno, "fsync failed");
	return 0;
}

int vie_ftruncate(int fd, uint64_t size, struct vie_error *err)
{
	if (size > INT64_MAX)
		return vie_fail(err, "size 0x%" PRIx64 " out of range", size);
	while (ftruncate(fd, (off_t)size)) {
		if (errno != EINTR)
			return vie_fail_os(err, errno, "truncate to %" PRIu64
					   " bytes failed", size);
	}
	return 0;
}

static int read_upto(int fd, char *buf, size_t len, size_t *got,
		     struct vie_error *err)
{
	*got = 0;
	while (*got < len) {
		ssize_t n = read(fd, buf + *got, len - *got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return vie_fail_os(err, errno, "read failed");
		}
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int vie_read_small_file(const char *path, size_t cap, char **data,
			size_t *len, struct vie_error *err)
{
	uint64_t size;
	size_t got;
	char *buf;
	int fd, rc;

	*data = NULL;
	*len = 0;
	if (vie_open(path, O_RDONLY, &fd, &size, err))
		return -1;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return vie_nomem(err);
	}
	/* sysfs files have no size, pipes no offsets: read() up to cap + 1
	 * bytes to see the end. */
	rc = read_upto(fd, buf, cap + 1, &got, err);
	if (rc == 0 && got > cap)
		rc = vie_fail(err, "file too large (limit %zu bytes)", cap);
	close(fd);
	if (rc) {
		free(buf);
		vie_error_set_source(err, path);
		return -1;
	}
	*data = buf;
	*len = got;
	return 0;
}

int vie_write_file_atomic(const char *path, const void *data, size_t len,
			  struct vie_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, dfd;

	if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof(dir), ".");
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >=
	    sizeof(tmp))
		return vie_fail_kind(err, VIE_ERR_REFUSED, "path too long");
	/* mkstemp's 0600 stays: the text holds KASLR offsets. */
	fd = mkstemp(tmp);
	if (fd < 0)
		return vie_fail_os(err, errno, "cannot create a temporary "
				   "file");
	if (vie_write_all(fd, data, len, err) || vie_fsync(fd, err)) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd)) {
		vie_fail_os(err, errno, "write failed");
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		vie_fail_os(err, errno, "cannot rename the temporary file");
		unlink(tmp);
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}
