#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unit and CLI tests of vmcoreinfo-ext.
#
#   sh tests/unit/run.sh BUILDDIR [BUILDDIR...]
#
# Each BUILDDIR holds vmcoreinfo-ext, unit_tests and make_fixtures (a plain
# and a sanitizer build, say); the whole suite runs once per directory.
# Prints "ok"/"not ok" lines and a final "N passed, N failed" line; exits
# non-zero if anything failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/fixtures
. "$here/makedumpfile_check.sh"

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

# Fixture files with FILE.expect or FILE.err, anywhere below DIR.
fixture_dir() {
	dir=$1
	[ -d "$dir" ] || return 0
	find "$dir" -type f ! -name '*.expect' ! -name '*.err' \
		! -name '*.args' ! -name README ! -name '.*' | sort |
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
		else
			check_error "rejects $name" 1 "$f" "$(cat "$f.err")" \
				"$@" "$f"
		fi
	done <"$work/list"
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
	note=$fixtures/synthetic-6.1.txt
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
	if run 0 --root "$g/root-conflict" &&
	    grep -q '^vmcoreinfo-ext: warning: NUMBER(phys_base) differs: kernel 295698432, module 12345' "$work/err" &&
	    grep -qx 'NUMBER(phys_base)=295698432' "$work/out" &&
	    ! grep -qx 'NUMBER(phys_base)=12345' "$work/out"; then
		ok "conflict: warning with both values, kernel's kept"
	else
		not_ok "conflict: warning with both values, kernel's kept"
	fi
	check_error "conflict with --strict" 1 \
		"$g/root-conflict/sys/kernel/vmcoreinfo_ext/vmcoreinfo" \
		"NUMBER(phys_base) differs" --root "$g/root-conflict" --strict
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
		--root "$g/root-vmcore" --ext-file "$g/ext/saved-good"
	for w in osrelease:OSRELEASE buildid:BUILD-ID \
		kerneloffset:KERNELOFFSET physbase:"NUMBER(phys_base)" \
		pob:"SYMBOL(mem_section)"; do
		f=${w%%:*} what=${w#*:}
		check_error "vmcore refuses foreign saved file ($f)" 1 \
			"$g/ext/saved-foreign-$f" "$what" \
			--root "$g/root-vmcore" \
			--ext-file "$g/ext/saved-foreign-$f"
	done
	check_error "saved file without OSRELEASE" 1 \
		"$g/ext/saved-no-osrelease" "no OSRELEASE" \
		--root "$g/root-vmcore" --ext-file "$g/ext/saved-no-osrelease"

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
		--ext-file "$g/ext/sysfs-copy" "$g/good/kdump-le.kdump"
	check_output "dump + --ext DIR" "$merged" \
		--ext "$g/root-kcore/sys/kernel/vmcoreinfo_ext" \
		"$g/good/elf32be.core"
	check_error "dump with --require-ext and no entries" 1 "--ext-file" \
		"required" --require-ext "$g/good/elf64le.core"
	for e in bad-key:unexpected bad-number:"fits in a long" \
		bad-l5:"bad value" duplicate:duplicate \
		comments-only:"no NUMBER"; do
		f=${e%%:*} what=${e#*:}
		check_error "rejects ext file $f" 1 "$g/ext/$f" "$what" \
			--ext-file "$g/ext/$f" "$g/good/elf64le.core"
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
	if run 0 --root "$g/root-kcore" --format json &&
	    grep -q '"NUMBER(page_offset_base)": -110792976367616' "$work/out" &&
	    grep -q '"SYMBOL(mem_section)": "0xffff9b3c37fd3000"' "$work/out" &&
	    grep -q '"KERNELOFFSET": "0x26000000"' "$work/out" &&
	    grep -q '"PAGESIZE": 4096' "$work/out" &&
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
	else
		skip "-o in a read-only directory" "running as root"
	fi
	skip "EPERM/EACCES from /proc/kcore, sysfs or /dev/mem" \
		"needs a kernel that refuses: tests/qemu/guest/suite-live.sh runs vmcoreinfo-ext as uid 65534 (EACCES) and under lockdown (EPERM), suite-live's devmem check covers STRICT_DEVMEM"
}

for build in "$@"; do
	bin=$build/vmcoreinfo-ext
	label=$(basename "$build")
	[ "$label" = build ] && label=plain
	rm -rf "$work/gen"
	if ! "$build/make_fixtures" "$fixtures/synthetic-6.1.txt" "$work/gen"; then
		fail=$((fail + 1))
		echo "not ok - $label: make_fixtures failed"
		continue
	fi
	unit_tests
	fixture_dir "$fixtures"
	fixture_dir "$work/gen/good"
	fixture_dir "$work/gen/bad"
	cli_tests
done

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
