#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# image sign / image verify --key, offline, against the openssl CLI:
# what "image sign" makes, openssl dgst accepts; what "image verify"
# accepts or rejects, it does for the reason and with the words of the
# kernel and ScreenOS.  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh

hash_of() {
	case $1 in
	*_160*) echo sha1 ;;
	*_224*) echo sha224 ;;
	*) echo sha256 ;;
	esac
}

# Recompute the header cksum after a change, with zlib's CRC-32.
fix_cksum() {
	python3 - "$1" <<'EOF'
import struct, sys, zlib
p = sys.argv[1]
d = bytearray(open(p, 'rb').read())
size = struct.unpack('>I', d[16:20])[0]
h = bytearray(d[:32]); h[28:32] = b'\0' * 4
d[28:32] = struct.pack('>I', zlib.crc32(bytes(h) + bytes(d[32:32 + size])))
open(p, 'wb').write(d)
EOF
}

BOGUS="********Invalid image!!! ********Bogus image - not authenticated!!!"

head -c 5000 /dev/urandom >"$W/payload"
: >"$W/empty"

# ---- every key size: sign, openssl verifies, we verify all key formats ----
for s in $FIXTURE_DSA_SIZES; do
	img=$W/img$s
	run_merged "sign $s" 0 "$T" image sign --key "$K/dsa$s.pem" --sw-version 6.3.0r17 \
		-o "$img" "$W/payload" || continue
	has_line "sign $s" "platform = 23, cpu = 11, version = 2"
	has_line "sign $s" "offset = 20, address = 0, size = 5000"
	has_text "sign $s" "signature = "

	# header + payload, and the trailing signature, for openssl dgst
	head -c 5032 "$img" >"$W/data$s"
	tail -c +5033 "$img" >"$W/sig$s"
	siglen=$(stat -c %s "$W/sig$s")
	if [ "$siglen" -lt 8 ] || [ "$siglen" -gt 72 ]; then
		fail "sign $s: signature of $siglen bytes"
	fi
	run_merged "openssl dgst $s" 0 openssl dgst -"$(hash_of "$s")" -verify "$K/dsa$s.pub.pem" \
		-signature "$W/sig$s" "$W/data$s"
	has_line "openssl dgst $s" "Verified OK"
	# and openssl's signature over the same data verifies with us
	openssl dgst -"$(hash_of "$s")" -sign "$K/dsa$s.pem" -out "$W/osig$s" "$W/data$s"
	cat "$W/data$s" "$W/osig$s" >"$W/oimg$s"
	run_merged "openssl-signed $s" 0 "$T" image verify "$W/oimg$s" --key "$K/imagekey$s.cer"
	has_line "openssl-signed $s" "Image authenticated!"

	for key in imagekey$s.cer imagekey$s.pem.cer dsa$s.pub.pem dsa$s.pub.der; do
		run_merged "verify $s $key" 0 "$T" image verify "$img" --key "$K/$key"
		has_line "verify $s $key" "Image authenticated!"
		has_line "verify $s $key" "offset = 20, address = 0, size = 5000"
	done
	run_merged "verify $s quiet" 0 "$T" -q image verify "$img" --key "$K/imagekey$s.cer"
	[ -s "$W/out" ] && fail "verify $s quiet: printed something"
done

# A signature is randomised: two signs of the same input differ, both verify.
run_merged "sign twice" 0 "$T" image sign --key "$K/dsa1024_160.pem" --date 100 -o "$W/twice" "$W/payload"
cmp -s "$W/twice" "$W/img1024_160" && fail "sign twice: identical images"

# ---- rejections ----
good=$W/img1024_160
key=$K/imagekey1024_160.cer

# a payload byte changed: the checksum
cp "$good" "$W/t1"
patch "$W/t1" 100 "$(od -An -tx1 -j100 -N1 "$good" | tr -d ' ' | tr '0-9a-f' '1-9a-f0')"
run_merged "tampered payload" 4 "$T" image verify "$W/t1" --key "$key"
grep -qE '^cksum = [0-9a-f]{8}, p_hdr->cksum = [0-9a-f]{8}$' "$W/out" ||
	fail "tampered payload: no checksum line"
has_line "tampered payload" "### image corrupted ###"
grep -qF "Image authenticated!" "$W/out" && fail "tampered payload: authenticated"

# ... and the cksum fixed up: DSA
fix_cksum "$W/t1"
run_merged "tampered, cksum fixed" 4 "$T" image verify "$W/t1" --key "$key"
has_line "tampered, cksum fixed" "PKI: DSA verify fails."
has_line "tampered, cksum fixed" "$BOGUS"

