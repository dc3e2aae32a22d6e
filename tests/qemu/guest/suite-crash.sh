# Crash kernel of a kdump round trip.  Checks that vmcoreinfo-ext refuses
# saved files of another boot and of another kernel, verifies the right one
# against /proc/vmcore and makes the makedumpfile overlay, then runs
# makedumpfile with it twice (kdump-compressed and ELF), flattened (-F) onto
# the raw virtio disks vda and vdb, for the host to rebuild and read back.
report "# crash kernel $(uname -r)"
check "/proc/vmcore exists" test -e /proc/vmcore
modprobe virtio_pci 2>/dev/null
modprobe virtio_blk 2>/dev/null
mdev -s
check "dump disks present" test -b /dev/vda -a -b /dev/vdb

vmcoreinfo-ext --source vmcore >/tmp/vmcore-note 2>/tmp/vmcore-note.err
check_eq "vmcoreinfo-ext --source vmcore exits 0 (no saved values: note unchanged)" 0 "$?"
emit_file vmcore-note /tmp/vmcore-note
check "the crashed kernel's note has CRASHTIME" grep -q '^CRASHTIME=' /tmp/vmcore-note

# Stale and foreign saved files: refused, one line, exit 1, no overlay.
for f in /vie-stale/*; do
	[ -f "$f" ] || continue
	rm -f /tmp/overlay.stale
	vmcoreinfo-ext --source vmcore --ext-file "$f" --format makedumpfile \
		-o /tmp/overlay.stale 2>/tmp/stale.err
	rc=$?
	check_eq "saved file $(basename "$f") refused: exit 1" 1 $rc
	check_eq "saved file $(basename "$f") refused: one line on stderr" 1 "$(wc -l </tmp/stale.err)"
	check "saved file $(basename "$f") refused: no overlay written" test ! -e /tmp/overlay.stale
	report "# $(basename "$f"): $(cat /tmp/stale.err)"
done

vmcoreinfo-ext --source vmcore --ext-file /vmcoreinfo-ext/saved.vmcoreinfo \
	--format makedumpfile -o /tmp/overlay 2>/tmp/overlay.err
check_eq "this boot's saved file verified, overlay written" 0 "$?"
emit_file overlay /tmp/overlay

# The dumps, through vmcoreinfo-ext-makedumpfile as a maintainer would run
# it: with the overlay when the saved file verifies.
dump() {
	local out=$1 what=$2 saved=$3
	shift 3
	vmcoreinfo-ext-makedumpfile --saved "$saved" --overlay "/tmp/overlay.$what" \
		-F --message-level 6 "$@" /proc/vmcore >"$out" 2>/tmp/mdf.err
	local rc=$?
	check_eq "makedumpfile $* /proc/vmcore ($what) exits 0" 0 $rc
	record "makedumpfile-$what $(grep -v '^$' /tmp/mdf.err | tail -n 2 | tr '\n' ' ')"
	emit_file "makedumpfile-$what.log" /tmp/mdf.err
}
dump /dev/vda kdump /vmcoreinfo-ext/saved.vmcoreinfo -c -d 31
check "kdump-compressed dump made with -i overlay" grep -q 'makedumpfile -i /tmp/overlay.kdump' /tmp/mdf.err
check "overlay given to makedumpfile = the verified overlay" cmp /tmp/overlay /tmp/overlay.kdump
dump /dev/vdb elf /vmcoreinfo-ext/saved.vmcoreinfo -E -d 31
check "ELF dump made with -i overlay" grep -q 'makedumpfile -i /tmp/overlay.elf' /tmp/mdf.err

# No dump is lost because of us: a stale saved file or none at all, and
# makedumpfile still runs (to /dev/null here), without -i, saying why.
for f in /vie-stale/other-boot-same-kernel /nonexistent; do
	dump /dev/null "fallback-$(basename "$f")" "$f" -c -d 31
	check "fallback ($(basename "$f")): warned, dumped without the overlay" \
		grep -q 'warning: .*dumping without the overlay' /tmp/mdf.err
	report "# $(grep warning /tmp/mdf.err)"
done
sync
