// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the synthetic inputs the CLI tests run on, into OUTDIR:
 *
 *   good/   dumps that must parse: FILE + FILE.expect (the note text)
 *   bad/    malformed inputs: FILE + FILE.err (text the one-line error
 *           must contain)
 *   root-*  fake /proc, /sys and /dev trees for --root
 *   ext/    module entry files for --ext-file
 *
 * Usage: make_fixtures NOTE_TEXT_FILE OUTDIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmcoreinfo_ext.h"

#define NOTE_PADDR	0x18a2000ull
#define NOTE_CAPACITY	0x1024ull
#define POB		0xffff9b3c00000000ull
#define RAM_PADDR	0x1000000ull
#define RAM_SIZE	0x1000000ull	/* 16 MiB around the note */

static const char *outdir;
static const char *note_text;
static size_t note_len;

static void die(const char *what)
{
	fprintf(stderr, "make_fixtures: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void path_of(char *dst, size_t cap, const char *rel)
{
	snprintf(dst, cap, "%s/%s", outdir, rel);
}

static void mkdirs(const char *rel)
{
	char path[1024], *p;

	path_of(path, sizeof(path), rel);
	for (p = path + strlen(outdir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			die(path);
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		die(path);
}

/* A sparse file image: chunks written at offsets, then truncated. */
struct image {
	int fd;
	uint64_t size;
};

static void image_open(struct image *im, const char *rel)
{
	char path[1024];

	path_of(path, sizeof(path), rel);
	im->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (im->fd < 0)
		die(path);
	im->size = 0;
}

static void image_put(struct image *im, uint64_t off, const void *p,
		      size_t len)
{
	if (len && pwrite(im->fd, p, len, (off_t)off) != (ssize_t)len)
		die("pwrite");
	if (off + len > im->size)
		im->size = off + len;
}

static void image_close(struct image *im, uint64_t size)
{
	if (ftruncate(im->fd, (off_t)(size > im->size ? size : im->size)))
		die("ftruncate");
	close(im->fd);
}

static void write_text(const char *rel, const char *fmt, ...)
{
	char path[1024];
	va_list ap;
	FILE *f;

	path_of(path, sizeof(path), rel);
	f = fopen(path, "w");
	if (!f)
		die(path);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

static void write_bytes(const char *rel, const void *p, size_t len)
{
	struct image im;

	image_open(&im, rel);
	image_put(&im, 0, p, len);
	image_close(&im, 0);
}

static void put16(unsigned char *p, uint64_t v, bool be)
{
	p[be ? 0 : 1] = (unsigned char)(v >> 8);
	p[be ? 1 : 0] = (unsigned char)v;
}

static void put32(unsigned char *p, uint64_t v, bool be)
{
	int i;

	for (i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v, bool be)
{
	int i;

	for (i = 0; i < 8; i++)
		p[be ? 7 - i : i] = (unsigned char)(v >> (8 * i));
}

/* A note: header, name padded to 4, descriptor padded to 4. */
static size_t make_note(unsigned char *dst, bool be, uint32_t namesz,
			uint32_t descsz, uint32_t type, const char *name,
			const void *desc, size_t desc_bytes)
{
	size_t name_bytes = name ? strlen(name) + 1 : 0;
	size_t pos = 12;

	put32(dst, namesz, be);
	put32(dst + 4, descsz, be);
	put32(dst + 8, type, be);
	if (name_bytes)
		memcpy(dst + pos, name, name_bytes);
	pos += (name_bytes + 3) & ~(size_t)3;
	if (desc_bytes)
		memcpy(dst + pos, desc, desc_bytes);
	pos += (desc_bytes + 3) & ~(size_t)3;
	return pos;
}

static size_t vmcoreinfo_note(unsigned char *dst, bool be, const char *text,
			      size_t len)
{
	return make_note(dst, be, 11, (uint32_t)len, 0, "VMCOREINFO", text,
			 len);
}

struct seg {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz;
};

struct elf_spec {
	bool is64, be;
	uint16_t e_type;
	uint32_t e_phnum;	/* as written in the header */
	uint32_t xnum;		/* sh_info of section 0 when PN_XNUM */
	uint16_t phentsize;	/* 0: the right one */
	uint64_t phoff;		/* 0: right after the header */
};

static void elf_write_headers(struct image *im, const struct elf_spec *s,
			      const struct seg *segs, size_t nsegs)
{
	unsigned char eh[64] = { 0x7f, 'E', 'L', 'F' };
	size_t ehsize = s->is64 ? 64 : 52, phsz = s->is64 ? 56 : 32, i;
	uint64_t phoff = s->phoff ? s->phoff : ehsize;
	uint64_t shoff = 0;
	bool be = s->be;

	eh[4] = s->is64 ? 2 : 1;
	eh[5] = be ? 2 : 1;
	eh[6] = 1;
	put16(eh + 16, s->e_type ? s->e_type : 4, be);
	put16(eh + 18, s->is64 ? 62 : 3, be);
	put32(eh + 20, 1, be);
	if (s->e_phnum == 0xffff)
		shoff = phoff + nsegs * phsz;
	if (s->is64) {
		put64(eh + 32, phoff, be);
		put64(eh + 40, shoff, be);
		put16(eh + 52, ehsize, be);
		put16(eh + 54, s->phentsize ? s->phentsize : phsz, be);
		put16(eh + 56, s->e_phnum, be);
		put16(eh + 58, shoff ? 64 : 0, be);
		put16(eh + 60, shoff ? 1 : 0, be);
	} else {
		put32(eh + 28, phoff, be);
		put32(eh + 32, shoff, be);
		put16(eh + 40, ehsize, be);
		put16(eh + 42, s->phentsize ? s->phentsize : phsz, be);
		put16(eh + 44, s->e_phnum, be);
		put16(eh + 46, shoff ? 40 : 0, be);
		put16(eh + 48, shoff ? 1 : 0, be);
	}
	image_put(im, 0, eh, ehsize);
	for (i = 0; i < nsegs; i++) {
		unsigned char ph[56] = { 0 };
		const struct seg *g = &segs[i];

		put32(ph, g->type, be);
		if (s->is64) {
			put32(ph + 4, 4, be);
			put64(ph + 8, g->offset, be);
			put64(ph + 16, g->vaddr, be);
			put64(ph + 24, g->paddr, be);
			put64(ph + 32, g->filesz, be);
			put64(ph + 40, g->filesz, be);
		} else {
			put32(ph + 4, g->offset, be);
			put32(ph + 8, g->vaddr, be);
			put32(ph + 12, g->paddr, be);
			put32(ph + 16, g->filesz, be);
			put32(ph + 20, g->filesz, be);
			put32(ph + 24, 4, be);
		}
		image_put(im, phoff + i * phsz, ph, phsz);
	}
	if (shoff) {
		unsigned char sh[64] = { 0 };

		put32(sh + (s->is64 ? 44 : 28), s->xnum, be);
		image_put(im, shoff, sh, s->is64 ? 64 : 40);
	}
}

/*
 * An ELF core whose single PT_NOTE holds an NT_PRSTATUS-like CORE note
 * and then `notes` (already laid out), and a 64 GiB-ish PT_LOAD that is
 * never read.
 */
static void elf_core(const char *rel, const struct elf_spec *spec,
		     const unsigned char *notes, size_t notes_len,
		     bool with_core_note)
{
	unsigned char core[64 + 12 + 8];
	size_t core_len = 0, hdr_end;
	struct seg segs[2];
	struct image im;
	uint64_t note_off;

	if (with_core_note) {
		unsigned char regs[64];

		memset(regs, 0xab, sizeof(regs));
		core_len = make_note(core, spec->be, 5, sizeof(regs), 1, "CORE",
				     regs, sizeof(regs));
	}
	hdr_end = (size_t)(spec->is64 ? 64 + 2 * 56 : 52 + 2 * 32) + 64;
	note_off = (hdr_end + 15) & ~(uint64_t)15;
	segs[0] = (struct seg){ 4, note_off, 0, 0, core_len + notes_len };
	segs[1] = (struct seg){ 1, 0x10000, 0xffff888000000000ull, 0,
				spec->is64 ? 0x40000000ull : 0x100000ull };
	image_open(&im, rel);
	elf_write_headers(&im, spec, segs, 2);
	image_put(&im, note_off, core, core_len);
	image_put(&im, note_off + core_len, notes, notes_len);
	image_close(&im, 0x10000 + segs[1].filesz);
}

static void good_and_expect(const char *rel)
{
	char expect[512];

	snprintf(expect, sizeof(expect), "%s.expect", rel);
	write_bytes(expect, note_text, note_len);
}

static void bad(const char *rel, const char *err)
{
	char name[512];

	snprintf(name, sizeof(name), "%s.err", rel);
	write_text(name, "%s\n", err);
}

static unsigned char *note_buf(void)
{
	unsigned char *p = calloc(1, note_len + 4096);

	if (!p)
		die("calloc");
	return p;
}

static void gen_good(void)
{
	static const struct {
		const char *name;
		bool is64, be;
	} kinds[] = {
		{ "good/elf64le.core", true, false },
		{ "good/elf64be.core", true, true },
		{ "good/elf32le.core", false, false },
		{ "good/elf32be.core", false, true },
	};
	unsigned char *n = note_buf();
	size_t i, len;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct elf_spec s = { .is64 = kinds[i].is64,
				      .be = kinds[i].be, .e_phnum = 2 };

		len = vmcoreinfo_note(n, s.be, note_text, note_len);
		memset(n + len, 0, 12);	/* the final empty note */
		elf_core(kinds[i].name, &s, n, len + 12, true);
		good_and_expect(kinds[i].name);
	}
	{
		struct elf_spec s = { .is64 = true, .e_phnum = 0xffff,
				      .xnum = 2 };

		len = vmcoreinfo_note(n, false, note_text, note_len);
		elf_core("good/elf64-pnxnum.core", &s, n, len, false);
		good_and_expect("good/elf64-pnxnum.core");
	}
	len = vmcoreinfo_note(n, false, note_text, note_len);
	memset(n + len, 0, 12);
	write_bytes("good/bare-le.note", n, len + 12);
	good_and_expect("good/bare-le.note");
	len = vmcoreinfo_note(n, true, note_text, note_len);
	write_bytes("good/bare-be.note", n, len);
	good_and_expect("good/bare-be.note");
	len = vmcoreinfo_note(n, false, note_text, note_len);
	n[4] = (unsigned char)(n[4] + 100);	/* n_descsz past the end */
	write_bytes("bad/bare-descsz.note", n, len);
	bad("bad/bare-descsz.note", "n_descsz");
	write_bytes("good/plain.txt", note_text, note_len);
	good_and_expect("good/plain.txt");
	free(n);
}

/* kdump-compressed: header, sub-header at block_size, text after. */
static void kdump_file(const char *rel, bool be, int version,
		       uint32_t block_size, uint64_t off, uint64_t size,
		       size_t file_len, const char *text, size_t text_len)
{
	unsigned char *f = calloc(1, file_len > 8192 ? file_len : 8192);
	struct image im;

	if (!f)
		die("calloc");
	memcpy(f, KDUMP_SIGNATURE, 8);
	put32(f + 8, (uint64_t)version, be);
	memcpy(f + 12, "Linux", 5);
	memcpy(f + 12 + 130, "6.1.0-13-amd64", 14);
	put32(f + 428, block_size, be);
	put32(f + 432, 1, be);
	if (block_size + 48 <= file_len) {
		put64(f + block_size + 32, off, be);
		put64(f + block_size + 40, size, be);
	}
	if (text && off + text_len <= file_len)
		memcpy(f + off, text, text_len);
	image_open(&im, rel);
	image_put(&im, 0, f, file_len);
	image_close(&im, 0);
	free(f);
}

static void gen_kdump(void)
{
	size_t flen = 8192 + note_len + 64;

	kdump_file("good/kdump-le.kdump", false, 6, 4096, 8192, note_len,
		   flen, note_text, note_len);
	good_and_expect("good/kdump-le.kdump");
	kdump_file("good/kdump-be.kdump", true, 6, 4096, 8192, note_len + 5,
		   flen, note_text, note_len);	/* NUL padding tolerated */
	good_and_expect("good/kdump-be.kdump");

	kdump_file("bad/kdump-offset-past-end.kdump", false, 6, 4096,
		   1u << 30, note_len, flen, NULL, 0);
	bad("bad/kdump-offset-past-end.kdump", "past the end");
	kdump_file("bad/kdump-size-past-end.kdump", false, 6, 4096, 8192,
		   note_len + 100000, flen, note_text, note_len);
	bad("bad/kdump-size-past-end.kdump", "past the end");
	kdump_file("bad/kdump-version2.kdump", false, 2, 4096, 8192, note_len,
		   flen, note_text, note_len);
	bad("bad/kdump-version2.kdump", "version 2");
	kdump_file("bad/kdump-truncated.kdump", false, 6, 4096, 8192,
		   note_len, 300, NULL, 0);
	bad("bad/kdump-truncated.kdump", "truncated kdump header");
	kdump_file("bad/kdump-subheader-past-end.kdump", false, 6, 65536,
		   8192, note_len, flen, note_text, note_len);
	bad("bad/kdump-subheader-past-end.kdump", "sub-header");
	kdump_file("bad/kdump-block-size.kdump", false, 6, 1000, 8192,
		   note_len, flen, note_text, note_len);
	bad("bad/kdump-block-size.kdump", "block_size");
	kdump_file("bad/kdump-huge-size.kdump", false, 6, 4096, 8192,
		   1ull << 40, flen, note_text, note_len);
	bad("bad/kdump-huge-size.kdump", "too large");
	kdump_file("bad/kdump-no-vmcoreinfo.kdump", false, 6, 4096, 0, 0,
		   flen, NULL, 0);
	bad("bad/kdump-no-vmcoreinfo.kdump", "no VMCOREINFO");
	kdump_file("bad/kdump-offset-overflow.kdump", false, 6, 4096,
		   UINT64_MAX - 10, 4096, flen, NULL, 0);
	bad("bad/kdump-offset-overflow.kdump", "overflows");
	{
		unsigned char flat[4096] = "makedumpfile";

		write_bytes("bad/flattened.kdump", flat, sizeof(flat));
		bad("bad/flattened.kdump", "makedumpfile -R");
	}
}

/* An ELF64 LE core whose PT_NOTE holds exactly `notes`. */
static void bad_elf_notes(const char *rel, const unsigned char *notes,
			  size_t len, const char *err)
{
	struct elf_spec s = { .is64 = true, .e_phnum = 2 };

	elf_core(rel, &s, notes, len, false);
	bad(rel, err);
}

static void bad_text_note(const char *rel, const char *text, size_t len,
			  const char *err)
{
	unsigned char *n = calloc(1, len + 64);
	size_t nl;

	if (!n)
		die("calloc");
	nl = vmcoreinfo_note(n, false, text, len);
	bad_elf_notes(rel, n, nl, err);
	free(n);
}

static void gen_bad_elf(void)
{
	unsigned char n[256], *big;
	struct image im;
	size_t len;

	/* Header-level damage. */
	{
		struct elf_spec s = { .is64 = true, .e_phnum = 2 };
		unsigned char *note = note_buf();

		len = vmcoreinfo_note(note, false, note_text, note_len);
		s.e_phnum = 300;	/* table runs past the end */
		image_open(&im, "bad/elf-phnum-past-end.core");
		elf_write_headers(&im, &s, NULL, 0);
		image_close(&im, 200);
		bad("bad/elf-phnum-past-end.core", "past the end");

		s.e_phnum = 0xffff;
		s.xnum = 1000000;
		elf_core("bad/elf-phnum-huge.core", &s, note, len, false);
		bad("bad/elf-phnum-huge.core", "too many program headers");

		s.e_phnum = 2;
		s.xnum = 0;
		s.phentsize = 40;
		elf_core("bad/elf-phentsize.core", &s, note, len, false);
		bad("bad/elf-phentsize.core", "e_phentsize");

		s.phentsize = 0;
		s.e_type = 2;
		elf_core("bad/elf-not-core.core", &s, note, len, false);
		bad("bad/elf-not-core.core", "not an ELF core");

		s.e_type = 0;
		s.e_phnum = 0;
		elf_core("bad/elf-no-phdrs.core", &s, note, len, false);
		bad("bad/elf-no-phdrs.core", "no program headers");
		free(note);
	}
	write_bytes("bad/elf-truncated-header.core", "\177ELF\2\1\1", 7);
	bad("bad/elf-truncated-header.core", "truncated ELF header");
	{
		/* PT_NOTE whose p_offset + p_filesz runs past the file. */
		struct elf_spec s = { .is64 = true, .e_phnum = 1 };
		struct seg g = { 4, 4096, 0, 0, 1 << 20 };

		image_open(&im, "bad/elf-note-past-end.core");
		elf_write_headers(&im, &s, &g, 1);
		image_close(&im, 8192);
		bad("bad/elf-note-past-end.core", "past the end");

		g = (struct seg){ 4, UINT64_MAX - 100, 0, 0, 1000 };
		image_open(&im, "bad/elf-note-offset-overflow.core");
		elf_write_headers(&im, &s, &g, 1);
		image_close(&im, 8192);
		bad("bad/elf-note-offset-overflow.core", "overflows");

		g = (struct seg){ 4, 4097, 0, 0, 64 };
		image_open(&im, "bad/elf-note-misaligned.core");
		elf_write_headers(&im, &s, &g, 1);
		image_close(&im, 8192);
		bad("bad/elf-note-misaligned.core", "misaligned");

		g = (struct seg){ 4, 4096, 0, 0, 0 };
		image_open(&im, "bad/elf-note-empty.core");
		elf_write_headers(&im, &s, &g, 1);
		image_close(&im, 8192);
		bad("bad/elf-note-empty.core", "empty");

		g = (struct seg){ 4, 4096, 0, 0, 64u << 20 };
		image_open(&im, "bad/elf-note-segment-huge.core");
		elf_write_headers(&im, &s, &g, 1);
		image_close(&im, 4096 + (64u << 20));
		bad("bad/elf-note-segment-huge.core", "too large");
	}

	/* Note-level damage. */
	len = make_note(n, false, 200, 0, 0, "VMCOREINFO", NULL, 0);
	bad_elf_notes("bad/note-namesz-overrun.core", n, 24, "n_namesz");
	len = make_note(n, false, 11, 5000, 0, "VMCOREINFO", "OSRELEASE=x\n",
			12);
	bad_elf_notes("bad/note-descsz-overrun.core", n, len, "n_descsz");
	len = make_note(n, false, 11, 0xfffffff0u, 0, "VMCOREINFO", NULL, 0);
	bad_elf_notes("bad/note-descsz-wrap.core", n, len, "n_descsz");
	len = make_note(n, false, 0, 8, 1, NULL, "abcdefgh", 8);
	bad_elf_notes("bad/note-zero-name.core", n, len, "empty name");
	memset(n, 0, sizeof(n));
	put32(n, 5, false);
	bad_elf_notes("bad/note-truncated-header.core", n, 8,
		      "truncated note header");
	len = make_note(n, false, 11, 0, 0, "VMCOREINFO", NULL, 0);
	bad_elf_notes("bad/note-vmcoreinfo-empty.core", n, len, "empty");
	len = make_note(n, false, 5, 8, 1, "CORE", "abcdefgh", 8);
	memset(n + len, 0, 12);
	bad_elf_notes("bad/note-no-vmcoreinfo.core", n, len + 12,
		      "no VMCOREINFO note");
	/* A 2 MiB VMCOREINFO descriptor: over the 1 MiB cap. */
	big = calloc(1, (2u << 20) + 64);
	if (!big)
		die("calloc");
	len = make_note(big, false, 11, 2u << 20, 0, "VMCOREINFO", NULL, 0);
	bad_elf_notes("bad/note-too-large.core", big, 24 + (2u << 20),
		      "too large");
	free(big);

	/* Text-level damage inside a good note. */
	bad_text_note("bad/text-no-osrelease.core", "PAGESIZE=4096\n", 14,
		      "no OSRELEASE");
	bad_text_note("bad/text-nul.core", "OSRELEASE=6.1\0\nPAGESIZE=4096\n",
		      29, "NUL byte");
	bad_text_note("bad/text-no-equals.core",
		      "OSRELEASE=6.1\nPAGESIZE 4096\n", 28, "has no '='");
	bad_text_note("bad/text-number-overflow.core",
		      "OSRELEASE=6.1\nNUMBER(x)=9223372036854775808\n", 44,
		      "fits in a long");
	bad_text_note("bad/text-number-underflow.core",
		      "OSRELEASE=6.1\nNUMBER(x)=-9223372036854775809\n", 45,
		      "fits in a long");
	bad_text_note("bad/text-number-garbage.core",
		      "OSRELEASE=6.1\nNUMBER(x)=12abc\n", 30, "fits in a long");
}

static void gen_bad_text(void)
{
	char line[2000];

	write_bytes("bad/text-no-equals.txt", "OSRELEASE=6.1\nhello\n", 20);
	bad("bad/text-no-equals.txt", "has no '='");
	write_bytes("bad/text-nul.txt", "OSRELEASE=6.1\nPAGE\0SIZE=4\n", 26);
	bad("bad/text-nul.txt", "NUL byte");
	write_bytes("bad/text-empty.txt", "", 0);
	bad("bad/text-empty.txt", "empty");
	write_bytes("bad/text-overflow.txt",
		    "OSRELEASE=6.1\nNUMBER(phys_base)=99999999999999999999\n",
		    52);
	bad("bad/text-overflow.txt", "fits in a long");
	write_bytes("bad/text-no-osrelease.txt", "PAGESIZE=4096\n", 14);
	bad("bad/text-no-osrelease.txt", "no OSRELEASE");
	memset(line, 'A', sizeof(line));
	memcpy(line, "OSRELEASE=", 10);
	line[sizeof(line) - 1] = '\n';
	write_bytes("bad/text-long-line.txt", line, sizeof(line));
	bad("bad/text-long-line.txt", "too long");
	write_bytes("bad/text-blank-line.txt", "OSRELEASE=6.1\n\nPAGESIZE=4\n",
		    26);
	bad("bad/text-blank-line.txt", "empty");
	write_bytes("bad/binary.bin", "\x01\x02\x03\x00\xff\xfe", 6);
	bad("bad/binary.bin", "NUL byte");
	{
		struct image im;

		image_open(&im, "bad/huge-text.txt");
		image_put(&im, 0, "OSRELEASE=1\n", 12);
		image_close(&im, 3u << 20);
		bad("bad/huge-text.txt", "not an ELF core");
	}
}

static const char *module_vmcoreinfo(long long phys_base, long long pob)
{
	static char buf[1024];

	snprintf(buf, sizeof(buf),
		 "NUMBER(phys_base)=%lld\n"
		 "NUMBER(pgtable_l5_enabled)=0\n"
		 "NUMBER(KERNEL_IMAGE_SIZE)=1073741824\n"
		 "NUMBER(sme_mask)=0\n"
		 "NUMBER(MAX_PHYSMEM_BITS)=46\n"
		 "NUMBER(SECTION_SIZE_BITS)=27\n"
		 "NUMBER(page_offset_base)=%lld\n"
		 "NUMBER(vmalloc_base)=-60473139527680\n"
		 "NUMBER(vmemmap_base)=-24189255811072\n", phys_base, pob);
	return buf;
}

static void module_dir(const char *root, long long phys_base)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/sys/kernel/vmcoreinfo_ext", root);
	mkdirs(rel);
#define MODFILE(name, ...) do { \
	snprintf(rel, sizeof(rel), "%s/sys/kernel/vmcoreinfo_ext/" name, root); \
	write_text(rel, __VA_ARGS__); } while (0)
	MODFILE("page_offset_base", "0x%016llx\n", POB);
	MODFILE("vmalloc_base", "0x%016llx\n", 0xffffc90000000000ull);
	MODFILE("vmemmap_base", "0x%016llx\n", 0xffffea0000000000ull);
	MODFILE("phys_base", "0x%016llx\n", (unsigned long long)phys_base);
	MODFILE("sme_mask", "0x%016llx\n", 0ull);
	MODFILE("pgtable_l5_enabled", "0\n");
	MODFILE("KERNEL_IMAGE_SIZE", "1073741824\n");
	MODFILE("MAX_PHYSMEM_BITS", "46\n");
	MODFILE("SECTION_SIZE_BITS", "27\n");
	MODFILE("vmcoreinfo", "%s", module_vmcoreinfo(phys_base,
						       (long long)POB));
#undef MODFILE
}

/*
 * A fake /proc/kcore: optional PT_NOTE, a RAM PT_LOAD around the note's
 * physical address (p_paddr given), and the kernel's in-memory note
 * (header, text, final empty note, zeros to NOTE_CAPACITY) inside it.
 */
static void fake_kcore(const char *rel, bool with_note, uint64_t ram_paddr)
{
	struct elf_spec s = { .is64 = true, .e_phnum = 2 };
	unsigned char *mem = calloc(1, NOTE_CAPACITY);
	unsigned char *n = note_buf();
	struct seg segs[2];
	struct image im;
	size_t len;

	if (!mem)
		die("calloc");
	vmcoreinfo_note(mem, host_is_big_endian(), note_text, note_len);
	len = vmcoreinfo_note(n, host_is_big_endian(), note_text, note_len);
	segs[0] = (struct seg){ 4, 4096, 0, 0, with_note ? len : 0 };
	segs[1] = (struct seg){ 1, 0x100000, POB + RAM_PADDR, ram_paddr,
				RAM_SIZE };
	if (!with_note)
		segs[0] = segs[1];
	image_open(&im, rel);
	elf_write_headers(&im, &s, segs, with_note ? 2 : 1);
	if (with_note)
		image_put(&im, 4096, n, len);
	image_put(&im, 0x100000 + (NOTE_PADDR - RAM_PADDR), mem,
		  NOTE_CAPACITY);
	image_close(&im, 0x100000 + RAM_SIZE);
	free(mem);
	free(n);
}

static void fake_root(const char *root, bool kcore_note, uint64_t ram_paddr,
		      const char *sysfs_line, bool module, bool devmem)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/proc", root);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "%s/sys/kernel", root);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "%s/dev", root);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "%s/proc/kcore", root);
	fake_kcore(rel, kcore_note, ram_paddr);
	snprintf(rel, sizeof(rel), "%s/sys/kernel/vmcoreinfo", root);
	write_text(rel, "%s", sysfs_line);
	if (module)
		module_dir(root, 295698432);
	if (devmem) {
		unsigned char *mem = calloc(1, NOTE_CAPACITY);
		struct image im;

		if (!mem)
			die("calloc");
		vmcoreinfo_note(mem, host_is_big_endian(), note_text,
				note_len);
		snprintf(rel, sizeof(rel), "%s/dev/mem", root);
		image_open(&im, rel);
		image_put(&im, NOTE_PADDR, mem, NOTE_CAPACITY);
		image_close(&im, NOTE_PADDR + NOTE_CAPACITY + 4096);
		free(mem);
	}
}

static void gen_roots(void)
{
	const char *line61 = "0x00000000018a2000 1024\n";
	const char *line_old = "18a2000 1024\n";
	char rel[512];
	unsigned char *n = note_buf();
	size_t len;

	/* 6.1-like: kcore note, p_paddr filled, /dev/mem readable. */
	fake_root("root-kcore", true, RAM_PADDR, line61, true, true);
	/* Pre-4.19-like: no kcore note, p_paddr filled, old sysfs format. */
	fake_root("root-paddr", false, RAM_PADDR, line_old, true, false);
	/* No kcore note and p_paddr (u64)-1: needs page_offset_base. */
	fake_root("root-pob", false, UINT64_MAX, line61, true, false);
	/* Same without the module: kcore-phys cannot translate. */
	fake_root("root-pob-nomod", false, UINT64_MAX, line61, false, false);
	/* Garbage in /sys/kernel/vmcoreinfo. */
	fake_root("root-garbage", false, RAM_PADDR, "hello world\n", true,
		  false);
	fake_root("root-garbage2", false, RAM_PADDR, "0x18a2000 1024 7\n",
		  true, false);
	fake_root("root-garbage3", false, RAM_PADDR, "0x18a2000\n", true,
		  false);
	fake_root("root-garbage4", false, RAM_PADDR, "0x18a2000 0\n", true,
		  false);
	/* A note address where memory holds no note. */
	fake_root("root-wrong-addr", false, RAM_PADDR, "0x18a3000 1024\n",
		  true, false);
	/* The module is not loaded. */
	fake_root("root-nomod", true, RAM_PADDR, line61, false, false);
	/* The module disagrees with the kernel about phys_base. */
	fake_root("root-conflict", true, RAM_PADDR, line61, false, false);
	module_dir("root-conflict", 12345);
	/* A kdump kernel: /proc/vmcore plus a sysfs that must be ignored. */
	fake_root("root-vmcore", true, RAM_PADDR, line61, true, false);
	snprintf(rel, sizeof(rel), "root-vmcore/proc/vmcore");
	len = vmcoreinfo_note(n, host_is_big_endian(), note_text, note_len);
	{
		struct elf_spec s = { .is64 = true,
				      .be = host_is_big_endian(),
				      .e_phnum = 2 };

		elf_core(rel, &s, n, len, true);
	}
	free(n);
}

static void gen_ext_files(void)
{
	static const char head[] = VIE_SAVED_MARKER "\n";
	const char *osrel = "OSRELEASE=6.1.0-13-amd64\n";
	const char *bid = "BUILD-ID=3e5e1d1a2b4c9f8e7d6c5b4a3928171605f4e3d2\n";
	const char *koff = "KERNELOFFSET=26000000\n";
	const char *ms = "SYMBOL(mem_section)=ffff9b3c37fd3000\n";
	const char *mod = module_vmcoreinfo(295698432, (long long)POB);

	mkdirs("ext");
	write_text("ext/sysfs-copy", "%s", mod);
	write_text("ext/saved-good", "%s%s%s%s%s%s", head, osrel, bid, koff,
		   ms, mod);
	write_text("ext/saved-foreign-osrelease", "%sOSRELEASE=6.12.0-1-amd64"
		   "\n%s%s%s", head, bid, koff, mod);
	write_text("ext/saved-foreign-buildid", "%s%sBUILD-ID=00ff\n%s%s",
		   head, osrel, koff, mod);
	write_text("ext/saved-foreign-kerneloffset", "%s%s%sKERNELOFFSET="
		   "1c000000\n%s", head, osrel, bid, mod);
	write_text("ext/saved-foreign-physbase", "%s%s%s%s", head, osrel,
		   koff, module_vmcoreinfo(1, (long long)POB));
	write_text("ext/saved-foreign-pob", "%s%s%s%s", head, osrel, bid,
		   module_vmcoreinfo(295698432,
				     (long long)0xffffa00000000000ull));
	write_text("ext/saved-no-osrelease", "%s%s", head, mod);
	write_text("ext/bad-key", "%sSYMBOL(foo)=1\n", mod);
	write_text("ext/bad-number", "NUMBER(phys_base)=0x1ffffffffffffffff\n");
	write_text("ext/bad-l5", "NUMBER(pgtable_l5_enabled)=4294967296\n");
	write_text("ext/duplicate", "NUMBER(x)=1\nNUMBER(x)=2\n");
	write_text("ext/comments-only", "# nothing\n\n");
}

/*
 * For tests/bench/bench.sh: a sparse ELF dump with a 64 GiB PT_LOAD and a
 * sparse 64 GiB kdump-compressed file; only the headers and the note hold
 * data.
 */
static void gen_bench(void)
{
	const uint64_t ram = 64ull << 30;
	struct elf_spec s = { .is64 = true, .e_phnum = 2 };
	unsigned char *n = note_buf();
	struct seg segs[2];
	struct image im;
	size_t len;

	len = vmcoreinfo_note(n, false, note_text, note_len);
	memset(n + len, 0, 12);
	segs[0] = (struct seg){ 4, 4096, 0, 0, len + 12 };
	segs[1] = (struct seg){ 1, 1ull << 20, 0xffff888000000000ull, 0, ram };
	image_open(&im, "bench.core");
	elf_write_headers(&im, &s, segs, 2);
	image_put(&im, 4096, n, len + 12);
	image_close(&im, (1ull << 20) + ram);
	free(n);

	kdump_file("bench.kdump", false, 6, 4096, 8192, note_len,
		   8192 + note_len, note_text, note_len);
	{
		char path[1024];

		path_of(path, sizeof(path), "bench.kdump");
		if (truncate(path, (off_t)ram))
			die(path);
	}
}

int main(int argc, char **argv)
{
	struct vie_error err = { .source = "" };
	bool bench = false;
	char *text;
	size_t len;

	if (argc == 4 && strcmp(argv[1], "--bench") == 0) {
		bench = true;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: make_fixtures [--bench] NOTE_TEXT "
			"OUTDIR\n");
		return 2;
	}
	if (read_small_file(argv[1], VIE_MAX_NOTE_TEXT, &text, &len, &err)) {
		fprintf(stderr, "make_fixtures: %s: %s\n", err.source,
			err.message);
		return 1;
	}
	note_text = text;
	note_len = len;
	outdir = argv[2];
	if (mkdir(outdir, 0755) && errno != EEXIST)
		die(outdir);
	if (bench) {
		gen_bench();
		free(text);
		return 0;
	}
	mkdirs("good");
	mkdirs("bad");
	gen_good();
	gen_kdump();
	gen_bad_elf();
	gen_bad_text();
	gen_roots();
	gen_ext_files();
	free(text);
	return 0;
}
