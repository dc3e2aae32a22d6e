// SPDX-License-Identifier: GPL-2.0
/*
 * Parser-level unit tests: every function that takes (buf, len) gets good
 * input and each kind of damage. Prints "ok"/"not ok" lines; exit status
 * is the number of failures (capped).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

int passed, failed;

void check(bool cond, const char *what, const struct vie_error *err)
{
	if (cond) {
		passed++;
		printf("ok - %s\n", what);
	} else {
		failed++;
		printf("not ok - %s%s%s\n", what, err ? ": " : "",
		       err ? err->message : "");
	}
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* host order: tests pass big_endian = host */
}

size_t note(unsigned char *p, uint32_t namesz, uint32_t descsz,
	    uint32_t type, const char *name, const char *desc)
{
	size_t pos = 12, nl = name ? strlen(name) + 1 : 0;
	size_t dl = desc ? strlen(desc) : 0;

	put32(p, namesz);
	put32(p + 4, descsz);
	put32(p + 8, type);
	memcpy(p + pos, name ? name : "", nl);
	pos += (nl + 3) & ~(size_t)3;
	memcpy(p + pos, desc ? desc : "", dl);
	return pos + ((dl + 3) & ~(size_t)3);
}

static void test_elf_header(void)
{
	unsigned char h[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	unsigned char ph[56] = { 0 };
	struct elf_info info;
	struct elf_segment seg;

	h[16] = 4;	/* ET_CORE */
	h[20] = 1;
	h[54] = 56;
	h[56] = 1;
	EXPECT_OK(elf_parse_header(h, sizeof(h), &info, err), "elf: ELF64 LE");
	check(info.is_64 && !info.big_endian && info.phnum == 1,
	      "elf: fields", NULL);
	EXPECT_FAIL(elf_parse_header("MZ", 2, &info, err), "not an ELF",
		    "elf: non-ELF");
	EXPECT_FAIL(elf_parse_header(h, 40, &info, err), "truncated",
		    "elf: truncated header");
	h[4] = 3;
	EXPECT_FAIL(elf_parse_header(h, sizeof(h), &info, err), "class",
		    "elf: bad class");
	h[4] = 2;
	h[16] = 2;
	EXPECT_FAIL(elf_parse_header(h, sizeof(h), &info, err), "core",
		    "elf: not ET_CORE");
	h[16] = 4;
	h[54] = 55;
	EXPECT_FAIL(elf_parse_header(h, sizeof(h), &info, err), "e_phentsize",
		    "elf: bad e_phentsize");
	h[54] = 56;
	h[56] = 0xff;
	h[57] = 0xff;
	EXPECT_FAIL(elf_parse_header(h, sizeof(h), &info, err), "PN_XNUM",
		    "elf: PN_XNUM without section header");
	h[40] = 64;	/* e_shoff */
	h[58] = 64;	/* e_shentsize */
	EXPECT_OK(elf_parse_header(h, sizeof(h), &info, err),
		  "elf: PN_XNUM with section header");
	{
		unsigned char sh[64] = { 0 };

		put32(sh + 44, 100000);
		EXPECT_FAIL(elf_parse_section0_phnum(sh, sizeof(sh), &info,
						     err), "too many",
			    "elf: PN_XNUM count over the cap");
		put32(sh + 44, 3);
		EXPECT_OK(elf_parse_section0_phnum(sh, sizeof(sh), &info, err),
			  "elf: PN_XNUM count from sh_info");
		check(info.phnum == 3, "elf: phnum 3 from section 0", NULL);
		EXPECT_FAIL(elf_parse_section0_phnum(sh, 20, &info, err),
			    "truncated", "elf: truncated section header");
	}
	info.phnum = 1;
	memset(ph + 8, 0xff, 8);	/* p_offset huge */
	ph[32] = 0x10;			/* p_filesz */
	EXPECT_FAIL(elf_parse_phdrs(ph, sizeof(ph), &info, &seg, err),
		    "overflows", "elf: p_offset + p_filesz overflow");
	info.phnum = 2;
	EXPECT_FAIL(elf_parse_phdrs(ph, sizeof(ph), &info, &seg, err),
		    "truncated", "elf: truncated program header table");
}

static void test_notes(void)
{
	unsigned char b[256] = { 0 };
	struct note_loc loc;
	char *text;
	size_t len, tl;
	bool found;
	bool be = host_is_big_endian();

	len = note(b, 5, 4, 1, "CORE", "abcd");
	len += note(b + len, 11, 12, 0, "VMCOREINFO", "OSRELEASE=1\n");
	memset(b + len, 0, 12);
	EXPECT_OK(note_find_vmcoreinfo(b, len + 12, be, &loc, &found,
				       err), "note: found after a CORE note");
	check(found && loc.desc_len == 12 &&
	      memcmp(b + loc.desc_off, "OSRELEASE=1\n", 12) == 0 &&
	      loc.note_off == 24 && loc.end_off == len,
	      "note: descriptor and bounds", NULL);
	EXPECT_OK(note_find_vmcoreinfo(b, 24, be, &loc, &found, err),
		  "note: segment with only a CORE note");
	check(!found, "note: not found", NULL);

	len = note(b, 200, 0, 0, "VMCOREINFO", NULL);
	EXPECT_FAIL(note_find_vmcoreinfo(b, 24, be, &loc, &found, err),
		    "n_namesz", "note: n_namesz overrun");
	len = note(b, 11, 100, 0, "VMCOREINFO", "OSRELEASE=1\n");
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &loc, &found, err),
		    "n_descsz", "note: n_descsz overrun");
	len = note(b, 11, 0xffffffffu, 0, "VMCOREINFO", NULL);
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &loc, &found, err),
		    "n_descsz", "note: n_descsz near 4 GiB");
	EXPECT_FAIL(note_find_vmcoreinfo(b, 7, be, &loc, &found, err),
		    "truncated", "note: truncated header");
	len = note(b, 0, 4, 1, NULL, "abcd");
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &loc, &found, err),
		    "empty name", "note: zero n_namesz");
	len = note(b, 11, 0, 0, "VMCOREINFO", NULL);
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &loc, &found, err),
		    "empty", "note: zero-sized VMCOREINFO");
	len = note(b, 5, 4, 1, "CORE", "abcd");
	EXPECT_FAIL(note_find_vmcoreinfo(b, len + 5, be, &loc, &found,
					 err), "truncated",
		    "note: trailing bytes after the last note");

	/* A note as it sits in memory at the sysfs address. */
	memset(b, 0, sizeof(b));
	len = note(b, 11, 12, 0, "VMCOREINFO", "OSRELEASE=1\n");
	EXPECT_OK(note_copy_vmcoreinfo(b, 64, be, &text, &tl, err),
		  "note in memory: good");
	check(tl == 12 && memcmp(text, "OSRELEASE=1\n", 12) == 0,
	      "note in memory: text copied", NULL);
	free(text);
	EXPECT_FAIL(note_copy_vmcoreinfo(b, 30, be, &text, &tl, err),
		    "advertised", "note in memory: descsz past the size");
	EXPECT_FAIL(note_copy_vmcoreinfo(b, 10, be, &text, &tl, err),
		    "too small", "note in memory: buffer too small");
	len = note(b, 11, 12, 0, "VMCOREINFX", "OSRELEASE=1\n");
	EXPECT_FAIL(note_copy_vmcoreinfo(b, 64, be, &text, &tl, err),
		    "no VMCOREINFO", "note in memory: wrong name");
	len = note(b, 10, 12, 0, "VMCOREINF", "OSRELEASE=1\n");
	EXPECT_FAIL(note_copy_vmcoreinfo(b, 64, be, &text, &tl, err),
		    "n_namesz 10", "note in memory: wrong n_namesz");
	len = note(b, 11, 12, 7, "VMCOREINFO", "OSRELEASE=1\n");
	EXPECT_FAIL(note_copy_vmcoreinfo(b, 64, be, &text, &tl, err),
		    "type 7", "note in memory: wrong type");
	{
		struct vie_buf out = { 0 };

		note_build_vmcoreinfo(&out, "A=1\nB=22\n", 9);
		check(out.len == 12 + 12 + 12 + 12 &&
		      memcmp(out.data + 12, "VMCOREINFO\0\0", 12) == 0 &&
		      memcmp(out.data + 24, "A=1\nB=22\n\0\0\0", 12) == 0,
		      "note: built in the kernel's layout", NULL);
		EXPECT_OK(note_find_vmcoreinfo(out.data, out.len, be, &loc,
					       &found, err),
			  "note: built note reads back");
		check(found && loc.desc_len == 9, "note: built note length",
		      NULL);
		buf_free(&out);
	}
	{
		/* Replacing the VMCOREINFO note keeps the others, in order. */
		struct vie_buf out = { 0 };
		size_t doff;

		len = note(b, 5, 4, 1, "CORE", "abcd");
		len += note(b + len, 11, 12, 0, "VMCOREINFO", "OSRELEASE=1\n");
		len += note(b + len, 5, 4, 2, "CORE", "wxyz");
		EXPECT_OK(note_find_vmcoreinfo(b, len, be, &loc,
					       &found, err), "note: find to "
			  "replace");
		note_replace_vmcoreinfo(&out, b, len, be, &loc,
					"OSRELEASE=1\nA=2\n", 16, &doff);
		check(out.len == len + 4 && memcmp(out.data, b, 24) == 0 &&
		      memcmp(out.data + doff, "OSRELEASE=1\nA=2\n", 16) == 0 &&
		      memcmp(out.data + out.len - 24, b + len - 24, 24) == 0,
		      "note: replaced, other notes unchanged", NULL);
		EXPECT_OK(note_find_vmcoreinfo(out.data, out.len, be, &loc,
					       &found, err),
			  "note: replaced notes read back");
		check(found && loc.desc_off == doff && loc.desc_len == 16,
		      "note: replaced descriptor found", NULL);
		buf_free(&out);
	}
}

