# vmcoreinfo-ext on a live arm64 kernel with the module loaded (sourced by
# suite-arm64-module.sh, after /tmp/knote, the kernel's own note read by
# guest-probe).  The merge must be the kernel's note verbatim plus each
# module line the note lacks, exactly as the module prints it, which is
# exactly as a kernel carrying the entry prints it (checked above against
# 6.1's own lines): arm64's NUMBER(MODULES_VADDR)=0x... stays 0x hex.
D=/sys/kernel/vmcoreinfo_ext
expected_merge /tmp/knote "$D/vmcoreinfo" >/tmp/expected

vmcoreinfo-ext >/tmp/merged 2>/tmp/merged.err
check_eq "vmcoreinfo-ext (auto) exits 0" 0 "$?"
check "merged text = kernel note + exactly the missing module lines, in the module's (the kernel's) format" \
	cmp /tmp/expected /tmp/merged
check_eq "no warning on stderr" "" "$(cat /tmp/merged.err)"
report "# added by the module: $(grep -vxFf /tmp/knote /tmp/merged | tr '\n' ' ')"
vmcoreinfo-ext --source kcore >/tmp/merged.kcore 2>/dev/null
check "merged text via --source kcore is the same" cmp /tmp/merged /tmp/merged.kcore

vmcoreinfo-ext --format makedumpfile -o /tmp/overlay
check_eq "--format makedumpfile exits 0" 0 "$?"
check "overlay: OSRELEASE and PAGESIZE" sh -c 'grep -q "^OSRELEASE=" /tmp/overlay && grep -q "^PAGESIZE=" /tmp/overlay'
check "overlay: no SYMBOL() line" sh -c '! grep -q "^SYMBOL(" /tmp/overlay'
grep '^NUMBER(' /tmp/merged >/tmp/merged.numbers
check "overlay: every NUMBER() line of the merged note, as the kernel prints it" \
	sh -c '! grep -vxFf /tmp/overlay /tmp/merged.numbers'
vmcoreinfo-ext --format json -o /tmp/merged.json
check_eq "--format json exits 0" 0 "$?"
vmcoreinfo-ext --format note -o /tmp/merged.note
check_eq "--format note exits 0" 0 "$?"
vmcoreinfo-ext save -o /tmp/saved
check_eq "vmcoreinfo-ext save exits 0" 0 "$?"
check "saved file: the module's lines as the module prints them" \
	sh -c "! grep -vxFf /tmp/saved $D/vmcoreinfo"
emit_file merged.txt /tmp/merged
emit_file merged.json /tmp/merged.json
emit_file merged.note /tmp/merged.note
emit_file overlay /tmp/overlay
emit_file saved /tmp/saved

# Bad input: one line on stderr, "vmcoreinfo-ext: <source>: <problem>",
# exit 1 (2 for usage), nothing written.
bad() {	# bad DESCRIPTION STATUS ARGS...
	local d=$1 want=$2 rc
	shift 2
	rm -f /tmp/bad.out
	vmcoreinfo-ext "$@" >/tmp/bad.stdout 2>/tmp/bad.err
	rc=$?
	check_eq "$d: exit $want" "$want" "$rc"
	check_eq "$d: one line on stderr" 1 "$(wc -l </tmp/bad.err)"
	check "$d: the line starts with 'vmcoreinfo-ext: '" grep -q '^vmcoreinfo-ext: ' /tmp/bad.err
	report "# $d: $(cat /tmp/bad.err)"
}
bad "missing file" 1 /nonexistent
printf 'not a dump\n' >/tmp/junk
bad "file that is no dump" 1 /tmp/junk
head -c 64 /tmp/merged.note >/tmp/short.note
bad "truncated arm64 note" 1 /tmp/short.note
bad "unknown --format" 2 --format bogus
bad "--source devmem (STRICT_DEVMEM)" 1 --source devmem -o /tmp/bad.out
check "--source devmem: no output file left" test ! -e /tmp/bad.out
