#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# How much of a dump vmcoreinfo-ext reads, against readelf -n and
# eu-readelf -n, on a sparse 64 GiB ELF dump and a sparse 64 GiB
# kdump-compressed dump. Not a test: prints numbers from one run.
#
#   sh tests/bench/bench.sh        (from the repository top)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$top/userspace" all build/make_fixtures >/dev/null
bin=$top/userspace/build/vmcoreinfo-ext
work=$(mktemp -d "${TMPDIR:-/tmp}/vmcoreinfo-ext-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
"$top/userspace/build/make_fixtures" --bench \
	"$top/tests/unit/fixtures/synthetic-6.1.txt" "$work"

# bytes_read FILE CMD...: "all from_file": bytes returned by read/pread64
# calls in total (shared libraries included) and from FILE alone
bytes_read() {
	file=$1
	shift
	strace -f -qq -y -e trace=read,pread64 -o "$work/trace" "$@" \
		>/dev/null 2>&1 || true
	awk -v file="$file" '
	/^[0-9 ]*(read|pread64)\(/ {
		n = $NF
		if (n !~ /^[0-9]+$/) next
		all += n
		if (index($0, "<" file ">")) dump += n
	}
	END { print all + 0, dump + 0 }' "$work/trace"
}

# wall_ms CMD...: wall time of one run in milliseconds
wall_ms() {
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000000 ))
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.1fx", a / b }'
}

printf '%-6s %-15s %11s %11s %5s %10s %8s  %s\n' file tool read_total \
	read_dump ms dump/ours ms/ours result
for f in bench.core bench.kdump; do
	size=$(stat -c %s "$work/$f")
	set -- $(bytes_read "$work/$f" "$bin" "$work/$f")
	ours_all=$1 ours_dump=$2
	ours_t=$(wall_ms "$bin" "$work/$f")
	for tool in vmcoreinfo-ext readelf eu-readelf; do
		case $tool in
		vmcoreinfo-ext) set -- "$bin" ;;
		*) command -v "$tool" >/dev/null 2>&1 || {
			printf '%-6s %-15s (not installed)\n' "${f#bench.}" "$tool"
			continue; }
		   set -- "$tool" -n ;;
		esac
		if [ "$tool" = vmcoreinfo-ext ]; then
			all=$ours_all dump=$ours_dump t=$ours_t
		else
			r=$(bytes_read "$work/$f" "$@" "$work/$f")
			all=${r% *} dump=${r#* }
			t=$(wall_ms "$@" "$work/$f")
		fi
		if "$@" "$work/$f" >"$work/out" 2>&1 &&
		    grep -q "OSRELEASE\|VMCOREINFO" "$work/out"; then
			res=ok
		else
			res="no note found"
		fi
		printf '%-6s %-15s %11s %11s %5s %10s %8s  %s\n' "${f#bench.}" \
			"$tool" "$all" "$dump" "$t" "$(ratio "$dump" "$ours_dump")" \
			"$(ratio "$t" "$ours_t")" "$res"
	done
	echo "($f: $size bytes apparent, $(du -k "$work/$f" | cut -f1) KiB on disk)"
done