static void test_kdump(void)
{
	unsigned char h[DISKDUMP_HEADER_SIZE] = "KDUMP   ";
	unsigned char sub[DISKDUMP_SUB_HEADER_SIZE] = { 0 };
	struct diskdump_header hdr;
	struct diskdump_sub_header sh;
	uint64_t v;

	h[8] = 6;
	h[429] = 0x10;	/* block_size 4096, LE */
	EXPECT_OK(diskdump_parse_header(h, sizeof(h), &hdr, err),
		  "kdump: good header");
	check(!hdr.big_endian && hdr.block_size == 4096 &&
	      hdr.header_version == 6, "kdump: header fields", NULL);
	EXPECT_FAIL(diskdump_parse_header(h, 100, &hdr, err), "truncated",
		    "kdump: truncated header");
	EXPECT_FAIL(diskdump_parse_header("DISKDUMP", 8, &hdr, err),
		    "not a kdump", "kdump: wrong signature");
	h[8] = 2;
	EXPECT_FAIL(diskdump_parse_header(h, sizeof(h), &hdr, err), "version 2",
		    "kdump: header_version 2 has no VMCOREINFO");
	h[8] = 6;
	h[429] = 0x11;
	EXPECT_FAIL(diskdump_parse_header(h, sizeof(h), &hdr, err), "block_size",
		    "kdump: block_size not a power of two");
	h[429] = 0x10;
	h[8] = 0;
	h[11] = 6;	/* big endian */
	h[429] = 0;
	h[430] = 0x10;
	EXPECT_OK(diskdump_parse_header(h, sizeof(h), &hdr, err),
		  "kdump: big-endian header");
	check(hdr.big_endian && hdr.block_size == 4096, "kdump: BE fields",
	      NULL);
	hdr.big_endian = false;
	v = 8192;
	memcpy(sub + 32, &v, 8);
	v = 100;
	memcpy(sub + 40, &v, 8);
	EXPECT_OK(diskdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		  "kdump: sub-header");
	check(sh.offset_vmcoreinfo == 8192 && sh.size_vmcoreinfo == 100,
	      "kdump: sub-header fields", NULL);
	v = 1ull << 30;
	memcpy(sub + 40, &v, 8);
	EXPECT_FAIL(diskdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		    "too large", "kdump: size_vmcoreinfo over the cap");
	v = 0;
	memcpy(sub + 40, &v, 8);
	EXPECT_FAIL(diskdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		    "no VMCOREINFO", "kdump: size_vmcoreinfo 0");
	v = 16;
	memcpy(sub + 40, &v, 8);
	v = UINT64_MAX - 4;
	memcpy(sub + 32, &v, 8);
	EXPECT_FAIL(diskdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		    "overflows", "kdump: offset + size overflow");
	EXPECT_FAIL(diskdump_parse_sub_header(sub, 20, &hdr, &sh, err),
		    "truncated", "kdump: truncated sub-header");
	check(flat_probe("makedumpfile\0\0\0\0\0\0\0\0\0\0\0\1", 24) &&
	      !flat_probe("makedumpfile\0\0\0\0\0\0\0\0\0\0\0\2", 24) &&
	      !flat_probe("KDUMP   ", 8), "kdump: flattened detection", NULL);
}

