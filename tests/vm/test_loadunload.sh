# SPDX-License-Identifier: GPL-2.0
# Load and unload the module 100 times (on RAM and on MTD) with work in
# between: no kernel warnings (the harness panics on any), no leaked
# memory, and the state on MTD survives every reload.
. "$IMGAUTH_TESTS/lib/guest.sh"
rmmod imgauth || fail "rmmod"

# Unreclaimable slab plus vmalloc, in KiB: what a leak would grow.
kmem() {
	awk '/^SUnreclaim:|^VmallocUsed:/ { s += $2 } END { print s }' /proc/meminfo
}
cycle() {
	insmod "$IMGAUTH_KO" "$@" || fail "insmod $*"
	imgauthctl system >/dev/null || fail "system after insmod"
	imgauthctl key show >/dev/null || fail "key show after insmod"
	rmmod imgauth || fail "rmmod"
}

for i in 1 2 3 4 5; do cycle; done
sync; echo 3 > /proc/sys/vm/drop_caches
before=$(kmem)
i=0
while [ $i -lt 100 ]; do
	cycle
	i=$((i + 1))
done
sync; echo 3 > /proc/sys/vm/drop_caches
after=$(kmem)
echo "unreclaimable slab + vmalloc: $before KiB before, $after KiB after 100 cycles"
# One cycle allocates 48 MiB of RAM flash and a few KiB: a leak of either
# shows as far more than this margin over 100 cycles.
[ $((after - before)) -lt 512 ] || fail "kernel memory grew by $((after - before)) KiB"
pass "100 load/unload cycles on the RAM backend, no growth"

modprobe mtdram total_size=16384 erase_size=64 || fail mtdram
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod mtd=0"
cp "$IMGAUTH_SHARE/good.img" "$IMGAUTH_SHARE/imagekey1024_160.cer" /tmp/
imgauthctl -q key install /tmp/imagekey1024_160.cer || fail "key install"
imgauthctl -q image install /tmp/good.img || fail "image install"
rmmod imgauth
before=$(kmem)
i=0
while [ $i -lt 20 ]; do
	insmod "$IMGAUTH_KO" mtd=0 || fail "insmod mtd=0 #$i"
	imgauthctl image check image0 >/dev/null || fail "image0 lost at reload $i"
	rmmod imgauth || fail "rmmod #$i"
	i=$((i + 1))
done
after=$(kmem)
[ $((after - before)) -lt 256 ] || fail "kernel memory grew by $((after - before)) KiB on MTD"
lsmod | grep -q '^mtdram' || fail "mtdram gone"
rmmod mtdram || fail "mtdram still in use after imgauth unloaded (module reference leak)"
pass "20 reloads on MTD keep key and image; MTD references released"
dmesg | grep -E 'imgauth.*(leak|BUG|WARN)' && fail "kernel complained"
pass "dmesg clean"
