# In-guest checks of the vmcoreinfo_ext module on an arm64 kernel, against
# the kernel itself.  Sourced by /init; VIE_kaslr (on|off) comes from the
# kernel command line the host chose.
#
# Ground truth, none of it from the module:
#  1. the kernel's own VMCOREINFO note (/proc/kcore, read by guest-probe):
#     every line the module publishes that the note also has must be
#     byte-identical (Debian 12's 6.1 has all of them);
#  2. /proc/kcore's own segments, which fs/proc/kcore.c builds from the
#     kernel's macros: a PT_LOAD [MODULES_VADDR, MODULES_END) and one
#     [VMALLOC_START, VMALLOC_END); the struct page segments give
#     VMEMMAP_START (guest-probe vmemmap, with the note's PHYS_OFFSET), and
#     VMEMMAP_END is VMEMMAP_START plus the struct pages of the whole
#     linear map (2^(VA_BITS - 1) bytes, 4 KiB pages, 64-byte struct
#     page); the kernel text segment's p_vaddr - p_paddr is kimage_voffset.
#     This is what proves Debian 11's 5.10, whose note
#     lacks the six ranges; on 6.1 the same checks run against the note.
D=/sys/kernel/vmcoreinfo_ext
VALUES="VA_BITS MODULES_VADDR MODULES_END VMALLOC_START VMALLOC_END VMEMMAP_START VMEMMAP_END kimage_voffset PHYS_OFFSET TCR_EL1_T1SZ KERNELPACMASK MAX_PHYSMEM_BITS SECTION_SIZE_BITS"
NFILES=14
note_line() { grep "^NUMBER($1)=" "$2"; }
# The value of NUMBER(name) as 0x%016x (values are 0x-hex or decimal).
hex16() { printf '0x%016x' "$1"; }

report "# kernel $(uname -r) ($(uname -m)), kaslr $VIE_kaslr"
check "modprobe vmcoreinfo_ext (the cross-built module)" modprobe vmcoreinfo_ext
cat "$D/vmcoreinfo" >/tmp/vmcoreinfo.mod
emit_file module.vmcoreinfo /tmp/vmcoreinfo.mod

check_eq "number of files in $D" $NFILES "$(ls "$D" | wc -l)"
for f in $VALUES vmcoreinfo; do
	check_eq "$f mode/owner" "400 0 0" "$(stat -c '%a %u %g' "$D/$f" 2>&1)"
done
check_eq "vmcoreinfo has one line per value" 13 "$(wc -l <"$D/vmcoreinfo")"

guest-probe knote >/tmp/knote || not_ok "read the kernel's VMCOREINFO from /proc/kcore"
emit_file knote /tmp/knote
guest-probe kload >/tmp/kload
emit_file kload /tmp/kload

# 1. The kernel's own lines, byte for byte.
same=0 absent=
for v in $VALUES; do
	k=$(note_line "$v" /tmp/knote)
	if [ -z "$k" ]; then
		absent="$absent $v"
		continue
	fi
	check_eq "NUMBER($v) = the kernel's own line" "$k" "$(note_line "$v" "$D/vmcoreinfo")"
	same=$((same + 1))
done
report "# kernel's note has $same of the 13 lines; lacks:${absent:- none}"

