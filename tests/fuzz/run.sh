#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run each libFuzzer harness for SECONDS on a copy of its seed corpus
# (tests/fuzz/corpus/NAME; for the dump-file harnesses also the dumps the
# Makefile built from the unit specs into FUZZ_BUILD_DIR/seeds).
#
#   sh tests/fuzz/run.sh FUZZ_BUILD_DIR SECONDS NAME...
#
# Prints one line per harness (runs, seconds, corpus size) and fails if any
# harness found a crash; the crashing input is kept in FUZZ_BUILD_DIR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
secs=$2
shift 2
status=0
for name in "$@"; do
	work=$dir/corpus-$name
	mkdir -p "$work"
	log=$dir/$name.log
	seeds=
	case $name in amend|flat|kdump_header|elf_notes|stream) seeds=$dir/seeds ;; esac
	mkdir -p "$here/corpus/$name"
	# shellcheck disable=SC2086
	"$dir/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$dir/$name-" \
		"$work" "$here/corpus/$name" $seeds >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	files=$(ls "$work" | wc -l)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: ${runs:-?} execs in ${took:-$secs} s, corpus $files files: ok"
	else
		echo "fuzz $name: FAILED (exit $rc), see $log"
		grep -E 'ERROR|SUMMARY|==' "$log" | head -n 5
		status=1
	fi
done
exit $status
