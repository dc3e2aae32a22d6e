# SPDX-License-Identifier: GPL-2.0
# The distribution kernels of ../shared/kernels (beside the project root;
# $VIE_SHARED_KERNELS replaces it), for tests/kernels-build.sh (headers)
# and tests/qemu/run-distro-kernels.sh (boot kernels).  Source it after
# setting VIE_TOP.
VIE_SHARED_KERNELS=${VIE_SHARED_KERNELS:-$VIE_TOP/../shared/kernels}

# vie_unpack_tree DIR TARBALL LOG: the kernel tree TARBALL holds, in
# DIR/tree, unpacked again only when the tarball's sha256 differs from the
# one it was unpacked from (DIR/tree.sha256).  Prints "cached" or
# "unpacked" and the sha256; returns 1 (the reason in LOG) if it does not
# unpack or is not a kernel tree (no Makefile or
# include/config/kernel.release at its top).
vie_unpack_tree() {
	local dir=$1 tarball=$2 log=$3 sum
	sum=$(sha256sum <"$tarball" | cut -d' ' -f1) || return 1
	if [ -d "$dir/tree" ] && [ "$(cat "$dir/tree.sha256" 2>/dev/null)" = "$sum" ]; then
		echo "cached $sum"
		return 0
	fi
	rm -rf "$dir/tree" "$dir/tree.new" "$dir/tree.sha256"
	mkdir -p "$dir/tree.new"
	if ! tar -xJf "$tarball" -C "$dir/tree.new" >"$log" 2>&1; then
		rm -rf "$dir/tree.new"
		return 1
	fi
	if [ ! -f "$dir/tree.new/Makefile" ] || [ ! -s "$dir/tree.new/include/config/kernel.release" ]; then
		echo "no Makefile or include/config/kernel.release at the top of the tarball" >"$log"
		rm -rf "$dir/tree.new"
		return 1
	fi
	mv "$dir/tree.new" "$dir/tree"
	echo "$sum" >"$dir/tree.sha256"
	echo "unpacked $sum"
}

# vie_info FILE KEY: the value of the "KEY: value" line of an info.txt.
vie_info() { sed -n "s/^$2: *//p" "$1" 2>/dev/null | head -n 1; }
