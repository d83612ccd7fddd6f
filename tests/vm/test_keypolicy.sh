# SPDX-License-Identifier: GPL-2.0
# The locked key policy and fail-closed provisioning (issue 11), on an
# mtdram whose NVRAM survives module reloads, device serial SN-A.
# Statements were made on the host by "imgauthctl key rotate"
# (tests/lib/prep-policy.sh): K1 = 1024/160, K2 = 2048/256, KX a key the
# device never had.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
ARGS="serial=SN-A"
on_mtdram 64 $ARGS
reload_same() {
	rmmod imgauth || fail "rmmod"
	insmod "$IMGAUTH_KO" mtd=0 $ARGS || fail "insmod on the same flash"
}

# ---- lock ----
expect 4 imgauthctl key lock
has "locking needs an installed image key"
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl key lock
has "image key locked"
expect 0 imgauthctl key lock
has "already locked"
expect 0 imgauthctl key show
has "image key locked: it changes only by a statement signed by it"
expect 0 imgauthctl key show -j
has '"locked":true'
expect 0 imgauthctl get system
has "Image Key: installed, locked"
pass "key lock: needs a key, then key show and get system say locked"

# ---- plain changes refused, with the kernel's reason, ScreenOS too ----
before=$(md5sum < /dev/imgauth/key1)
expect 5 imgauthctl key install imagekey2048_256.cer
has "the image key is locked: a new key needs a rotation statement signed by the current key (imgauthctl key rotate)"
mkdir -p /tmp/tftp
cp imagekey2048_256.cer rot_k2.stmt /tmp/tftp/
in.tftpd --listen --address 127.0.0.1:69 --secure -u root /tmp/tftp || fail "in.tftpd"
expect 5 imgauthctl save image-key tftp 127.0.0.1 imagekey2048_256.cer
has "the image key is locked"
expect 5 imgauthctl key delete
has "the image key is locked: deleting it needs a statement signed by it (imgauthctl key rotate --delete)"
expect 5 imgauthctl delete crypto auth-key
has "deleting it needs a statement signed by it"
expect 5 imgauthctl -j key delete
has '"exit":5'
# The ioctls, the other way in, are refused the same way.
expect 1 ./ia-key-ioctl set dsa2048_256.pub.der /dev/imgauth/key1
has "errno 1 status 18: the image key is locked: a new key needs a rotation statement"
expect 1 ./ia-key-ioctl delete /dev/imgauth/key2
has "errno 1 status 18: the image key is locked: deleting it needs a statement"
[ "$(md5sum < /dev/imgauth/key1)" = "$before" ] || fail "a refused change touched KEY1"
cmp /dev/imgauth/key3 dsa1024_160.pub.der || fail "KEY3 lost K1"
pass "locked: key install, key delete, the ScreenOS forms (exit 5) and the ioctls (EPERM) refused, slots untouched"

# ---- statements that must be refused ----
expect 4 imgauthctl key install rot_by_kx.stmt
has "statement refused: it is not signed by the installed image key"
expect 4 imgauthctl key install rot_for_snb.stmt
has "statement refused: it is for another device (serial)"
expect 2 imgauthctl key unlock rot_k2.stmt
has 'holds a rotate statement, which "imgauthctl key install" takes; nothing was sent'
expect 2 imgauthctl key delete rot_k2.stmt
expect 4 imgauthctl key unlock imagekey1024_160.cer
has "is not a key statement"
head -c 200 rot_k2.stmt > /tmp/cut.stmt
expect 4 imgauthctl key install /tmp/cut.stmt
has "statement: truncated"
[ "$(md5sum < /dev/imgauth/key1)" = "$before" ] || fail "a refused statement touched KEY1"
expect 0 imgauthctl system -j
has '"statement_counter":0'
pass "refused: signed by another key, for another serial, wrong verb, not a statement, truncated"

# ---- a good rotation, over TFTP as ScreenOS would fetch it ----
expect 0 imgauthctl save image-key tftp 127.0.0.1 rot_k2.stmt
has "image key rotated: DSA 2048/256 image key"
has "(statement 10)"
has "TFTP Succeeded"
cmp /dev/imgauth/key1 dsa2048_256.pub.der || fail "KEY1 is not K2"
cmp /dev/imgauth/key3 dsa2048_256.pub.der || fail "KEY3 is not K2"
expect 0 imgauthctl system -j
has '"statement_counter":10'
has '"locked":true'
expect 0 imgauthctl image install good_2048_256.img
has "Image authenticated!"
expect 4 imgauthctl image install good.img
has "PKI: DSA verify fails."
pass "rotation K1 -> K2 by a statement signed by K1: installed, still locked, K2 images only"

# ---- replays ----
expect 4 imgauthctl key install rot_k2.stmt
has "statement refused: replayed (its counter is not above the last one accepted)"
expect 4 imgauthctl -j key install rot_k1_low.stmt
has '"exit":4'
has "replayed"
cmp /dev/imgauth/key2 dsa2048_256.pub.der || fail "a replay changed the key"
reload_same
expect 4 imgauthctl key install rot_k2.stmt
has "replayed"
pass "the same statement again, an older counter, and after a reload: replayed"

