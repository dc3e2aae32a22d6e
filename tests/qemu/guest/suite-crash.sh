# Crash kernel of a kdump round trip.  Checks vmcoreinfo-ext's reading of
# /proc/vmcore against the crashed kernel's note as guest-probe reads it
# (independently of the reader under test), that vmcoreinfo-ext refuses
# saved files of another boot and of another kernel, verifies the right one
# and makes the makedumpfile overlay, then runs makedumpfile with it twice
# through vmcoreinfo-ext-makedumpfile (kdump-compressed and ELF),
# flattened (-F) onto the raw virtio disks vda and vdb, as kdumpctl pipes
# them to an ssh collector: the wrapper amends the kdump-compressed stream
# on its way (vmcoreinfo-ext amend --stream) and passes the ELF one
# through; the host rebuilds and reads them back.  That makedumpfile used
# the overlay is read from makedumpfile's own debug messages.  Then amend:
# the wrapper writes a kdump-compressed file and amends it here, in the
# crash kernel (onto vdc for the host's readers).  On the disks with a
# serial number, where the host gives them: makedumpfile's own stream,
# without the wrapper ("vie-plain"), and a plain copy of /proc/vmcore
# ("vie-vmcore"), for the host to amend.
report "# crash kernel $(uname -r)"
check "/proc/vmcore exists" test -e /proc/vmcore
modprobe virtio_pci 2>/dev/null
modprobe virtio_blk 2>/dev/null
mdev -s
check "dump disks present" test -b /dev/vda -a -b /dev/vdb

# The truth: the crashed kernel's note, from /proc/vmcore's PT_NOTE.
guest-probe note /proc/vmcore >/tmp/vmcore-note
check_eq "guest-probe reads the VMCOREINFO note of /proc/vmcore" 0 "$?"
emit_file vmcore-note /tmp/vmcore-note
check "the crashed kernel's note has CRASHTIME" grep -q '^CRASHTIME=' /tmp/vmcore-note
vmcoreinfo-ext --source vmcore >/tmp/vie-vmcore 2>/tmp/vie-vmcore.err
check_eq "vmcoreinfo-ext --source vmcore exits 0" 0 "$?"
if cmp -s /tmp/vmcore-note /tmp/vie-vmcore; then
	ok "vmcoreinfo-ext --source vmcore (no saved values) = /proc/vmcore's note as guest-probe reads it"
else
	not_ok "vmcoreinfo-ext --source vmcore (no saved values) differs from /proc/vmcore's note as guest-probe reads it: $(diff /tmp/vmcore-note /tmp/vie-vmcore | grep '^[-+][^-+]' | head -n 4 | tr '\n' ' ')"
fi

# makedumpfile's debug messages (message level 8) list every line of each
# VMCOREINFO file it reads (makedumpfile.c, read_vmcoreinfo_basic_info():
# "VMCOREINFO   :" then "  LINE"): the -i file first, then the dump's own
# note.  mdf_listings LOG: how many listings; /tmp/mdf-listing.N each.
mdf_listings() {
	rm -f /tmp/mdf-listing.*
	awk '/^VMCOREINFO +:$/ { n++; inb = 1; printf "" > ("/tmp/mdf-listing." n); next }
		inb && /^$/ { inb = 0 }
		inb && /^  / { print substr($0, 3) > ("/tmp/mdf-listing." n) }
		END { print n + 0 }' "$1"
}

# Stale and foreign saved files (from the host's live boots): refused, one
# line, exit 1, no overlay.  A sample the host did not have is a SKIP line
# (the host turns it into a failure when it should have had it).
for name in other-boot-same-kernel other-kernel; do
	f=/vie-stale/$name
	if [ ! -f "$f" ]; then
		skip "no stale sample $f: saved file of $name not refused-tested"
		continue
	fi
	rm -f /tmp/overlay.stale
	vmcoreinfo-ext --source vmcore --ext-file "$f" --format makedumpfile \
		-o /tmp/overlay.stale 2>/tmp/stale.err
	rc=$?
	check_eq "saved file $name refused: exit 1" 1 $rc
	check_eq "saved file $name refused: one line on stderr" 1 "$(wc -l </tmp/stale.err)"
	check "saved file $name refused: no overlay written" test ! -e /tmp/overlay.stale
	report "# $name: $(cat /tmp/stale.err)"
done

vmcoreinfo-ext --source vmcore --ext-file /vmcoreinfo-ext/saved.vmcoreinfo \
	--format makedumpfile -o /tmp/overlay 2>/tmp/overlay.err
check_eq "this boot's saved file verified, overlay written" 0 "$?"
check "overlay's OSRELEASE = the crashed kernel's" grep -qxF "$(grep '^OSRELEASE=' /tmp/vmcore-note)" /tmp/overlay
emit_file overlay /tmp/overlay

# The dumps, through vmcoreinfo-ext-makedumpfile as a maintainer would run
# it: with the overlay when the saved file verifies.
dump() {
	local out=$1 what=$2 saved=$3
	shift 3
	vmcoreinfo-ext-makedumpfile --saved "$saved" --overlay "/tmp/overlay.$what" \
		-F --message-level 14 "$@" /proc/vmcore >"$out" 2>/tmp/mdf.err
	local rc=$?
	check_eq "makedumpfile $* /proc/vmcore ($what) exits 0" 0 $rc
	record "makedumpfile-$what $(grep -v '^$' /tmp/mdf.err | tail -n 2 | tr '\n' ' ')"
	emit_file "makedumpfile-$what.log" /tmp/mdf.err
}
# with_overlay WHAT: makedumpfile's own listings show it read the overlay
# (-i) and then the crashed kernel's note.
with_overlay() {
	n=$(mdf_listings /tmp/mdf.err)
	check_eq "$1: makedumpfile read two VMCOREINFO files (its debug listing)" 2 "$n"
	check "$1: the first file makedumpfile read (-i) = the verified overlay" \
		cmp /tmp/mdf-listing.1 /tmp/overlay
	check "$1: the second = /proc/vmcore's note" cmp /tmp/mdf-listing.2 /tmp/vmcore-note
}
dump /dev/vda kdump /vmcoreinfo-ext/saved.vmcoreinfo -c -d 31
with_overlay "kdump-compressed dump"
check "overlay the wrapper wrote = the verified overlay" cmp /tmp/overlay /tmp/overlay.kdump
check "kdump-compressed stream: amended on its way by the wrapper" \
	grep -q '^vmcoreinfo-ext: standard input: kdump-compressed dump (flattened stream) amended on its way: [0-9]* entries added' /tmp/mdf.err