# Each file holds the same value as its vmcoreinfo line.
for v in $VALUES; do
	l=$(note_line "$v" "$D/vmcoreinfo")
	case $(cat "$D/$v") in
	0x*) check_eq "$v file = its vmcoreinfo line" "$(hex16 "${l#*=}")" "$(cat "$D/$v")" ;;
	*) check_eq "$v file = its vmcoreinfo line" "$(printf '%d' "${l#*=}")" "$(cat "$D/$v")" ;;
	esac
done

# 2. The ranges against /proc/kcore's segments.
kv() { cat "$D/$1"; }
check "kcore has a segment [MODULES_VADDR, MODULES_END) = [$(kv MODULES_VADDR), $(kv MODULES_END))" \
	grep -q "^$(kv MODULES_VADDR) $(kv MODULES_END) " /tmp/kload
check "kcore has a segment [VMALLOC_START, VMALLOC_END) = [$(kv VMALLOC_START), $(kv VMALLOC_END))" \
	grep -q "^$(kv VMALLOC_START) $(kv VMALLOC_END) " /tmp/kload
po=$(note_line PHYS_OFFSET /tmp/knote)
vb=$(note_line VA_BITS /tmp/knote)
vm=$(guest-probe vmemmap "${po#*=}" "${vb#*=}")
check_eq "VMEMMAP_START = kcore's struct page segment - (RAM - PHYS_OFFSET)/4096*64" \
	"${vm% *}" "$(kv VMEMMAP_START)"
check_eq "VMEMMAP_END = VMEMMAP_START + struct pages of 2^(VA_BITS-1) bytes" \
	"${vm#* }" "$(kv VMEMMAP_END)"
# kcore's kernel text segment: p_vaddr _text, p_paddr __pa_symbol(_text).
check "kimage_voffset = p_vaddr - p_paddr of kcore's kernel text segment" \
	grep -q " $(kv kimage_voffset)\$" /tmp/kload

# KASLR: the kernel moved (KERNELOFFSET in its own note) exactly when asked.
ko=$(grep '^KERNELOFFSET=' /tmp/knote)
report "# $ko, PHYS_OFFSET ${po#*=}"
if [ "$VIE_kaslr" = off ]; then
	check_eq "nokaslr: KERNELOFFSET is 0" "KERNELOFFSET=0" "$ko"
else
	check "KASLR active (QEMU virt's kaslr-seed): KERNELOFFSET is not 0" test "$ko" != "KERNELOFFSET=0"
fi

# Root only: a non-root process gets EACCES on every file.
guest-probe access 65534 $D/* >/tmp/access
check_eq "non-root denied with EACCES on every file" $NFILES "$(grep -c ' EACCES$' /tmp/access)"

# Nothing in the kernel log.
dmesg >/tmp/dmesg
leaked=
for v in MODULES_VADDR VMALLOC_START VMEMMAP_START kimage_voffset; do
	grep -qi "$(kv $v | sed 's/^0x0*//')" /tmp/dmesg && leaked="$leaked $v"
done
check_eq "no value written to the kernel log" "" "$leaked"

# Load/unload cycles with two concurrent readers; then no leak.
. /cycles.sh
load_cycles 50 "$(($(ls "$D" | wc -l) + 1))"

# The fallback build (VIE_NO_PROBES=1: VMEMMAP_START + VMEMMAP_SIZE, no
# kernel PAC mask, scnprintf, no lockdown hook): the same lines, except
# KERNELPACMASK, which a kernel without in-kernel pointer authentication
# prints as 0.
if [ -f /lib/vie-fallback.ko ]; then
	check "insmod the fallback build" insmod /lib/vie-fallback.ko
	cat "$D/vmcoreinfo" >/tmp/vmcoreinfo.fallback
	rmmod vmcoreinfo_ext
	grep -v KERNELPACMASK /tmp/vmcoreinfo.mod >/tmp/a
	grep -v KERNELPACMASK /tmp/vmcoreinfo.fallback >/tmp/b
	check "fallback build: the same 12 lines but KERNELPACMASK" cmp /tmp/a /tmp/b
	check_eq "fallback build: KERNELPACMASK" "NUMBER(KERNELPACMASK)=0x0" \
		"$(grep KERNELPACMASK /tmp/vmcoreinfo.fallback)"
fi

# The reader on this kernel, with the module loaded (before lockdown,
# which closes /proc/kcore).
modprobe vmcoreinfo_ext
. /suite-arm64-reader.sh
modprobe -r vmcoreinfo_ext

# Lockdown: reads fail with EPERM, like /proc/kcore.
if lockdown_raisable; then
	modprobe vmcoreinfo_ext
	echo confidentiality >/sys/kernel/security/lockdown
	guest-probe access 0 $D/* /proc/kcore >/tmp/lockdown
	check_eq "locked down: EPERM on every file" $NFILES "$(grep "^$D/.* EPERM$" /tmp/lockdown | wc -l)"
	check_eq "locked down: /proc/kcore refused too" "/proc/kcore EPERM" "$(grep kcore /tmp/lockdown)"
	check "unload under lockdown" modprobe -r vmcoreinfo_ext
else
	skip "no lockdown to raise at run time on this kernel (/sys/kernel/security/lockdown: $(cat /sys/kernel/security/lockdown 2>&1))"
fi
