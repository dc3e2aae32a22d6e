#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/apt-sources.sh on fake /etc/apt trees: both file styles, options,
# disabled entries, inline keys, and the error when the machine names no
# Debian source; then install-deps.sh's own error line for that case.
# No network, no root needed for the first part.  "N passed, N failed,
# N skipped" (the install-deps.sh part is skipped, and counted, without
# root).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/apt-sources.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0 skipped=0
check() {	# check TEXT EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1)); echo "ok - $1"
	else
		fail=$((fail + 1)); echo "not ok - $1"
		echo "#   expected: $(printf '%s' "$2" | tr '\n\037' '|^')"
		echo "#   got:      $(printf '%s' "$3" | tr '\n\037' '|^')"
	fi
}
tree() { rm -rf "$t/etc"; mkdir -p "$t/etc/sources.list.d"; export VIE_APT_ETC=$t/etc; }
us=$'\037'

# 1. deb822 only, a mirror elsewhere (the usual case on managed machines).
tree
cat >"$t/etc/sources.list.d/mirror.sources" <<'EOF'
# the company mirror
Types: deb deb-src
URIs: http://mirror.example.invalid/debian/
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /etc/apt/keyrings/mirror.gpg
EOF
check "deb822: URI (slash trimmed), Signed-By, file" \
	"http://mirror.example.invalid/debian${us}/etc/apt/keyrings/mirror.gpg${us}$t/etc/sources.list.d/mirror.sources" \
	"$(vie_apt_entry bookworm)"
check "deb822: second suite of the same entry" "http://mirror.example.invalid/debian" \
	"$(vie_apt_entry bookworm-updates | cut -d "$us" -f 1)"
check "deb822: the bullseye source written from it" \
	"$(printf 'Types: deb\nURIs: http://mirror.example.invalid/debian\nSuites: bullseye\nComponents: main\nSigned-By: /etc/apt/keyrings/mirror.gpg')" \
	"$(IFS=$us read -r u s _ <<<"$(vie_apt_entry bookworm)"; vie_apt_stanza bullseye "$u" "$s")"
vie_apt_entry bookworm-security >/dev/null
check "deb822: a suite it does not have: exit 1" 1 $?

# 2. One-line sources.list with options.
tree
cat >"$t/etc/sources.list" <<'EOF'
# deb http://commented.example.invalid/debian bookworm main
deb-src http://src.example.invalid/debian bookworm main
deb [ arch=amd64 signed-by=/usr/share/keyrings/local.gpg ] http://local.example.invalid/debian bookworm main non-free-firmware
deb http://sec.example.invalid/debian-security bookworm-security main # trailing comment
EOF
check "one-line: options in brackets, deb-src and comments skipped" \
	"http://local.example.invalid/debian${us}/usr/share/keyrings/local.gpg${us}$t/etc/sources.list" \
	"$(vie_apt_entry bookworm)"
check "one-line: no options, trailing comment" \
	"http://sec.example.invalid/debian-security${us}${us}$t/etc/sources.list" \
	"$(vie_apt_entry bookworm-security)"
check "one-line, no Signed-By: stanza without one" \
	"$(printf 'Types: deb\nURIs: http://sec.example.invalid/debian-security\nSuites: bullseye\nComponents: main')" \
	"$(vie_apt_stanza bullseye http://sec.example.invalid/debian-security "")"

# 3. A disabled entry and an entry without main are passed over.
tree
cat >"$t/etc/sources.list.d/a-off.sources" <<'EOF'
Types: deb
URIs: http://off.example.invalid/debian
Suites: bookworm
Components: main
Enabled: no
EOF
echo "deb http://contrib.example.invalid/debian bookworm contrib" >"$t/etc/sources.list.d/b.list"
echo "deb http://on.example.invalid/debian bookworm main" >"$t/etc/sources.list.d/c.list"
check "Enabled: no and contrib-only entries skipped" "http://on.example.invalid/debian" \
	"$(vie_apt_entry bookworm | cut -d "$us" -f 1)"

# 4. An inline key block is carried over verbatim.
tree
cat >"$t/etc/sources.list.d/inline.sources" <<'EOF'
Types: deb
URIs: http://inline.example.invalid/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w
 -----END PGP PUBLIC KEY BLOCK-----
EOF
check "inline Signed-By: the stanza carries the block" \
	"$(sed -n '/^Signed-By:/,$p' "$t/etc/sources.list.d/inline.sources")" \
	"$(IFS=$us read -r u s _ <<<"$(vie_apt_entry bookworm)"; vie_apt_stanza bullseye "$u" "$s" | sed -n '/^Signed-By:/,$p')"

# 5. Nothing at all: exit 1, nothing printed.
tree
out=$(vie_apt_entry bookworm)
check "no sources: exit 1" 1 $?
check "no sources: nothing printed" "" "$out"

# 6. install-deps.sh says so in one line and stops (root: it checks that
# first; on a machine without the packages it would install them first).
if [ "$(id -u)" -eq 0 ]; then
	out=$(VIE_APT_ETC=$t/etc bash "$top/scripts/install-deps.sh" 2>&1 >/dev/null)
	rc=$?
	check "install-deps.sh with no Debian source: exit 1" 1 $rc
	check "install-deps.sh with no Debian source: one line saying why" \
		"1 yes" "$(printf '%s\n' "$out" | wc -l) $(printf '%s' "$out" | grep -q 'cannot tell which Debian mirror' && echo yes)"
else
	skipped=$((skipped + 1)); echo "ok - install-deps.sh error line # SKIP needs root (install-deps.sh checks for root first)"
fi
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
