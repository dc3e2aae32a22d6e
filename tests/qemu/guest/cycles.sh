# Sourced by the module suites: load/unload cycles of vmcoreinfo_ext with
# two concurrent readers of its files, then a leak check.
#
#   load_cycles N FILES    2 x N cycles (N, a measurement, N more)
#
# Each load makes one kernfs node per file and one for the directory; a
# leak of them grows kernfs_node_cache by about that much every cycle.
# The slab cache and the readers' open files give a one-time growth in the
# first cycles instead (seen on Debian's 6.12: 150-266 nodes over the
# first 200 cycles, then none), so the check is on the second N cycles,
# measured after dropping the dentry and inode caches that pin kernfs
# nodes and shrinking the cache: less than one node per cycle there.
load_cycles() {
	local n=$1 files=$2 bad=0 i before mid after r1 r2
	slab() {
		local k=0 v min=
		# Newer kernels free kernfs nodes with call_rcu(), so nodes of
		# the last cycles may still wait for a grace period (seen on
		# 6.12: +132 nodes over 100 cycles in one boot, at most +1 in
		# the three others, with one reading after one shrink), and SLUB counts the free
		# objects of the per-CPU slabs as active, so the count can move
		# by whole slabs.  Take the least of three readings a second
		# apart, each after dropping the dentry and inode caches and
		# shrinking the cache, which flushes the per-CPU slabs.
		while [ $k -lt 3 ]; do
			sleep 1
			echo 2 >/proc/sys/vm/drop_caches
			if [ -w /sys/kernel/slab/kernfs_node_cache/shrink ]; then
				echo 1 >/sys/kernel/slab/kernfs_node_cache/shrink
			fi
			v=$(awk '$1 == "kernfs_node_cache" { print $2 }' /proc/slabinfo)
			[ -z "$v" ] && return
			[ -z "$min" ] || [ "$v" -lt "$min" ] && min=$v
			k=$((k + 1))
		done
		echo "$min"
	}
	cycle() {
		i=0
		while [ $i -lt "$n" ]; do
			modprobe vmcoreinfo_ext || bad=$((bad + 1))
			modprobe -r vmcoreinfo_ext || bad=$((bad + 1))
			i=$((i + 1))
		done
	}
	local t0
	t0=$(cut -d. -f1 /proc/uptime)
	modprobe -r vmcoreinfo_ext
	before=$(slab)
	rm -f /tmp/stop
	reader() { while [ ! -e /tmp/stop ]; do cat $D/* >/dev/null 2>&1; done; }
	reader & r1=$!
	reader & r2=$!
	cycle
	mid=$(slab)
	cycle
	after=$(slab)
	touch /tmp/stop
	wait $r1 $r2
	report "# $((2 * n)) load/unload cycles and the leak check: $(($(cut -d. -f1 /proc/uptime) - t0)) s"
	check_eq "$((2 * n)) load/unload cycles with concurrent readers" 0 "$bad"
	check "module unloaded cleanly" sh -c "! test -e /sys/module/vmcoreinfo_ext && ! test -e $D"
	if [ -n "$before" ]; then
		check "no kernfs node leak: the last $n cycles added less than one node per cycle ($files per load; kernfs_node_cache $before -> $mid -> $after)" \
			test $((after - mid)) -lt "$n"
	else
		skip "no kernfs_node_cache in /proc/slabinfo"
	fi
}
