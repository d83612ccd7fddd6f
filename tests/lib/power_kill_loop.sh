# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/vm/test_power_kill.host: on a blank flash, install
# K1 and 6.3.0r17; then loop over key and image installs until the host
# kills QEMU, printing "@N OP" before and "+N" after operation N, so the
# host knows what was in flight.  The operations, in a cycle (the host
# has the same list): K1, 6.3.0r17, K2, K1, 6.3.0r19.
. "$IMGAUTH_TESTS/lib/guest.sh"
. "$IMGAUTH_TESTS/lib/power_guest.sh"
cd "$IMGAUTH_SHARE" || fail "no share"
snap
if [ "$(active)" = null ]; then
	imgauthctl -q key install imagekey1024_160.cer || fail "setup: key"
	imgauthctl -q image install p17.img >/dev/null || fail "setup: image"
	echo "setup: K1 6.3.0r17"
fi
echo "loop: start"
i=0
while [ $i -lt 1000 ]; do
	for op in K1 img17 K2 K1 img19; do
		i=$((i + 1))
		echo "@$i $op"
		case $op in
		K1) imgauthctl -q key install imagekey1024_160.cer ;;
		K2) imgauthctl -q key install imagekey2048_256.cer ;;
		img17) imgauthctl -q image install p17.img ;;
		img19) imgauthctl -q image install p19.img ;;
		esac >/dev/null 2>&1 || fail "operation $i ($op) failed"
		echo "+$i"
	done
done
