#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Streamable (v2) images offline: "image sign --format v2" makes what
# tests/lib/mkv2.py (a second implementation, over the openssl CLI) makes
# and accepts; "image verify" and "image info" understand both formats,
# and refuse a changed chunk, table, checksum or padding with the words
# the kernel uses.  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh

head -c 300000 /dev/urandom >"$W/payload"
for size in 1024_160 2048_224 3072_256; do
	run "sign v2 $size" 0 "$T" image sign --format v2 --key "$K/dsa$size.pem" \
		--sw-version 6.3.0r17 -o "$W/v2_$size.img" "$W/payload"
	run "verify v2 $size" 0 "$T" image verify "$W/v2_$size.img" --key "$K/imagekey$size.cer"
	has_text "v2 $size authenticated" "Image authenticated!"
	# The payload starts at the aligned offset and is the input, whole.
	off=$(python3 -c "import struct,sys; print(struct.unpack('>I', open(sys.argv[1],'rb').read()[8:12])[0])" "$W/v2_$size.img")
	[ $((off % 4096)) = 0 ] || fail "v2 $size: payload offset $off not aligned"
	tail -c +$((off + 1)) "$W/v2_$size.img" | cmp -s - "$W/payload" ||
		fail "v2 $size: the payload is not the input"
done

run "image info v2" 0 "$T" image info "$W/v2_1024_160.img"
has_text "info says v2" "format = v2 (streamable): 5 chunks of 65536 bytes"
run "image info v2 json" 0 "$T" image info -j "$W/v2_1024_160.img"
json "info json format" 'd["format"] == 2 and d["chunks"] == 5'
run "wrong key" 4 "$T" image verify "$W/v2_1024_160.img" --key "$K/imagekey1024_160_other.cer"
has_text "wrong key refused" "PKI: DSA verify fails."

# The second implementation's images verify here, and its broken ones
# are refused for their reasons.
python3 tests/lib/mkv2.py "$K/dsa1024_160.pem" "$W/payload" "$W/mk" >/dev/null || fail "mkv2.py"
run "mkv2 good" 0 "$T" image verify "$W/mk/v2_good.img" --key "$K/imagekey1024_160.cer"
check_bad() { # FILE WORDS
	run "mkv2 $1" 4 "$T" image verify "$W/mk/$1" --key "$K/imagekey1024_160.cer"
	has_text "$1: $2" "$2"
}
check_bad v2_badchunk.img "chunk 2 does not match its signed digest"
check_bad v2_badtable.img "PKI: DSA verify fails."
check_bad v2_cksum.img "### image corrupted ###"
check_bad v2_pad.img "padding not zero"
check_bad v2_short.img "v2 layout inconsistent"

# v1 stays the default and unchanged.
run "sign v1" 0 "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/v1.img" "$W/payload"
run "v1 info" 0 "$T" image info -j "$W/v1.img"
json "v1 is format 1" 'd["format"] == 1'
run "bad --format" 2 "$T" image sign --format v3 --key "$K/dsa1024_160.pem" -o "$W/x.img" "$W/payload"

summary
