#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds module/ against the distribution kernels in ../shared/kernels
# (beside the project root; $VIE_SHARED_KERNELS replaces it).  One folder
# per kernel: headers.tar.xz, the kernel's source tree configured with the
# distribution's own config and "make modules_prepare"d (what
# kernel-devel / linux-headers give DKMS), and info.txt, whose "compiler:"
# line names the compiler the tree was prepared with.  For each kernel:
#
#   unpack   headers.tar.xz into build/kernels/NAME/tree, once: kept while
#            the tarball's sha256 is the one in build/kernels/NAME/tree.sha256
#   dkms     the build DKMS runs (dkms 3: "make -j<cpus>
#            KERNELRELEASE=<release> -C <tree> M=<copy of dkms.conf, Kbuild,
#            module/>"), with CC=<the kernel's compiler> and
#            KBUILD_MODPOST_WARN=1 (the tarballs have no Module.symvers)
#   W=1      the same with W=1.  A tree whose own scripts/kernel-doc does
#            not compile (Ubuntu 20.04's: line 1089 uses an undeclared $args)
#            runs it with its kernel-doc step off (cmd_checkdoc=); the
#            kernel-doc check of module/ runs on Debian's kernels in
#            tests/module-build.sh
#   probes   the VIE_HAVE_* flags Kbuild passed, against what the kernel's
#            headers have (VIE_DISTRO_KERNELS below)
#
# A build fails on any error and on any warning that is the module's: in a
# file of module/, or a kernel macro expanded in it (a "note:" pointing
# into module/), or from modpost (it reads only our module; its "Symbol
# version dump ... is missing" is the tarballs' lack of Module.symvers).
# Warnings inside a kernel header's own code (W=1 on old trees) are not
# ours: counted, kept in the log.
#
# Every kernel of VIE_DISTRO_KERNELS is expected: one that is missing, or
# whose tarball is missing or does not unpack, is a failure naming it, and
# so is ../shared/kernels missing altogether.  A folder there that is not
# in the list is built too, and fails its probe check until its headers'
# truth is written down here.  Ends with "N passed, N failed".
set -u
VIE_TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$VIE_TOP/tests/kernels-lib.sh"
shared=$VIE_SHARED_KERNELS
work=$VIE_TOP/build/kernels
mkdir -p "$work"

# NAME, then the probes that must fire on it (VIE_HAVE_ left out), as read
# from its unpacked headers (paths below the tree; the probes' patterns
# were not used to find these):
#   rhel7.9      include/linux/mem_encrypt.h; sme_me_mask: extern u64 in
#                arch/x86/include/asm/mem_encrypt.h (CONFIG_AMD_MEM_ENCRYPT=y).
#                No sysfs_emit*, no pgtable_l5_enabled, no X86_CR4_LA57; no
#                lockdown: RHEL 7 has get_securelevel() (security.h) instead.
#   rhel8.10     sysfs_emit_at() (sysfs.h:338); kernel_is_locked_down(what)
#                -> __kernel_is_locked_down(what, first) (kernel.h:206-233);
#                pgtable_l5_enabled() (asm/pgtable_64_types.h:31);
#                mem_encrypt.h; sme_me_mask (asm/mem_encrypt.h:25).
#   sles15       bool kernel_is_locked_down(void) (kernel.h:280);
#                mem_encrypt.h; sme_me_mask (asm/mem_encrypt.h:24).  No
#                sysfs_emit*, no pgtable_l5_enabled.
#   ubuntu18.04  kernel_is_locked_down(what) -> __kernel_is_locked_down()
#                (kernel.h:310-324, Ubuntu's lockdown patches);
#                mem_encrypt.h; sme_me_mask (asm/mem_encrypt.h:24).  No
#                sysfs_emit*, no pgtable_l5_enabled.
#   ubuntu20.04  sysfs_emit_at() (sysfs.h:327, backported);
#                security_locked_down(LOCKDOWN_KCORE) (security.h:123, 450);
#                pgtable_l5_enabled() (asm/pgtable_64_types.h:31);
#                mem_encrypt.h; sme_me_mask (asm/mem_encrypt.h:21).
# Deliberately not derived from the folder list: a kernel that vanishes
# from ../shared/kernels turns this suite red.
VIE_DISTRO_KERNELS=(
	"rhel7.9 MEM_ENCRYPT_H SME_ME_MASK"
	"rhel8.10 SYSFS_EMIT_AT KERNEL_IS_LOCKED_DOWN PGTABLE_L5_ENABLED MEM_ENCRYPT_H SME_ME_MASK"
	"sles15 KERNEL_IS_LOCKED_DOWN_VOID MEM_ENCRYPT_H SME_ME_MASK"
	"ubuntu18.04 KERNEL_IS_LOCKED_DOWN MEM_ENCRYPT_H SME_ME_MASK"
	"ubuntu20.04 SYSFS_EMIT_AT SECURITY_LOCKED_DOWN PGTABLE_L5_ENABLED MEM_ENCRYPT_H SME_ME_MASK"
)

