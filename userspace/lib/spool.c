// SPDX-License-Identifier: GPL-2.0
/*
 * A dump that arrives on a pipe (vmcoreinfo-ext verify -), kept in an
 * anonymous memory file as far as a reader of its headers and notes needs
 * it, at most some tens of MiB whatever the dump's size: see vie/dumpfile.h.
 *
 * Plain (ELF core, kdump-compressed): the first SPOOL_HEAD bytes (headers,
 * notes, an ELF core's gap with amend's notes and record) and the last
 * SPOOL_TAIL (a kdump-compressed dump's amended notes and amend record) at
 * their offsets in a sparse file of the input's size.
 *
 * Flattened (makedumpfile -F): the stream with only the records that
 * write dump bytes below SPOOL_HEAD or in the notes the kdump sub-header
 * points at (as far as the records read so far tell: the fields that
 * point at amended notes always come before them), its end marker and
 * what follows it (amend's record), at most SPOOL_TAIL bytes of it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vie/diskdump.h"
#include "vie/dumpfile.h"

#define SPOOL_HEAD	(16u << 20)
#define SPOOL_TAIL	(4u << 20)
#define SPOOL_KEEP	(48u << 20)	/* flattened: record data kept */
#define SPOOL_IMG	(1u << 20)	/* flattened: dump bytes tracked */
#define SPOOL_WINDOWS	8
#define SPOOL_BUF	(1u << 20)

struct spool {
	int in, out;
	unsigned char *buf;
	uint64_t total;			/* bytes read */
	uint64_t out_pos;
	unsigned char *img;		/* dump bytes [0, SPOOL_IMG) */
	uint64_t win[SPOOL_WINDOWS][2];
	size_t nwin;
	uint64_t kept;
};

