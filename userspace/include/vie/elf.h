/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF core files (/proc/kcore, /proc/vmcore, ELF dumps): the header, the
 * program headers, the PT_NOTE segment holding VMCOREINFO and, for
 * kcore, which PT_LOAD holds a physical or virtual address.  ELF32 and
 * ELF64, either byte order.  Only headers and notes are read.
 */
#ifndef VIE_ELF_H
#define VIE_ELF_H

#include "vie/io.h"
#include "vie/note.h"

#define VIE_PT_LOAD	1
#define VIE_PT_NOTE	4

struct elf_info {
	bool is_64;
	bool big_endian;
	uint16_t type;
	uint16_t machine;
	uint64_t phoff;
	uint64_t shoff;
	uint16_t phentsize;
	uint16_t shentsize;
	uint16_t shnum;
	uint32_t phnum;		/* after PN_XNUM resolution */
	bool phnum_in_section0;	/* e_phnum == PN_XNUM */
};

struct elf_segment {
	uint32_t type;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
};

/* "Mine" if the buffer starts with the ELF magic. */
bool elf_probe(const void *head, size_t len);
/* Parse an ELF header (ELF32/ELF64, either byte order, ET_CORE only). */
int elf_parse_header(const void *buf, size_t len, struct elf_info *info,
		     struct vie_error *err);
/* Section header 0 holds the real phnum when e_phnum == PN_XNUM. */
int elf_parse_section0_phnum(const void *buf, size_t len,
			     struct elf_info *info, struct vie_error *err);
/* Parse info->phnum program headers from buf (the table at e_phoff). */
int elf_parse_phdrs(const void *buf, size_t len, const struct elf_info *info,
		    struct elf_segment *segs, struct vie_error *err);
/* Size of one program header, and where program header i lies. */
size_t elf_phdr_size(const struct elf_info *info);

struct elf_file {
	const struct vie_src *src;
	struct elf_info info;
	struct elf_segment *segs;
};

int elf_file_open(struct elf_file *ef, const struct vie_src *src,
		  struct vie_error *err);
void elf_file_close(struct elf_file *ef);

/* The PT_NOTE segment that holds VMCOREINFO, read whole. */
struct elf_note_seg {
	uint32_t index;		/* program header index */
	unsigned char *data;	/* malloc'ed segment bytes */
	size_t len;
	struct note_loc loc;	/* the VMCOREINFO note inside data */
};

/* *found false (and 0) when no PT_NOTE holds VMCOREINFO. */
int elf_file_note_segment(const struct elf_file *ef, struct elf_note_seg *ns,
			  bool *found, struct vie_error *err);
/* Its text, malloc'ed (not NUL-terminated). */
int elf_file_find_vmcoreinfo(const struct elf_file *ef, char **text,
			     size_t *text_len, bool *found,
			     struct vie_error *err);

/*
 * /proc/kcore: the file offset of [addr, addr + len) in a PT_LOAD, found
 * by p_paddr (filled for RAM since commit 464920104bf7 ("/proc/kcore:
 * update physical address for kcore ram and text"), v4.11; 0 or (u64)-1
 * elsewhere) or by p_vaddr.  False if no segment holds all of it.
 */
bool elf_file_paddr_offset(const struct elf_file *ef, uint64_t paddr,
			   uint64_t len, uint64_t *off);
bool elf_file_vaddr_offset(const struct elf_file *ef, uint64_t vaddr,
			   uint64_t len, uint64_t *off);

#endif /* VIE_ELF_H */
