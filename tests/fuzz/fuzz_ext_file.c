// SPDX-License-Identifier: GPL-2.0
/* Module entries / saved files, checked against a fixed kernel note. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char kernel_note[] =
	"OSRELEASE=6.1.0-13-amd64\nPAGESIZE=4096\nBUILD-ID=ab12\n"
	"SYMBOL(mem_section)=ffff888100001000\nKERNELOFFSET=26000000\n"
	"NUMBER(phys_base)=295698432\nNUMBER(MAX_PHYSMEM_BITS)=46\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct vmcoreinfo kernel;
	struct ext_entries ext;
	struct merged m;

	if (ext_parse(data, size, &ext, &err))
		return 0;
	if (vmcoreinfo_parse(kernel_note, sizeof(kernel_note) - 1,
			     VMCI_REQUIRE_OSRELEASE, &kernel, &err))
		abort();
	if (ext.saved_file) {
		saved_verify(&kernel, &ext, NULL, &err);
		saved_verify(&kernel, &ext, "ab12", &err);
	}
	if (merge_vmcoreinfo(&kernel, &ext.vi, NULL, &m, &err) == 0)
		merged_free(&m);
	vmcoreinfo_free(&kernel);
	ext_free(&ext);
	return 0;
}