static void test_text(void)
{
	struct vmcoreinfo vi;
	const char *good = "OSRELEASE=6.1.0\nPAGESIZE=4096\n"
			   "NUMBER(phys_base)=-131391639519232\n"
			   "NUMBER(PHYS_OFFSET)=0xffff000000000000\n"
			   "KEY=a=b\n";
	int64_t v;
	uint64_t u;

	EXPECT_OK(vmcoreinfo_parse(good, strlen(good), VMCI_REQUIRE_OSRELEASE,
				   &vi, err), "text: good");
	check(vi.count == 5 && vi.entries[2].has_number &&
	      vi.entries[2].number == -131391639519232 &&
	      vi.entries[3].number == (int64_t)0xffff000000000000ull &&
	      strcmp(vi.entries[4].value, "a=b") == 0,
	      "text: values and split at the first '='", NULL);
	vmcoreinfo_free(&vi);
	EXPECT_OK(vmcoreinfo_parse("OSRELEASE=1", 11, VMCI_REQUIRE_OSRELEASE,
				   &vi, err), "text: last line without newline");
	vmcoreinfo_free(&vi);
	EXPECT_FAIL(vmcoreinfo_parse("PAGESIZE=1\n", 11,
				     VMCI_REQUIRE_OSRELEASE, &vi, err),
		    "no OSRELEASE", "text: no OSRELEASE");
	EXPECT_FAIL(vmcoreinfo_parse("OSRELEASE=\n", 11,
				     VMCI_REQUIRE_OSRELEASE, &vi, err),
		    "no OSRELEASE", "text: empty OSRELEASE");
	EXPECT_FAIL(vmcoreinfo_parse("OSRELEASE=1\nfoo\n", 16, 0, &vi, err),
		    "line 2 has no '='", "text: line without '='");
	EXPECT_FAIL(vmcoreinfo_parse("=1\n", 3, 0, &vi, err), "empty key",
		    "text: empty key");
	EXPECT_FAIL(vmcoreinfo_parse("A=1\0B=2\n", 8, 0, &vi, err),
		    "NUL byte at offset 3", "text: NUL byte");
	EXPECT_FAIL(vmcoreinfo_parse("", 0, 0, &vi, err), "empty",
		    "text: empty");
	EXPECT_FAIL(vmcoreinfo_parse("A=1\n\nB=2\n", 9, 0, &vi, err),
		    "line 2 is empty", "text: blank line in a note");
	EXPECT_FAIL(vmcoreinfo_parse("# c\nA=1\n", 8, 0, &vi, err),
		    "has no '='", "text: comment not allowed in a note");
	EXPECT_FAIL(vmcoreinfo_parse("NUMBER(x)=9223372036854775808\n", 30,
				     0, &vi, err), "fits in a long",
		    "text: NUMBER overflows long");
	EXPECT_FAIL(vmcoreinfo_parse("NUMBER(x)=0x10000000000000000\n", 30, 0,
				     &vi, err), "fits in a long",
		    "text: hex NUMBER over 64 bits");
	EXPECT_FAIL(vmcoreinfo_parse("NUMBER(x)= 1\n", 13, 0, &vi, err),
		    "fits in a long", "text: NUMBER with a space");
	EXPECT_FAIL(vmcoreinfo_parse("NUMBER(x)=\n", 11, 0, &vi, err),
		    "fits in a long", "text: empty NUMBER");
	{
		char line[2000];

		memset(line, 'x', sizeof(line));
		memcpy(line, "A=", 2);
		EXPECT_FAIL(vmcoreinfo_parse(line, sizeof(line), 0, &vi, err),
			    "too long", "text: overlong line");
	}
	{
		/* A kernel's note: malformed lines kept verbatim, counted. */
		static const char trunc[] = "OSRELEASE=6.1\nSYMBOL(a)=1\n"
			"NUMBER(x)=12abc\nhello\n\nSYMB";

		EXPECT_OK(vmcoreinfo_parse(trunc, strlen(trunc), VMCI_LENIENT |
					   VMCI_REQUIRE_OSRELEASE, &vi, err),
			  "text: lenient parse of a damaged kernel note");
		check(vi.count == 6 && vi.malformed == 4 &&
		      vi.entries[2].key && vi.entries[2].malformed &&
		      !vi.entries[2].has_number && !vi.entries[3].key &&
		      strcmp(vi.entries[3].value, "hello") == 0 &&
		      strcmp(vi.entries[5].value, "SYMB") == 0 &&
		      strstr(vi.first_problem, "line 3") &&
		      vmcoreinfo_find(&vi, "NUMBER(x)") == &vi.entries[2],
		      "text: lenient: lines kept, key of a bad NUMBER kept",
		      NULL);
		vmcoreinfo_free(&vi);
		EXPECT_FAIL(vmcoreinfo_parse("A=1\0\n", 5, VMCI_LENIENT, &vi,
					     err), "NUL", "text: lenient still "
			    "refuses NUL bytes");
	}
	check(parse_number_value("-9223372036854775808", &v) == 0 &&
	      v == INT64_MIN, "number: LONG_MIN", NULL);
	check(parse_number_value("9223372036854775807", &v) == 0 &&
	      v == INT64_MAX, "number: LONG_MAX", NULL);
	check(parse_number_value("-9223372036854775809", &v) != 0,
	      "number: below LONG_MIN", NULL);
	check(parse_number_value("+1", &v) != 0 &&
	      parse_number_value("1 ", &v) != 0 &&
	      parse_number_value("-", &v) != 0, "number: junk", NULL);
	check(parse_hex_u64("ffffffffa8613480", &u) == 0 &&
	      u == 0xffffffffa8613480ull, "hex: SYMBOL value", NULL);
	check(parse_hex_u64("0x", &u) != 0 &&
	      parse_hex_u64("1ffffffffffffffff", &u) != 0 &&
	      parse_hex_u64("12g", &u) != 0, "hex: junk and overflow", NULL);
}

