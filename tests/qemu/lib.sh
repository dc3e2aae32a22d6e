# SPDX-License-Identifier: GPL-2.0
# Shared by the QEMU test drivers and the demo: the kernels under test, DKMS,
# initramfs assembly and one QEMU boot.  Source it; needs root.

VIE_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VIE_WORK=${VIE_WORK:-$VIE_TOP/build/qemu}
VIE_VERSION=$(sed -n 's/^PACKAGE_VERSION="*\([^"]*\)"*$/\1/p' "$VIE_TOP/dkms.conf")
VIE_BAD_CONSOLE='BUG:|WARNING:|Oops|Call Trace|general protection'
mkdir -p "$VIE_WORK"
. "$VIE_TOP/tests/qemu/guest/merge.sh"

vie_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The kernel release a Debian meta package points at, if the package is
# installed (not merely known to dpkg, e.g. removed with its config kept).
vie_meta_kver() {
	dpkg-query -W -f='${Status}|${Depends}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed|//p' |
		tr ',' '\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p' | head -n 1
}

# The kernels under test, in one place: "LABEL HOW", HOW being the Debian
# meta package whose dependency names the release (meta:PACKAGE) or the
# file scripts/install-deps.sh writes the release to (stamp:FILE).  Every
# suite expects all of them: one that is not installed is a failure that
# names it, never a kernel quietly left out.  (scripts/install-deps.sh
# installs them; this list is deliberately not derived from it, so that a
# kernel dropped there turns the tests red.)
VIE_EXPECTED_KERNELS=(
	"6.1 meta:linux-image-amd64"
	"6.1-cloud meta:linux-image-cloud-amd64"
	"6.12 meta:linux-image-6.12-amd64"
	"5.10 stamp:/var/lib/vmcoreinfo-ext-deps/bullseye-5.10"
)

# "LABEL KVER" for each expected kernel that is installed, "LABEL - WHY"
# for each that is not, in the order above.
vie_kernel_set() {
	local e label how k
	for e in "${VIE_EXPECTED_KERNELS[@]}"; do
		read -r label how <<<"$e"
		case $how in
		meta:*)
			k=$(vie_meta_kver "${how#meta:}")
			[ -n "$k" ] || { echo "$label - ${how#meta:} is not installed"; continue; } ;;
		stamp:*)
			k=$(cat "${how#stamp:}" 2>/dev/null)
			[ -n "$k" ] || { echo "$label - no release in ${how#stamp:} (scripts/install-deps.sh writes it)"; continue; } ;;
		esac
		if [ ! -e "/boot/vmlinuz-$k" ]; then
			echo "$label - /boot/vmlinuz-$k is missing (${how#*:} names $k)"
			continue
		fi
		echo "$label $k"
	done
}

# "LABEL KVER" for every expected kernel that is installed.
vie_kernels() { vie_kernel_set | awk '$2 != "-"'; }

# "LABEL WHY" for every expected kernel that is not installed.
vie_kernels_missing() { vie_kernel_set | awk '$2 == "-" { $2 = ""; sub(/  /, " "); print }'; }

# The labels of the expected kernels.
vie_kernel_labels() { printf '%s\n' "${VIE_EXPECTED_KERNELS[@]}" | awk '{ print $1 }'; }

