/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the live kernel's VMCOREINFO note can be found:
 *
 *  vmcore      /proc/vmcore in a kdump kernel: the crashed kernel's note.
 *  kcore       /proc/kcore's PT_NOTE, since commit 23c85094fe18
 *              ("proc/kcore: add vmcoreinfo note to /proc/kcore"), v4.19.
 *  kcore-phys  the note's physical address from /sys/kernel/vmcoreinfo,
 *              read through the /proc/kcore PT_LOAD whose p_paddr covers
 *              it (see vie/elf.h), else at page_offset_base + paddr with
 *              page_offset_base from the module: what older kernels need.
 *  devmem      /dev/mem at the physical address (STRICT_DEVMEM and
 *              lockdown usually refuse).
 */
#ifndef VIE_LIVE_H
#define VIE_LIVE_H

#include "vie/buildid.h"
#include "vie/util.h"

enum live_source {
	SOURCE_AUTO, SOURCE_VMCORE, SOURCE_KCORE, SOURCE_KCORE_PHYS,
	SOURCE_DEVMEM,
};

int live_source_parse(const char *name, enum live_source *src);
const char *live_source_name(enum live_source src);

struct live_note {
	char *text;
	size_t text_len;
	enum live_source source;	/* the one that delivered */
	char path[512];			/* the file it was read from */
};

/*
 * Read the running (or, in a kdump kernel, the crashed) kernel's note.
 * root prefixes /proc, /sys and /dev ("" for the real ones); ext_dir
 * (or NULL for the module's sysfs directory) gives page_offset_base to
 * kcore-phys.  SOURCE_AUTO tries vmcore alone if it exists, else kcore,
 * kcore-phys and devmem in turn, passing over sources that are absent or
 * refused, and stopping at a note that is there but corrupt.
 */
int live_read_note(const char *root, enum live_source src,
		   const char *ext_dir, struct live_note *note,
		   struct vie_error *err);

/*
 * The running kernel's build ID, from root's /sys/kernel/notes (see
 * vie/buildid.h), into hex; path (path_cap bytes) names the file.  Only
 * for the kernel that runs: in a kdump kernel these notes are the kdump
 * kernel's own, not the crashed one's.  At most 64 KiB of notes are read.
 */
int live_read_build_id(const char *root, char hex[VIE_BUILD_ID_HEX_SIZE],
		       char *path, size_t path_cap, struct vie_error *err);

#endif /* VIE_LIVE_H */
