// SPDX-License-Identifier: GPL-2.0
/* Errors, a growable buffer, byte order, CRC-32. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vie/util.h"

static int fail_v(struct vie_error *err, enum vie_error_kind kind, int errnum,
		  const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind;
	err->errnum = errnum;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return -1;
}

int vie_fail(struct vie_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_v(err, VIE_ERR_CORRUPT, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int vie_fail_kind(struct vie_error *err, enum vie_error_kind kind,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_v(err, kind, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int vie_fail_os(struct vie_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	va_start(ap, fmt);
	fail_v(err, VIE_ERR_OS, errnum, fmt, ap);
	va_end(ap);
	if (err) {
		used = strlen(err->message);
		snprintf(err->message + used, sizeof(err->message) - used,
			 ": %s", strerror(errnum));
	}
	return -1;
}

int vie_nomem(struct vie_error *err)
{
	return vie_fail_kind(err, VIE_ERR_NOMEM, "out of memory");
}

int vie_prefix(struct vie_error *err, const char *fmt, ...)
{
	char old[sizeof(err->message)];
	char prefix[256];
	va_list ap;

	if (!err)
		return -1;
	memcpy(old, err->message, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	snprintf(err->message, sizeof(err->message), "%s: %s", prefix, old);
	return -1;
}

void vie_error_set_source(struct vie_error *err, const char *source)
{
	if (err)
		snprintf(err->source, sizeof(err->source), "%s", source);
}

void buf_append(struct vie_buf *b, const void *data, size_t len)
{
	if (b->failed)
		return;
	if (len > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap - b->len < len) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->data, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
}

void buf_printf(struct vie_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		buf_append(b, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (!big) {
			b->failed = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		buf_append(b, big, (size_t)n);
		free(big);
	}
}

void buf_free(struct vie_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

uint16_t load_u16(const unsigned char *p, bool big_endian)
{
	unsigned int hi = big_endian ? p[0] : p[1];
	unsigned int lo = big_endian ? p[1] : p[0];

	return (uint16_t)((hi << 8 | lo) & 0xffffu);
}

uint32_t load_u32(const unsigned char *p, bool big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

uint64_t load_u64(const unsigned char *p, bool big_endian)
{
	uint64_t hi, lo;

	if (big_endian) {
		hi = load_u32(p, true);
		lo = load_u32(p + 4, true);
	} else {
		lo = load_u32(p, false);
		hi = load_u32(p + 4, false);
	}
	return hi << 32 | lo;
}

void store_u32(unsigned char *p, uint32_t v, bool big_endian)
{
	int i;

	for (i = 0; i < 4; i++)
		p[big_endian ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

void store_u64(unsigned char *p, uint64_t v, bool big_endian)
{
	int i;

	for (i = 0; i < 8; i++)
		p[big_endian ? 7 - i : i] = (unsigned char)(v >> (8 * i));
}

bool host_is_big_endian(void)
{
	const uint16_t one = 1;
	unsigned char first;

	memcpy(&first, &one, 1);
	return first == 0;
}

uint32_t vie_crc32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t crc = 0xffffffffu;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}
