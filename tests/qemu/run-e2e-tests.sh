#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End to end: vmcoreinfo-ext with the DKMS-built module on live Debian
# kernels, then real kdump round trips in which makedumpfile runs in the
# crash kernel with the overlay vmcoreinfo-ext made from values saved in
# the first kernel.
#
#   tests/qemu/run-e2e-tests.sh [live] [kdump]    (default: both)
#
# Live: 6.1 (5-level), 6.12 and 5.10 (4-level), KASLR on.
# kdump: 6.1 (5-level) and 6.12 (4-level), KASLR on, crashkernel=384M.
#   VIE_E2E_KERNELS="6.1"   live boots of these kernels only (and the
#                           kdump round trips of those among 6.1, 6.12)
# Every kernel named is expected (tests/qemu/lib.sh): one that is not
# installed is a failure naming it.  The kdump tests need "stale" saved
# files from the live boots; a sample missing is a SKIP line, and a
# failure when the live phase of that kernel ran in this invocation or
# when CI is set in the environment.
# Prints a progress line and verdict per boot; counts checks (the guests'
# and the host's "ok"/"not ok" lines; skips with their reason) and ends
# with "N passed, N failed, N skipped".
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (DKMS, /boot)"
phases=${*:-live kdump}
pass=0 fail=0 skipped=0
E=$VIE_WORK/e2e
mkdir -p "$E"

declare -A KV MISSING
while read -r label kver; do KV[$label]=$kver; done < <(vie_kernels)
while read -r label why; do MISSING[$label]=$why; done < <(vie_kernels_missing)
e2e_labels=${VIE_E2E_KERNELS:-6.1 6.12 5.10}
kdump_labels=$(for l in 6.1 6.12; do case " $e2e_labels " in *" $l "*) echo $l ;; esac; done)
for l in $e2e_labels; do
	[ -n "${KV[$l]:-}${MISSING[$l]:-}" ] ||
		vie_die "unknown kernel label '$l' (expected kernels: $(vie_kernel_labels | tr '\n' ' '))"
done
live_kernels=$(for l in $e2e_labels; do [ -n "${KV[$l]:-}" ] && echo "$l"; done)

# A failure that is not a boot: one failed check.
fail_check() { fail=$((fail + 1)); echo "FAIL: $*"; }

verdict() {	# verdict OK|FAIL TEXT RESULT-FILE [INFO-REGEX]: count its checks
	local p f s
	read -r p f s < <(vie_tally "$3")
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
	if [ "$1" = FAIL ] && [ "$f" = 0 ]; then
		echo "not ok - host: the run failed without a failed check line" >>"$3"
		f=1 fail=$((fail + 1))
	fi
	if [ "$1" = OK ]; then
		echo "$2, $p checks ok, $s skipped: PASS"
		[ -n "${4:-}" ] && grep -E "$4" "$3" | sed 's/^/    /'
	else
		echo "$2, $p checks ok, $f failed, $s skipped: FAIL"
		grep -v -e '^ok' -e '^file ' -e '^record ' -e '^VIE-BOOT' "$3" | sed 's/^/    /'
	fi
	grep '^ok .*# SKIP' "$3" | sed 's/^ok - # SKIP /    skipped: /'
}

for l in $e2e_labels; do
	[ -n "${MISSING[$l]:-}" ] && fail_check "expected kernel $l is not installed: ${MISSING[$l]} (scripts/install-deps.sh)"
done
[ -n "$live_kernels" ] || { echo "$pass passed, $fail failed, $skipped skipped"; exit 1; }

# Userspace and module.
# The reader for the guests (static) and for the host read-back, both
# from this tree.
make -s -C "$VIE_TOP/userspace" all static >"$E/userspace.log" 2>&1 ||
	{ cat "$E/userspace.log"; vie_die "vmcoreinfo-ext build failed"; }
vie_build_guest_probe || vie_die "cannot build guest-probe"
# shellcheck disable=SC2086
vie_dkms_install $(for l in $live_kernels; do echo "${KV[$l]}"; done) ||
	{ fail_check "DKMS build/install"; echo "$pass passed, $fail failed, $skipped skipped"; exit 1; }

