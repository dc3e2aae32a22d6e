#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# arm64: the module and the reader on Debian's arm64 kernels (Debian 12's
# 6.1, Debian 11's 5.10) under qemu-system-aarch64 (TCG).  The module is
# cross-built with W=1 against each kernel's Debian headers (probes, and
# the VIE_NO_PROBES=1 fallbacks, which ride along into the guest), each
# kernel boots with KASLR on and off and runs guest/suite-arm64-module.sh,
# then a kdump round trip runs on 5.10 (guest/suite-kdump.sh and
# suite-crash.sh, as on x86_64; Debian 12's arm64 kexec-tools and
# makedumpfile do not complete one on 6.1).
#
#   tests/qemu/run-arm64-tests.sh [module] [kdump]    (default: both)
#
# A missing kernel or tool is a failure that names it.  Prints a progress
# line per boot and ends with "N passed, N failed, N skipped", counting
# checks (builds, and each boot's lines), as the other QEMU suites do.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-arm64.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (/var/lib/vmcoreinfo-ext-deps, depmod)"
phases=${*:-module kdump}
pass=0 fail=0 skipped=0
A=$VIE_WORK/arm64
mkdir -p "$A"

result() {	# result 0|1 TEXT [DETAIL-FILE]
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok: $2"
	else
		fail=$((fail + 1)); echo "FAIL: $2"
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 20 "$3" | sed 's/^/    /'
	fi
}
finish() {
	echo "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" -eq 0 ]
	exit
}
# One boot's verdict: its checks counted one by one (vie_tally: the guest's
# and the host's "ok"/"not ok" lines, skips with their reason), and on
# failure what failed.
boot_report() {	# boot_report NAME RC TEXT
	local res=$VIE_WORK/$1.result.txt p f s
	read -r p f s < <(vie_tally "$res")
	if [ "$2" = 0 ]; then
		echo "$3: PASS ($p checks ok, $s skipped)"
		grep -E '^# ' "$res" | sed 's/^/    /'
	else
		# vie_verdict wrote a "not ok - boot:" line for every failure it
		# found; a failure without one still counts once.
		[ "$f" -eq 0 ] && f=1
		echo "$3: FAIL ($p checks ok, $f failed)"
		grep -v '^ok' "$res" 2>/dev/null | grep -v '^file ' | sed 's/^/    /'
		echo "    console: $VIE_WORK/$1.console"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
	grep '# SKIP' "$res" 2>/dev/null | sed 's/^ok - # SKIP /    skipped: /; s/^ok - .*# SKIP /    skipped: /'
}

missing=$(vie_arm64_missing)
if [ -n "$missing" ]; then
	while read -r m; do result 1 "missing: $m"; done <<<"$missing"
	finish
fi
declare -A KV
while read -r label kver; do KV[$label]=$kver; done < <(vie_arm64_kernels)

vie_arm64_build_guest_probe
result $? "guest-probe cross-built for aarch64 (static)"
vie_arm64_build_reader >"$A/reader.log" 2>&1
result $? "vmcoreinfo-ext cross-built for aarch64 (static)" "$A/reader.log"

# Builds: the probed module (what DKMS builds on an arm64 machine) and
# the fallbacks, per kernel.
for label in 6.1 5.10; do
	kver=${KV[$label]}
	for mode in probes fallback; do
		args=()
		[ $mode = fallback ] && args=(VIE_NO_PROBES=1)
		vie_arm64_build_module "$kver" "$A/build-$mode-$kver" "${args[@]}"
		result $? "W=1 cross build ($mode) against Debian's arm64 $label headers ($kver), no warnings" \
			"$A/build-$mode-$kver.log"
	done
done

