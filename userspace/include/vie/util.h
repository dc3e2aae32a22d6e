/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bottom of the library: size limits, errors, a growable buffer,
 * byte-order loads and stores, CRC-32.  Depends on nothing else.
 */
#ifndef VIE_UTIL_H
#define VIE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Upper bounds for anything read from an untrusted file. */
#define VIE_MAX_NOTE_TEXT	(1u << 20)	/* VMCOREINFO text: 1 MiB */
#define VIE_MAX_NOTE_SEGMENT	(16u << 20)	/* one PT_NOTE segment */
#define VIE_MAX_PHNUM		65536u		/* program headers */
#define VIE_MAX_LINE		1024u		/* makedumpfile reads 1500 */
#define VIE_MAX_SMALL_FILE	(64u << 10)	/* sysfs files, saved files */
#define VIE_MAX_FLAT_RECORDS	(1u << 22)	/* flattened stream records */

/*
 * What went wrong, as after drgn's struct drgn_error: a kind, the errno of
 * a failed system call, where (a path or a source name) and a message.
 * Callers decide on the kind (an absent note is not a corrupt one) and
 * never look at the global errno of a call made by another layer.
 */
enum vie_error_kind {
	VIE_ERR_NONE,
	VIE_ERR_CORRUPT,	/* the input is malformed */
	VIE_ERR_ABSENT,		/* what was looked for is not there */
	VIE_ERR_OS,		/* a system call failed: errnum says why */
	VIE_ERR_REFUSED,	/* valid input that a rule refuses */
	VIE_ERR_NOMEM,
};

struct vie_error {
	enum vie_error_kind kind;
	int errnum;		/* VIE_ERR_OS: the errno */
	char source[256];	/* a path or a source name */
	char message[512];	/* what is wrong, no newline */
};

/* Set kind CORRUPT and the message (printf-style); returns -1. */
int vie_fail(struct vie_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same with another kind. */
int vie_fail_kind(struct vie_error *err, enum vie_error_kind kind,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Kind OS with errnum; ": <strerror(errnum)>" is appended. */
int vie_fail_os(struct vie_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vie_nomem(struct vie_error *err);
/* Prepend "<prefix>: " (printf-style) to the message; returns -1. */
int vie_prefix(struct vie_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set the source, replacing one already set. */
void vie_error_set_source(struct vie_error *err, const char *source);

/* ---- growable byte buffer ------------------------------------------- */

struct vie_buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed;	/* an allocation failed: the content is incomplete */
};

void buf_append(struct vie_buf *b, const void *data, size_t len);
void buf_printf(struct vie_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(struct vie_buf *b);

/* ---- byte order ------------------------------------------------------- */

uint16_t load_u16(const unsigned char *p, bool big_endian);
uint32_t load_u32(const unsigned char *p, bool big_endian);
uint64_t load_u64(const unsigned char *p, bool big_endian);
void store_u32(unsigned char *p, uint32_t v, bool big_endian);
void store_u64(unsigned char *p, uint64_t v, bool big_endian);
bool host_is_big_endian(void);

/* CRC-32 (IEEE 802.3, as zlib's crc32()). */
uint32_t vie_crc32(const void *data, size_t len);

static inline uint64_t vie_align(uint64_t n, uint64_t to)
{
	return (n + to - 1) & ~(to - 1);
}

/* [*a, *b): where [off, off + len) and [at, at + size) overlap; false if
 * they do not. */
static inline bool vie_overlap(uint64_t off, uint64_t len, uint64_t at,
			       uint64_t size, uint64_t *a, uint64_t *b)
{
	*a = off > at ? off : at;
	*b = off + len < at + size ? off + len : at + size;
	return *a < *b;
}

#endif /* VIE_UTIL_H */