# Register this tree with DKMS (fresh, so a stale copy of the same version
# is never built) and build + install the module for each given kernel.
# Suites that run side by side (make check's two QEMU lanes) share the
# machine's DKMS tree: one at a time (a lock).  While the tree registered
# is exactly this one (the sha256 of dkms.conf, Kbuild and module/, kept
# in DKMS's directory), a kernel it was already installed for is left as
# it is, so that a suite never rebuilds a module another one is copying
# into an initramfs; another tree is removed and this one added afresh.
vie_dkms_install() {
	local src=/usr/src/vmcoreinfo_ext-$VIE_VERSION k sum f rc=0 fresh=
	local stamps=/var/lib/dkms/vmcoreinfo_ext/.vie-tree
	sum=$(cd "$VIE_TOP" && find dkms.conf Kbuild module -type f -print0 | sort -z |
		xargs -0 sha256sum | sha256sum | cut -c1-32)
	exec 8>"${VIE_DKMS_LOCK:-/tmp/vie-dkms.lock}"
	flock 8
	# Another tree registered (or none): start afresh.
	[ "$(cat "$stamps" 2>/dev/null)" = "$sum" ] && [ -d "$src" ] &&
		dkms status "vmcoreinfo_ext/$VIE_VERSION" 2>/dev/null | grep -q . || fresh=1
	if [ -n "$fresh" ]; then
		dkms remove "vmcoreinfo_ext/$VIE_VERSION" --all >/dev/null 2>&1 || true
		rm -rf "$src"
		mkdir -p "$src"
		cp -r "$VIE_TOP/dkms.conf" "$VIE_TOP/Kbuild" "$VIE_TOP/module" "$src/"
		dkms add "vmcoreinfo_ext/$VIE_VERSION" >/dev/null || rc=1
		[ $rc = 0 ] && echo "$sum" >"$stamps"
		rm -f "$stamps"-*
	fi
	for k in "$@"; do
		[ $rc = 0 ] || break
		f=$stamps-$k
		[ -n "$(vie_installed_ko "$k")" ] && [ -e "$f" ] && continue
		dkms build -k "$k" "vmcoreinfo_ext/$VIE_VERSION" >"$VIE_WORK/dkms-build-$k.log" 2>&1 ||
			{ cat "$VIE_WORK/dkms-build-$k.log" >&2; rc=1; break; }
		dkms install -k "$k" --force "vmcoreinfo_ext/$VIE_VERSION" \
			>"$VIE_WORK/dkms-install-$k.log" 2>&1 ||
			{ cat "$VIE_WORK/dkms-install-$k.log" >&2; rc=1; break; }
		: >"$f"
	done
	flock -u 8
	exec 8>&-
	return $rc
}

# The .ko DKMS installed for kernel $1.
vie_installed_ko() {
	ls "/lib/modules/$1/updates/dkms/vmcoreinfo_ext.ko"* 2>/dev/null | head -n 1
}

# Copy a dynamically linked program and the libraries it needs into $1.
vie_add_bin() {
	mkdir -p "$1$(dirname "$2")"
	cp -L "$2" "$1$2"
	vie_add_libs "$1" "$2"
}

