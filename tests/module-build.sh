#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds module/ with W=1 against the headers of every kernel under test
# (x86_64, and arm64 cross-built against Debian's arm64 headers), in three
# flavours; any compiler or modpost warning fails:
#   probes      as DKMS builds it (the Kbuild probes decide)
#   fallback    VIE_NO_PROBES=1: the fallbacks an old kernel takes
#   old-kernel  the fallbacks, plus what the headers of kernels before
#               v5.7 imposed on module code: every inline always_inline
#               (tests/old-kernel/force.h says what it emulates and what
#               it cannot)
# Then checkpatch --strict (from Debian's linux-source) on module/.
# Every kernel of VIE_EXPECTED_KERNELS (tests/qemu/lib.sh) is expected: one
# that is not installed is a failure naming it.
# Ends with "N passed, N failed".
set -u
. "$(dirname "$0")/qemu/lib.sh"
. "$(dirname "$0")/qemu/lib-arm64.sh"
pass=0 fail=0
result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok: $2"
	else
		fail=$((fail + 1)); echo "FAIL: $2"; sed 's/^/    /' "$3"
	fi
}

while read -r label kver why; do
	if [ "$kver" = - ]; then
		result 1 "expected kernel $label is not installed: $why (scripts/install-deps.sh)" /dev/null
		continue
	fi
	for mode in probes fallback old-kernel; do
		dir=$VIE_WORK/build-$mode-$kver
		case $mode in
		probes) vie_build_module "$kver" "$dir" ;;
		fallback) vie_build_module "$kver" "$dir" VIE_NO_PROBES=1 ;;
		old-kernel) vie_build_module "$kver" "$dir" VIE_NO_PROBES=1 \
			KCFLAGS="-include $VIE_TOP/tests/old-kernel/force.h" ;;
		esac
		rc=$?
		result $rc "W=1 build ($mode) against $label headers ($kver), no warnings" "$dir.log"
	done
done < <(vie_kernel_set)

# arm64: cross builds against Debian's arm64 6.1 and 5.10 headers.  A
# missing kernel or cross compiler is a failure naming it.
while read -r m; do
	[ -n "$m" ] && result 1 "arm64: missing $m" /dev/null
done < <(vie_arm64_missing | grep -v 'qemu-system\|/bin/\|/sbin/\|/usr/bin/')
while read -r label kver; do
	for mode in probes fallback old-kernel; do
		dir=$VIE_WORK/build-arm64-$mode-$kver
		case $mode in
		probes) vie_arm64_build_module "$kver" "$dir" ;;
		fallback) vie_arm64_build_module "$kver" "$dir" VIE_NO_PROBES=1 ;;
		old-kernel) vie_arm64_build_module "$kver" "$dir" VIE_NO_PROBES=1 \
			KCFLAGS="-include $VIE_TOP/tests/old-kernel/force.h" ;;
		esac
		rc=$?
		result $rc "W=1 cross build ($mode) against arm64 $label headers ($kver), no warnings" "$dir.log"
	done
done < <(vie_arm64_kernels)

cp=/var/lib/vmcoreinfo-ext-deps/checkpatch/scripts/checkpatch.pl
if [ -f "$cp" ]; then
	perl "$cp" --strict --no-tree --show-types -f "$VIE_TOP"/module/*.c "$VIE_TOP"/module/*.h \
		>"$VIE_WORK/checkpatch.log" 2>&1
	rc=$?
	grep -q '^total: 0 errors, 0 warnings, 0 checks' "$VIE_WORK/checkpatch.log" || rc=1
	result $rc "checkpatch.pl --strict on module/: $(grep -c '^total: 0 errors, 0 warnings, 0 checks' "$VIE_WORK/checkpatch.log") files clean" "$VIE_WORK/checkpatch.log"
else
	result 1 "checkpatch.pl not installed (scripts/install-deps.sh)" /dev/null
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