# drgn 0.2.0, the newest reader (../shared/drgn): in the live boots of
# VIE_DRGN_BOOTS (LABEL-lPAGING: --vmcoreinfo on the live kernel; its
# python costs a boot some 15 s under TCG), and on the host for the dumps
# (tests/qemu/consumers.py).  Missing or not importing: every check that
# needs it fails, by name.
drgn_boots=${VIE_DRGN_BOOTS:-6.1-l5 6.12-l4}
drgn_why=
if vie_drgn_unpack >"$E/drgn.why"; then
	vie_drgn_root "$E/drgn-root" || drgn_why="cannot assemble the guest's drgn root"
else
	drgn_why=$(cat "$E/drgn.why")
fi
[ -n "$drgn_why" ] && fail_check "$drgn_why: drgn's checks in the live guests and on the dumps cannot run"

# What every e2e guest carries besides the basics.
tools=$(mktemp -d "$E/tools.XXXXXX")
mkdir -p "$tools/bin" "$tools/boot" "$tools/vie-stale"
cp "$VIE_TOP/userspace/build/vmcoreinfo-ext-static" "$tools/bin/vmcoreinfo-ext"
vie_add_bin "$tools" "$(command -v makedumpfile)"
vie_add_bin "$tools" "$(command -v kexec)"
cp "$VIE_TOP/userspace/wrapper/vmcoreinfo-ext-makedumpfile" "$tools/bin/"

host_checks() {	# host_checks DIR: the JSON and makedumpfile forms agree with the text
	python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1]
text = open(d + "/merged.txt").read().splitlines()
kv = dict(l.split("=", 1) for l in text)
j = json.load(open(d + "/merged.json"))
errs = []
# Schema 1 (vmcoreinfo-ext(8)): every value the text's string; the
# numbers' 64 bits in "hex".
if j.get("schema_version") != 1:
    errs.append("json schema_version %r" % j.get("schema_version"))
ent, hexes = j["vmcoreinfo"], j["hex"]
for k, v in kv.items():
    if k not in ent:
        errs.append("json lacks " + k); continue
    ok = ent[k] == v
    if k.startswith("NUMBER("):
        n = int(v, 0)   # kernels print %ld, and 6.12 also 0x%lx (VMALLOC_START)
        ok = ok and hexes.get(k) == "0x%016x" % (n % (1 << 64))
    elif k.startswith("SYMBOL(") or k == "KERNELOFFSET":
        ok = ok and hexes.get(k) == "0x%016x" % int(v, 16)
    if not ok:
        errs.append("json %s=%r (hex %r), text %s" % (k, ent[k], hexes.get(k), v))
over = open(d + "/overlay").read().splitlines()
for l in over:
    if l.startswith("SYMBOL("):
        errs.append("overlay has " + l)
    if l not in text:
        errs.append("overlay line not in text: " + l)
for need in ("OSRELEASE", "PAGESIZE"):
    if not any(l.startswith(need + "=") for l in over):
        errs.append("overlay lacks " + need)
for l in text:
    if l.startswith("NUMBER(") and l not in over:
        errs.append("overlay lacks " + l)
for e in errs:
    print("    " + e)
sys.exit(1 if errs else 0)
PY
}

