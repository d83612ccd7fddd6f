# SPDX-License-Identifier: GPL-2.0
# The caller's buffer changes between two kernel reads of the same bytes
# (userfaultfd makes the moment exact, see tests/tools/ia_uffd_race.c):
#  - between the verify pass and the programming pass: nothing that was
#    not verified may reach flash, and a refused install leaves the slot
#    (or the boot loader region) erased;
#  - between the header checks and the hash: the header that is checked
#    must be the one that is hashed, so an image signed for platform 99
#    cannot pass as one for this platform 23 with a forged version.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
RACE=$IMGAUTH_SHARE/ia-uffd-race

# How many 4 KiB pages of race.img (or the swapped-in page) flash holds.
good_on_flash() { grep -c -a '^IMGAUTH-GOOD-MARKER' /dev/mtd0; }
evil_on_flash() { grep -c -a '^IMGAUTH-EVIL-MARKER' /dev/mtd0; }

fresh() {
	on_mtdram 64
	expect 0 imgauthctl key install imagekey1024_160.cer
	[ "$(good_on_flash)" = 0 ] || fail "a fresh flash holds image pages"
}

# The helper works: with nothing swapped it installs, every page faulting
# once per pass.
fresh
expect 0 "$RACE" race.img /dev/imgauth/image0
has "status: 0"
has "fault page 40 #2 image"
cmp race.img /dev/imgauth/image0 || fail "image0 differs from race.img"
pages=$(good_on_flash)
[ "$pages" -ge 48 ] || fail "only $pages marked pages on flash"
pass "control: an unchanged buffer installs ($pages marked pages on flash)"

# Attack 1: page 40 (third 64 KiB piece) is swapped after the verify pass.
fresh
run "$RACE" --alt 40:2+:race_evil.img race.img /dev/imgauth/image0
[ "$RC" = 1 ] || fail "image0: a buffer changed after verification was accepted (exit $RC)"
has "fault page 40 #2 alt"
has "status: 14"
has "the image changed while it was being installed"
n=$(evil_on_flash)
[ "$n" = 0 ] || fail "image0: $n swapped-in (unverified) pages reached flash"
n=$(good_on_flash)
[ "$n" = 0 ] || fail "image0: the refused image left $n pages on flash, not an erased region"
expect 0 imgauthctl system --json
has '"active":null'
pass "image0: bytes changed after verification never reach flash; slot left erased"

# The boot loader has no second copy: it is read from the caller once, so
# the swap cannot touch what is verified and programmed, and a loader that
# was there is only replaced by a verified one.
fresh
expect 0 imgauthctl image install --loader loader.img
run "$RACE" --alt 40:2+:race_evil.img race.img /dev/imgauth/loader
[ "$RC" = 0 ] || fail "loader: the verified copy was not installed (exit $RC)"
case $OUT in *"fault page 40 #2"*) fail "loader: the caller's buffer was read twice" ;; esac
[ "$(evil_on_flash)" = 0 ] || fail "loader: swapped-in pages reached flash"
cmp race.img /dev/imgauth/loader || fail "loader: flash is not the verified image"
pass "loader: read once, the verified copy is what is programmed"
expect 0 imgauthctl image install --loader loader.img
run imgauthctl image install --loader badsig.img
[ "$RC" != 0 ] || fail "loader: a bad signature was accepted"
cmp loader.img /dev/imgauth/loader || fail "loader: a refused loader changed the installed one"
pass "loader: a refused loader leaves the installed one as it was"

# The same attack on the second install: the active image is untouched.
fresh
expect 0 imgauthctl image install race.img
before=$(md5sum < /dev/imgauth/image0)
run "$RACE" --alt 40:2+:race_evil.img race.img /dev/imgauth/image1
[ "$RC" = 1 ] || fail "second install: changed buffer accepted"
[ "$(evil_on_flash)" = 0 ] || fail "second install: unverified pages on flash"
[ "$(md5sum < /dev/imgauth/image0)" = "$before" ] || fail "the active image changed"
expect 0 imgauthctl system --json
has '"active":"image0"'
pass "a refused second install leaves the active image as it was"

# Attack 2: the first read of the header (offset 4080: bytes 0-15 in page
# 0, 16-31 in page 1) shows platform 23, 9.9.9r99; later reads show the
# real header of an image signed for platform 99.
fresh
run "$RACE" --offset 4080 --alt 0:1:plat99_forged.img --alt 1:1:plat99_forged.img \
	plat99.img /dev/imgauth/image0
has "fault page 0 #1 alt"
[ "$RC" = 1 ] || fail "an image signed for platform 99 was installed behind a forged header"
# The forged header keeps the real cksum (a checker that hashed other bytes
# than it checked would have passed it): checked and hashed together, the
# forged header does not match its own checksum.
has "status: 6"
has "### image corrupted ###"
expect 0 imgauthctl system --json
has '"active":null'
hasnt '9.9.9r99'
pass "header: what is checked is what is hashed (forged header refused)"

# Not a race, the baseline of the one above: the real header of an image
# signed for platform 99 is refused on its platform.
fresh
run "$RACE" --offset 4080 plat99.img /dev/imgauth/image0
[ "$RC" = 1 ] || fail "platform 99 image accepted"
has "status: 4"
has "platform mismatch: image is for platform = 99"
expect 0 imgauthctl system --json
has '"active":null'
pass "header: a real platform-99 header is refused"
