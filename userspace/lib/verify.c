// SPDX-License-Identifier: GPL-2.0
/* What a dump's VMCOREINFO carries; see vie/verify.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vie/diskdump.h"
#include "vie/elf.h"
#include "vie/verify.h"

#define EM_X86_64	62
#define EM_AARCH64	183

/* In the order module/x86_64.c and module/arm64.c publish them (the unit
 * tests compare these lists with the module's sources). */
static const char *const x86_64_keys[] = {
	"NUMBER(phys_base)", "NUMBER(pgtable_l5_enabled)",
	"NUMBER(KERNEL_IMAGE_SIZE)", "NUMBER(sme_mask)",
	"NUMBER(MAX_PHYSMEM_BITS)", "NUMBER(SECTION_SIZE_BITS)",
	"NUMBER(page_offset_base)", "NUMBER(vmalloc_base)",
	"NUMBER(vmemmap_base)", NULL,
};

static const char *const arm64_keys[] = {
	"NUMBER(VA_BITS)", "NUMBER(MODULES_VADDR)", "NUMBER(MODULES_END)",
	"NUMBER(VMALLOC_START)", "NUMBER(VMALLOC_END)",
	"NUMBER(VMEMMAP_START)", "NUMBER(VMEMMAP_END)",
	"NUMBER(kimage_voffset)", "NUMBER(PHYS_OFFSET)",
	"NUMBER(TCR_EL1_T1SZ)", "NUMBER(KERNELPACMASK)",
	"NUMBER(MAX_PHYSMEM_BITS)", "NUMBER(SECTION_SIZE_BITS)", NULL,
};

const char *const *arch_needed_keys(const char *arch)
{
	if (arch && strcmp(arch, "x86_64") == 0)
		return x86_64_keys;
	if (arch && strcmp(arch, "arm64") == 0)
		return arm64_keys;
	return NULL;
}

static const char *arch_of_machine(const char *machine)
{
	if (strcmp(machine, "x86_64") == 0)
		return "x86_64";
	if (strcmp(machine, "aarch64") == 0 || strcmp(machine, "arm64") == 0)
		return "arm64";
	return NULL;
}

/* Lines only one architecture's arch_crash_save_vmcoreinfo() prints. */
static const char *arch_of_note(const struct vmcoreinfo *note)
{
	static const char *const x86[] = {
		"SYMBOL(init_top_pgt)", "SYMBOL(level4_kernel_pgt)",
		"NUMBER(phys_base)",
	};
	static const char *const arm[] = {
		"NUMBER(kimage_voffset)", "NUMBER(TCR_EL1_T1SZ)",
		"NUMBER(KERNELPACMASK)",
	};
	size_t i;

	for (i = 0; i < sizeof(x86) / sizeof(x86[0]); i++)
		if (vmcoreinfo_find(note, x86[i]))
			return "x86_64";
	for (i = 0; i < sizeof(arm) / sizeof(arm[0]); i++)
		if (vmcoreinfo_find(note, arm[i]))
			return "arm64";
	return NULL;
}

const char *dump_arch(const struct dumpfile *df, const struct vmcoreinfo *note)
{
	struct vie_error e = { .source = "" };
	unsigned char h[DISKDUMP_HEADER_SIZE];
	struct diskdump_header dh;
	struct elf_info info;

	if (df && df->format == DUMP_ELF &&
	    vie_src_read(&df->src, h, 64, 0, &e) == 0 &&
	    elf_parse_header(h, 64, &info, &e) == 0) {
		if (info.machine == EM_X86_64)
			return "x86_64";
		if (info.machine == EM_AARCH64)
			return "arm64";
	}
	if (df && df->format == DUMP_DISKDUMP &&
	    vie_src_read(&df->src, h, sizeof(h), 0, &e) == 0 &&
	    diskdump_parse_header(h, sizeof(h), &dh, &e) == 0 &&
	    arch_of_machine(dh.machine))
		return arch_of_machine(dh.machine);
	return arch_of_note(note);
}

static void add_key(char *list, size_t cap, const char *key)
{
	size_t used = strlen(list);

	if (used + 1 < cap)
		snprintf(list + used, cap - used, "%s%s", used ? " " : "", key);
}

int verify_dump(const struct dumpfile *df, struct verify_report *r,
		struct vie_error *err)
{
	const struct vmci_entry *release, *e;
	const char *const *keys;
	struct vmcoreinfo note;
	char *text;
	size_t len, i;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	r->format = dumpfile_describe(df);
	if (dumpfile_read_note(df, &text, &len, err))
		return -1;
	if (vmcoreinfo_parse(text, len, VMCI_LENIENT | VMCI_REQUIRE_OSRELEASE,
			     &note, err))
		goto out_text;
	release = vmcoreinfo_find(&note, "OSRELEASE");
	snprintf(r->release, sizeof(r->release), "%s", release->value);
	r->arch = dump_arch(df, &note);
	keys = arch_needed_keys(r->arch);
	if (!keys) {
		vie_fail_kind(err, VIE_ERR_REFUSED, "%s of unknown architecture "
			      "(neither its header nor its note says x86_64 or "
			      "arm64): which entries it needs is not known",
			      r->format);
		goto out;
	}
	if (dump_amend_info(df, &note, &r->ai, err))
		goto out;
	for (i = 0; keys[i]; i++) {
		r->needed++;
		add_key(r->needed_keys, sizeof(r->needed_keys), keys[i]);
		e = vmcoreinfo_find(&note, keys[i]);
		if (!e || !e->has_number) {
			r->missing++;
			add_key(r->missing_keys, sizeof(r->missing_keys), keys[i]);
		} else if (amend_info_added(&r->ai, e)) {
			r->added++;
			add_key(r->added_keys, sizeof(r->added_keys), keys[i]);
		} else {
			r->kernel++;
			add_key(r->kernel_keys, sizeof(r->kernel_keys), keys[i]);
		}
	}
	/* Other lines amend added (a saved file's BUILD-ID): named, not
	 * counted. */
	for (i = 0; i < note.count; i++) {
		size_t j;

		e = &note.entries[i];
		for (j = 0; keys[j] && e->key && strcmp(keys[j], e->key); j++)
			;
		if (!keys[j] && amend_info_added(&r->ai, e))
			add_key(r->extra_keys, sizeof(r->extra_keys), e->key);
	}
	rc = 0;
out:
	if (rc)
		amend_info_free(&r->ai);
	vmcoreinfo_free(&note);
out_text:
	free(text);
	return rc;
}

void verify_report_free(struct verify_report *r)
{
	amend_info_free(&r->ai);
}
