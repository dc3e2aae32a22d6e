// SPDX-License-Identifier: GPL-2.0
/* Flattened streams: the record walk and reads of the dump they carry. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct flat_stream fs;
	struct vie_src src;
	unsigned char buf[512];
	uint64_t at;
	int fd = fuzz_memfd(data, size);

	if (flat_open(&fs, fd, size, &err) == 0) {
		flat_src(&src, &fs);
		if (src.size)
			vie_src_read(&src, buf, src.size < sizeof(buf) ?
				     (size_t)src.size : sizeof(buf), 0, &err);
		flat_locate(&fs, 4096 + 32, 32, &at, &err);
		flat_close(&fs);
	}
	close(fd);
	return 0;
}
