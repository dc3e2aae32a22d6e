# vmcoreinfo-ext on a live kernel with the module loaded: every live source
# gives the same note, the merge is the kernel's note plus exactly the
# module lines it lacks, and makedumpfile works on /proc/kcore.  The host
# checks the JSON/makedumpfile forms against the text (files sent with
# emit_file) and keeps the saved file as a "stale" sample for the kdump
# tests.
D=/sys/kernel/vmcoreinfo_ext
report "# kernel $(uname -r), paging $VIE_paging, kaslr $VIE_kaslr"
check "modprobe vmcoreinfo_ext" modprobe vmcoreinfo_ext
guest-probe knote >/tmp/knote || not_ok "guest-probe: read the note from /proc/kcore"

# Each live source, forced: identical notes.  /dev/mem is refused by
# kernels with STRICT_DEVMEM (all of Debian's): then the tool must say so
# in one line and exit 1.
vmcoreinfo-ext --source kcore --format note -o /tmp/note.kcore 2>/tmp/err.kcore
check_eq "--source kcore exits 0" "0" "$?"
vmcoreinfo-ext --source kcore-phys --format note -o /tmp/note.kcore-phys 2>/tmp/err.kcore-phys
check_eq "--source kcore-phys exits 0" "0" "$?"
check "kcore and kcore-phys (physical address from /sys/kernel/vmcoreinfo) give byte-identical notes" \
	cmp /tmp/note.kcore /tmp/note.kcore-phys
vmcoreinfo-ext --source devmem --format note -o /tmp/note.devmem 2>/tmp/err.devmem
rc=$?
if [ $rc = 0 ]; then
	check "devmem gives the same note" cmp /tmp/note.kcore /tmp/note.devmem
else
	check_eq "devmem refused (STRICT_DEVMEM): exit 1" 1 "$rc"
	check_eq "devmem refused: one line on stderr" 1 "$(wc -l </tmp/err.devmem)"
	check "devmem refused: no output file left" test ! -e /tmp/note.devmem
	report "# devmem: $(cat /tmp/err.devmem)"
fi

# The merge: the kernel's note verbatim + each line it lacks: BUILD-ID
# (before 5.9; the booted vmlinux's, from readelf on the host), then the
# module's.
{ echo "BUILD-ID=$(cat /vie-expected/build-id)"; cat "$D/vmcoreinfo"; } >/tmp/adds
expected_merge /tmp/knote /tmp/adds >/tmp/expected
vmcoreinfo-ext >/tmp/merged 2>/tmp/merged.err
check_eq "vmcoreinfo-ext (auto) exits 0" 0 "$?"
check "merged text = kernel note (guest-probe) + exactly the lines it lacks (BUILD-ID, the module's)" \
	cmp /tmp/expected /tmp/merged
check_eq "no warning on stderr" "" "$(cat /tmp/merged.err)"
report "# added by the module: $(grep -vxFf /tmp/knote /tmp/merged | tr '\n' ' ')"
for src in kcore kcore-phys; do
	vmcoreinfo-ext --source $src >/tmp/merged.$src 2>/dev/null
	check "merged text via --source $src is the same" cmp /tmp/merged /tmp/merged.$src
done
vmcoreinfo-ext --format json -o /tmp/merged.json
check_eq "--format json exits 0" 0 "$?"
vmcoreinfo-ext --format makedumpfile -o /tmp/overlay
check_eq "--format makedumpfile exits 0" 0 "$?"
emit_file knote /tmp/knote
emit_file merged.txt /tmp/merged
emit_file merged.json /tmp/merged.json
emit_file overlay /tmp/overlay
emit_file note.kcore /tmp/note.kcore

# BUILD-ID: the reader's, from /sys/kernel/notes, against the vmlinux;
# then drgn 0.2.0 with the merged text, where the host put it in.
. /buildid.sh
if [ "${VIE_drgn:-}" = yes ]; then
	if [ -d /opt/drgn ]; then
		. /drgn.sh
	else
		not_ok "drgn: the host asked for it (vie.drgn=yes) but /opt/drgn is not in the initramfs"
	fi
