#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds module/ with W=1 against the headers of every kernel under test,
# once with the Kbuild probes and once with VIE_NO_PROBES=1 (the fallbacks
# an old kernel takes); any compiler warning fails.  Then checkpatch
# --strict (from Debian's linux-source) on module/.
# Ends with "N passed, N failed".
set -u
. "$(dirname "$0")/qemu/lib.sh"
pass=0 fail=0
result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok: $2"
	else
		fail=$((fail + 1)); echo "FAIL: $2"; sed 's/^/    /' "$3"
	fi
}

while read -r label kver; do
	for mode in probes fallback; do
		dir=$VIE_WORK/build-$mode-$kver
		extra=
		[ $mode = fallback ] && extra=VIE_NO_PROBES=1
		vie_build_module "$kver" "$dir" $extra
		rc=$?
		result $rc "W=1 build ($mode) against $label headers ($kver), no warnings" "$dir.log"
	done
done < <(vie_kernels)

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
