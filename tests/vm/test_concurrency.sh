# SPDX-License-Identifier: GPL-2.0
# Two installs at once: the second gets EBUSY and changes nothing; the
# first completes.  Memory does not grow with the image (64 KiB pieces).
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 64
expect 0 imgauthctl key install imagekey1024_160.cer
cp big.img good.img /tmp/
cd /tmp

# Not a count: each install also appends a journal record (an event of
# its own, before the install's), and the busy attempt may too.
imgauthctl events > /tmp/events.txt &
evpid=$!
sleep 1
slab0=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
imgauthctl image install big.img > /tmp/first.txt 2>&1 &
first=$!
# The most unreclaimable slab seen while the install runs (bounded: the
# install ends, or the loop does).
slab1=$slab0
i=0
while kill -0 $first 2>/dev/null && [ $i -lt 6000 ]; do
	s=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
	[ "$s" -le "$slab1" ] || slab1=$s
	i=$((i + 1))
	sleep 0.05
done
wait $first || { cat /tmp/first.txt; fail "first install failed"; }
grep -q "Image authenticated!" /tmp/first.txt || fail "first install output"
cmp big.img /dev/imgauth/image0 || fail "big image not on flash"
echo "unreclaimable slab during a 20 MiB install: +$((slab1 - slab0)) KiB"
[ $((slab1 - slab0)) -lt 2048 ] || fail "kernel memory grew with the image"
pass "kernel memory bounded during install"

# An install session held open (ia-stream sleeps after BEGIN): a second
# install meanwhile gets EBUSY and changes nothing; the session completes.
cp "$IMGAUTH_SHARE/ia-stream" "$IMGAUTH_SHARE/v2.img" /tmp/
/tmp/ia-stream --hold 10 v2.img /dev/imgauth/image1 > /tmp/held.txt 2>&1 &
held=$!
i=0
until grep -q "^begin: ok" /tmp/held.txt; do
	i=$((i + 1))
	[ $i -lt 600 ] || { cat /tmp/held.txt; fail "the session never began"; }
	sleep 0.1
done
run imgauthctl image install good.img
[ "$RC" = 1 ] || fail "second install exited $RC, expected 1 (busy)"
has "another install is in progress"
wait $held || { cat /tmp/held.txt; fail "the held session failed"; }
cmp v2.img /dev/imgauth/image1 || fail "the held session's image is not on flash"
pass "second install got EBUSY, the first completed"

i=0
until grep -q "install image0 authenticated: Image authenticated!" /tmp/events.txt; do
	i=$((i + 1))
	[ $i -lt 100 ] || break
	sleep 0.1
done
kill $evpid
cat /tmp/events.txt
grep -q "install image0 authenticated: Image authenticated!" /tmp/events.txt ||
	fail "no install event"
grep -q "journal image0 authenticated" /tmp/events.txt ||
	fail "no journal event"
grep -q "install busy: another install is in progress" /tmp/events.txt ||
	fail "no busy event"
pass "events reported the install"
