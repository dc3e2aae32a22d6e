// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 values, as arch_crash_save_vmcoreinfo() (first in
 * arch/arm64/kernel/machine_kexec.c, then crash_core.c, now vmcore_info.c)
 * and kernel/crash_core.c print them ("~" marks a release not confirmed
 * from the kernel's history here):
 *
 *   NUMBER(VA_BITS), NUMBER(kimage_voffset), NUMBER(PHYS_OFFSET)
 *	commit 1f85b42a691c ("arm64: kdump: add VMCOREINFO's for user-space
 *	tools"), ~v4.12
 *   NUMBER(KERNELPACMASK)	in-kernel pointer authentication, ~v5.7
 *   NUMBER(TCR_EL1_T1SZ), NUMBER(MAX_PHYSMEM_BITS)	52-bit VA, ~v5.9
 *   NUMBER(SECTION_SIZE_BITS)	generic, v5.13
 *   NUMBER(MODULES_VADDR), NUMBER(MODULES_END), NUMBER(VMALLOC_START),
 *   NUMBER(VMALLOC_END), NUMBER(VMEMMAP_START), NUMBER(VMEMMAP_END)
 *	the newest: Debian 11's 5.10 lacks them, Debian 12's 6.1 prints
 *	them (seen in QEMU); the newest mainline no longer prints
 *	VMALLOC_START
 *
 * VA_BITS is VMCOREINFO_NUMBER()'s "%ld"; every other arm64 line is
 * printed as "0x%llx" or "0x%lx", and so is it here.  KERNELOFFSET is
 * printed by every arm64 kernel that has a note and is not published.
 */
#include <linux/kernel.h>
#include <asm/memory.h>
#include <asm/pgtable.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sparsemem.h>
#include <asm/sysreg.h>

#include "compat.h"
#include "compat-arm64.h"
#include "values.h"

static unsigned long vie_va_bits(void)
{
	return VA_BITS;
}

static unsigned long vie_modules_vaddr(void)
{
	return MODULES_VADDR;
}

static unsigned long vie_modules_end(void)
{
	return MODULES_END;
}

static unsigned long vie_vmalloc_start(void)
{
	return VMALLOC_START;
}

static unsigned long vie_vmalloc_end(void)
{
	return VMALLOC_END;
}

static unsigned long vie_vmemmap_start(void)
{
	return VMEMMAP_START;
}

static unsigned long vie_vmemmap_end_value(void)
{
	return vie_vmemmap_end();
}

static unsigned long vie_kimage_voffset(void)
{
	return kimage_voffset;
}

static unsigned long vie_phys_offset(void)
{
	return PHYS_OFFSET;
}

/* The real size of the kernel's VA space (52-bit VA): TCR_EL1.T1SZ. */
static unsigned long vie_tcr_el1_t1sz(void)
{
	return (read_sysreg(tcr_el1) & TCR_T1SZ_MASK) >> TCR_T1SZ_OFFSET;
}

static unsigned long vie_kernelpacmask(void)
{
	return vie_kernel_pac_mask();
}

static unsigned long vie_max_physmem_bits(void)
{
	return MAX_PHYSMEM_BITS;
}

static unsigned long vie_section_size_bits(void)
{
	return SECTION_SIZE_BITS;
}

/* In the order arch_crash_save_vmcoreinfo() emits them, then crash_core.c's. */
struct vie_attr vie_values[] = {
	VIE_ATTR(VA_BITS, vie_va_bits, VIE_FILE_DEC, VIE_NOTE_LONG),
	VIE_ATTR(MODULES_VADDR, vie_modules_vaddr, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(MODULES_END, vie_modules_end, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(VMALLOC_START, vie_vmalloc_start, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(VMALLOC_END, vie_vmalloc_end, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(VMEMMAP_START, vie_vmemmap_start, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(VMEMMAP_END, vie_vmemmap_end_value, VIE_FILE_HEX,
		 VIE_NOTE_HEX),
	VIE_ATTR(kimage_voffset, vie_kimage_voffset, VIE_FILE_HEX,
		 VIE_NOTE_HEX),
	VIE_ATTR(PHYS_OFFSET, vie_phys_offset, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(TCR_EL1_T1SZ, vie_tcr_el1_t1sz, VIE_FILE_DEC, VIE_NOTE_HEX),
	VIE_ATTR(KERNELPACMASK, vie_kernelpacmask, VIE_FILE_HEX, VIE_NOTE_HEX),
	VIE_ATTR(MAX_PHYSMEM_BITS, vie_max_physmem_bits, VIE_FILE_DEC,
		 VIE_NOTE_LONG),
	VIE_ATTR(SECTION_SIZE_BITS, vie_section_size_bits, VIE_FILE_DEC,
		 VIE_NOTE_LONG),
};

const unsigned int vie_nr_values = ARRAY_SIZE(vie_values);
