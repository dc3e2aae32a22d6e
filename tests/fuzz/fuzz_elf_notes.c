// SPDX-License-Identifier: GPL-2.0
/* ELF header, program headers and notes: buffer parsers and file reader. */
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct elf_file ef;
	struct note_loc loc;
	struct vie_src src;
	size_t desc_len;
	bool found;
	char *text;
	int fd;

	/* The note walkers on the raw bytes, both byte orders. */
	note_find_vmcoreinfo(data, size, false, &loc, &found, &err);
	note_find_vmcoreinfo(data, size, true, &loc, &found, &err);
	if (note_copy_vmcoreinfo(data, size, false, &text, &desc_len,
				 &err) == 0)
		free(text);

	/* The whole ELF reader through pread, as on a dump file. */
	fd = fuzz_memfd(data, size);
	vie_src_plain(&src, fd, size);
	if (elf_file_open(&ef, &src, &err) == 0) {
		if (elf_file_find_vmcoreinfo(&ef, &text, &desc_len, &found,
					     &err) == 0 && found) {
			struct vmcoreinfo vi;

			if (vmcoreinfo_parse(text, desc_len,
					     VMCI_REQUIRE_OSRELEASE |
					     VMCI_LENIENT, &vi,
					     &err) == 0)
				vmcoreinfo_free(&vi);
			free(text);
		}
		elf_file_close(&ef);
	}
	close(fd);
	return 0;
}
