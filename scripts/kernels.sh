#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The supported kernels (scripts/kernels.conf): fetch each one's Debian
# packages, build the module against it with its own compiler, and tell
# scripts/vmrun where its image and modules are.
#
#   scripts/kernels.sh list                 NAME SUITE BUILD CHECK RELEASE
#   scripts/kernels.sh names [--check]      the names (--check: the default
#                                           set of make check-kernels)
#   scripts/kernels.sh fetch [--refresh] [NAME...|all]
#       download (apt-get download under a private apt configuration in
#       build/kernels/apt/SUITE) and unpack (dpkg-deb) the kernel's
#       linux-image (with its linux-binary/linux-modules parts),
#       linux-headers, -common and linux-kbuild; for BUILD=root kernels also
#       the compiler the headers ask for, binutils, make and sparse with the
#       libraries they need, into build/kernels/root-SUITE. Cached: a
#       fetched kernel stays at its version, with no network access, until
#       --refresh. Default: the CHECK=yes kernels.
#   scripts/kernels.sh info NAME            KEY=VALUE lines (fetches first):
#       KNAME KREL SUITE BUILD ROOT KDIR (as make -C sees it) VMLINUZ
#       MODDIR (host paths) MODSRC (where "build" builds the module)
#   scripts/kernels.sh build NAME [KBUILD-ARGS...]
#       copy the module's sources to build/kernels/NAME/mod and run kbuild
#       there (default target "modules"; W=1 C=1 pass through); the module
#       is build/kernels/NAME/mod/kmod/imgauth.ko
#   scripts/kernels.sh run NAME CMD...      CMD in the kernel's build
#                                           environment (its root if any)
#
# Nothing outside build/ changes: the system's apt sources, lists, cache
# and installed packages are never touched. Only the Debian archive that
# the system's apt uses is contacted (IMGAUTH_DEBIAN_MIRROR overrides).
# BUILD=root kernels need root (chroot, mount namespace).
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
conf=$repo/scripts/kernels.conf
top=${IMGAUTH_KERNELS_DIR:-$repo/build/kernels}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

die() { echo "kernels: $*" >&2; exit 1; }
note() { echo "kernels: $*" >&2; }

# conf_line NAME: "NAME SUITE BUILD CHECK" or failure.
conf_line() {
	awk -v n="$1" '!/^[ \t]*(#|$)/ && $1 == n { print $1, $2, $3, $4; f = 1 }
		END { exit !f }' "$conf"
}
conf_names() { awk '!/^[ \t]*(#|$)/ && (!c || $4 == "yes") { print $1 }' c="${1:-}" "$conf"; }

# The Debian mirror the system's apt is configured with (deb.debian.org
# on a stock install): the only host there is to reach.
mirror() {
	local m
	if [ -n "${IMGAUTH_DEBIAN_MIRROR:-}" ]; then
		echo "$IMGAUTH_DEBIAN_MIRROR"
		return
	fi
	m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ')
	m=${m%/}
	echo "${m:-http://deb.debian.org/debian}"
}

