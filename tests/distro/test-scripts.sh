#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the packaging scripts, with a fake vmcoreinfo-ext:
#   packaging/lib/vmcoreinfo-ext-save   (first kernel, at boot)
#   packaging/lib/vmcoreinfo-ext-kdump-tools prepare (crash kernel, before
#       kdump-tools) and start (kdump-tools' ExecStart: savecore, amend,
#       reboot; with a fake kdump-config)
# including what Debian's real kdump-config (kdump-tools) then passes to
# makedumpfile: its "savecore", run with the environment file our script
# wrote and the administrator's defaults, makedumpfile stubbed.  The
# kdump-config is the one in the distro test's image (build/distro/base)
# or, without it, one fetched with "apt-get download kdump-tools" into
# build/distro/kdump-tools.  No QEMU; tests/distro/run.sh covers the real
# thing.  "N passed, N failed".
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

# A fake vmcoreinfo-ext that accepts exactly the two calls the scripts
# must make, argument for argument:
#   save -o $VMCOREINFO_EXT_STATE/boots/BOOT_ID.vmcoreinfo
#       copies $FAKE_SYSFS/vmcoreinfo, with a line naming the boot
#   --source vmcore --ext-file FILE --format makedumpfile
#       -o $VMCOREINFO_EXT_RUN/makedumpfile.overlay   writes an overlay;
#       FILE: $VMCOREINFO_EXT_SAVED or one of $VMCOREINFO_EXT_STATE/boots;
#       with $FAKE_CRASHED set, only that FILE verifies (the others fail
#       as another boot's)
# (both fail with $FAKE_ERR when set).  Any other call exits 2 and is
# logged in $FAKE_BAD.
cat >"$t/vie" <<'FAKE'
#!/bin/sh
if [ $# = 3 ] && [ "$1" = save ] && [ "$2" = -o ] &&
	[ "$3" = "$VMCOREINFO_EXT_STATE/boots/$(cat "$VMCOREINFO_EXT_BOOT_ID").vmcoreinfo" ]; then
	[ -n "${FAKE_ERR:-}" ] && { echo "vmcoreinfo-ext: $FAKE_ERR" >&2; exit 1; }
	{ cat "$FAKE_SYSFS/vmcoreinfo"; echo "# boot $(cat "$VMCOREINFO_EXT_BOOT_ID")"; } >"$3"; exit 0
fi
if [ $# = 8 ] && [ "$1" = --source ] && [ "$2" = vmcore ] && [ "$3" = --ext-file ] &&
	case $4 in "$VMCOREINFO_EXT_SAVED"|"$VMCOREINFO_EXT_STATE"/boots/*.vmcoreinfo) true ;; *) false ;; esac &&
	[ "$5" = --format ] && [ "$6" = makedumpfile ] &&
	[ "$7" = -o ] && [ "$8" = "$VMCOREINFO_EXT_RUN/makedumpfile.overlay" ]; then
	echo "$4" >>"$FAKE_TRIED"
	[ -n "${FAKE_ERR:-}" ] && { echo "vmcoreinfo-ext: $FAKE_ERR" >&2; exit 1; }
	if [ -n "${FAKE_CRASHED:-}" ] && [ "$4" != "$FAKE_CRASHED" ]; then
		echo "vmcoreinfo-ext: $4: saved file belongs to another boot: KERNELOFFSET 1 (saved) != 2 (dump)" >&2
		exit 1
	fi
	printf 'OSRELEASE=x\nNUMBER(sme_mask)=0\n' >"$8"; exit 0
fi
printf '%s|' "$@" >>"$FAKE_BAD"; echo >>"$FAKE_BAD"
echo "vmcoreinfo-ext: fake: unexpected arguments: $*" >&2
exit 2
FAKE
chmod 755 "$t/vie"
save=$top/packaging/lib/vmcoreinfo-ext-save
kdump=$top/packaging/lib/vmcoreinfo-ext-kdump-tools
export VMCOREINFO_EXT=$t/vie VMCOREINFO_EXT_STATE=$t/state FAKE_SYSFS=$t/sysfs \
	VMCOREINFO_EXT_SYSFS=$t/sysfs VMCOREINFO_EXT_SAVED=$t/state/saved.vmcoreinfo \
	VMCOREINFO_EXT_RUN=$t/run VMCOREINFO_EXT_VMCORE=$t/vmcore KDUMP_DEFAULTS=$t/defaults \
	FAKE_BAD=$t/fake-bad-calls FAKE_TRIED=$t/fake-tried VMCOREINFO_EXT_BOOT_ID=$t/boot_id
: >"$t/fake-bad-calls"
echo 11111111-2222-3333-4444-555555555555 >"$t/boot_id"

# --- load: vmcoreinfo-ext-load, with fake modinfo and modprobe first in
# PATH (the real kernel's refusals are in the QEMU suites: RHEL 8.10's
# lockdown, Debian under Secure Boot) ---
load=$top/packaging/lib/vmcoreinfo-ext-load
mkdir -p "$t/fake-kmod"
cat >"$t/fake-kmod/modinfo" <<'FAKE'
#!/bin/sh
case "$1 $2" in
"-n vmcoreinfo_ext") [ -n "$FAKE_KO" ] && echo "$FAKE_KO" && exit 0
	echo "modinfo: ERROR: Module vmcoreinfo_ext not found." >&2; exit 1 ;;
"-F signer") echo "${FAKE_SIGNER:-}"; exit 0 ;;
esac
exit 1
FAKE
cat >"$t/fake-kmod/modprobe" <<'FAKE'
#!/bin/sh
case "$*" in
"-c") echo "${FAKE_BLACKLIST:-}"; exit 0 ;;
"-b vmcoreinfo_ext")
	[ -n "${FAKE_BLACKLIST:-}" ] && exit 0
	if [ -n "${FAKE_MODPROBE_ERR:-}" ]; then
		echo "modprobe: ERROR: could not insert 'vmcoreinfo_ext': $FAKE_MODPROBE_ERR" >&2
		exit 1
	fi
	mkdir -p "$VMCOREINFO_EXT_SYSFS"; exit 0 ;;
esac
echo "fake modprobe: unexpected arguments: $*" >&2
exit 2
FAKE
chmod 755 "$t/fake-kmod/modinfo" "$t/fake-kmod/modprobe"
# loads WHY-REGEX [VAR=VALUE...]: the loader, with the fakes, exits 1
# with one line matching WHY-REGEX.
loads() {
	local want=$1 out rc
	shift
	out=$(env PATH="$t/fake-kmod:$PATH" VMCOREINFO_EXT_SYSFS="$t/load-sysfs" \
		FAKE_KO=/lib/modules/k/updates/dkms/vmcoreinfo_ext.ko "$@" sh "$load")
	rc=$?
	if [ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
		printf '%s' "$out" | grep -Eq "^vmcoreinfo_ext module not loaded: $want"; then
		ok "load, $*: exit 1, one line: $out"
	else
		nok "load, $*: exit $rc, expected one line matching '$want': $out"
	fi
}
rm -rf "$t/load-sysfs"
out=$(env PATH="$t/fake-kmod:$PATH" VMCOREINFO_EXT_SYSFS="$t/load-sysfs" FAKE_KO=/x.ko sh "$load"); rc=$?
expect "load: modprobe succeeds: exit 0, silent" [ $rc = 0 -a -z "$out" -a -d "$t/load-sysfs" ]
out=$(env PATH="$t/fake-kmod:$PATH" VMCOREINFO_EXT_SYSFS="$t/load-sysfs" FAKE_MODPROBE_ERR=never sh "$load"); rc=$?
expect "load: already loaded: exit 0, silent, no modprobe" [ $rc = 0 -a -z "$out" ]
rm -rf "$t/load-sysfs"
loads "there is none for kernel $(uname -r) \(dkms status vmcoreinfo_ext; " FAKE_KO=
loads "blacklisted \(blacklist vmcoreinfo_ext\)$" FAKE_BLACKLIST="blacklist vmcoreinfo_ext"
loads "/lib/modules/k/updates/dkms/vmcoreinfo_ext.ko is not signed, and this kernel loads only signed modules .*mok\.pub" \
	FAKE_MODPROBE_ERR="Key was rejected by service"
loads "/lib/modules/k/updates/dkms/vmcoreinfo_ext.ko is not signed, and this kernel loads only signed modules" \
	FAKE_MODPROBE_ERR="Operation not permitted"
loads "its signing key is not enrolled: .* signed by \"DKMS module signing key\", a key this kernel does not trust \(mokutil --import /var/lib/dkms/mok.pub, reboot" \
	FAKE_MODPROBE_ERR="Key was rejected by service" FAKE_SIGNER="DKMS module signing key"
loads "its signing key is not enrolled: " \
	FAKE_MODPROBE_ERR="Required key not available" FAKE_SIGNER="DKMS module signing key"
loads "modprobe: ERROR: could not insert 'vmcoreinfo_ext': Exec format error$" \
	FAKE_MODPROBE_ERR="Exec format error"
[ -n "$(ls -A "$t/load-sysfs" 2>/dev/null)" ] && nok "load: a refused load left $t/load-sysfs"

# --- save ---
# Its loader is the real one above, with the fakes: no module for this
# kernel.
run_save() { FAKE_KO= VMCOREINFO_EXT_LOAD=$load PATH="$t/fake-kmod:$PATH" sh "$save"; }
boots=$t/state/boots
out=$(run_save); rc=$?
expect "save without the module: exit 0" [ $rc = 0 ]
expect "save without the module: one line saying so, and why (the loader's line)" sh -c '[ "$(printf "%s\n" "$1" | wc -l)" = 1 ] && printf %s "$1" | grep -q "^vmcoreinfo_ext module not loaded: there is none for kernel .*: nothing saved"' sh "$out"
expect "save without the module: the same line, dated, in not-saved (0600), for the crash kernel" \
	sh -c '[ "$(stat -c %a "$1")" = 600 ] && grep -q "^[0-9-]* [0-9:]* UTC $(uname -r): vmcoreinfo_ext module not loaded: there is none for kernel" "$1"' sh "$t/state/not-saved"
mkdir -p "$t/sysfs" && echo 'NUMBER(sme_mask)=0' >"$t/sysfs/vmcoreinfo"
out=$(umask 022; run_save); rc=$?
expect "save with the module: exit 0, this boot's file and saved.vmcoreinfo, the same" \
	sh -c '[ $1 = 0 ] && cmp -s "$2/11111111-2222-3333-4444-555555555555.vmcoreinfo" "$3" && grep -q "# boot 11111111" "$3"' sh $rc "$boots" "$t/state/saved.vmcoreinfo"
expect "save with the module: not-saved gone" [ ! -e "$t/state/not-saved" ]
expect "save with the module: logged, naming both files" sh -c 'printf %s "$1" | grep -q "^saved the vmcoreinfo_ext values of this boot .*boot 11111111-2222-3333-4444-555555555555) to .*saved.vmcoreinfo and .*boots/11111111-2222-3333-4444-555555555555.vmcoreinfo"' sh "$out"
expect "save: root's alone whatever the umask (directories 0700, files 0600)" \
	sh -c '[ "$(stat -c %a "$1" "$1/boots" "$1/saved.vmcoreinfo" "$1"/boots/*.vmcoreinfo | tr "\n" " ")" = "700 700 600 600 " ]' sh "$t/state"
# Twelve more boots: the newest 8 kept, a file not ours left alone.
touch "$boots/README"
touch -d "2000-01-01 00:00:00" "$boots"/*.vmcoreinfo
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
	id=$i$i$i$i-2222-3333-4444-555555555555
	echo "$id" >"$t/boot_id"
	out=$(run_save)
	touch -d "2000-01-01 00:00:$i" "$boots/$id.vmcoreinfo"
done
expect "save: the earlier boots' files kept, the newest 8 (the boot saving last among them)" \
	sh -c '[ "$(ls "$1"/*.vmcoreinfo | wc -l)" = 8 ] && [ -e "$1/12121212-2222-3333-4444-555555555555.vmcoreinfo" ] &&
		[ -e "$1/05050505-2222-3333-4444-555555555555.vmcoreinfo" ] && [ ! -e "$1/04040404-2222-3333-4444-555555555555.vmcoreinfo" ] &&
		[ -e "$1/README" ] && printf %s "$2" | grep -q "removed the 1 oldest"' sh "$boots" "$out"
out=$(VMCOREINFO_EXT_KEEP=3 run_save)
expect "save: VMCOREINFO_EXT_KEEP=3 keeps 3" [ "$(ls "$boots"/*.vmcoreinfo | wc -l)" = 3 ]
rm -rf "$t/sysfs"
out=$(run_save); rc=$?
expect "save without the module removes saved.vmcoreinfo, keeps the earlier boots' files" \
	sh -c '[ $1 = 0 ] && [ ! -e "$2/saved.vmcoreinfo" ] && [ "$(ls "$2"/boots/*.vmcoreinfo | wc -l)" = 3 ]' sh $rc "$t/state"
expect "... and says so" sh -c 'printf %s "$1" | grep -q "removed the values saved by an earlier boot"' sh "$out"
mkdir -p "$t/sysfs" && echo 'NUMBER(sme_mask)=0' >"$t/sysfs/vmcoreinfo"
out=$(FAKE_ERR="cannot read the note" run_save); rc=$?
expect "save failing: exit 0, error logged" sh -c '[ $1 = 0 ] && printf %s "$2" | grep -q "could not save.*cannot read the note"' sh $rc "$out"
echo 'not an id' >"$t/boot_id"
out=$(run_save); rc=$?
expect "save without a boot id: exit 0, nothing saved, said why" sh -c '[ $1 = 0 ] && printf %s "$2" | grep -q "no boot id"' sh $rc "$out"
echo 11111111-2222-3333-4444-555555555555 >"$t/boot_id"
rm -rf "$boots"

# --- crash kernel ---
# The real kdump-config, copied with two lines changed: PATH (stubs first:
# makedumpfile records its arguments, logger stays quiet) and
# KDUMP_DEFAULTS (a copy of $t/defaults that adds KDUMP_COREDIR under $t
# and KDUMP_DUMP_DMESG=0).  Each change must apply exactly once.
kc_src=
for f in "$top/build/distro/base/usr/sbin/kdump-config" "$top/build/distro/kdump-tools/usr/sbin/kdump-config"; do
	[ -f "$f" ] && { kc_src=$f; break; }
done
if [ -z "$kc_src" ]; then
	d=$top/build/distro/kdump-tools
	rm -rf "$d" "$d.dl"
	mkdir -p "$d.dl"
	if (cd "$d.dl" && apt-get download kdump-tools) >"$t/apt-download.log" 2>&1 &&
		dpkg-deb -x "$d.dl"/kdump-tools_*.deb "$d"; then
		kc_src=$d/usr/sbin/kdump-config
	fi
	rm -rf "$d.dl"
fi
mkdir -p "$t/kc/bin"
kc_ok=
if [ -n "$kc_src" ] && [ -f "$kc_src" ]; then
	echo "# real kdump-config: $kc_src"
	n1=$(grep -c '^PATH=/bin:/usr/bin:/sbin:/usr/sbin$' "$kc_src")
	n2=$(grep -c '^KDUMP_DEFAULTS=/etc/default/kdump-tools$' "$kc_src")
	if [ "$n1" = 1 ] && [ "$n2" = 1 ]; then
		sed -e "s|^PATH=/bin:/usr/bin:/sbin:/usr/sbin\$|PATH=$t/kc/bin:/bin:/usr/bin:/sbin:/usr/sbin|" \
			-e "s|^KDUMP_DEFAULTS=/etc/default/kdump-tools\$|KDUMP_DEFAULTS=$t/kc/defaults|" \
			"$kc_src" >"$t/kc/kdump-config"
		kc_ok=1
	else
		kc_why="$kc_src no longer has one 'PATH=/bin:/usr/bin:/sbin:/usr/sbin' ($n1) and one 'KDUMP_DEFAULTS=/etc/default/kdump-tools' ($n2) line"
	fi
else
	kc_why="no kdump-config in build/distro/base and 'apt-get download kdump-tools' failed: $(tail -n 1 "$t/apt-download.log" 2>/dev/null)"
fi
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s"\nprintf dump\n' "$t/kc/mdf-args" >"$t/kc/bin/makedumpfile"
printf '#!/bin/sh\nexit 0\n' >"$t/kc/bin/logger"
chmod 755 "$t/kc/bin/makedumpfile" "$t/kc/bin/logger"

# kdump_args: the arguments the real kdump-config's savecore gives
# makedumpfile (one per line, /proc/vmcore last), run as systemd runs
# kdump-tools-dump.service: only the environment file's variables.
kdump_args() {
	rm -rf "$t/kc/crash" "$t/kc/mdf-args"
	{ cat "$t/defaults"; echo "KDUMP_COREDIR=$t/kc/crash"; echo "KDUMP_DUMP_DMESG=0"; } >"$t/kc/defaults"
	env -i sh -c 'set -a; [ -f "$1" ] && . "$1"; set +a; exec sh "$2" savecore' sh \
		"$t/run/kdump-tools.env" "$t/kc/kdump-config" >"$t/kc/log" 2>&1
	cat "$t/kc/mdf-args" 2>/dev/null
}
# expect_makedumpfile TEXT ARGS: the real kdump-config runs
# "makedumpfile ARGS /proc/vmcore" (ARGS split into words, as it does).
expect_makedumpfile() {
	local d=$1 want got
	if [ -z "$kc_ok" ]; then
		nok "$d: real kdump-config not available: $kc_why"
		return
	fi
	# shellcheck disable=SC2086
	want=$(printf '%s\n' $2 /proc/vmcore)
	got=$(kdump_args)
	if [ "$got" = "$want" ]; then
		ok "$d"
	else
		nok "$d: kdump-config ran makedumpfile $(echo $got), want $(echo $want)"
		sed 's/^/#   kdump-config: /' "$t/kc/log" | tail -n 3
	fi
}
echo 'USE_KDUMP=1' >"$t/defaults"
rm -f "$t/vmcore"
out=$(sh "$kdump" prepare); rc=$?
expect "not a crash kernel: nothing done" [ $rc = 0 -a -z "$out" -a ! -e "$t/run/kdump-tools.env" ]
touch "$t/vmcore"
rm -f "$t/state/saved.vmcoreinfo"
out=$(sh "$kdump" prepare); rc=$?
expect "no saved file: exit 0, no env, reason logged" sh -c '[ $1 = 0 ] && [ ! -e "$2" ] && printf %s "$3" | grep -q "no saved values.*without the vmcoreinfo_ext overlay"' sh $rc "$t/run/kdump-tools.env" "$out"
echo "2026-12-07 16:46:01 UTC 6.1.0-57-amd64: vmcoreinfo_ext module not loaded: its signing key is not enrolled: x: nothing saved" >"$t/state/not-saved"
out=$(sh "$kdump" prepare); rc=$?
expect "no saved file, the crashed boot's save said why: that, in one line" \
	sh -c '[ $1 = 0 ] && [ "$(printf "%s\n" "$2" | wc -l)" = 1 ] && printf %s "$2" | grep -q "^no saved values at .*saved.vmcoreinfo (vmcoreinfo-ext-save, at 2026-12-07 16:46:01 UTC 6.1.0-57-amd64: vmcoreinfo_ext module not loaded: its signing key is not enrolled: x: nothing saved); makedumpfile runs without the vmcoreinfo_ext overlay$"' sh $rc "$out"
rm -f "$t/state/not-saved"
expect_makedumpfile "no saved file: kdump-config runs makedumpfile -F -c -d 31 (its default)" "-F -c -d 31"
echo 'NUMBER(sme_mask)=0' >"$t/state/saved.vmcoreinfo"
out=$(FAKE_ERR="saved file belongs to another boot: KERNELOFFSET 1 (saved) != 2 (dump)" sh "$kdump" prepare); rc=$?
expect "foreign saved file: exit 0, no env, no overlay, reason logged" sh -c '[ $1 = 0 ] && [ ! -e "$2" ] && [ ! -e "$3" ] && printf %s "$4" | grep -q "another boot.*without the vmcoreinfo_ext overlay"' sh $rc "$t/run/kdump-tools.env" "$t/run/makedumpfile.overlay" "$out"
expect_makedumpfile "foreign saved file: kdump-config runs makedumpfile -F -c -d 31" "-F -c -d 31"
out=$(sh "$kdump" prepare); rc=$?
expect "verified: exit 0, overlay written" [ $rc = 0 -a -s "$t/run/makedumpfile.overlay" ]
expect_makedumpfile "verified: kdump-config runs makedumpfile -F -c -d 31 -i OVERLAY" "-F -c -d 31 -i $t/run/makedumpfile.overlay"
printf 'USE_KDUMP=1\nMAKEDUMP_ARGS="-c -d 1"\n' >"$t/defaults"
out=$(sh "$kdump" prepare); rc=$?
expect "admin's MAKEDUMP_ARGS without ours: no env, reason logged" sh -c '[ $1 = 0 ] && [ ! -e "$2" ] && printf %s "$3" | grep -q "MAKEDUMP_ARGS is set"' sh $rc "$t/run/kdump-tools.env" "$out"
expect_makedumpfile "admin's MAKEDUMP_ARGS without ours: kdump-config uses them as they are (+ -F)" "-c -d 1 -F"
printf 'USE_KDUMP=1\nMAKEDUMP_ARGS="-c -d 1 $VMCOREINFO_EXT_MAKEDUMP_ARGS"\n' >"$t/defaults"
out=$(sh "$kdump" prepare); rc=$?
expect_makedumpfile "admin's MAKEDUMP_ARGS with \$VMCOREINFO_EXT_MAKEDUMP_ARGS: kdump-config passes -i" "-c -d 1 -i $t/run/makedumpfile.overlay -F"
rm -f "$t/state/saved.vmcoreinfo"
sh "$kdump" prepare >/dev/null
expect_makedumpfile "... and without saved values, the admin's args alone (+ -F)" "-c -d 1 -F"
# The crashed boot's file: saved.vmcoreinfo first, then the kept boots'
# files, newest first; the first that verifies is copied to the run
# directory, 0600.
printf 'USE_KDUMP=1\n' >"$t/defaults"
mkdir -p "$boots"
echo 'NUMBER(sme_mask)=1' >"$t/state/saved.vmcoreinfo"
for b in aaaa bbbb cccc; do echo "NUMBER(sme_mask)=0 # $b" >"$boots/$b.vmcoreinfo"; done
touch -d "2000-01-01 00:00:01" "$boots/aaaa.vmcoreinfo"
touch -d "2000-01-01 00:00:03" "$boots/bbbb.vmcoreinfo"
touch -d "2000-01-01 00:00:02" "$boots/cccc.vmcoreinfo"
rm -f "$t/fake-tried"
out=$(umask 022; FAKE_CRASHED=$boots/cccc.vmcoreinfo sh "$kdump" prepare); rc=$?
expect "saved.vmcoreinfo of another boot, a kept boot's file verifies: that one is the crashed boot's, overlay from it" \
	sh -c '[ $1 = 0 ] && [ -s "$2/makedumpfile.overlay" ] && cmp -s "$2/crashed.vmcoreinfo" "$3" &&
		[ "$(stat -c %a "$2/crashed.vmcoreinfo")" = 600 ]' sh $rc "$t/run" "$boots/cccc.vmcoreinfo"
expect "... tried saved.vmcoreinfo, then the kept files newest first, up to the one that verified" \
	[ "$(tr '\n' ' ' <"$t/fake-tried")" = "$t/state/saved.vmcoreinfo $boots/bbbb.vmcoreinfo $boots/cccc.vmcoreinfo " ]
expect "... and says which, and why saved.vmcoreinfo was not" sh -c 'printf %s "$1" | grep -q "another boot.*; the crashed boot.s values are .*cccc.vmcoreinfo" &&
	printf %s "$1" | grep -q "verified against /proc/vmcore (.*cccc.vmcoreinfo): makedumpfile gets -i"' sh "$out"
out=$(FAKE_CRASHED=none sh "$kdump" prepare); rc=$?
expect "no file verifies: no overlay, no crashed boot's file, saved.vmcoreinfo's reason logged" \
	sh -c '[ $1 = 0 ] && [ ! -e "$2/makedumpfile.overlay" ] && [ ! -e "$2/crashed.vmcoreinfo" ] &&
		printf %s "$3" | grep -q "saved.vmcoreinfo: saved file belongs to another boot.*without the vmcoreinfo_ext overlay"' sh $rc "$t/run" "$out"
rm -f "$t/state/saved.vmcoreinfo"
out=$(FAKE_CRASHED=$boots/aaaa.vmcoreinfo sh "$kdump" prepare); rc=$?
expect "no saved.vmcoreinfo (module not loaded at the crashed boot) but an older kept file verifies: used" \
	cmp -s "$t/run/crashed.vmcoreinfo" "$boots/aaaa.vmcoreinfo"
rm -rf "$boots"
expect "the fake vmcoreinfo-ext was only called with the arguments it expects" [ ! -s "$t/fake-bad-calls" ]
# --- crash kernel: kdump-tools' start, with amend between save and reboot ---
# Fakes: kdump-config (savecore makes a stamp directory with a dump, or
# fails), the init script, reboot, logger; the fake reader records amend.
mkdir -p "$t/bin" "$t/crash"
cat >"$t/bin/kdump-config" <<'FAKE'
#!/bin/sh
echo "kdump-config $*" >>"$T/calls"
[ "$1" = savecore ] || exit 0
[ -n "${FAKE_SAVE_FAIL:-}" ] && exit 1
mkdir -p "$T/crash/202611221200"
echo dump >"$T/crash/202611221200/dump.202611221200${FAKE_EXT:-}"
echo dmesg >"$T/crash/202611221200/dmesg.202611221200"
FAKE
cat >"$t/bin/init" <<'FAKE'
#!/bin/sh
echo "init $*" >>"$T/calls"
FAKE
for c in reboot logger failcmd; do
	printf '#!/bin/sh\necho "%s $*" >>"$T/calls"\n' "$c" >"$t/bin/$c"
done
cat >"$t/vie-amend" <<'FAKE'
#!/bin/sh
echo "vie $*" >>"$T/calls"
[ -n "${FAKE_AMEND_ERR:-}" ] && { echo "vmcoreinfo-ext: $FAKE_AMEND_ERR" >&2; exit 1; }
echo "$4: kdump-compressed dump (flattened) amended: 3 entries added"
# The real reader's warnings come after its result (held to the end).
echo "vmcoreinfo-ext: warning: $4 is readable by other users (mode 644), and its note now spells out the KASLR layout" >&2
FAKE
chmod 755 "$t/bin"/* "$t/vie-amend"
startrun() {	# startrun ENV...: run "start" with the fakes, calls in $t/calls
	rm -rf "$t/crash"/* "$t/calls"
	env T="$t" PATH="$t/bin:$PATH" KDUMP_CONFIG="$t/bin/kdump-config" \
		KDUMP_TOOLS_INIT="$t/bin/init" VMCOREINFO_EXT="$t/vie-amend" "$@" \
		sh "$kdump" start
}
printf 'USE_KDUMP=1\nKDUMP_COREDIR=%s\n' "$t/crash" >"$t/defaults"
echo 'NUMBER(sme_mask)=0' >"$t/state/saved.vmcoreinfo"
mkdir -p "$t/run"
echo 'NUMBER(sme_mask)=0 # crashed' >"$t/run/crashed.vmcoreinfo"
rm -f "$t/vmcore"
out=$(startrun); rc=$?
expect "start, first kernel: exactly the init script's start" \
	[ $rc = 0 -a "$(cat "$t/calls")" = "init start" ]
echo vmcore >"$t/vmcore"
out=$(startrun); rc=$?
expect "start, crash kernel: savecore, amend of the new dump with the crashed boot's file, then reboot -f" \
	[ "$(grep -v '^logger' "$t/calls" | sed 's|'"$t"'|T|g')" = "kdump-config savecore
vie amend --ext-file T/run/crashed.vmcoreinfo T/crash/202611221200/dump.202611221200
reboot -f" ]
expect "start, crash kernel: the crashed boot's file beside the dump, 0600, said so" \
	sh -c 'cmp -s "$1/saved.vmcoreinfo" "$2" && [ "$(stat -c %a "$1/saved.vmcoreinfo")" = 600 ] &&
		printf %s "$3" | grep -q "the crashed boot.s values put beside its dump: .*/saved.vmcoreinfo"' sh "$t/crash/202611221200" "$t/run/crashed.vmcoreinfo" "$out"
expect "start, crash kernel: what amend said is logged (console and syslog), its result and its warning" \
	sh -c 'printf %s "$1" | grep -q "amended: 3 entries added" &&
		grep -q "^logger -t vmcoreinfo-ext-kdump-tools -- .*amended: 3 entries" "$2" &&
		grep -q "^logger -t vmcoreinfo-ext-kdump-tools -- vmcoreinfo-ext: warning: .* is readable by other users" "$2"' sh "$out" "$t/calls"
out=$(startrun FAKE_AMEND_ERR="saved file belongs to another boot"); rc=$?
expect "start, amend refused: logged, the dump kept, still reboots" \
	sh -c '[ $1 = 0 ] && printf %s "$2" | grep -q "another boot.*kept as makedumpfile wrote it" && grep -q "^reboot -f" "$3"' sh $rc "$out" "$t/calls"
out=$(startrun FAKE_EXT=.bz2)
expect "start, dump compressed by kdump-tools: not amended, says so; the values beside it" \
	sh -c '! grep -q "^vie" "$2" && printf %s "$1" | grep -q "compressed" && [ -s "$3" ]' sh "$out" "$t/calls" "$t/crash/202611221200/saved.vmcoreinfo"
mv "$t/run/crashed.vmcoreinfo" "$t/run/crashed.off"
out=$(startrun)
expect "start, no crashed boot's file verified: not amended, said why, nothing beside the dump" \
	sh -c '! grep -q "^vie" "$2" && printf %s "$1" | grep -q "no saved values belong to the crashed kernel.*not amended" && [ ! -e "$3" ]' sh "$out" "$t/calls" "$t/crash/202611221200/saved.vmcoreinfo"
mv "$t/run/crashed.off" "$t/run/crashed.vmcoreinfo"
printf 'USE_KDUMP=1\nKDUMP_COREDIR=%s\nKDUMP_FAIL_CMD=failcmd\n' "$t/crash" >"$t/defaults"
out=$(startrun FAKE_SAVE_FAIL=1)
expect "start, savecore failed with KDUMP_FAIL_CMD set: the fail command, no reboot" \
	[ "$(grep -c '^failcmd\|^reboot' "$t/calls")" = 1 ] && grep -q '^failcmd' "$t/calls"
mkdir -p "$t/crash/201901010000"
printf 'USE_KDUMP=1\nKDUMP_COREDIR=%s\n' "$t/crash" >"$t/defaults"
rm -f "$t/calls"
env T="$t" PATH="$t/bin:$PATH" KDUMP_CONFIG="$t/bin/kdump-config" \
	KDUMP_TOOLS_INIT="$t/bin/init" VMCOREINFO_EXT="$t/vie-amend" \
	sh -c 'mkdir -p "$T/crash/201901010000"; echo old >"$T/crash/201901010000/dump.201901010000"; sh "$1" start' sh "$kdump" >/dev/null
expect "start: only dumps saved by this run are amended" \
	[ "$(grep -c '^vie' "$t/calls")" = 1 ] && ! grep -q 201901010000 "$t/calls"
printf 'USE_KDUMP=0\n' >"$t/defaults"
out=$(startrun)
expect "start, USE_KDUMP=0: the init script decides" [ "$(cat "$t/calls")" = "init start" ]
# --- crash kernel: a dump sent over ssh, amended on its way ---
# The real kdump-config (PATH stubs first, as above) and the real
# vmcoreinfo-ext; makedumpfile's stub streams a flattened dump built from
# the unit tests' specs, ssh's runs the remote command here (its paths
# are under $t/collector), logger's records what is logged.
remote_setup() {
	rm -rf "$t/collector" "$t/kc/calls"
	mkdir -p "$t/collector"
	printf 'USE_KDUMP=1\nKDUMP_DUMP_DMESG=0\nSSH=root@collector\nSSH_KEY=%s\nKDUMP_COREDIR=%s\n' \
		"$t/key" "$t/collector/var/crash" >"$t/defaults"
	cp "$t/defaults" "$t/kc/defaults"
}
vie_real=$top/userspace/build/vmcoreinfo-ext
fixture=$top/tests/unit/fixtures
if make -s -C "$top/userspace" build/vmcoreinfo-ext build/mkfixture >"$t/make.log" 2>&1 &&
	"$top/userspace/build/mkfixture" "$fixture/synthetic-6.1.txt" \
		"$top/tests/unit/specs/good/kdump-notes.flat.spec" "$t/stream.flat" &&
	[ -n "$kc_ok" ]; then
	printf '#!/bin/sh\necho "makedumpfile $*" >>"%s"\ncat "%s"\n' "$t/kc/calls" "$t/stream.flat" >"$t/kc/bin/makedumpfile"
	# ssh runs its command line as the remote shell would.
	printf '#!/bin/sh\n# ssh -i KEY HOST CMD...\necho "ssh $*" >>"%s"\nshift 3\nexec sh -c "$*"\n' "$t/kc/calls" >"$t/kc/bin/ssh"
	printf '#!/bin/sh\necho "logger $*" >>"%s"\n' "$t/kc/calls" >"$t/kc/bin/logger"
	printf '#!/bin/sh\necho "reboot $*" >>"%s"\n' "$t/kc/calls" >"$t/kc/bin/reboot"
	chmod 755 "$t/kc/bin"/* "$t/kc/kdump-config"
	"$vie_real" --ext-file "$fixture/ext/saved-good" "$t/stream.flat" >"$t/merged" 2>/dev/null
	remoterun() {	# remoterun [KDUMP-CONFIG]: start, as in the crash kernel
		env T="$t" PATH="$t/kc/bin:$PATH" KDUMP_CONFIG="${1:-$t/kc/kdump-config}" \
			VMCOREINFO_EXT_RUN="${VMCOREINFO_EXT_RUN:-$t/run}" \
			VMCOREINFO_EXT="$vie_real" VMCOREINFO_EXT_SAVED="$fixture/ext/saved-good" \
			KDUMP_DEFAULTS="$t/defaults" sh "$kdump" start >"$t/remote.out" 2>&1
		got=$(ls "$t"/collector/var/crash/*/dump.* 2>/dev/null | head -n 1)
		arrived=${got%/*}/saved.vmcoreinfo
	}
	echo vmcore >"$t/vmcore"
	mkdir -p "$t/run" && echo 'OSRELEASE=x' >"$t/run/makedumpfile.overlay"
	cp "$fixture/ext/saved-good" "$t/run/crashed.vmcoreinfo"
	remote_setup
	remoterun
	expect "ssh target, values verified: the dump on the collector (dump.STAMP, renamed by kdump-config) reads as the merged note" \
		sh -c '[ -n "$1" ] && "$2" "$1" 2>/dev/null | cmp -s - "$3"' sh "$got" "$vie_real" "$t/merged"
	expect "ssh target: kdump-config's own pipeline, through the filter (makedumpfile once, ssh dd)" \
		sh -c '[ "$(grep -c "^makedumpfile " "$1")" = 1 ] && grep -q "^ssh -i .* root@collector dd of=.*dump-incomplete" "$1"' sh "$t/kc/calls"
	expect "ssh target: logged: amended on its way, and the filter's own line" \
		sh -c 'grep -q "amended on its way (vmcoreinfo-ext amend --stream)" "$1" &&
			grep -q "standard input: kdump-compressed dump (flattened stream) amended on its way: 3 entries added" "$1"' sh "$t/kc/calls"
	expect "ssh target: kdump-config itself untouched" [ "$(grep -c vmcoreinfo_ext_stream "$t/kc/kdump-config")" = 0 ]
	expect "ssh target: the crashed boot's values arrive beside the dump, 0600 on the collector, said so" \
		sh -c 'cmp -s "$1" "$2" && [ "$(stat -c %a "$1")" = 600 ] &&
			grep -q "the crashed boot.s values sent with the dump: root@collector:.*/saved.vmcoreinfo" "$3"' sh "$arrived" "$t/run/crashed.vmcoreinfo" "$t/kc/calls"
	# /run mounted noexec, as it may be: the copy still runs (by sh).
	mkdir -p "$t/runx"
	if mount -t tmpfs -o noexec,size=1m tmpfs "$t/runx" 2>/dev/null; then
		cp "$t/run/makedumpfile.overlay" "$t/run/crashed.vmcoreinfo" "$t/runx/"
		remote_setup
		VMCOREINFO_EXT_RUN=$t/runx remoterun
		expect "ssh target, run directory mounted noexec: the dump still arrives amended" \
			sh -c '[ -n "$1" ] && "$2" "$1" 2>/dev/null | cmp -s - "$3"' sh "$got" "$vie_real" "$t/merged"
		umount "$t/runx"
	else
		echo "ok - ssh target, run directory mounted noexec # SKIP cannot mount a tmpfs (not root?)"
	fi
	# makedumpfile without the values (the administrator's MAKEDUMP_ARGS):
	# the stream as makedumpfile wrote it, the values with it, and the
	# dump amended on the collector afterwards with what arrived.
	rm -f "$t/run/makedumpfile.overlay"
	remote_setup
	remoterun
	expect "ssh target, values verified but not given to makedumpfile: the stream byte for byte, the values beside it" \
		sh -c '[ -n "$1" ] && cmp -s "$1" "$2" && cmp -s "$3" "$4" &&
			grep -q "not amended: makedumpfile runs without the values (see above); the crashed boot.s values go with it" "$5"' \
		sh "$got" "$t/stream.flat" "$arrived" "$t/run/crashed.vmcoreinfo" "$t/kc/calls"
	expect "... amended on the collector afterwards with the values that arrived with it" \
		sh -c '"$1" amend --ext-file "$2" "$3" >/dev/null 2>&1 && "$1" "$3" 2>/dev/null | cmp -s - "$4"' sh "$vie_real" "$arrived" "$got" "$t/merged"
	mv "$t/run/crashed.vmcoreinfo" "$t/run/crashed.off"
	remote_setup
	remoterun
	expect "ssh target, no verified values: the dump on the collector is makedumpfile's stream, byte for byte, nothing beside it" \
		sh -c '[ -n "$1" ] && cmp -s "$1" "$2" && [ ! -e "$3" ]' sh "$got" "$t/stream.flat" "$arrived"
	expect "... and why is logged" grep -q "not amended: no verified values" "$t/kc/calls"
	mv "$t/run/crashed.off" "$t/run/crashed.vmcoreinfo"
	echo 'OSRELEASE=x' >"$t/run/makedumpfile.overlay"
	remote_setup
	sed 's/compress | ssh -i/compress |  ssh -i/' "$t/kc/kdump-config" >"$t/kc/kdump-config.other"
	chmod 755 "$t/kc/kdump-config.other"
	remoterun "$t/kc/kdump-config.other"
	expect "ssh target, a kdump-config whose pipeline is not the one known: sent as makedumpfile writes it, why logged" \
		sh -c '[ -n "$1" ] && cmp -s "$1" "$2" && grep -q "has no single .makedumpfile ... | compress | ssh. pipeline" "$3"' sh "$got" "$t/stream.flat" "$t/kc/calls"
	# NFS=: kdump-config mounts the share on KDUMP_COREDIR, writes there,
	# and unmounts it before it returns (mount, umount stubbed: they
	# succeed and the directory stays): amended on its way too.
	printf '#!/bin/sh\necho "mount $*" >>"%s"\n' "$t/kc/calls" >"$t/kc/bin/mount"
	printf '#!/bin/sh\necho "umount $*" >>"%s"\n' "$t/kc/calls" >"$t/kc/bin/umount"
	chmod 755 "$t/kc/bin/mount" "$t/kc/bin/umount"
	rm -rf "$t/collector" "$t/kc/calls"
	mkdir -p "$t/collector/nfs"
	printf 'USE_KDUMP=1\nKDUMP_DUMP_DMESG=0\nNFS=server:/export\nKDUMP_COREDIR=%s\n' \
		"$t/collector/nfs" >"$t/defaults"
	cp "$t/defaults" "$t/kc/defaults"
	remoterun
	got=$(ls "$t"/collector/nfs/*/dump.* 2>/dev/null | head -n 1)
	expect "nfs target: the dump written through the mount reads as the merged note (amended on its way)" \
		sh -c '[ -n "$1" ] && "$2" "$1" 2>/dev/null | cmp -s - "$3" &&
			grep -q "^mount -t nfs .* server:/export" "$4" && grep -q "^umount " "$4" &&
			grep -q "the dump goes to nfs server:/export amended on its way" "$4"' sh "$got" "$vie_real" "$t/merged" "$t/kc/calls"
	expect "nfs target: the crashed boot's values beside the dump in the share, 0600" \
		sh -c 'f=$(ls "$1"/*/saved.vmcoreinfo) && cmp -s "$f" "$2" && [ "$(stat -c %a "$f")" = 600 ]' sh "$t/collector/nfs" "$t/run/crashed.vmcoreinfo"
else
	nok "ssh target: cannot run (real kdump-config: ${kc_why:-ok}; $(tail -n 1 "$t/make.log" 2>/dev/null))"
fi

# --- the RHEL wrapper (vmcoreinfo-ext-makedumpfile), with fakes ---
# The values of the crashed boot found among the saved file and the kept
# ones; put beside a dump file; sent with a stream by the ssh that reads
# it (kdumpctl's own command line), 0600 whatever the umask.
w=$t/wrapper
mkdir -p "$w/bin" "$w/vmcoreinfo-ext/boots" "$w/out" "$w/remote"
wrapper=$top/userspace/wrapper/vmcoreinfo-ext-makedumpfile
cat >"$w/bin/vie" <<'FAKE'
#!/bin/sh
echo "vie $*" >>"$W/calls"
case $1 in
--source) [ "$4" = "$W_CRASHED" ] || { echo "vmcoreinfo-ext: $4: saved file belongs to another boot" >&2; exit 1; }
	echo overlay >"$8" ;;
amend) [ "$2" = --stream ] && exec cat
	echo "$4: kdump-compressed dump amended: 3 entries added"
	# The real reader's warnings come after its result.
	echo "vmcoreinfo-ext: warning: $4 is readable by other users (mode 644), and its note now spells out the KASLR layout" >&2 ;;
