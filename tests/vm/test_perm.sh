# SPDX-License-Identifier: GPL-2.0
# Only root changes flash or keys: an unprivileged user gets EPERM from the
# ioctls and from netlink, and cannot open the 0600 device nodes at all.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"
}
cp good.img imagekey1024_160.cer /tmp/
chmod 0644 /tmp/good.img /tmp/imagekey1024_160.cer

expect 0 imgauthctl key install imagekey1024_160.cer
for n in loader image0 image1 key1 key2 key3; do
	[ "$(stat -c %a /dev/imgauth/$n)" = 600 ] || fail "/dev/imgauth/$n is not 0600"
done
pass "device nodes are 0600 root"

# Netlink: changes need CAP_NET_ADMIN; reads do not.
run nobody imgauthctl key delete
[ "$RC" = 5 ] || fail "key delete as nobody exited $RC, expected 5"
has "Operation not permitted"
run nobody imgauthctl key install /tmp/imagekey1024_160.cer
[ "$RC" = 5 ] || fail "key install as nobody exited $RC"
run nobody imgauthctl config loader set boot-file x
[ "$RC" = 5 ] || fail "loader config set as nobody exited $RC"
run nobody imgauthctl image commit image0
[ "$RC" = 5 ] || fail "commit as nobody exited $RC"
run nobody imgauthctl image check image0
[ "$RC" = 5 ] || fail "check as nobody exited $RC"
expect 0 nobody imgauthctl system
expect 0 nobody imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
pass "netlink: EPERM for nobody on every change, reads allowed"

# The device nodes: no access at all.
run nobody imgauthctl image install /tmp/good.img
[ "$RC" = 5 ] || fail "install as nobody exited $RC, expected 5"
has "permission denied"
pass "char devices: nobody cannot open them"

# With the node opened up, the ioctl itself still says EPERM.
chmod 0666 /dev/imgauth/image0 /dev/imgauth/key1
run nobody imgauthctl image install /tmp/good.img
[ "$RC" = 5 ] || fail "install ioctl as nobody exited $RC, expected 5"
run nobody imgauthctl image verify /tmp/good.img
[ "$RC" = 5 ] || fail "dry-run ioctl as nobody exited $RC, expected 5"
chmod 0600 /dev/imgauth/image0 /dev/imgauth/key1
expect 0 imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
expect 0 imgauthctl system --json
has '"active":null'
pass "ioctls: EPERM without CAP_SYS_ADMIN, nothing changed"
