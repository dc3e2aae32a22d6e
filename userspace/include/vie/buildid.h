/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's build ID.  Since commit 0935288c6e00 ("kdump: append
 * kernel build-id string to VMCOREINFO") (v5.9) the kernel writes it into
 * VMCOREINFO as BUILD-ID=%20phN, right after OSRELEASE: the GNU build-id
 * note of vmlinux in lowercase hex.  Older kernels lack the line, but the
 * running kernel's ELF notes are in /sys/kernel/notes (since 2.6.23,
 * mode 0444; the .notes section of vmlinux, in the kernel's byte order),
 * and the build-id note among them is named "GNU", of type
 * NT_GNU_BUILD_ID (3).
 */
#ifndef VIE_BUILDID_H
#define VIE_BUILDID_H

#include "vie/util.h"

#define VIE_NT_GNU_BUILD_ID	3
/* A SHA-1 build ID (ld's default, every distribution kernel) is 20
 * bytes, md5 and uuid ones 16; more than this is not a build ID. */
#define VIE_BUILD_ID_MAX	64
#define VIE_BUILD_ID_HEX_SIZE	(2 * VIE_BUILD_ID_MAX + 1)

/*
 * The GNU build-id note among the ELF notes in buf, as lowercase hex of
 * whatever length it has (the kernel prints 20 bytes: a kernel built
 * with another build-id style has another length).  ABSENT when there is
 * no such note; CORRUPT for a damaged note walk, an empty or oversized
 * descriptor.
 */
int build_id_from_notes(const void *buf, size_t len, bool big_endian,
			char hex[VIE_BUILD_ID_HEX_SIZE], struct vie_error *err);

/* A BUILD-ID value as the kernel prints one: lowercase hex digits, an
 * even number of them, 1 to VIE_BUILD_ID_MAX bytes. */
bool build_id_valid(const char *value);

#endif /* VIE_BUILDID_H */
