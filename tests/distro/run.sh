#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packages in a real Debian 12 system: debootstrap (cached in
# build/distro/base), linux-image-amd64, linux-headers-amd64, kdump-tools,
# then the two .debs this tree builds installed with apt (DKMS builds the
# module inside the image), booted with systemd under QEMU with
# crashkernel= and kdump-tools enabled.
#
#   tests/distro/run.sh [prepare|boot]   (root; tests/distro/install-deps.sh
#                                         first; no argument: both)
#
# Scenarios, each with progress lines and a verdict:
#   scripts    the save and crash-kernel scripts on the host (test-scripts.sh)
#   packages   build the .debs and RPMs, and both at a lower version
#              (build-packages.sh): lintian, rpmlint, one version, the
#              reader needs no glibc
#   bullseye   the .deb in a debootstrapped Debian 11 (bullseye.sh)
#   rpm        the RPMs' scriptlets, run by rpm --root (rpm-scripts.sh)
#   install    apt install ./vmcoreinfo-ext*.deb in the image; DKMS built it
#   loaded     boot: module loaded, sysfs, values saved, kdump ready; crash:
#              kdump-tools saves a dump with makedumpfile -i OVERLAY, and
#              the overlay = the module's values before the crash = what
#              vmcoreinfo-ext reads back from the dump with the saved file;
#              the dump is stored amended: it reads (no flags) as its note
#              plus the saved values, for vmcoreinfo-ext and for crash,
#              libkdumpfile, drgn and makedumpfile (tests/qemu/consumers.py)
#   ssh        as loaded, with kdump-tools' SSH= target: a collector
#              reached only through the guest's own QEMU network
#              (vd_collector); the dump arrives complete and amended on
#              its way, for vmcoreinfo-ext and the real readers, rebuilt
#              and as it is
#   blacklist  module blacklisted: dump saved without the overlay, not
#              amended, reasons logged
#   stale      SSH= target, saved file from an earlier boot: the dump
#              arrives complete, as makedumpfile wrote it, reasons logged
#   dracut     the RPM's dracut module, by Debian's dracut (dracut.sh)
#   6.12       the lower version's packages, then linux-image-6.12-amd64 +
#              headers (DKMS builds the module for it), then this version's
#              packages over them (upgrade): one DKMS version, built for
#              both kernels; booting 6.12 loads this version's module
#   remove     purge of both packages in the image: nothing left; "make
#              dkms-install" twice and for the 6.12 kernel in it.  With
#              6.12: in the 6.12 boot, after its checks, vmcoreinfo-ext (the
#              kdump-tools integration) is purged in the running system,
#              then a crash: kdump-tools saves the dump as without it
# Counts checks: the "ok"/"not ok" lines of each step's result (the
# packaging step's own "N passed, N failed"); a step that fails without a
# failed check line, or passes without any check, counts as one failure.
# Ends with the wall time and "N passed, N failed, N skipped".
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (debootstrap, chroot)"
t_start=$(date +%s)
pass=0 fail=0 skipped=0
W=$VD_WORK
root=$W/root
vie=$VIE_TOP/userspace/build/vmcoreinfo-ext

verdict() {	# verdict RC TEXT [RESULT-FILE [summary]]
	local p=0 f=0 s=0
	if [ -n "${3:-}" ] && [ -f "$3" ]; then
		if [ "${4:-}" = summary ]; then
			# Its own last "N passed, N failed" line.
			read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$3" | tail -n 1 |
				awk '{ print $1, $3 }')
			p=${p:-0} f=${f:-0}
		else
			read -r p f s < <(vie_tally "$3")
		fi
	fi
	if [ "$1" != 0 ] && [ "$f" = 0 ]; then
		f=1
	elif [ "$1" = 0 ] && [ "$p" = 0 ]; then
		f=1
		set -- 1 "$2 (no check passed)" "${3:-}"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
	if [ "$1" = 0 ]; then
		echo "$2: $p checks ok, $s skipped: PASS"
	else
		echo "$2: $p checks ok, $f failed, $s skipped: FAIL"
		[ -n "${3:-}" ] && [ -f "$3" ] && grep -v '^ok' "$3" | grep -v '^\(module\|saved\|crash-\)' | sed 's/^/    /'
	fi
	[ -n "${3:-}" ] && [ -f "$3" ] && grep '^ok .*# SKIP' "$3" | sed 's/^/    /'
	return 0
}
summary() {
	echo "wall time: $(($(date +%s) - t_start)) s"
	echo "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" -eq 0 ]
	exit
}
note() { echo "  $*"; }

mkimage() {	# mkimage IMAGE
	rm -f "$1"
	truncate -s 8G "$1"
	mkfs.ext4 -q -F -L root -d "$root" "$1"
}

# VD_SCENARIOS: the scenarios to run after [install] (default: ssh stale
# sb sb-nomok dracut 6.12 remove).  Two run only when named, for what
# they check is checked by a default one: [loaded] is [sb] without Secure
# Boot (the same checks of the same code; kdump-tools' own kexec_load
# path is the difference), [blacklist] is [sb-nomok]'s path (the module
# not loaded at boot, nothing saved, the dump taken without the values,
# the reason logged; the blacklist's own line: test-scripts.sh).
scenarios=" ${VD_SCENARIOS:-ssh stale sb sb-nomok dracut 6.12 remove} "
want() { case $scenarios in *" $1 "*) return 0 ;; esac; return 1; }

# Two phases, which make check runs apart: "prepare" (no QEMU: scripts,
# packages, the image, the dracut module; alongside the QEMU suites) and
# "boot" (the scenarios on that image); with no argument, both.
phase=${1:-all}
case $phase in
all|prepare) rm -f "$W/prepared" ;;
boot)
	kver=$(cat "$W/prepared" 2>/dev/null)
	if [ -z "$kver" ] || [ ! -s "$W/disk.img" ]; then
		verdict 1 "[boot] no prepared image ($W/prepared, $W/disk.img): 'tests/distro/run.sh prepare' did not finish"
		summary
	fi
	debs=$(ls "$W"/pkg/vmcoreinfo-ext_*_amd64.deb "$W"/pkg/vmcoreinfo-ext-dkms_*_all.deb 2>/dev/null) ;;
*) vie_die "usage: $0 [prepare|boot]" ;;
esac

if [ "$phase" != boot ]; then
# --- packages -----------------------------------------------------------
bash "$VIE_TOP/tests/distro/test-scripts.sh" >"$W/test-scripts.out" 2>&1
verdict $? "[scripts] save and crash-kernel scripts on the host, real kdump-config" "$W/test-scripts.out"
note "building the packages"
t0=$(date +%s)
bash "$VIE_TOP/tests/distro/build-packages.sh" deb rpm old >"$W/build-packages.out" 2>&1
verdict $? "[packages] .debs and RPMs (and at a lower version), $(sed -n 's/^\(lintian: [0-9]* errors\).*: \(PASS\|FAIL\)$/\1/p' "$W/build-packages.out"), $(sed -n 's/^\(rpmlint: \).*, \([0-9]* errors\).*: \(PASS\|FAIL\)$/\1\2/p' "$W/build-packages.out"), $(($(date +%s) - t0)) s" "$W/build-packages.out" summary
grep -E '^ +(\.deb|RPM): highest' "$W/build-packages.out"
debs=$(ls "$W"/pkg/vmcoreinfo-ext_*_amd64.deb "$W"/pkg/vmcoreinfo-ext-dkms_*_all.deb 2>/dev/null)
[ "$(echo "$debs" | wc -w)" = 2 ] || { echo "no .debs: stopping"; summary; }
make -s -C "$VIE_TOP/userspace" >/dev/null || vie_die "cannot build vmcoreinfo-ext for the host"

