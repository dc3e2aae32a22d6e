/* SPDX-License-Identifier: GPL-2.0 */
/*
 * makedumpfile's flattened format (-F, what Debian's kdump-tools always
 * writes): a 4096-byte header starting "makedumpfile" with type 1, then
 * records, each a big-endian {int64 offset; int64 buf_size} followed by
 * buf_size bytes that belong at `offset` of the dump it stands for, and
 * an end marker {-1, -1}.  makedumpfile -R writes the records in order
 * (a later record overwrites an earlier one); crash reads the stream
 * directly, sorting the records by offset (its makedumpfile.c).
 *
 * Walking the stream reads every record header: O(records), never the
 * data.  A struct vie_src over it reads the dump it stands for.
 */
#ifndef VIE_FLAT_H
#define VIE_FLAT_H

#include "vie/io.h"

#define FLAT_SIGNATURE		"makedumpfile"
#define FLAT_HEADER_SIZE	4096	/* MAX_SIZE_MDF_HEADER */
#define FLAT_RECORD_HEADER	16	/* struct makedumpfile_data_header */

struct flat_record {
	uint64_t off;		/* where the data belongs in the dump */
	uint64_t size;
	uint64_t data_at;	/* where the data is in the stream file */
};

struct flat_stream {
	int fd;
	uint64_t file_size;
	struct flat_record *recs;
	size_t count;
	uint64_t end_at;	/* the end marker's position in the file */
	uint64_t dump_size;	/* the rebuilt dump's size */
};

/* "Mine" if the buffer starts with the flattened header. */
bool flat_probe(const void *head, size_t len);
/* Walk every record header; the end marker must be there. */
int flat_open(struct flat_stream *fs, int fd, uint64_t file_size,
	      struct vie_error *err);
void flat_close(struct flat_stream *fs);
/* A source reading the rebuilt dump (holes read as zeros, as in crash). */
void flat_src(struct vie_src *src, const struct flat_stream *fs);
/*
 * The stream-file offset of dump bytes [off, off + len) when exactly one
 * record holds them all and no other record overlaps them, so that an
 * in-place change there is what both makedumpfile -R and crash read.
 */
int flat_locate(const struct flat_stream *fs, uint64_t off, uint64_t len,
		uint64_t *file_off, struct vie_error *err);
/* A record header / the end marker, as stored. */
void flat_encode_record(unsigned char out[FLAT_RECORD_HEADER], int64_t off,
			int64_t size);

#endif /* VIE_FLAT_H */