# vie_add_libs ROOT FILE: the shared libraries FILE (a program or a
# library) needs, into ROOT at their paths.
vie_add_libs() {
	local root=$1 lib
	for lib in $(ldd "$2" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# vie_initramfs OUT KVER [MODULE...]: busybox, kmod, guest-probe, the
# DKMS-installed vmcoreinfo_ext ($VIE_KO, else the one in
# /lib/modules/KVER/updates/dkms) and the named kernel modules (with their
# dependencies), the guest scripts, and whatever is in the directories
# $VIE_EXTRA_ROOT names.
vie_initramfs() {
	local out=$1 kver=$2 root m ko
	shift 2
	root=$(mktemp -d "$VIE_WORK/root.XXXXXX")
	mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,mnt,lib/modules/"$kver"}
	cp /bin/busybox "$root/bin/busybox"
	vie_add_bin "$root" /usr/bin/kmod
	for m in modprobe insmod rmmod lsmod modinfo depmod; do
		ln -s /usr/bin/kmod "$root/sbin/$m"
	done
	cp "$VIE_WORK/guest-probe" "$root/bin/guest-probe"
	# VIE_KO: the module DKMS built elsewhere (a private DKMS tree, for
	# a kernel this machine does not have in /lib/modules).
	ko=${VIE_KO:-$(vie_installed_ko "$kver")}
	[ -n "$ko" ] && [ -f "$ko" ] || { rm -rf "$root"; vie_die "no DKMS-installed vmcoreinfo_ext for $kver"; }
	mkdir -p "$root/lib/modules/$kver/updates/dkms"
	cp "$ko" "$root/lib/modules/$kver/updates/dkms/"
	vie_initramfs_pack "$root" "$out" "$kver" "" "$@"
}

# vie_initramfs_pack ROOT OUT KVER KROOT [MODULE...]: the part of an
# initramfs both architectures share.  Adds the named kernel modules with
# their dependencies (from KROOT/lib/modules/KVER; KROOT "" = this
# machine), the modules.* lists, depmod, the guest scripts and
# $VIE_EXTRA_ROOT to the tree ROOT, packs it as the gzipped cpio OUT and
# removes ROOT.
vie_initramfs_pack() {
	local root=$1 out=$2 kver=$3 kroot=$4 m f
	shift 4
	for m in "$@"; do
		for f in $(modprobe ${kroot:+-d "$kroot"} -S "$kver" --show-depends "$m" |
			awk '$1 == "insmod" { print $2 }'); do
			mkdir -p "$(dirname "$root${f#"$kroot"}")"
			cp "$f" "$root${f#"$kroot"}"
		done
	done
	# (Empty for a kernel this machine has no /lib/modules of.)
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		if [ -e "$kroot/lib/modules/$kver/$f" ]; then
			cp "$kroot/lib/modules/$kver/$f" "$root/lib/modules/$kver/"
		else
			: >"$root/lib/modules/$kver/$f"
		fi
	done
	depmod -b "$root" "$kver"
	cp "$VIE_TOP"/tests/qemu/guest/* "$root/"
	chmod 755 "$root/init"
	# VIE_EXTRA_ROOT: one or more directories (space-separated).
	for f in ${VIE_EXTRA_ROOT:-}; do
		cp -a "$f"/. "$root/"
	done
	# The archive's "." becomes the guest's / (mode included): mktemp -d
	# made it 0700, which would deny every non-root lookup in the guest.
	chmod 755 "$root"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$root"
}

# The paging mode kernel $1 runs in on a CPU offering $2-level paging: a
# kernel built without CONFIG_X86_5LEVEL (Debian 11's 5.10) stays 4-level.
# Its config: /boot/config-$1, or $VIE_KERNEL_CONFIG.
vie_paging() {
	if [ "$2" = 5 ] && grep -q '^CONFIG_X86_5LEVEL=y' "${VIE_KERNEL_CONFIG:-/boot/config-$1}"; then
		echo 5
	else
		echo 4
	fi
}

# vie_qemu OUT KERNEL INITRD CPU MEM TIMEOUT APPEND [QEMU-ARGS...]: one
# guest, one at a time on this machine (2 cores, TCG: wait for the lock).
# The console goes to OUT.console, the second serial port (the guest's
# reports) to OUT.result and, without CRs, OUT.result.txt; QEMU's own
# messages to OUT.qemu.  Every output of an earlier run is removed first,
# so nothing read afterwards can come from another boot.  Returns QEMU's
# status (124: timeout).  Used by vie_boot and by tests/distro.
vie_qemu() {
	local out=$1 kernel=$2 initrd=$3 cpu=$4 mem=$5 tmo=$6 append=$7
	shift 7
	vie_qemu_run "$out" "$tmo" \
		qemu-system-x86_64 -machine q35 -cpu "$cpu" -m "$mem" -smp 1 \
		-kernel "$kernel" -initrd "$initrd" -append "$append" \
		-display none -no-reboot -monitor none \
		-serial "file:$out.console" -serial "file:$out.result" "$@"
}

# vie_qemu_run OUT TIMEOUT QEMU-COMMAND...: what every boot shares (the
# x86_64 and arm64 runners): no output of an earlier run left behind, one
# guest at a time on this machine (2 cores, TCG: wait for the lock), QEMU's
# own messages in OUT.qemu, the result port without CRs in OUT.result.txt.
vie_qemu_run() {
	local out=$1 tmo=$2 rc
	shift 2
	rm -f "$out.console" "$out.console.txt" "$out.result" "$out.result.txt" "$out.qemu"
	flock "${VIE_QEMU_LOCK:-/tmp/vie-qemu.lock}" timeout "$tmo" "$@" >"$out.qemu" 2>&1
	rc=$?
	if [ -e "$out.result" ]; then
		tr -d '\r' <"$out.result" >"$out.result.txt"
	else
		: >"$out.result.txt"
	fi
	return $rc
}

# vie_console_bad CONSOLE: the first kernel message that must not appear.
# A kdump test crashes on purpose: its panic, from the guest's
# VIE-CRASH-NOW (VD-CRASH-NOW in tests/distro) marker to the crash
# kernel's banner, is expected.
vie_console_bad() {
	awk '/(VIE|VD)-CRASH-NOW/ { skip = 1 } /Linux version/ { skip = 0 } !skip' "$1" |
		grep -Em1 "$VIE_BAD_CONSOLE"
}

# vie_tally FILE: "PASSED FAILED SKIPPED", the check lines of a result
# file: "ok ..." lines that are not "# SKIP", "not ok ..." lines, and
# "ok ... # SKIP ..." lines.  Every QEMU summary counts these units.
# vie_readback OUT RESULT-FILE: after a kdump round trip, rebuild the two
# flattened dumps the crash kernel wrote through vmcoreinfo-ext-makedumpfile
# to OUT/vda.img (kdump-compressed, amended on its way) and OUT/vdb.img
# (ELF, passed through) with makedumpfile -R, read each one's note with
# vmcoreinfo-ext and compare it with what it must be, built without
# vmcoreinfo-ext: OUT/vmcore-note (/proc/vmcore's note as guest-probe read
# it in the crash kernel) for the ELF dump; for the kdump-compressed one,
# that note followed by each line of the saved file (BUILD-ID, NUMBER())
# it lacks (OUT/expect-kdump).  Appends a check line per dump; returns 1
# if one failed.
vie_readback() {
	local out=$1 res=$2 kind disk want what rc=0
	grep '^BUILD-ID=\|^NUMBER(' "$out/saved" >"$out/saved-lines" 2>/dev/null
	expected_merge "$out/vmcore-note" "$out/saved-lines" >"$out/expect-kdump"
	for kind in kdump elf; do
		disk=vda want=$out/expect-kdump what="/proc/vmcore's note + the saved lines it lacks (amended on its way)"
		[ $kind = elf ] && disk=vdb want=$out/vmcore-note what="/proc/vmcore's note as guest-probe read it (passed through)"
		if ! makedumpfile -R "$out/dump.$kind" <"$out/$disk.img" >"$out/rebuild-$kind.log" 2>&1; then
			echo "not ok - host: makedumpfile -R ($kind) failed: $(tail -n 1 "$out/rebuild-$kind.log")" >>"$res"
			rc=1; continue
		fi
		"$VIE_TOP/userspace/build/vmcoreinfo-ext" "$out/dump.$kind" >"$out/readback-$kind" 2>"$out/readback-$kind.err"
		if cmp -s "$out/readback-$kind" "$want"; then
			echo "ok - host: vmcoreinfo-ext dump.$kind ($(file -b "$out/dump.$kind" | cut -d, -f1-2)) = $what ($(stat -c %s "$out/dump.$kind") bytes)" >>"$res"
		else
			echo "not ok - host: vmcoreinfo-ext dump.$kind is not $what: $(head -c 200 "$out/readback-$kind.err")" >>"$res"
			diff "$want" "$out/readback-$kind" | head -n 5 | sed 's/^/    /' >>"$res"
			rc=1
		fi
	done
	return $rc
}

# vie_truth_check OUT RESULT-FILE: after vie_readback, the dump's
# NUMBER(page_offset_base) (OUT/readback-kdump) and the saved value equal
# the crashed kernel's variable, which the first kernel read through
# /proc/kallsyms and /proc/kcore (guest/suite-kdump.sh: "truth" record).
vie_truth_check() {
	local out=$1 res=$2 truth dump saved
	truth=$(sed -n 's/^truth //p' "$out/records" | grep '^NUMBER(page_offset_base)=')
	dump=$(grep '^NUMBER(page_offset_base)=' "$out/readback-kdump" 2>/dev/null)
	saved=$(grep '^NUMBER(page_offset_base)=' "$out/saved" 2>/dev/null)
	if [ -n "$truth" ] && [ "$dump" = "$truth" ] && [ "$saved" = "$truth" ]; then
		echo "ok - host: the dump's $dump = the crashed kernel's variable (kallsyms + /proc/kcore) = the saved value" >>"$res"
		return 0
	fi
	echo "not ok - host: page_offset_base: the crashed kernel's variable '${truth#*=}', the dump's '${dump#*=}', the saved '${saved#*=}'" >>"$res"
	return 1
}

# vie_verify_is RESULT-FILE DUMP RC REGEX [stdin]: "vmcoreinfo-ext
# verify DUMP" (DUMP on standard input with "stdin") exits RC with one
# line matching REGEX (grep's basic regex); a check line in RESULT-FILE.
# Returns 1 if not.
vie_verify_is() {
	local res=$1 dump=$2 want=$3 re=$4 v vrc
	if [ -n "${5:-}" ]; then
		v=$("$VIE_TOP/userspace/build/vmcoreinfo-ext" verify - <"$dump" 2>&1)
	else
		v=$("$VIE_TOP/userspace/build/vmcoreinfo-ext" verify "$dump" 2>&1)
	fi
	vrc=$?
	if [ $vrc = "$want" ] && [ "$(echo "$v" | wc -l)" = 1 ] && echo "$v" | grep -q "$re"; then
		echo "ok - host: verify: $(echo "$v" | sed 's|^[^ ]*/||')" >>"$res"
		return 0
	fi
	echo "not ok - host: verify $dump${5:+ (standard input)}, want exit $want and '$re', got exit $vrc: $v" >>"$res"
	return 1
}

vie_tally() {
	awk '/^ok .*# SKIP/ { s++; next } /^ok / { p++; next } /^not ok/ { f++ }
		END { print p + 0, f + 0, s + 0 }' "$1"
}

# vie_boot NAME KVER INITRD PAGING(4|5) KASLR(on|off) TIMEOUT [CMDLINE...]
# PAGING is what the virtual CPU offers (5: -cpu max with LA57); the guest
# is told which mode the kernel must end up in (vie.paging=, see above).
# Boots once, with vie_qemu, into $VIE_WORK/NAME.*; $VIE_QEMU_EXTRA holds
# more QEMU arguments; the kernel is /boot/vmlinuz-KVER, or the image
# $VIE_KERNEL_IMAGE (whose config is $VIE_KERNEL_CONFIG) names.  Returns 0 if QEMU exited 0, the console is there
# and clean, and the last VIE-RESULT line on the result port is a PASS
# carrying this boot's id (vie.boot=, new for every boot) whose counts
# match the check lines the guest sent.  Otherwise returns 1 and the
# result file has at least one "not ok - boot: ..." line saying why.
vie_boot() {
	local name=$1 kver=$2 initrd=$3 paging=$4 kaslr=$5 tmo=$6 cpu append rc bad id last
	local out=$VIE_WORK/$1
	shift 6
	cpu=max
	[ "$paging" = 4 ] && cpu=max,la57=off
	id=$(vie_boot_id)
	append="console=ttyS0 panic=-1 oops=panic panic_on_warn=1 vie.boot=$id vie.paging=$(vie_paging "$kver" "$paging") vie.kaslr=$kaslr $*"
	[ "$kaslr" = off ] && append="$append nokaslr"
	# shellcheck disable=SC2086
	vie_qemu "$out" "${VIE_KERNEL_IMAGE:-/boot/vmlinuz-$kver}" "$initrd" "$cpu" "${VIE_MEM:-512}" "$tmo" \
		"$append" ${VIE_QEMU_EXTRA:-}
	vie_verdict "$out" $? "$tmo" "$id"
}

# vie_boot_id: a new id for one boot (vie.boot= on its command line).
vie_boot_id() { echo "$(date +%s%N)-$$-$RANDOM"; }

# vie_verdict OUT QEMU-STATUS TIMEOUT ID: did the boot into OUT pass?
# Only if QEMU exited 0, the console is there and clean, and the last
# VIE-RESULT line is this boot's (ID), says PASS and counts what arrived.
# Every reason for a failure is added to OUT.result.txt as "not ok - boot:".
vie_verdict() {
	local out=$1 rc=$2 tmo=$3 id=$4 bad last got want
	local res=$out.result.txt
	if [ "$rc" = 124 ]; then
		echo "not ok - boot: timeout after ${tmo}s" >>"$res"
		return 1
	fi
	if [ "$rc" != 0 ]; then
		echo "not ok - boot: QEMU exited $rc: $(grep -v '^$' "$out.qemu" | tail -n 1)" >>"$res"
		return 1
	fi
	if [ ! -s "$out.console" ]; then
		echo "not ok - boot: no console output ($out.console missing or empty)" >>"$res"
		return 1
	fi
	bad=$(vie_console_bad "$out.console")
	if [ -n "$bad" ]; then
		echo "not ok - boot: console: $bad" >>"$res"
		return 1
	fi
	last=$(grep '^VIE-RESULT ' "$res" | tail -n 1)
	case $last in
	'')
		echo "not ok - boot: no VIE-RESULT line on the result port" >>"$res"
		return 1 ;;
	*" boot=$id") ;;
	*)
		echo "not ok - boot: the last VIE-RESULT is not from this boot (want boot=$id): $last" >>"$res"
		return 1 ;;
	esac
	# The guest's own counts must match the lines that arrived, from the
	# last kernel's VIE-BOOT line on (a kdump test has two kernels).
	got=$(awk -v id="$id" '$0 == "VIE-BOOT " id { n = NR } { l[NR] = $0 }
		END { for (i = n; i <= NR; i++) print l[i] }' "$res" | vie_tally /dev/stdin)
	want=$(echo "$last" | awk '{ print $3, $4, $5 }')
	if [ "$got" != "$want" ]; then
		echo "not ok - boot: the guest counted $want (passed failed skipped), the host received $got: $last" >>"$res"
		return 1
	fi
	case $last in
	"VIE-RESULT PASS "*) return 0 ;;
	esac
	grep -q '^not ok' "$res" ||
		echo "not ok - boot: the guest reported $last" >>"$res"
	return 1
}