if [[ " $phases " == *" live "* ]]; then
	for label in $live_kernels; do
		kver=${KV[$label]}
		# BUILD-ID's truth: the booted vmlinux's notes and build ID.
		if ! vie_vmlinux_notes "$kver" "$tools/vie-expected"; then
			fail_check "$label ($kver): no notes or build ID from /boot/vmlinuz-$kver"
			continue
		fi
		extra=$tools
		case " $drgn_boots " in *" $label-l"*)
			if [ -z "$drgn_why" ]; then
				extra="$tools $E/drgn-root"
			else
				fail_check "$label: drgn --vmcoreinfo on the live kernel not run: $drgn_why"
			fi ;;
		esac
		VIE_EXTRA_ROOT=$extra vie_initramfs "$E/live-$kver.cpio.gz" "$kver"
		# One paging mode each: 6.1 5-level and 6.12 4-level (the kdump
		# round trips' own modes, and their stale samples), 5.10 4-level
		# (no CONFIG_X86_5LEVEL).  Each live source reads the note through
		# both layouts that way; the other boot of a kernel would check
		# nothing these do not (qemu-module boots every mode).
		case $label in
		6.1) pagings=5 ;;
		*) pagings=4 ;;
		esac
		for paging in $pagings; do
			name=e2e-live-$label-l$paging
			drgn_arg=
			case " $drgn_boots " in *" $label-l$paging "*)
				[ -z "$drgn_why" ] && drgn_arg=vie.drgn=yes ;;
			esac
			t0=$(date +%s)
			# This boot's saved file, and nothing older, is the stale sample.
			rm -f "$E/saved-$label-l$paging"
			live_ran="${live_ran:-} $label-l$paging"
			# makedumpfile --mem-usage wants a crashkernel reservation.
			VIE_MEM=768 vie_boot "$name" "$kver" "$E/live-$kver.cpio.gz" "$paging" on 300 \
				vie.suite=live crashkernel=128M $drgn_arg
			rc=$?
			out=$E/$name
			rm -rf "$out"
			python3 "$VIE_TOP/tests/qemu/extract.py" "$VIE_WORK/$name.result.txt" "$out"
			if [ $rc = 0 ]; then
				if host_checks "$out" >"$out/host-checks.txt"; then
					echo "ok - host: the JSON and makedumpfile forms agree with the text" >>"$VIE_WORK/$name.result.txt"
				else
					rc=1
					sed 's/^ *//; s/^/not ok - host: /' "$out/host-checks.txt" >>"$VIE_WORK/$name.result.txt"
				fi
			fi
			[ -s "$out/saved" ] && cp "$out/saved" "$E/saved-$label-l$paging"
			v=OK; [ $rc = 0 ] || v=FAIL
			verdict $v "[live] $label ($kver) KASLR on, $(if [ "$(vie_paging "$kver" $paging)" = $paging ]; then echo "$paging-level"; else echo "LA57 CPU, 4-level kernel"; fi): $(($(date +%s) - t0)) s" \
				"$VIE_WORK/$name.result.txt" '^# (added|makedumpfile|devmem|BUILD-ID|drgn)'
		done
	done
	rm -rf "$tools/vie-expected"
fi

