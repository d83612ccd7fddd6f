# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/vm/test_power_kill.host, the boot after a kill:
#	power_kill_check.sh "KEY/VERSION..."
# the states the host allows (the one before the operation in flight and
# after it, and after the next one, for output still on its way).  Checks
# what common_check does (the module loaded, the slots agree, nothing
# damaged, the selected image verifies, the journal chain), that the
# state is one of those, and that a boot check passes when the key is K1
# (the images are K1's); prints "state: KEY/VERSION".
. "$IMGAUTH_TESTS/lib/guest.sh"
. "$IMGAUTH_TESTS/lib/power_guest.sh"
cd "$IMGAUTH_SHARE" || fail "no share"
snap
why=$(common_check)
[ -z "$why" ] || fail "bricked: $why"
st="$(key_id)/$(region_field "$(active)" sw_version)"
echo "state: $st"
case " $1 " in
*" $st "*) ;;
*) fail "state $st, expected one of: $1" ;;
esac
if [ "$(key_id)" = K1 ]; then
	imgauthctl boot --batch >/dev/null 2>&1 || fail "bricked: the boot check exited $?"
fi
pass "after the kill: $st"
