#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the arm64 tests need, on the Debian 12 x86_64 machine that runs them
# (called by scripts/install-deps.sh; idempotent, never prompts, root):
#
#   - host packages: qemu-system-arm (qemu-system-aarch64), the aarch64
#     cross compiler and its C library (gcc-aarch64-linux-gnu,
#     libc6-dev-arm64-cross);
#   - Debian's arm64 kernels, never installed: Debian 12's 6.1 (what
#     linux-image-arm64 points at) and Debian 11's newest 5.10 (bullseye),
#     each as linux-image + linux-headers (arm64), linux-headers-*-common
#     (all) and linux-kbuild (amd64, same version: the headers' scripts
#     link points into it), unpacked together with dpkg-deb -x into
#     $ARM64/kernel-<release>/;
#   - the arm64 programs the guests run (busybox-static, kmod, kexec-tools,
#     makedumpfile) with the arm64 libraries they need, unpacked into
#     $ARM64/sysroot/.
#
# The .debs come through a private apt state under $ARM64/apt (its own
# sources, indexes, cache and an empty dpkg status, APT::Architectures
# amd64 + arm64), so the machine's dpkg never learns about arm64
# (no dpkg --add-architecture) and nothing is installed from it.  Its
# sources are the machine's own Debian entries (scripts/apt-sources.sh):
# this release's suites as configured, and bullseye from the mirror that
# serves this release.
#
# Writes $ARM64/kernels: one line "LABEL RELEASE" per kernel (6.1, 5.10).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/apt-sources.sh"

ARM64=${VIE_ARM64_DIR:-/var/lib/vmcoreinfo-ext-deps/arm64}
export DEBIAN_FRONTEND=noninteractive
die() { echo "install-deps-arm64: $*" >&2; exit 1; }

host_pkgs=(qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	   binutils-aarch64-linux-gnu)
missing=()
for p in "${host_pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	apt-get -q update >/dev/null
	apt-get -q -y --no-install-recommends install "${missing[@]}" >/dev/null
fi

# The private apt: this release's suites as the machine has them, bullseye
# from the same mirror as this release.
codename=$(vie_apt_codename) || die "no VERSION_CODENAME in /etc/os-release"
sources=
for suite in "$codename" "$codename-updates" "$codename-security"; do
	entry=$(vie_apt_entry "$suite") || continue
	IFS=$'\037' read -r uri signed _ <<<"$entry"
	sources+="$(vie_apt_stanza "$suite" "$uri" "$signed")"$'\n\n'
done
entry=$(vie_apt_entry "$codename") ||
	die "no enabled 'deb' source for $codename with component main in /etc/apt: cannot tell which Debian mirror to take the arm64 packages from"
IFS=$'\037' read -r mirror signed _ <<<"$entry"
sources+="$(vie_apt_stanza bullseye "$mirror" "$signed")"$'\n'

A=$ARM64/apt
mkdir -p "$A/etc/sources.list.d" "$A/etc/preferences.d" "$A/state/lists/partial" \
	"$A/cache/archives/partial" "$A/debs"
touch "$A/status"
papt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$A/etc/sources.list.d"
	   -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=$A/etc/preferences.d"
	   -o "Dir::State=$A/state" -o "Dir::State::status=$A/status" -o "Dir::Cache=$A/cache"
	   -o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Architectures::=arm64
	   -o Debug::NoLocking=1 -o APT::Get::Download-Only=1)
papt() { apt-get -q -y "${papt_opts[@]}" "$@"; }
pcache() { apt-cache "${papt_opts[@]}" "$@"; }

stamp=$ARM64/stamp
want_stamp="v1 $(printf '%s' "$sources" | sha256sum | cut -c1-16)"
# Done before with the same sources, and nothing removed since: nothing to do.
unpacked() {
	local label kver
	[ -s "$ARM64/kernels" ] && [ -x "$ARM64/sysroot/usr/bin/makedumpfile" ] || return 1
	while read -r label kver; do
		[ -f "$ARM64/kernel-$kver/boot/vmlinuz-$kver" ] || return 1
	done <"$ARM64/kernels"
}
if [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ] && unpacked; then
	exit 0
fi
echo "install-deps: arm64 kernels and tools (private apt state in $A)"
printf '%s' "$sources" >"$A/etc/sources.list.d/vmcoreinfo-ext-arm64.sources"
papt update >"$A/update.log" 2>&1 || { cat "$A/update.log" >&2; die "apt-get update (private arm64 state) failed"; }

