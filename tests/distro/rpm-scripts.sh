#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The RPMs' scriptlets, run by rpm itself ("rpm --root R --nodeps") in a
# scratch root: an overlay on the distro test's debootstrapped Debian 12
# (build/distro/base: sh, systemctl, dkms, the 6.1 kernel's headers),
# made RHEL-like where it matters: systemd's presets end in "disable *"
# (RHEL's 99-default.preset) and /etc/kdump.conf has the lines
# packages.rst had users add.  Needs build-packages.sh's RPMs at this
# version and at the lower one (build-packages.sh deb rpm old).
#
#   - rpm -q --scripts: the macros expanded into the scriptlets expected;
#     Requires of the kernel's devel package and libelf's;
#   - install with no kernel devel tree: the preset enables the save
#     service (and without the preset RHEL's "disable *" would not);
#     %post dkms says which package the kernel needs;
#   - erase: kdump.conf's core_collector back to makedumpfile, dracut_args
#     without vmcoreinfo-ext (the old file kept), the service disabled,
#     nothing left (DKMS, /usr/src, /var/lib/vmcoreinfo-ext);
#   - the lower version with the devel tree and a kernel whose build
#     fails: DKMS builds for the real kernel, the failure names make.log;
#   - upgrade to this version: exactly one DKMS version, built for the
#     kernel; kdump.conf untouched; the service still enabled; then erase.
# "ok"/"not ok" lines and "N passed, N failed".  Root.
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (mount, chroot)"
W=$VD_WORK
R=$W/rpm-root
pass=0 fail=0
has() { grep -q -- "$2" "$1"; }	# has FILE PATTERN

version=$VIE_VERSION
new=$(ls "$W"/pkg/rpm/RPMS/*/vmcoreinfo-ext-*"$version"-*.rpm 2>/dev/null)
old=$(ls "$W"/pkg/old/rpm/RPMS/*/vmcoreinfo-ext-*.rpm 2>/dev/null)
oldv=$(for r in $old; do rpm -qp --qf '%{VERSION}\n' "$r" 2>/dev/null; done | sort -u)
if [ "$(echo $new | wc -w)" != 2 ] || [ "$(echo $old | wc -w)" != 2 ]; then
	check "the RPMs at $version and at a lower version (tests/distro/build-packages.sh deb rpm old)" false
	finish
fi
main=$(echo "$new" | grep -v -- -dkms-)
dkmsrpm=$(echo "$new" | grep -- -dkms-)

# --- what rpm will run ----------------------------------------------------
rpm -qp --scripts "$main" >"$W/rpm-scripts.main" 2>&1
rpm -qp --scripts "$dkmsrpm" >"$W/rpm-scripts.dkms" 2>&1
s=$W/rpm-scripts.main
check "%post: the save service's preset on first installation" \
	sh -c 'awk "/^postinstall scriptlet/,/^preuninstall/" "$1" | grep -q "if \[ \$1 -eq 1 \]" &&
		awk "/^postinstall scriptlet/,/^preuninstall/" "$1" | grep -q "systemctl --no-reload preset vmcoreinfo-ext-save.service"' sh "$s"
check "%preun: on erase only (\$1 = 0), the service disabled and kdump-conf-remove run" \
	sh -c 'p=$(awk "/^preuninstall scriptlet/,/^postuninstall/" "$1"); printf "%s" "$p" | grep -q "disable --now vmcoreinfo-ext-save.service" &&
		printf "%s" "$p" | grep -q "^[^#]*/vmcoreinfo-ext/kdump-conf-remove" && [ "$(printf "%s" "$p" | grep -c "eq 0")" = 2 ]' sh "$s"
check "%postun: /var/lib/vmcoreinfo-ext removed on erase only" \
	sh -c 'awk "/^postuninstall scriptlet/,0" "$1" | grep -q "eq 0" && awk "/^postuninstall scriptlet/,0" "$1" | grep -q "rm -rf /var/lib/vmcoreinfo-ext"' sh "$s"
