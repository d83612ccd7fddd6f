# SPDX-License-Identifier: GPL-2.0
# Nonsense layouts are refused at load, with a message that says which
# parameter is wrong; none of them lets one region overlap another (with
# loader_size=0 a loader install used to overwrite the active image0).
. "$IMGAUTH_TESTS/lib/guest.sh"
rmmod imgauth

refused() { # REASON PARAMS...: insmod fails and the kernel log says REASON
	why=$1
	shift
	dmesg -c >/dev/null
	if insmod "$IMGAUTH_KO" "$@" 2>/dev/null; then
		rmmod imgauth
		fail "insmod imgauth $* was accepted"
	fi
	dmesg | grep -qF -- "$why" || { dmesg | tail -5; fail "no '$why' in the kernel log for $*"; }
	pass "refused $*: $why"
}

refused "loader_size=0: the boot loader region needs at least one erase block" loader_size=0
refused "ram_size=12345: must be a non-zero multiple of 65536" ram_size=12345
refused "ram_size=0: must be a non-zero multiple of 65536" ram_size=0
refused "cannot hold NVRAM (589824) and a" loader_size=$((60 << 20))
refused "too small for two image slots" ram_size=$((2 << 20))
refused "mac=zz: not a MAC address" mac=zz

# A sane layout loads, and the regions do not overlap.
insmod "$IMGAUTH_KO" loader_size=1 || fail "loader_size=1 (rounded up to one block) refused"
dmesg | grep -q "nvram 589824, loader 65536, image0/1" || fail "loader_size=1 not rounded to one erase block"
pass "loader_size=1 gives a one-block loader region"
