/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmcoreinfo-ext library, all of it, for the tests and fuzzers.  The
 * library itself includes only the rooms it uses (include/vie/):
 *
 *   util      limits, errors, buffer, byte order, CRC-32   (depends on
 *   io        file I/O, struct vie_src, atomic writer        nothing
 *   note      ELF notes                                      below it)
 *   buildid   the kernel's GNU build ID in its ELF notes
 *   elf       ELF cores                     flat        flattened streams
 *   diskdump  kdump-compressed dumps        dumpfile    dump files: probes
 *   vmcoreinfo the text format              sysfs       sysfs file texts
 *   saved     module entries, saved files   merge       the merge
 *   output    output formats                live        live sources
 *   amend     making a dump carry the merged note
 *   stream    the same for a flattened stream on its way (amend --stream)
 *   verify    what a dump carries: the entries, the amend record
 */
#ifndef VMCOREINFO_EXT_H
#define VMCOREINFO_EXT_H

#include "vie/util.h"
#include "vie/io.h"
#include "vie/note.h"
#include "vie/buildid.h"
#include "vie/elf.h"
#include "vie/diskdump.h"
#include "vie/flat.h"
#include "vie/dumpfile.h"
#include "vie/vmcoreinfo.h"
#include "vie/sysfs.h"
#include "vie/saved.h"
#include "vie/merge.h"
#include "vie/output.h"
#include "vie/live.h"
#include "vie/amend.h"
#include "vie/stream.h"
#include "vie/verify.h"

#endif /* VMCOREINFO_EXT_H */
