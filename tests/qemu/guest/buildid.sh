# BUILD-ID on a live kernel, against the kernel image the host booted:
# /vie-expected/notes is the .notes section of that vmlinux (objcopy) and
# /vie-expected/build-id what readelf -n says its build ID is
# (tests/qemu/lib.sh, vie_vmlinux_notes).  Sourced with the module loaded
# and /tmp/knote (the kernel's note, from guest-probe) in place; needs
# vmcoreinfo-ext.
#
# Every kernel booted here is 5.9 or later, so its note has BUILD-ID: the
# note of a pre-5.9 kernel is made from it by taking the line out, and
# given to vmcoreinfo-ext as the /proc/kcore of a --root tree whose
# /sys/kernel/notes and module directory are the real ones.
want=$(cat /vie-expected/build-id)
kline=$(grep '^BUILD-ID=' /tmp/knote)
check "/sys/kernel/notes = the .notes section of the booted vmlinux, byte for byte" \
	cmp /sys/kernel/notes /vie-expected/notes
check_eq "/sys/kernel/notes mode" 444 "$(stat -c %a /sys/kernel/notes)"
check_eq "the kernel's own BUILD-ID line = readelf's build ID of the booted vmlinux" \
	"BUILD-ID=$want" "$kline"

r=/tmp/nobid-root
rm -rf $r
mkdir -p $r/proc $r/sys/kernel
grep -v '^BUILD-ID=' /tmp/knote >/tmp/knote.nobid
check "a pre-5.9-like note: the kernel's own without its BUILD-ID line, as a kcore" \
	guest-probe core /tmp/knote.nobid $r/proc/kcore
ln -s /sys/kernel/notes $r/sys/kernel/notes
ln -s /sys/kernel/vmcoreinfo_ext $r/sys/kernel/vmcoreinfo_ext
{ echo "$kline"; cat /sys/kernel/vmcoreinfo_ext/vmcoreinfo; } >/tmp/nobid.adds
expected_merge /tmp/knote.nobid /tmp/nobid.adds >/tmp/nobid.expected
vmcoreinfo-ext --root $r --source kcore >/tmp/nobid.merged 2>/tmp/nobid.err
check_eq "note without BUILD-ID: vmcoreinfo-ext exits 0" 0 "$?"
check "note without BUILD-ID: merged = that note + the kernel's own BUILD-ID line (derived from /sys/kernel/notes) + the module's lines" \
	cmp /tmp/nobid.expected /tmp/nobid.merged
check_eq "note without BUILD-ID: BUILD-ID once, no warning" "1:" \
	"$(grep -c '^BUILD-ID=' /tmp/nobid.merged):$(cat /tmp/nobid.err)"
vmcoreinfo-ext --root $r --source kcore --format json >/tmp/nobid.json 2>&1
check "note without BUILD-ID: JSON has the ID, origin notes, source $r/sys/kernel/notes" \
	sh -c "grep -qF '\"BUILD-ID\": \"$want\"' /tmp/nobid.json &&
		grep -qF '\"BUILD-ID\": \"notes\"' /tmp/nobid.json &&
		grep -qF '\"notes\": \"$r/sys/kernel/notes\"' /tmp/nobid.json"
vmcoreinfo-ext --root $r --source kcore --format makedumpfile >/tmp/nobid.overlay 2>&1
check "note without BUILD-ID: the makedumpfile overlay carries the line" \
	grep -qx "$kline" /tmp/nobid.overlay
vmcoreinfo-ext --root $r save -o /tmp/nobid.saved 2>&1
check "note without BUILD-ID: save stores the line" grep -qx "$kline" /tmp/nobid.saved

# The kernel's own note (5.9+): its line kept, once, no conflict.
vmcoreinfo-ext >/tmp/bid.merged 2>/tmp/bid.err
check_eq "the kernel's note: BUILD-ID once, the kernel's, no warning" "$kline:" \
	"$(grep '^BUILD-ID=' /tmp/bid.merged):$(cat /tmp/bid.err)"
vmcoreinfo-ext --format json >/tmp/bid.json 2>&1
check "the kernel's note: JSON says BUILD-ID comes from the kernel" \
	grep -qF '"BUILD-ID": "kernel"' /tmp/bid.json
report "# BUILD-ID: $want (readelf), $kline (kernel), $(grep '^BUILD-ID=' /tmp/nobid.merged) (derived)"
