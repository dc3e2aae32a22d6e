#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The distribution kernels of ../shared/kernels/*/boot/ (beside the
# project root; $VIE_SHARED_KERNELS replaces it), each built from its
# distribution's own source and config (boot/info.txt), booted in QEMU
# with the module DKMS built for it:
#
#   dkms     dkms add, build (--kernelsourcedir: the boot tree, with its
#            Module.symvers) and install, in a DKMS tree of this suite's own
#            (the machine's DKMS state, /usr/src and /lib/modules are not
#            touched), with the kernel's compiler and the make arguments
#            info.txt names (through MAKEFLAGS, as an administrator with
#            more than one compiler gives them), signed by DKMS with the
#            tree's own key (certs/signing_key.pem: the kernel trusts it;
#            it stands for a machine owner key the user enrolled); the
#            fallback build (VIE_NO_PROBES=1, plain make) stays unsigned
#   module   guest/suite-module.sh with KASLR on: the module loaded with
#            modprobe from /lib/modules/<release>/updates/dkms, every value
#            against the kernel's own variables (kallsyms + /proc/kcore) and
#            note, modes, EACCES, BUILD-ID against the booted vmlinux,
#            load/unload cycles with concurrent readers, the fallback build,
#            lockdown; 5- and 4-level where the config has X86_5LEVEL (else
#            one boot on a CPU offering 5-level); the kernel's lockdown
#            boot parameter (column "lockdown" below) in the 4-level boot
#   live     guest/suite-live.sh: the merge (the distribution's own lines
#            verbatim and in order, then what the note lacks, which must be
#            the "adds" column below), every live source, save, EACCES;
#            its saved file is the stale sample of the kdump round trips
#   kdump    guest/suite-kdump.sh + suite-crash.sh with the same bzImage as
#            the crash kernel: save, the saved file in the crash initramfs,
#            makedumpfile with the overlay, the dump amended; on the host
#            the dumps read back, the real readers (crash --osrelease,
#            libkdumpfile, python3-drgn, drgn 0.2.0, makedumpfile:
#            consumers.py) on the amended dump and its original, and its
#            NUMBER(page_offset_base) equal to the crashed kernel's variable
#
# Every folder with a boot/ is booted; one whose boot cannot run (a file
# missing, a build that fails, QEMU failing) fails by name, never skips,
# and so does ../shared/kernels missing altogether, or an expected kernel
# (VIE_BOOT_KERNELS) missing.  A kernel found but not in VIE_BOOT_KERNELS
# is booted with the same checks, its additions not compared with a list.
#
#   tests/qemu/run-distro-kernels.sh [NAME...]     (default: all)
#
# Ends with "N passed, N failed, N skipped".
set -u
. "$(dirname "$0")/lib.sh"
. "$VIE_TOP/tests/kernels-lib.sh"
[ "$(id -u)" -eq 0 ] || vie_die "must run as root (DKMS, QEMU)"
shared=$VIE_SHARED_KERNELS
W=$VIE_WORK/distro-kernels
mkdir -p "$W"
pass=0 fail=0 skipped=0

# NAME, then what is known of it from its sources (not from this suite's
# runs):
#   adds=     the lines vmcoreinfo-ext appends to the kernel's own note,
#             in order: RHEL 8.10's note already carries NUMBER(sme_mask),
#             MAX_PHYSMEM_BITS and SECTION_SIZE_BITS (backports,
#             arch/x86/kernel/machine_kexec_64.c), Ubuntu 20.04's
#             sme_mask only; neither has BUILD-ID (5.9)
#   lockdown= the kernel parameter that locks it down at boot, and what
#             /proc/kcore then gives root: RHEL 8's lockdown patches never
#             lock /proc/kcore; Ubuntu 20.04 (the lockdown LSM) is locked
#             at run time instead, through /sys/kernel/security/lockdown
#             (suite-module.sh), so "-"
# Deliberately a list: a kernel that vanishes from ../shared/kernels turns
# this suite red.
VIE_BOOT_KERNELS=(
	"rhel8.10 adds=BUILD-ID,NUMBER(page_offset_base),NUMBER(vmalloc_base),NUMBER(vmemmap_base) lockdown=lockdown:OK"
	"ubuntu20.04 adds=BUILD-ID,NUMBER(MAX_PHYSMEM_BITS),NUMBER(SECTION_SIZE_BITS),NUMBER(page_offset_base),NUMBER(vmalloc_base),NUMBER(vmemmap_base) lockdown=-"
)

