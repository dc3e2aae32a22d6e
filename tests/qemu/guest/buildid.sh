# BUILD-ID on a live kernel, against the kernel image the host booted:
# /vie-expected/notes is the .notes section of that vmlinux (objcopy) and
# /vie-expected/build-id what readelf -n says its build ID is
# (tests/qemu/lib.sh, vie_vmlinux_notes).  Sourced with the module loaded
# and /tmp/knote (the kernel's note, from guest-probe) in place; needs
# vmcoreinfo-ext.
#
# A kernel of 5.9 or later has BUILD-ID in its note: the note of a
# pre-5.9 kernel is made from it by taking the line out, and given to
# vmcoreinfo-ext as the /proc/kcore of a --root tree whose
# /sys/kernel/notes and module directory are the real ones.  A kernel
# before 5.9 (the distribution kernels of tests/qemu/run-distro-kernels.sh)
# is read as it is, live.
want=$(cat /vie-expected/build-id)
bline="BUILD-ID=$want"
kline=$(grep '^BUILD-ID=' /tmp/knote)
check "/sys/kernel/notes = the .notes section of the booted vmlinux, byte for byte" \
	cmp /sys/kernel/notes /vie-expected/notes
check_eq "/sys/kernel/notes mode" 444 "$(stat -c %a /sys/kernel/notes)"

r=/tmp/nobid-root
rm -rf $r
if [ -n "$kline" ]; then
	check_eq "the kernel's own BUILD-ID line = readelf's build ID of the booted vmlinux" \
		"$bline" "$kline"
	mkdir -p $r/proc $r/sys/kernel
	grep -v '^BUILD-ID=' /tmp/knote >/tmp/knote.nobid
	check "a pre-5.9-like note: the kernel's own without its BUILD-ID line, as a kcore" \
		guest-probe core /tmp/knote.nobid $r/proc/kcore
	ln -s /sys/kernel/notes $r/sys/kernel/notes
	ln -s /sys/kernel/vmcoreinfo_ext $r/sys/kernel/vmcoreinfo_ext
	nobid="--root $r --source kcore" notes=$r/sys/kernel/notes
else
	check "a kernel before 5.9: its own note has no BUILD-ID line ($(uname -r))" \
		sh -c "! grep -q '^BUILD-ID=' /tmp/knote"
	cp /tmp/knote /tmp/knote.nobid
	nobid= notes=/sys/kernel/notes
fi
{ echo "$bline"; cat /sys/kernel/vmcoreinfo_ext/vmcoreinfo; } >/tmp/nobid.adds
expected_merge /tmp/knote.nobid /tmp/nobid.adds >/tmp/nobid.expected
vmcoreinfo-ext $nobid >/tmp/nobid.merged 2>/tmp/nobid.err
check_eq "note without BUILD-ID: vmcoreinfo-ext exits 0" 0 "$?"
check "note without BUILD-ID: merged = that note + BUILD-ID (derived from /sys/kernel/notes: readelf's) + the module's lines" \
	cmp /tmp/nobid.expected /tmp/nobid.merged
check_eq "note without BUILD-ID: BUILD-ID once, no warning" "1:" \
	"$(grep -c '^BUILD-ID=' /tmp/nobid.merged):$(cat /tmp/nobid.err)"
vmcoreinfo-ext $nobid --format json >/tmp/nobid.json 2>&1
check "note without BUILD-ID: JSON has the ID, origin notes, source $notes" \
	sh -c "grep -qF '\"BUILD-ID\": \"$want\"' /tmp/nobid.json &&
		grep -qF '\"BUILD-ID\": \"notes\"' /tmp/nobid.json &&
		grep -qF '\"notes\": \"$notes\"' /tmp/nobid.json"
vmcoreinfo-ext $nobid --format makedumpfile >/tmp/nobid.overlay 2>&1
check "note without BUILD-ID: the makedumpfile overlay carries the line" \
	grep -qx "$bline" /tmp/nobid.overlay
vmcoreinfo-ext ${nobid%--source kcore} save -o /tmp/nobid.saved 2>&1
check "note without BUILD-ID: save stores the line" grep -qx "$bline" /tmp/nobid.saved

# The kernel's own note (5.9+): its line kept, once, no conflict.
if [ -n "$kline" ]; then
	vmcoreinfo-ext >/tmp/bid.merged 2>/tmp/bid.err
	check_eq "the kernel's note: BUILD-ID once, the kernel's, no warning" "$kline:" \
		"$(grep '^BUILD-ID=' /tmp/bid.merged):$(cat /tmp/bid.err)"
	vmcoreinfo-ext --format json >/tmp/bid.json 2>&1
	check "the kernel's note: JSON says BUILD-ID comes from the kernel" \
		grep -qF '"BUILD-ID": "kernel"' /tmp/bid.json
fi
report "# BUILD-ID: $want (readelf), ${kline:-none} (kernel), $(grep '^BUILD-ID=' /tmp/nobid.merged) (derived)"