# Both key policy copies destroyed (NVRAM blocks 5 and 6, written raw with
# the module unloaded): the policy fails closed, and its lost counter comes
# back from the journal, so the used statement is still a replay.
rmmod imgauth || fail "rmmod"
dd if=/dev/urandom of=/dev/mtd0 bs=65536 seek=5 count=2 conv=notrunc 2>/dev/null ||
	fail "writing the policy blocks"
insmod "$IMGAUTH_KO" mtd=0 $ARGS || fail "insmod on the same flash"
expect 0 imgauthctl system -j
has '"key_policy":"damaged"'
has '"locked":true'
expect 4 imgauthctl key install rot_k2.stmt
has "replayed"
cmp /dev/imgauth/key2 dsa2048_256.pub.der || fail "a replay on a damaged policy changed the key"
pass "a damaged policy still refuses replays (the counter comes from the journal)"

# ---- unlock, then a plain install works ----
expect 0 imgauthctl -j key unlock unlock_k2.stmt
has '"result":"unlocked"'
has '"counter":20'
expect 0 imgauthctl key show
hasnt "image key locked"
expect 0 imgauthctl key install imagekey1024_160.cer
cmp /dev/imgauth/key1 dsa1024_160.pub.der || fail "plain install after unlock"
pass "unlock statement for this serial, then plain key install"

# ---- delete by statement under lock ----
expect 0 imgauthctl key lock
expect 5 imgauthctl key delete
expect 0 imgauthctl key delete del_k1.stmt
has "image key deleted by statement 30: unlocked, not provisioned"
expect 0 imgauthctl system -j
has '"key":"none"'
has '"locked":false'
expect 0 imgauthctl image install good.img
has "Ignore image authentication!"
pass "delete statement: key gone, unlocked, images unauthenticated again"

# ---- provisioned, key slots wiped: fail closed ----
expect 0 ./ia-key-ioctl set --provision dsa1024_160.pub.der /dev/imgauth/key3
has "the device is provisioned: it must always have a key"
expect 0 imgauthctl -j key install --provision imagekey1024_160.cer
has '"provisioned":true'
expect 0 imgauthctl image install good.img
expect 0 imgauthctl key lock
expect 0 imgauthctl key show
has "device provisioned: it must always have an image key"
rmmod imgauth || fail "rmmod"
flash_erase -q /dev/mtd0 0 3 || fail "flash_erase of the key slots"
insmod "$IMGAUTH_KO" mtd=0 $ARGS || fail "insmod"
expect 0 imgauthctl system -j
has '"key":"none"'
has '"provisioned":true'
before=$(flash_sum)
expect 4 imgauthctl image install good.img
has "this device is provisioned and must have an image key, but its key slots hold none: refused"
hasnt "Ignore image authentication!"
expect 4 imgauthctl image install --dry-run good.img
expect 4 imgauthctl image check image0
has "this device is provisioned"
[ "$(flash_sum)" = "$before" ] || fail "a refused install changed flash"
dmesg -c > /dev/null
run ./ia-nl-flood --count 1 11
has "ok 1"
dmesg | grep -q "this device is provisioned and must have an image key" ||
	fail "the boot check did not refuse"
dmesg | grep -q "Ignore image authentication" && fail "the boot check failed open"
expect 0 imgauthctl log
has "boot: nothing verifies, recovery needed"
pass "provisioned with wiped slots: installs and the boot check refused, never unauthenticated"

expect 5 imgauthctl key install imagekey2048_256.cer
expect 4 imgauthctl key install rot_wiped_nosigner.stmt
has "the statement must carry the last key (imgauthctl key rotate --include-signer)"
expect 4 imgauthctl key install rot_wiped_kx.stmt
has "it is not signed by the last image key this device had"
expect 0 imgauthctl key install rot_wiped.stmt
has "image key rotated"
cmp /dev/imgauth/key1 dsa2048_256.pub.der || fail "rotation on wiped slots"
expect 0 imgauthctl image install good_2048_256.img
has "Image authenticated!"
pass "wiped slots: a statement carrying the last key (K1) brings K2; others refused"

# K2 is the last key now: wipe again, lift provisioning with its statement.
rmmod imgauth || fail "rmmod"
flash_erase -q /dev/mtd0 0 3 || fail "flash_erase"
insmod "$IMGAUTH_KO" mtd=0 $ARGS || fail "insmod"
expect 4 imgauthctl image install good.img
expect 0 imgauthctl key unprovision unprov_wiped.stmt
has "provisioning lifted by statement 50"
expect 0 imgauthctl system -j
has '"provisioned":false'
expect 0 imgauthctl image install good.img
has "Ignore image authentication!"
pass "wiped slots: an unprovision statement signed by the last key (K2) lifts it"

expect 0 imgauthctl log --verify
has "chain verified"
has "key-rotate"
# A refused statement is journaled under its action, as an applied one is.
printf '%s\n' "$OUT" | grep "statement rotate: bad-statement" | grep -qv "key-rotate" &&
	fail "a refused rotation journaled under another event"
printf '%s\n' "$OUT" | grep "statement unprovision: authenticated" | grep -q "provision" ||
	fail "the unprovision statement is not journaled"
pass "every step journaled, chain intact"
