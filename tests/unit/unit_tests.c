// SPDX-License-Identifier: GPL-2.0
/*
 * Parser-level unit tests: every function that takes (buf, len) gets good
 * input and each kind of damage. Prints "ok"/"not ok" lines; exit status
 * is the number of failures (capped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcoreinfo_ext.h"

static int passed, failed;

static void check(bool cond, const char *what, const struct vie_error *err)
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

/* The call failed and its message contains `text`. */
#define EXPECT_FAIL(call, text, what) do { \
	struct vie_error e_ = { .source = "" }; \
	struct vie_error *err = &e_; \
	int rc_ = (call); \
	check(rc_ != 0 && strstr(e_.message, (text)) != NULL, (what), &e_); \
} while (0)

#define EXPECT_OK(call, what) do { \
	struct vie_error e_ = { .source = "" }; \
	struct vie_error *err = &e_; \
	int rc_ = (call); \
	check(rc_ == 0, (what), &e_); \
} while (0)

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* host order: tests pass big_endian = host */
}

static size_t note(unsigned char *p, uint32_t namesz, uint32_t descsz,
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
	const void *desc;
	size_t dl, len;
	bool found;
	bool be = host_is_big_endian();

	len = note(b, 5, 4, 1, "CORE", "abcd");
	len += note(b + len, 11, 12, 0, "VMCOREINFO", "OSRELEASE=1\n");
	memset(b + len, 0, 12);
	EXPECT_OK(note_find_vmcoreinfo(b, len + 12, be, &desc, &dl, &found,
				       err), "note: found after a CORE note");
	check(found && dl == 12 && memcmp(desc, "OSRELEASE=1\n", 12) == 0,
	      "note: descriptor", NULL);
	EXPECT_OK(note_find_vmcoreinfo(b, 24, be, &desc, &dl, &found, err),
		  "note: segment with only a CORE note");
	check(!found, "note: not found", NULL);

	len = note(b, 200, 0, 0, "VMCOREINFO", NULL);
	EXPECT_FAIL(note_find_vmcoreinfo(b, 24, be, &desc, &dl, &found, err),
		    "n_namesz", "note: n_namesz overrun");
	len = note(b, 11, 100, 0, "VMCOREINFO", "OSRELEASE=1\n");
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &desc, &dl, &found, err),
		    "n_descsz", "note: n_descsz overrun");
	len = note(b, 11, 0xffffffffu, 0, "VMCOREINFO", NULL);
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &desc, &dl, &found, err),
		    "n_descsz", "note: n_descsz near 4 GiB");
	EXPECT_FAIL(note_find_vmcoreinfo(b, 7, be, &desc, &dl, &found, err),
		    "truncated", "note: truncated header");
	len = note(b, 0, 4, 1, NULL, "abcd");
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &desc, &dl, &found, err),
		    "empty name", "note: zero n_namesz");
	len = note(b, 11, 0, 0, "VMCOREINFO", NULL);
	EXPECT_FAIL(note_find_vmcoreinfo(b, len, be, &desc, &dl, &found, err),
		    "empty", "note: zero-sized VMCOREINFO");
	len = note(b, 5, 4, 1, "CORE", "abcd");
	EXPECT_FAIL(note_find_vmcoreinfo(b, len + 5, be, &desc, &dl, &found,
					 err), "truncated",
		    "note: trailing bytes after the last note");

	/* A note as it sits in memory at the sysfs address. */
	memset(b, 0, sizeof(b));
	len = note(b, 11, 12, 0, "VMCOREINFO", "OSRELEASE=1\n");
	EXPECT_OK(note_check_vmcoreinfo(b, 64, be, &desc, &dl, err),
		  "note in memory: good");
	EXPECT_FAIL(note_check_vmcoreinfo(b, 30, be, &desc, &dl, err),
		    "advertised", "note in memory: descsz past the size");
	EXPECT_FAIL(note_check_vmcoreinfo(b, 10, be, &desc, &dl, err),
		    "too small", "note in memory: buffer too small");
	len = note(b, 11, 12, 0, "VMCOREINFX", "OSRELEASE=1\n");
	EXPECT_FAIL(note_check_vmcoreinfo(b, 64, be, &desc, &dl, err),
		    "no VMCOREINFO", "note in memory: wrong name");
	len = note(b, 10, 12, 0, "VMCOREINF", "OSRELEASE=1\n");
	EXPECT_FAIL(note_check_vmcoreinfo(b, 64, be, &desc, &dl, err),
		    "n_namesz 10", "note in memory: wrong n_namesz");
	len = note(b, 11, 12, 7, "VMCOREINFO", "OSRELEASE=1\n");
	EXPECT_FAIL(note_check_vmcoreinfo(b, 64, be, &desc, &dl, err),
		    "type 7", "note in memory: wrong type");
	{
		struct vie_buf out = { 0 };

		note_build_vmcoreinfo(&out, "A=1\nB=22\n", 9);
		check(out.len == 12 + 12 + 12 + 12 &&
		      memcmp(out.data + 12, "VMCOREINFO\0\0", 12) == 0 &&
		      memcmp(out.data + 24, "A=1\nB=22\n\0\0\0", 12) == 0,
		      "note: built in the kernel's layout", NULL);
		EXPECT_OK(note_find_vmcoreinfo(out.data, out.len, be, &desc,
					       &dl, &found, err),
			  "note: built note reads back");
		check(found && dl == 9, "note: built note length", NULL);
		buf_free(&out);
	}
}

