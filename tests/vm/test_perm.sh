# SPDX-License-Identifier: GPL-2.0
# One privilege rule: whatever changes flash or keys needs CAP_SYS_ADMIN,
# through the ioctls and through netlink alike.  An unprivileged user, a
# user with CAP_NET_ADMIN, and root without CAP_SYS_ADMIN get EPERM and
# cannot open the 0600 device nodes; CAP_SYS_ADMIN alone is enough.
# Unprivileged readers never make an install fail.
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

# Netlink: changes need CAP_SYS_ADMIN; reads do not.
run nobody imgauthctl key delete
[ "$RC" = 5 ] || fail "key delete as nobody exited $RC, expected 5"
has "needs CAP_SYS_ADMIN"
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

# CAP_NET_ADMIN is not enough (it was: GENL_ADMIN_PERM), and root without
# CAP_SYS_ADMIN is refused too.
net_admin() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all,+net_admin --ambient-caps=-all,+net_admin -- "$@"
}
root_without_sys_admin() {
	setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin -- "$@"
}
# CAP_SYS_ADMIN is bit 21 (0x200000), CAP_NET_ADMIN bit 12 (0x1000).
cap_eff() { "$@" sed -n 's/^CapEff:\t*//p' /proc/self/status; }
eff=$(cap_eff net_admin)
[ $((0x$eff & 0x1000)) != 0 ] && [ $((0x$eff & 0x200000)) = 0 ] ||
	fail "net_admin: CapEff $eff"
eff=$(cap_eff root_without_sys_admin)
[ $((0x$eff & 0x200000)) = 0 ] || fail "root_without_sys_admin: CapEff $eff"
for who in net_admin root_without_sys_admin; do
	for cmd in "key delete" "key install /tmp/imagekey1024_160.cer" \
		"config loader set boot-file x" "image commit image0" \
		"image check image0"; do
		# shellcheck disable=SC2086
		run $who imgauthctl $cmd
		[ "$RC" = 5 ] || fail "$who: '$cmd' exited $RC, expected 5"
		has "needs CAP_SYS_ADMIN"
	done
done
expect 0 imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
pass "CAP_NET_ADMIN alone, and root without CAP_SYS_ADMIN: EPERM, key kept"

sys_admin() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all,+sys_admin --ambient-caps=-all,+sys_admin -- "$@"
}
expect 0 sys_admin imgauthctl key delete
expect 0 sys_admin imgauthctl key install /tmp/imagekey1024_160.cer
has Done
pass "CAP_SYS_ADMIN alone (as nobody) may change the key over netlink"

# Readers never make installs fail: two unprivileged floods of "key show"
# requests (netlink, back to back, bounded in time) run while root
# installs 20 times.
cp good.img good2.img ia-nl-flood /tmp/
readers=""
for r in 1 2; do
	nobody /tmp/ia-nl-flood --seconds 300 2 >/tmp/flood.$r &
	readers="$readers $!"
done
sleep 1
busy=0
i=0
while [ $i -lt 20 ]; do
	img=/tmp/good.img
	[ $((i % 2)) = 1 ] && img=/tmp/good2.img
	run imgauthctl image install "$img"
	[ "$RC" = 0 ] || { busy=$((busy + 1)); echo "install $i exited $RC: $OUT"; }
	i=$((i + 1))
done
# shellcheck disable=SC2086
kill $readers
# shellcheck disable=SC2086
wait $readers
cat /tmp/flood.1 /tmp/flood.2
[ $busy = 0 ] || fail "$busy of 20 installs failed while an unprivileged user read the key"
pass "20 installs next to unprivileged key-show floods: none failed"
