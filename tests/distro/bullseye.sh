#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The .deb built here (Debian 12, glibc 2.36) on an older distribution:
# a debootstrapped Debian 11 (bullseye: glibc 2.31, Ubuntu 20.04's; minbase
# with systemd, cached in build/distro/bullseye-base, from the bullseye
# suite of the mirror the machine's apt sources name, which
# scripts/install-deps.sh adds), in a scratch overlay on it:
#   - apt install ./vmcoreinfo-ext_*.deb: its dependencies resolve there;
#     the save service is enabled by the package's scripts;
#   - the reader runs: --version, a real Debian 11 note merged with the
#     saved values of the same boot (tests/unit/fixtures/real: what the
#     reader printed live in that boot), amend of a dump (the same bytes as
#     on the build machine);
#   - the -dkms .deb's dependencies resolve too (apt-get -s);
#   - apt purge leaves nothing.
# Needs build-packages.sh's .debs.  "ok"/"not ok" lines and "N passed, N
# failed".  Root.
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (debootstrap, mount, chroot)"
W=$VD_WORK
R=$W/bullseye-root
pass=0 fail=0

deb=$(ls "$W"/pkg/vmcoreinfo-ext_"$VIE_VERSION"_amd64.deb 2>/dev/null)
dkmsdeb=$(ls "$W"/pkg/vmcoreinfo-ext-dkms_"$VIE_VERSION"_all.deb 2>/dev/null)
if [ -z "$deb" ] || [ -z "$dkmsdeb" ]; then
	check "the .debs at $VIE_VERSION (tests/distro/build-packages.sh)" false
	finish
fi

