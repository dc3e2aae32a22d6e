#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the packaging scripts, with a fake vmcoreinfo-ext:
#   packaging/lib/vmcoreinfo-ext-save   (first kernel, at boot)
#   packaging/lib/vmcoreinfo-ext-kdump  (crash kernel, before kdump-tools)
# including what kdump-config then makes of MAKEDUMP_ARGS.  No root, no
# QEMU; tests/distro/run.sh covers the real thing.  "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
expect() {	# expect TEXT CMD...
	local d=$1; shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}

# A fake vmcoreinfo-ext: "save -o F" copies $FAKE_SYSFS/vmcoreinfo; the
# crash-kernel form fails with $FAKE_ERR when set, else writes an overlay.
cat >"$t/vie" <<'FAKE'
#!/bin/sh
out=
prev=
for a in "$@"; do [ "$prev" = -o ] && out=$a; prev=$a; done
if [ "$1" = save ]; then
	[ -n "${FAKE_ERR:-}" ] && { echo "vmcoreinfo-ext: $FAKE_ERR" >&2; exit 1; }
	cp "$FAKE_SYSFS/vmcoreinfo" "$out"; exit 0
fi
[ -n "${FAKE_ERR:-}" ] && { echo "vmcoreinfo-ext: $FAKE_ERR" >&2; exit 1; }
printf 'OSRELEASE=x\nNUMBER(sme_mask)=0\n' >"$out"
FAKE
chmod 755 "$t/vie"
save=$top/packaging/lib/vmcoreinfo-ext-save
kdump=$top/packaging/lib/vmcoreinfo-ext-kdump
export VMCOREINFO_EXT=$t/vie VMCOREINFO_EXT_STATE=$t/state FAKE_SYSFS=$t/sysfs \
	VMCOREINFO_EXT_SYSFS=$t/sysfs VMCOREINFO_EXT_SAVED=$t/state/saved.vmcoreinfo \
	VMCOREINFO_EXT_RUN=$t/run VMCOREINFO_EXT_VMCORE=$t/vmcore KDUMP_DEFAULTS=$t/defaults

# --- save ---
out=$(sh "$save"); rc=$?
expect "save without the module: exit 0" [ $rc = 0 ]
expect "save without the module: one line saying so" sh -c '[ "$(printf "%s\n" "$1" | wc -l)" = 1 ] && printf %s "$1" | grep -q "module not loaded"' sh "$out"
mkdir -p "$t/sysfs" && echo 'NUMBER(sme_mask)=0' >"$t/sysfs/vmcoreinfo"
out=$(sh "$save"); rc=$?
expect "save with the module: exit 0, file written" [ $rc = 0 -a -s "$t/state/saved.vmcoreinfo" ]
expect "save with the module: logged" sh -c 'printf %s "$1" | grep -q "^saved the vmcoreinfo_ext values"' sh "$out"
rm -rf "$t/sysfs"
out=$(sh "$save"); rc=$?
expect "save without the module removes an earlier boot's file" [ $rc = 0 -a ! -e "$t/state/saved.vmcoreinfo" ]
expect "... and says so" sh -c 'printf %s "$1" | grep -q "removed the values saved by an earlier boot"' sh "$out"
mkdir -p "$t/sysfs" && echo 'NUMBER(sme_mask)=0' >"$t/sysfs/vmcoreinfo"
out=$(FAKE_ERR="cannot read the note" sh "$save"); rc=$?
expect "save failing: exit 0, error logged" sh -c '[ $1 = 0 ] && printf %s "$2" | grep -q "could not save.*cannot read the note"' sh $rc "$out"

# --- crash kernel ---
# What kdump-config ends up running: systemd's environment (the env file),
# then /etc/default/kdump-tools sourced, then kdump-config's default.
effective() {
	sh -c 'set -a; [ -f "$1" ] && . "$1"; . "$2"; MAKEDUMP_ARGS=${MAKEDUMP_ARGS:="-F -c -d 31"}
		[ "${MAKEDUMP_ARGS#-F*}" != "${MAKEDUMP_ARGS}" ] || MAKEDUMP_ARGS="${MAKEDUMP_ARGS} -F"
		echo "$MAKEDUMP_ARGS"' sh "$t/run/kdump-tools.env" "$t/defaults"
}
echo 'USE_KDUMP=1' >"$t/defaults"
rm -f "$t/vmcore"
out=$(sh "$kdump"); rc=$?
expect "not a crash kernel: nothing done" [ $rc = 0 -a -z "$out" -a ! -e "$t/run/kdump-tools.env" ]
touch "$t/vmcore"
rm -f "$t/state/saved.vmcoreinfo"
out=$(sh "$kdump"); rc=$?
expect "no saved file: exit 0, no env, reason logged" sh -c '[ $1 = 0 ] && [ ! -e "$2" ] && printf %s "$3" | grep -q "no saved values.*without the vmcoreinfo_ext overlay"' sh $rc "$t/run/kdump-tools.env" "$out"
expect "no saved file: makedumpfile args unchanged" [ "$(effective)" = "-F -c -d 31" ]
echo 'NUMBER(sme_mask)=0' >"$t/state/saved.vmcoreinfo"
out=$(FAKE_ERR="saved file belongs to another boot: KERNELOFFSET 1 (saved) != 2 (dump)" sh "$kdump"); rc=$?
expect "foreign saved file: exit 0, no env, no overlay, reason logged" sh -c '[ $1 = 0 ] && [ ! -e "$2" ] && [ ! -e "$3" ] && printf %s "$4" | grep -q "another boot.*without the vmcoreinfo_ext overlay"' sh $rc "$t/run/kdump-tools.env" "$t/run/makedumpfile.overlay" "$out"
expect "foreign saved file: makedumpfile args unchanged" [ "$(effective)" = "-F -c -d 31" ]
out=$(sh "$kdump"); rc=$?
expect "verified: exit 0, overlay written" [ $rc = 0 -a -s "$t/run/makedumpfile.overlay" ]
expect "verified: kdump-config runs makedumpfile -F -c -d 31 -i OVERLAY" [ "$(effective)" = "-F -c -d 31 -i $t/run/makedumpfile.overlay" ]
printf 'USE_KDUMP=1\nMAKEDUMP_ARGS="-c -d 1"\n' >"$t/defaults"
out=$(sh "$kdump"); rc=$?
expect "admin's MAKEDUMP_ARGS without ours: no env, reason logged" sh -c '[ $1 = 0 ] && [ ! -e "$2" ] && printf %s "$3" | grep -q "MAKEDUMP_ARGS is set"' sh $rc "$t/run/kdump-tools.env" "$out"
expect "admin's MAKEDUMP_ARGS without ours: used as is" [ "$(effective)" = "-c -d 1 -F" ]
printf 'USE_KDUMP=1\nMAKEDUMP_ARGS="-c -d 1 $VMCOREINFO_EXT_MAKEDUMP_ARGS"\n' >"$t/defaults"
out=$(sh "$kdump"); rc=$?
expect "admin's MAKEDUMP_ARGS with \$VMCOREINFO_EXT_MAKEDUMP_ARGS: gets -i" [ "$(effective)" = "-c -d 1 -i $t/run/makedumpfile.overlay -F" ]
rm -f "$t/state/saved.vmcoreinfo"
sh "$kdump" >/dev/null
expect "... and without saved values, the admin's args alone" [ "$(effective)" = "-c -d 1  -F" ]
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
