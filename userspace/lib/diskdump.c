// SPDX-License-Identifier: GPL-2.0
/* The kdump-compressed format; see vie/diskdump.h. */
#include <stdlib.h>
#include <string.h>

#include "vie/diskdump.h"

/* struct disk_dump_header on an LP64 machine */
#define DH_VERSION	8
#define DH_UTSNAME	12	/* struct new_utsname: 6 x 65 bytes */
#define DH_RELEASE	(DH_UTSNAME + 2 * 65)
#define DH_MACHINE	(DH_UTSNAME + 4 * 65)
#define DH_STATUS	424
#define DH_BLOCK_SIZE	428
#define DH_SUB_HDR_SIZE	432
/* struct kdump_sub_header on an LP64 machine */
#define KSH_SPLIT	12
#define KSH_OFFSET_VMCOREINFO	32
#define KSH_SIZE_VMCOREINFO	40
#define KSH_OFFSET_NOTE		48
#define KSH_SIZE_NOTE		56

#define DISKDUMP_MAX_BLOCK_SIZE	(1u << 20)

bool diskdump_probe(const void *head, size_t len)
{
	return len >= 8 && memcmp(head, DISKDUMP_SIGNATURE, 8) == 0;
}

int diskdump_parse_header(const void *buf, size_t len,
			  struct diskdump_header *hdr, struct vie_error *err)
{
	const unsigned char *p = buf;
	uint32_t v_le, v_be;

	memset(hdr, 0, sizeof(*hdr));
	if (!diskdump_probe(buf, len))
		return vie_fail(err, "not a kdump-compressed file");
	if (len < DISKDUMP_HEADER_SIZE)
		return vie_fail(err, "truncated kdump header (%zu bytes)",
				len);
	/* The file is in the dumped machine's byte order. */
	v_le = load_u32(p + DH_VERSION, false);
	v_be = load_u32(p + DH_VERSION, true);
	if (v_le >= 1 && v_le <= 0xffff)
		hdr->big_endian = false;
	else if (v_be >= 1 && v_be <= 0xffff)
		hdr->big_endian = true;
	else
		return vie_fail(err, "bad kdump header_version 0x%x", v_le);
	hdr->header_version = (int32_t)(hdr->big_endian ? v_be : v_le);
	hdr->status = load_u32(p + DH_STATUS, hdr->big_endian);
	hdr->block_size = load_u32(p + DH_BLOCK_SIZE, hdr->big_endian);
	hdr->sub_hdr_size = load_u32(p + DH_SUB_HDR_SIZE, hdr->big_endian);
	if (hdr->block_size < DISKDUMP_HEADER_SIZE ||
	    hdr->block_size > DISKDUMP_MAX_BLOCK_SIZE ||
	    (hdr->block_size & (hdr->block_size - 1)))
		return vie_fail(err, "bad kdump block_size %u",
				hdr->block_size);
	memcpy(hdr->release, p + DH_RELEASE, 65);
	memcpy(hdr->machine, p + DH_MACHINE, 65);
	if (hdr->header_version < 3)
		return vie_fail(err, "kdump header version %d carries no "
				"VMCOREINFO (version 3 or later needed)",
				hdr->header_version);
	return 0;
}

int diskdump_parse_sub_header(const void *buf, size_t len,
			      const struct diskdump_header *hdr,
			      struct diskdump_sub_header *sub,
			      struct vie_error *err)
{
	const unsigned char *p = buf;
	bool be = hdr->big_endian;

	memset(sub, 0, sizeof(*sub));
	if (len < KSH_SIZE_NOTE + 8)
		return vie_fail(err, "truncated kdump sub-header");
	sub->split = (int32_t)load_u32(p + KSH_SPLIT, be);
	sub->offset_vmcoreinfo = load_u64(p + KSH_OFFSET_VMCOREINFO, be);
	sub->size_vmcoreinfo = load_u64(p + KSH_SIZE_VMCOREINFO, be);
	if (hdr->header_version >= 4) {
		sub->offset_note = load_u64(p + KSH_OFFSET_NOTE, be);
		sub->size_note = load_u64(p + KSH_SIZE_NOTE, be);
	}
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
	if (sub->size_note > VIE_MAX_NOTE_SEGMENT)
		return vie_fail(err, "kdump size_note too large (%llu bytes, "
				"limit %u)", (unsigned long long)sub->size_note,
				VIE_MAX_NOTE_SEGMENT);
	if (sub->offset_note > UINT64_MAX - sub->size_note)
		return vie_fail(err, "kdump offset_note overflows");
	return 0;
}

