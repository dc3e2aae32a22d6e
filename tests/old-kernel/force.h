/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "old-kernel" build flavour of tests/module-build.sh: force-included
 * (KCFLAGS="-include ...") after the kernel's own compiler_types.h, it
 * makes current kernel headers impose on the module what the headers of
 * kernels before v5.7 could:
 *
 *  - every "inline" function always_inline.  include/linux/compiler-gcc.h
 *    (compiler_types.h from v4.19) did this unless both
 *    CONFIG_ARCH_SUPPORTS_OPTIMIZED_INLINING and CONFIG_OPTIMIZE_INLINING
 *    were set, until commit ac7c3e4ff401 ("compiler: enable
 *    CONFIG_OPTIMIZE_INLINING forcibly", v5.4) and commit 889b3c1245de
 *    ("compiler: remove CONFIG_OPTIMIZE_INLINING entirely", v5.7).  GCC
 *    rejects an always_inline function it cannot inline (a variadic one,
 *    say), which is what broke the 3.10 and 4.14 builds.
 *
 * The flavour also selects VIE_NO_PROBES=1, the oldest API fallbacks; its
 * 5.10 build compiles as gnu89, as every kernel before commit
 * e8c07082a810 ("Kbuild: move to -std=gnu11", v5.18) did.  __inline and
 * __inline__ stay as they are: current headers use "asm __inline", which
 * old kernels, which redefined them too, did not have.  What it cannot
 * emulate: an old kernel's missing or different headers, types and
 * functions, its compiler (RHEL 7's gcc 4.8), its modpost.
 */
#undef inline
#define inline inline __attribute__((__always_inline__)) __gnu_inline \
	__inline_maybe_unused notrace
