// SPDX-License-Identifier: GPL-2.0
/*
 * amend on any file: refused or amended, never a crash; and when it
 * amends, the dump reads back, verify finds its amend record intact, a
 * second amend changes nothing, and --undo gives back exactly the bytes
 * it started from.  verify reads any file, amended or not, without a
 * crash (its amend record points at notes the input made up).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* tests/unit/fixtures/ext/saved-good: the boot of the specs' note text. */
static const char saved_text[] =
	VIE_SAVED_MARKER "\n"
	"OSRELEASE=6.1.0-13-amd64\n"
	"BUILD-ID=3e5e1d1a2b4c9f8e7d6c5b4a3928171605f4e3d2\n"
	"KERNELOFFSET=26000000\n"
	"SYMBOL(mem_section)=ffff9b3c37fd3000\n"
	"NUMBER(phys_base)=295698432\n"
	"NUMBER(pgtable_l5_enabled)=0\n"
	"NUMBER(MAX_PHYSMEM_BITS)=46\n"
	"NUMBER(page_offset_base)=-110792976367616\n"
	"NUMBER(vmalloc_base)=-60473139527680\n";

/* verify on the file: an error or a report; 1 when the record is intact,
 * 0 when not, -1 when verify failed. */
static int verify_state(const char *path)
{
	struct vie_error err = { .source = "" };
	struct verify_report r;
	struct dumpfile df;
	int rc = -1;

	if (dumpfile_open(&df, path, O_RDONLY, &err))
		return -1;
	if (verify_dump(&df, &r, &err) == 0) {
		rc = r.ai.state == AMEND_RECORD_INTACT;
		verify_report_free(&r);
	}
	dumpfile_close(&df);
	return rc;
}

static uint8_t *file_bytes(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	uint8_t *p = malloc(end > 0 ? (size_t)end : 1);

	if (!p || end < 0 || pread(fd, p, (size_t)end, 0) != end)
		abort();
	*len = (size_t)end;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vie_error err = { .source = "" };
	struct ext_entries saved;
	struct amend_report rep;
	char path[64], *text;
	size_t len, after_len;
	uint8_t *after;
	int fd;

	if (ext_parse(saved_text, sizeof(saved_text) - 1, &saved, &err))
		abort();
	fd = fuzz_memfd(data, size);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	verify_state(path);
	if (amend_dump(path, &saved, false, &rep, &err) == 0 &&
	    rep.outcome == AMEND_DONE) {
		if (file_read_note(path, &text, &len, &err))
			abort();	/* amended, but unreadable */
		free(text);
		if (verify_state(path) == 0)
			abort();	/* amended, its record not intact */
		after = file_bytes(fd, &after_len);
		if (amend_dump(path, &saved, false, &rep, &err) ||
		    rep.outcome != AMEND_ALREADY)
			abort();
		{
			size_t again_len;
			uint8_t *again = file_bytes(fd, &again_len);

			if (again_len != after_len ||
			    memcmp(again, after, after_len))
				abort();	/* twice != once */
			free(again);
		}
		free(after);
		if (amend_undo(path, false, &rep, &err) ||
		    rep.outcome != AMEND_UNDONE)
			abort();
		after = file_bytes(fd, &after_len);
		if (after_len != size || (size && memcmp(after, data, size)))
			abort();	/* --undo did not restore the bytes */
		free(after);
	}
	ext_free(&saved);
	close(fd);
	return 0;
}
