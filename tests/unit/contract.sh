# SPDX-License-Identifier: GPL-2.0
#
# The reader's contract, sourced by tests/unit/run.sh (its helpers, $bin,
# $build, $label, $work, $fixtures): the JSON schema over every fixture,
# values of another boot refused, verify, and one line on standard error
# for every failure.

# ---- JSON: one type per member, every fixture ---------------------------

contract_json() {
	d=$work/json
	rm -rf "$d"
	mkdir -p "$d"
	: >"$d/pairs"
	i=0
	# Every fixture that has an expected output (real/ included), with
	# its arguments, and every good synthetic dump.
	{ find "$fixtures" -type f -name '*.expect'; find "$work/gen/good" -type f -name '*.expect'; } |
		sort | while read -r x; do
		f=${x%.expect}
		set --
		if [ -e "$f.args" ]; then
			while IFS= read -r a; do
				[ -n "$a" ] || continue
				set -- "$@" "$(printf '%s' "$a" | sed "s|@FIXTURES@|$fixtures|g")"
			done <"$f.args"
		fi
		i=$((i + 1))
		"$bin" "$@" --format json "$f" >"$d/$i.json" 2>/dev/null &&
			"$bin" "$@" "$f" >"$d/$i.txt" 2>/dev/null &&
			echo "$d/$i.json $d/$i.txt" >>"$d/pairs" ||
			echo "$f" >>"$d/failed"
	done
	# The issue's case: RHEL's page_offset_base and the 5-level one.
	r=$fixtures/real
	for n in rhel8.10-4.18.0-553.66.1.el8_10.x86_64 debian12-6.1.0-56-amd64-5level; do
		sysfs=$r/$n.sysfs
		[ -e "$sysfs" ] || sysfs=$r/$n.saved
		"$bin" -x "$sysfs" --format json "$r/$n.vmcoreinfo" >"$d/$n.json" 2>/dev/null
		"$bin" -x "$sysfs" "$r/$n.vmcoreinfo" >"$d/$n.txt" 2>/dev/null
		echo "$d/$n.json $d/$n.txt" >>"$d/pairs"
	done
	cat "$work/json-amended" >>"$d/pairs" 2>/dev/null
	if [ -s "$d/failed" ]; then
		not_ok "json: fixtures that did not run: $(tr '\n' ' ' <"$d/failed")"
	fi
	# shellcheck disable=SC2046
	if python3 "$here/json_check.py" print $(cat "$d/pairs") >"$d/check.out" 2>&1; then
		ok "json: schema 1 over every fixture ($(cat "$d/check.out")): one type per member, values as strings, hex = the value's 64 bits, duplicates and unparsed lines listed, no number beyond 2^53 (python's json)"
	else
		not_ok "json: $(head -n 3 "$d/check.out" | tr '\n' ';')"
	fi
	if grep -q '"NUMBER(page_offset_base)": "-110792976367616"' "$d/rhel8.10-4.18.0-553.66.1.el8_10.x86_64.json" &&
	    grep -q '"NUMBER(page_offset_base)": "0xffff9b3c00000000"' "$d/rhel8.10-4.18.0-553.66.1.el8_10.x86_64.json" &&
	    grep -q '"NUMBER(page_offset_base)": "0xff40ee0140000000"' "$d/debian12-6.1.0-56-amd64-5level.json"; then
		ok "json: page_offset_base a string on RHEL 8.10 and on 5-level 6.1 alike, its hex beside it"
	else
		not_ok "json: page_offset_base of RHEL 8.10 and 5-level 6.1"
	fi
}

# ---- values of another boot or kernel ------------------------------------

