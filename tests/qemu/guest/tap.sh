# Test reporting inside the guest: TAP-like lines on fd 3 (ttyS1), echoed
# to the console so a failure can be read in context.
T_PASS=0
T_FAIL=0
T_SKIP=0
report() { echo "$*" >&3; echo "vie-test: $*"; }
ok() { T_PASS=$((T_PASS + 1)); report "ok - $*"; }
not_ok() { T_FAIL=$((T_FAIL + 1)); report "not ok - $*"; }
skip() { T_SKIP=$((T_SKIP + 1)); report "ok - # SKIP $*"; }
# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1 ($3)"
	else
		not_ok "$1: expected '$2', got '$3'"
	fi
}
# check DESCRIPTION COMMAND...: passes if COMMAND exits 0
check() {
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# Remember a value for the host (e.g. values before a crash).
record() { report "record $*"; }
finish() {
	if [ "$T_FAIL" -eq 0 ] && [ "$T_PASS" -gt 0 ]; then
		report "VIE-RESULT PASS $T_PASS $T_FAIL $T_SKIP boot=${VIE_boot:-}"
	else
		report "VIE-RESULT FAIL $T_PASS $T_FAIL $T_SKIP boot=${VIE_boot:-}"
	fi
}
# Send a file to the host (decoded by tests/qemu/extract.py).
emit_file() { echo "file $1 $(base64 -w 0 "$2")" >&3; }
# lockdown_raisable: the lockdown LSM's /sys/kernel/security/lockdown
# (v5.4, mode 0644), which root can raise at run time.  RHEL 8's file is
# 0444 and refuses writes (its lockdown is set at boot only), and root's
# "test -w" is true for it all the same.
lockdown_raisable() {
	[ "$(stat -c %A /sys/kernel/security/lockdown 2>/dev/null | cut -c3)" = w ]
}
