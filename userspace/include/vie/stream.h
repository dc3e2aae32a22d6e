/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amend --stream: makedumpfile's flattened stream (-F, see vie/flat.h),
 * amended on its way from makedumpfile to wherever it goes (ssh to a
 * collector), so that the dump rebuilt from it (makedumpfile -R), or read
 * as it is (crash), carries the merged VMCOREINFO exactly as a file
 * amended in place does: new notes after the end of the dump, the four
 * kdump sub-header fields pointing at them.
 *
 * O(1) memory in the dump's size: the records before the kernel's note
 * has been read (the headers, the text and the notes, which makedumpfile
 * writes first) are held, at most VIE_STREAM_HOLD_MAX bytes; once the
 * note is merged they are written out unchanged, but for the 32 bytes of
 * sub-header fields, which are held to the end (their record is written
 * in up to three pieces, which every reader takes as one: crash sorts the
 * records by offset, makedumpfile -R writes each at its offset); every
 * later record is copied through.  Before the end marker come the
 * patched fields and the new notes, each one record; after it, where the
 * input has nothing after its own, the amend record (amend_plan.h), as an
 * amend in place writes it after a flattened stream: verify and
 * amend --undo read it there.
 *
 * The dump is never lost for it.  Whatever keeps the stream from being
 * amended (no saved values, a saved file of another boot, a stream that
 * is not a kdump-compressed dump, held records that would exceed the
 * bound, ...) is found before anything is written differently, and the
 * stream is then copied through byte for byte.  A stream cut short is
 * copied as far as it goes, without an end marker of ours (the 32 held
 * bytes, if any, follow as their own record, unchanged).
 */
#ifndef VIE_STREAM_H
#define VIE_STREAM_H

#include "vie/saved.h"

#define VIE_STREAM_HOLD_MAX	(16u << 20)

struct stream_report {
	bool amended;
	bool truncated;		/* the input ended before its end marker */
	bool reordered;		/* not amended after all, once the note was
				 * merged: the bytes are the input's, but
				 * the sub-header's record is in pieces */
	char why[512];		/* not amended: why, one line */
	char added[512];	/* amended: "N entries added (KEYS)" */
	uint64_t bytes_in, bytes_out;
};

/*
 * Copy the stream in_fd to out_fd, amending it with saved (NULL: pass it
 * through; pass_reason then says why).  Returns 0 when everything read
 * was written (amended, or passed through: rep says which, and why);
 * -1 when reading or writing failed (err).
 */
int amend_stream(int in_fd, int out_fd, const struct ext_entries *saved,
		 const char *pass_reason, struct stream_report *rep,
		 struct vie_error *err);

#endif /* VIE_STREAM_H */
