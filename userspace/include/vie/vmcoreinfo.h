/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCOREINFO text: KEY=VALUE lines as the kernel writes them
 * (include/linux/crash_core.h, include/linux/vmcore_info.h since v6.9:
 * SYMBOL(name)=%lx, OFFSET(s.f)=%lu, NUMBER(name)=%ld, ...).
 */
#ifndef VIE_VMCOREINFO_H
#define VIE_VMCOREINFO_H

#include "vie/util.h"

/*
 * Where an entry came from: the kernel's note; the module's entries (its
 * sysfs file, or a saved file, which also carries the boot's BUILD-ID);
 * the running kernel's ELF notes (/sys/kernel/notes: BUILD-ID); a dump's
 * note, where vmcoreinfo-ext amend added the line (its amend record
 * says which lines those are).
 */
enum vie_origin { ORIGIN_KERNEL, ORIGIN_MODULE, ORIGIN_NOTES, ORIGIN_AMENDED };
/* "kernel", "module", "notes", "amended": JSON's "origin" values. */
const char *origin_name(enum vie_origin origin);
/* The same for messages: "kernel", "module", "/sys/kernel/notes",
 * "amended note". */
const char *origin_label(enum vie_origin origin);

struct vmci_entry {
	char *key;		/* "NUMBER(phys_base)", ...; NULL: see value */
	char *value;		/* text after the first '=', or the whole
				 * line of a malformed kernel line */
	bool has_number;	/* NUMBER(): value parsed into number */
	bool malformed;		/* a kernel line kept verbatim */
	int64_t number;		/* as the kernel's %ld (or 0x%lx) */
	enum vie_origin origin;
};

struct vmcoreinfo {
	char *storage;		/* owned copy of the text, split in place */
	struct vmci_entry *entries;
	size_t count;
	size_t malformed;	/* VMCI_LENIENT: lines kept verbatim */
	char first_problem[128];	/* the first of them, for a warning */
};

/* Parse flags. */
#define VMCI_ALLOW_COMMENTS	0x1	/* '#' lines and blank lines */
#define VMCI_REQUIRE_OSRELEASE	0x2
/*
 * A kernel's own note: a line that does not parse (no '=', a NUMBER()
 * that is not a number, a line too long or empty) is kept verbatim and
 * counted instead of failing the whole note.  The kernel truncates its
 * own note when it overflows ("vmcoreinfo data exceeds allocated size,
 * truncating", kernel/crash_core.c), and drgn skips such lines too.
 * Module entries and saved files stay strict.
 */
#define VMCI_LENIENT		0x4

int vmcoreinfo_parse(const void *buf, size_t len, unsigned flags,
		     struct vmcoreinfo *vi, struct vie_error *err);
void vmcoreinfo_free(struct vmcoreinfo *vi);
/* The entry with this key among n entries, or NULL. */
const struct vmci_entry *vmci_entries_find(const struct vmci_entry *e,
					   size_t n, const char *key);
const struct vmci_entry *vmcoreinfo_find(const struct vmcoreinfo *vi,
					 const char *key);
/* The line an entry stands for, without the newline. */
void vmci_entry_line(const struct vmci_entry *e, struct vie_buf *out);
/* Parse "%lx"/"0x%lx" (a SYMBOL or KERNELOFFSET value). */
int parse_hex_u64(const char *s, uint64_t *out);
/* Parse a NUMBER() value: signed decimal (%ld) or 0x hex. */
int parse_number_value(const char *s, int64_t *out);
/* A NUMBER() value as the kernel prints it: %ld (pgtable_l5_enabled: %d,
 * VMCOREINFO_NUMBER of a bool in arch/x86/kernel/crash.c). */
void vmci_format_number(char *dst, size_t cap, const char *key, int64_t v);

#endif /* VIE_VMCOREINFO_H */