contract_boot() {
	r=$fixtures/real
	rhel=$r/rhel8.10-4.18.0-553.66.1.el8_10.x86_64.sysfs
	deb=$r/debian12-6.1.0-56-amd64-5level.vmcoreinfo
	check_error "another kernel's module values refused, every entry that differs named" 1 "$rhel" \
		"values of another boot or kernel: NUMBER(phys_base) -411041792 (module) != -203423744 (kernel); NUMBER(pgtable_l5_enabled) 0 (module) != 1 (kernel); NUMBER(MAX_PHYSMEM_BITS) 46 (module) != 52 (kernel) (--force merges them anyway)" \
		-x "$rhel" "$deb"
	if run 0 -x "$rhel" --force "$deb" && [ "$(grep -c '^vmcoreinfo-ext: warning: NUMBER(.*) differs' "$work/err")" = 3 ] &&
	    grep -qx 'NUMBER(page_offset_base)=-110792976367616' "$work/out" &&
	    grep -qx 'NUMBER(phys_base)=-203423744' "$work/out"; then
		ok "--force: merged as before, three warnings, the kernel's values kept"
	else
		not_ok "--force on another kernel's values (rc $rc)"
	fi
	# A value that tells no boot apart: a warning, an error with --strict.
	sed 's/^NUMBER(SECTION_SIZE_BITS)=.*/NUMBER(SECTION_SIZE_BITS)=28/' \
		"$r/debian12-6.1.0-56-amd64-5level.saved" | grep '^NUMBER(' >"$work/ssb"
	if run 0 -x "$work/ssb" "$deb" && [ "$(wc -l <"$work/err")" = 1 ] &&
	    has_warning "NUMBER(SECTION_SIZE_BITS) differs: kernel 27, module 28; keeping the kernel's"; then
		ok "a conflict on SECTION_SIZE_BITS (identifies no boot): one warning, exit 0"
	else
		not_ok "a conflict on SECTION_SIZE_BITS (rc $rc)"
	fi
	check_error "... and with --strict an error" 1 "$work/ssb" \
		"NUMBER(SECTION_SIZE_BITS) differs" --strict -x "$work/ssb" "$deb"
	# A saved file of another boot: refused; --force: a warning.
	f=$fixtures/ext/saved-foreign-kerneloffset
	check_error "a saved file of another boot refused when printing" 1 "$f" \
		"belongs to another boot" -x "$f" "$work/gen/good/elf64le.core"
	if run 0 --force -x "$f" "$work/gen/good/elf64le.core" && one_warning "merged anyway (--force)"; then
		ok "--force: a saved file of another boot merged, with one warning"
	else
		not_ok "--force with a saved file of another boot (rc $rc)"
	fi
	for args in "save --force" "amend --force -x s d" "verify --force d"; do
		# shellcheck disable=SC2086
		if run 2 $args && [ "$(wc -l <"$work/err")" -eq 1 ]; then
			ok "usage error: $args"
		else
			not_ok "usage error: $args (rc $rc)"
		fi
	done
}

# ---- verify -------------------------------------------------------------

# verify_is NAME RC TEXT ARGS...: verify's exit status and its line.
verify_is() {
	name=$1 want=$2 text=$3
	shift 3
	if run "$want" verify "$@" && [ "$(wc -l <"$work/out")" = "$#" ] &&
	    grep -qF -- "$text" "$work/out" && [ ! -s "$work/err" ]; then
		ok "verify: $name"
	else
		not_ok "verify: $name (rc $rc, want $want and '$text'): $(head -n 1 "$work/out")"
	fi
}

