// SPDX-License-Identifier: GPL-2.0
/* amend --stream: moving the bytes; see stream_plan.h. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "stream_plan.h"

int stream_flush_out(struct stream *s, struct vie_error *err)
{
	if (s->out_len && vie_write_all(s->out_fd, s->out, s->out_len, err))
		return vie_prefix(err, "standard output");
	s->rep->bytes_out += s->out_len;
	s->out_len = 0;
	return 0;
}

int stream_put(struct stream *s, const void *p, size_t n,
	       struct vie_error *err)
{
	/* Large pieces (page data passing through) go out as they are,
	 * without a copy; what is buffered goes first. */
	if ((s->out_len + n > STREAM_IO_BUF ||
	     (n >= STREAM_DIRECT && s->out_len)) && stream_flush_out(s, err))
		return -1;
	if (n >= STREAM_DIRECT) {
		if (vie_write_all(s->out_fd, p, n, err))
			return vie_prefix(err, "standard output");
		s->rep->bytes_out += n;
		return 0;
	}
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
	return 0;
}

/*
 * At least n (<= STREAM_IO_BUF) bytes of input in s->in from s->in_pos, or all
 * there are at its end: *got.  What was written is flushed before any
 * read that may wait, so that nothing waits on us.
 */
int stream_fill(struct stream *s, size_t n, size_t *got, struct vie_error *err)
{
	if (s->in_len - s->in_pos < n && !s->eof) {
		memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
		s->in_len -= s->in_pos;
		s->in_pos = 0;
		if (stream_flush_out(s, err))
			return -1;
	}
	while (s->in_len - s->in_pos < n && !s->eof) {
		ssize_t r = read(s->in_fd, s->in + s->in_len, STREAM_IO_BUF - s->in_len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return vie_fail_os(err, errno, "standard input: read "
					   "failed");
		if (r == 0)
			s->eof = true;
		s->in_len += (size_t)r;
		s->rep->bytes_in += (uint64_t)r;
	}
	*got = s->in_len - s->in_pos < n ? s->in_len - s->in_pos : n;
	return 0;
}

/*
 * Take n bytes of input (into to, if not NULL; to out, if to_out); *got as
 * stream_fill().  Bytes only passing through move on as they come, in
 * whatever pieces read() gives: no waiting for a whole record, no moving
 * it about in s->in.
 */
int stream_take(struct stream *s, uint64_t n, struct vie_buf *to,
		bool to_out, uint64_t *got, struct vie_error *err)
{
	*got = 0;
	while (*got < n) {
		size_t want = n - *got < STREAM_IO_BUF ? (size_t)(n - *got) : STREAM_IO_BUF;
		size_t have;

		if (stream_fill(s, to ? want : 1, &have, err))
			return -1;
		if (have == 0)
			return 0;
		have = s->in_len - s->in_pos < want ? s->in_len - s->in_pos : want;
		if (to)
			buf_append(to, s->in + s->in_pos, have);
		if (to_out && stream_put(s, s->in + s->in_pos, have, err))
			return -1;
		s->in_pos += have;
		*got += have;
	}
	return to && to->failed ? vie_nomem(err) : 0;
}

/* Everything that is left, as it is. */
int stream_copy_rest(struct stream *s, struct vie_error *err)
{
	uint64_t got;

	do {
		if (stream_take(s, STREAM_IO_BUF, NULL, true, &got, err))
			return -1;
	} while (got == STREAM_IO_BUF);
	return 0;
}

int stream_put_record(struct stream *s, uint64_t off, uint64_t size,
		      const void *data, struct vie_error *err)
{
	unsigned char h[FLAT_RECORD_HEADER];

	flat_encode_record(h, (int64_t)off, (int64_t)size);
	return stream_put(s, h, sizeof(h), err) || stream_put(s, data, (size_t)size, err);
}

/* Read a record header: 1 (*off, *size), 0 at the end of the input (the
 * bytes of a partial header are written), -1 on error. */
int stream_record_header(struct stream *s, int64_t *off, int64_t *size,
			 struct vie_error *err)
{
	size_t got;

	if (stream_fill(s, FLAT_RECORD_HEADER, &got, err))
		return -1;
	if (got < FLAT_RECORD_HEADER) {
		s->rep->truncated = true;	/* the bytes stay, for later */
		return 0;
	}
	*off = (int64_t)load_u64(s->in + s->in_pos, true);
	*size = (int64_t)load_u64(s->in + s->in_pos + 8, true);
	return 1;
}

bool stream_record_bad(int64_t off, int64_t size)
{
	return off < 0 || size <= 0 ||
	       (uint64_t)off > UINT64_MAX / 2 - (uint64_t)size;
}