# version PKG: the candidate version in the private indexes.
version() { pcache policy "$1" | awk '$1 == "Candidate:" { print $2 }'; }
fetch() {	# fetch PKG[:ARCH][=VERSION]...: .debs into $A/debs
	(cd "$A/debs" && papt download "$@" >>"$A/download.log" 2>&1) ||
		{ tail -n 5 "$A/download.log" >&2; die "apt-get download $* failed"; }
}
deb_of() {	# deb_of PKG ARCH VERSION: the downloaded file
	local v=${3//:/%3a}
	ls "$A/debs/${1}_${v}_$2.deb" 2>/dev/null | head -n 1
}

# Kernels.  6.1: what Debian 12's arm64 meta package points at.
k61=$(pcache depends linux-image-arm64:arm64 2>/dev/null |
	sed -n 's/^ *Depends: linux-image-\(6\.1\.[^ :]*-arm64\).*/\1/p' | head -n 1)
[ -n "$k61" ] || die "no linux-image-arm64 pointing at a 6.1 kernel in the $codename indexes"
k510=$(pcache search --names-only '^linux-image-5\.10\.0-[0-9]+-arm64$' |
	awk '{ print $1 }' | sed 's/^linux-image-//' | sort -V | tail -n 1)
[ -n "$k510" ] || die "no linux-image-5.10.0-*-arm64 in the bullseye suite of $mirror"

: >"$ARM64/kernels.new"
for spec in "6.1 $k61 6.1" "5.10 $k510 5.10"; do
	read -r label kver series <<<"$spec"
	ver=$(version "linux-image-$kver:arm64")
	[ -n "$ver" ] || die "no version for linux-image-$kver"
	abi=${kver%-arm64}
	fetch "linux-image-$kver:arm64=$ver" "linux-headers-$kver:arm64=$ver" \
		"linux-headers-$abi-common=$ver" "linux-kbuild-$series:amd64=$ver"
	dir=$ARM64/kernel-$kver
	rm -rf "$dir"
	mkdir -p "$dir"
	for deb in "$(deb_of "linux-image-$kver" arm64 "$ver")" \
		"$(deb_of "linux-headers-$kver" arm64 "$ver")" \
		"$(deb_of "linux-headers-$abi-common" all "$ver")" \
		"$(deb_of "linux-kbuild-$series" amd64 "$ver")"; do
		[ -f "$deb" ] || die "downloaded .deb missing for $kver ($ver) in $A/debs"
		dpkg-deb -x "$deb" "$dir"
	done
	# The headers' Makefile includes the -common tree by absolute path
	# (/usr/src/linux-headers-<abi>-common): point it at ours.
	sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$dir/usr/src/linux-headers-$kver/Makefile"
	[ -f "$dir/boot/vmlinuz-$kver" ] || die "no /boot/vmlinuz-$kver in linux-image-$kver"
	depmod -b "$dir" "$kver"
	echo "$label $kver" >>"$ARM64/kernels.new"
done

# Guest programs and their libraries (Depends, recursively, arm64 only;
# no maintainer scripts run: the files are only unpacked).
tools=(busybox-static kmod kexec-tools makedumpfile)
mapfile -t deps < <(pcache depends --recurse --no-recommends --no-suggests --no-conflicts \
	--no-breaks --no-replaces --no-enhances "${tools[@]/%/:arm64}" |
	sed -n 's/^\([a-z0-9][^ ]*\):arm64$/\1/p; s/^ *\(Pre\)\{0,1\}Depends: \([a-z0-9][^ <>]*\):arm64$/\2/p' |
	sort -u)
# Only libraries and the programs themselves: not perl, debconf, ...
pkgs=()
for p in "${tools[@]}" "${deps[@]}"; do
	case $p in
	busybox-static | kmod | kexec-tools | makedumpfile | libc6 | libgcc-s1 | lib*[0-9]* | zlib1g) pkgs+=("$p:arm64") ;;
	esac
done
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
fetch "${pkgs[@]}"
rm -rf "$ARM64/sysroot"
mkdir -p "$ARM64/sysroot"
for p in "${pkgs[@]}"; do
	n=${p%:arm64}
	deb=$(deb_of "$n" arm64 "$(version "$p")")
	[ -f "$deb" ] || die "downloaded .deb missing for $p"
	dpkg-deb -x "$deb" "$ARM64/sysroot"
done
printf '%s\n' "${pkgs[@]}" >"$ARM64/sysroot.packages"
for b in bin/busybox sbin/kexec usr/bin/makedumpfile bin/kmod; do
	[ -e "$ARM64/sysroot/$b" ] || die "no $b in the unpacked arm64 tools"
done
mv "$ARM64/kernels.new" "$ARM64/kernels"
echo "$want_stamp" >"$stamp"
