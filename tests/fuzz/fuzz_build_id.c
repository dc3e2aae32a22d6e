// SPDX-License-Identifier: GPL-2.0
/* /sys/kernel/notes content: the walk to the GNU build-id note, either
 * byte order; a found ID must be lowercase hex that build_id_valid()
 * accepts, of at most VIE_BUILD_ID_MAX bytes. */
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char hex[VIE_BUILD_ID_HEX_SIZE];
	int be;

	for (be = 0; be <= 1; be++) {
		struct vie_error err = { .source = "" };

		if (build_id_from_notes(data, size, be, hex, &err) == 0) {
			if (!build_id_valid(hex))
				abort();
		} else if (hex[0] != '\0' || err.message[0] == '\0') {
			abort();
		}
	}
	return 0;
}