# --- the .deb on Debian 11; the RPMs' scriptlets (no QEMU) -----------------
t0=$(date +%s)
note "[bullseye] the .deb in Debian 11 (debootstrap cached in $W/bullseye-base)"
bash "$VIE_TOP/tests/distro/bullseye.sh" >"$W/bullseye.out" 2>&1
verdict $? "[bullseye] the .deb in Debian 11 (glibc 2.31): apt install, the reader runs, purge, $(($(date +%s) - t0)) s" "$W/bullseye.out"
t0=$(date +%s)
note "[rpm] the RPMs' scriptlets, by rpm --root in an overlay on the base system"
bash "$VIE_TOP/tests/distro/rpm-scripts.sh" >"$W/rpm-scripts.out" 2>&1
verdict $? "[rpm] scriptlets: the preset enables the save service, DKMS's log named, erase cleans kdump.conf, upgrade leaves one DKMS version, $(($(date +%s) - t0)) s" "$W/rpm-scripts.out"

# --- install ------------------------------------------------------------
t0=$(date +%s)
note "debootstrap base (cached in $W/base)"
vd_base || { verdict 1 "[install] debootstrap base"; summary; }
note "copying the base system and installing the .debs with apt"
vd_rm_tree "$root" || { verdict 1 "[install] $root: mounts left below it"; summary; }
cp -a "$W/base" "$root"
kver=$(ls "$root/lib/modules" | head -n 1)
mkdir -p "$root/tmp/vd-debs"
cp $debs "$root/tmp/vd-debs/"
res=$W/install.result.txt
: >"$res"
vd_apt "$root" install $(cd "$root" && ls tmp/vd-debs/*.deb | sed "s|^|/|") >"$W/install.log" 2>&1
r=$?
[ $r = 0 ] && echo "ok - apt install ./vmcoreinfo-ext*.deb" >>"$res" || echo "not ok - apt install failed: $(tail -n 3 "$W/install.log" | tr '\n' ' ')" >>"$res"
if ls "$root/lib/modules/$kver/updates/dkms/vmcoreinfo_ext.ko"* >/dev/null 2>&1; then
	echo "ok - DKMS built and installed vmcoreinfo_ext.ko for $kver in the image" >>"$res"
else
	echo "not ok - no /lib/modules/$kver/updates/dkms/vmcoreinfo_ext.ko in the image" >>"$res"
fi
st=$(vd_chroot "$root" dkms status vmcoreinfo_ext 2>&1)
echo "# dkms status: $st" >>"$res"
for f in /usr/sbin/vmcoreinfo-ext /usr/lib/modules-load.d/vmcoreinfo_ext.conf \
	/etc/systemd/system/multi-user.target.wants/vmcoreinfo-ext-save.service \
	/lib/systemd/system/kdump-tools-dump.service.d/vmcoreinfo-ext.conf; do
	[ -e "$root$f" ] || [ -L "$root$f" ] && echo "ok - $f" >>"$res" || echo "not ok - $f missing" >>"$res"
done
grep -q '^not ok' "$res"; r=$?
verdict $((1 - r)) "[install] apt install of both .debs in Debian 12, DKMS build for $kver, $(($(date +%s) - t0)) s" "$res"
grep '^# dkms' "$res" | sed 's/^# /    /'

# Test instrumentation (not part of the packages): the guest driver, the
# crash-kernel reporter.
vie_build_guest_probe || vie_die "cannot build guest-probe"
install -m 755 "$VIE_TOP/tests/distro/guest/vd-guest" "$VIE_TOP/tests/distro/guest/vd-crash-collect" \
	"$VIE_WORK/guest-probe" "$root/usr/local/sbin/"
install -m 644 "$VIE_TOP/tests/distro/guest/vd-test.service" "$VIE_TOP/tests/distro/guest/vd-crash-collect.service" "$root/etc/systemd/system/"
for u in kdump-tools-dump kdump-tools; do
	install -D -m 644 "$VIE_TOP/tests/distro/guest/kdump-tools-dump-vd-test.conf" "$root/etc/systemd/system/$u.service.d/vd-test.conf"
done
ln -sf /etc/systemd/system/vd-test.service "$root/etc/systemd/system/multi-user.target.wants/vd-test.service"
# No password prompt or network wait on the serial console.
vd_chroot "$root" passwd -d root >/dev/null 2>&1

note "making the disk image (mkfs.ext4 -d)"
mkimage "$W/disk.img" || { verdict 1 "[image] mkfs.ext4 -d"; summary; }
echo "$kver" >"$W/prepared"

# --- Secure Boot: the signed boot chain, the image's DKMS key ---------------
if want sb || want sb-nomok; then
	res=$W/sb-prep.result.txt
	: >"$res"
	if why=$(vd_sb_binaries "$W/sb-bin" 2>&1); then
		echo "ok - Debian's signed shim, MokManager and GRUB: $(tr '\n' ';' <"$W/sb-bin/.versions")" >>"$res"
	else
		echo "not ok - Debian's signed boot chain: $why" >>"$res"
	fi
	# DKMS made its signing key in the image when it first built the
	# module (apt install above) and signed the module with it.
	rm -f "$W/sb-mok.der"
	if [ -s "$root/var/lib/dkms/mok.pub" ] && [ -s "$root/var/lib/dkms/mok.key" ] &&
		[ -n "$(modinfo -F signer "$(ls "$root/lib/modules/$kver/updates/dkms/vmcoreinfo_ext.ko"* | head -n 1)")" ]; then
		cp "$root/var/lib/dkms/mok.pub" "$W/sb-mok.der"
		echo "ok - DKMS in the image made its key (/var/lib/dkms/mok.pub: $(openssl x509 -inform DER -in "$W/sb-mok.der" -noout -subject 2>&1)) and signed the module with it" >>"$res"
	else
		echo "not ok - no DKMS key in the image (/var/lib/dkms/mok.pub, mok.key), or the module is not signed" >>"$res"
	fi
	grep -q '^not ok' "$res"; r=$?
	verdict $((1 - r)) "[sb] preparation: the signed boot chain, the DKMS key" "$res"
fi

# --- the RPM's dracut module, with Debian's dracut ------------------------------
# (No QEMU: with the preparation.)
if want dracut; then
t0=$(date +%s)
note "[dracut] the RPM's dracut module in a copy of the image, run by Debian's dracut"
bash "$VIE_TOP/tests/distro/dracut.sh" >"$W/dracut.out" 2>&1
verdict $? "[dracut] kdump initramfs: the wrapper, the reader, the saved values, all root-only, $(($(date +%s) - t0)) s" "$W/dracut.out"
fi

# --- upgrade, and a second kernel: in the image (its boot comes later) -----
# The lower version's packages first (apt sees a downgrade), then the 6.12
# kernel (DKMS builds that version for it), then this version's packages
# over them: the upgrade of a system with two kernels.
rm -f "$W/prepared-6.12" "$W/disk-6.12.img"
if want 6.12; then
t0=$(date +%s)
pre=$W/distro-6.12.pre
: >"$pre"
olddebs=$(ls "$W"/pkg/old/vmcoreinfo-ext_*_amd64.deb "$W"/pkg/old/vmcoreinfo-ext-dkms_*_all.deb 2>/dev/null)
oldv=$(for d in $olddebs; do dpkg-deb -f "$d" Version; done | sort -u)
rm -rf "$root/tmp/vd-old"
mkdir -p "$root/tmp/vd-old"
[ "$(echo "$olddebs" | wc -w)" = 2 ] && cp $olddebs "$root/tmp/vd-old/"
note "[6.12] apt install the $oldv packages, linux-image-6.12-amd64 linux-headers-6.12-amd64, then the $VIE_VERSION packages (upgrade)"
vd_apt "$root" install --allow-downgrades $(cd "$root" && ls tmp/vd-old/*.deb 2>/dev/null | sed "s|^|/|") >"$W/install-old.log" 2>&1 &&
	[ -n "$oldv" ] && echo "ok - apt install of the $oldv packages" >>"$pre" ||
	echo "not ok - apt install of the ${oldv:-lower version} packages: $(tail -n 2 "$W/install-old.log" | tr '\n' ' ')" >>"$pre"
vd_apt "$root" install linux-image-6.12-amd64 linux-headers-6.12-amd64 >"$W/install-6.12.log" 2>&1
r=$?
vd_kdump_initrds "$root" >>"$W/install-6.12.log" 2>&1
k612=$(ls "$root/lib/modules" | grep '^6\.12' | head -n 1)
[ $r = 0 ] && echo "ok - apt install of the 6.12 kernel" >>"$pre" ||
	echo "not ok - apt install of the 6.12 kernel failed" >>"$pre"
st=$(vd_chroot "$root" dkms status vmcoreinfo_ext 2>/dev/null)
echo "# dkms status before the upgrade: $(echo "$st" | tr '\n' ';')" >>"$pre"
if [ -n "$k612" ] && echo "$st" | grep -q "^vmcoreinfo_ext/$oldv, $k612, .*: installed" &&
	ls "$root/lib/modules/$k612/updates/dkms/vmcoreinfo_ext.ko"* >/dev/null 2>&1; then
	echo "ok - DKMS built vmcoreinfo_ext $oldv for $k612 on kernel install" >>"$pre"
else
	echo "not ok - no vmcoreinfo_ext $oldv for ${k612:-the 6.12 kernel}" >>"$pre"
fi
grep -a 'dkms\|DKMS\|vmcoreinfo' "$W/install-6.12.log" | head -n 5 | sed 's/^/# apt: /' >>"$pre"
vd_apt "$root" install $(cd "$root" && ls tmp/vd-debs/*.deb | sed "s|^|/|") >"$W/upgrade.log" 2>&1 &&
	echo "ok - apt install of the $VIE_VERSION packages over $oldv (upgrade)" >>"$pre" ||
	echo "not ok - upgrade to $VIE_VERSION: $(tail -n 2 "$W/upgrade.log" | tr '\n' ' ')" >>"$pre"
st=$(vd_chroot "$root" dkms status vmcoreinfo_ext 2>/dev/null)
echo "# dkms status after the upgrade: $(echo "$st" | tr '\n' ';')" >>"$pre"
kernels=$(ls "$root/lib/modules")
nk=$(echo "$kernels" | wc -l)
good=0
for k in $kernels; do
	[ "$(echo "$st" | grep -c ", $k, ")" = 1 ] && echo "$st" | grep -q "^vmcoreinfo_ext/$VIE_VERSION, $k, .*: installed" &&
		[ "$(vd_chroot "$root" sh -c "modinfo -F version /lib/modules/$k/updates/dkms/vmcoreinfo_ext.ko*" 2>/dev/null)" = "$VIE_VERSION" ] &&
		good=$((good + 1))
done
[ "$(echo "$st" | grep -c .)" = "$nk" ] && [ "$good" = "$nk" ] &&
	echo "ok - after the upgrade, dkms status: one version, $VIE_VERSION, installed for each of the $nk kernels (modinfo: $VIE_VERSION)" >>"$pre" ||
	echo "not ok - after the upgrade, dkms status is not one $VIE_VERSION line per kernel ($nk kernels): $(echo "$st" | tr '\n' ';')" >>"$pre"
[ ! -e "$root/usr/src/vmcoreinfo_ext-$oldv" ] && [ ! -e "$root/var/lib/dkms/vmcoreinfo_ext/$oldv" ] &&
	echo "ok - nothing of $oldv left (/usr/src, /var/lib/dkms)" >>"$pre" ||
	echo "not ok - $oldv left behind: $(ls -d "$root/usr/src/vmcoreinfo_ext-$oldv" "$root/var/lib/dkms/vmcoreinfo_ext/$oldv" 2>/dev/null | tr '\n' ' ')" >>"$pre"
[ -L "$root/etc/systemd/system/multi-user.target.wants/vmcoreinfo-ext-save.service" ] &&
	echo "ok - vmcoreinfo-ext-save.service still enabled after the upgrade (its boot checks it ran)" >>"$pre" ||
	echo "not ok - vmcoreinfo-ext-save.service not enabled after the upgrade" >>"$pre"
v=$(vd_chroot "$root" vmcoreinfo-ext --version 2>&1)
[ "$v" = "vmcoreinfo-ext $VIE_VERSION" ] && echo "ok - the reader after the upgrade: $v" >>"$pre" ||
	echo "not ok - the reader after the upgrade: $v" >>"$pre"
if [ -n "$k612" ]; then
	rm -rf "$W/boot-6.12"
	mkdir -p "$W/boot-6.12"
	cp "$root/boot/vmlinuz-$k612" "$W/boot-6.12/vmlinuz"
	cp "$root/boot/initrd.img-$k612" "$W/boot-6.12/initrd.img"
	mkimage "$W/disk-6.12.img" && echo "$k612" >"$W/prepared-6.12"
fi
grep -q '^not ok' "$pre" && r=1 || r=0
verdict $r "[upgrade] $oldv, a second kernel, then $VIE_VERSION over it: one DKMS version for both kernels, $(($(date +%s) - t0)) s" "$pre"
grep '^# dkms' "$pre" | sed 's/^# /    /'
fi

# --- removal, and make dkms-install, in the image ---------------------------
if want remove; then
t0=$(date +%s)
res=$W/remove.result.txt
: >"$res"
# A used system's state (a saved file of a boot): mkimage wrote the tree,
# the images carry it to their boots; the removal must clean it too.
mkdir -p "$root/var/lib/vmcoreinfo-ext"
echo "# saved by an earlier boot" >"$root/var/lib/vmcoreinfo-ext/saved.vmcoreinfo"
kos() { ls "$root"/lib/modules/*/updates/dkms/vmcoreinfo_ext.ko* 2>/dev/null | wc -l; }
nk=$(ls "$root/lib/modules" | wc -l)
[ "$(kos)" = "$nk" ] && echo "ok - before the purge: the module built for all $nk kernels" >>"$res" ||
	echo "not ok - before the purge: $(kos) modules for $nk kernels" >>"$res"
