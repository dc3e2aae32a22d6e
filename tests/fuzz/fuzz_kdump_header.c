// SPDX-License-Identifier: GPL-2.0
/*
 * kdump-compressed header, sub-header and the VMCOREINFO they point at;
 * then the FILE reader that tells dump kinds apart (ELF, kdump, bare
 * note, text, each plain or flattened).
 */
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct diskdump_header hdr;
	struct diskdump_sub_header sub;
	struct diskdump_file dd;
	struct vie_src src;
	char *text;
	size_t len;
	int fd;

	if (diskdump_parse_header(data, size, &hdr, &err) == 0 &&
	    hdr.block_size < size)
		diskdump_parse_sub_header(data + hdr.block_size,
					  size - hdr.block_size, &hdr, &sub,
					  &err);
	fd = fuzz_memfd(data, size);
	vie_src_plain(&src, fd, size);
	if (diskdump_open(&dd, &src, &err) == 0 &&
	    diskdump_read_vmcoreinfo(&dd, &text, &len, &err) == 0)
		free(text);
	{
		char path[64];

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (file_read_note(path, &text, &len, &err) == 0)
			free(text);
	}
	close(fd);
	return 0;
}
