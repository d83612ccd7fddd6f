#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seeds for fuzz_stmt and fuzz_journal, which had none: real key
# statements made by "imgauthctl key rotate" with the OpenSSL-made test
# keys, and journal records encoded as lib/ia_journal.c does (offsets and
# CRC-32 the same; the chain's hashes are zeros: the fuzzer's own stand-in
# hash decides the chain). Writes tests/fuzz/seeds/fuzz_{stmt,journal}/;
# run from the repository root after "make", only when the formats
# change (the seeds are checked in).
set -euo pipefail
T=userspace/imgauthctl
K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" >/dev/null

S=tests/fuzz/seeds/fuzz_stmt
rm -rf "$S"
mkdir -p "$S"
"$T" -q key rotate --old "$K/dsa1024_160.pem" --new "$K/imagekey1024_160_other.cer" \
	--counter 1 -o "$S/rotate"
"$T" -q key rotate --old "$K/dsa2048_256.pem" --delete --counter 7 -o "$S/delete"
"$T" -q key rotate --old "$K/dsa1024_160.pem" --unlock --serial SN-A \
	--include-signer --counter 9 -o "$S/unlock-serial-signer"
"$T" -q key rotate --old "$K/dsa2048_224.pem" --unprovision --counter 4294967295 \
	-o "$S/unprovision-max-counter"

J=tests/fuzz/seeds/fuzz_journal
rm -rf "$J"
mkdir -p "$J"
python3 - "$J" <<'PY'
import struct, sys, zlib
out = sys.argv[1]

def rec(seq, event, target, status, text, sw=0x06030011, value=0, cksum=0x1234abcd,
        time=1764720000):
    b = bytearray(b"IAJ1")
    b += struct.pack(">IQHBBIII", seq, time, event, target, status, cksum, sw, value)
    t = text.encode()[:59]
    b += t + b"\0" * (60 - len(t))
    b += b"\0" * 32                       # prev: the fuzzer chains its own
    b += struct.pack(">I", zlib.crc32(bytes(b)))
    assert len(b) == 128
    return bytes(b)

def put(name, data):
    open(f"{out}/{name}", "wb").write(data)

put("one-install", rec(1, 1, 1, 0, "image0 authenticated"))
put("three", rec(1, 1, 1, 0, "image0 authenticated") +
    rec(2, 1, 2, 8, "image1 PKI: DSA verify fails.") + rec(3, 4, 0, 0, "key installed"))
torn = bytearray(rec(4, 1, 1, 0, "image0 authenticated (streamed)"))
torn[100:] = b"\xff" * 28
put("torn-last", rec(3, 1, 1, 0, "floor raised") + bytes(torn))
put("record-then-erased", rec(0xffffffff, 2, 1, 0, "commit") + b"\xff" * 128)
PY
ls -l "$S" "$J"