static void test_sysfs(void)
{
	uint64_t paddr, size, v;

	EXPECT_OK(sysfs_vmcoreinfo_parse("1e62060 1000\n", 13, &paddr, &size,
					 err), "sysfs: old %lx %x form");
	check(paddr == 0x1e62060 && size == 0x1000, "sysfs: old values",
	      NULL);
	EXPECT_OK(sysfs_vmcoreinfo_parse("0x00000000018a2000 1024\n", 24,
					 &paddr, &size, err),
		  "sysfs: 6.1 %pa %x form");
	check(paddr == 0x18a2000 && size == 0x1024, "sysfs: 6.1 values", NULL);
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("hello world\n", 12, &paddr, &size,
					   err), "expected", "sysfs: garbage");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000\n", 5, &paddr, &size, err),
		    "expected", "sysfs: one field");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000 1000 1\n", 12, &paddr, &size,
					   err), "expected",
		    "sysfs: three fields");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000  1000\n", 11, &paddr, &size,
					   err), "expected",
		    "sysfs: two spaces");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000 1000\n\n", 11, &paddr, &size,
					   err), "expected",
		    "sysfs: two newlines");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000 10\0\n", 9, &paddr, &size,
					   err), "NUL", "sysfs: NUL");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("", 0, &paddr, &size, err),
		    "empty", "sysfs: empty");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("0 1000\n", 7, &paddr, &size, err),
		    "address is 0", "sysfs: address 0");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000 0\n", 7, &paddr, &size, err),
		    "out of range", "sysfs: size 0");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("1000 10000000\n", 14, &paddr,
					   &size, err), "out of range",
		    "sysfs: size over the cap");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("ffffffffffffff00 1000\n", 22,
					   &paddr, &size, err), "overflows",
		    "sysfs: address + size overflows");
	EXPECT_FAIL(sysfs_vmcoreinfo_parse("11111111111111111 1000\n", 23,
					   &paddr, &size, err), "expected",
		    "sysfs: address over 64 bits");
	EXPECT_OK(sysfs_value_parse("0xffff888000000000\n", 19, &v, err),
		  "sysfs value: hex");
	check(v == 0xffff888000000000ull, "sysfs value: hex value", NULL);
	EXPECT_OK(sysfs_value_parse("1073741824\n", 11, &v, err),
		  "sysfs value: decimal");
	EXPECT_FAIL(sysfs_value_parse("0xzz\n", 5, &v, err), "hexadecimal",
		    "sysfs value: bad hex");
	EXPECT_FAIL(sysfs_value_parse("\n", 1, &v, err), "bad value",
		    "sysfs value: empty");
}

