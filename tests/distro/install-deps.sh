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
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

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
apt_q install "${missing[@]}" >/dev/null || rc=$?
[ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
exit $rc
