// SPDX-License-Identifier: GPL-2.0
/* The flattened format; see vie/flat.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vie/flat.h"

#define FLAT_TYPE	1	/* TYPE_FLAT_HEADER */
#define FLAT_VERSION	1	/* VERSION_FLAT_HEADER */
#define FLAT_SIG_LEN	16	/* SIG_LEN_MDF */

bool flat_probe(const void *head, size_t len)
{
	const unsigned char *p = head;

	return len >= FLAT_SIG_LEN + 8 &&
	       memcmp(p, FLAT_SIGNATURE, sizeof(FLAT_SIGNATURE)) == 0 &&
	       load_u64(p + FLAT_SIG_LEN, true) == FLAT_TYPE;
}

void flat_encode_record(unsigned char out[FLAT_RECORD_HEADER], int64_t off,
			int64_t size)
{
	store_u64(out, (uint64_t)off, true);
	store_u64(out + 8, (uint64_t)size, true);
}

static int add_record(struct flat_stream *fs, size_t *cap,
		      const struct flat_record *r, struct vie_error *err)
{
	if (fs->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct flat_record *n;

		if (ncap > VIE_MAX_FLAT_RECORDS)
			ncap = VIE_MAX_FLAT_RECORDS;
		if (fs->count == ncap)
			return vie_fail(err, "flattened stream has more than %u "
					"records", VIE_MAX_FLAT_RECORDS);
		n = realloc(fs->recs, ncap * sizeof(*n));
		if (!n)
			return vie_nomem(err);
		fs->recs = n;
		*cap = ncap;
	}
	fs->recs[fs->count++] = *r;
	return 0;
}

int flat_open(struct flat_stream *fs, int fd, uint64_t file_size,
	      struct vie_error *err)
{
	unsigned char h[FLAT_SIG_LEN + 16];
	uint64_t pos = FLAT_HEADER_SIZE, version;
	size_t cap = 0;

	memset(fs, 0, sizeof(*fs));
	fs->fd = fd;
	fs->file_size = file_size;
	if (file_size < FLAT_HEADER_SIZE)
		return vie_fail(err, "truncated flattened header (%" PRIu64
				" bytes)", file_size);
	if (vie_pread_all(fd, h, sizeof(h), 0, err))
		return -1;
	if (!flat_probe(h, sizeof(h)))
		return vie_fail(err, "not a flattened makedumpfile stream");
	version = load_u64(h + FLAT_SIG_LEN + 8, true);
	if (version != FLAT_VERSION)
		return vie_fail(err, "flattened format version %" PRIu64
				" unknown (version %d known)", version,
				FLAT_VERSION);
	for (;;) {
		unsigned char rh[FLAT_RECORD_HEADER];
		struct flat_record r;
		int64_t off, size;

		/* pos <= file_size holds: every record fits the file. */
		if (file_size - pos < FLAT_RECORD_HEADER) {
			flat_close(fs);
			return vie_fail(err, "flattened stream ends at offset "
					"0x%" PRIx64 " without an end marker "
					"(truncated?)", pos);
		}
		if (vie_pread_all(fd, rh, sizeof(rh), pos, err)) {
			flat_close(fs);
			return -1;
		}
		off = (int64_t)load_u64(rh, true);
		size = (int64_t)load_u64(rh + 8, true);
		if (off == -1 && size == -1) {
			fs->end_at = pos;
			return 0;
		}
		r.data_at = pos + FLAT_RECORD_HEADER;
		if (off < 0 || size <= 0 ||
		    (uint64_t)size > file_size - r.data_at ||
		    (uint64_t)off > UINT64_MAX / 2 - (uint64_t)size) {
			flat_close(fs);
			return vie_fail(err, "flattened record %zu at offset 0x%"
					PRIx64 " is bad (offset %" PRId64
					", size %" PRId64 ")", fs->count, pos,
					off, size);
		}
		r.off = (uint64_t)off;
		r.size = (uint64_t)size;
		if (add_record(fs, &cap, &r, err)) {
			flat_close(fs);
			return -1;
		}
		if (r.off + r.size > fs->dump_size)
			fs->dump_size = r.off + r.size;
		pos = r.data_at + r.size;
	}
}

void flat_close(struct flat_stream *fs)
{
	free(fs->recs);
	fs->recs = NULL;
	fs->count = 0;
}

/* The dump bytes [off, off + len), later records winning. */
static int flat_read(const struct vie_src *src, void *buf, size_t len,
		     uint64_t off, struct vie_error *err)
{
	const struct flat_stream *fs = src->ctx;
	unsigned char *out = buf;
	size_t i;

	if (!vie_range_in(off, len, fs->dump_size))
		return vie_fail(err, "unexpected end of the dump at offset "
				"0x%" PRIx64, off);
	memset(buf, 0, len);
	for (i = 0; i < fs->count; i++) {
		const struct flat_record *r = &fs->recs[i];
		uint64_t a, b;

		if (!vie_overlap(off, len, r->off, r->size, &a, &b))
			continue;
		if (vie_pread_all(fs->fd, out + (a - off), (size_t)(b - a),
				  r->data_at + (a - r->off), err))
			return -1;
	}
	return 0;
}

void flat_src(struct vie_src *src, const struct flat_stream *fs)
{
	memset(src, 0, sizeof(*src));
	src->fd = fs->fd;
	src->size = fs->dump_size;
	src->read = flat_read;
	src->ctx = fs;
}

int flat_locate(const struct flat_stream *fs, uint64_t off, uint64_t len,
		uint64_t *file_off, struct vie_error *err)
{
	const struct flat_record *hit = NULL;
	size_t i, n = 0;

	for (i = 0; i < fs->count; i++) {
		const struct flat_record *r = &fs->recs[i];

		if (r->off < off + len && off < r->off + r->size) {
			hit = r;
			n++;
		}
	}
	if (n != 1 || hit->off > off || off + len > hit->off + hit->size)
		return vie_fail_kind(err, VIE_ERR_REFUSED, "dump bytes 0x%"
				     PRIx64 "-0x%" PRIx64 " are written by "
				     "%zu records of the stream, not one",
				     off, off + len, n);
	*file_off = hit->data_at + (off - hit->off);
	return 0;
}
