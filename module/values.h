/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface between the generic sysfs code (main.c) and the table of
 * values of one architecture (x86_64.c, arm64.c; Kbuild builds the one of
 * the kernel's architecture).
 */
#ifndef VMCOREINFO_EXT_VALUES_H
#define VMCOREINFO_EXT_VALUES_H

#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/types.h>

/* How a value is written in its own file. */
enum vie_file_format {
	VIE_FILE_HEX,	/* "0x%016lx" */
	VIE_FILE_DEC,	/* "%lu" */
};

/*
 * How the line of the "vmcoreinfo" file prints it: exactly as the kernel
 * that carries the entry does.  VMCOREINFO_NUMBER() is "%ld"; x86_64
 * prints pgtable_l5_enabled as "%d", arm64 prints its addresses and masks
 * with vmcoreinfo_append_str("NUMBER(...)=0x%llx" or "0x%lx").
 */
enum vie_note_format {
	VIE_NOTE_LONG,	/* NUMBER(name)=%ld */
	VIE_NOTE_INT,	/* NUMBER(name)=%d */
	VIE_NOTE_HEX,	/* NUMBER(name)=0x%lx */
};

struct vie_attr {
	struct kobj_attribute kattr;
	unsigned long (*read)(void);
	enum vie_file_format file;
	enum vie_note_format note;
};

ssize_t vie_value_show(struct kobject *kobj, struct kobj_attribute *kattr,
		       char *buf);

/*
 * Not __ATTR(): it would expand a name that is also a macro
 * (KERNEL_IMAGE_SIZE, MAX_PHYSMEM_BITS, VA_BITS, ...) before stringifying
 * it.
 */
#define VIE_ATTR(_name, _read, _file, _note) {				\
	.kattr = {							\
		.attr = { .name = #_name, .mode = 0400 },		\
		.show = vie_value_show,					\
	},								\
	.read = _read,							\
	.file = _file,							\
	.note = _note,							\
}

/* The architecture's table, in the order its kernel emits the lines. */
extern struct vie_attr vie_values[];
extern const unsigned int vie_nr_values;

#endif /* VMCOREINFO_EXT_VALUES_H */
