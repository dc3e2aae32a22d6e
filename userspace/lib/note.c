// SPDX-License-Identifier: GPL-2.0
/*
 * ELF notes. A note is a 12-byte header (n_namesz, n_descsz, n_type, the
 * same in ELF32 and ELF64), the name padded to 4 bytes, the descriptor
 * padded to 4 bytes. VMCOREINFO is named "VMCOREINFO" (n_namesz 11 with
 * the NUL), type 0, and the kernel puts an all-zero note header after it
 * (kernel/crash_core.c: final_note()).
 */
#include <string.h>

#include "vmcoreinfo_ext.h"

#define NHDR_SIZE	12
#define VMCOREINFO_NAME	"VMCOREINFO"
#define VMCOREINFO_NAMESZ 11u

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int note_find_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			 const void **desc, size_t *desc_len, bool *found,
			 struct vie_error *err)
{
	const unsigned char *p = buf;
	size_t pos = 0;
	unsigned index = 0;

	*found = false;
	*desc = NULL;
	*desc_len = 0;
	while (pos < len) {
		uint32_t namesz, descsz, type;
		size_t name_off, desc_off, rest;

		rest = len - pos;
		if (rest < NHDR_SIZE)
			return vie_fail(err, "truncated note header at offset "
					"%zu", pos);
		namesz = load_u32(p + pos, big_endian);
		descsz = load_u32(p + pos + 4, big_endian);
		type = load_u32(p + pos + 8, big_endian);
		if (namesz == 0 && descsz == 0 && type == 0)
			break;	/* the kernel's final empty note */
		if (namesz == 0)
			return vie_fail(err, "note %u at offset %zu has an "
					"empty name", index, pos);
		name_off = pos + NHDR_SIZE;
		if (namesz > len - name_off)
			return vie_fail(err, "note %u: n_namesz %u overruns "
					"the segment", index, namesz);
		desc_off = name_off + align4(namesz);
		if (desc_off > len || descsz > len - desc_off)
			return vie_fail(err, "note %u: n_descsz %u overruns "
					"the segment", index, descsz);
		if (namesz == VMCOREINFO_NAMESZ &&
		    memcmp(p + name_off, VMCOREINFO_NAME, VMCOREINFO_NAMESZ) == 0) {
			if (descsz > VIE_MAX_NOTE_TEXT)
				return vie_fail(err, "VMCOREINFO note too "
						"large (%u bytes, limit %u)",
						descsz, VIE_MAX_NOTE_TEXT);
			if (descsz == 0)
				return vie_fail(err, "VMCOREINFO note is "
						"empty");
			*desc = p + desc_off;
			*desc_len = descsz;
			*found = true;
			return 0;
		}
		/* The last note's descriptor padding may be cut off. */
		pos = desc_off + descsz;
		pos = align4(pos) <= len ? align4(pos) : len;
		index++;
	}
	return 0;
}

int note_check_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			  const void **desc, size_t *desc_len,
			  struct vie_error *err)
{
	const unsigned char *p = buf;
	uint32_t namesz, descsz, type;
	size_t desc_off = NHDR_SIZE + align4(VMCOREINFO_NAMESZ);

	if (len < desc_off)
		return vie_fail(err, "note buffer too small (%zu bytes)", len);
	namesz = load_u32(p, big_endian);
	descsz = load_u32(p + 4, big_endian);
	type = load_u32(p + 8, big_endian);
	if (namesz != VMCOREINFO_NAMESZ ||
	    memcmp(p + NHDR_SIZE, VMCOREINFO_NAME, VMCOREINFO_NAMESZ) != 0)
		return vie_fail(err, "no VMCOREINFO note at this address "
				"(n_namesz %u)", namesz);
	if (type != 0)
		return vie_fail(err, "VMCOREINFO note has type %u, not 0",
				type);
	if (descsz == 0)
		return vie_fail(err, "VMCOREINFO note is empty");
	if (descsz > len - desc_off)
		return vie_fail(err, "VMCOREINFO n_descsz %u exceeds the "
				"advertised note size %zu", descsz, len);
	*desc = p + desc_off;
	*desc_len = descsz;
	return 0;
}

void note_build_vmcoreinfo(struct vie_buf *out, const char *text,
			   size_t text_len)
{
	static const char zeros[NHDR_SIZE];
	unsigned char hdr[NHDR_SIZE];
	uint32_t fields[3] = { VMCOREINFO_NAMESZ, (uint32_t)text_len, 0 };
	char name[12] = VMCOREINFO_NAME;

	/* Host byte order, as the kernel writes it. */
	memcpy(hdr, fields, sizeof(hdr));
	buf_append(out, hdr, sizeof(hdr));
	buf_append(out, name, sizeof(name));
	buf_append(out, text, text_len);
	buf_append(out, zeros, align4(text_len) - text_len);
	buf_append(out, zeros, sizeof(zeros));
}