# amend_checks OUT RESULT-FILE: the dumps of a round trip, amended, read by
# the real readers (tests/qemu/consumers.py: crash, libkdumpfile, drgn,
# makedumpfile), each beside the same dump unamended:
#   - the kdump-compressed dump the wrapper amended in the crash kernel
#     (vdc); its original is the same file after amend --undo
#   - the flattened stream the wrapper amended on its way (vda); its
#     original, makedumpfile's own stream (vie-plain), is also amended in
#     place and with amend --stream here
#   - the ELF dump makedumpfile -E wrote (rebuilt): refused, unchanged
#   - a plain copy of /proc/vmcore (vdd), when there is one: amended when
#     the kernel's page rounding left room for the merged notes below the
#     first PT_LOAD (crash reads notes only there), else refused unchanged
#     (the 6.1 round trip here: 412 bytes of room, 3968 needed)
amend_checks() {
	local out=$1 res=$2 vie=$VIE_TOP/userspace/build/vmcoreinfo-ext rc=0 size sum
	umask 077	# the amended dumps spell out the KASLR layout
	consumers() {	# consumers KIND AMENDED ORIGINAL [NAME [MORE-ARGS...]]
		local n=${4:-$1} d=() more=("${@:5}")
		[ -n "${VIE_DRGN:-}" ] && [ -z "$drgn_why" ] &&
			d=(--drgn "$VIE_DRGN" --build-id "$(cat "$out/expected/build-id")")
		/usr/bin/python3 "$VIE_TOP/tests/qemu/consumers.py" --reader "$vie" \
			--saved "$out/saved" --kind "$1" "${d[@]}" "${more[@]}" "$2" "$3" "$out/consumers-$n" \
			>"$out/consumers-$n.log" 2>&1
		local crc=$?
		sed 's/^\(not \)\{0,1\}ok - /&host: /' "$out/consumers-$n.log" >>"$res"
		[ $crc = 0 ] || { grep -q '^not ok' "$out/consumers-$n.log" ||
			echo "not ok - host: consumers.py $n failed: $(tail -n 1 "$out/consumers-$n.log")" >>"$res"; rc=1; }
	}
	if ! vie_vmlinux_notes "$kver" "$out/expected" 2>"$out/expected.err"; then
		echo "not ok - host: no build ID from /boot/vmlinuz-$kver: $(cat "$out/expected.err")" >>"$res"
		rc=1
	fi
	# The dump amended in the crash kernel.
	size=$(sed -n 's/^dump-file-size //p' "$out/records")
	if [ -n "$size" ]; then
		head -c "$size" "$out/vdc.img" >"$out/amended.kdump"
		cp "$out/amended.kdump" "$out/undone.kdump"
		if "$vie" amend --undo "$out/undone.kdump" >"$out/undo.log" 2>&1 &&
			"$vie" "$out/undone.kdump" 2>/dev/null | cmp -s - "$out/vmcore-note" &&
			"$vie" "$out/amended.kdump" 2>/dev/null | cmp -s - "$out/amend-expected"; then
			echo "ok - host: the dump amended in the crash kernel reads as amended; amend --undo gives back the crashed kernel's note" >>"$res"
		else
			echo "not ok - host: the dump amended in the crash kernel, or its undo: $(tail -n 1 "$out/undo.log")" >>"$res"
			rc=1
		fi
		consumers kdump "$out/amended.kdump" "$out/undone.kdump"
		nobid_checks
	else
		echo "not ok - host: the crash kernel sent no amended dump" >>"$res"
		rc=1
	fi
	# The flattened streams, each as it ends (its end marker): on vda
	# amended on its way by the wrapper, on the vie-plain disk as
	# makedumpfile wrote it.
	stream_of() {
		local n
		n=$(/usr/bin/python3 -c '
import struct, sys
f = open(sys.argv[1], "rb")
pos = 4096
while True:
    f.seek(pos)
    off, size = struct.unpack(">qq", f.read(16))
    pos += 16
    if off == -1 and size == -1:
        break
    pos += size
# The amend record amend --stream writes right after the end marker.
f.seek(pos + 148)
if f.read(12) == b"VIE-AMEND-1\n":
    pos += 160
print(pos)' "$1") && head -c "$n" "$1" >"$2"
	}
	stream_of "$out/vda.img" "$out/onway.flat"
	stream_of "$out/plain.img" "$out/stream.flat"
	# Amended in place here, the plain stream reads as the one amended on
	# its way in the crash kernel (both: the crashed kernel's note + the
	# saved lines it lacks).
	cp "$out/stream.flat" "$out/amended.flat"
	if "$vie" amend --ext-file "$out/saved" "$out/amended.flat" >"$out/amend-flat.log" 2>&1 &&
		"$vie" "$out/amended.flat" 2>/dev/null | cmp -s - "$out/expect-kdump" &&
		"$vie" "$out/onway.flat" 2>/dev/null | cmp -s - "$out/expect-kdump" &&
		! "$vie" "$out/stream.flat" 2>/dev/null | cmp -s - "$out/expect-kdump"; then
		echo "ok - host: amend of makedumpfile's own stream: $(tail -n 1 "$out/amend-flat.log" | sed 's|^[^:]*: ||'); it reads as the stream amended on its way" >>"$res"
	else
		echo "not ok - host: amend of the flattened stream, or the stream amended on its way: $(tail -n 1 "$out/amend-flat.log")" >>"$res"
		rc=1
	fi
	# On its way, again on the host: the same records as in the crash
	# kernel, the same new notes.
	"$vie" amend --stream --ext-file "$out/saved" <"$out/stream.flat" >"$out/onway-host.flat" 2>"$out/onway-host.log"
	if [ $? = 0 ] && makedumpfile -R "$out/onway-host.kdump" <"$out/onway-host.flat" >/dev/null 2>&1 &&
		"$vie" "$out/onway-host.kdump" 2>/dev/null | cmp -s - "$out/expect-kdump"; then
		echo "ok - host: amend --stream of makedumpfile's own stream, rebuilt with makedumpfile -R, carries the merged note ($(stat -c %s "$out/stream.flat") -> $(stat -c %s "$out/onway-host.flat") bytes)" >>"$res"
	else
		echo "not ok - host: amend --stream of makedumpfile's own stream: $(tail -n 1 "$out/onway-host.log")" >>"$res"
		rc=1
	fi
	consumers flat "$out/onway.flat" "$out/stream.flat"
	# vmcoreinfo-ext verify on each dump: complete with an intact amend
	# record where amended (in the crash kernel, on its way, here),
	# incomplete where not; through a pipe too.  The reader prints an
	# amended dump, given no saved file, without a warning.
	verify_is() { vie_verify_is "$res" "$@" || rc=1; }
	[ -s "$out/amended.kdump" ] && verify_is "$out/amended.kdump" 0 "complete: .* added by amend (.*); amend record intact"
	[ -s "$out/undone.kdump" ] && verify_is "$out/undone.kdump" 1 "incomplete: .*; missing .*; not amended"
	[ -s "$out/nobid-amended.kdump" ] && verify_is "$out/nobid-amended.kdump" 0 "complete: .*, 3 added by amend (NUMBER(page_offset_base) NUMBER(vmalloc_base) NUMBER(vmemmap_base)), amend also added BUILD-ID; amend record intact"
	verify_is "$out/onway.flat" 0 "complete: .*; amend record intact"
	verify_is "$out/amended.flat" 0 "complete: .*; amend record intact"
	verify_is "$out/onway-host.flat" 0 "complete: .*; amend record intact" stdin
	verify_is "$out/stream.flat" 1 "incomplete: .*; not amended"
	if "$vie" "$out/onway.flat" >/dev/null 2>"$out/read.err" && [ ! -s "$out/read.err" ]; then
		echo "ok - host: the reader on the dump amended on its way, no --ext-file: no warning" >>"$res"
	else
		echo "not ok - host: the reader on the amended dump warns: $(head -n 1 "$out/read.err")" >>"$res"
		rc=1
	fi
	# makedumpfile -E leaves no room below the first PT_LOAD: refused.
	sum=$(sha256sum <"$out/dump.elf")
	"$vie" amend --ext-file "$out/saved" "$out/dump.elf" >"$out/amend-elf.log" 2>&1
	if [ $? = 1 ] && [ "$(wc -l <"$out/amend-elf.log")" = 1 ] &&
		grep -q 'no room below the first PT_LOAD' "$out/amend-elf.log" &&
		[ "$(sha256sum <"$out/dump.elf")" = "$sum" ]; then
		echo "ok - host: amend of the makedumpfile -E dump refused in one line, dump unchanged" >>"$res"
	else
		echo "not ok - host: amend of the makedumpfile -E dump: $(tail -n 1 "$out/amend-elf.log")" >>"$res"
		rc=1
	fi
	verify_is "$out/dump.elf" 1 "incomplete: ELF core, x86_64, .*; not amended"
	# A plain copy of /proc/vmcore.
	size=$(sed -n 's/^vmcore-size //p' "$out/records")
	if [ -n "$size" ]; then
		truncate -s "$size" "$out/vmcore.img"
		mv "$out/vmcore.img" "$out/copy.vmcore"
		cp --sparse=always "$out/copy.vmcore" "$out/amended.vmcore"
		"$vie" amend --ext-file "$out/saved" "$out/amended.vmcore" >"$out/amend-vmcore.log" 2>&1
		case $?:$(wc -l <"$out/amend-vmcore.log") in
		0:*)
			echo "ok - host: amend of the /proc/vmcore copy: $(tail -n 1 "$out/amend-vmcore.log" | sed 's|^[^:]*: ||')" >>"$res"
			verify_is "$out/amended.vmcore" 0 "complete: ELF core, .*; amend record intact"
			consumers elf "$out/amended.vmcore" "$out/copy.vmcore" ;;
		1:1)
			if grep -q 'no room below the first PT_LOAD' "$out/amend-vmcore.log" &&
				cmp -s "$out/amended.vmcore" "$out/copy.vmcore"; then
				echo "ok - host: amend of the /proc/vmcore copy refused in one line, unchanged: $(sed 's|^.*PT_LOAD for|no room for|' "$out/amend-vmcore.log")" >>"$res"
			else
				echo "not ok - host: amend of the /proc/vmcore copy: $(cat "$out/amend-vmcore.log"), or the copy changed" >>"$res"
				rc=1
			fi ;;
		*)
			echo "not ok - host: amend of the /proc/vmcore copy: $(tail -n 1 "$out/amend-vmcore.log")" >>"$res"
			rc=1 ;;
		esac
	fi
	return $rc
}

