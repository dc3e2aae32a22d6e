// SPDX-License-Identifier: GPL-2.0
/*
 * amend --stream on any input, with the saved file of the seeds' boot.
 * Oracles: a stream not amended comes out byte for byte as it went in
 * (unless it turned out, after the note, that it could not be: then its
 * sub-header's record is in pieces, rep.reordered);
 * an amended one ends with an end marker and reads (as a flattened
 * stream) with a VMCOREINFO note.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char saved_text[] =
	"# vmcoreinfo-ext saved values\n"
	"OSRELEASE=6.1.0-13-amd64\n"
	"BUILD-ID=3e5e1d1a2b4c9f8e7d6c5b4a3928171605f4e3d2\n"
	"KERNELOFFSET=26000000\n"
	"SYMBOL(mem_section)=ffff9b3c37fd3000\n"
	"NUMBER(phys_base)=295698432\n"
	"NUMBER(MAX_PHYSMEM_BITS)=46\n"
	"NUMBER(page_offset_base)=-110792976367616\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct ext_entries saved;
	struct stream_report rep;
	int in = fuzz_memfd(data, size);
	int out = fuzz_memfd(NULL, 0);
	off_t len;
	unsigned char *got;

	lseek(in, 0, SEEK_SET);
	if (ext_parse(saved_text, sizeof(saved_text) - 1, &saved, &err))
		abort();
	if (amend_stream(in, out, &saved, NULL, &rep, &err))
		abort();	/* memfds: reading and writing cannot fail */
	len = lseek(out, 0, SEEK_END);
	if (!rep.amended && !rep.reordered) {
		got = malloc(size + 1);
		if (!got || (size_t)len != size ||
		    pread(out, got, size, 0) != (ssize_t)size ||
		    memcmp(got, data, size) != 0)
			abort();
		free(got);
	} else if (rep.amended && !rep.truncated) {
		struct dumpfile df;
		char path[64], *text;
		size_t tl;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", out);
		if (dumpfile_open(&df, path, O_RDONLY, &err) ||
		    dumpfile_read_note(&df, &text, &tl, &err))
			abort();
		free(text);
		dumpfile_close(&df);
	}
	ext_free(&saved);
	close(in);
	close(out);
	return 0;
}
