/* SPDX-License-Identifier: GPL-2.0 */
/*
 * makedumpfile's kdump-compressed format (its diskdump_mod.h): a struct
 * disk_dump_header at offset 0 ("KDUMP   "), a struct kdump_sub_header at
 * offset block_size.  From header_version 3 the sub-header points at the
 * VMCOREINFO text (offset_vmcoreinfo/size_vmcoreinfo), from 4 at the ELF
 * notes of the dumped kernel (offset_note/size_note), which makedumpfile
 * 1.6 and 1.7 write so that the VMCOREINFO text is the descriptor of the
 * VMCOREINFO note inside them.  Only the LP64 layout (x86_64, arm64,
 * ppc64, s390x) is handled.
 */
#ifndef VIE_DISKDUMP_H
#define VIE_DISKDUMP_H

#include "vie/io.h"

#define DISKDUMP_SIGNATURE	"KDUMP   "
#define DISKDUMP_HEADER_SIZE	464	/* struct disk_dump_header, LP64 */
#define DISKDUMP_SUB_HEADER_SIZE 104	/* struct kdump_sub_header, v6 */
/* offset_vmcoreinfo, size_vmcoreinfo, offset_note, size_note: 32 bytes
 * at this offset in the sub-header, the fields an amend rewrites. */
#define DISKDUMP_SUB_NOTE_FIELDS 32
#define DISKDUMP_SUB_NOTE_FIELDS_LEN 32
/* disk_dump_header.status: makedumpfile could not write everything. */
#define DUMP_DH_COMPRESSED_INCOMPLETE 0x8

struct diskdump_header {
	bool big_endian;
	int32_t header_version;
	uint32_t status;
	uint32_t block_size;
	uint32_t sub_hdr_size;	/* in blocks */
	char release[66];
	char machine[66];
};

struct diskdump_sub_header {
	int32_t split;
	uint64_t offset_vmcoreinfo;
	uint64_t size_vmcoreinfo;
	uint64_t offset_note;	/* 0 before header_version 4 */
	uint64_t size_note;
};

struct diskdump_file {
	const struct vie_src *src;
	struct diskdump_header hdr;
	struct diskdump_sub_header sub;
};

/* "Mine" if the buffer starts with the signature. */
bool diskdump_probe(const void *head, size_t len);
int diskdump_parse_header(const void *buf, size_t len,
			  struct diskdump_header *hdr, struct vie_error *err);
int diskdump_parse_sub_header(const void *buf, size_t len,
			      const struct diskdump_header *hdr,
			      struct diskdump_sub_header *sub,
			      struct vie_error *err);
/* Header and sub-header, checked against the file's size. */
int diskdump_open(struct diskdump_file *df, const struct vie_src *src,
		  struct vie_error *err);
/* The VMCOREINFO text at offset_vmcoreinfo, NUL padding dropped. */
int diskdump_read_vmcoreinfo(const struct diskdump_file *df, char **text,
			     size_t *text_len, struct vie_error *err);
/* The notes at offset_note (header_version 4 and later). */
int diskdump_read_notes(const struct diskdump_file *df, unsigned char **notes,
			size_t *len, struct vie_error *err);
/* The four sub-header fields as they are stored in this dump. */
void diskdump_encode_note_fields(const struct diskdump_header *hdr,
				 uint64_t offset_vmcoreinfo,
				 uint64_t size_vmcoreinfo,
				 uint64_t offset_note, uint64_t size_note,
				 unsigned char out[DISKDUMP_SUB_NOTE_FIELDS_LEN]);

#endif /* VIE_DISKDUMP_H */
