#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module on real kernels: builds vmcoreinfo_ext with DKMS for every
# kernel under test, then boots each one in QEMU with KASLR on and off and
# with 4- and 5-level paging (less the boots that would check nothing
# another does not: boots() below), and runs guest/suite-module.sh inside.
#
#   tests/qemu/run-module-tests.sh [LABEL...]   (default: every kernel)
#
# LABELs are those of VIE_EXPECTED_KERNELS (tests/qemu/lib.sh); an expected
# kernel that is not installed is a failure naming it.  Prints a progress
# line per boot; counts checks (the guest's "ok"/"not ok" lines, a boot
# that fails without one counts as one failed check, skips with their
# reason) and ends with "N passed, N failed, N skipped".
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (DKMS, /boot)"

pass=0 fail=0 skipped=0
labels=$(vie_kernel_labels | tr '\n' ' ')
want=" ${*:-$labels} "
for l in $want; do
	case " $labels " in *" $l "*) ;; *) vie_die "unknown kernel label '$l' (expected kernels: $labels)" ;; esac
done
mapfile -t kernels < <(vie_kernels | while read -r l k; do
	case "$want" in *" $l "*) echo "$l $k" ;; esac; done)
while read -r l why; do
	case "$want" in *" $l "*) ;; *) continue ;; esac
	echo "FAIL: expected kernel $l is not installed: $why (scripts/install-deps.sh)"
	fail=$((fail + 1))
done < <(vie_kernels_missing)
if [ ${#kernels[@]} -eq 0 ]; then
	echo "$pass passed, $fail failed, $skipped skipped"
	exit 1
fi

vie_build_guest_probe || vie_die "cannot build guest-probe"
# The reader, for the guest's BUILD-ID checks (guest/buildid.sh).
make -s -C "$VIE_TOP/userspace" static >"$VIE_WORK/userspace-static.log" 2>&1 ||
	{ cat "$VIE_WORK/userspace-static.log"; vie_die "vmcoreinfo-ext static build failed"; }
kvers=$(printf '%s\n' "${kernels[@]}" | awk '{ print $2 }')
# shellcheck disable=SC2086
if vie_dkms_install $kvers; then
	echo "ok: dkms add/build/install for $(echo $kvers)"
	pass=$((pass + 1))
else
	echo "FAIL: dkms build/install"
	echo "$pass passed, $((fail + 1)) failed, $skipped skipped"
	exit 1
fi

# The boots of each kernel (KASLR, paging the CPU offers): all four, but
# where one would check nothing another does not: the nokaslr boots of
# 6.1-cloud and 6.12 (the documented defaults, which 6.1's own nokaslr
# boots check with the same code), and 5.10's boots on a 5-level CPU
# (it has no CONFIG_X86_5LEVEL: it runs 4-level there and publishes what
# its 4-level boots do; a 4-level kernel on an LA57 CPU is Ubuntu 20.04's
# boot in run-distro-kernels.sh).
boots() {
	case $1 in
	6.1-cloud|6.12) echo "on4 on5" ;;
	5.10) echo "on4 off4" ;;
	*) echo "on4 on5 off4 off5" ;;
	esac
}
total=0 n=0
for kl in "${kernels[@]}"; do total=$((total + $(boots "${kl%% *}" | wc -w))); done
for kl in "${kernels[@]}"; do
	read -r label kver <<<"$kl"
	initrd=$VIE_WORK/module-$kver.cpio.gz
	# The fallback build (VIE_NO_PROBES=1) rides along: the guest checks
	# that its CR4.LA57 and scnprintf paths publish the same values.
	extra=$(mktemp -d "$VIE_WORK/extra.XXXXXX")
	mkdir -p "$extra/lib"
	if ! vie_build_module "$kver" "$VIE_WORK/fallback-$kver" VIE_NO_PROBES=1; then
		echo "FAIL: $label ($kver): fallback build (VIE_NO_PROBES=1) failed: $VIE_WORK/fallback-$kver.log; its boots not run"
		fail=$((fail + 1)) n=$((n + $(boots "$label" | wc -w)))
		rm -rf "$extra"
		continue
	fi
	cp "$VIE_WORK/fallback-$kver/vmcoreinfo_ext.ko" "$extra/lib/vie-fallback.ko"
	# BUILD-ID's truth: the booted vmlinux's notes and build ID.
	mkdir -p "$extra/bin" "$extra/usr/lib/vmcoreinfo-ext"
	cp "$VIE_TOP/userspace/build/vmcoreinfo-ext-static" "$extra/bin/vmcoreinfo-ext"
	# The packages' loader, for the lockdown checks.
	cp "$VIE_TOP/packaging/lib/vmcoreinfo-ext-load" "$extra/usr/lib/vmcoreinfo-ext/"
	if ! vie_vmlinux_notes "$kver" "$extra/vie-expected"; then
		echo "FAIL: $label ($kver): no notes or build ID from /boot/vmlinuz-$kver; its boots not run"
		fail=$((fail + 1)) n=$((n + $(boots "$label" | wc -w)))
		rm -rf "$extra"
		continue
	fi
	VIE_EXTRA_ROOT=$extra vie_initramfs "$initrd" "$kver"
	rm -rf "$extra"
	for boot in $(boots "$label"); do
		kaslr=${boot%?} paging=${boot#"$kaslr"}
		n=$((n + 1))
		name=module-$label-kaslr_$kaslr-l$paging
		res=$VIE_WORK/$name.result.txt
		t0=$(date +%s)
		cycles=
		[ "$kaslr$paging" = on4 ] && cycles=vie.cycles=100
		if vie_boot "$name" "$kver" "$initrd" "$paging" "$kaslr" 300 vie.suite=module $cycles; then
			verdict=PASS
		else
			verdict=FAIL
		fi
		read -r p f s < <(vie_tally "$res")
		pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
		mode="$paging-level"
		[ "$(vie_paging "$kver" "$paging")" = "$paging" ] ||
			mode="LA57 CPU, 4-level kernel (no CONFIG_X86_5LEVEL)"
		echo "[$n/$total] $label ($kver) kaslr=$kaslr paging=$mode: $verdict" \
			"($(($(date +%s) - t0)) s, $p checks ok, $f failed, $s skipped)"
		grep '^ok .*# SKIP' "$res" | sed 's/^ok - # SKIP /    skipped: /'
		if [ "$verdict" = FAIL ]; then
			grep -v -e '^ok' -e '^VIE-BOOT' "$res" | sed 's/^/    /'
			echo "    console: $VIE_WORK/$name.console"
		fi
	done
done
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