# nobid_checks (inside amend_checks): a dump of a kernel whose note lacks
# BUILD-ID, as before 5.9: the crashed kernel's dump as makedumpfile wrote
# it, with the line taken out of both its copies of the note
# (strip_build_id.py, written apart from vmcoreinfo-ext), then amended
# with the saved file, which carries the boot's BUILD-ID.  The readers
# (drgn 0.2.0 among them) read both.
nobid_checks() {
	cp "$out/undone.kdump" "$out/nobid.kdump"
	grep -v '^BUILD-ID=' "$out/vmcore-note" >"$out/nobid-note"
	grep '^BUILD-ID=\|^NUMBER(' "$out/saved" >"$out/nobid-adds"
	expected_merge "$out/nobid-note" "$out/nobid-adds" >"$out/nobid-expected"
	if /usr/bin/python3 "$VIE_TOP/tests/qemu/strip_build_id.py" "$out/nobid.kdump" \
		>"$out/strip.log" 2>&1 &&
		"$vie" "$out/nobid.kdump" 2>/dev/null | cmp -s - "$out/nobid-note"; then
		echo "ok - host: the dump without its BUILD-ID line reads as the crashed kernel's note less that line" >>"$res"
	else
		echo "not ok - host: strip_build_id.py: $(tail -n 1 "$out/strip.log")" >>"$res"
		rc=1; return
	fi
	cp "$out/nobid.kdump" "$out/nobid-amended.kdump"
	if "$vie" amend --ext-file "$out/saved" "$out/nobid-amended.kdump" >"$out/nobid-amend.log" 2>&1 &&
		grep -q 'amended: [0-9]* entries added (BUILD-ID ' "$out/nobid-amend.log" &&
		"$vie" "$out/nobid-amended.kdump" 2>/dev/null | cmp -s - "$out/nobid-expected"; then
		echo "ok - host: amended with the saved file, it carries BUILD-ID again, once, after the kernel's lines: $(sed 's|^[^:]*: ||' "$out/nobid-amend.log")" >>"$res"
	else
		echo "not ok - host: amend of the dump without BUILD-ID: $(tail -n 1 "$out/nobid-amend.log")" >>"$res"
		rc=1
	fi
	# The other readers do not read BUILD-ID: they read these dumps as
	# the ones above.
	if [ -n "${VIE_DRGN:-}" ] && [ -z "$drgn_why" ]; then
		consumers kdump "$out/nobid-amended.kdump" "$out/nobid.kdump" nobid --only-drgn-new
	fi
}

