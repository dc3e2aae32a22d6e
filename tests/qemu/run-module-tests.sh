#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module on real kernels: builds vmcoreinfo_ext with DKMS for every
# kernel under test, then boots each one in QEMU with KASLR on and off and
# with 4- and 5-level paging, and runs guest/suite-module.sh inside.
#
#   tests/qemu/run-module-tests.sh [LABEL...]   (default: every kernel)
#
# Prints a progress line per boot and ends with "N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (DKMS, /boot)"

pass=0 fail=0 skipped=0
mapfile -t kernels < <(vie_kernels)
if [ $# -gt 0 ]; then
	want=" $* "
	mapfile -t kernels < <(printf '%s\n' "${kernels[@]}" | while read -r l k; do
		case "$want" in *" $l "*) echo "$l $k" ;; esac; done)
fi
[ ${#kernels[@]} -gt 0 ] || vie_die "no kernel to test (run scripts/install-deps.sh)"

vie_build_guest_probe || vie_die "cannot build guest-probe"
kvers=$(printf '%s\n' "${kernels[@]}" | awk '{ print $2 }')
# shellcheck disable=SC2086
if vie_dkms_install $kvers; then
	echo "ok: dkms add/build/install for $(echo $kvers)"
	pass=$((pass + 1))
else
	echo "FAIL: dkms build/install"
	echo "0 passed, 1 failed"
	exit 1
fi

total=$((${#kernels[@]} * 4)) n=0
for kl in "${kernels[@]}"; do
	read -r label kver <<<"$kl"
	initrd=$VIE_WORK/module-$kver.cpio.gz
	# The fallback build (VIE_NO_PROBES=1) rides along: the guest checks
	# that its CR4.LA57 and scnprintf paths publish the same values.
	extra=$(mktemp -d "$VIE_WORK/extra.XXXXXX")
	mkdir -p "$extra/lib"
	vie_build_module "$kver" "$VIE_WORK/fallback-$kver" VIE_NO_PROBES=1 ||
		vie_die "fallback build failed: $VIE_WORK/fallback-$kver.log"
	cp "$VIE_WORK/fallback-$kver/vmcoreinfo_ext.ko" "$extra/lib/vie-fallback.ko"
	VIE_EXTRA_ROOT=$extra vie_initramfs "$initrd" "$kver"
	rm -rf "$extra"
	for kaslr in on off; do
		for paging in 4 5; do
			n=$((n + 1))
			name=module-$label-kaslr_$kaslr-l$paging
			t0=$(date +%s)
			if vie_boot "$name" "$kver" "$initrd" "$paging" "$kaslr" 300 vie.suite=module; then
				verdict=PASS pass=$((pass + 1))
			else
				verdict=FAIL fail=$((fail + 1))
			fi
			mode="$paging-level"
			[ "$(vie_paging "$kver" "$paging")" = "$paging" ] ||
				mode="LA57 CPU, 4-level kernel (no CONFIG_X86_5LEVEL)"
			echo "[$n/$total] $label ($kver) kaslr=$kaslr paging=$mode: $verdict" \
				"($(($(date +%s) - t0)) s, $(grep -c '^ok' "$VIE_WORK/$name.result.txt") checks ok)"
			# A check the guest skipped is counted as skipped, not passed.
			skipped=$((skipped + $(grep -c '# SKIP' "$VIE_WORK/$name.result.txt")))
			grep '# SKIP' "$VIE_WORK/$name.result.txt" | sed 's/^ok - # /    /'
			if [ "$verdict" = FAIL ]; then
				grep -v '^ok' "$VIE_WORK/$name.result.txt" | sed 's/^/    /'
				echo "    console: $VIE_WORK/$name.console"
			fi
		done
	done
done
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
