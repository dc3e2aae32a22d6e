#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# How much of a dump vmcoreinfo-ext reads, against readelf -n and
# eu-readelf -n, on a sparse 64 GiB ELF dump and a sparse 64 GiB
# kdump-compressed dump (tests/unit/specs/bench); how much "amend" reads
# and writes there; how reading a flattened stream grows with its number
# of records; and the throughput of "amend --stream" on a 2 GiB stream
# against cat's, with its peak memory.  Not a test: prints numbers from
# one run (the best of three for the throughput).
#
#   sh tests/bench/bench.sh        (from the repository top)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$top/userspace" all build/mkfixture >/dev/null
bin=$top/userspace/build/vmcoreinfo-ext
mkfixture=$top/userspace/build/mkfixture
note=$top/tests/unit/fixtures/synthetic-6.1.txt
saved=$top/tests/unit/fixtures/ext/saved-good
work=$(mktemp -d "${TMPDIR:-/tmp}/vmcoreinfo-ext-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
for f in bench.core bench.kdump; do
	"$mkfixture" "$note" "$top/tests/unit/specs/bench/$f.spec" "$work/$f"
done

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

# amend: bytes read from and written to the dump, on copies.
echo
printf '%-6s %-22s %11s %11s %5s  %s\n' file command read_dump written_dump ms result
for f in bench.core bench.kdump; do
	cp --sparse=always "$work/$f" "$work/a.$f"
	strace -f -qq -y -e trace=read,pread64,write,pwrite64 -o "$work/trace" \
		"$bin" amend -x "$saved" "$work/a.$f" >"$work/out" 2>&1 || true
	set -- $(awk -v file="$work/a.$f" '
	/^[0-9 ]*(read|pread64|write|pwrite64)\(/ && index($0, "<" file ">") {
		n = $NF
		if (n !~ /^[0-9]+$/) next
		if ($0 ~ /write/) w += n; else r += n
	}
	END { print r + 0, w + 0 }' "$work/trace")
	cp --sparse=always "$work/$f" "$work/a.$f"
	t=$(wall_ms "$bin" amend -x "$saved" "$work/a.$f")
	res=$(grep -q 'amended: 3 entries' "$work/out" && echo amended || echo FAILED)
	printf '%-6s %-22s %11s %11s %5s  %s\n' "${f#bench.}" "amend" "$1" "$2" "$t" "$res"
done

# Flattened streams: reading the note walks every record header.
echo
printf '%-8s %11s %11s %5s\n' records read_dump stream_size ms
for n in 1000 10000 100000; do
	{
		cat <<-EOF
		.ascii "makedumpfile"
		.org 16
		.be
		.u64 1, 1
		.org 4096
		.u64 0, dh_end - dh
		.le
		.include $top/tests/unit/specs/inc/kdump-dh.inc
		dh_end:
		.be
		.u64 4096, sub_end - sub
		sub:
		.le
		.set offset_vmcoreinfo, 4096 + vmci_desc - sub
		.set size_vmcoreinfo, text_len
		.set offset_note, 4096 + notes - sub
		.set size_note, notes_end - notes
		.include $top/tests/unit/specs/inc/kdump-sub.inc
		.include $top/tests/unit/specs/inc/kdump-notes.inc
		sub_end:
		.be
		EOF
		awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
			printf ".u64 %d, 16\n.zero 16\n", 16384 + 16 * i }'
		echo ".u64 0xffffffffffffffff, 0xffffffffffffffff"
	} >"$work/flat.spec"
	"$mkfixture" "$note" "$work/flat.spec" "$work/flat"
	set -- $(bytes_read "$work/flat" "$bin" "$work/flat")
	printf '%-8s %11s %11s %5s\n' "$n" "$2" "$(stat -c %s "$work/flat")" \
		"$(wall_ms "$bin" "$work/flat")"
done

# amend --stream: a 2 GiB flattened stream (the unit tests' kdump-notes
# dump, then page-data records of 4 KiB or 1 MiB), through pipes as
# between makedumpfile and ssh: the filter against cat in its place.
echo
"$mkfixture" "$note" "$top/tests/unit/specs/good/kdump-notes.flat.spec" "$work/head.flat"
best_ms() {	# best_ms CMD: the least wall time of three runs, in ms
	b=
	for i in 1 2 3; do
		t=$(wall_ms sh -c "$1")
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
printf '%-10s %9s %10s %9s %9s %9s %9s  %s\n' records count stream_MiB cat_MiB/s \
	vie_MiB/s vie/cat peak_KiB result
for rec in 4096 1048576; do
	python3 - "$work/head.flat" "$work/big.flat" "$rec" <<'PY'
import struct, sys
head = open(sys.argv[1], "rb").read()
rec = int(sys.argv[3])
body = head[:-16]                      # without the end marker
pos, end = 4096, 0
while pos < len(body):                 # where the dump ends
    off, size = struct.unpack(">qq", body[pos:pos + 16])
    end = max(end, off + size)
    pos += 16 + size
data = bytes(range(256)) * (rec // 256)
n = (2 << 30) // (rec + 16)
with open(sys.argv[2], "wb") as f:
    f.write(body)
    at = (end + 4095) // 4096 * 4096
    for i in range(n):
        f.write(struct.pack(">qq", at + i * rec, rec))
        f.write(data)
    f.write(struct.pack(">qq", -1, -1))
print(n, file=open(sys.argv[2] + ".n", "w"))
PY
	size=$(stat -c %s "$work/big.flat")
	cat "$work/big.flat" >/dev/null	# into the page cache
	tc=$(best_ms "cat '$work/big.flat' | cat | cat >/dev/null")
	tv=$(best_ms "cat '$work/big.flat' | '$bin' amend --stream -x '$saved' 2>/dev/null | cat >/dev/null")
	peak=-
	if [ -x /usr/bin/time ]; then
		peak=$(/usr/bin/time -f %M "$bin" amend --stream -x "$saved" \
			<"$work/big.flat" 2>&1 >/dev/null | tail -n 1)
	fi
	"$bin" amend --stream -x "$saved" <"$work/big.flat" 2>"$work/s.err" | tail -c 16 |
		od -An -tx1 | tr -d ' \n' >"$work/s.end"
	res=$(grep -q 'amended on its way' "$work/s.err" && [ "$(cat "$work/s.end")" = ffffffffffffffffffffffffffffffff ] &&
		echo amended || echo FAILED)
	awk -v r="$rec" -v n="$(cat "$work/big.flat.n")" -v s="$size" -v tc="$tc" -v tv="$tv" \
		-v p="$peak" -v res="$res" 'BEGIN {
		mib = s / 1048576
		printf "%-10s %9d %10.0f %9.0f %9.0f %8.2fx %9s  %s\n", r " B", n, mib,
			mib / (tc / 1000), mib / (tv / 1000), tv / tc, p, res }'
	rm -f "$work/big.flat"
done
