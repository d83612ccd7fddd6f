#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make what the attack tests (tests/vm/test_attacks.sh) hand the kernel:

    mkattacks.py IMGAUTHCTL KEYDIR OUTDIR

race.img        a signed image of about 200 KiB whose every 4 KiB page starts
                with the text "IMGAUTH-GOOD-MARKER", so that any of its bytes
                on flash can be found with grep
race_evil.img   the same with page 40 (in the third 64 KiB piece) replaced by
                "IMGAUTH-EVIL-MARKER" lines: what an attacker swaps in
plat99.img      an image signed for platform 99, sw_version 6.3.0r17
plat99_forged.img  the same with a header claiming platform 23, 9.9.9r99 and
                another date (cksum kept): what an attacker shows the checks
composite_q.der a DSA 1024/160 key whose g and y lie in a subgroup of order q,
                but q is the product of two 80-bit primes
rec_huge.bin    a boot record (valid CRC) whose image0 length exceeds any
                region
rec_seq_old.bin / rec_seq_new.bin  two records with sequence numbers
                0xffffffff and 0 (wrapped: the second is newer), boot files
                "seq-old" and "seq-new"
"""
import os
import random
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkimages  # noqa: E402

PAGE = 4096
DSA_OID = bytes.fromhex("2a8648ce380401")


def marked_payload(size, seed):
    rnd = random.Random(seed)
    out = bytearray(rnd.randbytes(size))
    for page in range(0, size, PAGE):
        tag = b"\nIMGAUTH-GOOD-MARKER page %d\n" % (page // PAGE)
        out[page:page + len(tag)] = tag[:max(0, min(len(tag), size - page))]
    return bytes(out)


def is_probable_prime(n, rounds=40):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = random.randrange(2, n - 1)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def random_prime(bits):
    while True:
        n = random.getrandbits(bits) | (1 << (bits - 1)) | 1
        if is_probable_prime(n):
            return n


def composite_q_key():
    """p, q, g, y with q composite and g of order dividing q."""
    while True:
        q = random_prime(80) * random_prime(80)
        if q.bit_length() == 160:
            break
    while True:
        k = random.getrandbits(1024 - 160) | (1 << (1024 - 161))
        p = k * q + 1
        if p.bit_length() == 1024 and is_probable_prime(p):
            break
    while True:
        g = pow(random.randrange(2, p - 1), (p - 1) // q, p)
        if g != 1:
            break
    y = pow(g, random.randrange(2, q), p)
    assert pow(g, q, p) == 1 and pow(y, q, p) == 1
    return mkimages.make_spki(p, q, g, y, DSA_OID)


REC = struct.Struct(">III")


def boot_record(seq, active, regions, boot_file):
    """The 156-byte boot record of kmod/bootrec.c."""
    b = bytearray(REC.pack(0x49414e52, seq, active << 24))
    for length, state, cksum, ver, date in regions:
        b += struct.pack(">IBxxxIII", length, state, cksum, ver, date)
    b += boot_file.encode().ljust(64, b"\0")
    b += bytes(16)
    b += struct.pack(">I", zlib.crc32(bytes(b)) & 0xffffffff)
    assert len(b) == 156
    return bytes(b)


def main():
    ctl, keys, out = sys.argv[1:4]
    key = os.path.join(keys, "dsa1024_160.pem")
    o = lambda name: os.path.join(out, name)
    random.seed(20261201)

    with open(o("race.bin"), "wb") as f:
        f.write(marked_payload(200000, 1))
    good = mkimages.sign(ctl, key, o("race.img"), o("race.bin"),
                         "--sw-version", "6.3.0r17")
    evil = bytearray(good)
    line = b"IMGAUTH-EVIL-MARKER\n"
    evil[40 * PAGE:41 * PAGE] = (line * (PAGE // len(line) + 1))[:PAGE]
    with open(o("race_evil.img"), "wb") as f:
        f.write(evil)

    real = mkimages.sign(ctl, key, o("plat99.img"), o("race.bin"),
                         "--platform", "99", "--sw-version", "6.3.0r17")
    h, body, sig = mkimages.split(real)
    h[1] = 23
    h[7] = 0x12345678
    h[8] = (9 << 24) | (9 << 16) | (9 << 8) | 99
    with open(o("plat99_forged.img"), "wb") as f:
        f.write(mkimages.join(h, body, sig, fix_crc=False))
    os.unlink(o("race.bin"))

    with open(o("composite_q.der"), "wb") as f:
        f.write(composite_q_key())

    empty = [(0, 0, 0, 0, 0)] * 3
    huge = [(0, 0, 0, 0, 0), (0x7fffffff, 2, 0, 0, 0), (0, 0, 0, 0, 0)]
    with open(o("rec_huge.bin"), "wb") as f:
        f.write(boot_record(7, 1, huge, "huge"))
    with open(o("rec_seq_old.bin"), "wb") as f:
        f.write(boot_record(0xffffffff, 0xff, empty, "seq-old"))
    with open(o("rec_seq_new.bin"), "wb") as f:
        f.write(boot_record(0, 0xff, empty, "seq-new"))


if __name__ == "__main__":
    main()