pass=0 fail=0
result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok: $2"
	else
		fail=$((fail + 1)); echo "FAIL: $2"
		[ -s "${3:-}" ] && sed 's/^/    /' "$3"
	fi
	return 0
}

# The probes that must fire on kernel $1, sorted, one per line; exit 1 if
# the kernel is not in VIE_DISTRO_KERNELS.
expected_probes() {
	local e name probes p
	for e in "${VIE_DISTRO_KERNELS[@]}"; do
		read -r name probes <<<"$e"
		[ "$name" = "$1" ] || continue
		for p in $probes; do
			echo "VIE_HAVE_$p"
		done | sort
		return 0
	done
	return 1
}

# The kernels to build: the expected ones, then any other folder found.
kernel_names() {
	local e d
	for e in "${VIE_DISTRO_KERNELS[@]}"; do
		echo "${e%% *}"
	done
	for d in "$shared"/*/; do
		[ -d "$d" ] || continue
		d=$(basename "$d")
		expected_probes "$d" >/dev/null || echo "$d"
	done
}

# diagnostics LOG COPY: each compiler, objtool, linker or modpost
# diagnostic of LOG, its first line prefixed "own " (the module's, see the
# top) or "kernel " (inside a kernel header's own code).
diagnostics() {
	awk -v dir="$2/" '
	function flush() {
		if (cur != "")
			print (own ? "own " : "kernel ") cur
		cur = ""; own = 0
	}
	/^[^ :]+(:[0-9]+)*: (fatal error|error|warning): / {
		flush(); cur = $0; own = index($0, dir) > 0; next
	}
	/^[^ :]+(:[0-9]+)*: note: / {
		if (cur != "" && index($0, dir) == 1)
			own = 1
		next
	}
	/^In file included from |^[^ ]+: In function / { flush(); next }
	/WARNING:/ && !/Symbol version dump/ { flush(); print "own " $0; next }
	END { flush() }' "$1"
}

# build NAME TREE CC RELEASE MODE [MAKE-ARGS...]: the module built as DKMS
# builds it into build/kernels/NAME/MODE (log: MODE.log).  Returns 0 if
# make succeeded, the .ko is there, built for RELEASE, and no diagnostic
# is ours; MODE.why says what went wrong, MODE.kernel lists the kernel's
# own warnings.
build() {
	local name=$1 tree=$2 cc=$3 release=$4 mode=$5 dir log rc vermagic
	shift 5
	dir=$work/$name/$mode log=$work/$name/$mode.log
	rm -rf "$dir" "$log" "$dir.why" "$dir.kernel"
	mkdir -p "$dir"
	cp -r "$VIE_TOP/dkms.conf" "$VIE_TOP/Kbuild" "$VIE_TOP/module" "$dir/"
	make -j"$(nproc)" KERNELRELEASE="$release" -C "$tree" M="$dir" \
		CC="$cc" KBUILD_MODPOST_WARN=1 "$@" >"$log" 2>&1
	rc=$?
	diagnostics "$log" "$dir" >"$dir.diag"
	sed -n 's/^kernel //p' "$dir.diag" >"$dir.kernel"
	sed -n 's/^own //p' "$dir.diag" >"$dir.why"
	if [ "$rc" -ne 0 ]; then
		{
			echo "make exited $rc (log: $log):"
			grep -E ': (fatal error|error): |\*\*\*' "$log" | head -n 10
			cat "$dir.why"
		} | head -n 20 >"$dir.why.new"
		mv "$dir.why.new" "$dir.why"
		return 1
	fi
	[ -s "$dir.why" ] && return 1
	if [ ! -f "$dir/vmcoreinfo_ext.ko" ]; then
		echo "make succeeded but left no vmcoreinfo_ext.ko" >"$dir.why"
		return 1
	fi
	vermagic=$(modinfo -F vermagic "$dir/vmcoreinfo_ext.ko" 2>/dev/null)
	if [ "${vermagic%% *}" != "$release" ]; then
		echo "vmcoreinfo_ext.ko has vermagic '$vermagic', not for $release" >"$dir.why"
		return 1
	fi
	return 0
}

# The VIE_HAVE_* flags Kbuild passed when it compiled module/main.c in DIR.
fired_probes() {
	grep -o -- '-DVIE_HAVE_[A-Z0-9_]*' "$1/module/.main.o.cmd" 2>/dev/null |
		sed 's/^-D//' | sort -u
}

if [ ! -d "$shared" ]; then
	echo "note: $shared is absent: every expected kernel fails"
fi

while read -r name; do
	src=$shared/$name
	tarball=$src/headers.tar.xz
	if [ ! -d "$shared" ]; then
		result 1 "$name: $shared (the distribution kernels' headers, beside the project) is absent"
		continue
	fi
	if [ ! -d "$src" ]; then
		result 1 "$name: expected kernel, but $src is missing"
		continue
	fi
	if [ ! -f "$tarball" ]; then
		result 1 "$name: $tarball is missing"
		continue
	fi
	mkdir -p "$work/$name"
	if ! how=$(vie_unpack_tree "$work/$name" "$tarball" "$work/$name/unpack.log"); then
		result 1 "$name: $tarball does not unpack" "$work/$name/unpack.log"
		continue
	fi
	tree=$work/$name/tree
	release=$(cat "$tree/include/config/kernel.release")
	sum=${how#* }
	result 0 "$name: headers of $release ${how%% *} (sha256 ${sum:0:16})"

	cc=$(vie_info "$src/info.txt" compiler | cut -d' ' -f1)
	if [ -z "$cc" ]; then
		result 1 "$name: no 'compiler:' line in $src/info.txt: cannot tell which compiler its tree needs"
		continue
	fi
	if ! command -v "$cc" >/dev/null; then
		result 1 "$name: its compiler $cc is not installed (scripts/install-deps.sh)"
		continue
	fi

	build "$name" "$tree" "$cc" "$release" dkms
	result $? "$name: DKMS build ($cc) for $release, no warning in the module's files" "$work/$name/dkms.why"

	w1=(W=1) w1_how=
	if ! perl -c "$tree/scripts/kernel-doc" >/dev/null 2>"$work/$name/kernel-doc.log"; then
		w1+=(cmd_checkdoc=)
		w1_how=", kernel-doc step off: the tree's scripts/kernel-doc does not compile ($(sed -n '1s/^\(.*\) at .* line \([0-9]*\)\.$/line \2: \1/p' "$work/$name/kernel-doc.log" | sed 's/ (did you .*//'))"
	fi
	build "$name" "$tree" "$cc" "$release" w1 "${w1[@]}"
	rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q -- '-Wextra' "$work/$name/w1/module/.main.o.cmd"; then
		echo "W=1 did not reach the compiler (no -Wextra in module/.main.o.cmd)" >"$work/$name/w1.why"
		rc=1
	fi
	n=$(grep -c ': warning: ' "$work/$name/w1.kernel")
	[ "$rc" -eq 0 ] && [ "$n" -gt 0 ] && w1_how="$w1_how; $n warning(s) inside the kernel's own headers, not ours: $work/$name/w1.log"
	result $rc "$name: W=1 build ($cc), no warning in the module's files$w1_how" "$work/$name/w1.why"

	if [ ! -f "$work/$name/dkms/module/.main.o.cmd" ]; then
		result 1 "$name: probes not known: the DKMS build did not compile module/main.c"
		continue
	fi
	fired_probes "$work/$name/dkms" >"$work/$name/probes.fired"
	fired=$(paste -sd ' ' "$work/$name/probes.fired")
	if ! expected_probes "$name" >"$work/$name/probes.expected"; then
		result 1 "$name: probes fired: ${fired:-none}; what its headers have is not written down in VIE_DISTRO_KERNELS ($0)"
		continue
	fi
	if diff "$work/$name/probes.expected" "$work/$name/probes.fired" >"$work/$name/probes.diff"; then
		result 0 "$name: probes fired: ${fired:-none} (what its headers have)"
	else
		result 1 "$name: probes fired: ${fired:-none}; its headers have: $(paste -sd ' ' "$work/$name/probes.expected") (diff: < headers, > fired)" "$work/$name/probes.diff"
	fi
done < <(kernel_names)

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