contract_verify() {
	saved=$fixtures/ext/saved-good
	d=$work/verify
	rm -rf "$d" "$work/json-amended"
	mkdir -p "$d"
	adds='NUMBER(page_offset_base) NUMBER(vmalloc_base) NUMBER(vmemmap_base)'
	for n in kdump-notes.kdump kdump-notes.flat elf64le.core elf32le.core elf64be.core; do
		cp --sparse=always "$work/gen/good/$n" "$d/$n"
		verify_is "$n not amended: incomplete, exit 1" 1 \
			"$d/$n: incomplete: " "$d/$n"
		grep -qF "6 of 9 entries, 6 the kernel's own; missing $adds; not amended" "$work/out" ||
			not_ok "verify: $n: $(cat "$work/out")"
		"$bin" amend -x "$saved" "$d/$n" >/dev/null 2>&1
		verify_is "$n amended: complete, which lines amend added, record intact" 0 \
			"complete: " "$d/$n"
		grep -qF "9 of 9 entries, 6 the kernel's own, 3 added by amend ($adds); amend record intact" "$work/out" ||
			not_ok "verify: $n amended: $(cat "$work/out")"
		# The reader on it: no warning, "amended" in JSON, --require-ext met.
		if run 0 "$d/$n" && [ ! -s "$work/err" ] &&
		    run 0 --require-ext "$d/$n" &&
		    run 0 --format json "$d/$n" &&
		    [ "$(grep -c '": "amended"' "$work/out")" = 3 ] &&
		    grep -q '"NUMBER(page_offset_base)": "amended"' "$work/out" &&
		    grep -q '"NUMBER(phys_base)": "kernel"' "$work/out"; then
			ok "reader on the amended $n: no warning, --require-ext met, JSON origin \"amended\" for the 3 lines"
		else
			not_ok "reader on the amended $n (rc $rc): $(head -n 2 "$work/err")"
		fi
		"$bin" --format json "$d/$n" >"$d/$n.json" 2>/dev/null
		"$bin" "$d/$n" >"$d/$n.txt" 2>/dev/null
		echo "$d/$n.json $d/$n.txt" >>"$work/json-amended"
		# Standard input: a pipe and a file.
		verify_is "$n from a pipe (-)" 0 \
			"standard input: complete: " - <"$d/$n"
		if cat "$d/$n" | "$bin" verify - >"$work/out" 2>"$work/err" &&
		    grep -qF "standard input: complete: " "$work/out" &&
		    grep -qF "3 added by amend ($adds); amend record intact" "$work/out"; then
			ok "verify: $n through a pipe: complete, record intact"
		else
			not_ok "verify: $n through a pipe: $(cat "$work/out" "$work/err")"
		fi
		"$bin" amend --undo "$d/$n" >/dev/null 2>&1
		verify_is "$n undone: incomplete again" 1 "not amended" "$d/$n"
	done
	# Amended on its way: the stream carries the same record.
	"$bin" amend --stream -x "$saved" <"$work/gen/good/kdump-notes.flat" >"$d/onway.flat" 2>/dev/null
	verify_is "a stream amended on its way: complete, record intact" 0 \
		"3 added by amend ($adds); amend record intact" "$d/onway.flat"
	if cat "$d/onway.flat" | "$bin" verify - >"$work/out" 2>&1 &&
	    grep -qF "amend record intact" "$work/out"; then
		ok "verify: the stream amended on its way, through a pipe"
	else
		not_ok "verify: the stream amended on its way, through a pipe: $(cat "$work/out")"
	fi
	cp "$d/onway.flat" "$d/onway-undone.flat"
	"$bin" "$work/gen/good/kdump-notes.flat" >"$d/flat.note" 2>/dev/null
	if "$bin" amend --undo "$d/onway-undone.flat" >"$work/out" 2>&1 &&
	    grep -q restored "$work/out" && reads_as "$d/onway-undone.flat" "$d/flat.note" &&
	    rebuilt "$d/onway-undone.flat" "$d/a.kdump" && rebuilt "$work/gen/good/kdump-notes.flat" "$d/b.kdump" &&
	    same "$d/a.kdump" "$d/b.kdump"; then
		ok "amend --undo of the stream amended on its way: reads and rebuilds (makedumpfile -R) as the stream makedumpfile wrote"
	else
		not_ok "amend --undo of the stream amended on its way: $(tail -n 1 "$work/out")"
	fi
	# The record damaged, or the header changed under it.
	cp --sparse=always "$work/gen/good/kdump-notes.kdump" "$d/dmg.kdump"
	"$bin" amend -x "$saved" "$d/dmg.kdump" >/dev/null 2>&1
	size=$(wc -c <"$d/dmg.kdump")
	printf 'X' | dd of="$d/dmg.kdump" bs=1 seek=$((size - 100)) conv=notrunc status=none
	verify_is "a damaged amend record: said, entries still there" 0 \
		"complete: " "$d/dmg.kdump"
	grep -qF "9 of 9 entries, 9 the kernel's own; amend record damaged: its checksum or sizes are wrong" "$work/out" ||
		not_ok "verify: damaged record: $(cat "$work/out")"
	# Cut short after the record was written: reads as before.
	if [ -n "${CUT_SO:-}" ] && [ "$label" = plain ]; then
		cp --sparse=always "$work/gen/good/kdump-notes.kdump" "$d/cut.kdump"
		CUT_LOG=$d/cut.log CUT_AT=2 CUT_HOW=kill LD_PRELOAD=$CUT_SO \
			"$bin" amend -x "$saved" "$d/cut.kdump" >/dev/null 2>&1
		verify_is "an amend cut short: incomplete, said so" 1 \
			"an amend was cut short" "$d/cut.kdump"
	fi
	# Real notes: arm64 6.1 carries every entry itself; 5.10 lacks six.
	r=$fixtures/real
	verify_is "Debian 12 arm64: complete by itself" 0 \
		"complete: VMCOREINFO text, arm64, 6.1.0-56-arm64: 13 of 13 entries, 13 the kernel's own; not amended" \
		"$r/debian12-6.1.0-56-arm64.vmcoreinfo"
	verify_is "Debian 11 arm64: the six ranges missing" 1 \
		"7 of 13 entries" "$r/debian11-5.10.0-32-arm64.vmcoreinfo"
	verify_is "several dumps, one line each" 1 "incomplete" \
		"$r/debian12-6.1.0-56-arm64.vmcoreinfo" "$r/ubuntu20.04-5.4.0-216-generic.vmcoreinfo"
	"$bin" verify --format json "$r"/*.vmcoreinfo "$d"/*.kdump "$d"/*.flat "$d"/*.core "$d/nonexistent" >"$d/verify.json" 2>"$work/err"
	if [ $? = 1 ] && python3 "$here/json_check.py" verify "$d/verify.json" >"$d/vcheck" 2>&1 &&
	    [ "$(wc -l <"$work/err")" = 1 ] &&
	    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["dumps"]; sys.exit(0 if d[-1]["error"].startswith("cannot open") and d[0]["complete"] is False else 1)' "$d/verify.json"; then
		ok "verify --format json: $(cat "$d/vcheck"), the types as documented, the error in its member and one line"
	else
		not_ok "verify --format json: $(head -n 3 "$d/vcheck" | tr '\n' ' ')"
	fi
	# The lists match what the module publishes (module/*.c, in order).
	for a in x86_64:debian12-6.1.0-56-amd64-5level arm64:debian12-6.1.0-56-arm64; do
		arch=${a%%:*}
		want=$(sed -n 's/^[[:space:]]*VIE_ATTR(\([A-Za-z_0-9]*\),.*/NUMBER(\1)/p' "$here/../../module/$arch.c" | tr '\n' ' ')
		got=$("$bin" verify --format json "$r/${a#*:}.vmcoreinfo" |
			python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["dumps"][0]["needed"]))')
		if [ -n "$want" ] && [ "$got " = "$want" ]; then
			ok "verify: the $arch entries are the module's ($(echo "$want" | wc -w))"
		else
			not_ok "verify: $arch needs '$got', the module publishes '$want'"
		fi
	done
}

