# SPDX-License-Identifier: GPL-2.0
# NVRAM details an attacker or a worn chip would find: boot record
# lengths bounded by the regions, sequence numbers that wrap, a commit whose
# read-back fails but which landed reported as landed, corrected bit flips
# scrubbed (and not for the boot loader), keys with a composite q refused,
# and no module alias by which a lookup could load (and bind) imgauth.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
B=65536
REC_A=3
REC_B=4

# A blank mtdram with RECORD written raw to boot record copy COPY.
raw_record() { # COPY FILE [COPY FILE]
	rmmod imgauth 2>/dev/null
	rmmod mtdram 2>/dev/null
	modprobe mtdram total_size=$((64 * 1024)) erase_size=64 || fail "mtdram"
	while [ $# -ge 2 ]; do
		dd if="$2" of=/dev/mtd0 bs=$B seek="$1" conv=notrunc 2>/dev/null ||
			fail "writing $2 to block $1"
		shift 2
	done
}

raw_record $REC_A rec_huge.bin
dmesg -c >/dev/null
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod"
dmesg | grep -q 'image0 holds 2147483647 bytes, more than its' ||
	fail "no message for the oversized length"
n=$(wc -c < /dev/imgauth/image0)
[ "$n" = 0 ] || fail "image0 reads $n bytes from a record claiming 2 GiB"
expect 0 imgauthctl system --json
has '"active":null'
pass "a record's length past its region is treated as empty"

# A flash imgauth does not recognise (random NVRAM) is not written at
# load: the boot record copies stay as they were.
raw_record
dd if=/dev/urandom of=/dev/mtd0 bs=$B seek=$REC_A count=2 conv=notrunc 2>/dev/null
before=$(dd if=/dev/mtd0 bs=$B skip=$REC_A count=2 2>/dev/null | md5sum)
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod"
after=$(dd if=/dev/mtd0 bs=$B skip=$REC_A count=2 2>/dev/null | md5sum)
[ "$before" = "$after" ] || fail "loading wrote over unrecognised boot record blocks"
expect 0 imgauthctl system --json
has '"active":null'
pass "damaged boot records are not overwritten at load"

# One open file never splices two images: an install between two reads
# ends it with ESTALE.
on_mtdram 64
expect 0 imgauthctl image install good.img
expect 0 imgauthctl image install good2.img
exec 3</dev/imgauth/image0
dd bs=4096 count=1 <&3 >/dev/null 2>&1 || fail "first read of image0"
expect 0 imgauthctl image install race.img
if dd bs=4096 count=1 <&3 2>/tmp/dd.err >/tmp/rest; then
	fail "the second read of a replaced image succeeded ($(wc -c </tmp/rest) bytes)"
fi
grep -q 'Stale file handle' /tmp/dd.err || fail "not ESTALE: $(cat /tmp/dd.err)"
exec 3<&-
pass "an install between two reads of one file gives ESTALE, not a mix"

raw_record $REC_A rec_seq_old.bin $REC_B rec_seq_new.bin
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod"
expect 0 imgauthctl config loader show
has "Firmware File Name [seq-new]"
pass "sequence 0 after 0xffffffff is the newer record"

# With fault injection: the read-back of a new record fails, but the
# record landed: the commit says so, and the next load agrees.
on_mtdram 64 fault_inject=1
mount -t debugfs none /sys/kernel/debug 2>/dev/null
F=/sys/kernel/debug/imgauth
[ -d $F ] || fail "no $F"
echo $(($(cat $F/reads) + 1)) > $F/eio_read_at
expect 0 imgauthctl config loader set boot-file landed.bin
dmesg | grep -q 'but record .* is on flash and in effect' || fail "no 'in effect' message"
reload mtd=0
expect 0 imgauthctl config loader show
has "Firmware File Name [landed.bin]"
pass "a failed read-back of a record that landed is reported as landed"

# Corrected bit flips: a key slot is rewritten, the boot loader is not.
reload mtd=0 fault_inject=1
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install --loader loader.img
ops=$(cat $F/ops)
echo $(($(cat $F/reads) + 1)) > $F/euclean_at
dmesg -c >/dev/null
cat /dev/imgauth/key1 >/dev/null
i=0
until dmesg | grep -q 'block at 0x0 rewritten (scrubbed)'; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "KEY1's block was not scrubbed: $(dmesg | tail -3)"
	sleep 0.1
done
[ "$(cat $F/ops)" -ge $((ops + 2)) ] || fail "no erase and program for the scrub"
expect 0 imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
pass "corrected bit flips in KEY1: the block is rewritten, the key kept"
ops=$(cat $F/ops)
echo $(($(cat $F/reads) + 1)) > $F/euclean_at
dmesg -c >/dev/null
head -c 100 /dev/imgauth/loader >/dev/null
i=0
until dmesg | grep -q 'boot loader block at .* has corrected bit flips; it has no second copy'; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "no message for the loader's bit flips: $(dmesg | tail -3)"
	sleep 0.1
done
[ "$(cat $F/ops)" = "$ops" ] || fail "the boot loader was rewritten"
pass "corrected bit flips in the boot loader: logged, not rewritten"

# Keys: q must be prime (s^-1 is computed as s^(q-2)).
expect 4 imgauthctl key install composite_q.der
has "q is not prime"
pass "a key whose q is composite is refused"

# No alias: neither a crypto lookup of "dsa" nor one of the netlink
# family can load the module (and bind flash).
aliases=$(modinfo -F alias "$IMGAUTH_KO")
[ -z "$aliases" ] || fail "module aliases: $aliases"
pass "imgauth.ko has no module alias"

# A damaged key policy stays damaged through a cut commit. Copy A is the
# only one written (B erased) and is damaged afterwards: the policy fails
# closed. The next commit (a floor raise) must not rewrite A in place: cut
# during that program, A would look like a first write that never
# finished, which loads as the default policy (unlocked, not provisioned,
# no floor).
POL_A=5
F=/sys/kernel/debug/imgauth
mount -t debugfs none /sys/kernel/debug 2>/dev/null

# A locked key policy written once (copy A, B erased), then A damaged;
# the module is not loaded.
damaged_policy() {
	on_mtdram 64
	expect 0 imgauthctl key install imagekey1024_160.cer
	expect 0 imgauthctl key lock
	rmmod imgauth
	printf '\000\000\000\000' |
		dd of=/dev/mtd0 bs=1 seek=$((POL_A * B + 20)) conv=notrunc 2>/dev/null ||
		fail "damaging copy A"
}

# Load with fault injection and the load's read of the key policy's copy
# B failing (-EIO, its buffer filled): its read number found by trying
# each in turn (bounded). The module is not loaded before.
insmod_policy_b_unreadable() {
	r=1
	while :; do
		dmesg -c >/dev/null
		insmod "$IMGAUTH_KO" mtd=0 fault_inject=1 fault_eio_read_at=$r ||
			fail "insmod fault_eio_read_at=$r"
		dmesg | grep -q 'key policy: copy B unreadable' && return
		rmmod imgauth
		r=$((r + 1))
		[ $r -le 40 ] || fail "no read of the load is the key policy's copy B"
	done
}

# The next policy commit (a floor raise) cut during its program, then a
# plain load: the policy must still be damaged and locked.
cut_commit_stays_damaged() {
	echo $(($(cat $F/ops) + 2)) > $F/cut_at
	run imgauthctl floor raise 6.3.0r18
	[ "$(cat $F/frozen)" = Y ] || [ "$(cat $F/frozen)" = 1 ] || fail "the floor raise was not cut: $OUT"
	rmmod imgauth
	insmod "$IMGAUTH_KO" mtd=0 || fail "insmod after the cut"
	expect 0 imgauthctl -j system
	has '"key_policy":"damaged"'
	has '"locked":true'
}

damaged_policy
dmesg -c >/dev/null
insmod "$IMGAUTH_KO" mtd=0 fault_inject=1 || fail "insmod fault_inject=1"
dmesg | grep -q 'key policy: copy A damaged or unreadable, copy B erased: treating the key as locked' ||
	fail "the load does not say which copy is damaged: $(dmesg | grep 'key policy')"
expect 0 imgauthctl -j system
has '"key_policy":"damaged"'
cut_commit_stays_damaged
pass "a damaged key policy stays damaged (locked) when its next commit is cut"

# A first write of the key policy cut short (copy A: magic and sequence
# 1, its CRC word still erased; copy B erased) was never in effect: the
# default policy. Not so when copy B cannot be read (the driver filled
# the buffer, here with B's erased bytes): what B holds is unknown, and
# the policy fails closed.
# torn_first_is_default FILE WHAT: copy A holds FILE, B erased: default.
torn_first_is_default() {
	raw_record $POL_A "$1"
	dmesg -c >/dev/null
	insmod "$IMGAUTH_KO" mtd=0 || fail "insmod on $2"
	dmesg | grep -q 'key policy: its first write was cut short' ||
		fail "$2 was not recognised: $(dmesg | grep imgauth | tail -3)"
	expect 0 imgauthctl -j system
	has '"key_policy":"default"'
}
printf 'IA' >/tmp/pol_torn2.bin
printf 'IAPL\000\000\000\001' >/tmp/pol_torn.bin
# Cut two bytes into the magic: still a first write cut short, not damage
# (which would lock and provision a device that may have no key at all).
torn_first_is_default /tmp/pol_torn2.bin "a first policy write cut in its magic"
torn_first_is_default /tmp/pol_torn.bin "a torn first policy write"
rmmod imgauth
insmod_policy_b_unreadable
dmesg | grep -q 'key policy: its first write was cut short' && fail "an unreadable copy B was taken for an erased one"
dmesg | grep -q 'key policy: both copies damaged or unreadable: treating' ||
	fail "the load does not say both copies are unusable: $(dmesg | grep 'key policy')"
expect 0 imgauthctl -j system
has '"key_policy":"damaged"'
has '"locked":true'
has '"provisioned":true'
pass "a torn first policy write with copy B unreadable fails closed, not open"

# The same damaged policy (A damaged, B erased), but copy B fails to read
# at load, once: B's contents are unknown, so the next commit still goes
# to B. Rewriting A in place, cut, would leave what a torn first write
# looks like, and B, readable again, erased: the default policy.
damaged_policy
insmod_policy_b_unreadable
dmesg | grep -q 'key policy: both copies damaged or unreadable' ||
	fail "not both copies unusable: $(dmesg | grep 'key policy')"
cut_commit_stays_damaged
pass "a damaged key policy whose copy B failed to read stays damaged when its next commit is cut"

# A completed, locked policy whose two copies both fail to read at load.
# Either may hold the policy and the other be erased, so a commit that
# rewrote either, cut, could leave what reads as no policy at all (the
# default: unlocked). The load fails closed and the next commit is
# refused, flash untouched; once the copies read, the policy is back.
on_mtdram 64
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl key lock
rmmod imgauth
before=$(flash_sum)
r=1
while :; do
	dmesg -c >/dev/null
	insmod "$IMGAUTH_KO" mtd=0 fault_inject=1 fault_eio_read_at=$r \
		fault_eio_read_count=2 || fail "insmod fault_eio_read_at=$r"
	dmesg | grep -q 'key policy: copy A unreadable' &&
		dmesg | grep -q 'key policy: copy B unreadable' && break
	rmmod imgauth
	r=$((r + 1))
	[ $r -le 40 ] || fail "no two reads of the load are the key policy's copies"
done
dmesg | grep -q 'key policy: both copies damaged or unreadable: treating' ||
	fail "the load does not fail closed: $(dmesg | grep 'key policy')"
expect 0 imgauthctl -j system
has '"key_policy":"damaged"'
has '"locked":true'
dmesg -c >/dev/null
run imgauthctl floor raise 6.3.0r18
[ "$RC" != 0 ] || fail "a commit over two unreadable copies succeeded: $OUT"
dmesg | grep -q 'key policy: not rewritten: neither copy could be read at load' ||
	fail "the refusal is not logged: $(dmesg | grep 'key policy')"
rmmod imgauth
[ "$(flash_sum)" = "$before" ] || fail "the refused commit wrote to flash"
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod once the copies read"
expect 0 imgauthctl -j system
has '"key_policy":"ok"'
has '"locked":true'
pass "both copies of the key policy unreadable: fails closed, the next commit refused, flash untouched"

# KEY1 torn (its CRC word still erased) with KEY2 and KEY3 erased, as
# earlier cuts can leave a slot rewrite: KEY1 held a key, so this is
# damage, not a format that was cut (which would drop the key: no
# authentication). Only a slot whose header is the format's is formatted
# again.
on_mtdram 64
expect 0 imgauthctl key install imagekey1024_160.cer
rmmod imgauth
flash_erase /dev/mtd0 $B 2 >/dev/null 2>&1 || fail "erasing KEY2 and KEY3"
printf '\377\377\377\377' |
	dd of=/dev/mtd0 bs=1 seek=$((16 + 1536)) conv=notrunc 2>/dev/null ||
	fail "tearing KEY1"
dmesg -c >/dev/null
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod on a torn KEY1"
expect 0 imgauthctl -j system
has '"key":"damaged"'
dmesg | grep -q 'formatting' && fail "a torn KEY1 that held a key was formatted"
run imgauthctl image install good.img
[ "$RC" != 0 ] || fail "an install succeeded with the key slots damaged"
pass "a torn KEY1 that held a key is damage (installs refused), never a format"
