# SPDX-License-Identifier: GPL-2.0
# tests/distro: a debootstrapped Debian 12 with the packages installed,
# booted with systemd under QEMU.  Source it (bash); needs root.
# Reuses tests/qemu/lib.sh for the project's paths, version and vie_die.

. "$(dirname "${BASH_SOURCE[0]}")/../qemu/lib.sh"
. "$VIE_TOP/scripts/apt-sources.sh"
VD_WORK=${VD_WORK:-$VIE_TOP/build/distro}
VD_SUITE=bookworm
VD_QEMU_ARGS=()
mkdir -p "$VD_WORK"

# The mirror (and its keyring) this machine's apt sources use for
# bookworm, for debootstrap.  Never a hard-coded host.
vd_mirror() {
	local entry
	entry=$(vie_apt_entry "$VD_SUITE") ||
		vie_die "no enabled 'deb' source for $VD_SUITE main in the machine's apt configuration: cannot tell which mirror to debootstrap from"
	IFS=$'\037' read -r VD_MIRROR VD_SIGNED _ <<<"$entry"
}

# The host-side steps' checks (bullseye.sh, rpm-scripts.sh, dracut.sh):
# check TEXT CMD... prints "ok - TEXT" or "not ok - TEXT" as CMD succeeds
# and counts it in pass or fail (set them to 0 first); finish prints
# "N passed, N failed" and exits, 1 if one failed.
check() {
	local d=$1
	shift
	if "$@"; then pass=$((pass + 1)); echo "ok - $d"
	else fail=$((fail + 1)); echo "not ok - $d"; fi
}
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

