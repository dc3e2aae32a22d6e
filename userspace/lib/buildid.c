// SPDX-License-Identifier: GPL-2.0
/* The kernel's build ID; see vie/buildid.h. */
#include <string.h>

#include "vie/buildid.h"
#include "vie/note.h"

int build_id_from_notes(const void *buf, size_t len, bool big_endian,
			char hex[VIE_BUILD_ID_HEX_SIZE], struct vie_error *err)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = buf;
	struct note_loc loc;
	bool found;
	size_t i;

	hex[0] = '\0';
	if (note_find(buf, len, big_endian, "GNU", false, VIE_NT_GNU_BUILD_ID,
		      &loc, &found, err))
		return -1;
	if (!found)
		return vie_fail_kind(err, VIE_ERR_ABSENT, "no GNU build-id "
				     "note (name \"GNU\", type %d) among %zu "
				     "bytes of notes", VIE_NT_GNU_BUILD_ID,
				     len);
	if (loc.desc_len == 0)
		return vie_fail(err, "the GNU build-id note is empty");
	if (loc.desc_len > VIE_BUILD_ID_MAX)
		return vie_fail(err, "the GNU build-id note holds %zu bytes "
				"(a build ID has at most %d)", loc.desc_len,
				VIE_BUILD_ID_MAX);
	for (i = 0; i < loc.desc_len; i++) {
		hex[2 * i] = digits[p[loc.desc_off + i] >> 4];
		hex[2 * i + 1] = digits[p[loc.desc_off + i] & 0xf];
	}
	hex[2 * loc.desc_len] = '\0';
	return 0;
}

bool build_id_valid(const char *value)
{
	size_t n = strlen(value), i;

	if (n == 0 || n % 2 || n > 2 * VIE_BUILD_ID_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((value[i] >= '0' && value[i] <= '9') ||
		      (value[i] >= 'a' && value[i] <= 'f')))
			return false;
	return true;
}
