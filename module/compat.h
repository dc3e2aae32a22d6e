/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel API difference vmcoreinfo_ext has to bridge lives here.
 *
 * The VIE_HAVE_* macros come from probes in the top-level Kbuild, which
 * look for a declaration in the headers the module is built against (not
 * at the version number), so distribution backports are picked up.
 * vmcoreinfo_ext.c uses only the vie_*() helpers below.
 */
#ifndef VMCOREINFO_EXT_COMPAT_H
#define VMCOREINFO_EXT_COMPAT_H

#include <linux/kernel.h>
#include <linux/sysfs.h>
#include <linux/security.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>

#ifdef VIE_HAVE_MEM_ENCRYPT_H
#include <linux/mem_encrypt.h>
#endif

/*
 * sysfs_emit_at() (v5.10) checks that buf is the page sysfs handed us;
 * before it, scnprintf() bounded by PAGE_SIZE is what sysfs callers used.
 *
 * The fallback is out of line, in compat.c: a variadic function can never
 * be inlined, and until v5.7 the kernel's headers could turn every
 * "inline" into always_inline (see compat.c).
 */
#ifdef VIE_HAVE_SYSFS_EMIT_AT
#define vie_emit_at sysfs_emit_at
#else
__printf(3, 4) int vie_emit_at(char *buf, int at, const char *fmt, ...);
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

/*
 * The values here defeat KASLR, as /proc/kcore does: refuse them whenever
 * the kernel refuses /proc/kcore.  security_locked_down() is v5.4; the
 * lockdown patches carried by distributions before that (RHEL 8, Fedora)
 * offer kernel_is_locked_down(what), or kernel_is_locked_down(void) in
 * their earliest form.
 */
static inline int vie_lockdown_check(void)
{
#if defined(VIE_HAVE_SECURITY_LOCKED_DOWN)
	return security_locked_down(LOCKDOWN_KCORE);
#elif defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN)
	return kernel_is_locked_down("/proc/kcore") ? -EPERM : 0;
#elif defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN_VOID)
	return kernel_is_locked_down() ? -EPERM : 0;
#else
	return 0;
#endif
}

#endif /* VMCOREINFO_EXT_COMPAT_H */
