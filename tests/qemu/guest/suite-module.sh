# In-guest checks of the vmcoreinfo_ext module against the kernel itself.
# Sourced by /init; VIE_paging (4|5) and VIE_kaslr (on|off) come from the
# kernel command line the host chose.
D=/sys/kernel/vmcoreinfo_ext
VALUES="phys_base pgtable_l5_enabled KERNEL_IMAGE_SIZE sme_mask MAX_PHYSMEM_BITS SECTION_SIZE_BITS page_offset_base vmalloc_base vmemmap_base"
BASES="page_offset_base vmalloc_base vmemmap_base phys_base"

ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
note_line() { grep "^NUMBER($1)=" "$2"; }

report "# kernel $(uname -r), paging $VIE_paging, kaslr $VIE_kaslr"
check "modprobe vmcoreinfo_ext (the DKMS-installed module)" modprobe vmcoreinfo_ext
check "module came from updates/dkms" \
	sh -c 'modinfo -n vmcoreinfo_ext | grep -q /updates/dkms/'

cat "$D/vmcoreinfo" >/tmp/vmcoreinfo.dkms

# Files, modes, owners.
n=$(ls "$D" | wc -l)
check_eq "number of files in $D" 10 "$n"
for f in $VALUES vmcoreinfo; do
	check_eq "$f mode/owner" "400 0 0" "$(stat -c '%a %u %g' "$D/$f" 2>&1)"
done

# Ground truth 1: the kernel variables, via /proc/kallsyms + /proc/kcore.
guest-probe knote >/tmp/knote || not_ok "read the kernel's VMCOREINFO from /proc/kcore"
for v in $BASES; do
	a=$(ksym "$v")
	if [ -z "$a" ]; then
		not_ok "$v: not in /proc/kallsyms"
		continue
	fi
	check_eq "$v = kernel variable at 0x$a" "$(guest-probe kread "0x$a")" "$(cat "$D/$v")"
	check_eq "vmcoreinfo line for $v = kernel variable" \
		"NUMBER($v)=$(guest-probe kread --dec "0x$a")" "$(note_line "$v" "$D/vmcoreinfo")"
done

# Ground truth 2: every entry the kernel's own note carries, line for line.
for v in sme_mask pgtable_l5_enabled phys_base MAX_PHYSMEM_BITS SECTION_SIZE_BITS KERNEL_IMAGE_SIZE; do
	k=$(note_line "$v" /tmp/knote)
	if [ -z "$k" ]; then
		skip "kernel $(uname -r) has no NUMBER($v) in its note to compare with"
		continue
	fi
	check_eq "NUMBER($v) = kernel's own VMCOREINFO" "$k" "$(note_line "$v" "$D/vmcoreinfo")"
