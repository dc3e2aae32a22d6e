#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the demo and the tests need on a Debian 12 (bookworm)
# x86_64 machine.  Idempotent, never prompts.  Run as root.
#
#   scripts/install-deps.sh            # all of it
#   scripts/install-deps.sh --demo     # only what the QEMU demo needs
#
# Debian 11's 5.10 kernel comes from the bullseye suite of the mirror the
# machine's own apt configuration names for Debian 12 (no archive host is
# written into this project), added as a separate deb822 source with a low
# pin so that nothing else on the machine is ever taken from it.
set -euo pipefail

want=all
[ "${1:-}" = "--demo" ] && want=demo

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root (apt-get, dkms)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
stamp_dir=/var/lib/vmcoreinfo-ext-deps
mkdir -p "$stamp_dir"

apt_q() { apt-get -q -y -o Dpkg::Options::=--force-confdef \
	-o Dpkg::Options::=--force-confold --no-install-recommends "$@"; }

have_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || return 1
	done
}

updated=0
apt_update() {
	[ "$updated" -eq 1 ] && return 0
	apt-get -q update >/dev/null
	updated=1
}

install_pkgs() {
	have_pkgs "$@" && return 0
	apt_update
	apt_q install "$@" >/dev/null
}

# Build and QEMU basics.
base=(make gcc libc6-dev kmod dkms cpio gzip xz-utils busybox-static
      qemu-system-x86 file binutils)
# Kernels: Debian 12's 6.1 (generic and cloud) and 6.12, with headers.
kernels=(linux-image-amd64 linux-headers-amd64
	 linux-image-cloud-amd64 linux-headers-cloud-amd64
	 linux-image-6.12-amd64 linux-headers-6.12-amd64)
# Tests: kdump tools, the readers of an amended dump (crash, libkdumpfile,
# drgn), fuzzing, benchmark and style tools.
tests=(makedumpfile kexec-tools crash python3-libkdumpfile python3-drgn
       clang libclang-rt-14-dev elfutils strace perl python3
       # the newest drgn (../shared/drgn, 0.2.0): its runtime libraries
       libdw1 libelf1 libgomp1 libkdumpfile10 liblzma5 libpcre2-8-0
       # the build ID of a kernel image: vmlinux out of vmlinuz (xz, zstd,
       # lz4: Debian's cloud flavour)
       xz-utils zstd lz4
       # make bench: the peak memory of amend --stream
       time)

install_pkgs "${base[@]}" "${kernels[@]}"
[ "$want" = demo ] && exit 0
install_pkgs "${tests[@]}"
# Packaging and the distro test (dpkg-dev, debhelper, dh-dkms, lintian, rpm,
# debootstrap, ...).
bash "$(dirname "$0")/../tests/distro/install-deps.sh"

# Debian 11's 5.10 kernel and headers (headers select gcc-10), from the
# bullseye suite of the mirror this machine already uses for Debian 12
# (scripts/apt-sources.sh reads it from apt's own configuration).
. "$(dirname "$0")/apt-sources.sh"
vie_apt_own_mirror "Debian 11 (bullseye)" || exit 1
codename=$VIE_CODENAME mirror=$VIE_MIRROR signed=$VIE_SIGNED from=$VIE_FROM
bullseye_sources=/etc/apt/sources.list.d/vmcoreinfo-ext-bullseye.sources
stanza=$(vie_apt_stanza bullseye "$mirror" "$signed")
# An earlier version wrote a .list naming an archive host: replaced.
rm -f /etc/apt/sources.list.d/vmcoreinfo-ext-bullseye.list
if [ "$(cat "$bullseye_sources" 2>/dev/null)" != "$stanza" ]; then
	echo "install-deps: Debian 11 (bullseye) from $mirror (as $codename in $from)"
	printf '%s\n' "$stanza" >"$bullseye_sources"
	cat >/etc/apt/preferences.d/vmcoreinfo-ext-bullseye <<'PIN'
Package: *
Pin: release n=bullseye
Pin-Priority: 100
PIN
	updated=0
	rm -f "$stamp_dir/bullseye-5.10"
fi
if [ ! -f "$stamp_dir/bullseye-5.10" ]; then
	apt_update
	kver=$(apt-cache search --names-only '^linux-image-5\.10\.0-[0-9]+-amd64$' |
		awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -n 1)
	if [ -z "$kver" ]; then
		echo "install-deps: no 5.10 kernel in the bullseye suite of $mirror" >&2
		exit 1
	fi
	abi=${kver%-amd64}
	apt_q install "linux-image-$kver" "linux-headers-$kver" \
		"linux-headers-$abi-common" linux-kbuild-5.10 gcc-10 >/dev/null
	echo "$kver" >"$stamp_dir/bullseye-5.10"
fi
# The compilers the distribution kernels of ../shared/kernels need
# (tests/kernels-build.sh): gcc-9 and gcc-10, from bullseye too; libelf-dev
# for the trees that check for it (CONFIG_UNWINDER_ORC: RHEL 8).
install_pkgs gcc-9 gcc-10 libelf-dev

# arm64: qemu-system-aarch64, the cross compiler, Debian's arm64 5.10 and
# 6.1 kernels and the guests' arm64 programs (unpacked, never installed).
bash "$(dirname "$0")/install-deps-arm64.sh"

# checkpatch.pl and its data files, from Debian's linux-source-6.1.
if [ ! -x "$stamp_dir/checkpatch/scripts/checkpatch.pl" ]; then
	install_pkgs linux-source-6.1
	tarball=$(ls /usr/src/linux-source-6.1*.tar.xz | sort -V | tail -n 1)
	rm -rf "$stamp_dir/checkpatch"
	mkdir -p "$stamp_dir/checkpatch"
	tar -xJf "$tarball" -C "$stamp_dir/checkpatch" --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
fi