static void test_kdump(void)
{
	unsigned char h[KDUMP_HEADER_SIZE] = "KDUMP   ";
	unsigned char sub[KDUMP_SUB_HEADER_SIZE] = { 0 };
	struct kdump_header hdr;
	struct kdump_sub_header sh;
	uint64_t v;

	h[8] = 6;
	h[429] = 0x10;	/* block_size 4096, LE */
	EXPECT_OK(kdump_parse_header(h, sizeof(h), &hdr, err),
		  "kdump: good header");
	check(!hdr.big_endian && hdr.block_size == 4096 &&
	      hdr.header_version == 6, "kdump: header fields", NULL);
	EXPECT_FAIL(kdump_parse_header(h, 100, &hdr, err), "truncated",
		    "kdump: truncated header");
	EXPECT_FAIL(kdump_parse_header("DISKDUMP", 8, &hdr, err),
		    "not a kdump", "kdump: wrong signature");
	h[8] = 2;
	EXPECT_FAIL(kdump_parse_header(h, sizeof(h), &hdr, err), "version 2",
		    "kdump: header_version 2 has no VMCOREINFO");
	h[8] = 6;
	h[429] = 0x11;
	EXPECT_FAIL(kdump_parse_header(h, sizeof(h), &hdr, err), "block_size",
		    "kdump: block_size not a power of two");
	h[429] = 0x10;
	h[8] = 0;
	h[11] = 6;	/* big endian */
	h[429] = 0;
	h[430] = 0x10;
	EXPECT_OK(kdump_parse_header(h, sizeof(h), &hdr, err),
		  "kdump: big-endian header");
	check(hdr.big_endian && hdr.block_size == 4096, "kdump: BE fields",
	      NULL);
	hdr.big_endian = false;
	v = 8192;
	memcpy(sub + 32, &v, 8);
	v = 100;
	memcpy(sub + 40, &v, 8);
	EXPECT_OK(kdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		  "kdump: sub-header");
	check(sh.offset_vmcoreinfo == 8192 && sh.size_vmcoreinfo == 100,
	      "kdump: sub-header fields", NULL);
	v = 1ull << 30;
	memcpy(sub + 40, &v, 8);
	EXPECT_FAIL(kdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		    "too large", "kdump: size_vmcoreinfo over the cap");
	v = 0;
	memcpy(sub + 40, &v, 8);
	EXPECT_FAIL(kdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		    "no VMCOREINFO", "kdump: size_vmcoreinfo 0");
	v = 16;
	memcpy(sub + 40, &v, 8);
	v = UINT64_MAX - 4;
	memcpy(sub + 32, &v, 8);
	EXPECT_FAIL(kdump_parse_sub_header(sub, sizeof(sub), &hdr, &sh, err),
		    "overflows", "kdump: offset + size overflow");
	EXPECT_FAIL(kdump_parse_sub_header(sub, 20, &hdr, &sh, err),
		    "truncated", "kdump: truncated sub-header");
	check(kdump_is_flattened("makedumpfile\0\0\0\0", 16) &&
	      !kdump_is_flattened("KDUMP   ", 8), "kdump: flattened detection",
	      NULL);
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
		"OSRELEASE=6.1.0\nPAGESIZE=4096\nBUILD-ID=abc\n"
		"SYMBOL(mem_section)=ffff888100001000\n"
		"NUMBER(phys_base)=5\nKERNELOFFSET=1000\n";
	struct vmcoreinfo k, x;
	struct merged m;
	struct vie_buf out = { 0 };

	(void)kernel_text;
	EXPECT_OK(ext_parse(module_text, strlen(module_text), &x, err),
		  "ext: sysfs vmcoreinfo");
	check(!x.saved_file && x.count == 4 && x.entries[0].origin ==
	      ORIGIN_MODULE, "ext: entries", NULL);
	vmcoreinfo_free(&x);
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
	EXPECT_OK(merge_vmcoreinfo(&k, &x, &m, err), "merge: merge");
	check(m.count == k.count + 3 && m.module_added == 3 &&
	      strcmp(m.entries[k.count].key, "NUMBER(pgtable_l5_enabled)") == 0 &&
	      strcmp(m.entries[k.count].value, "1") == 0 &&
	      strcmp(m.entries[k.count + 2].value, "-131391639519232") == 0,
	      "merge: appended in module order, kernel format", NULL);
	check(m.conflict_count == 1 && m.conflicts[0].kernel_value == 5 &&
	      m.conflicts[0].module_value == 0, "merge: conflict recorded",
	      NULL);
	check(strcmp(m.entries[4].value, "5") == 0,
	      "merge: kernel value kept", NULL);
	EXPECT_OK(output_render(&m, FORMAT_MAKEDUMPFILE,
				&(struct output_sources){ "k", "m" }, &out,
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
			 "BUILD-ID=abc\nKERNELOFFSET=1000\n"
			 "NUMBER(phys_base)=5\n"
			 "NUMBER(page_offset_base)=-131391639519232\n"
			 "NUMBER(MAX_PHYSMEM_BITS)=46\n", VIE_SAVED_MARKER);
		vmcoreinfo_free(&x);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: parse");
		check(x.saved_file, "saved: marker recognised", NULL);
		EXPECT_OK(saved_verify(&k, &x, err), "saved: same boot");
		vmcoreinfo_free(&x);

		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.1.0\n"
			 "NUMBER(page_offset_base)=-131391639519232\n"
			 "NUMBER(MAX_PHYSMEM_BITS)=30\n", VIE_SAVED_MARKER);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: small direct map");
		EXPECT_FAIL(saved_verify(&k, &x, err), "SYMBOL(mem_section)",
			    "saved: mem_section outside the direct map");
		vmcoreinfo_free(&x);

		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.2\n"
			 "BUILD-ID=abd\nKERNELOFFSET=2000\n"
			 "NUMBER(phys_base)=6\n", VIE_SAVED_MARKER);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: foreign");
		{
			struct vie_error e = { .source = "" };

			int rc = saved_verify(&k, &x, &e);

			check(rc != 0 && strstr(e.message, "OSRELEASE") &&
			      strstr(e.message, "BUILD-ID") &&
			      strstr(e.message, "KERNELOFFSET") &&
			      strstr(e.message, "NUMBER(phys_base)"),
			      "saved: every mismatch named", &e);
		}
		vmcoreinfo_free(&x);
		snprintf(saved, sizeof(saved), "%s\nOSRELEASE=6.1.0\n"
			 "NUMBER(phys_base)=5\n", VIE_SAVED_MARKER);
		EXPECT_OK(ext_parse(saved, strlen(saved), &x, err),
			  "saved: no page_offset_base");
		EXPECT_FAIL(saved_verify(&k, &x, err), "page_offset_base",
			    "saved: tie check needs page_offset_base");
		vmcoreinfo_free(&x);
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
	EXPECT_OK(merge_vmcoreinfo(&k, NULL, &m, err), "json: merge");
	EXPECT_OK(output_render(&m, FORMAT_JSON,
				&(struct output_sources){ "src", NULL }, &out,
				err), "json: render");
	buf_append(&out, "", 1);
	check(strstr(out.data, "\"OSRELEASE\": \"6.1 \\\"q\\\"\"") &&
	      strstr(out.data, "\"PAGESIZE\": 4096") &&
	      strstr(out.data, "\"SYMBOL(a)\": \"0xffffffff81000000\"") &&
	      strstr(out.data, "\"NUMBER(big)\": \"0xffdfffffffffffff\"") &&
	      strstr(out.data, "\"NUMBER(small)\": -5") &&
	      strstr(out.data, "\"OFFSET(x.y)\": 12") &&
	      strstr(out.data, "\"module\": null") &&
	      !strstr(out.data, "dup"), "json: typed values", NULL);
	buf_free(&out);
	merged_free(&m);
	vmcoreinfo_free(&k);
}

int main(void)
{
	test_elf_header();
	test_notes();
	test_kdump();
	test_text();
	test_sysfs();
	test_ext_and_merge();
	test_json();
	printf("# unit: %d passed, %d failed\n", passed, failed);
	return failed > 100 ? 100 : failed;
}