vd_apt "$root" purge vmcoreinfo-ext vmcoreinfo-ext-dkms >"$W/remove.log" 2>&1 &&
	echo "ok - apt purge vmcoreinfo-ext vmcoreinfo-ext-dkms" >>"$res" || echo "not ok - apt purge failed" >>"$res"
[ "$(kos)" = 0 ] && echo "ok - no vmcoreinfo_ext.ko left under /lib/modules" >>"$res" || echo "not ok - $(kos) modules left" >>"$res"
for d in /usr/src/vmcoreinfo_ext-$VIE_VERSION /var/lib/dkms/vmcoreinfo_ext /var/lib/vmcoreinfo-ext \
	/usr/lib/modules-load.d/vmcoreinfo_ext.conf /lib/systemd/system/kdump-tools-dump.service.d/vmcoreinfo-ext.conf \
	/etc/systemd/system/multi-user.target.wants/vmcoreinfo-ext-save.service; do
	[ -e "$root$d" ] || [ -L "$root$d" ] && echo "not ok - $d left behind" >>"$res" || echo "ok - $d gone" >>"$res"
done
# make dkms-install, as the README has it, in the purged image: twice
# for one kernel, then for the other (KVER=); then make dkms-uninstall.
rm -rf "$root/tmp/vd-src"
mkdir -p "$root/tmp/vd-src"
(cd "$VIE_TOP" && git ls-files -z --cached --others --exclude-standard -- Makefile dkms.conf Kbuild module |
	xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$root/tmp/vd-src"
ks=$(ls "$root/lib/modules")
k1=$(echo "$ks" | head -n 1) k2=$(echo "$ks" | tail -n 1)
n=0
for k in "$k1" "$k1" "$k2"; do
	n=$((n + 1))
	vd_chroot "$root" make -C /tmp/vd-src dkms-install KVER="$k" >"$W/dkms-install-$n.log" 2>&1 &&
		ls "$root/lib/modules/$k/updates/dkms/vmcoreinfo_ext.ko"* >/dev/null 2>&1 &&
		echo "ok - make dkms-install KVER=$k (run $n) succeeds, the module installed for $k" >>"$res" ||
		echo "not ok - make dkms-install KVER=$k (run $n): $(grep -v '^make' "$W/dkms-install-$n.log" | tail -n 2 | tr '\n' ' ')" >>"$res"
done
st=$(vd_chroot "$root" dkms status vmcoreinfo_ext 2>/dev/null)
echo "# dkms status after make dkms-install: $(echo "$st" | tr '\n' ';')" >>"$res"
[ "$(echo "$st" | grep -c ": installed")" = 2 ] && echo "$st" | grep -q "^vmcoreinfo_ext/$VIE_VERSION, $k1, " &&
	echo "$st" | grep -q "^vmcoreinfo_ext/$VIE_VERSION, $k2, " && [ -f "$root/etc/modules-load.d/vmcoreinfo_ext.conf" ] &&
	echo "ok - after the three runs: $VIE_VERSION installed for both kernels, once each; modules-load.d" >>"$res" ||
	echo "not ok - after the three runs, dkms status: $(echo "$st" | tr '\n' ';')" >>"$res"
vd_chroot "$root" make -C /tmp/vd-src dkms-uninstall >"$W/dkms-uninstall.log" 2>&1
[ "$(kos)" = 0 ] && [ ! -e "$root/var/lib/dkms/vmcoreinfo_ext" ] && [ ! -e "$root/usr/src/vmcoreinfo_ext-$VIE_VERSION" ] &&
	echo "ok - make dkms-uninstall: nothing left" >>"$res" || echo "not ok - make dkms-uninstall left $(kos) modules" >>"$res"
grep -q '^not ok' "$res" && r=1 || r=0
verdict $r "[remove] purge: module, source, DKMS state, saved values gone; make dkms-install twice and for $k2, $(($(date +%s) - t0)) s" "$res"
grep '^# dkms' "$res" | sed 's/^# /    /'
fi


[ "$phase" = prepare ] && summary
fi

# --- crash scenarios ------------------------------------------------------
# vd_ssh_image IMAGE: kdump-tools sends the dump to the collector: SSH= in
# /etc/default/kdump-tools, the key and the collector's host key for root,
# systemd-networkd with DHCP on the QEMU network, and network-online
# waiting for it (kdump-tools-dump.service is ordered after it).
vd_ssh_image() {	# vd_ssh_image IMAGE [MORE-DEFAULTS-LINE]
	local img=$1 u=/lib/systemd/system
	{ cat "$root/etc/default/kdump-tools"
	  echo 'SSH="root@10.0.2.100"'
	  echo 'SSH_KEY=/root/.ssh/kdump_id_ed25519'
	  [ -n "${2:-}" ] && echo "$2"; } >"$VD_SSH/defaults"
	chmod 644 "$VD_SSH/defaults"
	vd_debugfs_put "$img" "$VD_SSH/defaults" /etc/default/kdump-tools
	vd_debugfs_put "$img" "$VD_SSH/client" /root/.ssh/kdump_id_ed25519
	vd_debugfs_put "$img" "$VD_SSH/known_hosts" /root/.ssh/known_hosts
	printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=ipv4\n' >"$VD_SSH/80-vd-test.network"
	vd_debugfs_put "$img" "$VD_SSH/80-vd-test.network" /etc/systemd/network/80-vd-test.network
	vd_debugfs_link "$img" $u/systemd-networkd.service /etc/systemd/system/multi-user.target.wants/systemd-networkd.service
	vd_debugfs_link "$img" $u/systemd-networkd.socket /etc/systemd/system/sockets.target.wants/systemd-networkd.socket
	vd_debugfs_link "$img" $u/systemd-networkd-wait-online.service /etc/systemd/system/network-online.target.wants/systemd-networkd-wait-online.service
}

# verify_is DUMP RC REGEX: vmcoreinfo-ext verify's exit status and line.
verify_is() { vie_verify_is "$res" "$@"; }

crash_scenario() {	# crash_scenario NAME [EARLIER-SAVED]
	local sc=$1 name=distro-$1 img=$W/$1.img res out t0 rc dump
	t0=$(date +%s)
	res=$W/$name.result.txt out=$W/$name
	rm -rf "$out" "$img"
	mkdir -p "$out"
	cp --sparse=always "$W/disk.img" "$img"
	local remote=
	case $sc in
	blacklist)
		echo "blacklist vmcoreinfo_ext" >"$out/blacklist.conf"
		vd_debugfs_put "$img" "$out/blacklist.conf" /etc/modprobe.d/vd-blacklist-vmcoreinfo_ext.conf ;;
	stale|ssh)
		remote=yes
		vd_collector >"$out/collector.why" 2>&1 ||
			{ verdict 1 "[$sc] ssh collector: $(tail -n 1 "$out/collector.why")"; return; }
		# [stale]: the administrator's own MAKEDUMP_ARGS (without
		# $VMCOREINFO_EXT_MAKEDUMP_ARGS) keep the values out of
		# makedumpfile and its stream: the dump arrives unamended, the
		# crashed boot's values beside it.
		if [ $sc = stale ]; then vd_ssh_image "$img" 'MAKEDUMP_ARGS="-c -d 31"'
		else vd_ssh_image "$img"; fi
		VD_QEMU_ARGS=("${VD_SSH_NET[@]}")
		[ $sc = stale ] && vd_debugfs_put "$img" "$2" /var/lib/vd-test/earlier.saved ;;
	sb|sb-nomok)
		# Through the firmware: an ESP of its own, a fresh variable
		# store, with the image's DKMS key enrolled as a MOK or not.
		if ! vd_esp "$out/esp.img" "$W/sb-bin" "$kver" "vd.scenario=$sc" >"$out/esp.log" 2>&1 ||
			! vd_vars "$out/vars.fd" $([ $sc = sb ] && echo "$W/sb-mok.der") >>"$out/esp.log" 2>&1; then
			verdict 1 "[$sc] the EFI system partition or the variable store: $(tail -n 1 "$out/esp.log")"
			return
		fi ;;
	esac
	case $sc in
	sb|sb-nomok)
		note "[$sc] booting Debian 12 ($kver) through OVMF (Secure Boot), shim and GRUB, $([ $sc = sb ] && echo "the DKMS key enrolled as a MOK" || echo "the DKMS key not enrolled"), crashkernel=384M"
		vd_boot_efi "$name" "$img" "$out/esp.img" "$out/vars.fd" 900 ;;
	*)
		note "[$sc] booting Debian 12 ($kver) with systemd, crashkernel=384M${remote:+, dumping over ssh to a collector inside the QEMU network}"
		vd_boot "$name" "$img" "$root/boot/vmlinuz-$kver" "$root/boot/initrd.img-$kver" 900 vd.scenario=${sc/ssh/loaded} ;;
	esac
	rc=$?
	VD_QEMU_ARGS=()
	grep -q '^VD-CRASH-NOW' "$res" || echo "not ok - the first kernel did not reach the crash" >>"$res"
	grep -q '^VD-CRASH-KERNEL' "$res" && echo "ok - crash kernel booted, vmcoreinfo-ext-kdump-tools.service ran before kdump-tools" >>"$res" ||
		echo "not ok - no report from the crash kernel" >>"$res"
	bad=$(vd_bad_console "$W/$name.console.txt")
	[ -n "$bad" ] && echo "not ok - console: $bad" >>"$res"
	# What the crash kernel left on the disk: dump, dmesg, journal.
	debugfs -R "rdump /var/crash $out" "$img" >/dev/null 2>&1
	debugfs -R "rdump /var/log/journal $out" "$img" >/dev/null 2>&1
	if [ -n "$remote" ]; then
		# On the collector: complete (kdump-config renamed it), nothing
		# left behind, nothing in the image's own /var/crash.
		cp -r "$VD_COLLECTOR/var/crash" "$out/collector"
		dump=$(ls "$out"/collector/*/dump.* 2>/dev/null | head -n 1)
		if [ -n "$dump" ] && [ -s "$dump" ] && ! ls "$out"/collector/*/dump-incomplete* >/dev/null 2>&1; then
			echo "ok - the dump reached the collector over ssh, complete: $(echo "$dump" | sed "s|$out/collector/||") ($(stat -c %s "$dump") bytes)" >>"$res"
		else
			echo "not ok - no complete dump on the collector: $(ls -R "$out/collector" | tr '\n' ' ')" >>"$res"
		fi
		ls "$out"/collector/*/dmesg.* >/dev/null 2>&1 &&
			echo "ok - and its dmesg (scp)" >>"$res" || echo "not ok - no dmesg on the collector" >>"$res"
		ls "$out"/crash/*/dump.* >/dev/null 2>&1 &&
			echo "not ok - a dump in the image's own /var/crash too" >>"$res"
		if grep -q 'Accepted publickey for root' "$VD_SSH/sshd.log"; then
			echo "ok - the collector's sshd accepted the kdump key ($(grep -c 'Accepted publickey' "$VD_SSH/sshd.log") sessions)" >>"$res"
		elif grep -q 'Authentication refused' "$VD_SSH/sshd.log"; then
			echo "not ok - the collector's sshd refused the key because of the directories it lives in ($VD_SSH_ROOT): $(grep -m1 'Authentication refused' "$VD_SSH/sshd.log")" >>"$res"
		else
			echo "not ok - the collector's sshd accepted no session: $(tail -n 2 "$VD_SSH/sshd.log" 2>/dev/null | tr '\n' ' ')" >>"$res"
		fi
		# The crashed boot's values, sent with the dump (modes: the
		# collector's own files, not the copies).
		arrived=$(ls "$out"/collector/*/saved.vmcoreinfo 2>/dev/null | head -n 1)
		echo "# on the collector: $(cd "$VD_COLLECTOR/var/crash" && stat -c '%n %a' */* | tr '\n' ' ')" >>"$res"
		if [ -n "$arrived" ] && [ "$(stat -c %a "$VD_COLLECTOR"/var/crash/*/saved.vmcoreinfo)" = 600 ]; then
			echo "ok - the crashed boot's values arrived beside the dump, 0600: $(echo "$arrived" | sed "s|$out/collector/||")" >>"$res"
		else
			echo "not ok - no saved.vmcoreinfo (0600) beside the dump on the collector" >>"$res"
		fi
		sed -n 's/^crash-vmcore-note //p' "$res" | base64 -d >"$out/vmcore-note" 2>/dev/null
		grep -q '^OSRELEASE=' "$out/vmcore-note" ||
			echo "not ok - no note of /proc/vmcore from the crash kernel (vd-crash-collect)" >>"$res"
	else
		dump=$(ls "$out"/crash/*/dump.* 2>/dev/null | head -n 1)
		if [ -n "$dump" ] && [ -s "$dump" ]; then
			echo "ok - kdump-tools saved $(echo "$dump" | sed "s|$out/||") ($(stat -c %s "$dump") bytes)" >>"$res"
		else
			echo "not ok - no dump under /var/crash" >>"$res"
		fi
		arrived=$(ls "$out"/crash/*/saved.vmcoreinfo 2>/dev/null | head -n 1)
		if [ -n "$arrived" ]; then
			stamp=${arrived%/saved.vmcoreinfo}; stamp=${stamp##*/}
			mode=$(debugfs -R "stat /var/crash/$stamp/saved.vmcoreinfo" "$img" 2>/dev/null | sed -n 's/.*Mode: *\([0-7]*\).*/\1/p')
		fi
	fi
	grep -aq "makedumpfile failed, falling back" "$W/$name.console.txt" &&
		echo "not ok - makedumpfile failed (kdump-tools fell back to cp or scp)" >>"$res"
	# kdump-tools' own log line says how makedumpfile ran.
	mdf=$(grep -aE '(running|sending) makedumpfile' "$W/$name.console.txt" | grep -v dump-dmesg | tail -n 1 | sed -E 's/^.*(running|sending) makedumpfile/makedumpfile/')
	echo "# kdump-tools: $mdf" >>"$res"
	# vmcoreinfo-ext-kdump-tools says two things in the crash kernel, on
	# the console and in the journal: before kdump-tools, whether
	# makedumpfile gets the overlay (why); after kdump-config saved the
	# dump, what amend did to it (amended).
	journalctl -D "$out/journal" -o cat -t vmcoreinfo-ext-kdump-tools >"$out/journal-lines" 2>/dev/null
	why=$(grep 'makedumpfile gets\|without the vmcoreinfo_ext overlay' "$out/journal-lines" | tail -n 1)
	amended=$(grep ' amended: \|not amended\|kept as makedumpfile wrote it\|amended on its way: ' "$out/journal-lines" | tail -n 1)
	echo "# vmcoreinfo-ext-kdump-tools (journal, overlay): ${why:-<not in the journal>}" >>"$res"
	echo "# vmcoreinfo-ext-kdump-tools (journal, amend): ${amended:-<not in the journal>}" >>"$res"
	[ -n "$why" ] && echo "ok - the crash kernel's journal says whether makedumpfile got the overlay" >>"$res" ||
		echo "not ok - vmcoreinfo-ext-kdump-tools' overlay line is not in the journal" >>"$res"
	[ -n "$amended" ] && echo "ok - the crash kernel's journal says what amend did to the saved dump" >>"$res" ||
		echo "not ok - vmcoreinfo-ext-kdump-tools' amend line is not in the journal" >>"$res"
	grep -aq "vmcoreinfo-ext-kdump-tools.*$(echo "${amended:-no such line}" | cut -c1-40)" "$W/$name.console.txt" &&
		echo "ok - ... and its console" >>"$res" || echo "not ok - the amend line is not on the console" >>"$res"
	# The dump as kdump-tools left it (a flattened stream), and the same
	# with amend undone: what makedumpfile wrote.
	if [ -n "$dump" ]; then
		cp "$dump" "$out/undone.flat"
		"$vie" amend --undo "$out/undone.flat" >"$out/undo.log" 2>&1 ||
			echo "not ok - amend --undo of a copy of the dump: $(tail -n 1 "$out/undo.log")" >>"$res"
		"$vie" "$dump" >"$out/note-as-stored" 2>/dev/null
		"$vie" "$out/undone.flat" >"$out/note-as-written" 2>/dev/null
	fi
	# The dump, rebuilt (kdump-tools writes makedumpfile -F), read back.
	if [ -n "$dump" ] && makedumpfile -R "$out/dump.kdump" <"$dump" >"$out/rebuild.log" 2>&1; then
		"$vie" "$out/dump.kdump" >"$out/readback" 2>"$out/readback.err" &&
			grep -q "^OSRELEASE=$kver\$" "$out/readback" &&
			echo "ok - vmcoreinfo-ext reads the dump's note (OSRELEASE=$kver)" >>"$res" ||
			echo "not ok - vmcoreinfo-ext cannot read the dump: $(tail -n 1 "$out/readback.err")" >>"$res"
	else
		echo "not ok - makedumpfile -R failed: $(tail -n 1 "$out/rebuild.log" 2>/dev/null)" >>"$res"
	fi
	sed -n 's/^module //p' "$res" >"$out/module-before-crash"
	sed -n 's/^saved //p' "$res" >"$out/saved-before-crash"
	sed -n 's/^crash-makedumpfile.overlay //p' "$res" >"$out/overlay"
	case $sc in
	loaded|sb)
		case " $mdf " in *" -i /run/vmcoreinfo-ext/makedumpfile.overlay "*)
			echo "ok - makedumpfile received -i /run/vmcoreinfo-ext/makedumpfile.overlay (kdump-tools' log)" >>"$res" ;;
		*)	echo "not ok - makedumpfile ran without -i: $mdf" >>"$res" ;;
		esac
		if [ -s "$out/module-before-crash" ] && [ -s "$out/overlay" ] &&
			! grep -vxFf "$out/overlay" "$out/module-before-crash" | grep -q .; then
			echo "ok - the overlay carries the values the module published before the crash ($(wc -l <"$out/module-before-crash") NUMBER lines)" >>"$res"
		else
			echo "not ok - overlay lacks module values: $(grep -vxFf "$out/overlay" "$out/module-before-crash" | tr '\n' ' ')" >>"$res"
		fi
		if [ -s "$out/dump.kdump" ] && "$vie" --ext-file "$out/saved-before-crash" --format makedumpfile \
			"$out/dump.kdump" >"$out/readback-overlay" 2>"$out/readback-overlay.err" &&
			cmp -s "$out/readback-overlay" "$out/overlay"; then
			echo "ok - vmcoreinfo-ext on the dump + the saved file = the overlay makedumpfile got" >>"$res"
		else
			echo "not ok - read back from the dump differs from the overlay: $(tail -n 1 "$out/readback-overlay.err" 2>/dev/null)" >>"$res"
		fi
		# amend: the dump as stored carries the saved values in its own
		# VMCOREINFO, read with no flags; undone, it is what makedumpfile
		# wrote, and the merge of that with the saved file is the same.
		echo "$amended" | grep -q ' amended: [0-9]* entries added' &&
			echo "ok - vmcoreinfo-ext-kdump-tools amended the dump: $(echo "$amended" | sed 's/^.*dump (flattened) //')" >>"$res" ||
			echo "not ok - the dump was not amended: $amended" >>"$res"
		if grep -q '^NUMBER(page_offset_base)=' "$out/note-as-stored" &&
			"$vie" --ext-file "$out/saved-before-crash" "$out/undone.flat" 2>/dev/null |
			cmp -s - "$out/note-as-stored" &&
			grep -q 'restored' "$out/undo.log" &&
			! grep -q '^NUMBER(page_offset_base)=' "$out/note-as-written"; then
			echo "ok - the dump in /var/crash reads (no flags) as its own note + the saved values; undone, as makedumpfile wrote it" >>"$res"
		else
			echo "not ok - the dump in /var/crash does not read as amended: $(grep -c . "$out/note-as-stored") lines, undo: $(tail -n 1 "$out/undo.log")" >>"$res"
		fi
		# The crashed boot's values beside it (0600), and verify.
		if [ -n "$arrived" ] && [ "$mode" = 0600 ] && cmp -s "$arrived" "$out/saved-before-crash"; then
			echo "ok - the crashed boot's values beside the dump in /var/crash, 0600, = the values saved before the crash" >>"$res"
		else
			echo "not ok - saved.vmcoreinfo beside the dump: ${arrived:-none}, mode ${mode:-?}" >>"$res"
		fi
		verify_is "$dump" 0 "complete: .*added by amend (.*); amend record intact"
		/usr/bin/python3 "$VIE_TOP/tests/qemu/consumers.py" --reader "$vie" \
			--saved "$out/saved-before-crash" --kind flat "$dump" "$out/undone.flat" \
			"$out/consumers" >"$out/consumers.log" 2>&1
		cat "$out/consumers.log" >>"$res"
		grep -q '^not ok\|^ok' "$out/consumers.log" ||
			echo "not ok - consumers.py: $(tail -n 1 "$out/consumers.log")" >>"$res"
		;;
	ssh)
		case " $mdf " in *" -i /run/vmcoreinfo-ext/makedumpfile.overlay "*)
			echo "ok - makedumpfile received -i /run/vmcoreinfo-ext/makedumpfile.overlay (kdump-tools' log)" >>"$res" ;;
		*)	echo "not ok - makedumpfile ran without -i: $mdf" >>"$res" ;;
		esac
		grep -q 'the dump goes to ssh root@10.0.2.100 amended on its way' "$out/journal-lines" &&
			echo "$amended" | grep -q 'standard input: kdump-compressed dump (flattened stream) amended on its way: [0-9]* entries added' &&
			echo "ok - the journal says the stream was amended on its way: $(echo "$amended" | sed 's/^.*on its way: //')" >>"$res" ||
			echo "not ok - the journal does not say the stream was amended: $amended" >>"$res"
		# What the dump must say, built without vmcoreinfo-ext: the
		# crashed kernel's note, then each saved line it lacks.
		grep '^BUILD-ID=\|^NUMBER(' "$out/saved-before-crash" >"$out/saved-lines"
		expected_merge "$out/vmcore-note" "$out/saved-lines" >"$out/expected"
		if "$vie" "$dump" 2>/dev/null | cmp -s - "$out/expected" &&
			[ -s "$out/dump.kdump" ] && "$vie" "$out/dump.kdump" 2>/dev/null | cmp -s - "$out/expected" &&
			grep -q '^NUMBER(page_offset_base)=' "$out/expected"; then
			echo "ok - the dump on the collector, as it is and rebuilt with makedumpfile -R, reads as the crashed kernel's note + the $(($(wc -l <"$out/expected") - $(wc -l <"$out/vmcore-note"))) saved lines it lacked" >>"$res"
		else
			echo "not ok - the dump on the collector does not read as the crashed kernel's note + the saved lines" >>"$res"
			"$vie" "$dump" 2>&1 | diff "$out/expected" - | head -n 5 | sed 's/^/#   /' >>"$res"
		fi
		cmp -s "$arrived" "$out/saved-before-crash" &&
			echo "ok - the values that arrived = those saved before the crash" >>"$res" ||
			echo "not ok - the values that arrived differ from those saved before the crash" >>"$res"
		verify_is "$dump" 0 "complete: .*added by amend (.*); amend record intact"
		"$vie" "$dump" >/dev/null 2>"$out/read.err" && [ ! -s "$out/read.err" ] &&
			echo "ok - the reader on the amended dump: no warning" >>"$res" ||
			echo "not ok - the reader on the amended dump: $(head -n 1 "$out/read.err")" >>"$res"
		/usr/bin/python3 "$VIE_TOP/tests/qemu/consumers.py" --reader "$vie" \
			--saved "$out/saved-before-crash" --kind flat --expect "$out/expected" "$dump" - \
			"$out/consumers" >"$out/consumers.log" 2>&1
		cat "$out/consumers.log" >>"$res"
		grep -q '^not ok\|^ok' "$out/consumers.log" ||
			echo "not ok - consumers.py: $(tail -n 1 "$out/consumers.log")" >>"$res"
		;;
	blacklist|stale|sb-nomok)
		case " $mdf " in *" -i "*)
			echo "not ok - makedumpfile got -i: $mdf" >>"$res" ;;
		*)	[ -n "$mdf" ] && echo "ok - makedumpfile ran as without the package (no -i)" >>"$res" ||
				echo "not ok - no makedumpfile run in kdump-tools' log" >>"$res" ;;
		esac
		[ -s "$out/overlay" ] && echo "not ok - an overlay was written" >>"$res"
		local want='no saved values'
		[ $sc = stale ] && want='MAKEDUMP_ARGS is set in /etc/default/kdump-tools without'
		echo "$why" | grep -q "$want" && echo "$why" | grep -q 'without the vmcoreinfo_ext overlay' &&
			echo "ok - the reason is logged" >>"$res" || echo "not ok - reason not logged as expected" >>"$res"
		# [sb-nomok]: the crash kernel repeats why the crashed boot
		# saved nothing.
		if [ $sc = sb-nomok ]; then
			echo "$why" | grep -q '(vmcoreinfo-ext-save, at .*: vmcoreinfo_ext module not loaded: its signing key is not enrolled: .*mokutil --import /var/lib/dkms/mok.pub' &&
				echo "ok - the crash kernel says why the crashed boot saved nothing: its signing key is not enrolled" >>"$res" ||
				echo "not ok - the crash kernel does not say why the crashed boot saved nothing" >>"$res"
		fi
		# [stale]: saved.vmcoreinfo refused, the crashed boot's own file
		# found among the kept ones by its identity.
		if [ $sc = stale ]; then
			grep -q 'saved.vmcoreinfo: saved file belongs to another boot: .*; the crashed boot.s values are /var/lib/vmcoreinfo-ext/boots/.*\.vmcoreinfo$' "$out/journal-lines" &&
				echo "ok - saved.vmcoreinfo refused as another boot's, the crashed boot's values found kept by boot id: $(grep -o 'boots/.*' "$out/journal-lines" | head -n 1)" >>"$res" ||
				echo "not ok - the crash kernel did not find the crashed boot's kept values" >>"$res"
		fi
		# Not amended, said why, and the dump is exactly as makedumpfile
		# wrote it (amend --undo finds no undo record).
		case $sc in blacklist|sb-nomok) want='no saved values at .*: .* not amended' ;;
		stale) want="the dump goes to ssh root@10.0.2.100 as makedumpfile writes it, not amended: makedumpfile runs without the values (see above); the crashed boot's values go with it" ;;
		esac
		echo "$amended" | grep -q "$want" &&
			echo "ok - the dump was not amended, and why is logged" >>"$res" ||
			echo "not ok - amend line not as expected: $amended" >>"$res"
		grep -q 'nothing to undo' "$out/undo.log" && cmp -s "$dump" "$out/undone.flat" &&
			! grep -q '^NUMBER(page_offset_base)=' "$out/note-as-stored" &&
			echo "ok - the dump is as makedumpfile wrote it (no undo record, no module entries)" >>"$res" ||
			echo "not ok - the dump was changed: $(tail -n 1 "$out/undo.log")" >>"$res"
		if [ -n "$remote" ]; then
			"$vie" "$dump" 2>/dev/null | cmp -s - "$out/vmcore-note" &&
				echo "ok - on the collector, complete, it reads as the crashed kernel's own note, no more" >>"$res" ||
				echo "not ok - the dump on the collector does not read as the crashed kernel's note" >>"$res"
		fi
		if [ $sc = stale ]; then
			# The values that arrived with it amend it on the
			# collector, afterwards.
			verify_is "$dump" 1 "incomplete: .*; missing .*; not amended"
			grep '^BUILD-ID=\|^NUMBER(' "$out/saved-before-crash" >"$out/saved-lines"
			expected_merge "$out/vmcore-note" "$out/saved-lines" >"$out/expected"
			cp "$dump" "$out/later.flat"
			if cmp -s "$arrived" "$out/saved-before-crash" &&
				"$vie" amend --ext-file "$arrived" "$out/later.flat" >"$out/later.log" 2>&1 &&
				"$vie" "$out/later.flat" 2>/dev/null | cmp -s - "$out/expected" &&
				grep -q '^NUMBER(page_offset_base)=' "$out/expected"; then
				echo "ok - amended on the collector afterwards with the values that arrived with it: $(sed 's|^[^:]*: ||' "$out/later.log")" >>"$res"
			else
				echo "not ok - the dump that arrived unamended, amended with what arrived with it: $(tail -n 1 "$out/later.log")" >>"$res"
			fi
			verify_is "$out/later.flat" 0 "complete: .*added by amend (.*); amend record intact"
			rm -f "$out/later.flat"
		fi
		if [ $sc = stale ] && [ -s "$out/dump.kdump" ]; then
			# Refused as another boot's: exit 1 and that one line,
			# not any failure at all.
			"$vie" --ext-file "$2" "$out/dump.kdump" >/dev/null 2>"$out/refuse.err"
			r=$?
			case "$r $(wc -l <"$out/refuse.err") $(cat "$out/refuse.err")" in
			"1 1 vmcoreinfo-ext: $2: saved file belongs to another boot: "*)
				echo "ok - vmcoreinfo-ext refuses the earlier boot's file for this dump too: $(cat "$out/refuse.err")" >>"$res" ;;
			*)	echo "not ok - vmcoreinfo-ext does not refuse the earlier boot's file as another boot's (exit $r): $(tail -n 1 "$out/refuse.err")" >>"$res" ;;
			esac
		fi
		;;
	esac
	# [stale]'s "earlier boot": [loaded]'s or [ssh]'s saved file.
	case $sc in loaded|ssh)
		[ -s "$out/saved-before-crash" ] && cp "$out/saved-before-crash" "$W/earlier.saved" ;;
	esac
	grep -q '^not ok' "$res" && rc=1 || rc=0
	verdict $rc "[$sc] crash with kdump-tools, $(($(date +%s) - t0)) s" "$res"
	grep -E '^# (save|kdump-tools|vmcoreinfo-ext-kdump)' "$res" | sed 's/^# /    /'
	rm -f "$img" "$out/dump.kdump" "$out/undone.flat" "$out"/consumers/*.kdump
}

for sc in loaded ssh blacklist sb sb-nomok; do
	case $scenarios in *" $sc "*) crash_scenario $sc ;; esac
done
case $scenarios in *" stale "*)
	if [ -s "$W/earlier.saved" ]; then
		crash_scenario stale "$W/earlier.saved"
	else
		verdict 1 "[stale] no saved file from an [ssh] or [loaded] boot to use"
	fi ;;
esac

# --- a second kernel: its boot (installed and upgraded in the preparation) --
# With [remove]: after the boot's checks the guest purges vmcoreinfo-ext,
# the package that carries the kdump-tools integration, in the running
# system and crashes; kdump-tools must save the dump as it does without it
# (the guest's lines after VD-PURGE are [removed]'s).  vmcoreinfo-ext-dkms
# stays: its purge is [remove]'s, in the image, where it takes seconds; in
# the guest, under TCG, it took 215 s more (measured: DKMS's depmod of
# both kernels), and the module has no part in kdump-tools' dump.
if want 6.12; then
t0=$(date +%s)
res=$W/distro-6.12.result.txt
rres=$W/distro-removed.result.txt
rm -f "$res" "$rres"
k612=$(cat "$W/prepared-6.12" 2>/dev/null)
sc=boot
want remove && sc=remove
if [ -n "$k612" ] && [ -s "$W/disk-6.12.img" ]; then
	note "[6.12] booting $k612$([ $sc = remove ] && echo ", then apt purge vmcoreinfo-ext in it and a crash")"
	tmo=600
	[ $sc = remove ] && tmo=900
	vd_boot distro-6.12 "$W/disk-6.12.img" "$W/boot-6.12/vmlinuz" "$W/boot-6.12/initrd.img" \
		$tmo vd.scenario=$sc
	if [ $sc = remove ]; then
		sed -n '/^VD-PURGE/,$p' "$res" >"$rres"
		sed -i '/^VD-PURGE/,$d' "$res"
	fi
	grep -q "^# module version $VIE_VERSION\$" "$res" &&
		echo "ok - the module loaded is the upgrade's, $VIE_VERSION (/sys/module/vmcoreinfo_ext/version)" >>"$res" ||
		echo "not ok - the module loaded is not $VIE_VERSION: $(grep '^# module version' "$res")" >>"$res"
	[ $sc = boot ] && { grep -q '^VD-DONE' "$res" || echo "not ok - the guest did not finish" >>"$res"; }
	bad=$(vd_bad_console "$W/distro-6.12.console.txt")
	[ -n "$bad" ] && echo "not ok - console: $bad" >>"$res"
else
	echo "not ok - no 6.12 image from the preparation" >>"$res"
fi
grep -q '^not ok' "$res" && r=1 || r=0
verdict $r "[6.12] the upgraded system's second kernel: module ($VIE_VERSION) loaded at boot, values saved, $(($(date +%s) - t0)) s (boot$([ $sc = remove ] && echo " and the crash below"))" "$res"
grep -E '^# (dkms|modinfo|module)' "$res" | sed 's/^# /    /'
if [ $sc = remove ]; then
	out=$W/distro-removed
	rm -rf "$out"
	mkdir -p "$out"
	touch "$rres"
	grep -q '^VD-CRASH-NOW' "$rres" || echo "not ok - the guest did not reach the crash after the purge" >>"$rres"
	grep -q '^VD-CRASH-KERNEL' "$rres" && echo "ok - the crash kernel booted ($k612)" >>"$rres" ||
		echo "not ok - no report from the crash kernel" >>"$rres"
	if [ -s "$W/disk-6.12.img" ]; then
		debugfs -R "rdump /var/crash $out" "$W/disk-6.12.img" >/dev/null 2>&1
		debugfs -R "rdump /var/log/journal $out" "$W/disk-6.12.img" >/dev/null 2>&1
	fi
	dump=$(ls "$out"/crash/*/dump.* 2>/dev/null | head -n 1)
	[ -n "$dump" ] && [ -s "$dump" ] &&
		echo "ok - kdump-tools saved $(echo "$dump" | sed "s|$out/||") ($(stat -c %s "$dump") bytes)" >>"$rres" ||
		echo "not ok - no dump under /var/crash after the package was removed" >>"$rres"
	grep -aq "makedumpfile failed, falling back" "$W/distro-6.12.console.txt" &&
		echo "not ok - makedumpfile failed (kdump-tools fell back to cp)" >>"$rres"
	mdf=$(grep -aE 'running makedumpfile' "$W/distro-6.12.console.txt" | grep -v dump-dmesg | tail -n 1 | sed -E 's/^.*running makedumpfile/makedumpfile/')
	echo "# kdump-tools: $mdf" >>"$rres"
	echo "# crash kernel's journal: $(journalctl -D "$out/journal" -b 0 -o cat 2>/dev/null | grep -c .) lines, $(journalctl -D "$out/journal" -b 0 -o cat 2>/dev/null | grep -ci vmcoreinfo) naming vmcoreinfo" >>"$rres"
	case " $mdf " in
	*" -i "*) echo "not ok - makedumpfile got -i: $mdf" >>"$rres" ;;
	*) [ -n "$mdf" ] && echo "ok - kdump-tools ran makedumpfile as without the package (no -i)" >>"$rres" ||
		echo "not ok - no makedumpfile run in kdump-tools' log" >>"$rres" ;;
	esac
	n=$(journalctl -D "$out/journal" -b 0 -o cat -t vmcoreinfo-ext-kdump-tools 2>/dev/null | grep -c .)
	[ "$n" = 0 ] && echo "ok - nothing of vmcoreinfo-ext ran in the crash kernel (journal)" >>"$rres" ||
		echo "not ok - vmcoreinfo-ext-kdump-tools still ran in the crash kernel ($n journal lines)" >>"$rres"
	# The dump as makedumpfile wrote it: its note is the crashed
	# kernel's, as guest-probe read it from /proc/vmcore.
	sed -n 's/^crash-vmcore-note //p' "$rres" | base64 -d >"$out/vmcore-note" 2>/dev/null
	if [ -n "$dump" ] && makedumpfile -R "$out/dump.kdump" <"$dump" >"$out/rebuild.log" 2>&1 &&
		"$vie" "$out/dump.kdump" >"$out/readback" 2>"$out/readback.err" &&
		grep -q "^OSRELEASE=$k612\$" "$out/readback" && cmp -s "$out/readback" "$out/vmcore-note"; then
		echo "ok - the dump is complete and reads as the crashed kernel's own note ($k612), not amended" >>"$rres"
	else
		echo "not ok - the dump does not read as the crashed kernel's note: $(tail -q -n 1 "$out/rebuild.log" "$out/readback.err" 2>/dev/null | tr '\n' ' ')" >>"$rres"
	fi
	if [ -n "$dump" ]; then
		cp "$dump" "$out/undone.flat"
		"$vie" amend --undo "$out/undone.flat" >"$out/undo.log" 2>&1
		grep -q 'nothing to' "$out/undo.log" && cmp -s "$dump" "$out/undone.flat" &&
			echo "ok - no undo record: the dump is exactly as makedumpfile wrote it" >>"$rres" ||
			echo "not ok - amend --undo: $(tail -n 1 "$out/undo.log")" >>"$rres"
	fi
	grep -q '^not ok' "$rres" && r=1 || r=0
	verdict $r "[removed] apt purge vmcoreinfo-ext in the running system, then a crash: kdump-tools saved the dump as without it" "$rres"
	grep -E '^# (kdump-tools|purge)' "$rres" | sed 's/^# /    /'
	rm -f "$out/dump.kdump" "$out/undone.flat"
fi
rm -f "$W/disk-6.12.img"
fi

# The image (8 GiB, sparse), unless only some scenarios ran: make check
# runs the boot scenarios in two units that share it, and removes it.
[ -n "${VD_SCENARIOS:-}" ] || rm -f "$W/disk.img"
summary