# vie_build_module KVER DIR [MAKE-ARGS...]: W=1 out-of-tree build of this
# tree's module in DIR (log in DIR.log).  Fails on any compiler warning or
# modpost WARNING.
vie_build_module() {
	local kver=$1 dir=$2
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$VIE_TOP/Kbuild" "$VIE_TOP/dkms.conf" "$VIE_TOP/module" "$dir/"
	make -C "/lib/modules/$kver/build" M="$dir" W=1 "$@" modules >"$dir.log" 2>&1 &&
		! grep -qi 'warning:' "$dir.log" && [ -f "$dir/vmcoreinfo_ext.ko" ]
}

# vie_vmlinux_notes KVER|IMAGE DIR: the ground truth for BUILD-ID, from
# the kernel image the tests boot, read with binutils alone: vmlinux is
# decompressed from /boot/vmlinuz-KVER, or from IMAGE when a path is
# given (the payload the bzImage setup header points at, boot protocol
# 2.08+: xz, zstd, lz4 (the cloud flavour), less the 4-byte size the
# kernel appends, or gzip (Ubuntu's), whose trailer is that size), then DIR/notes is its .notes section (objcopy: what
# /sys/kernel/notes shows) and DIR/build-id what readelf -n prints.
vie_vmlinux_notes() {
	local f=/boot/vmlinuz-$1 dir=$2 setup po pl start magic v rc=0
	case $1 in /*) f=$1 ;; esac
	mkdir -p "$dir"
	v=$(mktemp "$VIE_WORK/vmlinux.XXXXXX")
	setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$f" | tr -d ' ')
	[ "$setup" = 0 ] && setup=4
	po=$(od -An -tu4 -j $((0x248)) -N4 "$f" | tr -d ' ')
	pl=$(od -An -tu4 -j $((0x24c)) -N4 "$f" | tr -d ' ')
	start=$(( (setup + 1) * 512 + po ))
	magic=$(tail -c +$((start + 1)) "$f" | head -c 4 | od -An -tx1 | tr -d ' \n')
	case $magic in
	fd377a58) tail -c +$((start + 1)) "$f" | head -c $((pl - 4)) |
		xz -dc --single-stream >"$v" ;;
	28b52ffd) tail -c +$((start + 1)) "$f" | head -c $((pl - 4)) |
		zstd -dcq >"$v" ;;
	02214c18) tail -c +$((start + 1)) "$f" | head -c $((pl - 4)) |
		lz4 -dcq >"$v" ;;
	# gzip's own trailer ends in the size: nothing appended to cut.
	1f8b*) tail -c +$((start + 1)) "$f" | head -c "$pl" |
		gzip -dcq >"$v" ;;
	*) echo "vie_vmlinux_notes: $f: payload of unknown compression ($magic)" >&2
		rm -f "$v"; return 1 ;;
	esac
	objcopy -O binary --only-section=.notes "$v" "$dir/notes" &&
		readelf -n "$v" | sed -n 's/^ *Build ID: //p' >"$dir/build-id" &&
		[ -s "$dir/notes" ] && [ -s "$dir/build-id" ] || rc=1
	rm -f "$v"
	[ $rc = 0 ] || echo "vie_vmlinux_notes: no .notes or build ID in the vmlinux of $f" >&2
	return $rc
}

# The newest drgn, for the tests: ../shared/drgn beside the project holds
# a release built for this machine's Debian (its README).  Unpacked once
# into build/drgn (again when the tarball changes); VIE_DRGN is then the
# PYTHONPATH that imports it with /usr/bin/python3.  A missing tarball, or
# one that does not import, is an error naming it: the checks that need
# drgn fail, never skip.
VIE_DRGN_TARBALL=${VIE_DRGN_TARBALL:-$VIE_TOP/../shared/drgn/drgn-0.2.0-debian12-x86_64.tar.xz}
vie_drgn_unpack() {
	local dir=$VIE_TOP/build/drgn sum
	[ -f "$VIE_DRGN_TARBALL" ] ||
		{ echo "drgn 0.2.0: $VIE_DRGN_TARBALL is missing"; return 1; }
	sum=$(sha256sum <"$VIE_DRGN_TARBALL" | cut -c1-16)
	if [ "$(cat "$dir/.sum" 2>/dev/null)" != "$sum" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -C "$dir" -xJf "$VIE_DRGN_TARBALL" ||
			{ echo "drgn 0.2.0: $VIE_DRGN_TARBALL does not unpack"; return 1; }
		echo "$sum" >"$dir/.sum"
	fi
	VIE_DRGN=$(ls -d "$dir"/*/ 2>/dev/null | head -n 1)
	VIE_DRGN=${VIE_DRGN%/}
	local v
	v=$(PYTHONPATH=$VIE_DRGN /usr/bin/python3 -c 'import drgn; print(drgn.__version__)' 2>&1) ||
		{ echo "drgn 0.2.0 from $VIE_DRGN_TARBALL does not import: $(echo "$v" | tail -n 1)"; return 1; }
	case $v in 0.2.*) ;; *) echo "drgn from $VIE_DRGN_TARBALL is $v, not 0.2"; return 1 ;; esac
}

