/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel API differences of x86_64 (see compat.h for the rules).
 */
#ifndef VMCOREINFO_EXT_COMPAT_X86_64_H
#define VMCOREINFO_EXT_COMPAT_X86_64_H

#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>

#ifdef VIE_HAVE_MEM_ENCRYPT_H
#include <linux/mem_encrypt.h>
#endif

/*
 * 5-level paging: pgtable_l5_enabled() since v4.18 (a plain variable in
 * v4.17).  Otherwise ask the CPU: CR4.LA57 is set exactly when the kernel
 * runs on 5-level page tables, and before v4.14 it never does.
 */
static inline int vie_pgtable_l5_enabled(void)
{
#if defined(VIE_HAVE_PGTABLE_L5_ENABLED)
	return pgtable_l5_enabled() ? 1 : 0;
#elif defined(X86_CR4_LA57)
	return (native_read_cr4() & X86_CR4_LA57) ? 1 : 0;
#else
	return 0;
#endif
}

/*
 * AMD SME mask (v4.14).  <linux/mem_encrypt.h> defines sme_me_mask as 0
 * when CONFIG_AMD_MEM_ENCRYPT is off; kernels without it predate SME.
 */
static inline u64 vie_sme_mask(void)
{
#ifdef VIE_HAVE_SME_ME_MASK
	return sme_me_mask;
#else
	return 0;
#endif
}

#endif /* VMCOREINFO_EXT_COMPAT_X86_64_H */