s=$W/rpm-scripts.dkms
check "dkms %post: dkms add, dkms install per kernel, make.log named on failure" \
	sh -c 'grep -q "dkms add -m vmcoreinfo_ext -v $2" "$1" && grep -q "dkms install -m vmcoreinfo_ext -v $2 -k" "$1" &&
		grep -q "/var/lib/dkms/vmcoreinfo_ext/$2/build/make.log" "$1"' sh "$s" "$version"
check "dkms %preun: dkms remove --all --rpm_safe_upgrade" \
	has "$s" "dkms remove -m vmcoreinfo_ext -v $version --all --rpm_safe_upgrade"
req=$(rpm -qp --requires "$dkmsrpm" 2>/dev/null | tr '\n' ' ')
check "vmcoreinfo-ext-dkms Requires the kernel's devel package and elfutils-libelf-devel: $req" \
	sh -c 'case " $1 " in *" kernel-devel "*" elfutils-libelf-devel "*|*" elfutils-libelf-devel "*" kernel-devel "*|*"kernel-devel-matched"*" elfutils-libelf-devel "*) exit 0 ;; esac; exit 1' sh "$req"

# --- the scratch root -----------------------------------------------------
vd_base || { check "debootstrap base" false; finish; }
cleanup() {
	local m
	for m in "$R/dev/pts" "$R/dev" "$R/sys" "$R/proc" "$R"; do
		mountpoint -q "$m" 2>/dev/null && umount "$m"
	done
	rm -rf "$W/rpm-root.upper" "$W/rpm-root.work"
}
trap cleanup EXIT
cleanup
mkdir -p "$R" "$W/rpm-root.upper" "$W/rpm-root.work"
mount -t overlay overlay -o "lowerdir=$W/base,upperdir=$W/rpm-root.upper,workdir=$W/rpm-root.work" "$R" ||
	{ check "overlay on the base system" false; finish; }
mount -t proc proc "$R/proc" && mount -t sysfs sys "$R/sys" && mount --bind /dev "$R/dev" &&
	mount -t devpts devpts "$R/dev/pts" 2>/dev/null
kver=$(ls "$R/lib/modules" | head -n 1)
printf 'disable *\n' >"$R/usr/lib/systemd/system-preset/99-default.preset"
kdump_conf() {
	cat >"$R/etc/kdump.conf" <<'CONF'
# /etc/kdump.conf as packages.rst had it written
path /var/crash
#core_collector makedumpfile -l --message-level 7 -d 31
dracut_args --add vmcoreinfo-ext
force_rebuild 1
core_collector vmcoreinfo-ext-makedumpfile -l --message-level 7 -d 31
CONF
	chmod 644 "$R/etc/kdump.conf"
}
kdump_conf
rpm --root "$R" --initdb
wants=/etc/systemd/system/multi-user.target.wants/vmcoreinfo-ext-save.service
enabled() { [ "$(SYSTEMD_OFFLINE=1 systemctl --root="$R" is-enabled vmcoreinfo-ext-save.service 2>/dev/null)" = enabled ]; }
dkms_status() { chroot "$R" dkms status vmcoreinfo_ext 2>/dev/null; }
rpmdo() {	# rpmdo LOG ARGS...: rpm --root R ARGS, its output in LOG
	local log=$1
	shift
	rpm --root "$R" --nodeps "$@" >"$log" 2>&1
}

