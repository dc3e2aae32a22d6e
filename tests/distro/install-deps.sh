#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the packaging and the distro test need on a Debian 12 (bookworm)
# x86_64 build machine: Debian and RPM package builds, lintian, rpmlint,
# debootstrap and QEMU.  Idempotent, never prompts.  Run as root.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root (apt-get)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive

pkgs=(
	# dpkg-buildpackage -us -uc -b, and what debian/control builds with
	dpkg-dev debhelper dh-dkms fakeroot make gcc libc6-dev
	lintian
	# rpmbuild -bb rpm/vmcoreinfo-ext.spec; rpmlint on the spec and the RPMs
	rpm rpmlint
	# tests/distro: the guest's root file system and its boots
	debootstrap e2fsprogs qemu-system-x86 makedumpfile python3
	# the ssh collector of kdump-tools' SSH= target: sshd -i, run by QEMU
	# for the guest's connections only (never started as a service here)
	openssh-server openssh-client busybox-static
	# UEFI Secure Boot ([sb], [sb-nomok]): OVMF, the EFI system partition
	# (a GPT disk with a FAT file system), the MOK certificate
	ovmf fdisk dosfstools mtools openssl
)
# Shim's MokList written into OVMF's variable store: virt-fw-vars, from
# python3-virt-firmware, which Debian 12 has in bookworm-backports only.
backports=(python3-virt-firmware)

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}
missing=() missing_bpo=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
for p in "${backports[@]}"; do installed "$p" || missing_bpo+=("$p"); done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_bpo[@]} -eq 0 ] && exit 0

# bookworm-backports from the mirror the machine's own apt configuration
# names for bookworm (scripts/apt-sources.sh; no archive host is written
# into the project); backports are never taken unless asked for by name.
if [ ${#missing_bpo[@]} -gt 0 ]; then
	. "$(dirname "$0")/../../scripts/apt-sources.sh"
	vie_apt_own_mirror "its backports" || exit 1
	codename=$VIE_CODENAME
	vie_apt_stanza "$codename-backports" "$VIE_MIRROR" "$VIE_SIGNED" \
		>"/etc/apt/sources.list.d/vmcoreinfo-ext-$codename-backports.sources"
fi

# Another apt/dpkg may be running (CI, a colleague): wait for the lock.
apt_q() { apt-get -q -y -o DPkg::Lock::Timeout=600 \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	--no-install-recommends "$@"; }
apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
# openssh-server's postinst would start an sshd on port 22: no service is
# started while we install (policy-rc.d, unless the machine has its own).
own_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	own_policy=1
fi
rc=0
[ ${#missing[@]} -eq 0 ] || apt_q install "${missing[@]}" >/dev/null || rc=$?
[ ${#missing_bpo[@]} -eq 0 ] || [ $rc != 0 ] ||
	apt_q install -t "$codename-backports" "${missing_bpo[@]}" >/dev/null || rc=$?
[ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
exit $rc
