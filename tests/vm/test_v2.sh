# SPDX-License-Identifier: GPL-2.0
# Streamable (v2) images, made by tests/lib/mkv2.py (the openssl CLI, not
# imgauthctl): installed from one buffer and through an install session
# (tests/tools/ia_stream.c), verified on flash, and every way to break one
# refused before a byte of it stays on flash.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
STREAM=$IMGAUTH_SHARE/ia-stream
INSTALL=$IMGAUTH_SHARE/ia-uffd-race	# with no --alt: one plain INSTALL ioctl
on_mtdram 64
expect 0 imgauthctl key install imagekey1024_160.cer

# One buffer, one ioctl.
expect 0 "$INSTALL" v2_good.img /dev/imgauth/image0
has "status: 0"
cmp v2_good.img /dev/imgauth/image0 || fail "image0 is not the v2 image"
expect 0 imgauthctl image check image0
has "Image authenticated!"
pass "v2 from one buffer: installed, verified on flash"

# A session: prefix, then one chunk per ioctl.
expect 0 "$STREAM" v2_good.img /dev/imgauth/image1
has "begin: ok status 0: Image authenticated!"
has "chunk 4: ok"
has "end: ok status 0"
cmp v2_good.img /dev/imgauth/image1 || fail "image1 is not the v2 image"
expect 0 imgauthctl system --json
has '"active":"image1"'
pass "v2 through an install session"

# Refusals: each leaves the active image1 as it was and the target empty.
refused() { # NAME WHAT ARGS...: refused with WHAT, nothing kept
	name=$1 what=$2
	shift 2
	before=$(md5sum </dev/imgauth/image1)
	run "$STREAM" "$@" /dev/imgauth/image0
	[ "$RC" = 1 ] || fail "$name: accepted (exit $RC)"
	has "$what"
	[ "$(md5sum </dev/imgauth/image1)" = "$before" ] || fail "$name: the active image changed"
	[ "$(wc -c </dev/imgauth/image0)" = 0 ] || fail "$name: image0 holds bytes"
	expect 0 imgauthctl system --json
	has '"active":"image1"'
	pass "$name refused: $what"
}
refused "a chunk that does not match its signed digest" \
	"chunk 2 does not match its signed digest" v2_badchunk.img
refused "a changed table entry" "PKI: DSA verify fails." v2_badtable.img
refused "a wrong checksum" "### image corrupted ###" v2_cksum.img
refused "non-zero padding" "not the whole prefix of a v2 image" v2_pad.img
refused "a short image" "v2 layout inconsistent" v2_short.img
refused "a chunk swapped during the session" \
	"chunk 2 does not match its signed digest" --alt 2:v2_badchunk.img v2_good.img

# Abandoned after two chunks: the file is closed, the slot erased.
run "$STREAM" --stop-after 2 v2_good.img /dev/imgauth/image0
[ "$RC" = 3 ] || fail "stop-after did not stop (exit $RC)"
[ "$(wc -c </dev/imgauth/image0)" = 0 ] || fail "an abandoned session left image0 readable"
dmesg | grep -q "install session abandoned after 2 of 5 chunks; image0 erased" ||
	fail "no log line for the abandoned session"
expect 0 "$STREAM" v2_good.img /dev/imgauth/image0
pass "an abandoned session erases its slot and frees the device"

# While a session is open the key cannot change and other installs wait.
"$STREAM" --hold 6 v2_good.img /dev/imgauth/image1 >/tmp/held.txt 2>&1 &
held=$!
await_begin /tmp/held.txt
run imgauthctl key install imagekey2048_224.cer
[ "$RC" != 0 ] || fail "the key changed during an install session"
has "an install session is open"
run imgauthctl image install good.img
[ "$RC" = 1 ] || fail "a second install during a session exited $RC, not busy"
wait $held || { cat /tmp/held.txt; fail "the held session failed"; }
expect 0 imgauthctl key show
has "len =$(wc -c < dsa1024_160.pub.der)"
pass "an open session keeps the key and other installs out"

# Dry run: verified, nothing written.
sum=$(flash_sum)
expect 0 "$STREAM" --dry-run v2_good.img /dev/imgauth/image0
[ "$(flash_sum)" = "$sum" ] || fail "a dry-run session wrote flash"
pass "a dry-run session writes nothing"

# The boot loader takes v2 too (copied once, checked whole, then written).
expect 0 "$INSTALL" v2_good.img /dev/imgauth/loader
cmp v2_good.img /dev/imgauth/loader || fail "the loader is not the v2 image"
run "$INSTALL" v2_badchunk.img /dev/imgauth/loader
[ "$RC" = 1 ] || fail "a bad v2 loader was accepted"
cmp v2_good.img /dev/imgauth/loader || fail "a refused v2 loader changed the installed one"
pass "v2 boot loader: installed; a refused one leaves the old one"