/* Up to len bytes of input; *got < len only at its end. */
static int take(struct spool *s, void *p, size_t len, size_t *got,
		struct vie_error *err)
{
	*got = 0;
	while (*got < len) {
		ssize_t n = read(s->in, (char *)p + *got, len - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vie_fail_os(err, errno, "read failed");
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	s->total += *got;
	return 0;
}

static int put(struct spool *s, const void *p, size_t len, uint64_t at,
	       struct vie_error *err)
{
	return vie_pwrite_all(s->out, p, len, at, err);
}

/*
 * Read to the end of the input and write its last SPOOL_TAIL bytes (or
 * all of it, if less) at `at` + (their distance from where this began),
 * or at `at` itself when `packed`; *rest is how much there was.
 */
static int keep_last(struct spool *s, uint64_t at, bool packed,
		     uint64_t *rest, struct vie_error *err)
{
	unsigned char *ring = malloc(SPOOL_TAIL);
	uint64_t start = s->total, n;
	size_t got, pos, chunk;
	int rc = -1;

	if (!ring)
		return vie_nomem(err);
	for (;;) {
		pos = (size_t)((s->total - start) % SPOOL_TAIL);
		chunk = SPOOL_TAIL - pos < SPOOL_BUF ? SPOOL_TAIL - pos
						     : SPOOL_BUF;
		if (take(s, ring + pos, chunk, &got, err))
			goto out;
		if (got < chunk)
			break;
	}
	*rest = s->total - start;
	n = *rest < SPOOL_TAIL ? *rest : SPOOL_TAIL;
	pos = (size_t)(*rest % SPOOL_TAIL);
	if (!packed)
		at += *rest - n;
	/* Oldest first: with a full ring, [pos, end) then [0, pos). */
	if (n == SPOOL_TAIL) {
		rc = put(s, ring + pos, SPOOL_TAIL - pos, at, err) ||
		     put(s, ring, pos, at + (SPOOL_TAIL - pos), err) ? -1 : 0;
	} else {
		rc = put(s, ring, (size_t)n, at, err);
	}
out:
	free(ring);
	return rc;
}

static int spool_plain(struct spool *s, struct vie_error *err)
{
	uint64_t rest;
	size_t got;

	/* The head, straight into the file. */
	while (s->total < SPOOL_HEAD) {
		if (take(s, s->buf, SPOOL_BUF, &got, err) ||
		    put(s, s->buf, got, s->total - got, err))
			return -1;
		if (got < SPOOL_BUF)
			return 0;
	}
	return keep_last(s, s->total, false, &rest, err) ||
	       vie_ftruncate(s->out, s->total, err) ? -1 : 0;
}

/* The kdump sub-header fields as the records so far have them: the
 * notes they point at are kept too. */
static void add_windows(struct spool *s)
{
	struct diskdump_header dh;
	struct vie_error e = { .source = "" };
	const unsigned char *f;
	uint64_t v[4];
	size_t i, j;

	if (diskdump_parse_header(s->img, DISKDUMP_HEADER_SIZE, &dh, &e) ||
	    (uint64_t)dh.block_size + DISKDUMP_SUB_NOTE_FIELDS + 32 > SPOOL_IMG)
		return;
	f = s->img + dh.block_size + DISKDUMP_SUB_NOTE_FIELDS;
	for (i = 0; i < 4; i++)
		v[i] = load_u64(f + 8 * i, dh.big_endian);
	for (i = 0; i < 4; i += 2) {
		if (!v[i + 1] || v[i + 1] > VIE_MAX_NOTE_SEGMENT ||
		    v[i] > UINT64_MAX / 2)
			continue;
		for (j = 0; j < s->nwin; j++)
			if (s->win[j][0] == v[i] && s->win[j][1] == v[i + 1])
				break;
		if (j == s->nwin && s->nwin < SPOOL_WINDOWS) {
			s->win[s->nwin][0] = v[i];
			s->win[s->nwin++][1] = v[i + 1];
		}
	}
}

static bool wanted(const struct spool *s, uint64_t off, uint64_t size)
{
	uint64_t a, b;
	size_t i;

	if (off < SPOOL_HEAD)
		return true;
	for (i = 0; i < s->nwin; i++)
		if (vie_overlap(off, size, s->win[i][0], s->win[i][1], &a, &b))
			return true;
	return false;
}

/* One record of size bytes at dump offset off: kept, or read past. */
static int record(struct spool *s, const unsigned char rh[16], uint64_t off,
		  uint64_t size, struct vie_error *err)
{
	bool keep = wanted(s, off, size);
	uint64_t left = size, a, b;
	size_t got, n;

	if (keep) {
		if (size > SPOOL_KEEP - s->kept)
			return vie_fail(err, "more than %u MiB of records hold "
					"headers and notes: too much to keep "
					"from a pipe", SPOOL_KEEP >> 20);
		s->kept += size;
		if (put(s, rh, FLAT_RECORD_HEADER, s->out_pos, err))
			return -1;
		s->out_pos += FLAT_RECORD_HEADER;
	}
	while (left) {
		n = left < SPOOL_BUF ? (size_t)left : SPOOL_BUF;
		if (take(s, s->buf, n, &got, err))
			return -1;
		if (got < n)
			return vie_fail(err, "the stream ends inside a record "
					"(cut short?)");
		if (keep && put(s, s->buf, n, s->out_pos, err))
			return -1;
		if (keep)
			s->out_pos += n;
		if (vie_overlap(off + (size - left), n, 0, SPOOL_IMG, &a, &b))
			memcpy(s->img + a, s->buf + (a - (off + size - left)),
			       (size_t)(b - a));
		left -= n;
	}
	if (off < SPOOL_IMG)
		add_windows(s);
	return 0;
}

static int spool_flat(struct spool *s, const unsigned char *head,
		      struct vie_error *err)
{
	unsigned char rh[FLAT_RECORD_HEADER];
	uint64_t rest;
	size_t got;
	int64_t off, size;

	if (put(s, head, FLAT_HEADER_SIZE, 0, err))
		return -1;
	s->out_pos = FLAT_HEADER_SIZE;
	s->img = calloc(1, SPOOL_IMG);
	if (!s->img)
		return vie_nomem(err);
	for (;;) {
		if (take(s, rh, sizeof(rh), &got, err))
			return -1;
		if (got < sizeof(rh))
			return vie_fail(err, "flattened stream ends without an "
					"end marker (cut short?)");
		off = (int64_t)load_u64(rh, true);
		size = (int64_t)load_u64(rh + 8, true);
		if (off == -1 && size == -1)
			break;
		if (off < 0 || size <= 0 || (uint64_t)off > UINT64_MAX / 4)
			return vie_fail(err, "flattened record at offset 0x%"
					PRIx64 " is bad (offset %" PRId64
					", size %" PRId64 ")", s->total - 16,
					off, size);
		if (record(s, rh, (uint64_t)off, (uint64_t)size, err))
			return -1;
	}
	if (put(s, rh, sizeof(rh), s->out_pos, err))
		return -1;
	s->out_pos += sizeof(rh);
	/* What follows the end marker (amend's record), as it comes. */
	return keep_last(s, s->out_pos, true, &rest, err);
}

int dumpfile_spool(int in_fd, int *out_fd, struct vie_error *err)
{
	struct spool s = { .in = in_fd, .out = -1 };
	unsigned char head[FLAT_HEADER_SIZE];
	size_t got;
	int rc = -1;

	s.out = memfd_create("vmcoreinfo-ext-spool", MFD_CLOEXEC);
	if (s.out < 0)
		return vie_fail_os(err, errno, "cannot create a memory file");
	s.buf = malloc(SPOOL_BUF);
	if (!s.buf) {
		rc = vie_nomem(err);
		goto out;
	}
	if (take(&s, head, sizeof(head), &got, err))
		goto out;
	if (got == sizeof(head) && flat_probe(head, got)) {
		rc = spool_flat(&s, head, err);
	} else {
		rc = put(&s, head, got, 0, err);
		if (rc == 0 && got == sizeof(head))
			rc = spool_plain(&s, err);
	}
out:
	free(s.img);
	free(s.buf);
	if (rc) {
		close(s.out);
		return -1;
	}
	*out_fd = s.out;
	return 0;
}
