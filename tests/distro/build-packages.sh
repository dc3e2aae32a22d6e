#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the Debian packages (dpkg-buildpackage -us -uc -b), run lintian on
# them, and build the RPMs (rpmbuild -bb, with tests/distro/rpm-macros
# standing in for RHEL's systemd and dracut macros) and run rpmlint on the
# spec and the RPMs, from a clean copy of this tree under build/distro/pkg
# (never in the work tree: debian/rules clean would remove
# userspace/build).  Checks on what was built:
#   - one version: dkms.conf's PACKAGE_VERSION (the source of truth, which
#     Kbuild, the Makefiles and debian/rules read) = debian/changelog's =
#     the spec's Version and its newest %changelog entry = what the built
#     reader says (--version) = the packages' versions;
#   - the reader in the .deb and in the RPM needs no glibc of the system
#     it runs on: statically linked, no program interpreter, no NEEDED
#     library, no GLIBC_ symbol version (the highest one required is
#     printed: "none"), nothing of glibc's NSS; the .deb's Depends name no
#     libc.
#   old: also the same tree at a lower version (build/distro/pkg/old), for
#     the upgrade tests (run.sh, rpm-scripts.sh).
#
#   tests/distro/build-packages.sh [deb] [rpm] [old]   (default: deb rpm)
#
# Outputs: build/distro/pkg/*.deb, build/distro/pkg/rpm/RPMS/*/*.rpm, and
# the same under build/distro/pkg/old.  Prints one verdict per step and
# "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="*\([^"]*\)"*$/\1/p' "$top/dkms.conf")
out=$top/build/distro/pkg
want=" ${*:-deb rpm} "
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
rpm_changelog=$(sed -n '/^%changelog/,$ s/^\* .* - \([^ ]*\)-[^- ]*$/\1/p' "$src/rpm/vmcoreinfo-ext.spec" | head -n 1)
[ -n "$version" ] && [ "$deb_version" = "$version" ] && [ "$rpm_version" = "$version" ] &&
	[ "$rpm_changelog" = "$version" ]
verdict $? "version: dkms.conf $version, debian/changelog $deb_version, rpm spec $rpm_version (newest %changelog entry $rpm_changelog)"

# check_reader FILE LABEL: the reader runs on any glibc, or none.
check_reader() {
	local f=$1 what=$2 why='' glibc needed
	if [ ! -f "$f" ]; then
		verdict 1 "$what: no reader in the package"
		return
	fi
	glibc=$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sort -u -V | tail -n 1)
	needed=$(readelf -dW "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	echo "    $what: $(file -b "$f" | cut -d, -f1-4)"
	echo "    $what: highest GLIBC_ version required: ${glibc:-none}"
	case $(file -b "$f") in
	*"static-pie linked"*|*"statically linked"*) ;;
	*) why="$why; not statically linked" ;;
	esac
	readelf -lW "$f" 2>/dev/null | grep -q 'Requesting program interpreter' &&
		why="$why; has a program interpreter"
	[ -n "$needed" ] && why="$why; NEEDED $needed"
	[ -n "$glibc" ] && why="$why; requires $glibc"
	# A static glibc that serves NSS (getpwnam, getaddrinfo, ...) loads
	# the system's libnss_*.so at run time: a dependency after all.
	grep -aqE 'nsswitch\.conf|libnss_' "$f" && why="$why; carries glibc's NSS (nsswitch.conf, libnss_)"
	[ -z "$why" ]
	verdict $? "$what: the reader needs no glibc (static, no interpreter, no NEEDED, GLIBC_ none, no NSS)${why:+:$why}"
}

