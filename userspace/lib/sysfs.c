// SPDX-License-Identifier: GPL-2.0
/* The text of sysfs files; see vie/sysfs.h. */
#include <inttypes.h>
#include <string.h>

#include "vie/sysfs.h"
#include "vie/vmcoreinfo.h"

/* One hex token of /sys/kernel/vmcoreinfo, with or without 0x. */
static int sysfs_hex_token(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp;
	char tok[24];
	size_t n = 0;

	while (p < end && *p != ' ' && *p != '\n') {
		if (n + 1 >= sizeof(tok))
			return -1;
		tok[n++] = *p++;
	}
	tok[n] = '\0';
	if (n == 0 || parse_hex_u64(tok, out))
		return -1;
	*pp = p;
	return 0;
}

int sysfs_vmcoreinfo_parse(const void *buf, size_t len, uint64_t *paddr,
			   uint64_t *size, struct vie_error *err)
{
	const char *p = buf, *end = p + len;

	if (len == 0)
		return vie_fail(err, "file is empty");
	if (memchr(buf, '\0', len))
		return vie_fail(err, "NUL byte in \"<paddr> <size>\"; "
				"expected hexadecimal text");
	if (sysfs_hex_token(&p, end, paddr) || p >= end || *p++ != ' ' ||
	    sysfs_hex_token(&p, end, size) ||
	    (p < end && !(*p == '\n' && p + 1 == end)))
		return vie_fail(err, "expected \"<paddr> <size>\" in "
				"hexadecimal, got \"%.*s\"",
				(int)(len > 60 ? 60 : len - (end[-1] == '\n')),
				(const char *)buf);
	if (*paddr == 0)
		return vie_fail(err, "note address is 0");
	if (*size < 24 || *size > VIE_MAX_NOTE_TEXT)
		return vie_fail(err, "note size 0x%" PRIx64 " out of range",
				*size);
	if (*paddr > UINT64_MAX - *size)
		return vie_fail(err, "note address + size overflows");
	return 0;
}

int sysfs_value_parse(const void *buf, size_t len, uint64_t *value,
		      struct vie_error *err)
{
	char tmp[32];
	const char *p = buf;
	int64_t v;

	if (len > 0 && p[len - 1] == '\n')
		len--;
	if (len == 0 || len >= sizeof(tmp) || memchr(p, '\0', len))
		return vie_fail(err, "bad value");
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	if (tmp[0] == '0' && tmp[1] == 'x') {
		if (parse_hex_u64(tmp, value))
			return vie_fail(err, "bad hexadecimal value \"%s\"",
					tmp);
		return 0;
	}
	if (parse_number_value(tmp, &v))
		return vie_fail(err, "bad value \"%s\"", tmp);
	*value = (uint64_t)v;
	return 0;
}
