# SPDX-License-Identifier: GPL-2.0
# The arm64 side of lib.sh (source lib.sh first): Debian's arm64 kernels,
# unpacked by scripts/install-deps-arm64.sh, the module cross-built against
# their headers, arm64 initramfs assembly and one qemu-system-aarch64 boot
# (TCG), under the same lock as the x86_64 boots.

VIE_ARM64_DIR=${VIE_ARM64_DIR:-/var/lib/vmcoreinfo-ext-deps/arm64}
VIE_ARM64_SYSROOT=$VIE_ARM64_DIR/sysroot
VIE_ARM64_CROSS=aarch64-linux-gnu-

# "label kver" for each arm64 kernel under test (6.1, 5.10).
vie_arm64_kernels() {
	cat "$VIE_ARM64_DIR/kernels" 2>/dev/null
}

# Where kernel $1's image, modules and headers are unpacked.
vie_arm64_kroot() {
	echo "$VIE_ARM64_DIR/kernel-$1"
}

# What the arm64 tests need and may be missing: one line naming each.
vie_arm64_missing() {
	local t k
	for t in qemu-system-aarch64 "${VIE_ARM64_CROSS}gcc" "${VIE_ARM64_CROSS}readelf"; do
		command -v "$t" >/dev/null || echo "$t (scripts/install-deps.sh)"
	done
	[ -s "$VIE_ARM64_DIR/kernels" ] ||
		echo "Debian's arm64 kernels in $VIE_ARM64_DIR (scripts/install-deps.sh)"
	for k in 6.1 5.10; do
		vie_arm64_kernels | grep -q "^$k " ||
			echo "Debian's arm64 $k kernel (scripts/install-deps.sh)"
	done
	for t in bin/busybox bin/kmod sbin/kexec usr/bin/makedumpfile; do
		[ -e "$VIE_ARM64_SYSROOT/$t" ] ||
			echo "arm64 /$t in $VIE_ARM64_SYSROOT (scripts/install-deps.sh)"
	done
}

# vie_arm64_build_module KVER DIR [MAKE-ARGS...]: the W=1 cross build of
# this tree's module against Debian's arm64 headers for KVER (log in
# DIR.log), as DKMS would build it on an arm64 machine.  The headers'
# .kernelvariables name the compiler the kernel was built with
# (gcc-10 for 5.10, gcc-12 for 6.1); Debian 12 has the aarch64 cross gcc
# 12 only, so CC is given.  Fails on any compiler or modpost warning.
vie_arm64_build_module() {
	local kver=$1 dir=$2
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$VIE_TOP/Kbuild" "$VIE_TOP/dkms.conf" "$VIE_TOP/module" "$dir/"
	make -C "$(vie_arm64_kroot "$kver")/usr/src/linux-headers-$kver" M="$dir" W=1 \
		ARCH=arm64 CROSS_COMPILE=$VIE_ARM64_CROSS CC=${VIE_ARM64_CROSS}gcc \
		"$@" modules >"$dir.log" 2>&1 &&
		! grep -qi 'warning:' "$dir.log" && [ -f "$dir/vmcoreinfo_ext.ko" ]
}

vie_arm64_build_guest_probe() {
	"${VIE_ARM64_CROSS}gcc" -std=gnu11 -Wall -Wextra -Werror -O2 -static \
		-o "$VIE_WORK/guest-probe-arm64" "$VIE_TOP/tests/qemu/guest-probe.c"
}

# The reader, static, for aarch64 (its own build directory).
vie_arm64_build_reader() {
	make -s -C "$VIE_TOP/userspace" B=build/aarch64 CC="${VIE_ARM64_CROSS}gcc" static
}