static const char module_text[] =
	"NUMBER(phys_base)=0\n"
	"NUMBER(pgtable_l5_enabled)=1\n"
	"NUMBER(MAX_PHYSMEM_BITS)=52\n"
	"NUMBER(page_offset_base)=-131391639519232\n";

static void test_ext_and_merge(void)
{
	static const char kernel_text[] =
		"OSRELEASE=6.1.0\nPAGESIZE=4096\n"
		"SYMBOL(mem_section)=ffff d55500001000\n";
	static const char kernel_good[] =
		"OSRELEASE=6.1.0\nPAGESIZE=4096\nBUILD-ID=abc0\n"
		"SYMBOL(mem_section)=ffff888100001000\n"
		"NUMBER(phys_base)=5\nKERNELOFFSET=1000\n";
	struct vmcoreinfo k;
	struct ext_entries x;
	struct merged m;
	struct vie_buf out = { 0 };

	(void)kernel_text;
	EXPECT_OK(ext_parse(module_text, strlen(module_text), &x, err),
		  "ext: sysfs vmcoreinfo");
	check(!x.saved_file && x.vi.count == 4 && x.vi.entries[0].origin ==
	      ORIGIN_MODULE, "ext: entries", NULL);
	ext_free(&x);
	EXPECT_FAIL(ext_parse("OSRELEASE=1\nNUMBER(a)=1\n", 24, &x, err),
		    "unexpected", "ext: identity line outside a saved file");
	EXPECT_FAIL(ext_parse("NUMBER(a)=1\nNUMBER(a)=1\n", 24, &x, err),
		    "duplicate", "ext: duplicate");
	EXPECT_FAIL(ext_parse("# c\n", 4, &x, err), "no NUMBER",
		    "ext: no entries");
	EXPECT_FAIL(ext_parse("NUMBER(pgtable_l5_enabled)=4294967296\n", 38,
			      &x, err), "bad value", "ext: l5 beyond int");
	EXPECT_FAIL(ext_parse(VIE_SAVED_MARKER "\nKERNELOFFSET=xyz\n"
			      "NUMBER(a)=1\n", strlen(VIE_SAVED_MARKER) + 30,
			      &x, err), "bad value",
		    "ext: bad KERNELOFFSET in a saved file");

	EXPECT_OK(vmcoreinfo_parse(kernel_good, strlen(kernel_good),
				   VMCI_REQUIRE_OSRELEASE, &k, err),
		  "merge: kernel note");
	EXPECT_OK(ext_parse(module_text, strlen(module_text), &x, err),
		  "merge: module entries");
	EXPECT_OK(merge_vmcoreinfo(&k, &x.vi, NULL, &m, err), "merge: merge");
	check(m.count == k.count + 3 && m.added == 3 &&
	      strcmp(m.entries[k.count].key, "NUMBER(pgtable_l5_enabled)") == 0 &&
	      strcmp(m.entries[k.count].value, "1") == 0 &&
	      strcmp(m.entries[k.count + 2].value, "-131391639519232") == 0,
	      "merge: appended in module order, kernel format", NULL);
	check(m.conflict_count == 1 &&
	      strcmp(m.conflicts[0].key, "NUMBER(phys_base)") == 0 &&
	      strcmp(m.conflicts[0].kept_value, "5") == 0 &&
	      m.conflicts[0].kept_origin == ORIGIN_KERNEL &&
	      strcmp(m.conflicts[0].other_value, "0") == 0 &&
	      m.conflicts[0].other_origin == ORIGIN_MODULE,
	      "merge: conflict recorded", NULL);
	check(strcmp(m.entries[4].value, "5") == 0,
	      "merge: kernel value kept", NULL);
	EXPECT_OK(output_render(&m, FORMAT_MAKEDUMPFILE,
				&(struct output_sources){ "k", "m", NULL }, &out,
				err), "output: makedumpfile overlay");
	check(out.len > 0 && !memmem(out.data, out.len, "SYMBOL(", 7) &&
	      memcmp(out.data, "OSRELEASE=6.1.0\nPAGESIZE=4096\n", 30) == 0,
	      "output: overlay has OSRELEASE, PAGESIZE, no SYMBOL", NULL);
	buf_free(&out);
	merged_free(&m);

	/* saved-file verification */
	{
		char saved[1024];

		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.1.0\n"
			 "BUILD-ID=abc0\nKERNELOFFSET=1000\n"
			 "NUMBER(phys_base)=5\n"
			 "NUMBER(page_offset_base)=-131391639519232\n"
			 "NUMBER(MAX_PHYSMEM_BITS)=46\n", VIE_SAVED_MARKER);
		ext_free(&x);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: parse");
		check(x.saved_file, "saved: marker recognised", NULL);
		EXPECT_OK(saved_verify(&k, &x, NULL, err), "saved: same boot");
		ext_free(&x);
		EXPECT_OK(ext_parse(module_text, strlen(module_text), &x, err),
			  "saved: a module file");
		EXPECT_FAIL(saved_verify(&k, &x, NULL, err), "not a saved file",
			    "saved: a module file has no identity");
		ext_free(&x);

		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.1.0\n"
			 "NUMBER(page_offset_base)=-131391639519232\n"
			 "NUMBER(MAX_PHYSMEM_BITS)=30\n", VIE_SAVED_MARKER);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: small direct map");
		EXPECT_FAIL(saved_verify(&k, &x, NULL, err), "SYMBOL(mem_section)",
			    "saved: mem_section outside the direct map");
		ext_free(&x);

		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.2\n"
			 "BUILD-ID=abd0\nKERNELOFFSET=2000\n"
			 "NUMBER(phys_base)=6\n", VIE_SAVED_MARKER);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: foreign");
		{
			struct vie_error e = { .source = "" };

			check(saved_verify(&k, &x, NULL, &e) != 0 &&
			      e.kind == VIE_ERR_REFUSED &&
			      strstr(e.message, "OSRELEASE") &&
			      strstr(e.message, "BUILD-ID") &&
			      strstr(e.message, "KERNELOFFSET") &&
			      strstr(e.message, "NUMBER(phys_base)"),
			      "saved: every mismatch named", &e);
		}
		ext_free(&x);
		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.1.0\n"
			 "NUMBER(phys_base)=5\n", VIE_SAVED_MARKER);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: no page_offset_base");
		EXPECT_FAIL(saved_verify(&k, &x, NULL, err), "page_offset_base",
			    "saved: tie check needs page_offset_base");
		ext_free(&x);
	}
	vmcoreinfo_free(&k);
}

