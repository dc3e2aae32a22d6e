/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel API difference vmcoreinfo_ext has to bridge lives here
 * (the generic ones) and in compat-<arch>.h (those of one architecture).
 *
 * The VIE_HAVE_* macros come from probes in the top-level Kbuild, which
 * look for a declaration in the headers the module is built against (not
 * at the version number), so distribution backports are picked up.
 * main.c and <arch>.c use only the vie_*() helpers.
 */
#ifndef VMCOREINFO_EXT_COMPAT_H
#define VMCOREINFO_EXT_COMPAT_H

#include <linux/kernel.h>
#include <linux/sysfs.h>
#include <linux/security.h>

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
 * The values here defeat KASLR, as /proc/kcore does: refuse them whenever
 * the kernel refuses /proc/kcore to the reader.
 *
 * security_locked_down(LOCKDOWN_KCORE) (v5.4) is the kernel's own rule
 * for /proc/kcore.  The lockdown patches distributions carried before it
 * only say whether the kernel is locked down, not what that refuses, and
 * the same API comes with two policies: RHEL 8's kernel_is_locked_down(what)
 * never locks /proc/kcore, Ubuntu 18.04's locks it in open_kcore(); SLES
 * 15 has kernel_is_locked_down(void).  On those kernels, while locked
 * down, /proc/kcore itself is asked (vie_kcore_refuses(), compat.c).
 * __kernel_is_locked_down(NULL, false) is what kernel_is_locked_down(what)
 * expands to, without its "Lockdown: ... is restricted" message.
 */
#if !defined(VIE_HAVE_SECURITY_LOCKED_DOWN) && \
	(defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN) || \
	 defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN_VOID))
int vie_kcore_refuses(void);
#endif

static inline int vie_lockdown_check(void)
{
#if defined(VIE_HAVE_SECURITY_LOCKED_DOWN)
	return security_locked_down(LOCKDOWN_KCORE);
#elif defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN)
	return __kernel_is_locked_down(NULL, false) ? vie_kcore_refuses() : 0;
#elif defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN_VOID)
	return kernel_is_locked_down() ? vie_kcore_refuses() : 0;
#else
	return 0;
#endif
}

#endif /* VMCOREINFO_EXT_COMPAT_H */
