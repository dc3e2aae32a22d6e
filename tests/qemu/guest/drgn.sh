# drgn 0.2.0 (the newest reader, ../shared/drgn; in the guest at
# /opt/drgn with the python3 it runs on) on the live kernel.  drgn's
# --vmcoreinfo FILE REPLACES the kernel's note with FILE (it does not
# merge): vmcoreinfo-ext's merged text is what it needs.  Sourced by
# suite-live.sh after buildid.sh (/tmp/knote, /tmp/knote.nobid,
# /tmp/nobid.merged, $want: readelf's build ID of the booted vmlinux).
drgn() { PYTHONPATH=/opt/drgn python3 -m drgn "$@"; }
# drgn's own log says where it found the build ID.
bid_log() { grep -o 'found kernel build ID [0-9a-f]* in [A-Za-z/]*' "$1" | head -n 1; }
vmcoreinfo-ext -o /tmp/vmci.merged 2>/dev/null
check_eq "vmcoreinfo-ext -o: the merged text for drgn" 0 "$?"

# One run (python starts slowly under TCG): what drgn takes from the file,
# OSRELEASE (UTS_RELEASE) and BUILD-ID (its log), and a kernel variable,
# linux_banner, read at its /proc/kallsyms address, against /proc/version
# (the same string, formatted from the same fields).
a=$(awk '$3 == "linux_banner" { print $1; exit }' /proc/kallsyms)
n=$(head -n 1 /proc/version | wc -c)
drgn --vmcoreinfo /tmp/vmci.merged --log-level debug -e "import drgn, sys
print(drgn.__version__)
print(prog['UTS_RELEASE'].string_().decode())
sys.stdout.flush()
sys.stdout.buffer.write(prog.read(0x$a, $n))" >/tmp/drgn.out 2>/tmp/drgn.err
tail -n +3 /tmp/drgn.out >/tmp/drgn.banner
report "# drgn $(sed -n 1p /tmp/drgn.out)"
[ -s /tmp/drgn.banner ] || report "# drgn: $(head -c 300 /tmp/drgn.err | tr '\n' ' ')"
check_eq "drgn --vmcoreinfo MERGED opens the live kernel: UTS_RELEASE = uname -r" \
	"$(uname -r)" "$(sed -n 2p /tmp/drgn.out)"
check "drgn --vmcoreinfo MERGED reads linux_banner (0x$a) = /proc/version" \
	sh -c 'head -n 1 /proc/version | cmp -s - "$1"' sh /tmp/drgn.banner
l=$(bid_log /tmp/drgn.err)
check_eq "drgn --vmcoreinfo MERGED: $l" "found kernel build ID $want in VMCOREINFO" "$l"
# A pre-5.9-like note (the kernel's without BUILD-ID): drgn falls back to
# /sys/kernel/notes; merged by vmcoreinfo-ext, the line is in VMCOREINFO.
drgn --vmcoreinfo /tmp/knote.nobid --log-level debug -e pass >/dev/null 2>/tmp/drgn.err
l=$(bid_log /tmp/drgn.err)
check_eq "drgn --vmcoreinfo NOTE-WITHOUT-BUILD-ID: $l" \
	"found kernel build ID $want in /sys/kernel/notes" "$l"
drgn --vmcoreinfo /tmp/nobid.merged --log-level debug -e pass >/dev/null 2>/tmp/drgn.err
l=$(bid_log /tmp/drgn.err)
check_eq "drgn --vmcoreinfo MERGED-FROM-THAT-NOTE: $l" \
	"found kernel build ID $want in VMCOREINFO" "$l"
# The control: drgn reads the file it is given (no OSRELEASE: refused).
grep -v '^OSRELEASE=' /tmp/vmci.merged >/tmp/vmci.noosrel
drgn --vmcoreinfo /tmp/vmci.noosrel -q -e pass >/tmp/drgn.ctl 2>&1
check "control: drgn --vmcoreinfo without OSRELEASE is refused by drgn" \
	grep -q 'VMCOREINFO does not contain valid OSRELEASE' /tmp/drgn.ctl
