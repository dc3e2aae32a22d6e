#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reader's house rules, checked: every source file of userspace/ at
# most 400 lines, and no circle among the objects of the library and of
# the command (an object uses only what objects "below" it define; tsort
# finds any loop): lib/*.c, and cli/*.c on top of them.
#
#   sh tests/unit/structure.sh [CC]        "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cc=${1:-cc}
u=$top/userspace
pass=0 fail=0
work=$(mktemp -d "${TMPDIR:-/tmp}/vie-structure.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

long=$(cd "$u" && wc -l lib/*.c lib/*.h cli/*.c cli/*.h include/*.h \
	include/vie/*.h | awk '$2 != "total" && $1 > 400 { print $2 " (" $1 ")" }')
if [ -z "$long" ]; then
	pass=$((pass + 1)); echo "ok - no userspace source file over 400 lines"
else
	fail=$((fail + 1)); echo "not ok - over 400 lines: $long"
fi

# Who defines what, who uses what.
for c in "$u"/lib/*.c "$u"/cli/*.c; do
	o=$work/$(basename "$(dirname "$c")")-$(basename "$c" .c).o
	"$cc" -std=c11 -D_GNU_SOURCE -I"$u/include" -c "$c" -o "$o" || {
		fail=$((fail + 1)); echo "not ok - cannot compile $c"; }
done
for o in "$work"/*.o; do
	nm --defined-only "$o" | awk -v f="$(basename "$o" .o)" \
		'$2 ~ /^[TDBR]$/ { print $3, f }'
done | sort >"$work/defs"
for o in "$work"/*.o; do
	nm -u "$o" | awk -v f="$(basename "$o" .o)" '{ print $2, f }'
done | sort >"$work/uses"
# "user provider" edges, and each object on its own so none is missing.
join "$work/uses" "$work/defs" | awk '$2 != $3 { print $3, $2 }' |
	sort -u >"$work/edges"
ls "$work"/*.o | sed 's|.*/||; s|\.o$||; s|.*|& &|' >>"$work/edges"
if tsort "$work/edges" >"$work/order" 2>"$work/loop"; then
	pass=$((pass + 1))
	echo "ok - no circle among the objects of lib/ and cli/ (bottom first: $(tr '\n' ' ' <"$work/order"))"
else
	fail=$((fail + 1))
	echo "not ok - objects of lib/ and cli/ use each other in a circle: $(tr '\n' ' ' <"$work/loop")"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
