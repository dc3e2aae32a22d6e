// SPDX-License-Identifier: GPL-2.0
/*
 * makedumpfile's kdump-compressed format (diskdump_mod.h): a
 * struct disk_dump_header at offset 0 ("KDUMP   "), a struct
 * kdump_sub_header at offset block_size. From header_version 3 the sub
 * header gives offset_vmcoreinfo/size_vmcoreinfo: the VMCOREINFO text.
 * Only the 64-bit layout (x86_64, arm64, ppc64, s390x) is handled.
 *
 * The flattened format (makedumpfile -F) starts with "makedumpfile" and
 * has to be rebuilt with makedumpfile -R first.
 */
#include <stdlib.h>
#include <string.h>

#include "vmcoreinfo_ext.h"

/* struct disk_dump_header on an LP64 machine */
#define KH_VERSION	8
#define KH_RELEASE	(12 + 2 * 65)
#define KH_BLOCK_SIZE	428
/* struct kdump_sub_header on an LP64 machine */
#define KSH_OFFSET_VMCOREINFO	32
#define KSH_SIZE_VMCOREINFO	40

#define KDUMP_MAX_BLOCK_SIZE	(1u << 20)

bool kdump_is_flattened(const void *buf, size_t len)
{
	return len >= strlen(KDUMP_FLAT_SIGNATURE) &&
	       memcmp(buf, KDUMP_FLAT_SIGNATURE,
		      strlen(KDUMP_FLAT_SIGNATURE)) == 0;
}

int kdump_parse_header(const void *buf, size_t len, struct kdump_header *hdr,
		       struct vie_error *err)
{
	const unsigned char *p = buf;
	uint32_t v_le, v_be;

	memset(hdr, 0, sizeof(*hdr));
	if (len < 8 || memcmp(p, KDUMP_SIGNATURE, 8) != 0)
		return vie_fail(err, "not a kdump-compressed file");
	if (len < KDUMP_HEADER_SIZE)
		return vie_fail(err, "truncated kdump header (%zu bytes)",
				len);
	/* The file is in the dumped machine's byte order. */
	v_le = load_u32(p + KH_VERSION, false);
	v_be = load_u32(p + KH_VERSION, true);
	if (v_le >= 1 && v_le <= 0xffff) {
		hdr->big_endian = false;
	} else if (v_be >= 1 && v_be <= 0xffff) {
		hdr->big_endian = true;
	} else {
		return vie_fail(err, "bad kdump header_version 0x%x", v_le);
	}
	hdr->header_version = (int32_t)(hdr->big_endian ? v_be : v_le);
	hdr->block_size = load_u32(p + KH_BLOCK_SIZE, hdr->big_endian);
	if (hdr->block_size < KDUMP_HEADER_SIZE ||
	    hdr->block_size > KDUMP_MAX_BLOCK_SIZE ||
	    (hdr->block_size & (hdr->block_size - 1)))
		return vie_fail(err, "bad kdump block_size %u",
				hdr->block_size);
	memcpy(hdr->release, p + KH_RELEASE, 65);
	hdr->release[65] = '\0';
	if (hdr->header_version < 3)
		return vie_fail(err, "kdump header version %d carries no "
				"VMCOREINFO (version 3 or later needed)",
				hdr->header_version);
	return 0;
}

int kdump_parse_sub_header(const void *buf, size_t len,
			   const struct kdump_header *hdr,
			   struct kdump_sub_header *sub,
			   struct vie_error *err)
{
	const unsigned char *p = buf;

	memset(sub, 0, sizeof(*sub));
	if (len < KDUMP_SUB_HEADER_SIZE)
		return vie_fail(err, "truncated kdump sub-header");
	sub->offset_vmcoreinfo = load_u64(p + KSH_OFFSET_VMCOREINFO,
					  hdr->big_endian);
	sub->size_vmcoreinfo = load_u64(p + KSH_SIZE_VMCOREINFO,
					hdr->big_endian);
	if (sub->offset_vmcoreinfo == 0 || sub->size_vmcoreinfo == 0)
		return vie_fail(err, "kdump file carries no VMCOREINFO "
				"(offset_vmcoreinfo/size_vmcoreinfo is 0)");
	if (sub->size_vmcoreinfo > VIE_MAX_NOTE_TEXT)
		return vie_fail(err, "kdump size_vmcoreinfo too large (%llu "
				"bytes, limit %u)",
				(unsigned long long)sub->size_vmcoreinfo,
				VIE_MAX_NOTE_TEXT);
	if (sub->offset_vmcoreinfo > UINT64_MAX - sub->size_vmcoreinfo)
		return vie_fail(err, "kdump offset_vmcoreinfo overflows");
	return 0;
}

int kdump_file_read_vmcoreinfo(int fd, uint64_t file_size, char **text,
			       size_t *text_len, struct vie_error *err)
{
	unsigned char head[KDUMP_HEADER_SIZE];
	unsigned char sub_buf[KDUMP_SUB_HEADER_SIZE];
	struct kdump_header hdr;
	struct kdump_sub_header sub;
	size_t len;
	char *data;

	*text = NULL;
	*text_len = 0;
	if (file_size < sizeof(head))
		return vie_fail(err, "truncated kdump header (%llu bytes)",
				(unsigned long long)file_size);
	if (pread_exact(fd, head, sizeof(head), 0, err) ||
	    kdump_parse_header(head, sizeof(head), &hdr, err))
		return -1;
	if ((uint64_t)hdr.block_size + sizeof(sub_buf) > file_size)
		return vie_fail(err, "kdump sub-header at offset %u lies past "
				"the end of the file", hdr.block_size);
	if (pread_exact(fd, sub_buf, sizeof(sub_buf), hdr.block_size, err) ||
	    kdump_parse_sub_header(sub_buf, sizeof(sub_buf), &hdr, &sub, err))
		return -1;
	if (sub.offset_vmcoreinfo + sub.size_vmcoreinfo > file_size)
		return vie_fail(err, "kdump VMCOREINFO (offset 0x%llx, size "
				"%llu) lies past the end of the file",
				(unsigned long long)sub.offset_vmcoreinfo,
				(unsigned long long)sub.size_vmcoreinfo);
	len = (size_t)sub.size_vmcoreinfo;
	data = malloc(len);
	if (!data)
		return vie_fail(err, "out of memory");
	if (pread_exact(fd, data, len, sub.offset_vmcoreinfo, err)) {
		free(data);
		return -1;
	}
	/* Tolerate NUL padding after the text, nothing else. */
	while (len > 0 && data[len - 1] == '\0')
		len--;
	if (len == 0) {
		free(data);
		return vie_fail(err, "kdump VMCOREINFO is empty");
	}
	*text = data;
	*text_len = len;
	return 0;
}
