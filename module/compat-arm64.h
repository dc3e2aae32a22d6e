/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel API differences of arm64 (see compat.h for the rules).
 */
#ifndef VMCOREINFO_EXT_COMPAT_ARM64_H
#define VMCOREINFO_EXT_COMPAT_ARM64_H

#include <linux/kernel.h>
#include <asm/cpufeature.h>
#include <asm/memory.h>
#include <asm/pgtable.h>

/*
 * VMEMMAP_END: the vmemmap region ends VMEMMAP_SIZE after its start on
 * every kernel; kernels that do not define VMEMMAP_END say it that way.
 */
#ifdef VIE_HAVE_VMEMMAP_END
#define vie_vmemmap_end() ((unsigned long)VMEMMAP_END)
#else
#define vie_vmemmap_end() ((unsigned long)(VMEMMAP_START + VMEMMAP_SIZE))
#endif

/*
 * The pointer authentication code bits of kernel pointers, as mainline
 * prints NUMBER(KERNELPACMASK): 0 unless the CPUs support address
 * authentication.  ptrauth_kernel_pac_mask() came with in-kernel pointer
 * authentication (v5.7); a kernel without it signs no kernel pointer, and
 * 0 is what a kernel carrying the entry prints when nothing is signed.
 */
static inline u64 vie_kernel_pac_mask(void)
{
#ifdef VIE_HAVE_PTRAUTH_KERNEL_PAC_MASK
	return system_supports_address_auth() ? ptrauth_kernel_pac_mask() : 0;
#else
	return 0;
#endif
}

#endif /* VMCOREINFO_EXT_COMPAT_ARM64_H */
