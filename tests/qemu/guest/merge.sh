# Sourced by the guests' init and by tests/qemu/lib.sh on the host.
#
# expected_merge NOTE LINES: what a merged VMCOREINFO must read, built
# without vmcoreinfo-ext: NOTE (the kernel's own, as guest-probe read it)
# verbatim, then each KEY=VALUE line of LINES whose key NOTE lacks, in
# LINES' order and format (the module's, which is the kernel's).
expected_merge() {
	cat "$1"
	while read -r line; do
		grep -q "^${line%%=*}=" "$1" || echo "$line"
	done <"$2"
}