if [[ " $phases " == *" module "* ]]; then
	for label in 6.1 5.10; do
		kver=${KV[$label]}
		ko=$A/build-probes-$kver/vmcoreinfo_ext.ko
		[ -f "$ko" ] || continue
		extra=$(mktemp -d "$A/extra.XXXXXX")
		mkdir -p "$extra/lib"
		cp "$A/build-fallback-$kver/vmcoreinfo_ext.ko" "$extra/lib/vie-fallback.ko" 2>/dev/null
		mkdir -p "$extra/bin"
		cp "$VIE_TOP/userspace/build/aarch64/vmcoreinfo-ext-static" "$extra/bin/vmcoreinfo-ext"
		VIE_EXTRA_ROOT=$extra vie_arm64_initramfs "$A/module-$kver.cpio.gz" "$kver" "$ko"
		rm -rf "$extra"
		for kaslr in on off; do
			name=arm64-module-$label-kaslr_$kaslr
			t0=$(date +%s)
			vie_arm64_boot "$name" "$kver" "$A/module-$kver.cpio.gz" "$kaslr" 300 vie.suite=arm64-module
			rc=$?
			python3 "$VIE_TOP/tests/qemu/extract.py" "$VIE_WORK/$name.result.txt" "$A/$name"
			# A saved file of this boot: a stale sample for the kdump test.
			[ -s "$A/$name/saved" ] && cp "$A/$name/saved" "$A/saved-$label-kaslr_$kaslr"
			boot_report "$name" $rc "[module] arm64 $label ($kver) kaslr=$kaslr, $(($(date +%s) - t0)) s"
		done
	done
fi

