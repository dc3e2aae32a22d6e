// SPDX-License-Identifier: GPL-2.0
/*
 * vmcoreinfo_ext: publish the live memory-layout values that older kernels
 * leave out of their VMCOREINFO note, under /sys/kernel/vmcoreinfo_ext/,
 * one value per root-only file, plus a "vmcoreinfo" file holding them as
 * the NUMBER() lines a kernel carrying them would emit.  The values are
 * the architecture's (x86_64.c, arm64.c); this file is the same for all.
 *
 * The values reveal the KASLR layout: every file is mode 0400, reads fail
 * while the kernel is locked down against /proc/kcore, and no value is
 * ever written to the kernel log.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "values.h"

static ssize_t vie_vmcoreinfo_show(struct kobject *kobj,
				   struct kobj_attribute *kattr, char *buf);

static struct kobj_attribute vie_vmcoreinfo_attr =
	__ATTR(vmcoreinfo, 0400, vie_vmcoreinfo_show, NULL);

ssize_t vie_value_show(struct kobject *kobj, struct kobj_attribute *kattr,
		       char *buf)
{
	struct vie_attr *va = container_of(kattr, struct vie_attr, kattr);
	unsigned long value;
	int ret;

	ret = vie_lockdown_check();
	if (ret)
		return ret;

	value = va->read();
	if (va->file == VIE_FILE_HEX)
		return vie_emit_at(buf, 0, "0x%016lx\n", value);
	return vie_emit_at(buf, 0, "%lu\n", value);
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

	for (va = vie_values; va < vie_values + vie_nr_values; va++) {
		const char *name = va->kattr.attr.name;
		unsigned long value = va->read();

		switch (va->note) {
		case VIE_NOTE_INT:
			len += vie_emit_at(buf, len, "NUMBER(%s)=%d\n", name,
					   (int)value);
			break;
		case VIE_NOTE_HEX:
			len += vie_emit_at(buf, len, "NUMBER(%s)=0x%lx\n", name,
					   value);
			break;
		default:
			len += vie_emit_at(buf, len, "NUMBER(%s)=%ld\n", name,
					   (long)value);
			break;
		}
	}
	return len;
}

/* vie_values[], then "vmcoreinfo", then the terminating NULL. */
static struct attribute **vie_attrs;

static struct attribute_group vie_group;

static struct kobject *vie_kobj;

static int __init vie_init(void)
{
	unsigned int i;
	int err;

	vie_attrs = kcalloc(vie_nr_values + 2, sizeof(*vie_attrs), GFP_KERNEL);
	if (!vie_attrs)
		return -ENOMEM;
	for (i = 0; i < vie_nr_values; i++)
		vie_attrs[i] = &vie_values[i].kattr.attr;
	vie_attrs[i] = &vie_vmcoreinfo_attr.attr;
	vie_group.attrs = vie_attrs;

	vie_kobj = kobject_create_and_add("vmcoreinfo_ext", kernel_kobj);
	if (!vie_kobj) {
		err = -ENOMEM;
		goto err_free;
	}

	err = sysfs_create_group(vie_kobj, &vie_group);
	if (err) {
		pr_err("cannot create sysfs files (%d)\n", err);
		goto err_put;
	}
	return 0;

err_put:
	kobject_put(vie_kobj);
err_free:
	kfree(vie_attrs);
	return err;
}

static void __exit vie_exit(void)
{
	sysfs_remove_group(vie_kobj, &vie_group);
	kobject_put(vie_kobj);
	kfree(vie_attrs);
}

module_init(vie_init);
module_exit(vie_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Publish VMCOREINFO values older kernels lack");
MODULE_AUTHOR("vmcoreinfo_ext developers");
MODULE_VERSION(VIE_VERSION);
