// SPDX-License-Identifier: GPL-2.0
/* /sys/kernel/vmcoreinfo ("<paddr> <size>") and the module's value files. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	uint64_t paddr, len, value;

	if (sysfs_vmcoreinfo_parse(data, size, &paddr, &len, &err) == 0 &&
	    (len == 0 || paddr == 0 || paddr + len < paddr))
		abort();	/* the parser promised otherwise */
	sysfs_value_parse(data, size, &value, &err);
	return 0;
}
