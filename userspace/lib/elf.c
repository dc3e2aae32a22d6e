// SPDX-License-Identifier: GPL-2.0
/* ELF core files; see vie/elf.h. */
#include <stdlib.h>
#include <string.h>

#include "vie/elf.h"

#define EI_NIDENT	16
#define ET_CORE		4
#define PN_XNUM		0xffff
#define EHDR64_SIZE	64
#define EHDR32_SIZE	52
#define PHDR64_SIZE	56
#define PHDR32_SIZE	32
#define SHDR64_SIZE	64
#define SHDR32_SIZE	40

bool elf_probe(const void *head, size_t len)
{
	return len >= 4 && memcmp(head, "\177ELF", 4) == 0;
}

size_t elf_phdr_size(const struct elf_info *info)
{
	return info->is_64 ? PHDR64_SIZE : PHDR32_SIZE;
}

int elf_parse_header(const void *buf, size_t len, struct elf_info *info,
		     struct vie_error *err)
{
	const unsigned char *p = buf;
	bool be;
	uint32_t version;

	memset(info, 0, sizeof(*info));
	if (!elf_probe(buf, len))
		return vie_fail(err, "not an ELF file");
	if (len < EI_NIDENT)
		return vie_fail(err, "truncated ELF header");
	if (p[4] != 1 && p[4] != 2)
		return vie_fail(err, "bad ELF class %u", p[4]);
	if (p[5] != 1 && p[5] != 2)
		return vie_fail(err, "bad ELF data encoding %u", p[5]);
	info->is_64 = p[4] == 2;
	info->big_endian = be = p[5] == 2;
	if (len < (info->is_64 ? EHDR64_SIZE : EHDR32_SIZE))
		return vie_fail(err, "truncated ELF header");

	info->type = load_u16(p + 16, be);
	info->machine = load_u16(p + 18, be);
	version = load_u32(p + 20, be);
	if (version != 1)
		return vie_fail(err, "bad ELF version %u", version);
	if (info->type != ET_CORE)
		return vie_fail(err, "not an ELF core file (e_type %u)",
				info->type);
	if (info->is_64) {
		info->phoff = load_u64(p + 32, be);
		info->shoff = load_u64(p + 40, be);
		info->phentsize = load_u16(p + 54, be);
		info->phnum = load_u16(p + 56, be);
		info->shentsize = load_u16(p + 58, be);
		info->shnum = load_u16(p + 60, be);
	} else {
		info->phoff = load_u32(p + 28, be);
		info->shoff = load_u32(p + 32, be);
		info->phentsize = load_u16(p + 42, be);
		info->phnum = load_u16(p + 44, be);
		info->shentsize = load_u16(p + 46, be);
		info->shnum = load_u16(p + 48, be);
	}
	if (info->phnum == PN_XNUM) {
		/* The real count is in section header 0's sh_info. */
		info->phnum_in_section0 = true;
		if (info->shoff == 0)
			return vie_fail(err, "e_phnum is PN_XNUM but there is "
					"no section header 0");
		if (info->shentsize != (info->is_64 ? SHDR64_SIZE : SHDR32_SIZE))
			return vie_fail(err, "bad e_shentsize %u",
					info->shentsize);
		return 0;
	}
	if (info->phnum == 0)
		return vie_fail(err, "ELF file has no program headers");
	if (info->phentsize != elf_phdr_size(info))
		return vie_fail(err, "bad e_phentsize %u", info->phentsize);
	return 0;
}

int elf_parse_section0_phnum(const void *buf, size_t len,
			     struct elf_info *info, struct vie_error *err)
{
	const unsigned char *p = buf;

	if (len < (info->is_64 ? SHDR64_SIZE : SHDR32_SIZE))
		return vie_fail(err, "truncated section header 0");
	info->phnum = load_u32(p + (info->is_64 ? 44 : 28), info->big_endian);
	if (info->phnum == 0)
		return vie_fail(err, "ELF file has no program headers");
	if (info->phnum > VIE_MAX_PHNUM)
		return vie_fail(err, "too many program headers (%u, limit %u)",
				info->phnum, VIE_MAX_PHNUM);
	if (info->phentsize != elf_phdr_size(info))
		return vie_fail(err, "bad e_phentsize %u", info->phentsize);
	return 0;
}

