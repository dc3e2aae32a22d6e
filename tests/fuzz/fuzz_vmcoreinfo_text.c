// SPDX-License-Identifier: GPL-2.0
/* VMCOREINFO text, then merge and every output format. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char module_entries[] =
	"NUMBER(phys_base)=0\nNUMBER(pgtable_l5_enabled)=1\n"
	"NUMBER(page_offset_base)=-131391639519232\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct output_sources src = { "fuzz", "module", "notes" };
	struct vmci_entry bid = { .key = "BUILD-ID", .value = "0011ff",
				  .origin = ORIGIN_NOTES };
	struct vmcoreinfo vi;
	struct ext_entries ext;
	struct merged m;
	int f;

	if (vmcoreinfo_parse(data, size, VMCI_LENIENT | VMCI_REQUIRE_OSRELEASE,
			     &vi, &err))
		return 0;
	if (ext_parse(module_entries, sizeof(module_entries) - 1, &ext, &err))
		abort();
	if (merge_vmcoreinfo(&vi, &ext.vi, &bid, &m, &err) == 0) {
		for (f = FORMAT_TEXT; f <= FORMAT_NOTE; f++) {
			struct vie_buf out = { 0 };

			output_render(&m, (enum vie_format)f, &src, &out,
				      &err);
			buf_free(&out);
		}
		merged_free(&m);
	}
	{
		struct vie_buf out = { 0 };

		saved_build(&vi, &ext, "0011ff", &out, &err);
		buf_free(&out);
	}
	ext_free(&ext);
	vmcoreinfo_free(&vi);
	return 0;
}