static void test_json(void)
{
	static const char text[] =
		"OSRELEASE=6.1 \"q\"\nPAGESIZE=4096\nSYMBOL(a)=ffffffff81000000\n"
		"NUMBER(big)=-9007199254740993\nNUMBER(small)=-5\n"
		"OFFSET(x.y)=12\nOSRELEASE=dup\n";
	struct vmcoreinfo k;
	struct merged m;
	struct vie_buf out = { 0 };

	EXPECT_OK(vmcoreinfo_parse(text, strlen(text), 0, &k, err),
		  "json: parse");
	EXPECT_OK(merge_vmcoreinfo(&k, NULL, NULL, &m, err), "json: merge");
	EXPECT_OK(output_render(&m, FORMAT_JSON,
				&(struct output_sources){ "src", NULL, NULL }, &out,
				err), "json: render");
	buf_append(&out, "", 1);
	check(strstr(out.data, "\"schema_version\": 1,") &&
	      strstr(out.data, "\"OSRELEASE\": \"6.1 \\\"q\\\"\"") &&
	      strstr(out.data, "\"PAGESIZE\": \"4096\"") &&
	      strstr(out.data, "\"PAGESIZE\": \"0x0000000000001000\"") &&
	      strstr(out.data, "\"SYMBOL(a)\": \"ffffffff81000000\"") &&
	      strstr(out.data, "\"SYMBOL(a)\": \"0xffffffff81000000\"") &&
	      strstr(out.data, "\"NUMBER(big)\": \"-9007199254740993\"") &&
	      strstr(out.data, "\"NUMBER(big)\": \"0xffdfffffffffffff\"") &&
	      strstr(out.data, "\"NUMBER(small)\": \"-5\"") &&
	      strstr(out.data, "\"NUMBER(small)\": \"0xfffffffffffffffb\"") &&
	      strstr(out.data, "\"OFFSET(x.y)\": \"12\"") &&
	      strstr(out.data, "\"module\": null") &&
	      strstr(out.data, "{ \"key\": \"OSRELEASE\", \"value\": \"dup\", \"line\": 7 }") &&
	      !strstr(out.data, "\"OSRELEASE\": \"dup\""),
	      "json: values as strings, their numbers in hex, the duplicate "
	      "listed", NULL);
	buf_free(&out);
	merged_free(&m);
	vmcoreinfo_free(&k);
}

