/* SPDX-License-Identifier: GPL-2.0 */
/* The text of the kernel's and the module's sysfs files. */
#ifndef VIE_SYSFS_H
#define VIE_SYSFS_H

#include "vie/util.h"

/*
 * /sys/kernel/vmcoreinfo (since 2.6.24): "<paddr> <size>\n", both
 * hexadecimal: "%lx %x" in old kernels, "%pa %x" (0x..., zero-padded) in
 * newer ones.  size is the note buffer's capacity.
 */
int sysfs_vmcoreinfo_parse(const void *buf, size_t len, uint64_t *paddr,
			   uint64_t *size, struct vie_error *err);
/* One module value file: "0x%016lx\n" or decimal "%lu\n" / "%d\n". */
int sysfs_value_parse(const void *buf, size_t len, uint64_t *value,
		      struct vie_error *err);

#endif /* VIE_SYSFS_H */
