# The demo: load the module the way a system would (modprobe of the
# DKMS-installed .ko), show what it publishes and the merged VMCOREINFO.
D=/sys/kernel/vmcoreinfo_ext
say() { echo "$*" >&3; }
say "== kernel $(uname -r) under QEMU (paging: ${VIE_paging}-level, KASLR: $VIE_kaslr)"
say "== modprobe vmcoreinfo_ext   ($(modinfo -n vmcoreinfo_ext))"
if modprobe vmcoreinfo_ext; then
	ok "module loaded"
else
	not_ok "modprobe vmcoreinfo_ext failed"
fi
say "== $D/ (mode 0400, root only)"
for f in phys_base pgtable_l5_enabled KERNEL_IMAGE_SIZE sme_mask MAX_PHYSMEM_BITS \
	 SECTION_SIZE_BITS page_offset_base vmalloc_base vmemmap_base; do
	say "$(printf '%-20s %s' "$f" "$(cat "$D/$f")")"
done
if [ -x /bin/vmcoreinfo-ext ]; then
	say "== vmcoreinfo-ext: the kernel's own note + the entries it lacks"
	if vmcoreinfo-ext >/tmp/merged 2>/tmp/merged.err; then
		ok "vmcoreinfo-ext merged the note"
	else
		not_ok "vmcoreinfo-ext failed: $(cat /tmp/merged.err)"
	fi
	cat /tmp/merged >&3
else
	say "== $D/vmcoreinfo"
	cat "$D/vmcoreinfo" >&3
fi
