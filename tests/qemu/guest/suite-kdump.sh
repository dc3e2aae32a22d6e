# First kernel of a kdump round trip: load the module, record what it
# publishes (on ttyS1, for the host to compare later), save the values with
# this boot's identity, hand the saved file to the crash kernel as an extra
# cpio appended to its initrd, load the crash kernel and crash.
D=/sys/kernel/vmcoreinfo_ext
report "# first kernel $(uname -r), paging $VIE_paging, kaslr $VIE_kaslr"
check "modprobe vmcoreinfo_ext" modprobe vmcoreinfo_ext
while read -r line; do record "module $line"; done <"$D/vmcoreinfo"
# The truth the dump's NUMBER(page_offset_base) must carry (x86_64): the
# kernel's variable, read through /proc/kallsyms and /proc/kcore, not the
# module.
if [ "$(uname -m)" = x86_64 ]; then
	a=$(awk '$3 == "page_offset_base" { print $1; exit }' /proc/kallsyms)
	if [ -n "$a" ] && v=$(guest-probe kread --dec "0x$a"); then
		record "truth NUMBER(page_offset_base)=$v"
	else
		not_ok "page_offset_base: read through /proc/kallsyms (0x$a) and /proc/kcore"
	fi
fi

vmcoreinfo-ext save -o /tmp/saved.vmcoreinfo
check_eq "vmcoreinfo-ext save exits 0" 0 "$?"
emit_file saved /tmp/saved.vmcoreinfo
mkdir -p /tmp/cpio/vmcoreinfo-ext
cp /tmp/saved.vmcoreinfo /tmp/cpio/vmcoreinfo-ext/saved.vmcoreinfo
(cd /tmp/cpio && find . | cpio -o -H newc 2>/dev/null | gzip) >/tmp/saved.cpio.gz
cat /boot/crash.cpio.gz /tmp/saved.cpio.gz >/tmp/kdump-initrd

# The crash kernel reports where this one does (vie.console, vie.port:
# arm64 guests use ttyAMA0 and ttyS0).
kexec -p /boot/vmlinuz --initrd=/tmp/kdump-initrd --append="console=${VIE_console:-ttyS0} \
	irqpoll nr_cpus=1 reset_devices panic=-1 oops=panic panic_on_warn=1 \
	vie.suite=crash vie.boot=$VIE_boot vie.paging=$VIE_paging \
	vie.kaslr=$VIE_kaslr vie.port=${VIE_port:-ttyS1} \
	vie.console=${VIE_console:-ttyS0}" 2>/tmp/kexec.err
check_eq "kexec -p loads the crash kernel" 0 "$?"
check_eq "crash kernel loaded" 1 "$(cat /sys/kernel/kexec_crash_loaded)"
if [ "$T_FAIL" -eq 0 ]; then
	report "# crashing now"
	echo "VIE-CRASH-NOW"
	sync
	echo c >/proc/sysrq-trigger
fi
report "# $(cat /tmp/kexec.err)"
