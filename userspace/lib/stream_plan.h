/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside amend --stream (vie/stream.h): stream_io.c moves the bytes
 * (buffered, flushed before any read that may wait), stream.c decides
 * what to do with them.
 */
#ifndef VIE_STREAM_PLAN_H
#define VIE_STREAM_PLAN_H

#include "amend_plan.h"
#include "vie/flat.h"
#include "vie/stream.h"

#define STREAM_IO_BUF	(1u << 20)
/* Pieces at least this large are written without a copy. */
#define STREAM_DIRECT	(64u << 10)
#define STREAM_FIELDS	DISKDUMP_SUB_NOTE_FIELDS_LEN

struct held {
	uint64_t off, size;
	size_t at;		/* its record header in the hold buffer */
};

struct stream {
	int in_fd, out_fd;
	unsigned char *in, *out;
	size_t in_pos, in_len, out_len;
	bool eof;
	struct stream_report *rep;
	/* before the decision */
	struct vie_buf hold;
	struct held *recs;
	size_t nrecs;
	bool short_read;	/* a held read found bytes not yet there */
	struct vie_src src;	/* the dump as far as it is held */
	uint64_t dump_end;
	/* after it */
	uint64_t fields_at;
	unsigned char fields[STREAM_FIELDS];
	bool fields_held;
};

/* Write n bytes (buffered). */
int stream_put(struct stream *s, const void *p, size_t n,
	       struct vie_error *err);
int stream_flush_out(struct stream *s, struct vie_error *err);
/* A record: its header, then size bytes of data. */
int stream_put_record(struct stream *s, uint64_t off, uint64_t size,
		      const void *data, struct vie_error *err);
/*
 * At least n (<= STREAM_IO_BUF) bytes of input at s->in + s->in_pos, or
 * all there are at its end: *got.  Output is flushed before any read
 * that may wait, so that nothing waits on us.
 */
int stream_fill(struct stream *s, size_t n, size_t *got,
		struct vie_error *err);
/* Take n bytes of input, appended to `to` (if not NULL) and written out
 * (if to_out); *got is fewer than n only at the end of the input. */
int stream_take(struct stream *s, uint64_t n, struct vie_buf *to, bool to_out,
		uint64_t *got, struct vie_error *err);
/* Everything that is left, written as it is. */
int stream_copy_rest(struct stream *s, struct vie_error *err);
/* Peek at a record header: 1 (*off, *size), 0 at the end of the input
 * (the bytes of a partial header are left unread), -1 on error. */
int stream_record_header(struct stream *s, int64_t *off, int64_t *size,
			 struct vie_error *err);
/* Negative, empty, or past any dump a stream can describe. */
bool stream_record_bad(int64_t off, int64_t size);

#endif /* VIE_STREAM_PLAN_H */