int diskdump_open(struct diskdump_file *df, const struct vie_src *src,
		  struct vie_error *err)
{
	unsigned char head[DISKDUMP_HEADER_SIZE];
	unsigned char sub[DISKDUMP_SUB_HEADER_SIZE];
	uint64_t size = src->size;
	struct diskdump_sub_header *s = &df->sub;

	memset(df, 0, sizeof(*df));
	df->src = src;
	if (size < sizeof(head))
		return vie_fail(err, "truncated kdump header (%llu bytes)",
				(unsigned long long)size);
	if (vie_src_read(src, head, sizeof(head), 0, err) ||
	    diskdump_parse_header(head, sizeof(head), &df->hdr, err))
		return -1;
	/* A version 3 sub-header ends before the note fields. */
	if ((uint64_t)df->hdr.block_size + KSH_SIZE_NOTE + 8 > size)
		return vie_fail(err, "kdump sub-header at offset %u lies past "
				"the end of the file", df->hdr.block_size);
	if (vie_src_read(src, sub, KSH_SIZE_NOTE + 8, df->hdr.block_size,
			 err) ||
	    diskdump_parse_sub_header(sub, KSH_SIZE_NOTE + 8, &df->hdr, s,
				      err))
		return -1;
	if (s->offset_vmcoreinfo + s->size_vmcoreinfo > size)
		return vie_fail(err, "kdump VMCOREINFO (offset 0x%llx, size "
				"%llu) lies past the end of the file",
				(unsigned long long)s->offset_vmcoreinfo,
				(unsigned long long)s->size_vmcoreinfo);
	if (s->offset_note + s->size_note > size)
		return vie_fail(err, "kdump notes (offset 0x%llx, size %llu) "
				"lie past the end of the file",
				(unsigned long long)s->offset_note,
				(unsigned long long)s->size_note);
	return 0;
}

int diskdump_read_vmcoreinfo(const struct diskdump_file *df, char **text,
			     size_t *text_len, struct vie_error *err)
{
	size_t len = (size_t)df->sub.size_vmcoreinfo;
	char *data;

	*text = NULL;
	*text_len = 0;
	data = malloc(len);
	if (!data)
		return vie_nomem(err);
	if (vie_src_read(df->src, data, len, df->sub.offset_vmcoreinfo, err)) {
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

int diskdump_read_notes(const struct diskdump_file *df, unsigned char **notes,
			size_t *len, struct vie_error *err)
{
	*notes = NULL;
	*len = 0;
	if (df->hdr.header_version < 4 || !df->sub.offset_note ||
	    !df->sub.size_note)
		return vie_fail_kind(err, VIE_ERR_ABSENT, "kdump file carries "
				     "no ELF notes (header version %d, "
				     "offset_note 0x%llx)",
				     df->hdr.header_version,
				     (unsigned long long)df->sub.offset_note);
	*notes = malloc((size_t)df->sub.size_note);
	if (!*notes)
		return vie_nomem(err);
	if (vie_src_read(df->src, *notes, (size_t)df->sub.size_note,
			 df->sub.offset_note, err)) {
		free(*notes);
		*notes = NULL;
		return -1;
	}
	*len = (size_t)df->sub.size_note;
	return 0;
}

void diskdump_encode_note_fields(const struct diskdump_header *hdr,
				 uint64_t offset_vmcoreinfo,
				 uint64_t size_vmcoreinfo,
				 uint64_t offset_note, uint64_t size_note,
				 unsigned char out[DISKDUMP_SUB_NOTE_FIELDS_LEN])
{
	store_u64(out, offset_vmcoreinfo, hdr->big_endian);
	store_u64(out + 8, size_vmcoreinfo, hdr->big_endian);
	store_u64(out + 16, offset_note, hdr->big_endian);
	store_u64(out + 24, size_note, hdr->big_endian);
}