# build_debs DIR: dpkg-buildpackage in DIR (the .debs land beside it).
build_debs() {
	(cd "$1" && dpkg-buildpackage -us -uc -b) >"$1.dpkg-buildpackage.log" 2>&1
}
# build_rpms DIR TOPDIR: the RPMs of the tree in DIR under TOPDIR/RPMS.
build_rpms() {
	local d=$1 t=$2 name
	name=$(basename "$d")
	mkdir -p "$t/SOURCES"
	# Sources only: not debian/, not what a .deb build left in userspace/build.
	tar -C "$(dirname "$d")" -czf "$t/SOURCES/$name.tar.gz" --exclude="$name/debian" \
		--exclude="$name/userspace/build" "$name"
	rpmbuild -bb --define "_topdir $t" --load "$d/tests/distro/rpm-macros" --nodeps \
		"$d/rpm/vmcoreinfo-ext.spec" >"$t/rpmbuild.log" 2>&1
}

if [[ $want == *" deb "* ]]; then
	build_debs "$src"
	rc=$?
	mv "$src.dpkg-buildpackage.log" "$out/dpkg-buildpackage.log"
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
			echo "    $(basename "$deb"): $(dpkg-deb -f "$deb" Version) Depends: $(dpkg-deb -f "$deb" Depends)"
			dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print "      " $6 }'
		done
		deb=$(ls "$out"/vmcoreinfo-ext_*.deb 2>/dev/null | head -n 1)
		rm -rf "$out/deb-x"
		dpkg-deb -x "$deb" "$out/deb-x"
		check_reader "$out/deb-x/usr/sbin/vmcoreinfo-ext" ".deb"
		depends=$(dpkg-deb -f "$deb" Depends)
		case " $depends " in
		*libc*) verdict 1 "vmcoreinfo-ext.deb Depends names a libc: $depends" ;;
		*) verdict 0 "vmcoreinfo-ext.deb Depends: ${depends:-nothing} (no libc)" ;;
		esac
		v=$("$out/deb-x/usr/sbin/vmcoreinfo-ext" --version 2>&1)
		pv=$(for d in "$out"/*.deb; do dpkg-deb -f "$d" Version; done | sort -u | tr '\n' ' ')
		[ "$v" = "vmcoreinfo-ext $version" ] && [ "$pv" = "$version " ]
		verdict $? "version: the .deb's reader says '$v', the .debs are $pv"
	fi
fi

if [[ $want == *" rpm "* ]]; then
	build_rpms "$src" "$out/rpm"
	verdict $? "rpmbuild -bb: $(cd "$out/rpm/RPMS" 2>/dev/null && ls */*.rpm | tr '\n' ' ')" "$out/rpm/rpmbuild.log"
	rpms=$(ls "$out"/rpm/RPMS/*/*.rpm 2>/dev/null)
	for r in $rpms; do
		echo "    $(basename "$r"): Requires: $(rpm -qp --requires "$r" 2>/dev/null | grep -v '^rpmlib(' | tr '\n' ' ')"
		rpm -qlp "$r" 2>/dev/null | sed 's/^/      /'
	done
	# rpmlint on the spec and the RPMs, with the choices of
	# rpm/vmcoreinfo-ext.rpmlintrc (each with its reason).  Errors fail
	# the step; rpmlint not running to the end too.
	if ! command -v rpmlint >/dev/null 2>&1; then
		verdict 1 "rpmlint: not installed (tests/distro/install-deps.sh): the spec and the RPMs were not checked"
	elif [ -n "$rpms" ]; then
		rpmlint -r "$src/rpm/vmcoreinfo-ext.rpmlintrc" "$src/rpm/vmcoreinfo-ext.spec" $rpms >"$out/rpmlint.log" 2>&1
		lrc=$?
		sed 's/^/    /' "$out/rpmlint.log"
		sum=$(grep -E '^ *[0-9]+ packages and [0-9]+ specfiles checked; [0-9]+ errors, [0-9]+ warnings' "$out/rpmlint.log" | tail -n 1)
		errors=$(echo "$sum" | sed -nE 's/.*checked; ([0-9]+) errors.*/\1/p')
		warnings=$(echo "$sum" | sed -nE 's/.* ([0-9]+) warnings.*/\1/p')
		checked=$(echo "$sum" | sed -nE 's/^ *([0-9]+) packages and ([0-9]+) specfiles.*/\1+\2/p')
		nr=$(echo "$rpms" | wc -w)
		if [ -z "$sum" ]; then
			verdict 1 "rpmlint: did not run to the end (exit $lrc): $(grep -v '^$' "$out/rpmlint.log" | tail -n 1)" "$out/rpmlint.log"
		elif [ "$checked" != "$nr+1" ]; then
			verdict 1 "rpmlint: checked $checked, not the spec and $nr RPMs" "$out/rpmlint.log"
		else
			[ "$errors" = 0 ] && [ "$lrc" = 0 ]
			verdict $? "rpmlint: the spec and $nr RPMs, $errors errors, $warnings warnings (exit $lrc)" "$out/rpmlint.log"
		fi
	else
		verdict 1 "rpmlint: no RPM to check"
	fi
	r=$(ls "$out"/rpm/RPMS/*/vmcoreinfo-ext-"$version"-*.rpm 2>/dev/null | grep -v -- -dkms- | head -n 1)
	rm -rf "$out/rpm-x"
	mkdir -p "$out/rpm-x"
	[ -n "$r" ] && (cd "$out/rpm-x" && rpm2cpio "$r" | cpio -idm --quiet)
	check_reader "$out/rpm-x/usr/sbin/vmcoreinfo-ext" "RPM"
	v=$("$out/rpm-x/usr/sbin/vmcoreinfo-ext" --version 2>&1)
	pv=$(for p in $rpms; do rpm -qp --qf '%{VERSION}\n' "$p" 2>/dev/null; done | sort -u | tr '\n' ' ')
	[ "$v" = "vmcoreinfo-ext $version" ] && [ "$pv" = "$version " ]
	verdict $? "version: the RPM's reader says '$v', the RPMs are $pv"
fi

# The same tree at a lower version, for the upgrade tests: X.Y.Z-1, or
# X.(Y-1).99, or (X-1).99.99; dpkg and rpm must both order it below.
if [[ $want == *" old "* ]]; then
	IFS=. read -r x y z <<<"$version"
	if [ "${z:-0}" -gt 0 ]; then old=$x.$y.$((z - 1))
	elif [ "${y:-0}" -gt 0 ]; then old=$x.$((y - 1)).99
	else old=$((x - 1)).99.99; fi
	mkdir -p "$out/old"
	osrc=$out/old/vmcoreinfo-ext-$old
	cp -a "$src" "$osrc"
	(cd "$osrc" && debian/rules clean >/dev/null 2>&1)
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$old\"/" "$osrc/dkms.conf"
	sed -i "1s/($version)/($old)/" "$osrc/debian/changelog"
	sed -i "s/^Version: .*/Version:        $old/" "$osrc/rpm/vmcoreinfo-ext.spec"
	dpkg --compare-versions "$old" lt "$version" &&
		[ "$(rpm --eval "%{lua: print(rpm.vercmp('$old', '$version'))}")" = -1 ] &&
		[ "$(cd "$osrc" && dpkg-parsechangelog -S Version)" = "$old" ]
	verdict $? "old: the tree at $old (below $version for dpkg and rpm)"
	if [[ $want == *" deb "* ]]; then
		build_debs "$osrc"
		verdict $? "old: dpkg-buildpackage at $old: $(cd "$out/old" && ls *.deb 2>/dev/null | tr '\n' ' ')" "$osrc.dpkg-buildpackage.log"
	fi
	if [[ $want == *" rpm "* ]]; then
		build_rpms "$osrc" "$out/old/rpm"
		verdict $? "old: rpmbuild -bb at $old: $(cd "$out/old/rpm/RPMS" 2>/dev/null && ls */*.rpm | tr '\n' ' ')" "$out/old/rpm/rpmbuild.log"
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