run_merged "tampered, quiet" 4 "$T" -q image verify "$W/t1" --key "$key" 2>/dev/null
[ -s "$W/out" ] || fail "tampered, quiet: no reason given"
"$T" -q image verify "$W/t1" --key "$key" 2>/dev/null | grep -q . &&
	fail "tampered, quiet: printed on stdout"

# a header field changed and the cksum fixed up: the signature covers it
cp "$good" "$W/t2"
patch "$W/t2" 12 00001000
fix_cksum "$W/t2"
run_merged "tampered header" 4 "$T" image verify "$W/t2" --key "$key"
has_line "tampered header" "PKI: DSA verify fails."

# the wrong key, same size and other sizes
run_merged "wrong key" 4 "$T" image verify "$good" --key "$K/imagekey1024_160_other.cer"
has_line "wrong key" "PKI: DSA verify fails."
has_line "wrong key" "$BOGUS"
run_merged "wrong key size" 4 "$T" image verify "$good" --key "$K/imagekey2048_256.cer"
has_line "wrong key size" "PKI: DSA verify fails."
# a 256-bit signature against a 160-bit q is out of range before DSA
run_merged "wrong key, r >= q" 4 "$T" image verify "$W/img3072_256" --key "$key"
has_text "wrong key, r >= q" "signature out of range"

# truncated: in the signature, in the payload, inside the header
head -c -5 "$good" >"$W/t3"
run_merged "truncated signature" 4 "$T" image verify "$W/t3" --key "$key"
has_line "truncated signature" "signature is not strict DER: truncated DER"
has_line "truncated signature" "$BOGUS"
head -c 3000 "$good" >"$W/t3"
run_merged "truncated payload" 4 "$T" image verify "$W/t3" --key "$key"
has_text "truncated payload" "offset/size inconsistent with length: offset = 20, size = 5000, file = 3000 bytes"
head -c 20 "$good" >"$W/t3"
run_merged "truncated header" 4 "$T" image verify "$W/t3" --key "$key"
has_line "truncated header" "image too short: 20 bytes, a signed image has at least 40"
run_merged "empty" 4 "$T" image verify "$W/empty" --key "$key"
has_line "empty" "image too short: 0 bytes, a signed image has at least 40"
# bytes appended: the signature is no longer the rest of the file
{ cat "$good"; printf '\0\0'; } >"$W/t3"
run_merged "appended bytes" 4 "$T" image verify "$W/t3" --key "$key"
has_line "appended bytes" "signature is not strict DER: trailing bytes after DER"

# bad magic
cp "$good" "$W/t4"
patch "$W/t4" 0 81ba16ef
run_merged "bad magic" 4 "$T" image verify "$W/t4" --key "$key"
has_line "bad magic" "bad magic number: hdr->magic_number = 81ba16ef, expected 81ba16ee"

