// SPDX-License-Identifier: GPL-2.0
/*
 * kdump-compressed header, sub-header and the VMCOREINFO they point at;
 * then the FILE reader that tells dump kinds apart (ELF, kdump, bare
 * note, text).
 */
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct kdump_header hdr;
	struct kdump_sub_header sub;
	char *text;
	size_t len;
	int fd;

	if (kdump_parse_header(data, size, &hdr, &err) == 0 &&
	    hdr.block_size < size)
		kdump_parse_sub_header(data + hdr.block_size,
				       size - hdr.block_size, &hdr, &sub, &err);
	kdump_is_flattened(data, size);
	fd = fuzz_memfd(data, size);
	if (kdump_file_read_vmcoreinfo(fd, size, &text, &len, &err) == 0)
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
