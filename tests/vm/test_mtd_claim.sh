# SPDX-License-Identifier: GPL-2.0
# While imgauth owns an MTD, nothing else can write it: flash_erase,
# flashcp, mtd_debug and dd on /dev/mtd0 and /dev/mtdblock0 fail and the
# flash stays byte-identical; binding refuses a device that is open;
# unbinding gives the device back; NAND (nandsim) is refused clearly.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 64
modprobe mtdblock || fail "modprobe mtdblock"
i=0
while [ ! -b /dev/mtdblock0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -b /dev/mtdblock0 ] || fail "no /dev/mtdblock0"
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
sum=$(flash_sum)
head -c 65536 /dev/zero >/tmp/zeros

denied() { # NAME CMD...: CMD must fail and leave the flash as it was
	name=$1
	shift
	run "$@"
	[ "$RC" != 0 ] || fail "$name succeeded on a device imgauth owns"
	[ "$(flash_sum)" = "$sum" ] || fail "$name changed the flash"
	pass "$name refused ($(printf '%s' "$OUT" | head -n 1))"
}
denied "flash_erase /dev/mtd0" flash_erase /dev/mtd0 0 0
denied "flashcp to /dev/mtd0" flashcp /tmp/zeros /dev/mtd0
denied "mtd_debug erase" mtd_debug erase /dev/mtd0 0 65536
denied "dd to /dev/mtd0" dd if=/tmp/zeros of=/dev/mtd0 bs=65536 count=1
denied "dd to /dev/mtdblock0" dd if=/tmp/zeros of=/dev/mtdblock0 bs=65536 count=1 conv=fsync
denied "dd into image0 through /dev/mtdblock0" \
	dd if=/tmp/zeros of=/dev/mtdblock0 bs=65536 seek=30 count=1 conv=fsync
# Reading stays possible, and imgauth itself still writes.
cmp good.img /dev/imgauth/image0 || fail "image0 unreadable"
expect 0 imgauthctl image install good2.img
pass "reads work and verified installs still reach flash"

# Unbinding gives the device back.
rmmod imgauth || fail "rmmod"
expect 0 flash_erase -q /dev/mtd0 0 1
pass "after rmmod the MTD is writable again"

# A device in use (open for writing, for reading, or its block device) is
# not bound: imgauth must be its only writer.
for how in rw ro blk; do
	case $how in
	rw) sh -c 'exec 3<>/dev/mtd0; exec sleep 600' & ;;
	ro) sh -c 'exec 3</dev/mtd0; exec sleep 600' & ;;
	blk) sh -c 'exec 3</dev/mtdblock0; exec sleep 600' & ;;
	esac
	holder=$!
	sleep 0.5
	dmesg -c >/dev/null
	if insmod "$IMGAUTH_KO" mtd=0 2>/dev/null; then
		kill $holder
		fail "bound an MTD that is open ($how)"
	fi
	dmesg | grep -q 'is in use' || fail "no 'is in use' message ($how)"
	kill $holder
	wait $holder 2>/dev/null
	pass "refused to bind an MTD open elsewhere ($how)"
done
sleep 0.2
insmod "$IMGAUTH_KO" mtd=0 || fail "bind after the holder closed it"
expect 0 imgauthctl system
pass "binds once nobody else has it open"
rmmod imgauth

# NAND: refused until bad blocks are handled.
modprobe nandsim || fail "modprobe nandsim"
nand=$(sed -n 's/^mtd\([0-9]*\):.*"NAND simulator partition 0"$/\1/p' /proc/mtd)
[ -n "$nand" ] || fail "nandsim registered no MTD: $(cat /proc/mtd)"
dmesg -c >/dev/null
insmod "$IMGAUTH_KO" mtd="$nand" 2>/dev/null && fail "bound NAND flash"
dmesg | grep -q 'is NAND flash, which imgauth does not support yet' ||
	fail "no clear NAND message: $(dmesg | tail -3)"
pass "NAND refused with a clear message"
