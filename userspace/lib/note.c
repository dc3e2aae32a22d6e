// SPDX-License-Identifier: GPL-2.0
/* ELF notes; see vie/note.h. */
#include <stdlib.h>
#include <string.h>

#include "vie/note.h"

#define NHDR_SIZE	12
#define VMCOREINFO_NAME	"VMCOREINFO"
#define VMCOREINFO_NAMESZ 11u

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int note_find(const void *buf, size_t len, bool big_endian, const char *name,
	      bool any_type, uint32_t want_type, struct note_loc *loc,
	      bool *found, struct vie_error *err)
{
	const unsigned char *p = buf;
	size_t pos = 0, want_namesz = strlen(name) + 1;
	unsigned index = 0;

	*found = false;
	memset(loc, 0, sizeof(*loc));
	while (pos < len) {
		uint32_t namesz, descsz, type;
		size_t name_off, desc_off, next;

		if (len - pos < NHDR_SIZE)
			return vie_fail(err, "truncated note header at offset "
					"%zu", pos);
		namesz = load_u32(p + pos, big_endian);
		descsz = load_u32(p + pos + 4, big_endian);
		type = load_u32(p + pos + 8, big_endian);
		if (namesz == 0 && descsz == 0 && type == 0)
			break;	/* the kernel's final empty note */
		if (namesz == 0)
			return vie_fail(err, "note %u at offset %zu has an "
					"empty name", index, pos);
		name_off = pos + NHDR_SIZE;
		if (namesz > len - name_off)
			return vie_fail(err, "note %u: n_namesz %u overruns "
					"the segment", index, namesz);
		desc_off = name_off + align4(namesz);
		if (desc_off > len || descsz > len - desc_off)
			return vie_fail(err, "note %u: n_descsz %u overruns "
					"the segment", index, descsz);
		/* The last note's descriptor padding may be cut off. */
		next = desc_off + descsz;
		next = align4(next) <= len ? align4(next) : len;
		if (namesz == want_namesz &&
		    memcmp(p + name_off, name, want_namesz) == 0 &&
		    (any_type || type == want_type)) {
			loc->note_off = pos;
			loc->desc_off = desc_off;
			loc->desc_len = descsz;
			loc->end_off = next;
			loc->type = type;
			*found = true;
			return 0;
		}
		pos = next;
		index++;
	}
	return 0;
}

int note_find_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			 struct note_loc *loc, bool *found,
			 struct vie_error *err)
{
	/* Any type: the kernel writes 0, and a reader need not insist. */
	if (note_find(buf, len, big_endian, VMCOREINFO_NAME, true, 0, loc,
		      found, err))
		return -1;
	if (!*found)
		return 0;
	if (loc->desc_len > VIE_MAX_NOTE_TEXT) {
		*found = false;
		return vie_fail(err, "VMCOREINFO note too large (%zu bytes, "
				"limit %u)", loc->desc_len, VIE_MAX_NOTE_TEXT);
	}
	if (loc->desc_len == 0) {
		*found = false;
		return vie_fail(err, "VMCOREINFO note is empty");
	}
	return 0;
}

int note_copy_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			 char **text, size_t *text_len, struct vie_error *err)
{
	const unsigned char *p = buf;
	uint32_t namesz, descsz, type;
	size_t desc_off = NHDR_SIZE + align4(VMCOREINFO_NAMESZ);

	*text = NULL;
	*text_len = 0;
	if (len < desc_off)
		return vie_fail(err, "note buffer too small (%zu bytes)", len);
	namesz = load_u32(p, big_endian);
	descsz = load_u32(p + 4, big_endian);
	type = load_u32(p + 8, big_endian);
	if (namesz != VMCOREINFO_NAMESZ ||
	    memcmp(p + NHDR_SIZE, VMCOREINFO_NAME, VMCOREINFO_NAMESZ) != 0)
		return vie_fail(err, "no VMCOREINFO note at this address "
				"(n_namesz %u)", namesz);
	if (type != 0)
		return vie_fail(err, "VMCOREINFO note has type %u, not 0",
				type);
	if (descsz == 0)
		return vie_fail(err, "VMCOREINFO note is empty");
	if (descsz > len - desc_off)
		return vie_fail(err, "VMCOREINFO n_descsz %u exceeds the "
				"advertised note size %zu", descsz, len);
	*text = malloc(descsz);
	if (!*text)
		return vie_nomem(err);
	memcpy(*text, p + desc_off, descsz);
	*text_len = descsz;
	return 0;
}

static void put_vmcoreinfo_note(struct vie_buf *out, bool big_endian,
				const char *text, size_t text_len)
{
	static const char zeros[4];
	unsigned char hdr[NHDR_SIZE];
	char name[12] = VMCOREINFO_NAME;

	store_u32(hdr, VMCOREINFO_NAMESZ, big_endian);
	store_u32(hdr + 4, (uint32_t)text_len, big_endian);
	store_u32(hdr + 8, 0, big_endian);
	buf_append(out, hdr, sizeof(hdr));
	buf_append(out, name, sizeof(name));
	buf_append(out, text, text_len);
	buf_append(out, zeros, align4(text_len) - text_len);
}

void note_build_vmcoreinfo(struct vie_buf *out, const char *text,
			   size_t text_len)
{
	static const char zeros[NHDR_SIZE];

	put_vmcoreinfo_note(out, host_is_big_endian(), text, text_len);
	buf_append(out, zeros, sizeof(zeros));
}

void note_replace_vmcoreinfo(struct vie_buf *out, const void *notes,
			     size_t len, bool big_endian,
			     const struct note_loc *loc, const char *text,
			     size_t text_len, size_t *desc_off)
{
	const char *p = notes;

	buf_append(out, p, loc->note_off);
	*desc_off = out->len + NHDR_SIZE + align4(VMCOREINFO_NAMESZ);
	put_vmcoreinfo_note(out, big_endian, text, text_len);
	buf_append(out, p + loc->end_off, len - loc->end_off);
}