# kdump round trip on 5.10 (KASLR on): the module's values saved in the
# first kernel, the crash kernel loaded with kexec -p, a real crash (sysrq
# c), then in the crash kernel vmcoreinfo-ext verifies the saved file
# against /proc/vmcore and makedumpfile dumps with the overlay
# (vmcoreinfo-ext-makedumpfile), kdump-compressed onto vda and ELF onto
# vdb, both flattened, the first amended on its way (amend --stream); the
# host rebuilds them (makedumpfile -R) and reads their notes back.  Saved files of the module boots
# (another boot of the same kernel, and the other kernel) must be refused.
round_trip() {
	local label=$1 kver=${KV[$1]} kaslr=$3 name=arm64-kdump-$1-kaslr_$3 t0 rc out res tools ko kind disk sum
	t0=$(date +%s)
	out=$A/$name
	res=$VIE_WORK/$name.result.txt
	ko=$A/build-probes-$kver/vmcoreinfo_ext.ko
	rm -rf "$out"
	mkdir -p "$out"
	tools=$(mktemp -d "$A/tools.XXXXXX")
	mkdir -p "$tools/bin" "$tools/boot" "$tools/vie-stale"
	cp "$VIE_TOP/userspace/build/aarch64/vmcoreinfo-ext-static" "$tools/bin/vmcoreinfo-ext"
	cp "$VIE_TOP/userspace/wrapper/vmcoreinfo-ext-makedumpfile" "$tools/bin/"
	vie_arm64_add_bin "$tools" /usr/bin/makedumpfile &&
		vie_arm64_add_bin "$tools" /sbin/kexec || { result 1 "arm64 kexec/makedumpfile for the guest"; return; }
	[ -f "$A/saved-$label-kaslr_on" ] && cp "$A/saved-$label-kaslr_on" "$tools/vie-stale/other-boot-same-kernel"
	[ -f "$A/saved-$2-kaslr_on" ] && cp "$A/saved-$2-kaslr_on" "$tools/vie-stale/other-kernel"
	VIE_EXTRA_ROOT=$tools vie_arm64_initramfs "$A/crash-$kver.cpio.gz" "$kver" "$ko" virtio_pci virtio_blk
	cp "$(vie_arm64_kroot "$kver")/boot/vmlinuz-$kver" "$tools/boot/vmlinuz"
	cp "$A/crash-$kver.cpio.gz" "$tools/boot/crash.cpio.gz"
	VIE_EXTRA_ROOT=$tools vie_arm64_initramfs "$A/first-$kver.cpio.gz" "$kver" "$ko"
	rm -rf "$tools"
	truncate -s 0 "$out/vda.img" "$out/vdb.img"
	truncate -s 1G "$out/vda.img" "$out/vdb.img"
	VIE_MEM=1536 VIE_QEMU_EXTRA="-drive file=$out/vda.img,format=raw,if=none,id=vda -device virtio-blk-pci,drive=vda -drive file=$out/vdb.img,format=raw,if=none,id=vdb -device virtio-blk-pci,drive=vdb" \
		vie_arm64_boot "$name" "$kver" "$A/first-$kver.cpio.gz" "$kaslr" 600 vie.suite=kdump crashkernel=384M
	rc=$?
	python3 "$VIE_TOP/tests/qemu/extract.py" "$res" "$out"
	if [ $rc = 0 ]; then
		vie_readback "$out" "$res" || rc=1
		# The kdump-compressed arm64 dump, amended on its way in the crash
		# kernel: it is the crashed kernel's note plus the module lines it
		# lacks, in the kernel's format (0x%lx for the ranges); amend on
		# the host finds nothing to add.
		sed -n 's/^module //p' "$out/records" >"$out/module-before-crash"
		expected_merge "$out/vmcore-note" "$out/module-before-crash" >"$out/amend-expected"
		if "$VIE_TOP/userspace/build/vmcoreinfo-ext" amend --ext-file "$out/saved" \
			"$out/dump.kdump" >"$out/amend-kdump.log" 2>&1 &&
			grep -q 'already carries every entry: unchanged' "$out/amend-kdump.log" &&
			"$VIE_TOP/userspace/build/vmcoreinfo-ext" "$out/dump.kdump" >"$out/amended-kdump" 2>>"$out/amend-kdump.log" &&
			cmp -s "$out/amended-kdump" "$out/amend-expected"; then
			echo "ok - host: dump.kdump, amended on its way: its note = the crashed kernel's + the $(($(wc -l <"$out/amend-expected") - $(wc -l <"$out/vmcore-note"))) module lines it lacked; amend adds nothing" >>"$res"
		else
			echo "not ok - host: vmcoreinfo-ext amend dump.kdump: $(tail -n 1 "$out/amend-kdump.log")" >>"$res"
			rc=1
		fi
		# makedumpfile -E leaves no room below the first PT_LOAD: amend
		# refuses in one line and leaves the dump as it was.
		sum=$(sha256sum <"$out/dump.elf")
		"$VIE_TOP/userspace/build/vmcoreinfo-ext" amend --ext-file "$out/saved" \
			"$out/dump.elf" >"$out/amend-elf.log" 2>&1
		if [ $? = 1 ] && [ "$(wc -l <"$out/amend-elf.log")" = 1 ] && [ "$(sha256sum <"$out/dump.elf")" = "$sum" ]; then
			echo "ok - host: vmcoreinfo-ext amend dump.elf (makedumpfile -E) refused in one line, dump unchanged" >>"$res"
		else
			echo "not ok - host: vmcoreinfo-ext amend dump.elf: $(tail -n 1 "$out/amend-elf.log")" >>"$res"
			rc=1
		fi
		if [ -s "$out/module-before-crash" ] && ! grep -vxFf "$out/overlay" "$out/module-before-crash" >"$out/missing"; then
			echo "ok - host: overlay lines = module lines recorded before the crash ($(wc -l <"$out/module-before-crash") lines)" >>"$res"
		else
			echo "not ok - host: overlay lacks module lines: $(tr '\n' ' ' <"$out/missing" 2>/dev/null)" >>"$res"
			rc=1
		fi
	fi
	boot_report "$name" $rc "[kdump] arm64 $label ($kver) kaslr=$kaslr, crashkernel=384M, $(($(date +%s) - t0)) s"
	grep -E '^ok - host' "$res" | sed 's/^/    /'
	sed -n 's/^makedumpfile-\([a-z]*\) /    makedumpfile (\1) ended: /p' "$out/records"
	rm -f "$out/vda.img" "$out/vdb.img"
}

if [[ " $phases " == *" kdump "* ]]; then
	if make -s -C "$VIE_TOP/userspace" >"$A/host-reader.log" 2>&1; then
		for rt in ${VIE_ARM64_KDUMP:-5.10:6.1:on}; do
			IFS=: read -r a b c <<<"$rt"
			round_trip "$a" "$b" "$c"
		done
	else
		result 1 "vmcoreinfo-ext (host build)" "$A/host-reader.log"
	fi
fi

finish
