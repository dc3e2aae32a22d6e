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
