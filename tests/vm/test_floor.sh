# SPDX-License-Identifier: GPL-2.0
# The anti-rollback floor (issue 11): kept in NVRAM, not in an image slot,
# so a fallback cannot lower it; it follows an image once that is marked
# good (trial_boots=3, the default); downgrades are refused before
# anything is written, at install and at the boot check.  BOOT (11) and
# MARK_GOOD (12) are sent with ia-nl-flood until "imgauthctl boot" exists.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 64
reload_same() {
	rmmod imgauth || fail "rmmod"
	insmod "$IMGAUTH_KO" mtd=0 || fail "insmod on the same flash"
}
boot() { ./ia-nl-flood --count 1 11 > /dev/null || fail "BOOT"; }
mark_good() { ./ia-nl-flood --count 1 12 > /dev/null || fail "MARK_GOOD"; }
active() {
	imgauthctl system -j | grep -q "\"active\":\"$1\"" || fail "$1 is not active"
}
floor_is() {
	expect 0 imgauthctl floor show
	has "Anti-rollback floor: $1"
}

expect 0 imgauthctl key install imagekey1024_160.cer
floor_is none
expect 0 imgauthctl floor -j
has '"floor":null'
# A: 6.3.0r17 in image0, on trial: the floor waits for it to be marked good.
expect 0 imgauthctl image install good.img
has "Done: image0 is the active system image"
floor_is none
mark_good
floor_is 6.3.0r17
expect 0 imgauthctl get system
has "Anti-rollback Floor: 6.3.0r17"
pass "the floor follows A (6.3.0r17) once it is marked good"

before=$(flash_sum)
expect 4 imgauthctl image install r16.img
has "image older than the installed floor 6.3.0r17 (the image is 6.3.0r16)"
expect 4 imgauthctl -j image install r16.img
has '"result":"rollback"'
has '"written":false'
expect 4 imgauthctl image install --dry-run r16.img
[ "$(flash_sum)" = "$before" ] || fail "a refused downgrade changed flash"
expect 0 imgauthctl image install --dry-run good.img
pass "downgrade to 6.3.0r16 refused before anything is written: flash byte-identical"

# B: 6.3.0r19 in image1, on trial, never marked good: the trial runs out.
expect 0 imgauthctl image install good2.img
has "Done: image1 is the active system image"
floor_is 6.3.0r17
boot
boot
boot
active image1
boot
active image0
floor_is 6.3.0r17
expect 4 imgauthctl image install r16.img
has "image older than the installed floor 6.3.0r17"
expect 0 imgauthctl log
has "trial of image1 ran out: back to image0"
pass "B's trial ran out: A selected again, the floor still 6.3.0r17, r16 still refused"

# B again, corrupted on flash this time: the boot check falls back.
expect 0 imgauthctl image commit image1
active image1
off=$(imgauthctl system -j | sed 's/.*"name":"image1"[^}]*"offset":\([0-9]*\).*/\1/')
[ -n "$off" ] || fail "no offset for image1"
off=$((off + 5000))
rmmod imgauth || fail "rmmod"
b=$(dd if=/dev/mtd0 bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
# shellcheck disable=SC2059	# the byte, as an octal escape
printf "$(printf '\\%03o' $((b ^ 1)))" |
	dd of=/dev/mtd0 bs=1 seek=$off conv=notrunc 2>/dev/null || fail "dd"
insmod "$IMGAUTH_KO" mtd=0 || fail "insmod"
boot
active image0
floor_is 6.3.0r17
expect 4 imgauthctl image install r16.img
expect 0 imgauthctl log
has "image1 does not verify: booting image0"
pass "B corrupted: the boot check fell back to A, the floor still 6.3.0r17"

# B installed once more and marked good: now the floor is B's.
expect 0 imgauthctl image install good2.img
has "Done: image1 is the active system image"
boot
mark_good
floor_is 6.3.0r19
expect 4 imgauthctl image install good.img
has "image older than the installed floor 6.3.0r19 (the image is 6.3.0r17)"
reload_same
floor_is 6.3.0r19
pass "B marked good: the floor is 6.3.0r19, also after a reload; A refused now"

# floor raise: up only.
expect 4 imgauthctl floor raise 6.3.0r18
has "the anti-rollback floor only rises: it is 6.3.0r19"
expect 0 imgauthctl floor raise 6.3.0r19
has "the floor is 6.3.0r19 already"
expect 2 imgauthctl floor raise 6.3.0
expect 2 imgauthctl floor raise 6.3.0r256
expect 0 imgauthctl -j floor raise 6.3.0r20
has '"floor":"6.3.0r20"'
has "anti-rollback floor raised from 6.3.0r19 to 6.3.0r20"
floor_is 6.3.0r20
dmesg -c > /dev/null
boot
dmesg | grep -q "image older than the installed floor 6.3.0r20 (the image is 6.3.0r19)" ||
	fail "the boot check took an image below the floor"
expect 0 imgauthctl log --verify
has "boot: nothing verifies, recovery needed"
has "floor raised to 6.3.0r20"
has "chain verified"
pass "floor raise: only up; the boot check refuses images below it"
