# SPDX-License-Identifier: GPL-2.0
# Damaged key slots: one bad slot is rewritten from the good ones; all
# three unreadable means DAMAGED (installs refused, not "no key"); the
# admin recovers by installing or deleting the key.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 16
expect 0 imgauthctl key install imagekey1024_160.cer
rmmod imgauth

# KEY2 lives in the second 64 KiB erase block of the MTD.
flash_erase -q /dev/mtd0 65536 1 || fail "flash_erase"
reload mtd=0
dmesg | grep -q "KEY2 was blank, rewritten from KEY" || fail "no repair logged"
expect 0 imgauthctl key show --json
hasnt '"state":"blank"'
cmp /dev/imgauth/key2 dsa1024_160.pub.der || fail "KEY2 not repaired"
pass "blank KEY2 rewritten from a good slot"

# Garbage in KEY1 (bits flipped: CRC fails).
rmmod imgauth
dd if=/dev/mtd0 of=/tmp/blk bs=65536 count=1 2>/dev/null
printf '\001\002\003\004' | dd of=/tmp/blk bs=1 seek=100 conv=notrunc 2>/dev/null
flash_erase -q /dev/mtd0 0 1 && flashcp /tmp/blk /dev/mtd0 || fail "corrupting KEY1"
reload mtd=0
dmesg | grep -q "KEY1 was damaged, rewritten from KEY" || fail "no KEY1 repair logged"
cmp /dev/imgauth/key1 dsa1024_160.pub.der || fail "KEY1 not repaired"
pass "corrupted KEY1 rewritten"

# All three damaged: not "no key".
rmmod imgauth
for blk in 0 1 2; do
	dd if=/dev/mtd0 of=/tmp/blk bs=65536 skip=$blk count=1 2>/dev/null
	printf 'XXXX' | dd of=/tmp/blk bs=1 seek=200 conv=notrunc 2>/dev/null
	flash_erase -q /dev/mtd0 $((blk * 65536)) 1
	dd if=/tmp/blk of=/dev/mtd0 bs=65536 seek=$blk count=1 2>/dev/null ||
		fail "writing damaged KEY$((blk + 1))"
done
reload mtd=0
dmesg | grep -q "image key slots damaged" || fail "damage not logged"
expect 0 imgauthctl key show
has "KEY1  BAD"
has "image key slots damaged"
sum=$(flash_sum)
expect 4 imgauthctl image install good.img
has "image key slots damaged: install or delete the image key"
[ "$(flash_sum)" = "$sum" ] || fail "install with damaged slots changed flash"
expect 0 imgauthctl get system
has "Image Key: DAMAGED"
pass "three damaged slots: installs refused, state DAMAGED"

expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
has "Image authenticated!"
pass "installing the key recovers"