# --- private apt, one configuration per suite ------------------------------
aptdir() { echo "$top/apt/$1"; }
apt_opts() { # SUITE: the options that make apt use only build/kernels/apt/SUITE
	local d
	d=$(aptdir "$1")
	printf '%s\n' -o "Dir::Etc=$d/etc" -o "Dir::Etc::sourcelist=$d/etc/sources.list" \
		-o "Dir::Etc::sourceparts=-" -o "Dir::Etc::parts=$d/etc/apt.conf.d" \
		-o "Dir::Etc::preferences=$d/etc/preferences" \
		-o "Dir::Etc::preferencesparts=$d/etc/preferences.d" \
		-o "Dir::State=$d/state" -o "Dir::State::Lists=$d/state/lists" \
		-o "Dir::State::status=$d/state/status" -o "Dir::Cache=$d/cache" \
		-o "Dir::Cache::archives=$d/debs" -o "Dir::Log=$d/log" \
		-o "APT::Architecture=amd64" -o "APT::Architectures::=amd64" \
		-o "Acquire::Languages=none" -o "APT::Install-Recommends=0" \
		-o "APT::Install-Suggests=0" -o "Debug::NoLocking=1" \
		-o "APT::Default-Release=$1" \
		-o "APT::Sandbox::User=root"
}
papt() { # SUITE apt-get|apt-cache ARGS...
	local suite=$1 cmd=$2 opts
	shift 2
	mapfile -t opts < <(apt_opts "$suite")
	"$cmd" "${opts[@]}" "$@"
}
apt_setup() { # SUITE [--refresh]: lists of SUITE (main), updated when missing
	local suite=$1 d
	d=$(aptdir "$suite")
	# A backports suite is used with its release, experimental with sid
	# (where the rest of their dependencies are); APT::Default-Release
	# makes the suite itself win.
	mkdir -p "$d"/etc/apt.conf.d "$d"/etc/preferences.d "$d"/state/lists/partial \
		"$d"/cache "$d"/debs/partial "$d"/log
	: >>"$d/state/status"
	[ -r "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"
	{
		echo "deb [signed-by=$keyring] $(mirror) $suite main"
		case $suite in
		*-backports) echo "deb [signed-by=$keyring] $(mirror) ${suite%-backports} main" ;;
		experimental) echo "deb [signed-by=$keyring] $(mirror) sid main" ;;
		esac
	} >"$d/etc/sources.list.new"
	cmp -s "$d/etc/sources.list.new" "$d/etc/sources.list" ||
		rm -f "$d/state/lists/"*_Packages* "$d/state/lists/"*Release*
	mv -f "$d/etc/sources.list.new" "$d/etc/sources.list"
	if [ "${2:-}" = --refresh ] || ! ls "$d/state/lists/"*_Packages* >/dev/null 2>&1; then
		note "$suite: apt-get update (private lists in ${d#$repo/})"
		papt "$suite" apt-get -q update >"$d/log/update.log" 2>&1 || {
			cat "$d/log/update.log" >&2
			die "$suite: apt-get update failed (is $(mirror) reachable?)"
		}
	fi
}
# pkg_field SUITE PACKAGE FIELD: the candidate's FIELD.
pkg_field() {
	papt "$1" apt-cache show --no-all-versions "$2" 2>/dev/null |
		awk -v f="$3:" '$1 == f { sub(/^[^:]*: */, ""); print; exit }'
}
# deps SUITE PACKAGE: the first alternative of each Depends, names only.
deps() {
	pkg_field "$1" "$2" Depends | tr ',' '\n' |
		sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/^ *//; s/ *$//' | grep . || true
}

# download SUITE NAME=VERSION...: into the suite's debs/ (apt's own cache).
download() {
	local suite=$1 d
	shift
	d=$(aptdir "$suite")
	(cd "$d/debs" && papt "$suite" apt-get -q download "$@") >"$d/log/download.log" 2>&1 || {
		cat "$d/log/download.log" >&2
		die "$suite: apt-get download failed"
	}
}
deb_of() { # SUITE NAME VERSION: path of the downloaded .deb
	local f
	f=$(ls "$(aptdir "$1")/debs/${2}_$(echo "$3" | sed 's/:/%3a/')_"*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] || die "$1: no downloaded .deb for $2 $3"
	echo "$f"
}

# unpack ROOT DEB...: merged-/usr aware (the root's /bin, /lib... are
# symlinks into /usr, as on Debian 12 and later, and stay so).
unpack() {
	local root=$1 deb
	shift
	for deb in "$@"; do
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$root" --keep-directory-symlink --no-same-owner ||
			die "cannot unpack $deb"
	done
}
new_root() { # ROOT
	local d
	mkdir -p "$1"/usr/bin "$1"/usr/sbin "$1"/usr/lib "$1"/usr/lib64
	for d in bin sbin lib lib64; do [ -e "$1/$d" ] || ln -s usr/$d "$1/$d"; done
}

# --- one kernel -----------------------------------------------------------
kdir_of() { echo "$top/$1"; }

# host kernel: the newest installed release starting with NAME that has
# headers and a bootable image.
host_krel() {
	local name=$1 b v best=""
	for b in /lib/modules/"$name".*/build /lib/modules/"$name"-*/build; do
		[ -e "$b/Makefile" ] || continue
		v=$(basename "$(dirname "$b")")
		[ -r "/boot/vmlinuz-$v" ] || continue
		best="$best$v
"
	done
	printf '%s' "$best" | sort -V | tail -n 1
}

# cached INFO: a complete fetch is there.
cached() {
	[ -s "$1" ] || return 1
	# shellcheck disable=SC1090
	(. "$1" && [ -e "$VMLINUZ" ] && [ -e "$MODDIR/modules.dep" ] &&
		[ -e "${ROOT}${KDIR}/Makefile" ])
}

