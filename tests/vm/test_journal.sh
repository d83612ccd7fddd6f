# SPDX-License-Identifier: GPL-2.0
# The install journal (issue 11): a hash-chained ring of 128-byte records
# in NVRAM erase blocks 7 and 8 (512 records each with 64 KiB blocks).
# The chain verifies; a power cut during an append (fault_inject cut_at)
# leaves a torn record that is dropped, not taken for tampering, also when
# it cuts the erase that moves the ring to its other block; a record
# flipped on flash is found by "log --verify"; the ring keeps the newest.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 64 fault_inject=1
mount -t debugfs none /sys/kernel/debug 2>/dev/null
F=/sys/kernel/debug/imgauth
[ -d $F ] || fail "no $F"
reload_same() {
	rmmod imgauth || fail "rmmod"
	insmod "$IMGAUTH_KO" mtd=0 fault_inject=1 || fail "insmod on the same flash"
}
# records: how many the dump holds.
records() { imgauthctl -j log | grep -o '"index":' | wc -l; }
# cut_next: the next erase or program is cut, as a power cut would.
cut_next() { echo $(($(cat $F/ops) + 1)) > $F/cut_at; }
verified() {
	expect 0 imgauthctl log --verify
	has "journal: chain verified, $1 records"
}

expect 0 imgauthctl log --verify
has "journal: empty"
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
expect 4 imgauthctl image install badsig.img
expect 0 imgauthctl key lock
expect 5 imgauthctl key delete
expect 0 imgauthctl log
has "#1 "
has "key-set"
has "install    image0 authenticated          6.3.0r17   image0 authenticated"
has "install    image1 bad-signature          6.3.0r17   image1 bad-signature"
has "key-lock"
has "key delete refused: locked"
verified 5
has "(#1..#5)"
expect 0 imgauthctl -j log --verify
has '"ok":true'
has '"complete":true'
pass "five records, oldest first, chain verified"

# A power cut in the middle of the sixth append: half a record on flash.
cut_next
expect 4 imgauthctl image install badsig.img
[ "$(cat $F/frozen)" = Y ] || [ "$(cat $F/frozen)" = 1 ] || fail "not frozen"
dmesg | grep -q "journal: appending #6 failed" || fail "no failed append in the log"
reload_same
[ "$(dd if=/dev/mtd0 bs=128 skip=$((7 * 512 + 5)) count=1 2>/dev/null | head -c 4)" = IAJ1 ] ||
	fail "no torn record in slot 6"
verified 5
expect 4 imgauthctl image install badsig.img
verified 6
has "(#1..#6)"
[ "$(dd if=/dev/mtd0 bs=128 skip=$((7 * 512 + 6)) count=1 2>/dev/null | head -c 4)" = IAJ1 ] ||
	fail "record #6 is not in slot 7"
pass "power cut during an append: the torn record is dropped, #6 follows #5 in the next slot"

# Fill block 7 (6 records and the torn slot), then cut the erase of block 8.
./ia-nl-flood --count $((512 - 7)) 4 > /dev/null || fail "flood"
[ "$(records)" = 511 ] || fail "block 7 does not hold 511 records"
cut_next
expect 5 imgauthctl key delete
dmesg | grep -q "journal: appending #512 failed" || fail "the switch was not cut"
reload_same
verified 511
expect 5 imgauthctl key delete
verified 512
has "(#1..#512)"
pass "power cut during the erase that moves the ring to block 8: nothing lost, #512 in block 8"

# Tampering: flip one byte of record #2 (block 7, slot 2), module unloaded.
rmmod imgauth || fail "rmmod"
off=$((7 * 65536 + 128 + 40))
b=$(dd if=/dev/mtd0 bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
# shellcheck disable=SC2059	# the byte, as an octal escape
printf "$(printf '\\%03o' $((b ^ 0x20)))" |
	dd of=/dev/mtd0 bs=1 seek=$off conv=notrunc 2>/dev/null || fail "dd"
insmod "$IMGAUTH_KO" mtd=0 fault_inject=1 || fail "insmod"
expect 4 imgauthctl log --verify
has "journal: chain BROKEN at record 2 of 512"
expect 4 imgauthctl -j log --verify
has '"ok":false'
has '"bad_index":1'
expect 0 imgauthctl log
has "record 2 of the dump does not decode"
# Later appends do not hide it.
expect 5 imgauthctl key delete
expect 4 imgauthctl log --verify
has "chain BROKEN at record 2 of 513"
pass "one flipped byte in record #2: log --verify exits 4 and names it"

# The ring: block 8 fills, block 7 (with the flipped record) is erased.
./ia-nl-flood --count 520 4 > /dev/null || fail "flood"
expect 0 imgauthctl log --verify
has "chain verified"
has "older records were overwritten in the ring"
expect 0 imgauthctl -j log --verify
has '"complete":false'
pass "the ring wrapped: the newest records remain, chained"
