// SPDX-License-Identifier: GPL-2.0
/*
 * The x86_64 values: those arch/x86/kernel/crash_core_64.c
 * (arch_crash_save_vmcoreinfo()) and kernel/crash_core.c emit that older
 * kernels lack, and the randomised bases mainline never emits.
 */
#include <linux/kernel.h>
/*
 * <linux/mm.h>, as a mainline module would, not <asm/pgtable.h> alone: the
 * asm/pgtable.h of RHEL 7, SLES 15 and Ubuntu 18.04 is not self-contained
 * (it uses spinlock_t, boot_cpu_has() and, in its memory protection keys
 * code, __read_pkru() before anything declares them).
 */
#include <linux/mm.h>
#include <asm/sparsemem.h>

#include "compat.h"
#include "compat-x86_64.h"
#include "values.h"

static unsigned long vie_page_offset_base(void)
{
	return PAGE_OFFSET;
}

static unsigned long vie_vmalloc_base(void)
{
	return VMALLOC_START;
}

static unsigned long vie_vmemmap_base(void)
{
	return VMEMMAP_START;
}

static unsigned long vie_phys_base(void)
{
	return phys_base;
}

static unsigned long vie_sme_mask_value(void)
{
	return (unsigned long)vie_sme_mask();
}

static unsigned long vie_l5_value(void)
{
	return vie_pgtable_l5_enabled();
}

static unsigned long vie_kernel_image_size(void)
{
	return KERNEL_IMAGE_SIZE;
}

static unsigned long vie_max_physmem_bits(void)
{
	return MAX_PHYSMEM_BITS;
}

static unsigned long vie_section_size_bits(void)
{
	return SECTION_SIZE_BITS;
}

/* In the order mainline's arch_crash_save_vmcoreinfo() and crash_core.c
 * emit them, then the entries mainline never merged.
 */
struct vie_attr vie_values[] = {
	VIE_ATTR(phys_base, vie_phys_base, VIE_FILE_HEX, VIE_NOTE_LONG),
	VIE_ATTR(pgtable_l5_enabled, vie_l5_value, VIE_FILE_DEC, VIE_NOTE_INT),
	VIE_ATTR(KERNEL_IMAGE_SIZE, vie_kernel_image_size, VIE_FILE_DEC,
		 VIE_NOTE_LONG),
	VIE_ATTR(sme_mask, vie_sme_mask_value, VIE_FILE_HEX, VIE_NOTE_LONG),
	VIE_ATTR(MAX_PHYSMEM_BITS, vie_max_physmem_bits, VIE_FILE_DEC,
		 VIE_NOTE_LONG),
	VIE_ATTR(SECTION_SIZE_BITS, vie_section_size_bits, VIE_FILE_DEC,
		 VIE_NOTE_LONG),
	VIE_ATTR(page_offset_base, vie_page_offset_base, VIE_FILE_HEX,
		 VIE_NOTE_LONG),
	VIE_ATTR(vmalloc_base, vie_vmalloc_base, VIE_FILE_HEX, VIE_NOTE_LONG),
	VIE_ATTR(vmemmap_base, vie_vmemmap_base, VIE_FILE_HEX, VIE_NOTE_LONG),
};

const unsigned int vie_nr_values = ARRAY_SIZE(vie_values);
