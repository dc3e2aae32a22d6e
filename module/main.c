// SPDX-License-Identifier: GPL-2.0
/*
 * vmcoreinfo_ext: publish the live x86_64 memory-layout values that older
 * kernels leave out of their VMCOREINFO note, under
 * /sys/kernel/vmcoreinfo_ext/, one value per root-only file, plus a
 * "vmcoreinfo" file holding them as the NUMBER() lines a kernel carrying
 * them would emit.
 *
 * The values reveal the KASLR layout: every file is mode 0400, reads fail
 * while the kernel is locked down against /proc/kcore, and no value is
 * ever written to the kernel log.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/sparsemem.h>

#include "compat.h"

static unsigned long vie_page_offset_base(void)
{
	return PAGE_OFFSET;
}

static unsigned long vie_vmalloc_base(void)
{
	return VMALLOC_START;
}

static unsigned long vie_vmemmap_base(void)
{
	return VMEMMAP_START;
}

static unsigned long vie_phys_base(void)
{
	return phys_base;
}

static unsigned long vie_sme_mask_value(void)
{
	return (unsigned long)vie_sme_mask();
}

static unsigned long vie_l5_value(void)
{
	return vie_pgtable_l5_enabled();
}

static unsigned long vie_kernel_image_size(void)
{
	return KERNEL_IMAGE_SIZE;
}

static unsigned long vie_max_physmem_bits(void)
{
	return MAX_PHYSMEM_BITS;
}

static unsigned long vie_section_size_bits(void)
{
	return SECTION_SIZE_BITS;
}

/* How a value is written in its own file and in the "vmcoreinfo" file. */
enum vie_format {
	VIE_HEX,	/* "0x%016lx" alone, NUMBER(name)=%ld in vmcoreinfo */
	VIE_DEC,	/* "%lu" alone, NUMBER(name)=%ld in vmcoreinfo */
	VIE_BOOL,	/* "%d" alone, NUMBER(name)=%d, as mainline prints it */
};

struct vie_attr {
	struct kobj_attribute kattr;
	unsigned long (*read)(void);
	enum vie_format format;
};

static ssize_t vie_value_show(struct kobject *kobj, struct kobj_attribute *kattr,
			      char *buf);
static ssize_t vie_vmcoreinfo_show(struct kobject *kobj,
				   struct kobj_attribute *kattr, char *buf);

/*
 * Not __ATTR(): it would expand a name that is also a macro
 * (KERNEL_IMAGE_SIZE, MAX_PHYSMEM_BITS, ...) before stringifying it.
 */
#define VIE_ATTR(_name, _read, _format) {				\
	.kattr = {							\
		.attr = { .name = #_name, .mode = 0400 },		\
		.show = vie_value_show,					\
	},								\
	.read = _read,							\
	.format = _format,						\
}

/* In the order mainline's arch_crash_save_vmcoreinfo() and crash_core.c
 * emit them, then the entries mainline never merged.
 */
static struct vie_attr vie_values[] = {
	VIE_ATTR(phys_base, vie_phys_base, VIE_HEX),
	VIE_ATTR(pgtable_l5_enabled, vie_l5_value, VIE_BOOL),
	VIE_ATTR(KERNEL_IMAGE_SIZE, vie_kernel_image_size, VIE_DEC),
	VIE_ATTR(sme_mask, vie_sme_mask_value, VIE_HEX),
	VIE_ATTR(MAX_PHYSMEM_BITS, vie_max_physmem_bits, VIE_DEC),
	VIE_ATTR(SECTION_SIZE_BITS, vie_section_size_bits, VIE_DEC),
	VIE_ATTR(page_offset_base, vie_page_offset_base, VIE_HEX),
	VIE_ATTR(vmalloc_base, vie_vmalloc_base, VIE_HEX),
	VIE_ATTR(vmemmap_base, vie_vmemmap_base, VIE_HEX),
};

static struct kobj_attribute vie_vmcoreinfo_attr =
	__ATTR(vmcoreinfo, 0400, vie_vmcoreinfo_show, NULL);

static ssize_t vie_value_show(struct kobject *kobj, struct kobj_attribute *kattr,
			      char *buf)
{
	struct vie_attr *va = container_of(kattr, struct vie_attr, kattr);
	unsigned long value;
	int ret;

	ret = vie_lockdown_check();
	if (ret)
		return ret;

	value = va->read();
	switch (va->format) {
	case VIE_HEX:
		return vie_emit_at(buf, 0, "0x%016lx\n", value);
	case VIE_BOOL:
		return vie_emit_at(buf, 0, "%d\n", (int)value);
	default:
		return vie_emit_at(buf, 0, "%lu\n", value);
	}
}

static ssize_t vie_vmcoreinfo_show(struct kobject *kobj,
				   struct kobj_attribute *kattr, char *buf)
{
	const struct vie_attr *va;
	int len = 0;
	int ret;

	ret = vie_lockdown_check();
	if (ret)
		return ret;

	for (va = vie_values; va < vie_values + ARRAY_SIZE(vie_values); va++) {
		const char *name = va->kattr.attr.name;
		unsigned long value = va->read();

		if (va->format == VIE_BOOL)
			len += vie_emit_at(buf, len, "NUMBER(%s)=%d\n", name,
					   (int)value);
		else
			len += vie_emit_at(buf, len, "NUMBER(%s)=%ld\n", name,
					   (long)value);
	}
	return len;
}

static struct attribute *vie_attrs[ARRAY_SIZE(vie_values) + 2];

static const struct attribute_group vie_group = {
	.attrs = vie_attrs,
};

static struct kobject *vie_kobj;

static int __init vie_init(void)
{
	int err;
	int i;

	for (i = 0; i < ARRAY_SIZE(vie_values); i++)
		vie_attrs[i] = &vie_values[i].kattr.attr;
	vie_attrs[i] = &vie_vmcoreinfo_attr.attr;

	vie_kobj = kobject_create_and_add("vmcoreinfo_ext", kernel_kobj);
	if (!vie_kobj)
		return -ENOMEM;

	err = sysfs_create_group(vie_kobj, &vie_group);
	if (err) {
		pr_err("cannot create sysfs files (%d)\n", err);
		goto err_put;
	}
	return 0;

err_put:
	kobject_put(vie_kobj);
	return err;
}

static void __exit vie_exit(void)
{
	sysfs_remove_group(vie_kobj, &vie_group);
	kobject_put(vie_kobj);
}

module_init(vie_init);
module_exit(vie_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Publish x86_64 VMCOREINFO values older kernels lack");
MODULE_AUTHOR("vmcoreinfo_ext developers");
MODULE_VERSION(VIE_VERSION);