/*
 * unit_tests --kdump-note FILE: print the text of the VMCOREINFO note
 * inside a kdump-compressed dump's notes (the reader itself prints the
 * copy at offset_vmcoreinfo), for the amend tests in run.sh.
 */
static int kdump_note(const char *path)
{
	struct vie_error err = { .source = "" };
	struct diskdump_file dd;
	struct dumpfile df;
	struct note_loc loc;
	unsigned char *notes;
	size_t len;
	bool found = false;
	int rc = 1;

	if (dumpfile_open(&df, path, O_RDONLY, &err) == 0) {
		if (diskdump_open(&dd, &df.src, &err) == 0 &&
		    diskdump_read_notes(&dd, &notes, &len, &err) == 0) {
			if (note_find_vmcoreinfo(notes, len, dd.hdr.big_endian,
						 &loc, &found, &err) == 0 &&
			    found)
				rc = fwrite(notes + loc.desc_off, 1,
					    loc.desc_len, stdout) !=
				     loc.desc_len;
			free(notes);
		}
		dumpfile_close(&df);
	}
	if (rc)
		fprintf(stderr, "%s: %s\n", path, found ? err.message :
			"no VMCOREINFO note");
	return rc;
}

/*
 * arm64: values from Debian 11's 5.10.0-32-arm64 in QEMU (KASLR on; the
 * full note is tests/unit/fixtures/real/debian11-5.10.0-32-arm64.*).  Its
 * note lacks the six ranges; a kernel carrying them prints them as
 * 0x%lx, and so must the merge, the overlay and the saved file.
 */
