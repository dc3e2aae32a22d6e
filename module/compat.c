// SPDX-License-Identifier: GPL-2.0
/*
 * The compat helpers that cannot live in compat.h as static inline
 * functions.
 *
 * Until v5.7 the kernel's headers could make every "inline" function
 * always_inline: include/linux/compiler-gcc.h (compiler_types.h from
 * v4.19) did so unless both
 * CONFIG_ARCH_SUPPORTS_OPTIMIZED_INLINING and CONFIG_OPTIMIZE_INLINING
 * were set.  Commit ac7c3e4ff401 ("compiler: enable
 * CONFIG_OPTIMIZE_INLINING forcibly", v5.4) and commit 889b3c1245de
 * ("compiler: remove CONFIG_OPTIMIZE_INLINING entirely", v5.7) ended that.
 * GCC refuses an always_inline variadic function ("can never be inlined
 * because it uses variable argument lists"), which broke the build on
 * 3.10 and 4.14 kernels configured like distribution kernels.
 */
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

#include "compat.h"

#ifndef VIE_HAVE_SYSFS_EMIT_AT
int vie_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list args;
	int len;

	if (at < 0 || at >= PAGE_SIZE)
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf + at, PAGE_SIZE - at, fmt, args);
	va_end(args);
	return len;
}
#endif

#if !defined(VIE_HAVE_SECURITY_LOCKED_DOWN) && \
	(defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN) || \
	 defined(VIE_HAVE_KERNEL_IS_LOCKED_DOWN_VOID))
/*
 * A locked-down kernel of the pre-v5.4 lockdown patches (compat.h): does
 * it refuse /proc/kcore to the reader?  Open it with the reader's
 * credentials and take the kernel's answer; whatever keeps it from
 * opening (a lockdown that covers kcore, no CAP_SYS_RAWIO, no /proc/kcore
 * in the reader's mount namespace) refuses our files too.
 */
int vie_kcore_refuses(void)
{
	struct file *kcore;

	kcore = filp_open("/proc/kcore", O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(kcore))
		return -EPERM;
	filp_close(kcore, NULL);
	return 0;
}
#endif
