#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/kernels.sh: the table of supported kernels, its errors, and a
# real fetch of 6.12 (apt-get update and download under the private
# configuration, dpkg-deb, depmod) into a scratch directory, after which
# the system's apt sources, lists, cache and dpkg status are exactly as
# they were. The fetch is seeded with build/kernels' apt cache when there
# is one, so only the lists come from the archive again.
set -u
. tests/lib/host.sh

K=scripts/kernels.sh

run_merged "names --check" 0 $K names --check
has_line "6.1 is checked" 6.1
has_line "6.12 is checked" 6.12
has_line "sid is checked" sid
run_merged "list" 0 $K list
has_text "list names trixie" trixie
run_merged "unknown kernel" 1 $K info 5.10
has_text "unknown kernel named" "unknown kernel '5.10'"
run_merged "unknown command" 1 $K frobnicate
has_text "unknown command named" "unknown command 'frobnicate'"

# The host's kernel needs no fetch and is the one scripts/kver.sh picks
# when it is a 6.1.
run_merged "info 6.1" 0 $K info 6.1
kver=$(scripts/kver.sh)
case $kver in
6.1.*) has_line "6.1 is the default kernel" "KREL=$kver" ;;
esac
has_line "6.1 builds in place" "ROOT="

# Everything of the system that a fetch must leave alone.
system_state() {
	{
		sha256sum /etc/apt/sources.list /etc/apt/sources.list.d/* \
			/var/lib/dpkg/status 2>/dev/null
		ls -l --time-style=+%s /var/lib/apt/lists /var/cache/apt/archives 2>/dev/null
		dpkg-query -W -f='${Package} ${Version} ${Status}\n'
	} | sha256sum
}
before=$(system_state)
export IMGAUTH_KERNELS_DIR=$W/kernels
seed=build/kernels/apt/bookworm-backports/debs
if [ -d "$seed" ]; then
	mkdir -p "$IMGAUTH_KERNELS_DIR/apt/bookworm-backports/debs"
	cp -l "$seed"/*.deb "$IMGAUTH_KERNELS_DIR/apt/bookworm-backports/debs/" 2>/dev/null ||
		cp "$seed"/*.deb "$IMGAUTH_KERNELS_DIR/apt/bookworm-backports/debs/"
fi
run_merged "fetch 6.12" 0 $K fetch 6.12
has_text "fetch says what it found" "6.12: bookworm-backports has 6.12."
run_merged "info 6.12" 0 $K info 6.12
krel=$(sed -n 's/^KREL=//p' "$W/out")
root=$IMGAUTH_KERNELS_DIR/6.12/root
has_line "unpacked under the scratch directory" "KDIR=$root/usr/src/linux-headers-$krel"
[ -f "$root/usr/src/linux-headers-$krel/include/config/auto.conf" ] || fail "no headers config in $root"
[ -f "$root/usr/lib/modules/$krel/modules.dep" ] || fail "no depmod index in $root"
[ -f "$root/boot/vmlinuz-$krel" ] || fail "no kernel image in $root"
contains "headers include their own common part" "$root/usr/src/linux-headers-$krel/Makefile" \
	"include $root/usr/src/"
contains "private sources.list" "$IMGAUTH_KERNELS_DIR/apt/bookworm-backports/etc/sources.list" \
	" bookworm-backports main"
ls "$IMGAUTH_KERNELS_DIR"/apt/bookworm-backports/state/lists/*_Packages* >/dev/null 2>&1 ||
	fail "no private package lists"
# A second fetch is cached: no apt at all.
run_merged "fetch again" 0 $K fetch 6.12
[ ! -s "$W/out" ] || { fail "a cached fetch did something:"; show "$W/out"; }
[ "$(system_state)" = "$before" ] || fail "the system's apt or dpkg state changed"
n=$((n + 1))

summary
