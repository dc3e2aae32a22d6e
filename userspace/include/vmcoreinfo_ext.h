/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmcoreinfo-ext: find the kernel's VMCOREINFO note, merge the entries
 * published by the vmcoreinfo_ext module, write the result.
 *
 * Every parser takes (const void *buf, size_t len), checks every size
 * before use and reports failure through struct vie_error; nothing in the
 * library exits or keeps global state.
 */
#ifndef VMCOREINFO_EXT_H
#define VMCOREINFO_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Upper bounds for anything read from an untrusted file. */
#define VIE_MAX_NOTE_TEXT	(1u << 20)	/* VMCOREINFO text: 1 MiB */
#define VIE_MAX_NOTE_SEGMENT	(16u << 20)	/* one PT_NOTE segment */
#define VIE_MAX_PHNUM		65536u		/* program headers */
#define VIE_MAX_LINE		1024u		/* makedumpfile reads 1500 */
#define VIE_MAX_SMALL_FILE	(64u << 10)	/* sysfs files, saved files */

/* ---- errors ---------------------------------------------------------- */

struct vie_error {
	char source[256];	/* a path or a source name */
	char message[512];	/* what is wrong, no newline */
};

/* Set message (printf-style); returns -1 so callers can `return vie_fail()`. */
int vie_fail(struct vie_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prepend "<prefix>: " (printf-style) to the message; returns -1. */
int vie_prefix(struct vie_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set the source unless one is set already. */
void vie_error_source(struct vie_error *err, const char *source);
/* Set the source, replacing one already set. */
void vie_error_set_source(struct vie_error *err, const char *source);

/* ---- growable byte buffer ------------------------------------------- */

struct vie_buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed;	/* an allocation failed: the content is incomplete */
};

void buf_append(struct vie_buf *b, const void *data, size_t len);
void buf_printf(struct vie_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(struct vie_buf *b);

/* ---- byte order ------------------------------------------------------- */

uint16_t load_u16(const unsigned char *p, bool big_endian);
uint32_t load_u32(const unsigned char *p, bool big_endian);
uint64_t load_u64(const unsigned char *p, bool big_endian);
bool host_is_big_endian(void);

/* ---- ELF (elf.c) ------------------------------------------------------ */

struct elf_info {
	bool is_64;
	bool big_endian;
	uint16_t type;
	uint64_t phoff;
	uint64_t shoff;
	uint16_t phentsize;
	uint16_t shentsize;
	uint32_t phnum;		/* after PN_XNUM resolution */
	bool phnum_in_section0;	/* e_phnum == PN_XNUM */
};

struct elf_segment {
	uint32_t type;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
};

/* Parse an ELF header (ELF32/ELF64, either byte order) from buf. */
int elf_parse_header(const void *buf, size_t len, struct elf_info *info,
		     struct vie_error *err);
/* Section header 0 holds the real phnum when e_phnum == PN_XNUM. */
int elf_parse_section0_phnum(const void *buf, size_t len,
			     struct elf_info *info, struct vie_error *err);
/* Parse info->phnum program headers from buf (the table at e_phoff). */
int elf_parse_phdrs(const void *buf, size_t len, const struct elf_info *info,
		    struct elf_segment *segs, struct vie_error *err);

/*
 * An opened ELF file: header and program headers, read with pread.
 * file_size is 0 when unknown (character devices, some /proc files).
 */
struct elf_file {
	int fd;
	uint64_t file_size;
	struct elf_info info;
	struct elf_segment *segs;
};

int elf_file_open(struct elf_file *ef, int fd, uint64_t file_size,
		  struct vie_error *err);
void elf_file_close(struct elf_file *ef);

/*
 * Find the VMCOREINFO note in the PT_NOTE segments. On success *text is a
 * malloc'ed copy of the descriptor (not NUL-terminated) and *found is true;
 * a file without the note gives 0 with *found false.
 */
int elf_file_find_vmcoreinfo(const struct elf_file *ef, char **text,
			     size_t *text_len, bool *found,
			     struct vie_error *err);

/* ---- ELF notes (note.c) ---------------------------------------------- */

/*
 * Walk the notes in a PT_NOTE segment buffer. Sets *desc and *desc_len to the
 * VMCOREINFO descriptor (pointing into buf) and *found. Malformed notes
 * (overrunning sizes, truncated headers) are errors.
 */
int note_find_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			 const void **desc, size_t *desc_len, bool *found,
			 struct vie_error *err);

/*
 * Check a VMCOREINFO note read from memory (the kernel's own buffer of
 * `capacity` bytes): header, name "VMCOREINFO", descsz within the buffer.
 */
int note_check_vmcoreinfo(const void *buf, size_t len, bool big_endian,
			  const void **desc, size_t *desc_len,
			  struct vie_error *err);

/* Lay out text as the kernel does: Nhdr, name, text, a final empty note. */
void note_build_vmcoreinfo(struct vie_buf *out, const char *text,
			   size_t text_len);

/* ---- kdump-compressed (kdump.c) ---------------------------------------- */

#define KDUMP_SIGNATURE		"KDUMP   "
#define KDUMP_FLAT_SIGNATURE	"makedumpfile"
#define KDUMP_HEADER_SIZE	464	/* struct disk_dump_header, 64-bit */
#define KDUMP_SUB_HEADER_SIZE	48	/* up to size_vmcoreinfo */

struct kdump_header {
	bool big_endian;
	int32_t header_version;
	uint32_t block_size;
	char release[66];
};

struct kdump_sub_header {
	uint64_t offset_vmcoreinfo;
	uint64_t size_vmcoreinfo;
};

/* True if buf starts like a flattened makedumpfile stream. */
bool kdump_is_flattened(const void *buf, size_t len);
int kdump_parse_header(const void *buf, size_t len, struct kdump_header *hdr,
		       struct vie_error *err);
int kdump_parse_sub_header(const void *buf, size_t len,
			   const struct kdump_header *hdr,
			   struct kdump_sub_header *sub,
			   struct vie_error *err);
/* Read the VMCOREINFO text out of a kdump-compressed file. */
int kdump_file_read_vmcoreinfo(int fd, uint64_t file_size, char **text,
			       size_t *text_len, struct vie_error *err);

/* ---- VMCOREINFO text (vmcoreinfo.c) ----------------------------------- */

enum vie_origin { ORIGIN_KERNEL, ORIGIN_MODULE };

struct vmci_entry {
	char *key;		/* "NUMBER(phys_base)", "OSRELEASE", ... */
	char *value;		/* text after the first '=' */
	bool has_number;	/* NUMBER(): value parsed into number */
	int64_t number;		/* as the kernel's %ld (or 0x%lx) */
	enum vie_origin origin;
};

struct vmcoreinfo {
	char *storage;		/* owned copy of the text, split in place */
	struct vmci_entry *entries;
	size_t count;
	bool saved_file;	/* started with the "saved values" comment */
};

#define VIE_SAVED_MARKER	"# vmcoreinfo-ext saved values"

/* Parse flags. */
#define VMCI_ALLOW_COMMENTS	0x1	/* '#' lines and blank lines */
#define VMCI_REQUIRE_OSRELEASE	0x2

int vmcoreinfo_parse(const void *buf, size_t len, unsigned flags,
		     struct vmcoreinfo *vi, struct vie_error *err);
void vmcoreinfo_free(struct vmcoreinfo *vi);
const struct vmci_entry *vmcoreinfo_find(const struct vmcoreinfo *vi,
					 const char *key);
/* Parse "%lx"/"0x%lx" (a SYMBOL or KERNELOFFSET value). */
int parse_hex_u64(const char *s, uint64_t *out);
/* Parse a NUMBER() value: signed decimal (%ld) or 0x hex. */
int parse_number_value(const char *s, int64_t *out);

/* /sys/kernel/vmcoreinfo: "<paddr> <size>\n", both hexadecimal. */
int sysfs_vmcoreinfo_parse(const void *buf, size_t len, uint64_t *paddr,
			   uint64_t *size, struct vie_error *err);
/* One module sysfs value file: "0x%016llx\n" or decimal "%d\n". */
int sysfs_value_parse(const void *buf, size_t len, uint64_t *value,
		      struct vie_error *err);

/*
 * Module entries: the sysfs "vmcoreinfo" file or a saved file. Only
 * NUMBER() lines, plus OSRELEASE, BUILD-ID, KERNELOFFSET and
 * SYMBOL(mem_section) in a saved file.
 */
int ext_parse(const void *buf, size_t len, struct vmcoreinfo *ext,
	      struct vie_error *err);

/* ---- merging and verification (merge.c) ------------------------------ */

struct merge_conflict {
	const char *key;
	int64_t kernel_value;
	int64_t module_value;
};

struct merged {
	struct vmci_entry *entries;	/* point into kernel/module storage */
	char **owned_values;		/* re-emitted module values */
	size_t count;
	size_t module_added;
	struct merge_conflict *conflicts;
	size_t conflict_count;
};

int merge_vmcoreinfo(const struct vmcoreinfo *kernel,
		     const struct vmcoreinfo *ext, struct merged *out,
		     struct vie_error *err);
void merged_free(struct merged *m);

/* Refuse a saved file that belongs to another boot than the note. */
int saved_verify(const struct vmcoreinfo *kernel,
		 const struct vmcoreinfo *saved, struct vie_error *err);

/* Build the text of a saved file from the live note and module entries. */
int saved_build(const struct vmcoreinfo *kernel,
		const struct vmcoreinfo *ext, struct vie_buf *out,
		struct vie_error *err);

/* ---- output (output.c) ----------------------------------------------- */

enum vie_format { FORMAT_TEXT, FORMAT_MAKEDUMPFILE, FORMAT_JSON, FORMAT_NOTE };

struct output_sources {
	const char *kernel;	/* where the note came from */
	const char *module;	/* where the module entries came from, or NULL */
};

int format_parse(const char *name, enum vie_format *fmt);
int output_render(const struct merged *m, enum vie_format fmt,
		  const struct output_sources *src, struct vie_buf *out,
		  struct vie_error *err);
/* Write atomically: temp file in the same directory, fsync, rename. */
int write_file_atomic(const char *path, const void *data, size_t len,
		      struct vie_error *err);

/* ---- live kernel sources (live.c) ------------------------------------ */

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
 * the kcore-phys source.
 */
int live_read_note(const char *root, enum live_source src,
		   const char *ext_dir, struct live_note *note,
		   struct vie_error *err);

/* Read a whole small file (sysfs, saved file) with a size cap. */
int read_small_file(const char *path, size_t cap, char **data, size_t *len,
		    struct vie_error *err);
/* pread exactly len bytes at off; short reads are errors. */
int pread_exact(int fd, void *buf, size_t len, uint64_t off,
		struct vie_error *err);

/* Read a dump/text FILE given on the command line. */
int file_read_note(const char *path, char **text, size_t *text_len,
		   struct vie_error *err);

#endif /* VMCOREINFO_EXT_H */