# The cached base: minbase + systemd, its package lists fetched.
BASE=$W/bullseye-base
BASE_VERSION=1
t0=$(date +%s)
if [ "$(cat "$BASE/.vd-complete" 2>/dev/null)" != "$BASE_VERSION" ]; then
	entry=$(vie_apt_entry bullseye) || {
		check "a 'deb' source for bullseye in the machine's apt configuration (scripts/install-deps.sh adds it)" false
		finish
	}
	IFS=$'\037' read -r mirror signed _ <<<"$entry"
	keyring=
	case $signed in /*) [ -f "$signed" ] && keyring=--keyring=$signed ;; esac
	rm -rf "$BASE" "$BASE.new"
	debootstrap --variant=minbase --include=systemd-sysv $keyring bullseye "$BASE.new" "$mirror" \
		>"$W/bullseye-debootstrap.log" 2>&1 &&
		vd_chroot "$BASE.new" apt-get -q update >>"$W/bullseye-debootstrap.log" 2>&1
	r=$?
	check "debootstrap Debian 11 (minbase, systemd) from $mirror, cached in $BASE ($(($(date +%s) - t0)) s)" [ $r = 0 ]
	[ $r = 0 ] || { tail -n 5 "$W/bullseye-debootstrap.log"; finish; }
	echo "$BASE_VERSION" >"$BASE.new/.vd-complete"
	mv "$BASE.new" "$BASE"
fi

cleanup() {
	mountpoint -q "$R" 2>/dev/null && umount "$R"
	rm -rf "$W/bullseye-root.upper" "$W/bullseye-root.work"
}
trap cleanup EXIT
cleanup
mkdir -p "$R" "$W/bullseye-root.upper" "$W/bullseye-root.work"
mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$W/bullseye-root.upper,workdir=$W/bullseye-root.work" "$R" ||
	{ check "overlay on the Debian 11 base" false; finish; }
glibc=$(vd_chroot "$R" dpkg-query -W -f '${Version}' libc6 2>/dev/null)
echo "# Debian $(cat "$R/etc/debian_version"), libc6 $glibc"
check "the root is Debian 11 with glibc 2.31 (libc6 $glibc)" sh -c 'case $1 in 2.31-*) exit 0 ;; esac; exit 1' sh "$glibc"

cp "$deb" "$dkmsdeb" "$R/tmp/"
vd_apt "$R" install "/tmp/$(basename "$deb")" >"$W/bullseye-install.log" 2>&1
r=$?
check "apt install ./$(basename "$deb") in Debian 11" [ $r = 0 ]
[ $r = 0 ] || sed 's/^/#   /' "$W/bullseye-install.log" | tail -n 8
check "... installed (dpkg: $(vd_chroot "$R" dpkg-query -W -f '${Status}' vmcoreinfo-ext 2>&1))" \
	sh -c '[ "$(chroot "$1" dpkg-query -W -f "\${Status}" vmcoreinfo-ext 2>/dev/null)" = "install ok installed" ]' sh "$R"
check "... its scripts enabled vmcoreinfo-ext-save.service" \
	test -L "$R/etc/systemd/system/multi-user.target.wants/vmcoreinfo-ext-save.service"

v=$(chroot "$R" /usr/sbin/vmcoreinfo-ext --version 2>&1)
check "vmcoreinfo-ext --version on Debian 11: $v" [ "$v" = "vmcoreinfo-ext $VIE_VERSION" ]
f=$VIE_TOP/tests/unit/fixtures/real/debian11-5.10.0-32-amd64-4level
mkdir -p "$R/tmp/fx"
cp "$f.vmcoreinfo" "$f.saved" "$R/tmp/fx/"
chroot "$R" /usr/sbin/vmcoreinfo-ext --ext-file "/tmp/fx/$(basename "$f").saved" \
	"/tmp/fx/$(basename "$f").vmcoreinfo" >"$W/bullseye-merge.out" 2>&1
check "the merge of a Debian 11 5.10 note with its boot's saved values = what the reader printed live in that boot" \
	cmp -s "$W/bullseye-merge.out" "$f.vmcoreinfo.expect"
# amend writes (temporary file, fsync, rename): the same bytes as here.
mkf=$VIE_TOP/userspace/build/mkfixture
if make -s -C "$VIE_TOP/userspace" build/mkfixture build/vmcoreinfo-ext >/dev/null 2>&1 &&
	"$mkf" "$VIE_TOP/tests/unit/fixtures/synthetic-6.1.txt" \
		"$VIE_TOP/tests/unit/specs/good/kdump-notes.kdump.spec" "$W/bullseye.kdump"; then
	cp "$W/bullseye.kdump" "$R/tmp/fx/dump"
	cp "$W/bullseye.kdump" "$W/bullseye.kdump.here"
	cp "$VIE_TOP/tests/unit/fixtures/ext/saved-good" "$R/tmp/fx/saved"
	chroot "$R" /usr/sbin/vmcoreinfo-ext amend --ext-file /tmp/fx/saved /tmp/fx/dump >"$W/bullseye-amend.out" 2>&1
	r=$?
	"$VIE_TOP/userspace/build/vmcoreinfo-ext" amend --ext-file "$VIE_TOP/tests/unit/fixtures/ext/saved-good" \
		"$W/bullseye.kdump.here" >/dev/null 2>&1
	check "amend of a kdump-compressed dump on Debian 11: $(tail -n 1 "$W/bullseye-amend.out")" \
		sh -c '[ $1 = 0 ] && grep -q "amended: " "$2" && cmp -s "$3" "$4" && ! cmp -s "$3" "$5"' sh $r \
		"$W/bullseye-amend.out" "$R/tmp/fx/dump" "$W/bullseye.kdump.here" "$W/bullseye.kdump"
else
	check "amend on Debian 11: cannot build mkfixture and the reader here" false
fi
rm -f "$W/bullseye.kdump" "$W/bullseye.kdump.here"

vd_apt "$R" install -s "/tmp/$(basename "$dkmsdeb")" >"$W/bullseye-dkms-sim.log" 2>&1
r=$?
check "the -dkms .deb's dependencies resolve on Debian 11 (apt-get -s: $(grep -c '^Inst ' "$W/bullseye-dkms-sim.log") packages, dkms $(sed -n 's/^Inst dkms (\([^ ]*\) .*/\1/p' "$W/bullseye-dkms-sim.log"))" \
	sh -c '[ $1 = 0 ] && grep -q "^Inst vmcoreinfo-ext-dkms " "$2"' sh $r "$W/bullseye-dkms-sim.log"

vd_apt "$R" purge vmcoreinfo-ext >"$W/bullseye-purge.log" 2>&1
r=$?
check "apt purge vmcoreinfo-ext on Debian 11: nothing left" \
	sh -c '[ $1 = 0 ] && [ ! -e "$2/usr/sbin/vmcoreinfo-ext" ] && [ ! -L "$2/etc/systemd/system/multi-user.target.wants/vmcoreinfo-ext-save.service" ] &&
		[ ! -e "$2/var/lib/vmcoreinfo-ext" ]' sh $r "$R"
echo "# $(($(date +%s) - t0)) s"
finish
