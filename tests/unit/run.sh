#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unit and CLI tests of vmcoreinfo-ext.
#
#   MKFIXTURE=build/mkfixture sh tests/unit/run.sh BUILDDIR [BUILDDIR...]
#
# Each BUILDDIR holds vmcoreinfo-ext and unit_tests (a plain and a
# sanitizer build, say); the whole suite runs once per directory.  The
# synthetic dumps are built from the text specs in tests/unit/specs (see
# mkfixture.c); a spec's "!" lines say what the reader must do with it:
#   !output note | FILE    print the fixture note text / FILE
#   !error TEXT            exit 1, one line naming the file, with TEXT
#   !warning TEXT          a warning line with TEXT
# Prints "ok"/"not ok" lines and a final "N passed, N failed" line; exits
# non-zero if anything failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/fixtures
specs=$here/specs
note=$fixtures/synthetic-6.1.txt
mkfixture=${MKFIXTURE:-$1/mkfixture}
. "$here/makedumpfile_check.sh"
. "$here/../qemu/guest/merge.sh"
. "$here/contract.sh"

pass=0
fail=0
label=
work=$(mktemp -d "${TMPDIR:-/tmp}/vmcoreinfo-ext-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

ok() {
	pass=$((pass + 1))
	echo "ok - $label: $1"
}

not_ok() {
	fail=$((fail + 1))
	echo "not ok - $label: $1"
	for f in "$work/out" "$work/err"; do
		[ -s "$f" ] && head -n 5 "$f" | sed "s|^|#   $(basename "$f"): |"
	done
	return 0
}

skipped=0
skip() {
	skipped=$((skipped + 1))
	echo "ok - $label: $1 # SKIP $2"
}

# run EXPECTED_RC ARGS...: run the command, keep stdout/stderr/rc.
run() {
	want=$1
	shift
	"$bin" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	[ "$rc" -eq "$want" ]
}

# The stderr of the last run is exactly one error line naming SOURCE and
# containing TEXT.
one_line_error() {
	src=$1
	text=$2
	# Warnings may come before the error; nothing else may.
	grep -v '^vmcoreinfo-ext: warning: ' "$work/err" >"$work/errline"
	[ "$(wc -l <"$work/errline")" -eq 1 ] || return 1
	grep -q "^vmcoreinfo-ext: " "$work/errline" || return 1
	[ "$(grep -vc '^vmcoreinfo-ext: ' "$work/err")" -eq 0 ] || return 1
	grep -qF -- "$src" "$work/errline" || return 1
	grep -qF -- "$text" "$work/errline"
}

# check NAME EXPECTED_RC SOURCE TEXT ARGS...: a failing run with one line.
check_error() {
	name=$1 want=$2 src=$3 text=$4
	shift 4
	if run "$want" "$@" && one_line_error "$src" "$text"; then
		ok "$name"
	else
		not_ok "$name (rc $rc, want $want; want '$src' and '$text')"
	fi
}

# check_output NAME EXPECTED_FILE ARGS...: success, stdout as expected.
check_output() {
	name=$1 expect=$2
	shift 2
	if run 0 "$@" && cmp -s "$work/out" "$expect"; then
		ok "$name"
	else
		not_ok "$name (rc $rc)"
	fi
}

# The stderr of the last run has a warning line containing TEXT.
has_warning() {
	grep "^vmcoreinfo-ext: warning: " "$work/err" | grep -qF -- "$1"
}

# Fixture files with FILE.expect or FILE.err (and FILE.warn, a warning
# the run must print), anywhere below DIR.
fixture_dir() {
	dir=$1
	[ -d "$dir" ] || return 0
	find "$dir" -type f ! -name '*.expect' ! -name '*.err' \
		! -name '*.args' ! -name '*.warn' ! -name README ! -name '.*' |
		sort |
	while read -r f; do
		[ -e "$f.expect" ] || [ -e "$f.err" ] || continue
		echo "$f"
	done >"$work/list"
	while read -r f; do
		set --
		if [ -e "$f.args" ]; then
			# One argument per line; @FIXTURES@ is the fixture dir.
			while IFS= read -r a; do
				[ -n "$a" ] || continue
				a=$(printf '%s' "$a" | sed "s|@FIXTURES@|$fixtures|g")
				set -- "$@" "$a"
			done <"$f.args"
		fi
		name=${f#"$dir"/}
		if [ -e "$f.expect" ]; then
			check_output "fixture $name" "$f.expect" "$@" "$f"
			if [ -e "$f.warn" ]; then
				if has_warning "$(cat "$f.warn")"; then
					ok "fixture $name: warns"
				else
					not_ok "fixture $name: no warning '$(cat "$f.warn")'"
				fi
			fi
		else
			check_error "rejects $name" 1 "$f" "$(cat "$f.err")" \
				"$@" "$f"
		fi
	done <"$work/list"
}

# Build every spec of specs/good and specs/bad into $work/gen, with the
# expectation files fixture_dir reads.
gen_specs() {
	for kind in good bad; do
		mkdir -p "$work/gen/$kind"
		for spec in "$specs/$kind"/*.spec; do
			name=$(basename "$spec" .spec)
			out=$work/gen/$kind/$name
			"$mkfixture" "$note" "$spec" "$out" || return 1
			sed -n 's/^!output //p' "$spec" | while read -r what; do
				if [ "$what" = note ]; then
					cp "$note" "$out.expect"
				else
					cp "$specs/$kind/$what" "$out.expect"
				fi
			done
			sed -n 's/^!error //p' "$spec" >"$out.err"
			[ -s "$out.err" ] || rm -f "$out.err"
			sed -n 's/^!warning //p' "$spec" >"$out.warn"
			[ -s "$out.warn" ] || rm -f "$out.warn"
			if [ ! -e "$out.expect" ] && [ ! -e "$out.err" ]; then
				echo "$spec: no !output or !error line" >&2
				return 1
			fi
		done
	done
}

# root_tree NAME KCORE-SPEC RAM-PADDR SYSFS-LINE MODULE(good|conflict|-)
# DEVMEM(yes|no): a fake /proc, /sys, /dev for --root (see specs/roots).
root_tree() {
	r=$work/gen/$1
	mkdir -p "$r/proc" "$r/sys/kernel" "$r/dev"
	"$mkfixture" "$note" "$specs/roots/$2.spec" "$r/proc/kcore" \
		pob=0xffff9b3c00000000 ram_paddr="$3" || return 1
	printf '%s\n' "$4" >"$r/sys/kernel/vmcoreinfo"
	if [ "$5" != - ]; then
		cp -r "$fixtures/module/$5" "$r/sys/kernel/vmcoreinfo_ext"
	fi
	if [ "$6" = yes ]; then
		"$mkfixture" "$note" "$specs/roots/devmem.spec" "$r/dev/mem" ||
			return 1
	fi
}

gen_roots() {
	l61="0x00000000018a2000 1024" old="18a2000 1024" ram=0x1000000
	none=0xffffffffffffffff
	# 6.1-like: kcore note, p_paddr filled, /dev/mem readable.
	root_tree root-kcore kcore-note $ram "$l61" good yes &&
	# Pre-4.19-like: no kcore note, p_paddr filled, old sysfs format.
	root_tree root-paddr kcore-nonote $ram "$old" good no &&
	# No kcore note and p_paddr (u64)-1: needs page_offset_base.
	root_tree root-pob kcore-nonote $none "$l61" good no &&
	root_tree root-pob-nomod kcore-nonote $none "$l61" - no &&
	# Garbage in /sys/kernel/vmcoreinfo.
	root_tree root-garbage kcore-nonote $ram "hello world" good no &&
	root_tree root-garbage2 kcore-nonote $ram "0x18a2000 1024 7" good no &&
	root_tree root-garbage3 kcore-nonote $ram "0x18a2000" good no &&
	root_tree root-garbage4 kcore-nonote $ram "0x18a2000 0" good no &&
	# A note address where memory holds no note.
	root_tree root-wrong-addr kcore-nonote $ram "0x18a3000 1024" good no &&
	root_tree root-nomod kcore-note $ram "$l61" - no &&
	# The module disagrees with the kernel about phys_base.
	root_tree root-conflict kcore-note $ram "$l61" conflict no &&
	# A kdump kernel: /proc/vmcore plus a sysfs that must be ignored.
	root_tree root-vmcore kcore-note $ram "$l61" good no &&
	cp "$work/gen/good/elf64le.core" "$work/gen/root-vmcore/proc/vmcore" &&
	# Notes whose build ID is the synthetic note's BUILD-ID.
	"$mkfixture" "$note" "$specs/notes/synthetic.notes.spec" \
		"$work/gen/synthetic.notes"
}

unit_tests() {
	"$build/unit_tests" >"$work/unit" 2>&1
	urc=$?
	up=$(grep -c '^ok ' "$work/unit")
	uf=$(grep -c '^not ok ' "$work/unit")
	grep '^not ok ' "$work/unit" | sed "s|^|$label: |"
	pass=$((pass + up))
	fail=$((fail + uf))
	if [ "$urc" -ne 0 ] && [ "$uf" -eq 0 ]; then
		fail=$((fail + 1))
		echo "not ok - $label: unit_tests exited $urc"
		tail -n 20 "$work/unit"
	fi
	echo "# $label: unit_tests: $up passed, $uf failed"
}

cli_tests() {
	g=$work/gen
	merged=$work/merged.txt
	{
		cat "$note"
		echo "NUMBER(page_offset_base)=-110792976367616"
		echo "NUMBER(vmalloc_base)=-60473139527680"
		echo "NUMBER(vmemmap_base)=-24189255811072"
	} >"$merged"

	# Usage, help, version.
	if run 0 --help && grep -q '^Usage:' "$work/out"; then
		ok "--help"; else not_ok "--help"; fi
	if run 0 --version && grep -q '^vmcoreinfo-ext [0-9]' "$work/out"; then
		ok "--version"; else not_ok "--version"; fi
	for args in "--bogus" "--source nowhere" "--format xml" \
		"a b" "--ext d --ext-file f" "-s kcore file" \
		"save --format json" "--output"; do
		# shellcheck disable=SC2086
		if run 2 $args && [ "$(wc -l <"$work/err")" -eq 1 ]; then
			ok "usage error: $args"
		else
			not_ok "usage error: $args (rc $rc)"
		fi
	done

	# Live sources on a fake 6.1 tree must all give the same note.
	for s in auto kcore kcore-phys devmem; do
		check_output "root-kcore --source $s" "$merged" \
			--root "$g/root-kcore" --source "$s"
	done
	# Pre-4.19 kernel: no kcore note, p_paddr filled, old sysfs format.
	check_output "root-paddr auto falls back to kcore-phys" "$merged" \
		--root "$g/root-paddr"
	check_error "root-paddr --source kcore" 1 "$g/root-paddr/proc/kcore" \
		"no VMCOREINFO note" --root "$g/root-paddr" --source kcore
	# p_paddr (u64)-1: page_offset_base from the module's directory.
	check_output "root-pob kcore-phys via page_offset_base" "$merged" \
		--root "$g/root-pob" --source kcore-phys
	check_error "root-pob-nomod kcore-phys" 1 "$g/root-pob-nomod/proc/kcore" \
		"page_offset_base" --root "$g/root-pob-nomod" \
		--source kcore-phys
	check_error "devmem missing" 1 "$g/root-paddr/dev/mem" \
		"cannot open" --root "$g/root-paddr" --source devmem
	check_error "auto with nothing working" 1 "auto" "no source worked" \
		--root "$g/root-pob-nomod"
	for t in garbage garbage2 garbage3; do
		check_error "sysfs vmcoreinfo $t" 1 \
			"$g/root-$t/sys/kernel/vmcoreinfo" "expected" \
			--root "$g/root-$t" --source kcore-phys
	done
	check_error "sysfs vmcoreinfo size 0" 1 \
		"$g/root-garbage4/sys/kernel/vmcoreinfo" "out of range" \
		--root "$g/root-garbage4" --source kcore-phys
	check_error "no note at the sysfs address" 1 \
		"$g/root-wrong-addr/proc/kcore" "no VMCOREINFO note at this" \
		--root "$g/root-wrong-addr" --source kcore-phys

	# Module missing, conflicts.
	if run 0 --root "$g/root-nomod" && cmp -s "$work/out" "$note" &&
	    grep -q '^vmcoreinfo-ext: warning: .*not loaded' "$work/err"; then
		ok "module not loaded: note unchanged + warning"
	else
		not_ok "module not loaded: note unchanged + warning"
	fi
	check_error "--require-ext without the module" 1 \
		"$g/root-nomod/sys/kernel/vmcoreinfo_ext" "not loaded" \
		--root "$g/root-nomod" --require-ext
	# phys_base identifies a boot: the module's other value is refused
	# (contract.sh: which entries do); --force merges as a warning.
	check_error "conflict on phys_base: refused, both values named" 1 \
		"$g/root-conflict/sys/kernel/vmcoreinfo_ext/vmcoreinfo" \
		"values of another boot or kernel: NUMBER(phys_base) 12345 (module) != 295698432 (kernel)" \
		--root "$g/root-conflict"
	if run 0 --root "$g/root-conflict" --force &&
	    grep -q '^vmcoreinfo-ext: warning: NUMBER(phys_base) differs: kernel 295698432, module 12345' "$work/err" &&
	    grep -qx 'NUMBER(phys_base)=295698432' "$work/out" &&
	    ! grep -qx 'NUMBER(phys_base)=12345' "$work/out"; then
		ok "conflict with --force: warning with both values, kernel's kept"
	else
		not_ok "conflict with --force: warning with both values, kernel's kept"
	fi
	check_error "conflict with --force --strict" 1 \
		"$g/root-conflict/sys/kernel/vmcoreinfo_ext/vmcoreinfo" \
		"NUMBER(phys_base) differs" --root "$g/root-conflict" --strict --force
	mkdir -p "$work/dirext"
	mkdir -p "$work/dirext/vmcoreinfo"
	check_error "unreadable module vmcoreinfo names the file" 1 \
		"$work/dirext/vmcoreinfo" "read failed" \
		--root "$g/root-kcore" --ext "$work/dirext"

	# kdump kernel: /proc/vmcore, and sysfs is never read.
	if run 0 --root "$g/root-vmcore" && cmp -s "$work/out" "$note" &&
	    grep -q 'warning: no module entries' "$work/err"; then
		ok "vmcore: sysfs of the running kernel not read"
	else
		not_ok "vmcore: sysfs of the running kernel not read"
	fi
	check_output "vmcore + saved file" "$merged" \
		--root "$g/root-vmcore" --ext-file "$fixtures/ext/saved-good"
	for w in osrelease:OSRELEASE buildid:BUILD-ID \
		kerneloffset:KERNELOFFSET physbase:"NUMBER(phys_base)" \
		pob:"SYMBOL(mem_section)"; do
		f=${w%%:*} what=${w#*:}
		check_error "vmcore refuses foreign saved file ($f)" 1 \
			"$fixtures/ext/saved-foreign-$f" "$what" \
			--root "$g/root-vmcore" \
			--ext-file "$fixtures/ext/saved-foreign-$f"
	done
	check_error "saved file without OSRELEASE" 1 \
		"$fixtures/ext/saved-no-osrelease" "no OSRELEASE" \
		--root "$g/root-vmcore" --ext-file "$fixtures/ext/saved-no-osrelease"

	# save, then use the saved file on a dump of the same boot.
	if run 0 --root "$g/root-kcore" save -o "$work/saved" &&
	    [ "$(head -n 1 "$work/saved")" = "# vmcoreinfo-ext saved values" ] &&
	    grep -qx 'OSRELEASE=6.1.0-13-amd64' "$work/saved" &&
	    grep -q '^BUILD-ID=' "$work/saved" &&
	    grep -qx 'KERNELOFFSET=26000000' "$work/saved" &&
	    grep -qx 'SYMBOL(mem_section)=ffff9b3c37fd3000' "$work/saved" &&
	    grep -qx 'NUMBER(page_offset_base)=-110792976367616' "$work/saved" &&
	    [ "$(grep -c '^NUMBER(' "$work/saved")" -eq 9 ]; then
		ok "save writes identity + module values"
	else
		not_ok "save writes identity + module values"
	fi
	check_output "dump + fresh saved file" "$merged" \
		--ext-file "$work/saved" "$g/good/elf64le.core"
	check_error "save without the module" 1 \
		"$g/root-nomod/sys/kernel/vmcoreinfo_ext" "not loaded" \
		--root "$g/root-nomod" save
	check_error "save in a kdump kernel" 1 "$g/root-vmcore/proc/vmcore" \
		"kdump kernel" --root "$g/root-vmcore" save

	# Dump files and module entries.
	check_output "dump + sysfs copy" "$merged" \
		--ext-file "$fixtures/ext/sysfs-copy" "$g/good/kdump-le.kdump"
	check_output "dump + --ext DIR" "$merged" \
		--ext "$g/root-kcore/sys/kernel/vmcoreinfo_ext" \
		"$g/good/elf32be.core"
	check_error "dump with --require-ext and no entries" 1 "--ext-file" \
		"required" --require-ext "$g/good/elf64le.core"
	for e in bad-key:unexpected bad-number:"fits in a long" \
		bad-l5:"bad value" duplicate:duplicate \
		comments-only:"no NUMBER"; do
		f=${e%%:*} what=${e#*:}
		check_error "rejects ext file $f" 1 "$fixtures/ext/$f" "$what" \
			--ext-file "$fixtures/ext/$f" "$g/good/elf64le.core"
	done

	# Formats.
	if run 0 --root "$g/root-kcore" --format makedumpfile &&
	    makedumpfile_overlay_ok "$work/out" "$note"; then
		ok "format makedumpfile follows makedumpfile's -i rules"
	else
		not_ok "format makedumpfile follows makedumpfile's -i rules"
	fi
	if ! command -v makedumpfile >/dev/null 2>&1; then
		not_ok "real makedumpfile reads the overlay: makedumpfile not installed (a test dependency: scripts/install-deps.sh)"
	elif [ "$label" != plain ]; then
		skip "real makedumpfile reads the overlay" "run once, in the plain pass"
	else
		# phys_base changed in the overlay: makedumpfile must prefer it.
		sed 's/^NUMBER(phys_base)=.*/NUMBER(phys_base)=12345/' \
			"$work/out" >"$work/overlay"
		if makedumpfile_reads_overlay "$work/overlay" \
		    "$g/good/elf64le.core"; then
			ok "real makedumpfile reads the overlay, overlay wins"
		else
			not_ok "real makedumpfile reads the overlay, overlay wins"
		fi
	fi
	# Every value a string as the note has it, its number in "hex"
	# (contract.sh checks the schema's types over every fixture).
	if run 0 --root "$g/root-kcore" --format json &&
	    grep -q '"schema_version": 1,' "$work/out" &&
	    grep -q '"NUMBER(page_offset_base)": "-110792976367616"' "$work/out" &&
	    grep -q '"NUMBER(page_offset_base)": "0xffff9b3c00000000"' "$work/out" &&
	    grep -q '"SYMBOL(mem_section)": "ffff9b3c37fd3000"' "$work/out" &&
	    grep -q '"SYMBOL(mem_section)": "0xffff9b3c37fd3000"' "$work/out" &&
	    grep -q '"KERNELOFFSET": "0x0000000026000000"' "$work/out" &&
	    grep -q '"PAGESIZE": "4096"' "$work/out" &&
	    grep -q '"OSRELEASE": "6.1.0-13-amd64"' "$work/out" &&
	    grep -q '"NUMBER(page_offset_base)": "module"' "$work/out" &&
	    grep -q '"NUMBER(phys_base)": "kernel"' "$work/out" &&
	    grep -q '"module": ".*/sys/kernel/vmcoreinfo_ext/vmcoreinfo"' "$work/out"; then
		# python3 is a test dependency (scripts/install-deps.sh):
		# without it the syntax is unchecked, and that is a failure.
		if ! command -v python3 >/dev/null 2>&1; then
			not_ok "format json: python3 not installed, JSON syntax not checked (scripts/install-deps.sh)"
		elif python3 -m json.tool "$work/out" >/dev/null 2>&1; then
			ok "format json"
		else
			not_ok "format json (invalid JSON)"
		fi
	else
		not_ok "format json"
	fi
	if run 0 --root "$g/root-kcore" --format note -o "$work/note.bin"; then
		len=$(wc -c <"$merged")
		pad=$(( (len + 3) / 4 * 4 ))
		size=$(wc -c <"$work/note.bin")
		name=$(dd if="$work/note.bin" bs=1 skip=12 count=10 2>/dev/null)
		dd if="$work/note.bin" bs=1 skip=24 count="$len" \
			of="$work/note.txt" 2>/dev/null
		tail=$(dd if="$work/note.bin" bs=1 skip=$((24 + pad)) 2>/dev/null |
			od -An -tx1 | tr -d ' \n')
		if [ "$size" -eq $((24 + pad + 12)) ] && [ "$name" = VMCOREINFO ] &&
		    cmp -s "$work/note.txt" "$merged" &&
		    [ "$tail" = 000000000000000000000000 ]; then
			ok "format note: kernel layout"
		else
			not_ok "format note: kernel layout"
		fi
	else
		not_ok "format note"
	fi

	# -o is atomic.
	echo "precious" >"$work/keep"
	check_error "-o failure leaves the old file" 1 "$g/bad/text-nul.txt" \
		"NUL" -o "$work/keep" "$g/bad/text-nul.txt"
	if [ "$(cat "$work/keep")" = precious ]; then
		ok "-o: existing file untouched"; else not_ok "-o: existing file untouched"; fi
	check_error "-o into a missing directory" 1 "$work/nodir/x" \
		"temporary file" -o "$work/nodir/x" "$g/good/plain.txt"
	[ ! -e "$work/nodir" ] && ok "-o: nothing created" || not_ok "-o: nothing created"
	mkdir -p "$work/odir"
	if run 0 -o "$work/odir/result" "$g/good/plain.txt" &&
	    cmp -s "$work/odir/result" "$note" && [ ! -s "$work/out" ] &&
	    [ "$(ls "$work/odir" | wc -l)" -eq 1 ]; then
		ok "-o writes the file and no temporary is left"
	else
		not_ok "-o writes the file and no temporary is left"
	fi
	if [ "$(id -u)" -ne 0 ]; then
		chmod 0500 "$work/odir"
		check_error "-o in a read-only directory" 1 "$work/odir/result" \
			"temporary file" -o "$work/odir/result" "$g/good/plain.txt"
		cmp -s "$work/odir/result" "$note" && ok "-o: read-only dir, old file kept" ||
			not_ok "-o: read-only dir, old file kept"
		chmod 0700 "$work/odir"
	elif mkdir -p "$work/rodir" &&
	    mount -t tmpfs -o size=64k tmpfs "$work/rodir" 2>/dev/null; then
		# root writes anywhere but on a read-only file system.
		cp "$note" "$work/rodir/result"
		mount -o remount,ro "$work/rodir"
		check_error "-o on a read-only file system" 1 "$work/rodir/result" \
			"temporary file" -o "$work/rodir/result" "$g/good/plain.txt"
		cmp -s "$work/rodir/result" "$note" &&
			ok "-o: read-only file system, old file kept" ||
			not_ok "-o: read-only file system, old file kept"
		umount "$work/rodir"
	else
		skip "-o in a read-only directory" \
			"root, and no tmpfs could be mounted to make one"
	fi
	skip "EPERM/EACCES from /proc/kcore, sysfs or /dev/mem" \
		"needs a kernel that refuses: tests/qemu/guest/suite-live.sh runs vmcoreinfo-ext as uid 65534 (EACCES) and under lockdown (EPERM), suite-live's devmem check covers STRICT_DEVMEM"
}

# ---- BUILD-ID from /sys/kernel/notes ------------------------------------

# notes_root NAME TEXT NOTES MODULE-LINES: a fake live tree whose
# /proc/kcore note is TEXT, /sys/kernel/notes the file NOTES ("-": none)
# and the module's vmcoreinfo MODULE-LINES.
notes_root() {
	r=$work/gen/$1
	rm -rf "$r"
	mkdir -p "$r/proc" "$r/sys/kernel/vmcoreinfo_ext" "$r/dev"
	"$mkfixture" "$2" "$specs/roots/kcore-note.spec" "$r/proc/kcore" \
		pob=0xffff9b3c00000000 ram_paddr=0x1000000 || return 1
	echo "0x00000000018a2000 1024" >"$r/sys/kernel/vmcoreinfo"
	[ "$3" = - ] || cp "$3" "$r/sys/kernel/notes"
	cp "$4" "$r/sys/kernel/vmcoreinfo_ext/vmcoreinfo"
}

# one_warning TEXT: the stderr of the last run is one warning
# line containing TEXT.
one_warning() {
	[ "$(wc -l <"$work/err")" -eq 1 ] && has_warning "$1"
}

notes_tests() {
	g=$work/gen n=$fixtures/notes
	grep -v '^BUILD-ID=' "$note" >"$work/nobid.txt"
	grep '^NUMBER(' "$fixtures/ext/saved-good" >"$work/module-lines"

	# Real kernels: their own note without its BUILD-ID line (the shape
	# of a pre-5.9 note) and their own notes give back the same line.
	for k in debian11-5.10.0-32-amd64:debian11-5.10.0-32-amd64-4level \
		debian12-6.12.117-amd64:debian12-6.12.117-amd64-4level; do
		kn=${k%%:*} real=$fixtures/real/${k#*:}
		grep -v '^BUILD-ID=' "$real.vmcoreinfo" >"$work/real-nobid"
		grep '^NUMBER(' "$real.saved" >"$work/real-module"
		{ grep '^BUILD-ID=' "$real.vmcoreinfo"; cat "$work/real-module"; } \
			>"$work/real-adds"
		expected_merge "$work/real-nobid" "$work/real-adds" >"$work/real-expect"
		notes_root "notes-$kn" "$work/real-nobid" "$n/$kn.notes" \
			"$work/real-module" || { not_ok "notes: fixture $kn"; continue; }
		if [ "$(sed -n 's/^BUILD-ID=//p' "$real.vmcoreinfo")" = "$(cat "$n/$kn.notes.build-id")" ] &&
		    run 0 --root "$g/notes-$kn" && cmp -s "$work/out" "$work/real-expect" &&
		    [ ! -s "$work/err" ]; then
			ok "notes: $kn, note without BUILD-ID: the kernel's own line put back from its notes (readelf's ID)"
		else
			not_ok "notes: $kn, note without BUILD-ID (rc $rc)"
		fi
		if run 0 --root "$g/notes-$kn" --format json &&
		    grep -q "\"BUILD-ID\": \"$(cat "$n/$kn.notes.build-id")\"" "$work/out" &&
		    grep -q '"BUILD-ID": "notes"' "$work/out" &&
		    grep -q "\"notes\": \"$g/notes-$kn/sys/kernel/notes\"" "$work/out"; then
			ok "notes: $kn: JSON gives BUILD-ID with its origin and source"
		else
			not_ok "notes: $kn: JSON BUILD-ID, origin, source"
		fi
	done

	# The specs: a good one gives its ID, a bad one one warning line;
	# either way the rest is printed, exit 0.
	for spec in "$specs"/notes/good/*.spec "$specs"/notes/bad/*.spec; do
		name=$(basename "$spec" .notes.spec)
		"$mkfixture" "$note" "$spec" "$work/spec.notes" || {
			not_ok "notes spec $name: mkfixture"; continue; }
		notes_root "notes-spec" "$work/nobid.txt" "$work/spec.notes" \
			"$work/module-lines" || { not_ok "notes spec $name: tree"; continue; }
		bid=$(sed -n 's/^!build-id //p' "$spec")
		if [ -n "$bid" ]; then
			echo "BUILD-ID=$bid" >"$work/adds"
		else
			: >"$work/adds"
		fi
		cat "$work/module-lines" >>"$work/adds"
		expected_merge "$work/nobid.txt" "$work/adds" >"$work/expect"
		warning=$(sed -n 's/^!warning //p' "$spec")
		if run 0 --root "$g/notes-spec" && cmp -s "$work/out" "$work/expect" &&
		    if [ -n "$warning" ]; then one_warning "$warning" &&
			has_warning "$g/notes-spec/sys/kernel/notes" &&
			has_warning "no BUILD-ID"
		    else [ ! -s "$work/err" ]; fi; then
			ok "notes spec $name: ${bid:+BUILD-ID=$bid}${warning:+one warning ($warning), the rest printed}"
		else
			not_ok "notes spec $name (rc $rc)"
		fi
	done
	notes_root notes-none "$work/nobid.txt" - "$work/module-lines"
	if run 0 --root "$g/notes-none" && one_warning "cannot open" &&
	    expected_merge "$work/nobid.txt" "$work/module-lines" | cmp -s - "$work/out"; then
		ok "notes: no /sys/kernel/notes: one warning, the rest printed"
	else
		not_ok "notes: no /sys/kernel/notes (rc $rc)"
	fi

	# 5.9+: the note has it; notes of another build are a conflict.
	notes_root notes-conflict "$note" "$n/debian12-6.1.0-57-amd64.notes" \
		"$work/module-lines"
	if run 0 --root "$g/notes-conflict" &&
	    one_warning "BUILD-ID differs: kernel 3e5e1d1a2b4c9f8e7d6c5b4a3928171605f4e3d2, /sys/kernel/notes 6a2b4ac77585b8cf102cba771300e573c8489b69; keeping the kernel's" &&
	    expected_merge "$note" "$work/module-lines" | cmp -s - "$work/out"; then
		ok "notes: a different ID than the note's: warned, the kernel's kept"
	else
		not_ok "notes: conflict with the note's BUILD-ID (rc $rc)"
	fi
	check_error "notes: the conflict with --strict" 1 \
		"$g/notes-conflict/sys/kernel/notes" "BUILD-ID differs" \
		--root "$g/notes-conflict" --strict
	notes_root notes-same "$note" "$work/gen/synthetic.notes" "$work/module-lines"
	if run 0 --root "$g/notes-same" && [ ! -s "$work/err" ] &&
	    expected_merge "$note" "$work/module-lines" | cmp -s - "$work/out"; then
		ok "notes: the same ID as the note's: no warning, not added twice"
	else
		not_ok "notes: the same ID as the note's (rc $rc)"
	fi

	# save keeps it; amend puts it into a dump whose note lacks it.
	notes_root notes-save "$work/nobid.txt" "$n/debian12-6.1.0-57-amd64.notes" \
		"$work/module-lines"
	if run 0 --root "$g/notes-save" save -o "$work/saved-bid" &&
	    grep -qx 'BUILD-ID=6a2b4ac77585b8cf102cba771300e573c8489b69' "$work/saved-bid" &&
	    [ "$(grep -c '^BUILD-ID=' "$work/saved-bid")" = 1 ]; then
		ok "notes: save takes BUILD-ID from the notes when the note lacks it"
	else
		not_ok "notes: save with the BUILD-ID of the notes (rc $rc)"
	fi
	"$mkfixture" "$work/nobid.txt" "$specs/good/kdump-notes.kdump.spec" "$work/nobid.kdump"
	{ echo "BUILD-ID=6a2b4ac77585b8cf102cba771300e573c8489b69"; cat "$work/module-lines"; } >"$work/adds"
	expected_merge "$work/nobid.txt" "$work/adds" >"$work/expect"
	if run 0 --ext-file "$work/saved-bid" "$work/nobid.kdump" &&
	    cmp -s "$work/out" "$work/expect" &&
	    run 0 amend -x "$work/saved-bid" "$work/nobid.kdump" &&
	    grep -q 'amended: 4 entries added (BUILD-ID NUMBER(page_offset_base) NUMBER(vmalloc_base) NUMBER(vmemmap_base))' "$work/out" &&
	    run 0 "$work/nobid.kdump" && cmp -s "$work/out" "$work/expect" &&
	    "$build/unit_tests" --kdump-note "$work/nobid.kdump" | cmp -s - "$work/expect"; then
		ok "notes: a dump without BUILD-ID, amended with that saved file, carries the line (text and note)"
	else
		not_ok "notes: amend adds BUILD-ID from the saved file (rc $rc)"
	fi
	# The saved file of another build: refused by the live notes.
	notes_root notes-other "$work/nobid.txt" "$work/gen/synthetic.notes" \
		"$work/module-lines"
	check_error "notes: a saved file of another build refused by the live notes" 1 \
		"$work/saved-bid" "BUILD-ID 6a2b4ac77585b8cf102cba771300e573c8489b69 (saved) != 3e5e1d1a2b4c9f8e7d6c5b4a3928171605f4e3d2 (/sys/kernel/notes)" \
		--root "$g/notes-other" --ext-file "$work/saved-bid"
	# A dump is never given the running kernel's notes.
	if run 0 --root "$g/notes-save" --ext-file "$fixtures/ext/sysfs-copy" "$work/nobid.txt" &&
	    ! grep -q '^BUILD-ID=' "$work/out"; then
		ok "notes: a dump file does not take the running kernel's BUILD-ID"
	else
		not_ok "notes: a dump file took the running kernel's BUILD-ID"
	fi
}

# ---- amend --stream -----------------------------------------------------

# stream_run SAVED IN OUT: amend --stream, stdin IN, stdout OUT.
stream_run() {
	"$bin" amend --stream -x "$1" <"$2" >"$3" 2>"$work/err"
	rc=$?
}

# rebuilt FLAT OUT: makedumpfile -R, quietly.
rebuilt() {
	rm -f "$2"
	makedumpfile -R "$2" <"$1" >/dev/null 2>&1
}

stream_tests() {
	saved=$fixtures/ext/saved-good
	d=$work/stream
	rm -rf "$d"
	mkdir -p "$d"
	if ! command -v makedumpfile >/dev/null 2>&1; then
		not_ok "stream: makedumpfile not installed (a test dependency: scripts/install-deps.sh)"
		return
	fi
	# The stream amended on its way = the same stream amended in place:
	# read as it is and rebuilt by makedumpfile -R, byte for byte.
	for f in good/kdump-notes.flat; do
		n=$(basename "$f")
		cp "$work/gen/$f" "$d/$n.file"
		"$bin" amend -x "$saved" "$d/$n.file" >/dev/null 2>&1
		"$bin" --ext-file "$saved" "$work/gen/$f" >"$d/$n.merged" 2>/dev/null
		stream_run "$saved" "$work/gen/$f" "$d/$n.stream"
		if [ "$rc" = 0 ] && [ "$(wc -l <"$work/err")" = 1 ] &&
		    grep -q '^vmcoreinfo-ext: standard input: kdump-compressed dump (flattened stream) amended on its way: 3 entries added' "$work/err"; then
			ok "stream $n: amended on its way, one line on stderr"
		else
			not_ok "stream $n: amend --stream (rc $rc)"
		fi
		if "$bin" "$d/$n.stream" 2>/dev/null | cmp -s - "$d/$n.merged"; then
			ok "stream $n: the stream read as it is carries the merged note"
		else
			not_ok "stream $n: the stream read as it is is not the merged note"
		fi
		if rebuilt "$d/$n.stream" "$d/$n.s.kdump" && rebuilt "$d/$n.file" "$d/$n.f.kdump" &&
		    same "$d/$n.s.kdump" "$d/$n.f.kdump" && reads_as "$d/$n.s.kdump" "$d/$n.merged" &&
		    "$build/unit_tests" --kdump-note "$d/$n.s.kdump" | cmp -s - "$d/$n.merged"; then
			ok "stream $n: rebuilt with makedumpfile -R = the file amended in place, rebuilt ($(wc -c <"$d/$n.s.kdump") bytes, text and note)"
		else
			not_ok "stream $n: rebuilt differs from the file amended in place"
		fi
		# Fed again: it carries every entry; passed through as it is.
		stream_run "$saved" "$d/$n.stream" "$d/$n.again"
		if [ "$rc" = 0 ] && same "$d/$n.again" "$d/$n.stream" &&
		    grep -q 'passed through unamended.*already carries every entry' "$work/err"; then
			ok "stream $n: an amended stream passes through unchanged"
		else
			not_ok "stream $n: an amended stream fed again (rc $rc)"
		fi
		# Through a pipe, in small writes.
		if dd if="$work/gen/$f" bs=7 status=none | "$bin" amend --stream -x "$saved" 2>/dev/null |
		    cmp -s - "$d/$n.stream"; then
			ok "stream $n: the same bytes through a pipe fed 7 bytes at a time"
		else
			not_ok "stream $n: a pipe fed in small writes gives other bytes"
		fi
	done

	# Passed through byte for byte, the reason in one warning line.
	src=$work/gen/good/kdump-notes.flat
	for c in "missing:$d/nonexistent:cannot open" \
		"module file:$fixtures/ext/sysfs-copy:not a saved file" \
		"another boot:$fixtures/ext/saved-foreign-kerneloffset:belongs to another boot" \
		"another build:$fixtures/ext/saved-foreign-buildid:BUILD-ID"; do
		what=${c%%:*} rest=${c#*:} sv=${rest%%:*} text=${rest#*:}
		stream_run "$sv" "$src" "$d/pass"
		if [ "$rc" = 0 ] && same "$d/pass" "$src" && one_warning "passed through unamended" &&
		    has_warning "$text"; then
			ok "stream: saved file $what: passed through byte for byte, why in one line"
		else
			not_ok "stream: saved file $what (rc $rc)"
		fi
	done
	for f in good/kdump-notes.kdump amend/elf.flat \
		good/kdump-rewritten.flat good/plain.txt bad/flat-version2.flat \
		bad/flat-bad-record.flat bad/flat-text.flat; do
		stream_run "$saved" "$work/gen/$f" "$d/pass"
		if [ "$rc" = 0 ] && same "$d/pass" "$work/gen/$f" && one_warning "passed through unamended"; then
			ok "stream: $(basename "$f") passed through byte for byte: $(sed 's/^.*unamended ([0-9]* bytes): //' "$work/err")"
		else
			not_ok "stream: $(basename "$f") (rc $rc)"
		fi
	done
	# The sub-header written again after the note (makedumpfile does so
	# when it adds erase information): found once its record is held
	# apart; passed through from there, the held bytes in their own
	# record before the one that rewrites them, so that the dump reads
	# the same for crash and makedumpfile -R (the stream's bytes are not
	# makedumpfile's: its sub-header record comes in pieces).
	f=$work/gen/amend/flat-sub-twice.flat
	"$bin" "$f" >"$work/gen/flat-sub-twice.note" 2>/dev/null
	stream_run "$saved" "$f" "$d/pass"
	if [ "$rc" = 0 ] && one_warning "writes the headers or notes again" &&
	    rebuilt "$d/pass" "$d/pass.kdump" && rebuilt "$f" "$d/orig.kdump" &&
	    same "$d/pass.kdump" "$d/orig.kdump" &&
	    "$bin" "$d/pass" 2>/dev/null | cmp -s - "$work/gen/flat-sub-twice.note"; then
		ok "stream: sub-header written twice: unamended, the dump the same for makedumpfile -R and crash"
	else
		not_ok "stream: sub-header written twice (rc $rc)"
	fi
	: >"$d/empty"
	stream_run "$saved" "$d/empty" "$d/pass"
	if [ "$rc" = 1 ] && [ ! -s "$d/pass" ] && grep -q 'ends before its end marker' "$work/err"; then
		ok "stream: empty input: nothing out, exit 1"
	else
		not_ok "stream: empty input (rc $rc)"
	fi

	# Cut short anywhere: exit 1, one error line, never an end marker of
	# ours; cut before the note, the bytes as they came; after it, every
	# byte still there (the held sub-header fields at the end).
	size=$(wc -c <"$src") cut=1 bad=
	while [ "$cut" -lt "$size" ]; do
		head -c "$cut" "$src" >"$d/cut.in"
		stream_run "$saved" "$d/cut.in" "$d/cut.out"
		grep -v '^vmcoreinfo-ext: warning: ' "$work/err" >"$work/errline"
		ends=$(tail -c 16 "$d/cut.out" | od -An -tx1 | tr -d ' \n')
		if [ "$rc" != 1 ] || [ "$(wc -l <"$work/errline")" != 1 ] ||
		    ! grep -q 'cut short' "$work/errline" ||
		    [ "$ends" = ffffffffffffffffffffffffffffffff ]; then
			bad="$bad $cut:rc$rc"
		elif grep -q 'amended on its way' "$work/err"; then
			bad="$bad $cut:said-amended"
		elif same "$d/cut.out" "$d/cut.in"; then
			: $((identical += 1))
		elif [ "$(wc -c <"$d/cut.out")" -ne $(($(wc -c <"$d/cut.in") + 32)) ]; then
			bad="$bad $cut:size"
		fi
		cut=$((cut + 97))
	done
	if [ -z "$bad" ]; then
		ok "stream: cut short at every 97th byte of $size: exit 1, no end marker added, nothing lost ($identical cuts before the note byte-identical)"
	else
		not_ok "stream: cut short:$bad"
	fi
	identical=0

	# Not the stream: usage.
	for args in "amend --stream d" "amend --stream --dry-run" "amend --stream --undo" \
		"--stream" "amend --stream -o x"; do
		# shellcheck disable=SC2086
		if run 2 $args </dev/null && [ "$(wc -l <"$work/err")" -eq 1 ]; then
			ok "stream usage error: $args"
		else
			not_ok "stream usage error: $args (rc $rc)"
		fi
	done
}

# ---- amend -----------------------------------------------------------

# The dumps amend must handle, and where their spec lives.
amend_dumps="good/kdump-notes.kdump good/kdump-notes.flat good/elf64le.core
	good/elf64be.core good/elf32le.core amend/kdump-notes-be.kdump"

gen_amend_specs() {
	mkdir -p "$work/gen/amend"
	for spec in "$specs/amend"/*.spec; do
		"$mkfixture" "$note" "$spec" \
			"$work/gen/amend/$(basename "$spec" .spec)" || return 1
	done
}

# amend_run EXPECTED_RC ARGS...: like run, with the saved file of the
# fixture note's boot unless ARGS give one.
same() { cmp -s "$1" "$2"; }

# reads_as DUMP FILE: the reader prints FILE for DUMP.
reads_as() {
	"$bin" "$1" 2>/dev/null | cmp -s - "$2"
}

# cut_tests NAME: amend and --undo cut short at each of their writes,
# syncs and truncations (tests/unit/cut.c), each way: the dump always
# reads as before or as amended, and the next run finishes the job with
# the same bytes as an uncut run.
cut_tests() {
	n=$1 d=$work/amend
	for how in kill half enospc eio; do
		i=1 bad= cuts=0
		while :; do
			cp --sparse=always "$d/$n.orig" "$d/cut"
			rm -f "$d/cut.log"
			CUT_LOG=$d/cut.log CUT_AT=$i CUT_HOW=$how LD_PRELOAD=$CUT_SO \
				"$bin" amend -x "$saved" "$d/cut" >/dev/null 2>&1
			[ "$(wc -l <"$d/cut.log")" -ge "$i" ] || break
			cuts=$((cuts + 1))
			reads_as "$d/cut" "$d/$n.note" ||
				reads_as "$d/cut" "$d/$n.merged" ||
				bad="$bad amend@$i:unreadable"
			case $how in enospc|eio)
				same "$d/cut" "$d/$n.orig" ||
					same "$d/cut" "$d/$n.amended" ||
					bad="$bad amend@$i:not-rolled-back" ;;
			esac
			"$bin" amend -x "$saved" "$d/cut" >/dev/null 2>&1 &&
				same "$d/cut" "$d/$n.amended" ||
				bad="$bad amend@$i:second-run"
			i=$((i + 1))
		done
		j=1
		while :; do
			cp --sparse=always "$d/$n.amended" "$d/cut"
			rm -f "$d/cut.log"
			CUT_LOG=$d/cut.log CUT_AT=$j CUT_HOW=$how LD_PRELOAD=$CUT_SO \
				"$bin" amend --undo "$d/cut" >/dev/null 2>&1
			[ "$(wc -l <"$d/cut.log")" -ge "$j" ] || break
			cuts=$((cuts + 1))
			reads_as "$d/cut" "$d/$n.note" ||
				reads_as "$d/cut" "$d/$n.merged" ||
				bad="$bad undo@$j:unreadable"
			"$bin" amend --undo "$d/cut" >/dev/null 2>&1 &&
				same "$d/cut" "$d/$n.orig" ||
				bad="$bad undo@$j:second-run"
			j=$((j + 1))
		done
		if [ -z "$bad" ] && [ "$i" -gt 3 ] && [ "$j" -gt 2 ]; then
			ok "amend $n: cut short ($how) at each of $((i - 1)) amend and $((j - 1)) undo steps: readable, finished by the next run"
		else
			not_ok "amend $n: cut short ($how):${bad:- too few steps ($i, $j)}"
		fi
	done
}

amend_tests() {
	saved=$fixtures/ext/saved-good
	d=$work/amend
	rm -rf "$d"
	mkdir -p "$d"
	for dump in $amend_dumps; do
		n=$(basename "$dump")
		cp --sparse=always "$work/gen/$dump" "$d/$n.orig"
		"$bin" "$d/$n.orig" >"$d/$n.note" 2>/dev/null
		"$bin" --ext-file "$saved" "$d/$n.orig" >"$d/$n.merged" 2>/dev/null
		cp --sparse=always "$d/$n.orig" "$d/$n"
		if run 0 amend --dry-run -x "$saved" "$d/$n" &&
		    grep -q 'would be amended: 3 entries added' "$work/out" &&
		    same "$d/$n" "$d/$n.orig"; then
			ok "amend $n: --dry-run says what would change, changes nothing"
		else
			not_ok "amend $n: --dry-run (rc $rc)"
		fi
		if run 0 amend -x "$saved" "$d/$n" &&
		    grep -q 'amended: 3 entries added (NUMBER(page_offset_base) NUMBER(vmalloc_base) NUMBER(vmemmap_base))' "$work/out"; then
			ok "amend $n: amended, 3 entries added"
		else
			not_ok "amend $n: amend (rc $rc)"
		fi
		cp --sparse=always "$d/$n" "$d/$n.amended"
		if reads_as "$d/$n" "$d/$n.merged"; then
			ok "amend $n: its note now reads as the merged note"
		else
			not_ok "amend $n: its note is not the merged note"
		fi
		case $n in *.kdump|*.flat)
			if "$build/unit_tests" --kdump-note "$d/$n" >"$d/$n.innote" &&
			    same "$d/$n.innote" "$d/$n.merged"; then
				ok "amend $n: the VMCOREINFO note in its notes too"
			else
				not_ok "amend $n: the VMCOREINFO note in its notes differs"
			fi ;;
		esac
		if run 0 amend -x "$saved" "$d/$n" &&
		    grep -q 'already carries every entry: unchanged' "$work/out" &&
		    same "$d/$n" "$d/$n.amended"; then
			ok "amend $n: amending twice gives the same bytes as once"
		else
			not_ok "amend $n: second amend (rc $rc)"
		fi
		if run 0 amend --undo "$d/$n" && grep -q 'restored' "$work/out" &&
		    same "$d/$n" "$d/$n.orig"; then
			ok "amend $n: --undo restores the original bytes"
		else
			not_ok "amend $n: --undo (rc $rc)"
		fi
		if run 0 amend --undo "$d/$n" &&
		    grep -q 'nothing to undo' "$work/out" &&
		    same "$d/$n" "$d/$n.orig"; then
			ok "amend $n: --undo of a dump not amended: nothing done"
		else
			not_ok "amend $n: second --undo (rc $rc)"
		fi
		if [ "$label" != plain ]; then
			skip "amend $n: cut short at each step" \
				"runs in the plain pass (an LD_PRELOAD shim; ASan must come first)"
		else
			cut_tests "$n"
		fi
	done

	# Refused, one line, file untouched: the specs that say so, the
	# saved file of another boot, a module file, bad input.
	for spec in "$specs/amend"/*.spec; do
		want=$(sed -n 's/^!refuse //p' "$spec")
		[ -n "$want" ] || continue
		f=$work/gen/amend/$(basename "$spec" .spec)
		cp --sparse=always "$f" "$d/before"
		check_error "amend refuses $(basename "$f")" 1 "$f" "$want" \
			amend -x "$saved" "$f"
		same "$f" "$d/before" || not_ok "amend $(basename "$f"): file changed"
	done
	n=kdump-notes.kdump
	cp --sparse=always "$d/$n.orig" "$d/x"
	for w in foreign-kerneloffset:"belongs to another boot" \
		foreign-pob:"SYMBOL(mem_section)"; do
		check_error "amend refuses a saved file of another boot (${w%%:*})" 1 \
			"$d/x" "${w#*:}" amend -x "$fixtures/ext/saved-${w%%:*}" "$d/x"
	done
	check_error "amend refuses a module file (no identity)" 1 \
		"$fixtures/ext/sysfs-copy" "not a saved file" \
		amend -x "$fixtures/ext/sysfs-copy" "$d/x"
	check_error "amend: missing saved file" 1 "$d/nonexistent" "cannot open" \
		amend -x "$d/nonexistent" "$d/x"
	same "$d/x" "$d/$n.orig" && ok "amend: refusals left the dump untouched" ||
		not_ok "amend: a refusal changed the dump"
	for f in "$work/gen/bad"/*; do
		case $f in *.err|*.warn|*.expect|*.args) continue ;; esac
		cp --sparse=always "$f" "$d/before"
		"$bin" amend -x "$saved" "$f" >"$work/out" 2>"$work/err"
		rc=$?
		if [ $rc = 1 ] && one_line_error "$f" "" && same "$f" "$d/before"; then
			: $((badok += 1))
		else
			not_ok "amend of bad input $(basename "$f"): rc $rc, or more than one line, or changed"
		fi
	done
	ok "amend: every malformed fixture refused in one line, untouched ($(ls "$work/gen/bad" | grep -cv '\.\(err\|warn\|expect\|args\)$') files)"
	for args in "amend" "amend a b" "amend --format json d" "amend --undo -x s d" \
		"--dry-run d" "amend -o x d"; do
		# shellcheck disable=SC2086
		if run 2 $args && [ "$(wc -l <"$work/err")" -eq 1 ]; then
			ok "amend usage error: $args"
		else
			not_ok "amend usage error: $args (rc $rc)"
		fi
	done
	if [ "$(id -u)" -eq 0 ] && mkdir -p "$d/mnt" &&
	    mount -t tmpfs -o size=64k tmpfs "$d/mnt" 2>/dev/null; then
		# A real full disk: the dump and a filler fill a 64 KiB tmpfs.
		cp "$work/gen/good/kdump-notes.kdump" "$d/mnt/d"
		head -c 1M /dev/zero >"$d/mnt/filler" 2>/dev/null
		cp "$d/mnt/d" "$d/full.before"
		check_error "amend on a full file system: ENOSPC" 1 "$d/mnt/d" \
			"No space left" amend -x "$saved" "$d/mnt/d"
		same "$d/mnt/d" "$d/full.before" &&
			ok "amend on a full file system: dump byte-identical" ||
			not_ok "amend on a full file system: dump changed"
		mount -o remount,ro "$d/mnt"
		check_error "amend on a read-only file system" 1 "$d/mnt/d" \
			"Read-only file system" amend -x "$saved" "$d/mnt/d"
		same "$d/mnt/d" "$d/full.before" &&
			ok "amend on a read-only file system: dump byte-identical" ||
			not_ok "amend on a read-only file system: dump changed"
		umount "$d/mnt"
	else
		skip "amend on a full and on a read-only file system" \
			"needs root to mount a small tmpfs"
	fi
}

identical=0
rm -rf "$work/gen"
if ! gen_specs || ! gen_roots || ! gen_amend_specs; then
	echo "not ok - building the fixtures from tests/unit/specs failed"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
for build in "$@"; do
	bin=$build/vmcoreinfo-ext
	label=$(basename "$build")
	[ "$label" = build ] && label=plain
	unit_tests
	fixture_dir "$fixtures"
	fixture_dir "$work/gen/good"
	fixture_dir "$work/gen/bad"
	cli_tests
	notes_tests
	stream_tests
	amend_tests
	contract_boot
	contract_verify
	contract_json
	contract_errors
done

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
