# SPDX-License-Identifier: GPL-2.0
# Checks of a "vmcoreinfo-ext --format makedumpfile" overlay; sourced by
# run.sh and usable from the QEMU harness.

# makedumpfile_overlay_ok OVERLAY NOTE_TEXT
#
# The rules makedumpfile 1.7.x applies to a -i file (makedumpfile.c:
# read_vmcoreinfo_basic_info(), read_vmcoreinfo_long(), check_release(),
# READ_SYMBOL): lines read with fgets into 1500 bytes; OSRELEASE and a
# power-of-two PAGESIZE required; OSRELEASE equal to the dump's;
# NUMBER values parse with strtol base 10 (base 16 fallback) and must not
# be LONG_MAX; CRASHTIME, if any, a non-zero decimal; and no SYMBOL()
# lines, since KERNELOFFSET is added to every SYMBOL read from -i.
makedumpfile_overlay_ok() {
	overlay=$1
	note=$2
	awk -v want_release="$(sed -n 's/^OSRELEASE=//p' "$note" | head -n 1)" '
	length($0) >= 1499 { bad = "line too long"; exit 1 }
	!/=/ { bad = "no ="; exit 1 }
	/^SYMBOL\(/ { bad = "SYMBOL line"; exit 1 }
	/^OSRELEASE=/ { release = substr($0, 11) }
	/^PAGESIZE=/ {
		v = substr($0, 10)
		if (v !~ /^[0-9]+$/) { bad = "PAGESIZE"; exit 1 }
		n = v + 0
		while (n > 1 && n % 2 == 0) n /= 2
		if (n != 1) { bad = "PAGESIZE not a power of two"; exit 1 }
		pagesize = v
	}
	/^CRASHTIME=/ && $0 !~ /^CRASHTIME=[1-9][0-9]*$/ { bad = "CRASHTIME"; exit 1 }
	/^NUMBER\(/ {
		v = substr($0, index($0, "=") + 1)
		if (v !~ /^-?[0-9]+$/ || v == "9223372036854775807") {
			bad = "NUMBER value " v; exit 1
		}
	}
	END {
		if (bad != "") { print "overlay: " bad > "/dev/stderr"; exit 1 }
		if (release == "" || release != want_release) {
			print "overlay: OSRELEASE" > "/dev/stderr"; exit 1
		}
		if (pagesize == "") { print "overlay: PAGESIZE" > "/dev/stderr"; exit 1 }
	}' "$overlay"
}

# makedumpfile_accepts_overlay OVERLAY VMCORE OUTFILE
#
# The real check, for a kdump kernel (QEMU): makedumpfile must accept the
# overlay and write a dump. Needs a real /proc/vmcore; not run on the host.
makedumpfile_accepts_overlay() {
	overlay=$1
	vmcore=$2
	out=$3
	rm -f "$out"
	makedumpfile -c -d 31 -i "$overlay" "$vmcore" "$out" &&
		[ -s "$out" ] &&
		head -c 8 "$out" | grep -q '^KDUMP   $'
}

# makedumpfile_reads_overlay OVERLAY ELF_DUMP
#
# The host check with the real makedumpfile on a synthetic ELF dump (no
# memory contents): makedumpfile must read the overlay and the dump's note
# (two "VMCOREINFO :" debug blocks), take phys_base from the overlay, and
# only then stop where it needs real memory (check_release). A rejected
# overlay stops earlier with "Invalid format"/"Invalid data".
makedumpfile_reads_overlay() {
	overlay=$1
	dump=$2
	log=${TMPDIR:-/tmp}/mdf-overlay.$$
	pb=$(sed -n 's/^NUMBER(phys_base)=//p' "$overlay")
	timeout 120 makedumpfile -D -c -d 31 -i "$overlay" "$dump" \
		"$log.out" >"$log" 2>&1
	rm -f "$log.out"
	okay=1
	grep -q 'Invalid' "$log" && okay=0
	[ "$(grep -c '^VMCOREINFO *:' "$log")" -ge 2 ] || okay=0
	if [ -n "$pb" ]; then
		grep -q "^phys_base *: $(printf '%x' "$pb") (vmcoreinfo)" "$log" ||
			okay=0
	fi
	grep -q 'check_release' "$log" || okay=0
	[ "$okay" -eq 1 ] || sed 's/^/#   makedumpfile: /' "$log" | grep -v '^#   makedumpfile:   ' | head -n 8
	rm -f "$log"
	[ "$okay" -eq 1 ]
}
