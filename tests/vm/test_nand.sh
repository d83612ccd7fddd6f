# SPDX-License-Identifier: GPL-2.0
# NAND (nandsim, 2 KiB pages, 128 KiB blocks): installs, keys and boot
# records on a chip with bad blocks, on one whose pages flip bits (ECC
# corrects them, imgauth scrubs; key, boot record and key policy are
# written there too), every read of a load reporting corrected bit flips
# in turn (each block scrubbed, nothing lost), and on one whose block goes
# bad during an install (marked bad, the next install uses a spare; the
# active image is never touched).
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
rmmod imgauth 2>/dev/null

nand() { # nandsim parameters...: a fresh 128 MiB NAND with imgauth on it
	rmmod imgauth 2>/dev/null
	rmmod nandsim 2>/dev/null
	modprobe nandsim id_bytes=0xec,0xa1,0x00,0x15 "$@" || fail "nandsim $*"
	n=$(sed -n 's/^mtd\([0-9]*\):.*"NAND simulator partition 0"$/\1/p' /proc/mtd)
	[ -n "$n" ] || fail "no nandsim MTD: $(cat /proc/mtd)"
	dmesg -c >/dev/null
	insmod "$IMGAUTH_KO" mtd="$n" || fail "insmod on NAND: $(dmesg | tail -3)"
}

# Bad blocks in NVRAM, in the loader and in both slots.
nand badblocks=1,2,19,30,31,200,300
dmesg | grep -q 'NAND, 7 bad blocks skipped' || fail "bad blocks not skipped: $(dmesg | grep imgauth | tail -3)"
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
expect 0 imgauthctl image install good2.img
expect 0 imgauthctl image install v2_good.img
expect 0 imgauthctl image install --loader loader.img
expect 0 imgauthctl config loader set boot-file nand.bin
cmp v2_good.img /dev/imgauth/image0 || fail "image0 is not the v2 image"
cmp good2.img /dev/imgauth/image1 || fail "image1 is not good2.img"
cmp loader.img /dev/imgauth/loader || fail "the loader differs"
reload mtd="$n"
expect 0 imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
expect 0 imgauthctl image check image0
has "Image authenticated!"
expect 0 imgauthctl config loader show
has "Firmware File Name [nand.bin]"

pass "installs, key and boot record on NAND with 7 bad blocks, across a reload"

# Pages that flip bits: ECC corrects them, imgauth rewrites the blocks.
nand bitflips=1
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
# image1 active: image0's blocks may be scrubbed (those of the only
# bootable image are not), so the reads below can get one rewritten.
expect 0 imgauthctl image install good2.img
# nandsim flips a bit in about one page read in a thousand: read until
# one was corrected and its block rewritten (bounded).
i=0
until dmesg | grep -q 'rewritten (scrubbed)'; do
	i=$((i + 1))
	[ $i -le 200 ] || break
	cat /dev/imgauth/image0 /dev/imgauth/image1 /dev/imgauth/key1 /dev/imgauth/key2 >/dev/null
done
cmp good2.img /dev/imgauth/image1 || fail "image1 reads back wrong under bit flips"
expect 0 imgauthctl image check image0
has "Image authenticated!"
cmp good.img /dev/imgauth/image0 || fail "image0 reads back wrong under bit flips"
dmesg | grep -q 'corrected bit flips in the erase block' || fail "no bit flips were corrected"
dmesg | grep -q 'rewritten (scrubbed)' || fail "no block was scrubbed"
# The boot record and the key policy written under bit flips too, and
# everything read again by a load.
expect 0 imgauthctl config loader set boot-file flip.bin
expect 0 imgauthctl key lock
reload mtd="$n"
expect 0 imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
expect 0 imgauthctl config loader show
has "Firmware File Name [flip.bin]"
expect 0 imgauthctl -j system
has '"locked":true'
has '"key_policy":"ok"'
expect 0 imgauthctl log --verify
pass "bit flips corrected by ECC, blocks scrubbed, images still authenticated"

# Every read a load makes, in turn, reporting corrected bit flips
# (fault_euclean_at): key slots, boot record and key policy copies, the
# journal.  The scrub rewrites each such block (the current record and
# policy copies by two commits); the next load finds the same key, boot
# record and policy, and the journal chain.
nand
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
expect 0 imgauthctl image install good2.img
expect 0 imgauthctl config loader set boot-file scrub.bin
expect 0 imgauthctl key lock
reload mtd="$n" fault_inject=1
mount -t debugfs none /sys/kernel/debug 2>/dev/null
reads=$(cat /sys/kernel/debug/imgauth/reads)
[ "$reads" -gt 0 ] || fail "a load reads nothing"
r=1 scrubbed=0
while [ $r -le "$reads" ]; do
	dmesg -c >/dev/null
	reload mtd="$n" fault_inject=1 fault_euclean_at=$r
	i=0
	until dmesg | grep -q 'rewritten (scrubbed)\|rewriting the block'; do
		i=$((i + 1))
		[ $i -le 20 ] || break
		sleep 0.1
	done
	dmesg | grep -q 'rewriting the block' && fail "read $r: $(dmesg | grep 'rewriting the block')"
	dmesg | grep -q 'rewritten (scrubbed)' && scrubbed=$((scrubbed + 1))
	reload mtd="$n"
	expect 0 imgauthctl key show
	has "len =$(wc -c < dsa1024_160.pub.der)"
	expect 0 imgauthctl config loader show
	has "Firmware File Name [scrub.bin]"
	expect 0 imgauthctl -j system
	has '"active":"image1"'
	has '"locked":true'
	has '"key_policy":"ok"'
	expect 0 imgauthctl image check image1
	expect 0 imgauthctl log --verify
	r=$((r + 1))
done
[ "$scrubbed" -gt 0 ] || fail "no corrected read of a load was scrubbed"
echo "nand: a load's reads=$reads, each corrected once: scrubbed=$scrubbed"
pass "each of the $reads reads of a load corrected in turn: $scrubbed blocks scrubbed, key, record and policy kept"

# A block of image0's pool that fails its second erase (nandsim weak
# block): the install that meets it fails with a flash error, the block is
# marked bad, image1 stays active, and the next install uses a spare.
# image0's pool starts after 9 NVRAM pools of 2 blocks and the loader's
# 8 + 2: block 28.
nand weakblocks=29:1
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
expect 0 imgauthctl image install good2.img
run imgauthctl image install good.img
[ "$RC" != 0 ] || fail "an install over a block that went bad succeeded"
dmesg | grep -q 'went bad (marked)' || fail "the failed block was not marked bad"
expect 0 imgauthctl system --json
has '"active":"image1"'
cmp good2.img /dev/imgauth/image1 || fail "the active image changed"
expect 0 imgauthctl image install good.img
cmp good.img /dev/imgauth/image0 || fail "image0 differs after the retry"
reload mtd="$n"
expect 0 imgauthctl image check image0
has "Image authenticated!"
pass "a block that goes bad fails one install, is marked bad, a spare takes over"