# vie_arm64_add_bin ROOT PATH: copy the arm64 program PATH (inside the
# unpacked sysroot) to ROOT, with the shared libraries it needs (DT_NEEDED,
# recursively, looked up in the sysroot) and its ELF interpreter.
vie_arm64_add_bin() {
	local root=$1 bin=$2 todo need lib d found f
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$VIE_ARM64_SYSROOT$bin" "$root$bin"
	todo=$bin
	while [ -n "$todo" ]; do
		set -- $todo
		todo=
		for f in "$@"; do
			for need in $("${VIE_ARM64_CROSS}readelf" -d "$VIE_ARM64_SYSROOT$f" 2>/dev/null |
				sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
				found=
				for d in /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu /lib /usr/lib; do
					if [ -e "$VIE_ARM64_SYSROOT$d/$need" ]; then
						found=$d/$need
						break
					fi
				done
				[ -n "$found" ] || { echo "vie_arm64_add_bin: $need (for $f) not in $VIE_ARM64_SYSROOT" >&2; return 1; }
				[ -e "$root$found" ] && continue
				mkdir -p "$root$(dirname "$found")"
				cp -L "$VIE_ARM64_SYSROOT$found" "$root$found"
				todo="$todo $found"
			done
		done
	done
	lib=$("${VIE_ARM64_CROSS}readelf" -l "$VIE_ARM64_SYSROOT$bin" |
		sed -n 's/.*interpreter: \([^]]*\)].*/\1/p')
	if [ -n "$lib" ] && [ ! -e "$root$lib" ]; then
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$VIE_ARM64_SYSROOT$lib" "$root$lib"
	fi
}

# vie_arm64_initramfs OUT KVER KO [MODULE...]: busybox and kmod (arm64),
# guest-probe, the module KO as /lib/modules/KVER/extra/vmcoreinfo_ext.ko,
# the named kernel modules with their dependencies, the guest scripts and
# whatever is in $VIE_EXTRA_ROOT.
vie_arm64_initramfs() {
	local out=$1 kver=$2 ko=$3 root kroot m
	shift 3
	kroot=$(vie_arm64_kroot "$kver")
	root=$(mktemp -d "$VIE_WORK/root-arm64.XXXXXX")
	mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,mnt,lib/modules/"$kver"/extra}
	cp "$VIE_ARM64_SYSROOT/bin/busybox" "$root/bin/busybox"
	vie_arm64_add_bin "$root" /bin/kmod || { rm -rf "$root"; return 1; }
	for m in modprobe insmod rmmod lsmod modinfo depmod; do
		ln -s /bin/kmod "$root/sbin/$m"
	done
	cp "$VIE_WORK/guest-probe-arm64" "$root/bin/guest-probe"
	cp "$ko" "$root/lib/modules/$kver/extra/vmcoreinfo_ext.ko"
	vie_initramfs_pack "$root" "$out" "$kver" "$kroot" "$@"
}

# vie_arm64_qemu OUT KERNEL INITRD MEM TIMEOUT APPEND [QEMU-ARGS...]: one
# qemu-system-aarch64 guest (virt, TCG, -cpu max with the cheap
# implementation-defined pointer authentication), one at a time on this
# machine, under vie_qemu's lock.  virt has one UART (ttyAMA0: the
# console, OUT.console); the guest's reports go to a PCI 16550 (ttyS0 in
# the guest, vie.port=ttyS0), OUT.result and, without CRs, OUT.result.txt.
# QEMU's virt board puts a kaslr-seed in the device tree's /chosen, so the
# kernel randomises itself unless told nokaslr.  Returns QEMU's status
# (124: timeout).
vie_arm64_qemu() {
	local out=$1 kernel=$2 initrd=$3 mem=$4 tmo=$5 append=$6
	shift 6
	vie_qemu_run "$out" "$tmo" \
		qemu-system-aarch64 -machine virt -cpu max,pauth-impdef=on -m "$mem" -smp 1 \
		-kernel "$kernel" -initrd "$initrd" -append "$append" \
		-display none -no-reboot -monitor none \
		-serial "file:$out.console" \
		-chardev "file,id=vieresult,path=$out.result" -device pci-serial,chardev=vieresult \
		"$@"
}

# vie_arm64_boot NAME KVER INITRD KASLR(on|off) TIMEOUT [CMDLINE...]: boots
# once into $VIE_WORK/NAME.*; $VIE_QEMU_EXTRA holds more QEMU arguments.
# Passes on the same terms as an x86_64 boot (vie_verdict in lib.sh).
vie_arm64_boot() {
	local name=$1 kver=$2 initrd=$3 kaslr=$4 tmo=$5 append id
	local out=$VIE_WORK/$1
	shift 5
	id=$(vie_boot_id)
	append="console=ttyAMA0 panic=-1 oops=panic panic_on_warn=1 vie.port=ttyS0 vie.console=ttyAMA0 vie.boot=$id vie.kaslr=$kaslr $*"
	[ "$kaslr" = off ] && append="$append nokaslr"
	# shellcheck disable=SC2086
	vie_arm64_qemu "$out" "$(vie_arm64_kroot "$kver")/boot/vmlinuz-$kver" "$initrd" \
		"${VIE_MEM:-512}" "$tmo" "$append" ${VIE_QEMU_EXTRA:-}
	vie_verdict "$out" $? "$tmo" "$id"
}