# ---- every failure: one line on standard error --------------------------

# fails RC ARGS...: exit status RC and exactly one line on stderr, the
# error ("vmcoreinfo-ext: "), never a warning before it.
fails() {
	want=$1
	shift
	"$bin" "$@" >"$work/out" 2>"$work/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ] && [ "$(wc -l <"$work/err")" = 1 ] &&
	    grep -q '^vmcoreinfo-ext: ' "$work/err" && ! grep -q '^vmcoreinfo-ext: warning: ' "$work/err"; then
		walked=$((walked + 1))
	else
		not_ok "one line for: $* (rc $rc, want $want, $(wc -l <"$work/err") lines: $(head -n 3 "$work/err" | tr '\n' '|'))"
	fi
}

contract_errors() {
	g=$work/gen d=$work/errors s=$fixtures/ext/saved-good r=$fixtures/real
	rm -rf "$d"
	mkdir -p "$d/dir"
	walked=0 before=$fail
	printf 'hello\n' >"$d/text"
	gzip -c "$d/text" >"$d/gz"
	xz -c "$d/text" >"$d/xz" 2>/dev/null || printf '\375\067\172\130\132\000rest' >"$d/xz"
	printf '\050\265\057\375rest' >"$d/zst"
	printf 'BZh91AY&SYrest' >"$d/bz2"
	: >"$d/empty"
	grep -v '^NUMBER(PAGESIZE\|^PAGESIZE' "$note" >"$d/nopagesize"
	cp --sparse=always "$g/good/kdump-notes.kdump" "$d/dump"
	# Usage (exit 2): every check of main.c.
	for a in "--bogus" "--source" "--source nowhere" "--format xml" "a b" \
		"--ext d --ext-file f" "-s kcore f" "save f" "save --format json" \
		"save -x f" "--root r save -x s" "--dry-run f" "--undo f" "--stream" "amend" "amend a b" \
		"amend -o x d" "amend --format json d" "amend --strict d" \
		"amend --undo -x s d" "amend --stream d" "amend --stream --undo" \
		"verify" "verify -o x d" "verify -x s d" "verify --format note d" \
		"--force save" "verify --force d"; do
		# shellcheck disable=SC2086
		fails 2 $a
	done
	# Reading FILE (exit 1): what it is, where it is.
	for f in "$d/nonexistent" "$d/dir" "$d/empty" "$d/gz" "$d/xz" "$d/zst" \
		"$d/bz2" "$d/text" /bin/sh "$g/bad"/*; do
		case $f in *.err|*.warn|*.expect|*.args) continue ;; esac
		fails 1 "$f"
		fails 1 verify "$f"
		fails 1 amend -x "$s" "$f"
	done
	# Module entries and saved files.
	for e in bad-key bad-number bad-l5 duplicate comments-only saved-foreign-osrelease \
		saved-foreign-buildid saved-foreign-kerneloffset saved-foreign-physbase \
		saved-foreign-pob saved-no-osrelease; do
		fails 1 -x "$fixtures/ext/$e" "$g/good/elf64le.core"
	done
	fails 1 -x "$d/nonexistent" "$g/good/elf64le.core"
	fails 1 -x "$d/dir" "$g/good/elf64le.core"
	fails 1 --ext "$d/dir" "$g/good/elf64le.core"
	fails 1 -x "$r/rhel8.10-4.18.0-553.66.1.el8_10.x86_64.sysfs" "$r/debian12-6.1.0-56-amd64-5level.vmcoreinfo"
	fails 1 --strict -x "$work/ssb" "$r/debian12-6.1.0-56-amd64-5level.vmcoreinfo"
	fails 1 --require-ext "$g/good/elf64le.core"
	# A malformed note line (a warning) and then an error: the error only.
	fails 1 -x "$fixtures/ext/saved-foreign-kerneloffset" "$g/good/lenient-no-equals.core"
	fails 1 --format makedumpfile "$d/nopagesize"
	fails 1 -o "$d/nodir/x" "$note"
	fails 1 -o "$d/dir" "$note"
	# Live sources and save.
	fails 1 --root "$g/root-pob-nomod"
	fails 1 --root "$g/root-paddr" --source kcore
	fails 1 --root "$g/root-garbage" --source kcore-phys
	fails 1 --root "$g/root-nomod" --require-ext
	fails 1 --root "$g/root-conflict"
	fails 1 --root "$g/root-nomod" save
	fails 1 --root "$g/root-vmcore" save
	fails 1 --root "$g/root-kcore" save -o "$d/nodir/x"
	fails 1 --root "$g/notes-conflict" --strict
	# amend.
	fails 1 amend -x "$d/nonexistent" "$d/dump"
	fails 1 amend -x "$fixtures/ext/sysfs-copy" "$d/dump"
	fails 1 amend -x "$fixtures/ext/saved-foreign-pob" "$d/dump"
	fails 1 amend -x "$s" "$note"
	fails 1 amend --undo "$d/nonexistent"
	fails 1 amend -x "$s" "$d/nonexistent"
	# amend --stream: empty and cut-short input (one line, not a warning
	# and an error).
	for n in 0 100 5000; do
		head -c "$n" "$g/good/kdump-notes.flat" >"$d/cut"
		"$bin" amend --stream -x "$s" <"$d/cut" >/dev/null 2>"$work/err"
		rc=$?
		if [ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && ! grep -q warning "$work/err"; then
			walked=$((walked + 1))
		else
			not_ok "one line for amend --stream of $n bytes (rc $rc): $(tr '\n' '|' <"$work/err")"
		fi
	done
	# Standard output that cannot be written.
	if [ -w /dev/full ]; then
		for a in "$note" "verify $r/debian12-6.1.0-56-arm64.vmcoreinfo" \
			"--format json $note"; do
			# shellcheck disable=SC2086
			"$bin" $a >/dev/full 2>"$work/err"
			rc=$?
			if [ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ]; then
				walked=$((walked + 1))
			else
				not_ok "one line for $a >/dev/full (rc $rc): $(tr '\n' '|' <"$work/err")"
			fi
		done
	fi
	[ "$fail" = "$before" ] && ok "every failure walked ($walked runs: usage, every input and format, module and saved files, conflicts, live sources, save, amend, amend --stream, verify, standard output) prints one line"
}