# signatures BER accepts and DER does not
sig=$(tail -c +5033 "$good" | od -An -v -tx1 | tr -d ' \n')
mk_sig() {	# mk_sig NAME HEX: the good image with this signature
	head -c 5032 "$good" >"$W/$1"
	printf '%b' "$(echo "$2" | sed 's/../\\x&/g')" >>"$W/$1"
}
mk_sig ber_len "3081${sig:2}"			# non-minimal length
run_merged "BER length" 4 "$T" image verify "$W/ber_len" --key "$key"
has_line "BER length" "signature is not strict DER: bad DER length"
has_line "BER length" "$BOGUS"
mk_sig ber_indef "3080${sig:4}0000"		# indefinite length
run_merged "BER indefinite" 4 "$T" image verify "$W/ber_indef" --key "$key"
has_line "BER indefinite" "signature is not strict DER: bad DER length"
# r with a superfluous leading zero byte
rlen=$((16#${sig:6:2}))
r=${sig:8:$((2 * rlen))}
rest=${sig:$((8 + 2 * rlen))}
mk_sig ber_int "$(printf '30%02x02%02x00' $((16#${sig:2:2} + 1)) $((rlen + 1)))$r$rest"
run_merged "BER padded INTEGER" 4 "$T" image verify "$W/ber_int" --key "$key"
has_line "BER padded INTEGER" "signature is not strict DER: bad DER INTEGER (empty, negative or padded)"
# r = 0: strict DER, out of range
mk_sig zero_r "3006020100020101"
run_merged "r = 0" 4 "$T" image verify "$W/zero_r" --key "$key"
has_line "r = 0" "signature out of range: r and s must be in 1..q-1"
has_line "r = 0" "$BOGUS"
# a P1363 (r || s) signature in place of DER
mk_sig p1363 "$(printf '%040x%040x' 1 1)"
run_merged "P1363 signature" 4 "$T" image verify "$W/p1363" --key "$key"
has_line "P1363 signature" "signature is not strict DER: unexpected DER element"

# platform and cpu, only when asked for
run_merged "platform ok" 0 "$T" image verify "$good" --key "$key" --platform 23 --cpu 11
run_merged "platform hex" 0 "$T" image verify "$good" --key "$key" --platform 0x17 --cpu 0xb
run_merged "platform mismatch" 4 "$T" image verify "$good" --key "$key" --platform 15 --cpu 16
has_line "platform mismatch" "platform mismatch: image is for platform = 23, cpu = 11; this device is platform = 15, cpu = 16"
run_merged "platform only" 4 "$T" image verify "$good" --key "$key" --platform=24
has_line "platform only" "platform mismatch: image is for platform = 23, cpu = 11; this device is platform = 24, cpu = 11"
run_merged "cpu only" 4 "$T" image verify "$good" --key "$key" --cpu 12
has_text "cpu only" "platform mismatch"
run_merged "platform without key" 2 "$T" image verify "$good" --platform 23
run_merged "platform not a number" 2 "$T" image verify "$good" --key "$key" --platform x23
# magic is checked before platform: the first failure is reported
run_merged "magic before platform" 4 "$T" image verify "$W/t4" --key "$key" --platform 1
has_text "magic before platform" "bad magic number"

# keys that are not image keys
run_merged "RSA cert" 4 "$T" image verify "$good" --key "$K/imagekey_rsa.cer"
has_text "RSA cert" "certificate key is RSA, not DSA"
run_merged "RSA PEM cert" 4 "$T" image verify "$good" --key "$K/imagekey_rsa.pem.cer"
has_text "RSA PEM cert" "certificate key is RSA, not DSA"
run_merged "RSA public key" 4 "$T" image verify "$good" --key "$K/rsa2048.pub.pem"
has_text "RSA public key" "public key is RSA, not DSA"
run_merged "DSA 1536/160" 4 "$T" image verify "$good" --key "$K/imagekey1536_160.cer"
has_text "DSA 1536/160" "certificate key is DSA 1536/160: unsupported size"
run_merged "private key as key" 4 "$T" image verify "$good" --key "$K/dsa1024_160.pem"
has_text "private key as key" "private key"
openssl pkey -in "$K/dsa1024_160.pem" -outform DER -out "$W/priv.der"
run_merged "DER private key as key" 4 "$T" image verify "$good" --key "$W/priv.der"
has_text "DER private key as key" "this is a private key"
run_merged "garbage key" 4 "$T" image verify "$good" --key "$W/payload"
has_text "garbage key" "not an X.509 certificate or public key"
run_merged "empty key" 4 "$T" image verify "$good" --key "$W/empty"
has_text "empty key" "empty file"
{ cat "$key"; printf 'x'; } >"$W/trail.cer"
run_merged "cert with trailing byte" 4 "$T" image verify "$good" --key "$W/trail.cer"
has_text "cert with trailing byte" "1 trailing bytes after the certificate"
run_merged "missing key file" 3 "$T" image verify "$good" --key "$W/nonexistent"
run_merged "missing image" 3 "$T" image verify "$W/nonexistent" --key "$key"

# --json verdicts
run_merged "verify json ok" 0 "$T" image verify "$good" --key "$key" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert list(d)==["file","result","status","message","verified_by","key"] and d["result"]=="authenticated" and d["status"]==0 and d["message"]=="Image authenticated!" and d["verified_by"]=="userspace", d' "$W/out" ||
	fail "verify json ok: $(cat "$W/out")"
run_merged "verify json bad" 4 "$T" --json image verify "$W/t1" --key "$key"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["result"]=="bad-signature" and d["status"]==8 and d["message"]=="PKI: DSA verify fails.", d' "$W/out" ||
	fail "verify json bad: $(cat "$W/out")"

# ---- sign: options, defaults, errors ----
run_merged "sign options" 0 "$T" image sign --key "$K/dsa2048_256.pem" --platform 0x0f --cpu 16 \
	--version 18 --address 0x4000000 --date 0x71c0efb8 --sw-version 0x71c0efbc \
	-o "$W/opts" "$W/payload"
has_line "sign options" "platform = 15, cpu = 16, version = 18"
has_line "sign options" "offset = 20, address = 4000000, size = 5000"
grep -qE '^date = 71c0efb8, sw_version = 71c0efbc, cksum = [0-9a-f]+$' "$W/out" ||
	fail "sign options: date/sw_version line"
run_merged "sign options verify" 0 "$T" image verify "$W/opts" --key "$K/imagekey2048_256.cer" \
	--platform 15 --cpu 16

SOURCE_DATE_EPOCH=1408320000 run_merged "SOURCE_DATE_EPOCH" 0 "$T" image sign \
	--key "$K/dsa1024_160.pem" -o "$W/sde" "$W/payload"
has_line "SOURCE_DATE_EPOCH" "date = 53f14200, sw_version = 0, cksum = $(od -An -tx1 -j28 -N4 "$W/sde" | tr -d ' ' | sed 's/^0*//')"
SOURCE_DATE_EPOCH=yesterday run_merged "bad SOURCE_DATE_EPOCH" 2 "$T" image sign \
	--key "$K/dsa1024_160.pem" -o "$W/sde" "$W/payload"
before=$(date +%s)
run_merged "date now" 0 "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/now" "$W/payload"
d=$((16#$(od -An -tx1 -j20 -N4 "$W/now" | tr -d ' ')))
if [ "$d" -lt "$before" ] || [ "$d" -gt $(($(date +%s) + 1)) ]; then
	fail "date now: $d"
fi

run_merged "empty payload" 0 "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/e" "$W/empty"
run_merged "empty payload verify" 0 "$T" image verify "$W/e" --key "$key"

(umask 077; "$T" -q image sign --key "$K/dsa1024_160.pem" -o "$W/mode" "$W/payload") ||
	fail "sign with umask 077"
[ "$(stat -c %a "$W/mode")" = 644 ] || fail "output mode $(stat -c %a "$W/mode"), want 644"

run_merged "sign quiet" 0 "$T" --quiet image sign --key "$K/dsa1024_160.pem" -o "$W/q" "$W/payload"
[ -s "$W/out" ] && fail "sign quiet: printed something"
run_merged "sign json" 0 "$T" --json image sign --key "$K/dsa1024_160.pem" --date 5 -o "$W/q" "$W/payload"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["date"]==5 and d["payload_len"]==5000 and d["total_len"]==5032+d["sig_len"], d' "$W/out" ||
	fail "sign json: $(cat "$W/out")"

run_merged "sign RSA key" 1 "$T" image sign --key "$K/rsa2048.pem" -o "$W/x" "$W/payload"
has_text "sign RSA key" "private key is RSA, not DSA"
run_merged "sign 1536 key" 1 "$T" image sign --key "$K/dsa1536_160.pem" -o "$W/x" "$W/payload"
has_text "sign 1536 key" "unsupported size"
run_merged "sign with public key" 1 "$T" image sign --key "$K/dsa1024_160.pub.pem" -o "$W/x" "$W/payload"
has_text "sign with public key" "not a private key"
run_merged "sign missing key" 3 "$T" image sign --key "$W/nonexistent" -o "$W/x" "$W/payload"
has_text "sign missing key" "No such file"
[ -e "$W/x" ] && fail "a failed sign left $W/x"
run_merged "sign no -o" 2 "$T" image sign --key "$K/dsa1024_160.pem" "$W/payload"
run_merged "sign no key" 2 "$T" image sign -o "$W/x" "$W/payload"
run_merged "sign cpu 256" 2 "$T" image sign --key "$K/dsa1024_160.pem" --cpu 256 -o "$W/x" "$W/payload"
run_merged "sign platform 65536" 2 "$T" image sign --key "$K/dsa1024_160.pem" --platform 65536 -o "$W/x" "$W/payload"
run_merged "sign negative" 2 "$T" image sign --key "$K/dsa1024_160.pem" --date -1 -o "$W/x" "$W/payload"
run_merged "sign trailing junk" 2 "$T" image sign --key "$K/dsa1024_160.pem" --date 12abc -o "$W/x" "$W/payload"
run_merged "sign bad sw-version" 2 "$T" image sign --key "$K/dsa1024_160.pem" --sw-version 6.3.0 -o "$W/x" "$W/payload"
run_merged "sign sw-version 256" 2 "$T" image sign --key "$K/dsa1024_160.pem" --sw-version 6.256.0r1 -o "$W/x" "$W/payload"
run_merged "sign decimal 010" 0 "$T" image sign --key "$K/dsa1024_160.pem" --cpu 010 -o "$W/x" "$W/payload"
has_line "sign decimal 010" "platform = 23, cpu = 10, version = 2"
run_merged "sign missing payload" 3 "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/x2" "$W/nonexistent"
run_merged "unknown option" 2 "$T" image sign --kye "$K/dsa1024_160.pem" -o "$W/x" "$W/payload"
run_merged "unknown verb" 2 "$T" image frobnicate
run_merged "image help" 0 "$T" image help
has_text "image help" "image verify SRC [--key CERT]"

summary
