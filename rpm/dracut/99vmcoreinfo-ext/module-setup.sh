#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dracut module vmcoreinfo-ext: puts the values vmcoreinfo-ext-save.service
# saved at this boot, vmcoreinfo-ext and its makedumpfile wrapper into the
# kdump initramfs, at the paths the wrapper reads by default
# (/vmcoreinfo-ext/saved.vmcoreinfo).  Only when asked for
# (dracut_args --add vmcoreinfo-ext in /etc/kdump.conf): see the README.

check() {
	require_binaries vmcoreinfo-ext vmcoreinfo-ext-makedumpfile makedumpfile || return 1
	return 255
}

depends() {
	return 0
}

install() {
	inst_multiple vmcoreinfo-ext vmcoreinfo-ext-makedumpfile makedumpfile tail \
		ls readlink tr cp mv sleep
	if [ -s /var/lib/vmcoreinfo-ext/saved.vmcoreinfo ]; then
		inst_simple /var/lib/vmcoreinfo-ext/saved.vmcoreinfo /vmcoreinfo-ext/saved.vmcoreinfo
	else
		dwarning "vmcoreinfo-ext: no saved values (is the vmcoreinfo_ext module loaded?): dumps will be taken without the overlay"
	fi
}