# --- install without a kernel devel tree ---------------------------------
mv "$R/lib/modules/$kver/build" "$R/lib/modules/$kver/build.vd-hidden"
rpmdo "$W/rpm-install.log" -i $new
check "rpm -i (no kernel devel tree)" [ $? = 0 ]
sed 's/^/#   rpm: /' "$W/rpm-install.log"
en() { [ -L "$R$wants" ] && enabled; }
check "the preset enabled vmcoreinfo-ext-save.service ($wants)" en
check "... whose ExecStart is installed: $(sed -n 's/^ExecStart=//p' "$R/usr/lib/systemd/system/vmcoreinfo-ext-save.service")" \
	sh -c 'x=$(sed -n "s/^ExecStart=//p" "$1/usr/lib/systemd/system/vmcoreinfo-ext-save.service"); [ -n "$x" ] && [ -x "$1$x" ]' sh "$R"
mv "$R/usr/lib/systemd/system-preset/80-vmcoreinfo-ext.preset" "$W/rpm-root.preset"
SYSTEMD_OFFLINE=1 systemctl --root="$R" preset vmcoreinfo-ext-save.service >/dev/null 2>&1
check "without its preset, RHEL's 'disable *' would leave the service disabled" eval '! enabled'
mv "$W/rpm-root.preset" "$R/usr/lib/systemd/system-preset/80-vmcoreinfo-ext.preset"
SYSTEMD_OFFLINE=1 systemctl --root="$R" preset vmcoreinfo-ext-save.service >/dev/null 2>&1
check "%post dkms names the package for a kernel without its devel tree" \
	grep -q "has no devel tree: dnf install kernel-devel-" "$W/rpm-install.log"
st=$(dkms_status)
check "DKMS: the source added, nothing built ($st)" \
	sh -c '[ "$1" = "vmcoreinfo_ext/$2: added" ]' sh "$st" "$version"
echo 'NUMBER(sme_mask)=0' >"$R/var/lib/vmcoreinfo-ext/saved.vmcoreinfo"

# --- erase ------------------------------------------------------------------
cp "$R/etc/kdump.conf" "$W/rpm-root.kdump.conf.before"
rpmdo "$W/rpm-erase.log" -e vmcoreinfo-ext vmcoreinfo-ext-dkms
check "rpm -e" [ $? = 0 ]
sed 's/^/#   rpm: /' "$W/rpm-erase.log"
grep -vx 'core_collector makedumpfile -l --message-level 7 -d 31' "$R/etc/kdump.conf" >"$W/rpm-root.kdump.conf.others"
check "kdump.conf: core_collector back to makedumpfile, with the same arguments" \
	grep -qx 'core_collector makedumpfile -l --message-level 7 -d 31' "$R/etc/kdump.conf"
check "kdump.conf: no line names vmcoreinfo-ext any more" sh -c '! grep -q vmcoreinfo-ext "$1"' sh "$R/etc/kdump.conf"
check "kdump.conf: every other line kept, in order" \
	sh -c 'grep -v vmcoreinfo-ext "$1" | cmp -s - "$2.others"' sh "$W/rpm-root.kdump.conf.before" "$W/rpm-root.kdump.conf"
check "kdump.conf: the old file kept as kdump.conf.vmcoreinfo-ext, the mode kept" \
	sh -c 'cmp -s "$1" "$2.vmcoreinfo-ext" && [ "$(stat -c %a "$2")" = 644 ]' sh "$W/rpm-root.kdump.conf.before" "$R/etc/kdump.conf"
check "rpm -e says what it changed in kdump.conf" \
	sh -c 'grep -q "^  - core_collector vmcoreinfo-ext-makedumpfile" "$1" && grep -q "^  + core_collector makedumpfile" "$1" &&
		grep -q "^  - dracut_args --add vmcoreinfo-ext" "$1"' sh "$W/rpm-erase.log"
check "the service disabled" sh -c '[ ! -L "$1$2" ]' sh "$R" "$wants"
check "nothing left: /var/lib/vmcoreinfo-ext, /usr/src/vmcoreinfo_ext-*, DKMS's state" \
	sh -c '[ ! -e "$1/var/lib/vmcoreinfo-ext" ] && ! ls -d "$1"/usr/src/vmcoreinfo_ext-* >/dev/null 2>&1 &&
		[ ! -e "$1/var/lib/dkms/vmcoreinfo_ext" ]' sh "$R"