int elf_parse_phdrs(const void *buf, size_t len, const struct elf_info *info,
		    struct elf_segment *segs, struct vie_error *err)
{
	const unsigned char *p = buf;
	size_t size = elf_phdr_size(info);
	bool be = info->big_endian;
	uint32_t i;

	if (info->phnum > VIE_MAX_PHNUM)
		return vie_fail(err, "too many program headers (%u, limit %u)",
				info->phnum, VIE_MAX_PHNUM);
	if (len / size < info->phnum)
		return vie_fail(err, "truncated program header table");
	for (i = 0; i < info->phnum; i++, p += size) {
		struct elf_segment *s = &segs[i];

		s->type = load_u32(p, be);
		if (info->is_64) {
			s->offset = load_u64(p + 8, be);
			s->vaddr = load_u64(p + 16, be);
			s->paddr = load_u64(p + 24, be);
			s->filesz = load_u64(p + 32, be);
			s->memsz = load_u64(p + 40, be);
		} else {
			s->offset = load_u32(p + 4, be);
			s->vaddr = load_u32(p + 8, be);
			s->paddr = load_u32(p + 12, be);
			s->filesz = load_u32(p + 16, be);
			s->memsz = load_u32(p + 20, be);
		}
		if (s->offset > UINT64_MAX - s->filesz)
			return vie_fail(err, "program header %u: p_offset + "
					"p_filesz overflows", i);
	}
	return 0;
}

int elf_file_open(struct elf_file *ef, const struct vie_src *src,
		  struct vie_error *err)
{
	unsigned char ehdr[EHDR64_SIZE] = { 0 };
	uint64_t size = src->size;
	unsigned char *table;
	size_t table_len, head;

	memset(ef, 0, sizeof(*ef));
	ef->src = src;
	/* A file shorter than an ELF64 header may still be a valid ELF32. */
	head = size && size < sizeof(ehdr) ? (size_t)size : sizeof(ehdr);
	if (vie_src_read(src, ehdr, head, 0, err) ||
	    elf_parse_header(ehdr, head, &ef->info, err))
		return -1;

	if (ef->info.phnum_in_section0) {
		unsigned char shdr[SHDR64_SIZE];
		size_t sz = ef->info.is_64 ? SHDR64_SIZE : SHDR32_SIZE;

		if (!vie_range_in(ef->info.shoff, sz, size))
			return vie_fail(err, "section header 0 lies past the "
					"end of the file");
		if (vie_src_read(src, shdr, sz, ef->info.shoff, err) ||
		    elf_parse_section0_phnum(shdr, sz, &ef->info, err))
			return -1;
	}
	if (ef->info.phnum > VIE_MAX_PHNUM)
		return vie_fail(err, "too many program headers (%u, limit %u)",
				ef->info.phnum, VIE_MAX_PHNUM);

	table_len = (size_t)ef->info.phnum * ef->info.phentsize;
	if (!vie_range_in(ef->info.phoff, table_len, size))
		return vie_fail(err, "program header table (e_phoff 0x%llx, "
				"%u entries) lies past the end of the file",
				(unsigned long long)ef->info.phoff,
				ef->info.phnum);
	table = malloc(table_len);
	ef->segs = calloc(ef->info.phnum, sizeof(*ef->segs));
	if (!table || !ef->segs) {
		free(table);
		elf_file_close(ef);
		return vie_nomem(err);
	}
	if (vie_src_read(src, table, table_len, ef->info.phoff, err) ||
	    elf_parse_phdrs(table, table_len, &ef->info, ef->segs, err)) {
		free(table);
		elf_file_close(ef);
		return -1;
	}
	free(table);
	return 0;
}

