// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's contract at the library level: which entries identify a
 * boot, the conflicts on them, the 64-bit number of an entry (JSON's
 * "hex"), the amend record's decoding.
 */
#include <stdlib.h>

#include "unit.h"
#include "../../userspace/lib/amend_plan.h"

static void test_boot_keys(void)
{
	static const char *const boot[] = {
		"OSRELEASE", "BUILD-ID", "KERNELOFFSET", "NUMBER(phys_base)",
		"NUMBER(page_offset_base)", "NUMBER(vmalloc_base)",
		"NUMBER(vmemmap_base)", "NUMBER(pgtable_l5_enabled)",
		"NUMBER(MAX_PHYSMEM_BITS)", "NUMBER(kimage_voffset)",
		"NUMBER(PHYS_OFFSET)", "NUMBER(TCR_EL1_T1SZ)",
	};
	static const char *const not_boot[] = {
		"NUMBER(SECTION_SIZE_BITS)", "NUMBER(KERNEL_IMAGE_SIZE)",
		"NUMBER(sme_mask)", "NUMBER(VA_BITS)", "NUMBER(KERNELPACMASK)",
		"NUMBER(MODULES_VADDR)", "PAGESIZE", "SYMBOL(mem_section)",
		"NUMBER(phys_base", "number(phys_base)",
	};
	size_t i;
	bool all = true;

	for (i = 0; i < sizeof(boot) / sizeof(boot[0]); i++)
		all = all && merge_key_identifies_boot(boot[i]);
	for (i = 0; i < sizeof(not_boot) / sizeof(not_boot[0]); i++)
		all = all && !merge_key_identifies_boot(not_boot[i]);
	check(all, "boot keys: the build, KASLR's offsets and the paging "
	      "mode identify a boot; constants of a kernel do not", NULL);
}

static void test_boot_conflicts(void)
{
	static const char kernel[] =
		"OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\n"
		"NUMBER(phys_base)=-203423744\nNUMBER(pgtable_l5_enabled)=1\n"
		"NUMBER(SECTION_SIZE_BITS)=27\nNUMBER(MAX_PHYSMEM_BITS)=52\n";
	static const char module[] =
		"NUMBER(phys_base)=-411041792\nNUMBER(pgtable_l5_enabled)=0\n"
		"NUMBER(SECTION_SIZE_BITS)=28\nNUMBER(MAX_PHYSMEM_BITS)=52\n"
		"NUMBER(page_offset_base)=-110792976367616\n";
	struct vmcoreinfo k;
	struct ext_entries x;
	struct merged m;
	char msg[300];
	size_t n;

	EXPECT_OK(vmcoreinfo_parse(kernel, strlen(kernel), 0, &k, err),
		  "boot conflicts: note");
	EXPECT_OK(ext_parse(module, strlen(module), &x, err),
		  "boot conflicts: module");
	EXPECT_OK(merge_vmcoreinfo(&k, &x.vi, NULL, &m, err),
		  "boot conflicts: merge");
	n = merge_boot_conflicts(&m, msg, sizeof(msg));
	check(m.conflict_count == 3 && n == 2 &&
	      strcmp(msg, "NUMBER(phys_base) -411041792 (module) != -203423744 "
		     "(kernel); NUMBER(pgtable_l5_enabled) 0 (module) != 1 "
		     "(kernel)") == 0, "boot conflicts: two of three named, "
	      "SECTION_SIZE_BITS left to a warning", NULL);
	n = merge_boot_conflicts(&m, msg, 20);
	check(n == 2 && strlen(msg) < 20, "boot conflicts: the line bounded",
	      NULL);
	merged_free(&m);
	ext_free(&x);
	vmcoreinfo_free(&k);
}

static void test_entry_u64(void)
{
	static const struct {
		const char *key, *value;
		bool is;
		uint64_t v;
	} t[] = {
		{ "NUMBER(a)", "-1", true, UINT64_MAX },
		{ "NUMBER(a)", "0xffff800008000000", true, 0xffff800008000000u },
		{ "SYMBOL(a)", "ffffffff81000000", true, 0xffffffff81000000u },
		{ "KERNELOFFSET", "26000000", true, 0x26000000u },
		{ "OFFSET(a.b)", "12", true, 12 },
		{ "PAGESIZE", "4096", true, 4096 },
		{ "SIZE(a)", "-12", false, 0 },
		{ "OSRELEASE", "6.1", false, 0 },
		{ "BUILD-ID", "3e5e1d1a", false, 0 },
		{ "SYMBOL(a)", "xyz", false, 0 },
	};
	struct vmcoreinfo vi;
	char text[2048] = "";
	size_t i, used = 0;
	bool all = true;
	uint64_t v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s=%s\n", t[i].key, t[i].value);
	EXPECT_OK(vmcoreinfo_parse(text, used, VMCI_LENIENT, &vi, err),
		  "entry_u64: parse");
	for (i = 0; i < vi.count && i < sizeof(t) / sizeof(t[0]); i++) {
		bool is = entry_u64(&vi.entries[i], &v);

		all = all && is == t[i].is && (!is || v == t[i].v);
	}
	check(all && vi.count == sizeof(t) / sizeof(t[0]), "entry_u64: the "
	      "64 bits of NUMBER (signed or 0x), SYMBOL, KERNELOFFSET, "
	      "decimal OFFSET/PAGESIZE; nothing for text", NULL);
	vmcoreinfo_free(&vi);
}

static void test_undo_record(void)
{
	struct undo_rec u = { .kind = 1, .patch_len = 32, .original_size = 9,
			      .written_start = 1, .written_end = 2 }, d;
	unsigned char b[AMEND_UNDO_SIZE];
	bool damaged;

	undo_encode(&u, b);
	check(undo_decode(b, &d, &damaged) && !damaged && d.kind == 1 &&
	      d.patch_len == 32 && d.original_size == 9, "amend record: "
	      "decodes what was encoded", NULL);
	b[10] ^= 1;
	check(!undo_decode(b, &d, &damaged) && damaged, "amend record: a "
	      "flipped bit is damage, not absence", NULL);
	memset(b + 148, 0, 12);
	check(!undo_decode(b, &d, &damaged) && !damaged, "amend record: no "
	      "magic, no record", NULL);
}

void test_contract(void)
{
	test_boot_keys();
	test_boot_conflicts();
	test_entry_u64();
	test_undo_record();
}