fi

# makedumpfile's live use (the seed patch's case).
makedumpfile --mem-usage /proc/kcore >/tmp/memusage 2>&1
rc=$?
check_eq "makedumpfile --mem-usage /proc/kcore exits 0" 0 $rc
check "makedumpfile --mem-usage printed the page table" grep -q 'Total pages on system' /tmp/memusage
report "# makedumpfile: $(grep -E 'Total (pages|size) on system' /tmp/memusage | tr -s ' ' | tr '\n' ';')"
[ $rc = 0 ] || emit_file memusage.log /tmp/memusage

# The saved file for a crash kernel; the host keeps it as a stale sample.
vmcoreinfo-ext save -o /tmp/saved
check_eq "vmcoreinfo-ext save exits 0" 0 "$?"
emit_file saved /tmp/saved

# EACCES and EPERM through vmcoreinfo-ext itself (tests/unit cannot make a
# kernel refuse): an error is one line naming what was refused, exit 1.
# refused NAME SOURCE-ERE TEXT-ERE CMD...
refused() {
	local what=$1 src=$2 text=$3
	shift 3
	"$@" >/tmp/refused.out 2>/tmp/refused.err
	local rc=$?
	check_eq "$what: exit 1" 1 "$rc"
	check_eq "$what: one line on stderr" 1 "$(wc -l </tmp/refused.err)"
	check "$what: names $src and says '$text'" \
		grep -Eq "^vmcoreinfo-ext: ($src): .*$text" /tmp/refused.err
	check_eq "$what: nothing on stdout (bytes)" 0 "$(wc -c </tmp/refused.out)"
	report "# $what: $(cat /tmp/refused.err)"
}
# A note any user may read, for the module-side checks.
cp /tmp/knote /tmp/note.public
chmod 644 /tmp/note.public
# As an unprivileged user (uid 65534): /proc/kcore, /sys/kernel/vmcoreinfo,
# /dev/mem and the module's files are root-only; the program itself and
# the note copy are not (the control).
check "non-root runs vmcoreinfo-ext on a readable note (control)" \
	sh -c 'guest-probe as 65534 vmcoreinfo-ext /tmp/note.public | cmp -s - /tmp/knote'
refused "non-root, --source kcore" /proc/kcore "Permission denied" \
	guest-probe as 65534 vmcoreinfo-ext --source kcore
refused "non-root, --source kcore-phys" /proc/kcore "Permission denied" \
	guest-probe as 65534 vmcoreinfo-ext --source kcore-phys
refused "non-root, --source devmem" /dev/mem "Permission denied" \
	guest-probe as 65534 vmcoreinfo-ext --source devmem
refused "non-root, auto" auto "kcore: /proc/kcore: cannot open: Permission denied" \
	guest-probe as 65534 vmcoreinfo-ext
refused "non-root, module values (--ext $D)" "$D/vmcoreinfo" "Permission denied" \
	guest-probe as 65534 vmcoreinfo-ext --ext "$D" /tmp/note.public
# Locked down for confidentiality (irreversible: last), root is refused
# /proc/kcore (EPERM) and the module's files (EPERM, its lockdown hook).
if lockdown_raisable; then
	echo confidentiality >/sys/kernel/security/lockdown
	check "lockdown: confidentiality" grep -q '\[confidentiality\]' /sys/kernel/security/lockdown
	refused "lockdown, --source kcore" /proc/kcore "Operation not permitted" \
		vmcoreinfo-ext --source kcore
	refused "lockdown, module values (--ext $D)" "$D/vmcoreinfo" "Operation not permitted" \
		vmcoreinfo-ext --ext "$D" /tmp/note.public
else
	skip "no lockdown to raise at run time on $(uname -r) (/sys/kernel/security/lockdown: $(cat /sys/kernel/security/lockdown 2>&1)): EPERM under lockdown not tested"
fi
