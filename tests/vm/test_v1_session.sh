# SPDX-License-Identifier: GPL-2.0
# v1 images through an install session (kmod/stream_v1.c): pass 1 runs as
# the pieces arrive, END brings the whole image and pass 2 programs it,
# each piece proven to be the one pass 1 saw. Nothing is erased before
# END has checked the signature, so every refusal before it leaves the
# target slot as it was; a pass-2 buffer that differs is refused before
# any of its bytes stay on flash.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
STREAM=$IMGAUTH_SHARE/ia-stream
on_mtdram 64
expect 0 imgauthctl key install imagekey1024_160.cer

# good.img is 200 000 bytes of payload: four pieces.
expect 0 "$STREAM" good.img /dev/imgauth/image0
has "begin: ok status 0"
has "chunk 3: ok"
has "end: ok status 0: Image authenticated!"
cmp good.img /dev/imgauth/image0 || fail "image0 is not the image"
expect 0 imgauthctl system --json
has '"active":"image0"'
expect 0 imgauthctl image check image0
has "Image authenticated!"
dmesg | grep -q "image0: update new flash image" || fail "no update log line"
pass "v1 through an install session: installed, active, verified on flash"

# The second slot gets good2.img the same way, so image1 holds an image.
expect 0 "$STREAM" good2.img /dev/imgauth/image1
cmp good2.img /dev/imgauth/image1 || fail "image1 is not good2.img"
has "end: ok status 0"

# Refusals before END's pass 2: nothing changes, the target keeps its
# bytes (image0 now: image1 is active).
untouched() { # NAME WHAT ARGS...: refused with WHAT, flash as it was
	name=$1 what=$2
	shift 2
	b0=$(md5sum </dev/imgauth/image0)
	b1=$(md5sum </dev/imgauth/image1)
	run "$STREAM" "$@" /dev/imgauth/image0
	[ "$RC" = 1 ] || [ "$RC" = 3 ] || fail "$name: accepted (exit $RC)"
	[ -z "$what" ] || has "$what"
	[ "$(md5sum </dev/imgauth/image0)" = "$b0" ] || fail "$name: the target slot changed"
	[ "$(md5sum </dev/imgauth/image1)" = "$b1" ] || fail "$name: the active image changed"
	expect 0 imgauthctl system --json
	has '"active":"image1"'
	pass "$name: refused, flash unchanged"
}
untouched "a bad signature" "PKI: DSA verify fails." badsig.img
untouched "another key's image" "PKI: DSA verify fails." wrong_key.img
untouched "a wrong checksum" "### image corrupted ###" cksum.img
untouched "a piece swapped during the session" "### image corrupted ###" \
	--alt 2:piece2.img good.img
untouched "another platform" "platform" platform.img
untouched "END with a shorter image" "END brings" --end-from trunc.img good.img
untouched "abandoned after two pieces" "" --stop-after 2 good.img
dmesg | grep -q "install session abandoned after 131072 of 200" ||
	fail "no log line for the abandoned v1 session"
# END whose buffer differs from what the chunks brought (one byte of its
# third piece): pass 2 finds it before programming it; what it had
# programmed is erased and the slot recorded empty, never holding a byte
# that was not verified; the active image stays.
b1=$(md5sum </dev/imgauth/image1)
run "$STREAM" --end-from piece2.img good.img /dev/imgauth/image0
[ "$RC" = 1 ] || fail "a changed pass-2 buffer was accepted (exit $RC)"
has "the image changed while it was being installed"
[ "$(wc -c </dev/imgauth/image0)" = 0 ] || fail "image0 holds bytes after a refused pass 2"
[ "$(md5sum </dev/imgauth/image1)" = "$b1" ] || fail "the active image changed"
expect 0 imgauthctl system --json
has '"active":"image1"'
pass "END with a buffer other than the chunks': refused, the slot erased"

# An empty CHUNK after the last piece: there is no piece there (the old
# code took it, and wrote its tag past the end of the tag array when the
# image was a multiple of 64 KiB long: good128k.img is).
untouched "an empty piece after the last" "the image has 0 there" \
	--extra-empty good.img
untouched "an empty piece after the last of a 128 KiB image" "the image has 0 there" \
	--extra-empty good128k.img

# The floor raised while the pieces come: END refuses what is now below
# it (the image is 6.3.0r17), and nothing is written.
b0=$(md5sum </dev/imgauth/image0)
"$STREAM" --hold 4 good.img /dev/imgauth/image0 >/tmp/held.txt 2>&1 &
held=$!
await_begin /tmp/held.txt
expect 0 imgauthctl floor raise 6.3.0r18
wait $held && { cat /tmp/held.txt; fail "END installed an image below the floor raised meanwhile"; }
grep -q "image older than the installed floor 6.3.0r18" /tmp/held.txt ||
	{ cat /tmp/held.txt; fail "no floor refusal at END"; }
[ "$(md5sum </dev/imgauth/image0)" = "$b0" ] || fail "a refused END changed image0"
pass "the floor raised during a session: END refuses, nothing written"

b0=$(md5sum </dev/imgauth/image0)
expect 0 "$STREAM" --dry-run good2.img /dev/imgauth/image0
has "end: ok status 0: Image authenticated!"
[ "$(md5sum </dev/imgauth/image0)" = "$b0" ] || fail "a dry run changed image0"
pass "a dry run through a session: authenticated, nothing written"

# The device is free again, and a session installs after all that.
expect 0 "$STREAM" good2.img /dev/imgauth/image0
cmp good2.img /dev/imgauth/image0 || fail "image0 is not the image"
pass "the device is free after every refusal"