report "# $(grep 'amended on its way' /tmp/mdf.err)"
dump /dev/vdb elf /vmcoreinfo-ext/saved.vmcoreinfo -E -d 31
with_overlay "ELF dump"
check "ELF stream: passed through by the wrapper, unamended, saying why" \
	grep -q '^vmcoreinfo-ext: warning: standard input: passed through unamended .*ELF core' /tmp/mdf.err
# The disks the host gave a serial number.
serial_disk() {
	for b in /sys/block/vd*; do
		[ "$(cat "$b/serial" 2>/dev/null)" = "$1" ] && echo "/dev/${b##*/}"
	done
}
plain=$(serial_disk vie-plain)
if [ -n "$plain" ]; then
	makedumpfile -F -c -d 31 /proc/vmcore >"$plain" 2>/tmp/mdf-plain.err
	check_eq "makedumpfile -F -c -d 31 /proc/vmcore, as it is, onto $plain" 0 "$?"
fi

# amend, in the crash kernel: the wrapper, given a file to write (as
# RHEL's kdumpctl and hand-made setups give it), amends the dump after
# makedumpfile succeeds.  Its own VMCOREINFO must then be the crashed
# kernel's note (guest-probe's copy) with the saved module lines it lacked
# appended.
vmcoreinfo-ext-makedumpfile --saved /vmcoreinfo-ext/saved.vmcoreinfo \
	--overlay /tmp/overlay.file -c -d 31 /proc/vmcore /tmp/dump.kdump 2>/tmp/mdf-file.err
check_eq "makedumpfile -c -d 31 /proc/vmcore FILE through the wrapper exits 0" 0 "$?"
report "# $(grep '^vmcoreinfo-ext-makedumpfile: /tmp/dump.kdump' /tmp/mdf-file.err)"
check "the wrapper amended the dump it wrote" \
	grep -q '^vmcoreinfo-ext-makedumpfile: /tmp/dump.kdump: kdump-compressed dump amended: ' /tmp/mdf-file.err
grep '^BUILD-ID=\|^NUMBER(' /vmcoreinfo-ext/saved.vmcoreinfo >/tmp/saved-numbers
expected_merge /tmp/vmcore-note /tmp/saved-numbers >/tmp/amend-expected
vmcoreinfo-ext /tmp/dump.kdump >/tmp/amended-note 2>/dev/null
check "the amended dump's own VMCOREINFO = the crashed kernel's note + the saved lines it lacked ($(grep -vxFf /tmp/vmcore-note /tmp/amend-expected | sed 's/=.*//' | tr '\n' ' '))" \
	cmp /tmp/amend-expected /tmp/amended-note
emit_file amend-expected /tmp/amend-expected
if [ -b /dev/vdc ]; then
	dd if=/tmp/dump.kdump of=/dev/vdc bs=1M 2>/dev/null
	check_eq "the amended dump copied onto vdc" 0 "$?"
	record "dump-file-size $(stat -c %s /tmp/dump.kdump)"
fi
rm -f /tmp/dump.kdump
# A plain copy of /proc/vmcore (an ELF core with a zero gap before its
# page-aligned first PT_LOAD), when the host gave a disk for it.
copy=$(serial_disk vie-vmcore)
if [ -n "$copy" ]; then
	dd if=/proc/vmcore of="$copy" bs=1M 2>/dev/null
	check_eq "a plain copy of /proc/vmcore onto $copy" 0 "$?"
	record "vmcore-size $(stat -c %s /proc/vmcore)"
fi

# No dump is lost because of us: a stale saved file or none at all, and
# makedumpfile still runs (to /dev/null here), without -i, and the wrapper
# says why.
fallback() {	# fallback NAME SAVED WARNING-REGEX
	dump /dev/null "fallback-$1" "$2" -c -d 31
	check "fallback ($1): the wrapper's warning says why" \
		grep -q "^vmcoreinfo-ext-makedumpfile: warning: $3; dumping without the overlay\$" /tmp/mdf.err
	report "# $(grep warning /tmp/mdf.err)"
	n=$(mdf_listings /tmp/mdf.err)
	check_eq "fallback ($1): makedumpfile read one VMCOREINFO, no -i file (its debug listing)" 1 "$n"
	check "fallback ($1): ... and that one is /proc/vmcore's note" cmp /tmp/mdf-listing.1 /tmp/vmcore-note
}
if [ -f /vie-stale/other-boot-same-kernel ]; then
	fallback other-boot-same-kernel /vie-stale/other-boot-same-kernel \
		"vmcoreinfo-ext: /vie-stale/other-boot-same-kernel: saved file belongs to another boot: .*"
else
	skip "no stale sample /vie-stale/other-boot-same-kernel: fallback on a refused saved file not tested"
fi
fallback nonexistent /nonexistent "no saved values at /nonexistent .*"
sync
