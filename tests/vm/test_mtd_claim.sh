# SPDX-License-Identifier: GPL-2.0
# While imgauth owns an MTD, nothing else can write it: flash_erase,
# flashcp, mtd_debug and dd on /dev/mtd0 and /dev/mtdblock0 fail and the
# flash stays byte-identical; binding refuses a device that is open;
# unbinding gives the device back; overlapping partitions and NAND too.
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
	# Until the holder really has it open (bounded).
	i=0
	until [ -e /proc/$holder/fd/3 ] && [ "$(readlink /proc/$holder/exe)" = /usr/bin/sleep ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the holder never opened the device"
		sleep 0.1
	done
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
i=0
while ! insmod "$IMGAUTH_KO" mtd=0 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 30 ] || fail "bind after the holder closed it"
	sleep 0.1
done
expect 0 imgauthctl system
pass "binds once nobody else has it open"
rmmod imgauth

# Partitions overlapping the bound device are made read-only too: a
# partition over the loader region made before binding, and the whole
# chip when a partition is bound; one added later inherits it.
mtdpart add /dev/mtd0 over-loader 0x90000 0x100000 || fail "mtdpart add"
part=$(sed -n 's/^mtd\([0-9]*\):.*"over-loader"$/\1/p' /proc/mtd)
[ -n "$part" ] || fail "no partition: $(cat /proc/mtd)"
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod"
expect 0 imgauthctl image install --loader good.img
sum=$(flash_sum)
denied "flash_erase on a partition over the loader" flash_erase /dev/mtd$part 0 0
denied "flashcp to a partition over the loader" flashcp /tmp/zeros /dev/mtd$part
dmesg | grep -q "mtd$part \"over-loader\" overlaps imgauth's flash: read-only" ||
	fail "no log line for the overlapping partition"
mtdpart add /dev/mtd0 later 0x200000 0x100000 2>/dev/null
later=$(sed -n 's/^mtd\([0-9]*\):.*"later"$/\1/p' /proc/mtd)
if [ -n "$later" ]; then
	denied "a partition added while bound" flash_erase /dev/mtd$later 0 0
fi
rmmod imgauth
expect 0 flash_erase -q /dev/mtd$part 0 1
pass "overlapping partitions are read-only while bound, writable again after"
[ -n "$later" ] && mtdpart del /dev/mtd0 "$later"

# Bound to a partition: the whole chip is what overlaps.
mtdpart del /dev/mtd0 "$part" || fail "mtdpart del"
mtdpart add /dev/mtd0 imgauth-part 0x1000000 0x2000000 || fail "mtdpart add"
part=$(sed -n 's/^mtd\([0-9]*\):.*"imgauth-part"$/\1/p' /proc/mtd)
insmod "$IMGAUTH_KO" mtd="$part" || fail "insmod mtd=$part"
sum=$(flash_sum)
denied "flash_erase on the whole chip under a bound partition" flash_erase /dev/mtd0 0 0
denied "dd on the whole chip under a bound partition" \
	dd if=/tmp/zeros of=/dev/mtd0 bs=65536 seek=10 count=1
rmmod imgauth
mtdpart del /dev/mtd0 "$part" || fail "mtdpart del"
pass "a bound partition makes the whole chip read-only"

# Erase sizes that are not powers of two are refused at bind.
rmmod mtdram
modprobe mtdram total_size=$((64 * 1024)) erase_size=96 || fail "mtdram erase_size=96"
dmesg -c >/dev/null
insmod "$IMGAUTH_KO" mtd=0 2>/dev/null && fail "bound an MTD with 96 KiB erase blocks"
dmesg | grep -q 'unusable geometry (erase 98304' || fail "no geometry message"
rmmod mtdram
modprobe mtdram total_size=$((64 * 1024)) erase_size=64 || fail "mtdram"
pass "a non-power-of-two erase size is refused"

# NAND is claimed the same way (test_nand.sh tests it as flash).
modprobe nandsim id_bytes=0xec,0xa1,0x00,0x15 || fail "modprobe nandsim"
nand=$(sed -n 's/^mtd\([0-9]*\):.*"NAND simulator partition 0"$/\1/p' /proc/mtd)
[ -n "$nand" ] || fail "nandsim registered no MTD: $(cat /proc/mtd)"
insmod "$IMGAUTH_KO" mtd="$nand" || fail "NAND not bound: $(dmesg | tail -3)"
run flash_erase /dev/mtd$nand 0 1
[ "$RC" != 0 ] || fail "flash_erase on a bound NAND succeeded"
rmmod imgauth
pass "NAND is bound and claimed like NOR"
