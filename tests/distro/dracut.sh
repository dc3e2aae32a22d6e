#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The RPM's dracut module (rpm/dracut/99vmcoreinfo-ext), run by Debian 12's
# own dracut in a copy of the debootstrapped image (tests/distro/lib.sh),
# as kdumpctl runs it on RHEL ("dracut_args --add vmcoreinfo-ext"):
#   - the image holds vmcoreinfo-ext, the makedumpfile wrapper,
#     makedumpfile and the saved values at /vmcoreinfo-ext/saved.vmcoreinfo,
#     byte for byte;
#   - nothing that carries the values is readable by other users: the
#     saved file inside the image, and the image file itself;
#   - without saved values dracut says so and the image has none.
# Prints "ok"/"not ok" lines and "N passed, N failed".  Root; needs the
# cached base image (vd_base) and the machine's Debian mirror.
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (chroot)"
W=$VD_WORK
root=$W/dracut-root
pass=0 fail=0

vd_base || { check "debootstrap base" false; finish; }
make -s -C "$VIE_TOP/userspace" >/dev/null || vie_die "cannot build vmcoreinfo-ext"
vd_rm_tree "$root" || { check "$root: mounts left below it" false; finish; }
cp -a "$W/base" "$root"
kver=$(ls "$root/lib/modules" | head -n 1)
# Debian's dracut replaces initramfs-tools (in this copy only).
vd_apt "$root" install dracut >"$W/dracut-install.log" 2>&1
check "apt install dracut in the image" [ -x "$root/usr/bin/dracut" ]
[ -x "$root/usr/bin/dracut" ] || { tail -n 5 "$W/dracut-install.log"; finish; }

install -D -m 755 "$VIE_TOP/userspace/build/vmcoreinfo-ext" "$root/usr/sbin/vmcoreinfo-ext"
install -D -m 755 "$VIE_TOP/userspace/wrapper/vmcoreinfo-ext-makedumpfile" \
	"$root/usr/sbin/vmcoreinfo-ext-makedumpfile"
install -D -m 755 "$VIE_TOP/rpm/dracut/99vmcoreinfo-ext/module-setup.sh" \
	"$root/usr/lib/dracut/modules.d/99vmcoreinfo-ext/module-setup.sh"
# A saved file as vmcoreinfo-ext save writes it: mode 0600, under 0700.
install -d -m 700 "$root/var/lib/vmcoreinfo-ext"
install -m 600 "$VIE_TOP/tests/unit/fixtures/ext/saved-good" \
	"$root/var/lib/vmcoreinfo-ext/saved.vmcoreinfo"

# mkimage NAME: dracut with our module added, as kdumpctl would; the
# image's listing (lsinitrd, with modes) in NAME.list, unpacked in NAME.d.
mkimage() {
	rm -rf "$W/$1.d" "$root/tmp/$1.img"
	# Only our module (and what it depends on): what is checked here is
	# what it puts in, not the rest of a kdump image.
	vd_chroot "$root" dracut --force --no-hostonly --no-early-microcode \
		--no-compress --modules vmcoreinfo-ext "/tmp/$1.img" "$kver" \
		>"$W/$1.log" 2>&1 &&
	vd_chroot "$root" lsinitrd "/tmp/$1.img" >"$W/$1.list" 2>&1 &&
	mkdir -p "$W/$1.d" &&
	vd_chroot "$root" sh -c "mkdir -p /tmp/$1.d && cd /tmp/$1.d &&
		cpio -id --quiet </tmp/$1.img" \
		>>"$W/$1.log" 2>&1 &&
	cp -a "$root/tmp/$1.d/." "$W/$1.d/"
}
mkimage with-saved
check "dracut --modules vmcoreinfo-ext builds an image" [ -s "$root/tmp/with-saved.img" ]
check "the image holds the makedumpfile wrapper (the one installed)" \
	cmp -s "$root/usr/sbin/vmcoreinfo-ext-makedumpfile" \
	"$W/with-saved.d/usr/sbin/vmcoreinfo-ext-makedumpfile"
# dracut strips binaries: run the reader inside the unpacked image instead.
v=$(chroot "$W/with-saved.d" /usr/sbin/vmcoreinfo-ext --version 2>&1)
check "the image holds vmcoreinfo-ext and what it needs to run ($v)" \
	[ "$v" = "$("$VIE_TOP/userspace/build/vmcoreinfo-ext" --version)" ]
check "the image holds makedumpfile" \
	sh -c 'ls "$1"/usr/bin/makedumpfile "$1"/usr/sbin/makedumpfile 2>/dev/null | grep -q .' \
	sh "$W/with-saved.d"
check "the image holds the saved values at /vmcoreinfo-ext/saved.vmcoreinfo, byte for byte" \
	cmp -s "$root/var/lib/vmcoreinfo-ext/saved.vmcoreinfo" "$W/with-saved.d/vmcoreinfo-ext/saved.vmcoreinfo"
mode=$(awk '$NF == "vmcoreinfo-ext/saved.vmcoreinfo" { print $1 }' "$W/with-saved.list")
check "the saved file in the image is readable by root only ($mode)" \
	[ "$mode" = "-rw-------" ]
imode=$(stat -c %a "$root/tmp/with-saved.img")
check "the image file is readable by root only (mode $imode)" \
	[ "$((8#$imode & 8#077))" = 0 ]

rm -f "$root/var/lib/vmcoreinfo-ext/saved.vmcoreinfo"
mkimage no-saved
check "without saved values: dracut warns" \
	grep -q 'vmcoreinfo-ext: no saved values' "$W/no-saved.log"
check "without saved values: the image has none" \
	[ ! -e "$W/no-saved.d/vmcoreinfo-ext/saved.vmcoreinfo" ]
[ "$fail" -eq 0 ] && vd_rm_tree "$root" && rm -rf "$W/with-saved.d" "$W/no-saved.d"
finish