result() {	# result RC TEXT [FILE]
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok: $2"
	else
		fail=$((fail + 1)); echo "FAIL: $2"
		[ -s "${3:-}" ] && head -n 15 "$3" | sed 's/^/    /'
	fi
	return 0
}

# known NAME KEY: KEY's value in VIE_BOOT_KERNELS for NAME; exit 1 if NAME
# is not there.
known() {
	local e n rest kv
	for e in "${VIE_BOOT_KERNELS[@]}"; do
		read -r n rest <<<"$e"
		[ "$n" = "$1" ] || continue
		for kv in $rest; do
			[ "${kv%%=*}" = "$2" ] && echo "${kv#*=}"
		done
		return 0
	done
	return 1
}

# The kernels: the expected ones, then every other folder with a boot/.
kernel_names() {
	local e d
	for e in "${VIE_BOOT_KERNELS[@]}"; do echo "${e%% *}"; done
	for d in "$shared"/*/boot/; do
		[ -d "$d" ] || continue
		d=$(basename "$(dirname "$d")")
		known "$d" adds >/dev/null || echo "$d"
	done
}

# verdict NAME RESULT-FILE TEXT QEMU-OK: count a boot's check lines.
verdict() {
	local p f s
	read -r p f s < <(vie_tally "$2")
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
	if [ "$4" = 0 ] && [ "$f" = 0 ]; then
		echo "$3: $p checks ok, $s skipped: PASS"
	else
		[ "$f" = 0 ] && { fail=$((fail + 1)); echo "not ok - the boot failed without a failed check" >>"$2"; }
		echo "$3: $p checks ok, $f failed, $s skipped: FAIL"
		grep -v -e '^ok' -e '^file ' -e '^record ' -e '^VIE-BOOT' "$2" | sed 's/^/    /'
		echo "    console: $VIE_WORK/$1.console"
	fi
	grep '^ok .*# SKIP' "$2" | sed 's/^ok - # SKIP /    skipped: /'
}

# dkms_build NAME TREE RELEASE CC EXTRA: the module DKMS builds and installs
# for RELEASE (see the top), into $W/NAME/dkms; prints the .ko's path.
dkms_build() {
	local name=$1 tree=$2 rel=$3 cc=$4 extra=$5 d=$W/$1/dkms log=$W/$1/dkms.log
	local opts
	rm -rf "$d"
	mkdir -p "$d/source/vmcoreinfo_ext-$VIE_VERSION" "$d/tree" "$d/modules/$rel"
	cp -r "$VIE_TOP/dkms.conf" "$VIE_TOP/Kbuild" "$VIE_TOP/module" "$d/source/vmcoreinfo_ext-$VIE_VERSION/"
	opts=(--sourcetree "$d/source" --dkmstree "$d/tree")
	{
		dkms add "vmcoreinfo_ext/$VIE_VERSION" "${opts[@]}" &&
		MAKEFLAGS="CC=$cc $extra" sign_file=$tree/scripts/sign-file \
			mok_signing_key=$tree/certs/signing_key.pem \
			mok_certificate=$tree/certs/signing_key.x509 \
			dkms build "vmcoreinfo_ext/$VIE_VERSION" -k "$rel" --kernelsourcedir "$tree" "${opts[@]}" &&
		dkms install "vmcoreinfo_ext/$VIE_VERSION" -k "$rel" --kernelsourcedir "$tree" \
			"${opts[@]}" --installtree "$d/modules" --no-depmod
	} >"$log" 2>&1 || { echo "dkms failed (log: $log): $(grep -m1 -i 'error' "$log")"; return 1; }
	ls "$d/modules/$rel/updates/dkms/vmcoreinfo_ext.ko"* 2>/dev/null | head -n 1
}

# The drgn 0.2.0 of ../shared/drgn, for consumers.py on the dumps.
drgn_why=
vie_drgn_unpack >"$W/drgn.why" || drgn_why=$(cat "$W/drgn.why")

if [ ! -d "$shared" ]; then
	result 1 "$shared (the distribution kernels, beside the project) is absent: no kernel booted"
	echo "$pass passed, $fail failed, $skipped skipped"
	exit 1
fi
[ -z "$drgn_why" ] || result 1 "$drgn_why: drgn 0.2.0's checks on the dumps cannot run"
make -s -C "$VIE_TOP/userspace" all static >"$W/userspace.log" 2>&1 ||
	{ cat "$W/userspace.log"; vie_die "vmcoreinfo-ext build failed"; }
vie_build_guest_probe || vie_die "cannot build guest-probe"

want=" ${*:-$(kernel_names | tr '\n' ' ')} "
declare -A REL PAGINGS LIVE_SAVED KDUMP_READY
ready=()
for name in $(kernel_names); do
	case $want in *" $name "*) ;; *) continue ;; esac
	b=$shared/$name/boot
	if [ ! -d "$b" ]; then
		result 1 "$name: expected boot kernel, but $b is missing"
		continue
	fi
	missing=
	for f in bzImage config headers.tar.xz info.txt; do
		[ -s "$b/$f" ] || missing="$missing $f"
	done
	if [ -n "$missing" ]; then
		result 1 "$name: $b lacks$missing: not booted"
		continue
	fi
	rel=$(vie_info "$b/info.txt" release) cc=$(vie_info "$b/info.txt" compiler | cut -d' ' -f1)
	extra=$(vie_info "$b/info.txt" make-extra)
	mkdir -p "$W/$name"
	if ! how=$(vie_unpack_tree "$W/$name" "$b/headers.tar.xz" "$W/$name/unpack.log"); then
		result 1 "$name: $b/headers.tar.xz does not unpack" "$W/$name/unpack.log"
		continue
	fi
	tree=$W/$name/tree
	if [ -z "$rel" ] || [ "$(cat "$tree/include/config/kernel.release")" != "$rel" ]; then
		result 1 "$name: info.txt's release '$rel' is not the tree's ($(cat "$tree/include/config/kernel.release"))"
		continue
	fi
	if [ -z "$cc" ] || ! command -v "$cc" >/dev/null; then
		result 1 "$name: its compiler '${cc:-none named in info.txt}' is not installed (scripts/install-deps.sh)"
		continue
	fi
	if ! ko=$(dkms_build "$name" "$tree" "$rel" "$cc" "$extra"); then
		result 1 "$name: $ko"
		continue
	fi
	signer=$(modinfo -F signer "$ko" 2>/dev/null)
	cn=$(openssl x509 -inform DER -in "$tree/certs/signing_key.x509" -noout -subject -nameopt multiline 2>/dev/null |
		sed -n 's/^ *commonName *= *//p')
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
	ccv=$("$cc" -dumpfullversion)
	if [ "${vermagic%% *}" = "$rel" ] && [ -n "$signer" ] && [ "$signer" = "$cn" ] &&
		readelf -p .comment "$ko" | grep -q "GCC: .* $ccv"; then
		result 0 "$name: dkms add/build/install for $rel (${how%% *} tree): vermagic '$vermagic', built by $cc $ccv, signed by \"$signer\" (the tree's key)"
	else
		result 1 "$name: the module DKMS built ($ko): vermagic '$vermagic' (want $rel), signer '$signer' (want '$cn'), compiler: $(readelf -p .comment "$ko" | grep -m1 GCC) (want $cc $ccv)"
		continue
	fi
	fb=$W/$name/fallback
	rm -rf "$fb"
	mkdir -p "$fb"
	cp -r "$VIE_TOP/Kbuild" "$VIE_TOP/dkms.conf" "$VIE_TOP/module" "$fb/"
	# shellcheck disable=SC2086
	if make -C "$tree" M="$fb" CC="$cc" $extra VIE_NO_PROBES=1 modules >"$fb.log" 2>&1 &&
		[ -f "$fb/vmcoreinfo_ext.ko" ] && [ -z "$(modinfo -F signer "$fb/vmcoreinfo_ext.ko")" ]; then
		result 0 "$name: the fallback build (VIE_NO_PROBES=1), unsigned"
	else
		result 1 "$name: the fallback build (VIE_NO_PROBES=1) failed, or is signed" "$fb.log"
		continue
	fi
	# BUILD-ID's truth: the vmlinux inside the bzImage booted, readelf;
	# info.txt says what the build that made it read.
	if ! vie_vmlinux_notes "$b/bzImage" "$W/$name/expected" 2>"$W/$name/expected.err"; then
		result 1 "$name: no notes or build ID from $b/bzImage" "$W/$name/expected.err"
		continue
	fi
	bid=$(cat "$W/$name/expected/build-id")
	result "$([ "$bid" = "$(vie_info "$b/info.txt" build-id)" ]; echo $?)" \
		"$name: the build ID of the vmlinux in bzImage ($bid) = info.txt's"

	# What every boot of this kernel carries.
	x=$W/$name/root
	rm -rf "$x"
	mkdir -p "$x/bin" "$x/lib" "$x/usr/lib/vmcoreinfo-ext" "$x/boot" "$x/vie-stale"
	cp "$fb/vmcoreinfo_ext.ko" "$x/lib/vie-fallback.ko"
	cp "$VIE_TOP/userspace/build/vmcoreinfo-ext-static" "$x/bin/vmcoreinfo-ext"
	cp "$VIE_TOP/packaging/lib/vmcoreinfo-ext-load" "$x/usr/lib/vmcoreinfo-ext/"
	cp -r "$W/$name/expected" "$x/vie-expected"
	vie_add_bin "$x" "$(command -v makedumpfile)"
	vie_add_bin "$x" "$(command -v kexec)"
	cp "$VIE_TOP/userspace/wrapper/vmcoreinfo-ext-makedumpfile" "$x/bin/"
	if ! VIE_KO=$ko VIE_EXTRA_ROOT=$x vie_initramfs "$W/$name/live.cpio.gz" "$rel" 2>"$W/$name/initramfs.err"; then
		result 1 "$name: initramfs" "$W/$name/initramfs.err"
		continue
	fi
	REL[$name]=$rel
	if grep -q '^CONFIG_X86_5LEVEL=y' "$b/config"; then PAGINGS[$name]="5 4"; else PAGINGS[$name]=5; fi
	ready+=("$name")
done

# boot NAME KIND PAGING TIMEOUT [CMDLINE...]: one boot of kernel NAME.
boot() {
	local name=$1 kind=$2 paging=$3 tmo=$4 b=$shared/$1/boot
	shift 4
	VIE_KERNEL_IMAGE=$b/bzImage VIE_KERNEL_CONFIG=$b/config \
		vie_boot "distro-$name-$kind-l$paging" "${REL[$name]}" "${VIE_INITRD:-$W/$name/live.cpio.gz}" \
		"$paging" on "$tmo" "$@"
}

# mode NAME PAGING: how the kernel runs on a CPU offering PAGING-level.
mode() {
	if [ "$(VIE_KERNEL_CONFIG=$shared/$1/boot/config vie_paging "${REL[$1]}" "$2")" = "$2" ]; then
		echo "$2-level"
	else
		echo "LA57 CPU, 4-level kernel (no CONFIG_X86_5LEVEL)"
	fi
}

# --- module and live boots ---------------------------------------------------
for name in "${ready[@]}"; do
	rel=${REL[$name]}
	ld=$(known "$name" lockdown)
	n=0
	for paging in ${PAGINGS[$name]}; do
		n=$((n + 1))
		args=(vie.suite=module vie.signed=yes)
		what="KASLR on, $(mode "$name" "$paging")"
		[ $n = 1 ] && { args+=(vie.cycles=100); what="$what, load/unload cycles"; }
		# The lockdown boot parameter in the last module boot.
		if [ $n = "$(echo ${PAGINGS[$name]} | wc -w)" ] && [ -n "$ld" ] && [ "$ld" != - ]; then
			args+=("${ld%%:*}" vie.lockdown=boot "vie.lockdown_kcore=${ld#*:}")
			what="$what, booted with '${ld%%:*}' (locked down)"
		fi
		t0=$(date +%s)
		boot "$name" module "$paging" 300 "${args[@]}"
		rc=$?
		verdict "distro-$name-module-l$paging" "$VIE_WORK/distro-$name-module-l$paging.result.txt" \
			"[module] $name ($rel) $what: $(($(date +%s) - t0)) s" $rc
	done
	# The live suite, on the first paging mode.
	paging=${PAGINGS[$name]%% *}
	t0=$(date +%s)
	VIE_MEM=768 boot "$name" live "$paging" 300 vie.suite=live crashkernel=128M
	rc=$?
	res=$VIE_WORK/distro-$name-live-l$paging.result.txt
	out=$W/$name/live
	rm -rf "$out"
	python3 "$VIE_TOP/tests/qemu/extract.py" "$res" "$out"
	# What vmcoreinfo-ext added to the kernel's own note, against what is
	# known of this kernel.
	added=$(grep -vxFf "$out/knote" "$out/merged.txt" 2>/dev/null | sed 's/=.*//' | paste -sd, -)
	if want_adds=$(known "$name" adds); then
		[ "$added" = "$want_adds" ] &&
			echo "ok - host: vmcoreinfo-ext added to $name's own note exactly: $added" >>"$res" ||
			echo "not ok - host: vmcoreinfo-ext added to $name's own note '$added', its sources say '$want_adds'" >>"$res"
	else
		echo "# host: vmcoreinfo-ext added $added ($name is not in VIE_BOOT_KERNELS: not compared)" >>"$res"
	fi
	[ -s "$out/saved" ] && LIVE_SAVED[$name]=$out/saved
	verdict "distro-$name-live-l$paging" "$res" \
		"[live] $name ($rel) KASLR on, $(mode "$name" "$paging"): $(($(date +%s) - t0)) s" $rc
	grep '^# \(added\|host\|BUILD-ID\)' "$res" | sed 's/^# /    /'
done

# --- kdump round trips -------------------------------------------------------
for name in "${ready[@]}"; do
	rel=${REL[$name]} b=$shared/$name/boot
	paging=${PAGINGS[$name]%% *}
	t0=$(date +%s)
	x=$W/$name/root out=$W/$name/kdump
	rm -rf "$out" "$x/vie-stale"/* "$x/boot"/*
	mkdir -p "$out"
	# Stale samples: this kernel's live boot, another distribution kernel's.
	[ -n "${LIVE_SAVED[$name]:-}" ] && cp "${LIVE_SAVED[$name]}" "$x/vie-stale/other-boot-same-kernel"
	for o in "${ready[@]}"; do
		[ "$o" != "$name" ] && [ -n "${LIVE_SAVED[$o]:-}" ] &&
			{ cp "${LIVE_SAVED[$o]}" "$x/vie-stale/other-kernel"; break; }
	done
	VIE_KO=$(ls "$W/$name/dkms/modules/$rel/updates/dkms/vmcoreinfo_ext.ko"* | head -n 1)
	export VIE_KO
	VIE_EXTRA_ROOT=$x vie_initramfs "$out/crash.cpio.gz" "$rel"
	cp "$b/bzImage" "$x/boot/vmlinuz"
	cp "$out/crash.cpio.gz" "$x/boot/crash.cpio.gz"
	VIE_EXTRA_ROOT=$x vie_initramfs "$out/first.cpio.gz" "$rel"
	unset VIE_KO
	rm -f "$x/boot"/*
	disks=
	for d in vda vdb vdc; do
		truncate -s 0 "$out/$d.img"
		truncate -s 1G "$out/$d.img"
		disks="$disks -drive file=$out/$d.img,format=raw,if=none,id=$d -device virtio-blk-pci,drive=$d"
	done
	VIE_MEM=1536 VIE_QEMU_EXTRA="$disks" VIE_INITRD=$out/first.cpio.gz \
		boot "$name" kdump "$paging" 600 vie.suite=kdump crashkernel=384M
	rc=$?
	res=$VIE_WORK/distro-$name-kdump-l$paging.result.txt
	python3 "$VIE_TOP/tests/qemu/extract.py" "$res" "$out"
	if [ $rc = 0 ]; then
		vie_readback "$out" "$res" || rc=1
		vie_truth_check "$out" "$res" || rc=1
		# The dump amended in the crash kernel (vdc), and the same
		# with amend undone: what makedumpfile wrote.
		size=$(sed -n 's/^dump-file-size //p' "$out/records")
		vie=$VIE_TOP/userspace/build/vmcoreinfo-ext
		if [ -n "$size" ]; then
			head -c "$size" "$out/vdc.img" >"$out/amended.kdump"
			cp "$out/amended.kdump" "$out/undone.kdump"
			"$vie" amend --undo "$out/undone.kdump" >"$out/undo.log" 2>&1 ||
				echo "not ok - host: amend --undo of the amended dump: $(tail -n 1 "$out/undo.log")" >>"$res"
			d=()
			[ -z "$drgn_why" ] && d=(--drgn "$VIE_DRGN" --build-id "$(cat "$W/$name/expected/build-id")")
			/usr/bin/python3 "$VIE_TOP/tests/qemu/consumers.py" --reader "$vie" --saved "$out/saved" \
				--kind kdump "${d[@]}" "$out/amended.kdump" "$out/undone.kdump" "$out/consumers" \
				>"$out/consumers.log" 2>&1 ||
				{ grep -q '^not ok' "$out/consumers.log" ||
					echo "not ok - host: consumers.py failed: $(tail -n 1 "$out/consumers.log")" >>"$res"; }
			sed 's/^\(not \)\{0,1\}ok - /&host: /' "$out/consumers.log" >>"$res"
			# verify: the amended dump complete, with what amend added
			# (BUILD-ID among it: neither kernel has it), the original
			# not.
			vie_verify_is "$res" "$out/amended.kdump" 0 \
				"complete: .* added by amend (.*), amend also added BUILD-ID; amend record intact"
			vie_verify_is "$res" "$out/undone.kdump" 1 \
				"incomplete: .*; missing .*NUMBER(page_offset_base).*; not amended"
		else
			echo "not ok - host: the crash kernel sent no amended dump" >>"$res"
		fi
	fi
	verdict "distro-$name-kdump-l$paging" "$res" \
		"[kdump] $name ($rel) KASLR on, $(mode "$name" "$paging"), crashkernel=384M: $(($(date +%s) - t0)) s" $rc
	grep -E '^# (other|saved|vmcoreinfo-ext-makedumpfile)|^ok - host: (vmcoreinfo-ext|the dump)' "$res" | sed 's/^/    /'
	[ -n "${VIE_KEEP_DUMPS:-}" ] || rm -f "$out"/*.img "$out"/*.kdump "$out"/*.elf "$out"/consumers/*.kdump
done
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