# kdump round trip: LABEL PAGING SAME-KERNEL-LIVE OTHER-KERNEL-LIVE, the
# last two naming the live boots (LABEL-lPAGING) whose saved files are the
# crash kernel's stale samples /vie-stale/other-boot-same-kernel and
# /vie-stale/other-kernel.
round_trip() {
	local label=$1 paging=$2 kver=${KV[$1]} name=e2e-kdump-$1-l$2 t0 rc out crash first
	local pair key sname why need=()
	t0=$(date +%s)
	out=$E/$name
	rm -rf "$out" "$tools/vie-stale"/*
	mkdir -p "$out"
	for pair in "$3:other-boot-same-kernel" "$4:other-kernel"; do
		key=${pair%%:*} sname=${pair#*:}
		if [ -s "$E/saved-$key" ]; then
			cp "$E/saved-$key" "$tools/vie-stale/$sname"
		elif [[ " ${live_ran:-} " == *" $key "* ]]; then
			need+=("$sname|the live boot $key ran but saved nothing")
		elif [ -n "${CI:-}" ]; then
			need+=("$sname|CI is set and no live boot $key saved a file")
		fi
	done
	crash=$E/crash-$kver.cpio.gz first=$E/first-$kver.cpio.gz
	VIE_EXTRA_ROOT=$tools vie_initramfs "$crash" "$kver" virtio_pci virtio_blk
	cp "/boot/vmlinuz-$kver" "$tools/boot/vmlinuz"
	cp "$crash" "$tools/boot/crash.cpio.gz"
	VIE_EXTRA_ROOT=$tools vie_initramfs "$first" "$kver"
	rm -f "$tools/boot"/*
	truncate -s 0 "$out/vda.img" "$out/vdb.img" "$out/vdc.img" "$out/plain.img"
	truncate -s 1G "$out/vda.img" "$out/vdb.img" "$out/vdc.img" "$out/plain.img"
	# Each disk its own device, in this order (vda, vdb, vdc, then those
	# the guest finds by serial number): makedumpfile's own stream,
	# without the wrapper (vie-plain), and on the round trip that asks, a
	# plain copy of /proc/vmcore (vie-vmcore).
	local disks= d
	for d in vda vdb vdc plain vmcore; do
		[ $d = vmcore ] && [ "${5:-}" != vmcore-copy ] && continue
		[ $d = vmcore ] && { truncate -s 0 "$out/vmcore.img"; truncate -s 2G "$out/vmcore.img"; }
		disks="$disks -drive file=$out/$d.img,format=raw,if=none,id=$d -device virtio-blk-pci,drive=$d"
		case $d in plain|vmcore) disks="$disks,serial=vie-$d" ;; esac
	done
	VIE_MEM=1536 VIE_QEMU_EXTRA="$disks" \
		vie_boot "$name" "$kver" "$first" "$paging" on 600 vie.suite=kdump crashkernel=384M
	rc=$?
	python3 "$VIE_TOP/tests/qemu/extract.py" "$VIE_WORK/$name.result.txt" "$out"
	res=$VIE_WORK/$name.result.txt
	# A stale sample that should have been there: its SKIP is a failure.
	for pair in "${need[@]}"; do
		sname=${pair%%|*} why=${pair#*|}
		sed -i "s|^ok - # SKIP \(no stale sample /vie-stale/$sname:.*\)|not ok - \1 (expected: $why)|" "$res"
		rc=1
	done
	if [ $rc = 0 ]; then
		vie_readback "$out" "$res" || rc=1
		vie_truth_check "$out" "$res" || rc=1
		# The overlay carries exactly what the module published before the crash.
		sed -n 's/^module //p' "$out/records" >"$out/module-before-crash"
		if [ ! -s "$out/module-before-crash" ]; then
			echo "not ok - host: no module values recorded before the crash" >>"$res"
			rc=1
		elif ! grep -vxFf "$out/overlay" "$out/module-before-crash" >"$out/missing"; then
			echo "ok - host: overlay values = module values recorded before the crash ($(wc -l <"$out/module-before-crash") lines)" >>"$res"
		else
			echo "not ok - host: overlay lacks module values: $(tr '\n' ' ' <"$out/missing")" >>"$res"
			rc=1
		fi
		amend_checks "$out" "$res" || rc=1
	fi
	v=OK; [ $rc = 0 ] || v=FAIL
	verdict $v "[kdump] $label ($kver) KASLR on, $paging-level: $(($(date +%s) - t0)) s" \
		"$res" '^# (other|saved|vmcoreinfo-ext-makedumpfile)|^ok - host'
	sed -n 's/^makedumpfile-\([a-z]*\) /    makedumpfile (\1) ended: /p' "$out/records"
	# VIE_KEEP_DUMPS=1 keeps them, to look at (hundreds of MB).
	[ -n "${VIE_KEEP_DUMPS:-}" ] ||
		rm -f "$out"/*.img "$out"/*.kdump "$out"/*.flat "$out"/*.elf "$out"/*.vmcore
}

if [[ " $phases " == *" kdump "* ]]; then
	for l in $kdump_labels; do
		[ -n "${KV[$l]:-}" ] || continue	# named as missing above
		case $l in
		6.1) round_trip 6.1 5 6.1-l5 6.12-l4 vmcore-copy ;;
		6.12) round_trip 6.12 4 6.12-l4 6.1-l5 ;;
		esac
	done
fi
rm -rf "$tools"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