esac
FAKE
printf '#!/bin/sh
echo "makedumpfile $*" >>"$W/calls"
for o; do :; done
case $o in /proc/vmcore) echo stream ;; *) echo dump >"$o" ;; esac
' >"$w/bin/makedumpfile"
printf '#!/bin/sh
echo "ssh $*" >>"$W/calls"
for c; do :; done
sh -c "$c"
' >"$w/bin/ssh"
chmod 755 "$w/bin"/*
echo stale >"$w/vmcoreinfo-ext/saved.vmcoreinfo"
echo crashed >"$w/vmcoreinfo-ext/boots/b.vmcoreinfo"
wrun() { env W="$w" W_CRASHED="${W_CRASHED:-$w/vmcoreinfo-ext/boots/b.vmcoreinfo}" PATH="$w/bin:$PATH" \
	VMCOREINFO_EXT="$w/bin/vie" MAKEDUMPFILE="$w/bin/makedumpfile" \
	VMCOREINFO_EXT_OVERLAY="$w/overlay" sh "$wrapper" --saved "$w/vmcoreinfo-ext/saved.vmcoreinfo" "$@"; }
out=$(umask 022; wrun -c -d 31 /proc/vmcore "$w/out/vmcore-incomplete" 2>&1)
expect "wrapper: a stale saved file, a kept boot's file verifies: makedumpfile -i, amend with it, the values beside the dump (0600)" \
	sh -c 'grep -q "^makedumpfile -i $1/overlay -c -d 31" "$1/calls" &&
		grep -q "^vie amend --ext-file $1/vmcoreinfo-ext/boots/b.vmcoreinfo $1/out/vmcore-incomplete" "$1/calls" &&
		cmp -s "$1/out/saved.vmcoreinfo" "$1/vmcoreinfo-ext/boots/b.vmcoreinfo" &&
		[ "$(stat -c %a "$1/out/saved.vmcoreinfo")" = 600 ] &&
		printf %s "$2" | grep -q "the values put beside the dump"' sh "$w" "$out"
expect "wrapper: what amend said, its result and its warning, each on a line of its own" \
	sh -c 'printf %s "$1" | grep -q "^vmcoreinfo-ext-makedumpfile: .*vmcore-incomplete: kdump-compressed dump amended: 3 entries added$" &&
		printf %s "$1" | grep -q "^vmcoreinfo-ext-makedumpfile: vmcoreinfo-ext: warning: .* is readable by other users"' sh "$out"
out=$( (umask 022; wrun -F -c -d 31 /proc/vmcore |
	W=$w "$w/bin/ssh" -i "$w/key" -o BatchMode=yes root@collector "umask 0077 && dd bs=512 of='$w/remote/vmcore-incomplete'") 2>&1)
expect "wrapper, stream to kdumpctl's ssh: amended on its way with the verified file, which is sent with the same ssh into the dump's directory, 0600" \
	sh -c 'cmp -s "$1/remote/saved.vmcoreinfo" "$1/vmcoreinfo-ext/boots/b.vmcoreinfo" &&
		[ "$(stat -c %a "$1/remote/saved.vmcoreinfo")" = 600 ] && [ "$(cat "$1/remote/vmcore-incomplete")" = stream ] &&
		grep -q "^vie amend --stream --ext-file $1/vmcoreinfo-ext/boots/b.vmcoreinfo\$" "$1/calls" &&
		grep -q "^ssh -i $1/key -o BatchMode=yes root@collector umask 0077 && dd bs=512 of=.$1/remote/saved.vmcoreinfo." "$1/calls" &&
		printf %s "$2" | grep -q "the values sent with the dump: $1/remote/saved.vmcoreinfo"' sh "$w" "$out"
rm -f "$w/out/saved.vmcoreinfo"
out=$(W_CRASHED=none wrun -c -d 31 /proc/vmcore "$w/out/vmcore-incomplete" 2>&1)
expect "wrapper: nothing verifies: makedumpfile alone, nothing beside the dump, why said" \
	sh -c '[ ! -e "$1/out/saved.vmcoreinfo" ] && printf %s "$2" | grep -q "saved.vmcoreinfo: saved file belongs to another boot; dumping without the overlay"' sh "$w" "$out"
mv "$w/vmcoreinfo-ext" "$w/vmcoreinfo-ext.kept"
mkdir -p "$w/vmcoreinfo-ext"
echo "2026-12-07 16:46:01 UTC 4.18.0-553.el8_10.x86_64: vmcoreinfo_ext module not loaded: its signing key is not enrolled: x: nothing saved" >"$w/vmcoreinfo-ext/not-saved"
out=$(wrun -c -d 31 /proc/vmcore "$w/out/vmcore-incomplete" 2>&1)
expect "wrapper: no saved file, the crashed boot's save said why: that, in the warning" \
	sh -c 'printf %s "$1" | grep -q "^vmcoreinfo-ext-makedumpfile: warning: no saved values at .*saved.vmcoreinfo (vmcoreinfo-ext-save, at 2026-12-07 16:46:01 UTC 4.18.0-553.el8_10.x86_64: vmcoreinfo_ext module not loaded: its signing key is not enrolled: x: nothing saved); dumping without the overlay$"' sh "$out"
rm -rf "$w/vmcoreinfo-ext"
mv "$w/vmcoreinfo-ext.kept" "$w/vmcoreinfo-ext"


[ -s "$t/fake-bad-calls" ] && sed 's/^/#   unexpected call: /' "$t/fake-bad-calls"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
