#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make the images the guest tests install: good ones, signed by
`imgauthctl image sign` with real OpenSSL keys, and one malformed image
per rejection class, derived from a good one.

    mkimages.py IMGAUTHCTL KEYDIR OUTDIR
"""
import os
import struct
import subprocess
import sys
import zlib

HDR = struct.Struct(">IHBBIIIIII")


def sign(ctl, key, out, payload, *args):
    subprocess.run([ctl, "-q", "image", "sign", "--key", key, "-o", out,
                    *args, payload], check=True)
    with open(out, "rb") as f:
        return f.read()


def split(img):
    h = list(HDR.unpack(img[:32]))
    size = h[6]
    return h, img[32:32 + size], img[32 + size:]


def join(h, payload, sig, fix_crc=True):
    if fix_crc:
        h = list(h)
        h[9] = 0
        h[9] = zlib.crc32(HDR.pack(*h) + payload) & 0xffffffff
    return HDR.pack(*h) + payload + sig


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return b"\x02" + der_len(len(b)) + b


def der_tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def parse_tlv(b, i=0):
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, b[i:i + n], i + n


def parse_sig(sig):
    _, seq, _ = parse_tlv(sig)
    _, r, j = parse_tlv(seq)
    _, s, _ = parse_tlv(seq, j)
    return int.from_bytes(r, "big"), int.from_bytes(s, "big")


def parse_spki(der):
    """p, q, g, y of a DSA SubjectPublicKeyInfo."""
    _, spki, _ = parse_tlv(der)
    _, alg, j = parse_tlv(spki)
    _, bits, _ = parse_tlv(spki, j)
    _, oid, k = parse_tlv(alg)
    _, params, _ = parse_tlv(alg, k)
    vals, i = [], 0
    while i < len(params):
        _, v, i = parse_tlv(params, i)
        vals.append(int.from_bytes(v, "big"))
    _, y, _ = parse_tlv(bits[1:])
    return vals + [int.from_bytes(y, "big")], oid


def make_spki(p, q, g, y, oid):
    alg = der_tlv(0x30, der_tlv(0x06, oid) +
                  der_tlv(0x30, der_int(p) + der_int(q) + der_int(g)))
    return der_tlv(0x30, alg + der_tlv(0x03, b"\x00" + der_int(y)))


def main():
    ctl, keys, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    k = lambda name: os.path.join(keys, name)
    o = lambda name: os.path.join(out, name)

    payload = o("payload.bin")
    with open(payload, "wb") as f:
        f.write(os.urandom(200000))

    good = sign(ctl, k("dsa1024_160.pem"), o("good.img"), payload,
                "--sw-version", "6.3.0r17")
    sign(ctl, k("dsa1024_160.pem"), o("good2.img"), payload,
         "--sw-version", "6.3.0r19")
    for size in ("2048_224", "2048_256", "3072_256"):
        sign(ctl, k("dsa%s.pem" % size), o("good_%s.img" % size), payload,
             "--sw-version", "6.3.0r17")
    sign(ctl, k("dsa1024_160.pem"), o("loader.img"), payload,
         "--sw-version", "1.0.4r0", "--version", "1")
    sign(ctl, k("dsa1024_160_other.pem"), o("wrong_key.img"), payload)
    sign(ctl, k("dsa1024_160.pem"), o("platform.img"), payload,
         "--platform", "99")
    sign(ctl, k("dsa1024_160.pem"), o("cpu.img"), payload, "--cpu", "12")

    h, body, sig = split(good)
    # A message signed by the openssl CLI, for raw verify-sig checks.
    with open(o("small.msg"), "wb") as f:
        f.write(os.urandom(3000))
    subprocess.run(["openssl", "dgst", "-sha1", "-sign", k("dsa1024_160.pem"),
                    "-out", o("small.sig"), o("small.msg")], check=True)
    bad = {}
    bad["short.img"] = good[:20]
    hm = list(h)
    hm[0] = 0x81ba16ef
    bad["magic.img"] = join(hm, body, sig, fix_crc=False)
    ho = list(h)
    ho[4] = 0x40
    bad["offset.img"] = join(ho, body, sig, fix_crc=False)
    hs = list(h)
    hs[6] += 1000
    bad["size.img"] = join(hs, body, sig, fix_crc=False)
    bad["siglong.img"] = good + bytes(100)
    flipped = bytearray(body)
    flipped[1000] ^= 0x01
    bad["cksum.img"] = join(h, bytes(flipped), sig, fix_crc=False)
    bad["badsig.img"] = join(h, bytes(flipped), sig)
    # Same r and s, BER long-form length: valid BER, not DER.
    r, s = parse_sig(sig)
    inner = der_int(r) + der_int(s)
    bad["ber.img"] = join(h, body, b"\x30\x81" + bytes([len(inner)]) + inner,
                          fix_crc=False)
    bad["trunc.img"] = good[:-5]
    bad["zero_r.img"] = join(h, body, der_tlv(0x30, der_int(0) + der_int(s)),
                             fix_crc=False)
    for name, data in bad.items():
        with open(o(name), "wb") as f:
            f.write(data)

    # A key that parses and is in range, but y is not in the subgroup.
    with open(k("dsa1024_160.pub.der"), "rb") as f:
        (p, q, g, y), oid = parse_spki(f.read())
    with open(o("bad_subgroup.der"), "wb") as f:
        f.write(make_spki(p, q, g, (y + 1) % p, oid))
    for name in ("imagekey1024_160.cer", "imagekey1024_160.pem.cer",
                 "dsa1024_160.pub.pem", "dsa1024_160.pub.der",
                 "dsa3072_256.pub.der",
                 "imagekey3072_256.cer", "imagekey2048_224.cer",
                 "imagekey2048_256.cer", "imagekey_rsa.cer",
                 "imagekey1536_160.cer", "imagekey1024_160_other.cer"):
        with open(k(name), "rb") as src, open(o(name), "wb") as dst:
            dst.write(src.read())


if __name__ == "__main__":
    main()