# --- the lower version, with the devel tree and a kernel that fails --------
mv "$R/lib/modules/$kver/build.vd-hidden" "$R/lib/modules/$kver/build"
mkdir -p "$R/lib/modules/6.1.0-vdfail/build/include"
: >"$R/lib/modules/6.1.0-vdfail/build/.config"
printf 'modules:\n\t@echo "vd: this kernel tree fails every build" >&2; false\n%%:\n\t@false\n' \
	>"$R/lib/modules/6.1.0-vdfail/build/Makefile"
kdump_conf
rpmdo "$W/rpm-install-old.log" -i $old
check "rpm -i of $oldv (a devel tree for $kver, and 6.1.0-vdfail whose builds fail)" [ $? = 0 ]
sed 's/^/#   rpm: /' "$W/rpm-install-old.log"
st=$(dkms_status)
echo "# dkms status: $(echo "$st" | tr '\n' ';')"
check "DKMS built $oldv for $kver" sh -c 'printf "%s\n" "$1" | grep -q "^vmcoreinfo_ext/$2, $3, .*: installed"' sh "$st" "$oldv" "$kver"
check "the failed build is reported, with DKMS's log named (and there)" \
	sh -c 'grep -q "DKMS could not build the module for 6.1.0-vdfail" "$1" &&
		grep -q "DKMS.s build log: /var/lib/dkms/vmcoreinfo_ext/$2/build/make.log" "$1" &&
		[ -s "$3/var/lib/dkms/vmcoreinfo_ext/$2/build/make.log" ]' sh "$W/rpm-install-old.log" "$oldv" "$R"
rm -rf "$R/lib/modules/6.1.0-vdfail"

# --- upgrade -------------------------------------------------------------
cp "$R/etc/kdump.conf" "$W/rpm-root.kdump.conf.before"
rpmdo "$W/rpm-upgrade.log" -U $new
check "rpm -U $oldv -> $version" [ $? = 0 ]
sed 's/^/#   rpm: /' "$W/rpm-upgrade.log"
st=$(dkms_status)
echo "# dkms status: $(echo "$st" | tr '\n' ';')"
check "one DKMS version, $version, installed for $kver" \
	sh -c '[ "$(printf "%s\n" "$1" | grep -c .)" = 1 ] && printf "%s" "$1" | grep -q "^vmcoreinfo_ext/$2, $3, .*: installed"' sh "$st" "$version" "$kver"
check "the old version's source and DKMS state gone" \
	sh -c '[ ! -e "$1/usr/src/vmcoreinfo_ext-$2" ] && [ ! -e "$1/var/lib/dkms/vmcoreinfo_ext/$2" ] &&
		[ "$(ls "$1/lib/modules/$3/updates/dkms/" | grep -c vmcoreinfo_ext)" = 1 ]' sh "$R" "$oldv" "$kver"
check "kdump.conf untouched by the upgrade" cmp -s "$W/rpm-root.kdump.conf.before" "$R/etc/kdump.conf"
check "the service still enabled" enabled
rpmdo "$W/rpm-erase2.log" -e vmcoreinfo-ext vmcoreinfo-ext-dkms
check "rpm -e after the upgrade: nothing left (DKMS, modules, source), kdump.conf cleaned" \
	sh -c '[ $1 = 0 ] && [ ! -e "$2/var/lib/dkms/vmcoreinfo_ext" ] && ! ls "$2"/lib/modules/*/updates/dkms/vmcoreinfo_ext* >/dev/null 2>&1 &&
		! ls -d "$2"/usr/src/vmcoreinfo_ext-* >/dev/null 2>&1 && ! grep -q vmcoreinfo-ext "$2/etc/kdump.conf"' sh $? "$R"
finish
