#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Streamable (v2) test images, signed by the openssl CLI, independent of
imgauthctl (so the kernel's v2 checks are tested against a second
implementation of the format):

    mkv2.py KEY.pem PAYLOAD OUTDIR [--platform N]

KEY is a DSA 1024/160 key (the images are signed with SHA-1).

v2_good.img        a good v2 image of PAYLOAD
v2_badchunk.img    payload chunk 2 changed after signing (its digest in
                   the signed table no longer matches)
v2_badtable.img    the table entry of chunk 1 changed (signature fails)
v2_cksum.img       table and signature right, header cksum wrong
v2_pad.img         a non-zero byte in the signature area's padding
v2_short.img       the last 100 bytes missing
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HDR = struct.Struct(">IHBBIIIIII")
MAGIC_V2 = 0x81BA16E2
CHUNK = 65536


def payload_off(n):
    end = 48 + 32 * n + 72
    return (end + 4095) // 4096 * 4096


def sign(key, data):
    """DER DSA signature over data; KEY is a 1024/160 key, so SHA-1."""
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        return subprocess.run(["openssl", "dgst", "-sha1", "-sign", key, f.name],
                              capture_output=True, check=True).stdout


def build(key, payload, platform=23, cpu=11, sw=0x06030011, date=0x6b000000,
          tamper=None):
    n = (len(payload) + CHUNK - 1) // CHUNK
    off = payload_off(n)
    table = b"".join(hashlib.sha256(payload[i * CHUNK:(i + 1) * CHUNK]).digest()
                     for i in range(n))
    h = [MAGIC_V2, platform, cpu, 2, off, 0, len(payload), date, sw, 0]
    h[9] = zlib.crc32(HDR.pack(*h) + payload) & 0xffffffff
    if tamper == "cksum":
        h[9] ^= 1
    signed = HDR.pack(*h) + struct.pack(">IIII", CHUNK, n, 0, 0) + table
    # The signature length goes into the extension, which it covers: sign
    # until the length is stable (DER lengths vary by a byte or two).
    for _ in range(20):
        sig = sign(key, signed)
        signed2 = signed[:32] + struct.pack(">IIII", CHUNK, n, len(sig), 0) + table
        sig = sign(key, signed2)
        if len(sig) == struct.unpack(">I", signed2[40:44])[0]:
            signed = signed2
            break
    else:
        raise SystemExit("mkv2: signature length never settled")
    area = sig + bytes(off - len(signed) - len(sig))
    if tamper == "pad":
        area = area[:-1] + b"\x01"
    body = bytearray(payload)
    prefix = bytearray(signed + area)
    if tamper == "chunk":
        body[2 * CHUNK + 100] ^= 0x80
    if tamper == "table":
        prefix[48 + 32 + 5] ^= 1
    return bytes(prefix) + bytes(body)


def main():
    key, payload_file, out = sys.argv[1:4]
    opts = dict(zip(sys.argv[4::2], sys.argv[5::2]))
    platform = int(opts.get("--platform", "23"))
    with open(payload_file, "rb") as f:
        payload = f.read()
    os.makedirs(out, exist_ok=True)
    good = build(key, payload, platform)
    variants = {
        "v2_good.img": good,
        "v2_badchunk.img": build(key, payload, platform, tamper="chunk"),
        "v2_badtable.img": build(key, payload, platform, tamper="table"),
        "v2_cksum.img": build(key, payload, platform, tamper="cksum"),
        "v2_pad.img": build(key, payload, platform, tamper="pad"),
        "v2_short.img": good[:-100],
    }
    for name, data in variants.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