static void test_arm64(void)
{
	static const char kernel[] =
		"OSRELEASE=5.10.0-32-arm64\nPAGESIZE=4096\n"
		"SYMBOL(mem_section)=ffff7debdfef1b00\n"
		"NUMBER(VA_BITS)=48\n"
		"NUMBER(kimage_voffset)=0xffffce64e6e00000\n"
		"NUMBER(PHYS_OFFSET)=0xffff821480000000\n"
		"NUMBER(TCR_EL1_T1SZ)=0x10\n"
		"KERNELOFFSET=4e6517000000\n"
		"NUMBER(KERNELPACMASK)=0xffff000000000000\n";
	static const char module[] =
		"NUMBER(VA_BITS)=48\n"
		"NUMBER(MODULES_VADDR)=0xffff800008000000\n"
		"NUMBER(VMALLOC_END)=0xfffffdffbfff0000\n"
		"NUMBER(VMEMMAP_START)=0xfffffdffffe00000\n"
		"NUMBER(kimage_voffset)=0xffffce64e6e00000\n"
		"NUMBER(TCR_EL1_T1SZ)=0x10\n"
		"NUMBER(MAX_PHYSMEM_BITS)=48\n";
	struct vmcoreinfo k;
	struct ext_entries x, saved;
	struct vie_buf out = { 0 }, sv = { 0 };
	struct merged m;
	char text[1024];

	EXPECT_OK(vmcoreinfo_parse(kernel, strlen(kernel),
				   VMCI_REQUIRE_OSRELEASE, &k, err),
		  "arm64: kernel note");
	EXPECT_OK(ext_parse(module, strlen(module), &x, err),
		  "arm64: module entries");
	EXPECT_OK(merge_vmcoreinfo(&k, &x.vi, NULL, &m, err), "arm64: merge");
	check(m.added == 4 && m.conflict_count == 0 &&
	      strcmp(m.entries[k.count].value, "0xffff800008000000") == 0 &&
	      strcmp(m.entries[k.count + 1].value, "0xfffffdffbfff0000") == 0 &&
	      strcmp(m.entries[k.count + 3].value, "48") == 0,
	      "arm64: ranges merged as 0x%lx, MAX_PHYSMEM_BITS as %ld", NULL);
	EXPECT_OK(output_render(&m, FORMAT_MAKEDUMPFILE,
				&(struct output_sources){ "k", "m", NULL }, &out,
				err), "arm64: makedumpfile overlay");
	buf_append(&out, "", 1);
	check(strstr(out.data, "\nNUMBER(MODULES_VADDR)=0xffff800008000000\n") &&
	      strstr(out.data, "\nNUMBER(kimage_voffset)=0xffffce64e6e00000\n") &&
	      strstr(out.data, "\nNUMBER(TCR_EL1_T1SZ)=0x10\n") &&
	      !strstr(out.data, "=-"), "arm64: overlay lines as the kernel "
	      "prints them (makedumpfile reads them as hex)", NULL);
	buf_free(&out);
	merged_free(&m);

	EXPECT_OK(saved_build(&k, &x, NULL, &sv, err), "arm64: saved file");
	buf_append(&sv, "", 1);
	check(strstr(sv.data, "\nNUMBER(VMEMMAP_START)=0xfffffdffffe00000\n") &&
	      strstr(sv.data, "\nKERNELOFFSET=4e6517000000\n") != NULL,
	      "arm64: saved file keeps the kernel's format", NULL);
	EXPECT_OK(ext_parse(sv.data, sv.len - 1, &saved, err),
		  "arm64: saved file parses");
	EXPECT_OK(saved_verify(&k, &saved, NULL, err),
		  "arm64: saved file of this boot verifies (no page_offset_base needed)");
	ext_free(&saved);
	buf_free(&sv);

	/* Another boot: KASLR moved the image and the linear map. */
	snprintf(text, sizeof(text), "%s\nOSRELEASE=5.10.0-32-arm64\n"
		 "KERNELOFFSET=55c47ec00000\n"
		 "NUMBER(kimage_voffset)=0xffffd5c44ea00000\n"
		 "NUMBER(PHYS_OFFSET)=0xfffff7ad00000000\n", VIE_SAVED_MARKER);
	EXPECT_OK(ext_parse(text, strlen(text), &saved, err),
		  "arm64: saved file of another boot");
	{
		struct vie_error e = { .source = "" };

		saved_verify(&k, &saved, NULL, &e);
		check(strstr(e.message, "another boot") &&
		      strstr(e.message, "KERNELOFFSET") &&
		      strstr(e.message, "NUMBER(kimage_voffset) 0xffffd5c44ea00000 (saved) != 0xffffce64e6e00000 (dump)") &&
		      strstr(e.message, "NUMBER(PHYS_OFFSET)"),
		      "arm64: another boot refused, each difference named",
		      &e);
	}
	ext_free(&saved);

	snprintf(text, sizeof(text), "%s\nOSRELEASE=5.10.0-32-arm64\n"
		 "KERNELOFFSET=4e6517000000\nNUMBER(VA_BITS)=48\n",
		 VIE_SAVED_MARKER);
	EXPECT_OK(ext_parse(text, strlen(text), &saved, err),
		  "arm64: saved file without kimage_voffset");
	EXPECT_FAIL(saved_verify(&k, &saved, NULL, err), "NUMBER(kimage_voffset)",
		    "arm64: refused without kimage_voffset to compare");
	ext_free(&saved);
	ext_free(&x);
	vmcoreinfo_free(&k);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--kdump-note") == 0)
		return kdump_note(argv[2]);
	test_elf_header();
	test_notes();
	test_kdump();
	test_text();
	test_sysfs();
	test_ext_and_merge();
	test_json();
	test_arm64();
	test_build_id();
	test_contract();
	printf("# unit: %d passed, %d failed\n", passed, failed);
	return failed > 100 ? 100 : failed;
}