# fetch_one NAME [--refresh]
fetch_one() {
	local name=$1 refresh=${2:-} line suite build check d info
	line=$(conf_line "$name") || die "unknown kernel '$name' (scripts/kernels.conf has: $(conf_names | tr '\n' ' '))"
	read -r name suite build check <<<"$line"
	d=$(kdir_of "$name")
	info=$d/info
	if [ "$suite" = host ]; then
		local krel
		krel=$(host_krel "$name")
		[ -n "$krel" ] || die "$name: no installed kernel $name.* with headers and /boot/vmlinuz (scripts/deps.sh installs linux-image-amd64 and linux-headers-amd64)"
		mkdir -p "$d"
		{
			echo "KNAME=$name"
			echo "KREL=$krel"
			echo "SUITE=host"
			echo "BUILD=host"
			echo "ROOT="
			echo "KDIR=/lib/modules/$krel/build"
			echo "VMLINUZ=/boot/vmlinuz-$krel"
			echo "MODDIR=/lib/modules/$krel"
			echo "MODSRC=$d/mod"
			echo "TOOLS="
		} >"$info.new"
		mv -f "$info.new" "$info"
		return 0
	fi
	if [ "$refresh" != --refresh ] && cached "$info"; then
		return 0
	fi
	# Parallel runs (vmrun shards) fetch once: the others wait, then
	# find it cached.
	mkdir -p "$top"
	exec 9>"$top/.fetch.lock"
	flock 9
	if [ "$refresh" != --refresh ] && cached "$info"; then
		exec 9>&-
		return 0
	fi
	[ -s "$info" ] && [ "$refresh" != --refresh ] &&
		note "$name: cached copy incomplete, fetching again"
	[ "$build" = host ] || [ "$build" = root ] || die "$name: BUILD must be host or root, not '$build'"
	[ "$build" = host ] || [ "$(id -u)" = 0 ] || die "$name: a build root needs root (chroot)"

	apt_setup "$suite" $refresh
	local hmeta kheaders krel v pkgs=() todo=() p q
	hmeta=$(deps "$suite" linux-headers-amd64 | grep '^linux-headers-' | head -n 1)
	[ -n "$hmeta" ] || die "$suite: linux-headers-amd64 names no linux-headers package"
	kheaders=$hmeta
	krel=${kheaders#linux-headers-}
	note "$name: $suite has $krel"
	# The kernel's own packages: headers and image, and what they depend
	# on among linux-{headers,kbuild,image,binary,modules,base}-*.
	todo=("$kheaders" "linux-image-$krel")
	while [ ${#todo[@]} -gt 0 ]; do
		p=${todo[0]}
		todo=("${todo[@]:1}")
		case " ${pkgs[*]-} " in *" $p "*) continue ;; esac
		v=$(pkg_field "$suite" "$p" Version)
		[ -n "$v" ] || die "$suite: no package $p"
		pkgs+=("$p")
		for q in $(deps "$suite" "$p"); do
			# linux-base itself is a tool package; linux-base-KREL
			# holds modules.builtin & co on 7.x.
			case $q in linux-base) ;; linux-headers-* | linux-kbuild-* | linux-image-* | \
				linux-binary-* | linux-modules-* | linux-base-*) todo+=("$q") ;; esac
		done
	done
	local root want=()
	for p in "${pkgs[@]}"; do want+=("$p=$(pkg_field "$suite" "$p" Version)"); done
	if [ "$build" = root ]; then
		# The build tools, resolved by apt against an empty status: the
		# compiler the headers depend on (gcc-14, gcc-16-for-host...), the
		# kbuild programs' libraries, and what kbuild runs.
		local cc tools kb
		cc=$(deps "$suite" "$kheaders" | grep -E '^gcc-[0-9]+' | head -n 1)
		[ -n "$cc" ] || die "$suite: $kheaders names no gcc"
		kb=$(printf '%s\n' "${pkgs[@]}" | grep '^linux-kbuild-' | head -n 1)
		tools="$cc $kb make dash bash coreutils sed grep mawk findutils diffutils
			binutils libc6-dev sparse kmod xz-utils zstd"
		# shellcheck disable=SC2086
		mapfile -t want < <(
			printf '%s\n' "${want[@]}"
			papt "$suite" apt-get -s -qq install $tools 2>&1 |
				sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p'
		)
		[ ${#want[@]} -gt ${#pkgs[@]} ] || die "$suite: cannot resolve the build tools ($tools)"
		root=$top/root-$suite
	else
		# The programs linux-kbuild depends on (pahole, for the BTF of
		# modules) that this machine lacks: resolved against the
		# system's dpkg status (read only), unpacked into the kernel's
		# root and put at the end of PATH for its builds.
		local kb progs extra
		kb=$(printf '%s\n' "${pkgs[@]}" | grep '^linux-kbuild-' | head -n 1)
		progs=$(deps "$suite" "$kb" | grep -v '^lib' || true)
		if [ -n "$progs" ]; then
			# shellcheck disable=SC2086
			extra=$(papt "$suite" apt-get -s -qq -o Dir::State::status=/var/lib/dpkg/status \
				install $progs 2>&1 | sed -n 's/^Inst \([^ ]*\) [^(]*(\([^ ]*\) .*/\1=\2/p')
			case $'\n'"$extra" in *$'\n'lib*)
				die "$name: $progs would need libraries this machine lacks: $(echo $extra)" ;;
			esac
			[ -z "$extra" ] || mapfile -t want < <(printf '%s\n' "${want[@]}" $extra)
		fi
		root=$d/root
	fi
	mapfile -t want < <(printf '%s\n' "${want[@]}" | sort -u)
	note "$name: downloading ${#want[@]} packages (cached in ${top#$repo/}/apt/$suite/debs)"
	download "$suite" "${want[@]}"

	# Unpack into a fresh root; swap it in only when complete.
	rm -rf "$root.new"
	new_root "$root.new"
	local debs=()
	for p in "${want[@]}"; do debs+=("$(deb_of "$suite" "${p%%=*}" "${p#*=}")"); done
	note "$name: unpacking into ${root#$repo/}"
	unpack "$root.new" "${debs[@]}"
	local hdr=/usr/src/$kheaders
	[ -e "$root.new$hdr/Makefile" ] || die "$name: $hdr/Makefile missing after unpacking"
	if [ "$build" = root ]; then
		# What maintainer scripts and alternatives would have made.
		[ -e "$root.new/usr/bin/sh" ] || ln -s dash "$root.new/usr/bin/sh"
		[ -e "$root.new/usr/bin/awk" ] || ln -s mawk "$root.new/usr/bin/awk"
		mkdir -p "$root.new"/{dev,proc,tmp,etc}
		chmod 1777 "$root.new/tmp"
		KDIR_IN=$hdr
	else
		# The arch headers include the common ones by absolute path.
		sed -i "s|^include /usr/src/|include $root/usr/src/|" "$root.new$hdr/Makefile"
		KDIR_IN=$root$hdr
	fi
	checker_valid "$root.new" "$hdr"
	printf '%s\n' "${want[@]}" >"$root.new/.imgauth-packages"
	rm -rf "$root"
	mv "$root.new" "$root"
	# 7.x keeps the image beside its modules (linux-binary-KREL).
	local vml=$root/boot/vmlinuz-$krel moddir=$root/usr/lib/modules/$krel
	[ -e "$vml" ] || vml=$moddir/vmlinuz
	[ -e "$vml" ] || die "$name: $vml missing after unpacking"
	[ -d "$moddir/kernel" ] || die "$name: $moddir missing after unpacking"
	# modules.dep & co are made by the image's postinst on a real install.
	depmod -b "$root" "$krel" || die "$name: depmod failed"
	mkdir -p "$d"
	{
		echo "KNAME=$name"
		echo "KREL=$krel"
		echo "SUITE=$suite"
		echo "BUILD=$build"
		echo "ROOT=$([ "$build" = root ] && echo "$root")"
		echo "KDIR=$KDIR_IN"
		echo "VMLINUZ=$vml"
		echo "MODDIR=$moddir"
		echo "MODSRC=$d/mod"
		echo "TOOLS=$([ "$build" = host ] && echo "$root/usr/bin")"
	} >"$info.new"
	mv -f "$info.new" "$info"
	exec 9>&-
	note "$name: $krel ready"
}

# checker_valid ROOT HEADERS: kbuild's C=1 asks the kernel's
# scripts/checker-valid.sh whether sparse is recent enough for the headers
# (7.x); Debian's linux-kbuild does not ship it, so C=1 would silently not
# check. Put an equivalent test in its place: 1 when the checker runs and
# parses __typeof_unqual__, which those headers use.
checker_valid() {
	local root=$1 hdr=$2 common f
	common=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$root$hdr/Makefile" | head -n 1)
	# A host root's Makefile already names its final place, not ROOT.new.
	common=${common#"$root"}
	common=${common#"${root%.new}"}
	[ -n "$common" ] && grep -q 'scripts/checker-valid.sh' "$root$common/Makefile" || return 0
	f=$root$common/scripts/checker-valid.sh
	[ -e "$f" ] && return 0
	cat >"$f" <<'EOF'
#!/bin/sh
# Written by imgauth's scripts/kernels.sh: this kernel's Makefile runs
# scripts/checker-valid.sh CHECK CHECKFLAGS, which Debian's linux-kbuild
# lacks. Prints 1 when CHECK runs and handles what the headers use.
command -v "$1" >/dev/null 2>&1 || { echo 0; exit 0; }
t=$(mktemp) || exit 1
trap 'rm -f "$t"' EXIT
printf 'static inline int f(const int *p)\n{\n\t__typeof_unqual__(*p) x = *p;\n\n\treturn x;\n}\n' >"$t"
if "$@" "$t" 2>&1 | grep -q error; then echo 0; else echo 1; fi
EOF
	chmod 0755 "$f"
}

load_info() { # NAME: fetch if needed, then source its info
	fetch_one "$1" >&2
	# shellcheck disable=SC1090
	. "$(kdir_of "$1")/info"
}

# in_env COMMAND...: run in the loaded kernel's build environment. A root
# is entered in a private mount namespace (nothing to clean up after) with
# /dev, /proc and MODSRC bound in at their host paths.
in_env() {
	if [ -z "$ROOT" ]; then
		PATH=$PATH${TOOLS:+:$TOOLS} "$@"
		return
	fi
	mkdir -p "$ROOT$MODSRC" "$MODSRC"
	local q="" a
	for a in "$@"; do q="$q '${a//\'/\'\\\'\'}'"; done
	unshare --mount --propagation private -- /bin/sh -euc '
		root=$1 src=$2
		shift 2
		mount --rbind /dev "$root/dev"
		mount -t proc proc "$root/proc"
		mount --bind "$src" "$root$src"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/tmp LANG=C TERM=dumb /bin/sh -c "cd \"\$0\" && exec $*" "$src"
	' sh "$ROOT" "$MODSRC" "$q"
}

# sync_sources DIR: the files kbuild needs, copied only when changed so
# that rebuilds stay incremental; sources gone from the tree go there too.
sync_sources() {
	local dst=$1 f
	mkdir -p "$dst"
	(cd "$repo" && ls Kbuild kmod/*.[ch] lib/*.[ch] uapi/linux/*.h) >"$dst/.sources.new"
	while read -r f; do
		mkdir -p "$dst/$(dirname "$f")"
		cmp -s "$repo/$f" "$dst/$f" || cp -p "$repo/$f" "$dst/$f"
	done <"$dst/.sources.new"
	if [ -f "$dst/.sources" ]; then
		while read -r f; do
			grep -qxF "$f" "$dst/.sources.new" || rm -f "$dst/$f" "$dst/${f%.c}.o"
		done <"$dst/.sources"
	fi
	mv -f "$dst/.sources.new" "$dst/.sources"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
list)
	while read -r n s b c; do
		r=""
		[ -f "$(kdir_of "$n")/info" ] && r=$(sed -n 's/^KREL=//p' "$(kdir_of "$n")/info")
		printf '%-8s %-20s %-5s %-5s %s\n' "$n" "$s" "$b" "$c" "${r:-(not fetched)}"
	done < <(awk '!/^[ \t]*(#|$)/' "$conf")
	;;
names)
	conf_names "$([ "${1:-}" = --check ] && echo 1)"
	;;
fetch)
	refresh=""
	[ "${1:-}" = --refresh ] && { refresh=--refresh; shift; }
	if [ $# = 0 ]; then set -- $(conf_names 1); fi
	[ "$*" = all ] && set -- $(conf_names)
	for n in "$@"; do fetch_one "$n" $refresh; done
	;;
info)
	[ $# = 1 ] || die "usage: kernels.sh info NAME"
	load_info "$1"
	cat "$(kdir_of "$1")/info"
	;;
build)
	[ $# -ge 1 ] || die "usage: kernels.sh build NAME [KBUILD-ARGS...]"
	load_info "$1"
	shift
	sync_sources "$MODSRC"
	[ $# -gt 0 ] || set -- modules
	note "$KNAME: building against $KREL$([ -n "$ROOT" ] && echo " in ${ROOT#$repo/}")"
	in_env make -C "$KDIR" M="$MODSRC" IMGAUTH_VERSION="${IMGAUTH_VERSION:-0.1.0}" "$@"
	;;
run)
	[ $# -ge 2 ] || die "usage: kernels.sh run NAME CMD..."
	load_info "$1"
	shift
	mkdir -p "$MODSRC"
	in_env "$@"
	;;
-h | --help | "")
	sed -n '3,34p' "$0" | sed 's/^# \{0,1\}//'
	[ -n "$cmd" ]
	;;
*) die "unknown command '$cmd' (try --help)" ;;
esac
