#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job on a machine that cannot load modules itself: build the
# module with DKMS for Debian 12's kernel, boot that kernel in QEMU with
# KASLR, modprobe the module and print what it publishes and the merged
# VMCOREINFO that vmcoreinfo-ext makes of it.
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (DKMS, /boot)"
# Debian 12's 6.1, the first expected kernel; nothing else stands in for it.
label=6.1
kver=$(vie_kernels | awk -v l=$label '$1 == l { print $2 }')
if [ -z "$kver" ]; then
	why=$(vie_kernels_missing | awk -v l=$label '$1 == l { $1 = ""; print substr($0, 2) }')
	vie_die "expected kernel $label is not installed: ${why:-unknown label} (run scripts/install-deps.sh)"
fi
paging=${VIE_DEMO_PAGING:-5}

echo "building vmcoreinfo_ext $VIE_VERSION with DKMS for $kver ..."
vie_dkms_install "$kver" || vie_die "DKMS build failed"
vie_build_guest_probe || vie_die "cannot build guest-probe"
extra=$(mktemp -d "$VIE_WORK/extra.XXXXXX")
mkdir -p "$extra/bin"
if make -s -C "$VIE_TOP/userspace" static >"$VIE_WORK/userspace-static.log" 2>&1; then
	cp "$VIE_TOP/userspace/build/vmcoreinfo-ext-static" "$extra/bin/vmcoreinfo-ext"
else
	echo "warning: vmcoreinfo-ext did not build (see $VIE_WORK/userspace-static.log)" >&2
fi
VIE_EXTRA_ROOT=$extra vie_initramfs "$VIE_WORK/demo.cpio.gz" "$kver"
rm -rf "$extra"
echo "booting $kver in QEMU (TCG, ${paging}-level paging, KASLR on) ..."
vie_boot demo "$kver" "$VIE_WORK/demo.cpio.gz" "$paging" on 300 vie.suite=demo
rc=$?
grep -v -e '^ok - ' -e '^not ok' -e '^VIE-RESULT' -e '^VIE-BOOT' "$VIE_WORK/demo.result.txt"
if [ $rc -ne 0 ]; then
	grep -e '^not ok' "$VIE_WORK/demo.result.txt" >&2
	echo "demo FAILED (console log: $VIE_WORK/demo.console)" >&2
	exit 1
fi
