#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# image info: the header the ScreenOS way, checksum, signature, JSON;
# on good images, damaged ones and things that are no image at all.
# Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh

# Every key "image info --json" documents, always present.
KEYS='["file","total_len","status","message","ok","magic","magic_ok","format",
"platform","cpu","version","offset","address","size","date","date_utc",
"sw_version","sw_version_str","cksum","cksum_computed","cksum_ok",
"payload_len","sig_len","sig_der","sig_error","sig","sig_r_bits","sig_s_bits"]'

head -c 11627 /dev/urandom >"$W/payload"
: >"$W/empty"

# The header of the SSG-550 firmware in Juniper's procedure:
#   platform = 23, cpu = 11, version = 2
#   offset = 20, address = 0, size = 11627169
#   date = 9422, sw_version = 808031, cksum = 954806c3
"$T" -q image sign --key "$K/dsa1024_160.pem" --date 0x9422 --sw-version 0x808031 \
	-o "$W/ssg" "$W/payload" || fail "sign"
good=$W/ssg
cks=$(od -An -tx1 -j28 -N4 "$good" | tr -d ' ')
siglen=$(($(stat -c %s "$good") - 32 - 11627))

run "info" 0 "$T" image info "$good"
has_line "info" "$good:"
has_line "info" "platform = 23, cpu = 11, version = 2"
has_line "info" "offset = 20, address = 0, size = 11627"
has_line "info" "date = 9422, sw_version = 808031, cksum = ${cks#"${cks%%[!0]*}"}"
has_line "info" "magic_number = 81ba16ee (ok)"
has_line "info" "sw_version = 0.128.128r49"
has_line "info" "date = 1970-01-01 10:32:02 UTC"
has_line "info" "payload = 11627 bytes"
has_line "info" "cksum = $cks, p_hdr->cksum = $cks (ok)"
has_line "info" "total = $((32 + 11627 + siglen)) bytes"
grep -qE "^signature = $siglen bytes, strict DER, r = 1[0-9][0-9] bits, s = 1[0-9][0-9] bits$" "$W/out" ||
	fail "info: signature line: $(grep signature "$W/out")"
[ -s "$W/err" ] && fail "info: stderr: $(cat "$W/err")"

run "info json" 0 "$T" image info "$good" --json
json_line "info json keys" "list(d) == json.loads('''$KEYS''')"
json_line "info json" "d['ok'] is True and d['status'] == 'ok' and d['message'] == ''"
json_line "info json header" "(d['magic'], d['platform'], d['cpu'], d['version'], d['offset'], d['address'], d['size'], d['date'], d['sw_version']) == (0x81ba16ee, 23, 11, 2, 32, 0, 11627, 0x9422, 0x808031)"
json_line "info json strings" "d['date_utc'] == '1970-01-01T10:32:02Z' and d['sw_version_str'] == '0.128.128r49' and d['magic_ok']"
json_line "info json cksum" "d['cksum'] == d['cksum_computed'] == 0x$cks and d['cksum_ok']"
json_line "info json sig" "d['sig_len'] == $siglen and d['sig_der'] and d['sig_error'] is None and len(d['sig']) == 2 * $siglen and d['sig'].startswith('30') and 150 < d['sig_r_bits'] <= 160"
json_line "info json totals" "d['total_len'] == 32 + d['payload_len'] + d['sig_len'] and d['file'] == '$good'"
run "info -j global" 0 "$T" -j image info "$good"
json_line "info -j global" "d['ok']"
if command -v jq >/dev/null; then
	run "info jq" 0 "$T" image info --json "$good"
	[ "$(jq -r .sw_version_str "$W/out")" = 0.128.128r49 ] || fail "jq sw_version_str"
fi

# sw_version the ScreenOS 6.3.0r17 way, and a date past 2038
"$T" -q image sign --key "$K/dsa2048_256.pem" --sw-version 6.3.0r17 --date 0xfffffffe \
	-o "$W/v" "$W/payload" || fail "sign v"
run "info 6.3.0r17" 0 "$T" image info "$W/v"
has_line "info 6.3.0r17" "sw_version = 6.3.0r17"
has_line "info 6.3.0r17" "date = 2106-02-07 06:28:14 UTC"
grep -qE '^date = fffffffe, sw_version = 6030011, cksum = [0-9a-f]+$' "$W/out" || fail "info 6.3.0r17: header line"

# a payload byte flipped: the checksum the ScreenOS way
cp "$good" "$W/corrupt"
patch "$W/corrupt" 1000 "$(od -An -tx1 -j1000 -N1 "$good" | tr -d ' ' | tr '0-9a-f' '1-9a-f0')"
run "corrupt" 4 "$T" image info "$W/corrupt"
grep -qE "^cksum = [0-9a-f]{8}, p_hdr->cksum = $cks\$" "$W/out" ||
	fail "corrupt: no checksum line: $(grep cksum "$W/out")"
