#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test suite, in order; each prints its own "N passed, N failed".
# The last line is the total.  Exit status 0 only if nothing failed; a
# suite that passed no check at all counts as failed.
#   VIE_SUITES="module-build unit" tests/run-all.sh   (a subset; also
#   "packages": the host-side packaging checks alone, which "distro" includes)
set -u
cd "$(dirname "$0")/.."
mkdir -p build
suites=${VIE_SUITES:-apt-sources module-build kernels-build unit qemu-module qemu-e2e qemu-arm64 distro}
total_pass=0 total_fail=0 total_skip=0
t_start=$(date +%s)

run_suite() {
	local name=$1 log=build/suite-$1.log rc line p f s
	shift
	echo "=== $name: $*"
	local t0=$(date +%s)
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	# Sum every summary line the suite printed (a suite may run several
	# programs, each with its own summary).
	p=0 f=0 s=0
	while read -r line; do
		set -- $(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\2 \3 \5/')
		p=$((p + $1)) f=$((f + $2)) s=$((s + ${3:-0}))
	done < <(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exited $rc without reporting a failure: counted as one"
		f=1
	fi
	# A suite that checked nothing proves nothing.
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: passed no check: counted as a failure"
		f=1
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
	echo "=== $name: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)"
}

for s in $suites; do
	case $s in
	apt-sources) run_suite "$s" bash tests/apt-sources-test.sh ;;
	module-build) run_suite "$s" bash tests/module-build.sh ;;
	kernels-build) run_suite "$s" bash tests/kernels-build.sh ;;
	unit) run_suite "$s" make -C userspace test fuzz-smoke ;;
	qemu-e2e) run_suite "$s" bash tests/qemu/run-e2e-tests.sh ;;
	qemu-module) run_suite "$s" bash tests/qemu/run-module-tests.sh ;;
	qemu-arm64) run_suite "$s" bash tests/qemu/run-arm64-tests.sh ;;
	packages) run_suite "$s" bash -c 'bash tests/distro/test-scripts.sh; a=$?; bash tests/distro/build-packages.sh && exit $a' ;;
	distro) run_suite "$s" bash tests/distro/run.sh ;;
	*) echo "unknown suite $s"; total_fail=$((total_fail + 1)) ;;
	esac
done
echo "wall time: $(($(date +%s) - t_start)) s"
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