done
# Newer kernels (6.12 here) print NUMBER(VMALLOC_START)=0x%lx themselves.
k=$(note_line VMALLOC_START /tmp/knote)
if [ -n "$k" ]; then
	check_eq "vmalloc_base = kernel's own NUMBER(VMALLOC_START)" \
		"$(printf '0x%016x' "${k#*=}")" "$(cat "$D/vmalloc_base")"
fi
check_eq "vmcoreinfo has one line per value" 9 "$(grep -c '^NUMBER([A-Za-z_0-9]*)=-\{0,1\}[0-9]*$' "$D/vmcoreinfo")"

# Ground truth 3: the layout the host asked QEMU and the kernel for.
l5=0
[ "$VIE_paging" = 5 ] && l5=1
check_eq "pgtable_l5_enabled matches the ${VIE_paging}-level guest" "$l5" "$(cat "$D/pgtable_l5_enabled")"
if grep -qw la57 /proc/cpuinfo; then cpu_l5=1; else cpu_l5=0; fi
check_eq "pgtable_l5_enabled matches la57 in /proc/cpuinfo" "$cpu_l5" "$(cat "$D/pgtable_l5_enabled")"
# Non-randomised bases from Documentation/arch/x86/x86_64/mm.rst.
if [ "$l5" = 1 ]; then
	def_pob=0xff11000000000000 def_vmalloc=0xffa0000000000000 def_vmemmap=0xffd4000000000000
else
	def_pob=0xffff888000000000 def_vmalloc=0xffffc90000000000 def_vmemmap=0xffffea0000000000
fi
if [ "$VIE_kaslr" = off ]; then
	check_eq "nokaslr: page_offset_base is the documented default" $def_pob "$(cat $D/page_offset_base)"
	check_eq "nokaslr: vmalloc_base is the documented default" $def_vmalloc "$(cat $D/vmalloc_base)"
	check_eq "nokaslr: vmemmap_base is the documented default" $def_vmemmap "$(cat $D/vmemmap_base)"
	check_eq "nokaslr: KERNELOFFSET is 0" "KERNELOFFSET=0" "$(grep '^KERNELOFFSET=' /tmp/knote)"
else
	check "KASLR active: kernel or direct map moved from the defaults" \
		sh -c "! grep -q '^KERNELOFFSET=0$' /tmp/knote || [ \$(cat $D/page_offset_base) != $def_pob ]"
fi

# BUILD-ID: the reader's, from /sys/kernel/notes, against the vmlinux.
. /buildid.sh

# Root only: a non-root process gets EACCES on every file, while it can
# read a world-readable file (so the denial is the files' own).
guest-probe access 65534 /proc/version $D/* >/tmp/access
check_eq "non-root reads /proc/version (control)" "/proc/version OK" "$(grep '^/proc/version ' /tmp/access)"
check_eq "non-root denied with EACCES on every file" 10 "$(grep -c "^$D/.* EACCES$" /tmp/access)"

# Nothing in the kernel log: none of the values appears there.
dmesg >/tmp/dmesg
leaked=
for v in page_offset_base vmalloc_base vmemmap_base; do
	hex=$(cat "$D/$v" | sed 's/^0x//')
	grep -qi "$hex" /tmp/dmesg && leaked="$leaked $v"
done
check_eq "no value written to the kernel log" "" "$leaked"

# Load/unload cycles with two concurrent readers; then no leak.  Some 20 s
# under TCG, and nothing in them depends on KASLR or the paging mode: the
# host asks for them in one boot of each kernel (vie.cycles=N).
if [ -n "${VIE_cycles:-}" ]; then
	. /cycles.sh
	load_cycles "$VIE_cycles" "$(($(ls "$D" | wc -l) + 1))"
else
	report "# load/unload cycles: in this kernel's KASLR-on 4-level boot"
	# Unloaded, as the cycles leave it, for the fallback build below.
	check "modprobe -r vmcoreinfo_ext" modprobe -r vmcoreinfo_ext
fi

# Lockdown: the module's files read exactly when /proc/kcore reads
# (module/compat.h).  lockdown_files WHAT: a check of that, root's view;
# sets kc to what /proc/kcore gave (OK or E<name>).
lockdown_files() {
	guest-probe access 0 /proc/kcore $D/* >/tmp/lockdown
	kc=$(sed -n 's|^/proc/kcore ||p' /tmp/lockdown)
	check_eq "$1: every file reads as /proc/kcore does ($kc)" 10 "$(grep -c "^$D/.* $kc\$" /tmp/lockdown)"
}
# loader_refuses WHAT ERE: vmcoreinfo-ext-load (the packages' loader)
# cannot load the installed module and says why in one line matching ERE.
loader_refuses() {
	local out rc
	out=$(/usr/lib/vmcoreinfo-ext/vmcoreinfo-ext-load 2>&1)
	rc=$?
	check_eq "$1: vmcoreinfo-ext-load exits 1" 1 "$rc"
	check "$1: vmcoreinfo-ext-load says why in one line" \
		sh -c '[ "$(printf "%s\n" "$1" | wc -l)" = 1 ] && printf %s "$1" | grep -Eq "$2"' sh "$out" "$2"
	report "# $1: $out"
}
# unsigned_refused WHAT: while the kernel accepts only signed modules
# (vie.signed=yes: the DKMS module is signed with a key it trusts), the
# unsigned fallback build is refused, and so is the installed module once
# replaced by it, with the loader's line; put back, the loader loads it.
unsigned_refused() {
	local ko
	ko=$(modinfo -n vmcoreinfo_ext)
	modprobe -r vmcoreinfo_ext 2>/dev/null
	insmod /lib/vie-fallback.ko 2>/tmp/insmod.err
	check "$1: the unsigned build is refused by the kernel ($(cat /tmp/insmod.err))" \
		sh -c "! test -d $D"
	cp "$ko" /tmp/signed.ko
	cp /lib/vie-fallback.ko "$ko"
	loader_refuses "$1, the unsigned build installed" "^vmcoreinfo_ext module not loaded: $ko is not signed, and this kernel loads only signed modules"
	cp /tmp/signed.ko "$ko"
	check "$1: the signed module put back: vmcoreinfo-ext-load loads it, silently" \
		sh -c "test -z \"\$(/usr/lib/vmcoreinfo-ext/vmcoreinfo-ext-load)\" && test -d $D"
}

if [ "${VIE_lockdown:-}" = boot ]; then
	# Booted locked down (a distribution's lockdown kernel parameter):
	# every check above ran locked down; the fallback build is not
	# signed, so it is refused.
	check "booted locked down: the kernel says so ($(cat /sys/kernel/security/lockdown 2>/dev/null))" \
		sh -c "dmesg | grep -q 'Kernel is locked down from command line'"
	modprobe vmcoreinfo_ext
	lockdown_files "booted locked down"
	check_eq "booted locked down: /proc/kcore, for root (this kernel's lockdown)" \
		"${VIE_lockdown_kcore:-?}" "$kc"
	unsigned_refused "booted locked down"
	modprobe -r vmcoreinfo_ext
elif [ -f /lib/vie-fallback.ko ]; then
	# The fallback build (VIE_NO_PROBES=1: CR4.LA57, scnprintf, no SME
	# mask, no lockdown hook) must publish what the probed build
	# published.
	check "insmod the fallback build" insmod /lib/vie-fallback.ko
	cat "$D/vmcoreinfo" >/tmp/vmcoreinfo.fallback
	fb_l5=$(cat "$D/pgtable_l5_enabled")
	rmmod vmcoreinfo_ext
	check_eq "fallback build: pgtable_l5_enabled from CR4.LA57" "$l5" "$fb_l5"
	check "fallback build: same vmcoreinfo as the DKMS build ($(wc -l </tmp/vmcoreinfo.fallback) lines)" \
		cmp /tmp/vmcoreinfo.dkms /tmp/vmcoreinfo.fallback
fi

# The lockdown LSM (v5.4, /sys/kernel/security/lockdown; raised at run
# time, never lowered): integrity leaves /proc/kcore and the files
# readable, confidentiality refuses both with EPERM.  The module is
# loaded first: a locked-down kernel refuses modules it cannot verify.
# Then, locked down, the loader on the installed module: signed with a
# key this kernel trusts (vie.signed=yes), the unsigned build is refused
# and the signed one loads; signed with this machine's DKMS key, which
# the kernel does not trust (Debian's kernels here), it is refused as
# not enrolled.
if lockdown_raisable; then
	modprobe vmcoreinfo_ext
	if grep -q '\[none\]' /sys/kernel/security/lockdown; then
		echo integrity >/sys/kernel/security/lockdown
		check "lockdown: integrity" grep -q '\[integrity\]' /sys/kernel/security/lockdown
		lockdown_files "locked down (integrity)"
		check_eq "locked down (integrity): /proc/kcore readable" OK "$kc"
	fi
	echo confidentiality >/sys/kernel/security/lockdown
	guest-probe access 0 $D/* /proc/kcore >/tmp/lockdown
	check_eq "locked down: EPERM on every file" 10 "$(grep "^$D/.* EPERM$" /tmp/lockdown | wc -l)"
	check_eq "locked down: /proc/kcore refused too" "/proc/kcore EPERM" "$(grep kcore /tmp/lockdown)"
	check "unload under lockdown" modprobe -r vmcoreinfo_ext
	if [ "${VIE_signed:-}" = yes ]; then
		unsigned_refused "locked down (confidentiality)"
		modprobe -r vmcoreinfo_ext
	elif [ -n "$(modinfo -F signer vmcoreinfo_ext)" ]; then
		loader_refuses "locked down, the module signed with this machine's DKMS key" \
			"^vmcoreinfo_ext module not loaded: its signing key is not enrolled: .* signed by \"$(modinfo -F signer vmcoreinfo_ext)\""
	else
		loader_refuses "locked down, the module unsigned" \
			"^vmcoreinfo_ext module not loaded: .* is not signed, and this kernel loads only signed modules"
	fi
else
	skip "no lockdown to raise at run time on this kernel (/sys/kernel/security/lockdown: $(cat /sys/kernel/security/lockdown 2>&1))"
fi