void elf_file_close(struct elf_file *ef)
{
	free(ef->segs);
	ef->segs = NULL;
}

int elf_file_note_segment(const struct elf_file *ef, struct elf_note_seg *ns,
			  bool *found, struct vie_error *err)
{
	uint32_t i;

	*found = false;
	memset(ns, 0, sizeof(*ns));
	for (i = 0; i < ef->info.phnum; i++) {
		const struct elf_segment *s = &ef->segs[i];
		unsigned char *seg;

		if (s->type != VIE_PT_NOTE)
			continue;
		if (s->filesz == 0)
			return vie_fail(err, "PT_NOTE segment %u is empty", i);
		if (s->offset % 4)
			return vie_fail(err, "PT_NOTE segment %u is misaligned "
					"(p_offset 0x%llx)", i,
					(unsigned long long)s->offset);
		if (s->filesz > VIE_MAX_NOTE_SEGMENT)
			return vie_fail(err, "PT_NOTE segment %u too large "
					"(%llu bytes, limit %u)", i,
					(unsigned long long)s->filesz,
					VIE_MAX_NOTE_SEGMENT);
		if (!vie_range_in(s->offset, s->filesz, ef->src->size))
			return vie_fail(err, "PT_NOTE segment %u (offset 0x%llx"
					", size %llu) lies past the end of the "
					"file", i,
					(unsigned long long)s->offset,
					(unsigned long long)s->filesz);
		seg = malloc((size_t)s->filesz);
		if (!seg)
			return vie_nomem(err);
		if (vie_src_read(ef->src, seg, (size_t)s->filesz, s->offset,
				 err)) {
			free(seg);
			return -1;
		}
		if (note_find_vmcoreinfo(seg, (size_t)s->filesz,
					 ef->info.big_endian, &ns->loc, found,
					 err)) {
			free(seg);
			return vie_prefix(err, "PT_NOTE segment %u", i);
		}
		if (*found) {
			ns->index = i;
			ns->data = seg;
			ns->len = (size_t)s->filesz;
			return 0;
		}
		free(seg);
	}
	return 0;
}

int elf_file_find_vmcoreinfo(const struct elf_file *ef, char **text,
			     size_t *text_len, bool *found,
			     struct vie_error *err)
{
	struct elf_note_seg ns;

	*text = NULL;
	*text_len = 0;
	if (elf_file_note_segment(ef, &ns, found, err))
		return -1;
	if (!*found)
		return 0;
	*text = malloc(ns.loc.desc_len);
	if (!*text) {
		free(ns.data);
		return vie_nomem(err);
	}
	memcpy(*text, ns.data + ns.loc.desc_off, ns.loc.desc_len);
	*text_len = ns.loc.desc_len;
	free(ns.data);
	return 0;
}

static bool in_segment(const struct elf_segment *s, uint64_t start,
		       uint64_t addr, uint64_t len, uint64_t *off)
{
	if (s->type != VIE_PT_LOAD || addr < start ||
	    addr - start > s->filesz || len > s->filesz - (addr - start))
		return false;
	*off = s->offset + (addr - start);
	return true;
}

bool elf_file_paddr_offset(const struct elf_file *ef, uint64_t paddr,
			   uint64_t len, uint64_t *off)
{
	uint32_t i;

	for (i = 0; i < ef->info.phnum; i++) {
		const struct elf_segment *s = &ef->segs[i];

		if (s->paddr == 0 || s->paddr == UINT64_MAX)
			continue;	/* not RAM: no physical address */
		if (in_segment(s, s->paddr, paddr, len, off))
			return true;
	}
	return false;
}

bool elf_file_vaddr_offset(const struct elf_file *ef, uint64_t vaddr,
			   uint64_t len, uint64_t *off)
{
	uint32_t i;

	for (i = 0; i < ef->info.phnum; i++)
		if (in_segment(&ef->segs[i], ef->segs[i].vaddr, vaddr, len,
			       off))
			return true;
	return false;
}