# vd_rm_tree DIR...: remove chroot trees.  Whatever is still mounted
# below one (a run killed inside vd_chroot or debootstrap: proc, sys, the
# bind-mounted /dev) is unmounted first, deepest first: rm -rf through a
# bind mount of /dev would delete this machine's device nodes.  Refuses
# (returns 1, removes nothing of that tree) if a mount stays.
vd_rm_tree() {
	local d m rc=0
	for d in "$@"; do
		[ -e "$d" ] || continue
		d=$(realpath "$d")
		for m in $(awk -v d="$d/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
			umount "$m" 2>/dev/null || umount -l "$m"
		done
		if awk -v d="$d/" 'index($5, d) == 1 { f = 1 } END { exit !f }' /proc/self/mountinfo; then
			echo "vd_rm_tree: $d still has mounts below it: not removed" >&2
			rc=1
			continue
		fi
		rm -rf "$d"
	done
	return $rc
}

# vd_chroot ROOT CMD...: run CMD in ROOT with /proc, /sys, /dev mounted
# and no service started (policy-rc.d).
vd_chroot() {
	local root=$1 rc
	shift
	mount -t proc proc "$root/proc"
	mount -t sysfs sys "$root/sys"
	mount --bind /dev "$root/dev"
	mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
		chroot "$root" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
	rc=$?
	rm -f "$root/usr/sbin/policy-rc.d"
	umount "$root/dev/pts" 2>/dev/null || true
	umount "$root/dev" "$root/sys" "$root/proc"
	return $rc
}

vd_apt() {	# vd_apt ROOT apt-get-ARGS...
	local root=$1
	shift
	vd_chroot "$root" apt-get -q -y -o Dpkg::Options::=--force-confdef \
		-o Dpkg::Options::=--force-confold --no-install-recommends "$@"
}

# The base system, cached in $VD_WORK/base (rebuilt when absent, or made
# by another VD_BASE_VERSION): Debian 12 with systemd, the 6.1 kernel and
# headers (meta packages), kdump-tools, openssh-client (for kdump-tools'
# SSH= targets), mokutil (the Secure Boot scenarios); the 6.12 packages
# downloaded, not installed.  Nothing of
# ours in it.
VD_BASE_VERSION=3
vd_base() {
	local base=$VD_WORK/base
	local keyring=
	[ "$(cat "$base/.vd-complete" 2>/dev/null)" = "$VD_BASE_VERSION" ] && return 0
	vd_mirror
	vd_rm_tree "$base" "$base.new" || return 1
	# A keyring file named by the machine's Signed-By; else debootstrap's
	# default (debian-archive-keyring).
	case $VD_SIGNED in /*) [ -f "$VD_SIGNED" ] && keyring=--keyring=$VD_SIGNED ;; esac
	debootstrap --variant=minbase --include=systemd-sysv,udev,kmod,ca-certificates \
		$keyring "$VD_SUITE" "$base.new" "$VD_MIRROR" >"$VD_WORK/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$VD_WORK/debootstrap.log" >&2; return 1; }
	vd_base_configure "$base.new" >"$VD_WORK/base-packages.log" 2>&1 ||
		{ tail -n 30 "$VD_WORK/base-packages.log" >&2; return 1; }
	echo "$VD_BASE_VERSION" >"$base.new/.vd-complete"
	mv "$base.new" "$base"
}

vd_base_configure() {
	local root=$1 s entry uri signed
	# The image's sources: the machine's own entries for bookworm,
	# -updates and -security (those it has), with their keyrings: a keyring
	# file is copied into the image at the same path, an inline key is
	# written as it is.
	for s in "$VD_SUITE" "$VD_SUITE-updates" "$VD_SUITE-security"; do
		entry=$(vie_apt_entry "$s") || continue
		IFS=$'\037' read -r uri signed _ <<<"$entry"
		case $signed in /*) [ -f "$signed" ] && install -D -m 644 "$signed" "$root$signed" ;; esac
		vie_apt_stanza "$s" "$uri" "$signed"
		echo
	done >"$root/etc/apt/sources.list.d/debian.sources"
	rm -f "$root/etc/apt/sources.list"
	echo vd-guest >"$root/etc/hostname"
	echo '/dev/vda / ext4 errors=remount-ro 0 1' >"$root/etc/fstab"
	# Both initramfs flavours (the normal one and kdump-tools' MODULES=dep
	# copy) must find the root disk whatever the build host has.
	mkdir -p "$root/etc/initramfs-tools"
	printf 'virtio_pci\nvirtio_blk\next4\n' >>"$root/etc/initramfs-tools/modules"
	# kdump-tools makes its initrd with MODULES=dep, which cannot find the
	# root device in a chroot: list the modules instead (both initrds).
	mkdir -p "$root/etc/initramfs-tools/conf.d"
	echo MODULES=list >"$root/etc/initramfs-tools/conf.d/vd-modules"
	echo 'kdump-tools kdump-tools/use_kdump boolean true' |
		vd_chroot "$root" debconf-set-selections
	vd_apt "$root" update &&
	# makedumpfile is only a Recommends of kdump-tools.
	vd_apt "$root" install linux-image-amd64 linux-headers-amd64 kdump-tools \
		makedumpfile dkms initramfs-tools e2fsprogs procps openssh-client \
		mokutil &&
	vd_apt "$root" install --download-only linux-image-6.12-amd64 linux-headers-6.12-amd64 &&
	vd_apt "$root" upgrade &&
	vd_kdump_initrds "$root"
}

# kdump-tools builds its small initrd from its kernel hook, which ran
# before kdump-tools was configured in the same apt run: run it again.
# And record the sysctls it was built with, as the first "kdump-config
# load" does (else every fresh image rebuilds it at boot: a minute in TCG).
vd_kdump_initrds() {
	local root=$1 k
	for k in $(ls "$root/lib/modules"); do
		if [ ! -e "$root/var/lib/kdump/initrd.img-$k" ]; then
			vd_chroot "$root" /etc/kernel/postinst.d/kdump-tools "$k" || return 1
		fi
		cp "$root/etc/kdump/sysctl.conf" "$root/var/lib/kdump/latest_sysctls-$k"
	done
}

# vd_boot NAME IMAGE KERNEL INITRD TIMEOUT CMDLINE...: one QEMU boot of the
# image with systemd (tests/qemu/lib.sh's vie_qemu); console in
# $VD_WORK/NAME.console(.txt), the guest's reports (ttyS1) in
# $VD_WORK/NAME.result(.txt), which gets a "not ok" line if QEMU failed
# (timeout included) or wrote no console.  Returns QEMU's status (124:
# timeout).
vd_boot() {
	local img=$2 kernel=$3 initrd=$4 tmo=$5 rc out=$VD_WORK/$1
	shift 5
	# No network but the one a scenario gives (the array VD_QEMU_ARGS).
	vie_qemu "$out" "$kernel" "$initrd" max "${VD_MEM:-1536}" "$tmo" \
		"root=/dev/vda ro console=ttyS0 crashkernel=384M $*" \
		-drive "file=$img,format=raw,if=virtio" -nic none "${VD_QEMU_ARGS[@]}"
	rc=$?
	vd_boot_report "$out" "$rc" "$tmo"
	return $rc
}

# vd_boot_report OUT QEMU-STATUS TIMEOUT: what vd_boot and vd_boot_efi
# add to OUT.result.txt after QEMU, and OUT.console.txt.
vd_boot_report() {
	local out=$1 rc=$2 tmo=$3
	case $rc in
	0) ;;
	124) echo "not ok - timeout after ${tmo}s" >>"$out.result.txt" ;;
	*) echo "not ok - QEMU exited $rc: $(grep -v '^$' "$out.qemu" | tail -n 1)" >>"$out.result.txt" ;;
	esac
	if [ -s "$out.console" ]; then
		tr -d '\r' <"$out.console" >"$out.console.txt"
	else
		: >"$out.console.txt"
		echo "not ok - no console output ($out.console missing or empty)" >>"$out.result.txt"
	fi
}

# Kernel messages that must not appear, except during a deliberate crash.
vd_bad_console() { vie_console_bad "$1"; }

# vd_debugfs_put IMAGE HOSTFILE PATH: write a file into the (unmounted)
# image, with HOSTFILE's mode.
vd_debugfs_put() {
	debugfs -w -R "mkdir $(dirname "$3")" "$1" >/dev/null 2>&1
	debugfs -w -R "rm $3" "$1" >/dev/null 2>&1
	debugfs -w -R "write $2 $3" "$1" >/dev/null 2>&1
}

# vd_debugfs_link IMAGE TARGET PATH: a symlink in the image.
vd_debugfs_link() {
	debugfs -w -R "mkdir $(dirname "$3")" "$1" >/dev/null 2>&1
	debugfs -w -R "rm $3" "$1" >/dev/null 2>&1
	debugfs -w -R "symlink $3 $2" "$1" >/dev/null 2>&1
}

# The collector's files (its chroot, keys, sshd_config and log) live
# outside the checkout: sshd refuses public keys and ChrootDirectory under
# a path with a component that is not root's or that group or others can
# write ("Authentication refused: bad ownership or modes for directory
# /tmp"), so a clone under /tmp would fail where one under /work passes.
# One directory per checkout (the hash of its build path), under
# $VD_SSH_BASE, root-owned and 0755 all the way up (vd_sshd_path_ok checks).
VD_SSH_BASE=${VD_SSH_BASE:-/var/lib/vmcoreinfo-ext-tests}
VD_SSH_ROOT=$VD_SSH_BASE/collector-$(printf '%s' "$VD_WORK" | sha256sum | cut -c1-12)
VD_SSH=$VD_SSH_ROOT/ssh
VD_COLLECTOR=$VD_SSH_ROOT/collector

# vd_sshd_path_ok DIR: every directory from / down to DIR is root's and
# not writable by group or others, as sshd demands; else says which one
# is not, on stdout, and returns 1.
vd_sshd_path_ok() {
	local d=$1 st
	while :; do
		st=$(stat -c '%u %a' "$d") || { echo "$d: cannot stat"; return 1; }
		set -- $st
		if [ "$1" != 0 ] || [ $((0$2 & 022)) != 0 ]; then
			echo "$d is owned by uid $1 with mode $2: sshd refuses keys and chroots below a directory that is not root's or that group or others can write"
			return 1
		fi
		[ "$d" = / ] && return 0
		d=$(dirname "$d")
	done
}

# vd_collector: an ssh collector for kdump-tools' SSH= target, reached
# only through the guest's own QEMU network: QEMU runs "sshd -i" (inetd
# mode, one process per connection, no port opened on the host) for each
# connection the guest makes to 10.0.2.100:22 (guestfwd; restrict=on:
# nothing else leaves QEMU).  sshd chroots the session into
# $VD_COLLECTOR, a tree with bash, busybox's mkdir, dd and mv and sftp
# built in: what kdump-config runs remotely.  Keys are made for the test;
# VD_SSH_NET (an array) is the QEMU network, $VD_SSH/client the key and
# $VD_SSH/known_hosts the host key line for the guest.  Fails, saying
# why, where sshd would refuse the directories.
vd_collector() {
	local c=$VD_COLLECTOR s=$VD_SSH a
	rm -rf "$VD_SSH_ROOT"
	install -d -m 0755 "$VD_SSH_BASE" "$VD_SSH_ROOT" "$c" "$s"
	mkdir -p "$c/bin" "$c/dev" "$c/var/crash" "$c/tmp"
	chmod 755 "$c/bin" "$c/dev" "$c/var" "$c/var/crash"
	vd_sshd_path_ok "$c" || return 1
	cp /bin/busybox "$c/bin/busybox"
	for a in mkdir dd mv cat rm ls sh; do ln -s busybox "$c/bin/$a"; done
	vie_add_bin "$c" /bin/bash
	mknod -m 666 "$c/dev/null" c 1 3
	ssh-keygen -q -t ed25519 -N '' -C vd-collector -f "$s/host_key" &&
		ssh-keygen -q -t ed25519 -N '' -C vd-kdump -f "$s/client" || return 1
	cp "$s/client.pub" "$s/authorized_keys"
	echo "10.0.2.100 $(cut -d' ' -f1,2 "$s/host_key.pub")" >"$s/known_hosts"
	cat >"$s/sshd_config" <<CONF
HostKey $s/host_key
AuthorizedKeysFile $s/authorized_keys
PermitRootLogin prohibit-password
AllowUsers root
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
ChrootDirectory $c
Subsystem sftp internal-sftp
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
LogLevel VERBOSE
CONF
	mkdir -p /run/sshd
	# One session from here, as the guest will open it (sshd -i, the same
	# config, the kdump key), before any boot: a collector that sshd
	# refuses is said plainly now, not after a crash.  Its own log, so
	# that the scenario's count of accepted sessions is the guest's.
	if ! ssh -F /dev/null -n -i "$s/client" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o UserKnownHostsFile="$s/known_hosts" -o StrictHostKeyChecking=yes \
		-o ProxyCommand="/usr/sbin/sshd -i -f $s/sshd_config -E $s/sshd-precheck.log" \
		root@10.0.2.100 'ls -d /var/crash' >"$s/precheck.out" 2>&1; then
		echo "sshd refuses the collector's session from this host: $(grep -m1 -e 'Authentication refused' -e 'fatal' "$s/sshd-precheck.log" || tail -n 1 "$s/precheck.out")"
		return 1
	fi
	VD_SSH_NET=(-netdev "user,id=vdnet,restrict=on,guestfwd=tcp:10.0.2.100:22-cmd:/usr/sbin/sshd -i -f $s/sshd_config -E $s/sshd.log"
		-device virtio-net-pci,netdev=vdnet)
}

# --- UEFI Secure Boot (the [sb] and [sb-nomok] scenarios) -------------------
# OVMF with Microsoft's keys enrolled and Secure Boot on (ovmf: the _4M.ms
# pair; its code needs SMM, q35), and Debian's signed boot chain: shim
# (shimx64.efi.signed, signed by Microsoft, with Debian's CA), its
# MokManager (mmx64.efi.signed) and Debian's signed GRUB
# (grubx64.efi.signed), which boots Debian's signed kernel of the image.
VD_OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.ms.fd
VD_OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
# shim's GUID: the owner of the MOK list entry we write.
VD_SHIM_GUID=605dab50-e046-4300-abb6-3dd810dd8b23

# vd_sb_binaries DIR: the signed EFI binaries of Debian's shim-signed,
# shim-helpers-amd64-signed and grub-efi-amd64-signed, downloaded (apt-get
# download: this machine's own sources) and unpacked into DIR, never
# installed on this machine (their maintainer scripts would install a boot
# loader here).  Kept while the versions apt offers are the ones there.
vd_sb_binaries() {
	local dir=$1 p want
	want=$(for p in shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed; do
		apt-cache policy "$p" | sed -n "s/^  Candidate: /$p /p"; done)
	[ "$(cat "$dir/.versions" 2>/dev/null)" = "$want" ] && [ -s "$dir/shimx64.efi" ] && return 0
	rm -rf "$dir" "$dir.dl"
	mkdir -p "$dir" "$dir.dl"
	chown _apt "$dir.dl" 2>/dev/null
	(cd "$dir.dl" && apt-get -q download shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed) ||
		{ echo "apt-get download of shim-signed, shim-helpers-amd64-signed, grub-efi-amd64-signed failed"; return 1; }
	for p in "$dir.dl"/*.deb; do dpkg-deb -x "$p" "$dir.dl/x" || return 1; done
	cp "$dir.dl/x/usr/lib/shim/shimx64.efi.signed" "$dir/shimx64.efi" &&
		cp "$dir.dl/x/usr/lib/shim/mmx64.efi.signed" "$dir/mmx64.efi" &&
		cp "$dir.dl/x/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" "$dir/grubx64.efi" ||
		{ echo "the signed EFI binaries are not where the packages used to put them"; return 1; }
	rm -rf "$dir.dl"
	echo "$want" >"$dir/.versions"
}

# vd_esp OUT BINARIES KVER CMDLINE: a GPT disk with one EFI system
# partition: shim as the removable-media loader EFI/BOOT/BOOTX64.EFI, GRUB
# and MokManager beside it (no fbx64.efi: its fallback would reset the
# machine), and a grub.cfg (in EFI/BOOT and EFI/debian, where Debian's
# GRUB looks) that boots the image's kernel from the disk labelled
# "root", root=/dev/vda, with CMDLINE.
vd_esp() {
	local out=$1 bin=$2 kver=$3 cmdline=$4 fat=$1.fat
	cat >"$out.cfg" <<CFG
set timeout=0
search --no-floppy --label root --set=root
linux /boot/vmlinuz-$kver root=/dev/vda ro console=ttyS0 crashkernel=384M $cmdline
initrd /boot/initrd.img-$kver
boot
CFG
	rm -f "$fat" "$out"
	mkfs.vfat -C -n ESP "$fat" 30720 >/dev/null &&
		mmd -i "$fat" ::/EFI ::/EFI/BOOT ::/EFI/debian &&
		mcopy -i "$fat" "$bin/shimx64.efi" ::/EFI/BOOT/BOOTX64.EFI &&
		mcopy -i "$fat" "$bin/grubx64.efi" "$bin/mmx64.efi" ::/EFI/BOOT/ &&
		mcopy -i "$fat" "$out.cfg" ::/EFI/BOOT/grub.cfg &&
		mcopy -i "$fat" "$out.cfg" ::/EFI/debian/grub.cfg || return 1
	truncate -s 32M "$out"
	echo 'label: gpt
start=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=ESP' | sfdisk -q "$out" >/dev/null &&
		dd if="$fat" of="$out" bs=1M seek=1 conv=notrunc status=none
	rm -f "$fat"
}

# vd_vars OUT [CERT.der]: a fresh copy of OVMF's Secure Boot variable
# store, with CERT enrolled as a machine owner key: shim's MokList
# variable written into the store (virt-fw-vars, python3-virt-firmware),
# as MokManager would after "mokutil --import" and a confirmation at the
# console.
vd_vars() {
	local out=$1 cert=${2:-}
	rm -f "$out"
	if [ -z "$cert" ]; then
		cp "$VD_OVMF_VARS" "$out"
		return
	fi
	openssl x509 -inform DER -in "$cert" -out "$out.pem" &&
		virt-fw-vars --input "$VD_OVMF_VARS" --output "$out" \
			--add-mok "$VD_SHIM_GUID" "$out.pem" >"$out.log" 2>&1
}

# vd_boot_efi NAME DISK ESP VARS TIMEOUT: a boot through the firmware:
# OVMF (Secure Boot) -> shim -> GRUB -> the image's kernel, the ESP disk
# first in the boot order, DISK (the root file system) as /dev/vda and
# second (OVMF connects only the disks of the boot order: GRUB would not
# see it otherwise).
# Reports as vd_boot does.
vd_boot_efi() {
	local disk=$2 esp=$3 vars=$4 tmo=$5 rc out=$VD_WORK/$1
	vie_qemu_run "$out" "$tmo" \
		qemu-system-x86_64 -machine q35,smm=on -cpu max -m "${VD_MEM:-1536}" -smp 1 \
		-global driver=cfi.pflash01,property=secure,value=on \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$VD_OVMF_CODE" \
		-drive "if=pflash,format=raw,unit=1,file=$vars" \
		-drive "file=$disk,format=raw,if=none,id=root" -device virtio-blk-pci,drive=root,bootindex=1 \
		-drive "file=$esp,format=raw,if=none,id=esp" -device virtio-blk-pci,drive=esp,bootindex=0 \
		-display none -no-reboot -monitor none -nic none \
		-serial "file:$out.console" -serial "file:$out.result" "${VD_QEMU_ARGS[@]}"
	rc=$?
	vd_boot_report "$out" "$rc" "$tmo"
	return $rc
}
