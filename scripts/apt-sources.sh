# SPDX-License-Identifier: GPL-2.0
# Where this machine gets Debian from, read from its own apt configuration,
# so that every install the project makes (Debian 11's kernel for the
# tests, debootstrap's mirror, the test image's sources) goes through the
# same mirror, proxy or offline repository as the rest of the machine.
# No archive host is named anywhere in the project.  Source it (bash).
#
#   vie_apt_entry SUITE      the first enabled "deb" entry for SUITE with
#                            component main, as one line:
#                            URI, SIGNED-BY and FILE separated by the
#                            ASCII unit separator (\037), SIGNED-BY a
#                            path, an inline key block (line breaks as
#                            "\n") or empty.  Exit 1 if there is none.
#                            Read it with: IFS=$'\037' read -r uri signed file
#   vie_apt_stanza SUITE URI SIGNED-BY
#                            a deb822 entry for SUITE at URI, main only,
#                            with the same Signed-By
#   vie_apt_codename         this machine's Debian codename (os-release)
#
# Both file styles are read: one-line .list files (sources.list and
# sources.list.d/*.list, "deb [signed-by=...] URI SUITE COMPONENT...") and
# deb822 .sources files (sources.list.d/*.sources: Types/URIs/Suites/
# Components/Signed-By/Enabled).  $VIE_APT_ETC replaces /etc/apt (tests).

vie_apt_codename() {
	local c
	c=$(. "${VIE_OS_RELEASE:-/etc/os-release}" && echo "${VERSION_CODENAME:-}")
	[ -n "$c" ] || return 1
	echo "$c"
}

# All entries, one per record: TYPE<TAB>URI<TAB>SUITE<TAB>COMPONENTS<TAB>
# SIGNED-BY (newlines in an inline key as \n)<TAB>FILE.  One record per suite.
vie_apt_entries() {
	local etc=${VIE_APT_ETC:-/etc/apt} f
	for f in "$etc/sources.list" "$etc"/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v file="$f" '
		{ sub(/#.*/, "") }
		NF < 3 { next }
		{
			type = $1; signed = ""; i = 2
			if ($2 ~ /^\[/) {	# options, up to the closing bracket
				opts = ""
				for (; i <= NF; i++) {
					opts = opts " " $i
					if ($i ~ /\]$/) { i++; break }
				}
				gsub(/[][]/, "", opts)
				n = split(opts, o, " ")
				for (j = 1; j <= n; j++)
					if (o[j] ~ /^signed-by=/) { signed = o[j]; sub(/^signed-by=/, "", signed) }
			}
			uri = $i; suite = $(i + 1); comps = ""
			for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
			if (type != "deb" && type != "deb-src") next
			printf "%s\t%s\t%s\t%s\t%s\t%s\n", type, uri, suite, comps, signed, file
		}' "$f"
	done
	for f in "$etc"/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v file="$f" '
		function flush(   t, u, s, nt, nu, ns, a, b, c) {
			if (enabled != "no" && types != "" && uris != "" && suites != "") {
				nt = split(types, t, " "); nu = split(uris, u, " "); ns = split(suites, s, " ")
				for (a = 1; a <= nt; a++) for (b = 1; b <= nu; b++) for (c = 1; c <= ns; c++)
					printf "%s\t%s\t%s\t%s\t%s\t%s\n", t[a], u[b], s[c], comps, signed, file
			}
			types = uris = suites = comps = signed = enabled = ""; field = ""
		}
		/^#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ {	# continuation of the previous field
			line = $0; sub(/^[ \t]/, "", line)
			if (field == "signed-by") signed = signed "\\n " line
			else if (field == "types") types = types " " line
			else if (field == "uris") uris = uris " " line
			else if (field == "suites") suites = suites " " line
			else if (field == "components") comps = comps " " line
			next
		}
		{
			field = tolower($0); sub(/:.*/, "", field)
			value = $0; sub(/^[^:]*:[ \t]*/, "", value); sub(/[ \t]+$/, "", value)
			if (field == "types") types = value
			else if (field == "uris") uris = value
			else if (field == "suites") suites = value
			else if (field == "components") comps = value
			else if (field == "signed-by") signed = value
			else if (field == "enabled") enabled = tolower(value)
		}
		END { flush() }' "$f"
	done
}

vie_apt_entry() {
	local suite=$1
	vie_apt_entries | awk -F '\t' -v suite="$suite" '
		$1 == "deb" && $3 == suite && (" " $4 " ") ~ / main / {
			uri = $2; sub(/\/+$/, "", uri)
			printf "%s\037%s\037%s\n", uri, $5, $6
			found = 1; exit
		}
		END { exit found ? 0 : 1 }'
}

vie_apt_stanza() {
	printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n' "$2" "$1"
	case $3 in
	'') ;;
	'\n'*) printf 'Signed-By:%b\n' "$3" ;;	# an inline key block
	*) printf 'Signed-By: %b\n' "$3" ;;
	esac
}

# vie_apt_own_mirror WHAT: the machine's own source for its Debian release
# (VIE_CODENAME, and its VIE_MIRROR, VIE_SIGNED and VIE_FROM), for the
# suites the project takes from the same mirror; else one line on stderr
# saying that WHAT cannot be found without it, and exit status 1.
vie_apt_own_mirror() {
	local entry
	VIE_CODENAME=$(vie_apt_codename) ||
		{ echo "install-deps: no VERSION_CODENAME in /etc/os-release" >&2; return 1; }
	if ! entry=$(vie_apt_entry "$VIE_CODENAME"); then
		echo "install-deps: no enabled 'deb' source for $VIE_CODENAME with component main in /etc/apt/sources.list or /etc/apt/sources.list.d/*.list or *.sources: cannot tell which Debian mirror to take $1 from" >&2
		return 1
	fi
	IFS=$'\037' read -r VIE_MIRROR VIE_SIGNED VIE_FROM <<<"$entry"
}
