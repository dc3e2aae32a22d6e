#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the Debian packages (dpkg-buildpackage -us -uc -b), run lintian on
# them, and build the RPMs (rpmbuild -bb), from a clean copy of this tree
# under build/distro/pkg (never in the work tree: debian/rules clean would
# remove userspace/build).
#
#   tests/distro/build-packages.sh [deb] [rpm]      (default: both)
#
# Outputs: build/distro/pkg/*.deb, build/distro/pkg/rpm/RPMS/*/*.rpm.
# Prints one verdict per step and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="*\([^"]*\)"*$/\1/p' "$top/dkms.conf")
out=$top/build/distro/pkg
want=${*:-deb rpm}
pass=0 fail=0
verdict() {	# verdict RC TEXT [LOG]
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "$2: PASS"
	else
		fail=$((fail + 1)); echo "$2: FAIL"
		[ -n "${3:-}" ] && tail -n 15 "$3" | sed 's/^/    /'
	fi
}

rm -rf "$out"
mkdir -p "$out"
src=$out/vmcoreinfo-ext-$version
mkdir -p "$src"
# The files git knows of (committed or not), not build products.
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$src"

# One version everywhere: dkms.conf, debian/changelog, the RPM spec.
deb_version=$(cd "$src" && dpkg-parsechangelog -S Version)
rpm_version=$(sed -n 's/^Version: *//p' "$src/rpm/vmcoreinfo-ext.spec")
[ "$deb_version" = "$version" ] && [ "$rpm_version" = "$version" ]
verdict $? "version: dkms.conf $version, debian/changelog $deb_version, rpm spec $rpm_version"

if [[ " $want " == *" deb "* ]]; then
	(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/dpkg-buildpackage.log" 2>&1
	rc=$?
	verdict $rc "dpkg-buildpackage -us -uc -b: $(cd "$out" && ls *.deb 2>/dev/null | tr '\n' ' ')" "$out/dpkg-buildpackage.log"
	if [ $rc = 0 ]; then
		# Errors fail the step; warnings and infos are shown.  lintian
		# missing or not running to the end (exit 1: its own run-time
		# error) fails it too: no output is not "0 errors".
		if ! command -v lintian >/dev/null 2>&1; then
			verdict 1 "lintian: not installed (tests/distro/install-deps.sh): the packages were not checked"
		else
			lintian --fail-on error --tag-display-limit 0 "$out"/*.changes >"$out/lintian.log" 2>&1
			lrc=$?
			errors=$(grep -c '^E:' "$out/lintian.log")
			warnings=$(grep -c '^W:' "$out/lintian.log")
			sed 's/^/    /' "$out/lintian.log"
			# Exit 0: no error tag; 2: error tags (--fail-on error);
			# anything else, or a status that disagrees with the E:
			# lines, is lintian not running to the end.
			if [ "$lrc" = 0 ] && [ "$errors" = 0 ]; then
				verdict 0 "lintian: $errors errors, $warnings warnings"
			elif [ "$lrc" = 2 ] && [ "$errors" -gt 0 ]; then
				verdict 1 "lintian: $errors errors, $warnings warnings" "$out/lintian.log"
			else
				verdict 1 "lintian: did not run to the end (exit $lrc, $errors E: lines): $(grep -v '^$' "$out/lintian.log" | tail -n 1)" "$out/lintian.log"
			fi
		fi
		for deb in "$out"/*.deb; do
			echo "    $(basename "$deb"):"
			dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print "      " $6 }'
		done
	fi
fi

if [[ " $want " == *" rpm "* ]]; then
	mkdir -p "$out/rpm/SOURCES"
	tar -C "$out" -czf "$out/rpm/SOURCES/vmcoreinfo-ext-$version.tar.gz" \
		--exclude=debian "vmcoreinfo-ext-$version"
	rpmbuild -bb --define "_topdir $out/rpm" --nodeps \
		"$src/rpm/vmcoreinfo-ext.spec" >"$out/rpmbuild.log" 2>&1
	verdict $? "rpmbuild -bb: $(cd "$out/rpm/RPMS" 2>/dev/null && ls */*.rpm | tr '\n' ' ')" "$out/rpmbuild.log"
	for r in "$out"/rpm/RPMS/*/*.rpm; do
		[ -f "$r" ] || continue
		echo "    $(basename "$r"):"
		rpm -qlp "$r" 2>/dev/null | sed 's/^/      /'
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