has_line "corrupt" "### image corrupted ###"
has_line "corrupt" "platform = 23, cpu = 11, version = 2"
run "corrupt json" 4 "$T" image info "$W/corrupt" --json
json_line "corrupt json keys" "list(d) == json.loads('''$KEYS''')"
json_line "corrupt json" "not d['ok'] and d['status'] == 'bad-checksum' and not d['cksum_ok'] and d['cksum'] == 0x$cks != d['cksum_computed'] and d['message'].endswith('### image corrupted ###')"

# bad magic: everything else still shown
cp "$good" "$W/magic"
patch "$W/magic" 0 deadbeef
run "bad magic" 4 "$T" image info "$W/magic"
has_line "bad magic" "magic_number = deadbeef (bad)"
has_line "bad magic" "bad magic number: hdr->magic_number = deadbeef, expected 81ba16ee"
has_line "bad magic" "platform = 23, cpu = 11, version = 2"
run "bad magic json" 4 "$T" image info "$W/magic" --json
json_line "bad magic json" "d['status'] == 'bad-magic' and d['magic'] == 0xdeadbeef and not d['magic_ok'] and not d['cksum_ok']"  # the CRC covers the magic too

# size beyond the file
cp "$good" "$W/layout"
patch "$W/layout" 16 00ffffff
run "bad size" 4 "$T" image info "$W/layout"
has_line "bad size" "offset/size inconsistent with length: offset = 20, size = 16777215, file = $((32 + 11627 + siglen)) bytes (signature must be 8..72 bytes)"
run "bad size json" 4 "$T" image info "$W/layout" --json
json_line "bad size json" "d['status'] == 'bad-layout' and d['payload_len'] is None and d['sig'] is None and d['cksum_computed'] is None"

# bad offset
cp "$good" "$W/offset"
patch "$W/offset" 8 00000040
run "bad offset" 4 "$T" image info "$W/offset" --json
json_line "bad offset" "d['status'] == 'bad-layout' and d['offset'] == 64"

# a signature that is not DER: the header and cksum are fine (exit 0)
head -c $((32 + 11627)) "$good" >"$W/ber"
printf '\x30\x81\x06\x02\x01\x01\x02\x01\x01' >>"$W/ber"
run "BER signature" 0 "$T" image info "$W/ber"
has_line "BER signature" "signature = 9 bytes, not strict DER: bad DER length"
run "BER signature json" 0 "$T" image info "$W/ber" --json
json_line "BER signature json" "d['ok'] and not d['sig_der'] and d['sig_error'] == 'bad DER length' and d['sig_r_bits'] is None and d['sig'] == '308106020101020101'"

# no signature at all: header and cksum fine, layout not
head -c $((32 + 11627)) "$good" >"$W/unsigned"
run "unsigned" 4 "$T" image info "$W/unsigned" --json
json_line "unsigned" "d['status'] == 'bad-layout' and d['sig_len'] == 0 and d['cksum_ok'] and d['sig_error'] == 'truncated DER'"

# too short for a header, and empty (an empty region)
head -c 20 "$good" >"$W/short"
run "short" 4 "$T" image info "$W/short"
has_line "short" "image too short: 20 bytes, a signed image has at least 40"
has_line "short" "total = 20 bytes"
run "short json" 4 "$T" image info "$W/short" --json
json_line "short json keys" "list(d) == json.loads('''$KEYS''')"
json_line "short json" "d['status'] == 'bad-length' and d['magic'] is None and d['platform'] is None and d['total_len'] == 20"
head -c 36 "$good" >"$W/short2"
run "header only" 4 "$T" image info "$W/short2" --json
json_line "header only" "d['status'] == 'bad-length' and d['platform'] == 23 and d['payload_len'] is None"
run "empty" 4 "$T" image info "$W/empty"
has_line "empty" "$W/empty: empty (no image)"
run "empty json" 4 "$T" image info "$W/empty" --json
json_line "empty json" "d['total_len'] == 0 and d['status'] == 'bad-length'"

# not an image at all
run "random" 4 "$T" image info "$W/payload" --json
json_line "random" "d['status'] in ('bad-magic', 'bad-length')"

# a character device reads to EOF like a file
run "char device" 4 "$T" image info /dev/null
has_line "char device" "/dev/null: empty (no image)"

# a name with characters JSON must escape
cp "$good" "$W/a \"q\" \\b"
run "escaped name" 0 "$T" image info "$W/a \"q\" \\b" --json
json_line "escaped name" "d['file'].endswith('/a \"q\" \\\\b')"

run "missing" 3 "$T" image info "$W/nonexistent"
grep -qF "No such file" "$W/err" || fail "missing: $(cat "$W/err")"
run "directory" 1 "$T" image info "$W"
run "no file" 2 "$T" image info
run "two files" 2 "$T" image info "$good" "$good"
run "unknown option" 2 "$T" image info --frob "$good"

summary