# vie_drgn_root DIR: what a guest needs to run that drgn: /usr/bin/python3
# with the standard library (less its tests and GUI), the libraries drgn's
# extension needs, drgn itself at /opt/drgn (vie_drgn_unpack first).
vie_drgn_root() {
	local root=$1 so
	rm -rf "$root"
	mkdir -p "$root/opt" "$root/usr/lib"
	vie_add_bin "$root" /usr/bin/python3
	tar -C /usr/lib --exclude=__pycache__ --exclude='python3.11/test' \
		--exclude='python3.11/idlelib' --exclude='python3.11/tkinter' \
		--exclude='python3.11/turtledemo' --exclude='python3.11/ensurepip' \
		--exclude='python3.11/lib2to3' --exclude='python3.11/pydoc_data' \
		--exclude='python3.11/dist-packages' --exclude='python3.11/config-*' \
		-cf - python3.11 | tar -C "$root/usr/lib" -xf -
	cp -a "$VIE_DRGN" "$root/opt/drgn"
	for so in "$root"/opt/drgn/_drgn*.so "$root"/usr/lib/python3.11/lib-dynload/*.so; do
		vie_add_libs "$root" "$so"
	done
}

# Built apart and renamed: suites that run side by side (make check) may
# build it at once, and one may be copying it into an initramfs.
vie_build_guest_probe() {
	gcc -std=gnu11 -Wall -Wextra -Werror -O2 -static \
		-o "$VIE_WORK/guest-probe.$$" "$VIE_TOP/tests/qemu/guest-probe.c" &&
		mv "$VIE_WORK/guest-probe.$$" "$VIE_WORK/guest-probe"
}
