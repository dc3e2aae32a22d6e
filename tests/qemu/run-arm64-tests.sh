#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# arm64: the module and the reader on Debian's arm64 kernels (Debian 12's
# 6.1, Debian 11's 5.10) under qemu-system-aarch64 (TCG).  The module is
# cross-built with W=1 against each kernel's Debian headers (probes, and
# the VIE_NO_PROBES=1 fallbacks, which ride along into the guest), each
# kernel boots with KASLR on and off and runs guest/suite-arm64-module.sh,
# then a kdump round trip runs on 6.1 (guest/suite-kdump.sh and
# suite-crash.sh, as on x86_64).
#
#   tests/qemu/run-arm64-tests.sh [module] [kdump]    (default: both)
#
# A missing kernel or tool is a failure that names it.  Prints a progress
# line per boot and ends with "N passed, N failed, N skipped".
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
# One boot's verdict, its in-guest skips and, on failure, what failed.
boot_report() {	# boot_report NAME RC TEXT
	local res=$VIE_WORK/$1.result.txt
	if [ "$2" = 0 ]; then
		pass=$((pass + 1)); echo "$3: PASS ($(grep -c '^ok' "$res") checks ok)"
		grep -E '^# ' "$res" | sed 's/^/    /'
	else
		fail=$((fail + 1)); echo "$3: FAIL ($(grep -c '^ok' "$res" 2>/dev/null) checks ok)"
		grep -v '^ok' "$res" 2>/dev/null | grep -v '^file ' | sed 's/^/    /'
		echo "    console: $VIE_WORK/$1.console"
	fi
	skipped=$((skipped + $(grep -c '# SKIP' "$res" 2>/dev/null)))
	grep '# SKIP' "$res" 2>/dev/null | sed 's/^ok - # /    skipped: /'
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
		VIE_EXTRA_ROOT=$extra vie_arm64_initramfs "$A/module-$kver.cpio.gz" "$kver" "$ko"
		rm -rf "$extra"
		for kaslr in on off; do
			name=arm64-module-$label-kaslr_$kaslr
			t0=$(date +%s)
			vie_arm64_boot "$name" "$kver" "$A/module-$kver.cpio.gz" "$kaslr" 300 vie.suite=arm64-module
			rc=$?
			python3 "$VIE_TOP/tests/qemu/extract.py" "$VIE_WORK/$name.result.txt" "$A/$name"
			boot_report "$name" $rc "[module] arm64 $label ($kver) kaslr=$kaslr, $(($(date +%s) - t0)) s"
		done
	done
fi

finish
