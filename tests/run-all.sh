#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test suite; each prints its own "N passed, N failed".  The last
# line is the total.  Exit status 0 only if nothing failed; a suite that
# passed no check at all counts as failed.
#
# Lanes, on a 2-core machine: QEMU's TCG keeps one core busy per guest.
#   host lane   apt-sources module-build kernels-build distro-prep unit
#               (the suites that boot nothing), beside
#   QEMU lane A the QEMU suites, one after the other, from the start; and,
#               once the host lane is done and its core free,
#   QEMU lane B the same queue: each lane takes the next suite no lane has
#               taken (build/qemu-queue), so two guests run at once, one
#               per core.  The distro suites wait for distro-prep (the
#               image), which the host lane makes first.
# Suites that share state take care of it: the machine's DKMS tree is
# locked and reused (tests/qemu/lib.sh, vie_dkms_install); each distro
# unit has its own scenarios, images and collector.  Lane A's output is
# shown as it comes; each other suite's when it ends (all of it in
# build/suite-NAME.log).  What several suites build (the reader,
# guest-probe, drgn 0.2.0 unpacked) is made first, once.
#   VIE_SUITES="module-build unit" tests/run-all.sh   (a subset, one after
#   the other; also "packages": the host-side packaging checks alone, and
#   "distro", both of its phases)
set -u
cd "$(dirname "$0")/.."
mkdir -p build
t_start=$(date +%s)

# suite_cmd NAME: the command of a suite.
suite_cmd() {
	case $1 in
	apt-sources) echo bash tests/apt-sources-test.sh ;;
	module-build) echo bash tests/module-build.sh ;;
	kernels-build) echo bash tests/kernels-build.sh ;;
	unit) echo make -C userspace test fuzz-smoke ;;
	qemu-e2e) echo bash tests/qemu/run-e2e-tests.sh ;;
	qemu-module) echo bash tests/qemu/run-module-tests.sh ;;
	qemu-arm64) echo bash tests/qemu/run-arm64-tests.sh ;;
	packages) echo "bash -c 'bash tests/distro/test-scripts.sh; a=\$?; bash tests/distro/build-packages.sh && exit \$a'" ;;
	qemu-distro-kernels) echo bash tests/qemu/run-distro-kernels.sh ;;
	distro) echo bash tests/distro/run.sh ;;
	distro-prep) echo bash tests/distro/run.sh prepare ;;
	distro-boot) echo bash tests/distro/run.sh boot ;;
	# The boot scenarios in three units, for the two QEMU lanes; [stale]
	# needs the file [ssh] saved, and shares its collector.
	distro-boot-ssh) echo VD_SCENARIOS=\"ssh stale\" bash tests/distro/run.sh boot ;;
	distro-boot-sb) echo VD_SCENARIOS=\"sb sb-nomok\" bash tests/distro/run.sh boot ;;
	distro-boot-more) echo VD_SCENARIOS=\"6.12 remove\" bash tests/distro/run.sh boot ;;
	*) return 1 ;;
	esac
}

# run_suite NAME [LANE]: run it, its output in build/suite-NAME.log (and
# on the terminal unless a LANE is named: then its summary alone, when it
# ends, with the lane's name), its counts in build/suite-NAME.counts:
# the sum of every summary line it printed (a suite may run several
# programs, each with its own summary).
run_suite() {
	local name=$1 quiet=${2:-} log=build/suite-$1.log cmd rc line p f s t0
	cmd=$(suite_cmd "$name") || { echo "unknown suite $name"; echo "0 1 0" >"build/suite-$name.counts"; return; }
	t0=$(date +%s)
	if [ -n "$quiet" ]; then
		eval "$cmd" >"$log" 2>&1
		rc=$?
	else
		echo "=== $name: $cmd"
		eval "$cmd" 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
	fi
	p=0 f=0 s=0
	while read -r line; do
		set -- $(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\2 \3 \5/')
		p=$((p + $1)) f=$((f + $2)) s=$((s + ${3:-0}))
	done < <(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exited $rc without reporting a failure: counted as one" | tee -a "$log"
		f=1
	fi
	# A suite that checked nothing proves nothing.
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: passed no check: counted as a failure" | tee -a "$log"
		f=1
	fi
	echo "$p $f $s" >"build/suite-$name.counts"
	if [ -n "$quiet" ]; then
		echo "=== $name ($quiet): $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)"
		# What failed, where a terminal reader will look.
		[ "$f" -eq 0 ] || grep -E '^(not ok|FAIL)' "$log" | head -n 40 | sed 's/^/    /'
	else
		echo "=== $name: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)"
	fi
}

# The QEMU suites, the longest first; the distro ones wait for the image
# distro-prep makes (the host lane's first suite), which lane A, busy with
# qemu-e2e, seldom notices.
qemu_queue=(qemu-e2e distro-boot-ssh distro-boot-sb qemu-distro-kernels qemu-module distro-boot-more qemu-arm64)

# qemu_lane NAME [quiet]: take the next QEMU suite from the queue and run
# it (quiet: its summary alone, as the host lane's), until none is left.
# Each lane has its own QEMU lock.
qemu_lane() {
	local s i
	export VIE_QEMU_LOCK=$PWD/build/qemu-lane-$1.lock
	while :; do
		exec 9>build/qemu-queue.lock
		flock 9
		i=$(cat build/qemu-queue)
		echo $((i + 1)) >build/qemu-queue
		flock -u 9
		exec 9>&-
		s=${qemu_queue[$i]:-}
		[ -n "$s" ] || return 0
		case $s in distro-*)
			while [ ! -e build/distro-prep.done ] && kill -0 "$host_lane" 2>/dev/null; do
				sleep 5
			done ;;
		esac
		run_suite "$s" ${2:+"QEMU lane $1"}
	done
}

rm -f build/suite-*.counts
if [ -n "${VIE_SUITES:-}" ]; then
	for s in $VIE_SUITES; do run_suite "$s"; done
else
	# Built once, before the lanes: the reader, guest-probe, drgn 0.2.0.
	make -s -C userspace all static build/mkfixture >build/prebuild.log 2>&1 &&
		(. tests/qemu/lib.sh && vie_build_guest_probe && { vie_drgn_unpack || true; }) >>build/prebuild.log 2>&1 ||
		{ cat build/prebuild.log; echo "0 1 0" >build/suite-prebuild.counts; }
	rm -f build/distro-prep.done
	echo 0 >build/qemu-queue
	(
		# The image first: the distro suites of the QEMU queue wait for it.
		for s in distro-prep apt-sources module-build kernels-build unit; do
			run_suite "$s" "host lane"
			[ "$s" = distro-prep ] && touch build/distro-prep.done
		done
	) &
	host_lane=$!
	qemu_lane A &
	lane_a=$!
	wait "$host_lane"
	echo "=== host lane done ($(($(date +%s) - t_start)) s): QEMU lane B starts"
	qemu_lane B quiet
	wait "$lane_a"
	# The image the distro units shared (8 GiB, sparse).
	rm -f build/distro/disk.img
fi
total_pass=0 total_fail=0 total_skip=0
for c in build/suite-*.counts; do
	[ -e "$c" ] || continue
	read -r p f s <"$c"
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
done
echo "wall time: $(($(date +%s) - t_start)) s"
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
