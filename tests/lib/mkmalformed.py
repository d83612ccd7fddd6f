#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed images for tests/vm/test_malformed.sh, derived from good ones:

    mkmalformed.py IMGAUTHCTL KEYDIR OUTDIR [--long]

OUTDIR gets good.img (v1), good2.img (v2, two chunks), the image key's
certificate, the mutations under m/ and two manifests, one line each:

    m/image.list   FILE EXPECTED KIND   installed as a system image
    m/loader.list  FILE EXPECTED KIND   installed with --loader

EXPECTED is the enum imgauth_status the refusal must carry (the "status"
of `imgauthctl image install --json`), or "none" where no verdict is due.
It is not written by hand per mutation: verdict() below is a second
implementation of the checks, in their documented order
(docs/image-format.md), including a DSA verification of its own, and of
what imgauthctl decides itself before the kernel sees a v2 image.  A
mutation the model would accept is not written at all (counted as
"accepted by the model"); that count must be 0 for everything but a
mutation equal to the original, which is skipped.

Mutations (KIND):
  hdr-B-V        v1 header byte B set to V (0x00, 0xff, B ^ 0x01; every
                 value 0..255 with --long); cksum left as it was
  hdrfix-B-V     the same with the cksum recomputed (what an attacker who
                 knows the CRC does): the signature must catch it
  trunc-N        the first N bytes (both sides of every header field's end,
                 the signature's boundaries; with --long every length up to
                 255 and every 16th)
  size-X/off-X   size or offset fields that overflow 32-bit arithmetic or
                 point past the end, raw and with the cksum recomputed
  sig-*          another key, wrong platform or cpu (valid signatures),
                 trailing garbage, non-DER, over-long and out-of-range
                 signatures, every signature byte flipped
  body-*         a payload byte flipped, raw and with the cksum recomputed
  v2hdr-B-V      v2 header and extension byte B (0..47) set to V
  v2tab-*, v2sig-*, v2pad-*, v2body-*, v2trunc-*, v2tail-*   the chunk
                 table, signature, padding, payload, truncations, trailing
                 bytes of the v2 image
"""
import hashlib
import os
import random
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkimages  # noqa: E402

HDR = struct.Struct(">IHBBIIIIII")
MAGIC, MAGIC_V2 = 0x81BA16EE, 0x81BA16E2
CHUNK = 65536
SIG_MIN, SIG_MAX = 8, 72
PLATFORM, CPU = 23, 11

# enum imgauth_status
OK, UNAUTH, E_LENGTH, E_MAGIC, E_PLATFORM, E_LAYOUT, E_CKSUM = 0, 1, 2, 3, 4, 5, 6
E_SIGFORMAT, E_SIGNATURE = 7, 8
NONE = "none"

# The regions of the 8 MiB mtdram of test_malformed.sh (64 KiB blocks: 9
# NVRAM, 16 loader, 51 per image slot); the test checks these sizes.
IMAGE_REGION = 51 * 65536
LOADER_REGION = 16 * 65536


def be32(b, o):
    return struct.unpack(">I", b[o:o + 4])[0]


def v2_payload_off(n):
    end = 48 + n * 32 + SIG_MAX
    return (end + 4095) // 4096 * 4096


def v2_chunk_len(size, i):
    start = i * CHUNK
    return 0 if start >= size else min(CHUNK, size - start)


class Key:
    def __init__(self, spki):
        (self.p, self.q, self.g, self.y), _ = mkimages.parse_spki(spki)


def der_next(b, i, tag):
    """lib/ia_der.c der_next(): (content start, end) or None."""
    if len(b) - i < 2 or b[i] != tag:
        return None
    n = b[i + 1]
    i += 2
    if n >= 0x80:
        k = n & 0x7f
        if k == 0 or k > 4 or len(b) - i < k or b[i] == 0:
            return None
        n = int.from_bytes(b[i:i + k], "big")
        if n < 0x80:
            return None
        i += k
    if n > len(b) - i:
        return None
    return i, i + n


def der_uint(b, i):
    c = der_next(b, i, 0x02)
    if not c:
        return None
    s, e = c
    v = b[s:e]
    if not v or v[0] & 0x80 or (v[0] == 0 and len(v) > 1 and not v[1] & 0x80):
        return None
    return int.from_bytes(v, "big"), e


def sig_parse(sig):
    """Strict DER Dss-Sig-Value -> (r, s), or None (IMGAUTH_E_SIGFORMAT)."""
    c = der_next(sig, 0, 0x30)
    if not c or c[1] != len(sig):
        return None
    seq = sig[:c[1]]
    r = der_uint(seq, c[0])
    if not r:
        return None
    s = der_uint(seq, r[1])
    if not s or s[1] != c[1]:
        return None
    return r[0], s[0]


def sig_verdict(key, signed, sig):
    """E_SIGFORMAT, E_SIGNATURE or OK, as DSA with SHA-1 (1024/160) says."""
    rs = sig_parse(sig)
    if rs is None:
        return E_SIGFORMAT
    r, s = rs
    if not (0 < r < key.q and 0 < s < key.q):
        return E_SIGNATURE
    z = int.from_bytes(hashlib.sha1(signed).digest(), "big")
    w = pow(s, -1, key.q)
    v = pow(key.g, z * w % key.q, key.p) * pow(key.y, r * w % key.q, key.p)
    return OK if v % key.p % key.q == r else E_SIGNATURE


def hdr_crc(img, size):
    h = bytearray(img[:32])
    h[28:32] = bytes(4)
    return zlib.crc32(bytes(h) + img[32:32 + size]) & 0xffffffff


def v1_kernel(key, img, region):
    """The kernel on a v1 file handed over whole (IMGAUTH_IOC_INSTALL)."""
    n = len(img)
    if n >= 32 and be32(img, 0) == MAGIC_V2:
        return v2_kernel(key, img, region)
    if n < 32 + SIG_MIN or n > region:
        return E_LENGTH
    magic, plat, cpu, _, off, _, size, _, _, cksum = HDR.unpack(img[:32])
    if magic != MAGIC:
        return E_MAGIC
    if plat != PLATFORM or cpu != CPU:
        return E_PLATFORM
    rest = n - 32
    if off != 32 or size > rest or not SIG_MIN <= rest - size <= SIG_MAX:
        return E_LAYOUT
    if hdr_crc(img, size) != cksum:
        return E_CKSUM
    return sig_verdict(key, img[:32 + size], img[32 + size:])


def v2_checks(key, prefix, total, region):
    """check_v2(), the padding rule and the prefix's signature."""
    if total < 48 or len(prefix) < 48:
        return E_LENGTH
    if total > min(region, 0xffffffff):
        return E_LENGTH
    _, plat, cpu, _, off, _, size, _, _, _ = HDR.unpack(prefix[:32])
    if plat != PLATFORM or cpu != CPU:
        return E_PLATFORM
    chunk, n, sig_len, res = struct.unpack(">IIII", prefix[32:48])
    want = (size + CHUNK - 1) // CHUNK
    poff = v2_payload_off(n)
    if (chunk != CHUNK or n != want or res or not SIG_MIN <= sig_len <= SIG_MAX
            or off != poff or total != poff + size):
        return E_LAYOUT
    sig_off = 48 + 32 * n
    if poff != len(prefix) or any(prefix[sig_off + sig_len:]):
        return E_LAYOUT
    return sig_verdict(key, prefix[:sig_off], prefix[sig_off:sig_off + sig_len])


def v2_chunks(prefix, body, size, n, short_is):
    """The payload after a good prefix: chunk digests, then the length."""
    for i in range(n):
        want = v2_chunk_len(size, i)
        piece = body[i * CHUNK:i * CHUNK + want]
        if len(piece) < want:
            return short_is if not piece else E_LAYOUT
        if hashlib.sha256(piece).digest() != prefix[48 + 32 * i:80 + 32 * i]:
            return E_SIGNATURE
    return OK


def v2_kernel(key, img, region):
    """The kernel on a whole v2 file (the loader: ia_stream_src())."""
    n = len(img)
    bound = v2_payload_off((region + CHUNK - 1) // CHUNK)
    plen = min(n, 48)
    want = v2_payload_off(be32(img, 36)) if plen == 48 else 0
    if want > n or want > bound or want < 48:
        want = plen
    st = v2_checks(key, img[:want], n, region)
    if st:
        return st
    size = be32(img, 16)
    nch = be32(img, 36)
    # check_v2 made the length exactly offset + size: no short chunk.
    st = v2_chunks(img, img[want:], size, nch, E_LENGTH)
    if st:
        return st
    return OK if hdr_crc_v2(img, want, size) == be32(img, 28) else E_CKSUM


def hdr_crc_v2(img, off, size):
    h = bytearray(img[:32])
    h[28:32] = bytes(4)
    return zlib.crc32(bytes(h) + img[off:off + size]) & 0xffffffff


def tool_install(key, img, region):
    """imgauthctl image install FILE on an image slot (cmd_install.c,
    v2image.c): v1 goes whole to the kernel, v2 through a session."""
    n = len(img)
    if n > region:
        return NONE		# refused by its size before it is read
    if n < 4 or be32(img, 0) != MAGIC_V2:
        return v1_kernel(key, img, region)
    if n < 48:
        return E_LENGTH	# "the image ended inside its v2 prefix"
    nch = be32(img, 36)
    size = be32(img, 16)
    pwant = v2_payload_off(nch)
    total = pwant + size
    if total > region or pwant > region:
        return E_LENGTH	# "more than the slot holds"
    if n < pwant:
        return E_LENGTH
    bound = v2_payload_off((region + CHUNK - 1) // CHUNK)
    if pwant > bound:
        return E_LAYOUT	# the kernel: no v2 prefix for this slot is that long
    prefix = img[:pwant]
    st = v2_checks(key, prefix, total, region)
    if st:
        return st
    body = img[pwant:]
    # The tool sends the chunks it has; a missing one is the END's
    # "ended after N of M chunks", a short one the kernel's layout error.
    st = v2_chunks(prefix, body, size, nch, E_LENGTH)
    if st:
        return st
    if len(body) > size:
        return E_LAYOUT	# "more data than the v2 header's size"
    return OK if hdr_crc_v2(img, pwant, size) == be32(img, 28) else E_CKSUM


def loader_install(key, img):
    n = len(img)
    if n > LOADER_REGION:
        return NONE
    return v1_kernel(key, img, LOADER_REGION)


def fixcrc_v1(img):
    b = bytearray(img)
    size = be32(b, 16)
    if 32 + size <= len(b):
        b[28:32] = struct.pack(">I", hdr_crc(bytes(b), size))
    return bytes(b)


def set_hdr(img, field, value, fix):
    h = list(HDR.unpack(img[:32]))
    h[field] = value
    out = HDR.pack(*h) + img[32:]
    return fixcrc_v1(out) if fix else out


class Out:
    def __init__(self, key, outdir, long):
        self.key = key
        # Without --long every 4th of the loader candidates is installed
        # as a loader too (a loader install costs as much as an image's).
        self.loader_every = 1 if long else 4
        self.loader_seen = 0
        self.dir = os.path.join(outdir, "m")
        os.makedirs(self.dir, exist_ok=True)
        self.lists = {"image": [], "loader": []}
        self.seen = set()
        self.skipped = 0	# equal to the original
        self.model_ok = []	# would be accepted: must stay empty

    def add(self, kind, data, orig, loader=False):
        if data == orig:
            self.skipped += 1
            return
        if loader:
            self.loader_seen += 1
            loader = self.loader_seen % self.loader_every == 0
        digest = hashlib.sha1(data).hexdigest()
        name = "m/%s.img" % kind
        if digest in self.seen:
            self.skipped += 1
            return
        self.seen.add(digest)
        exp = tool_install(self.key, data, IMAGE_REGION)
        lexp = loader_install(self.key, data) if loader else None
        if exp in (OK, UNAUTH) or lexp in (OK, UNAUTH):
            self.model_ok.append(kind)
            return
        with open(os.path.join(self.dir, kind + ".img"), "wb") as f:
            f.write(data)
        self.lists["image"].append("%s %s %s" % (name, exp, kind))
        if loader:
            self.lists["loader"].append("%s %s %s" % (name, lexp, kind))

    def write(self):
        for which, lines in self.lists.items():
            with open(os.path.join(self.dir, which + ".list"), "w") as f:
                f.write("".join(line + "\n" for line in lines))


def header_values(orig, long):
    """0x00, 0xff and the byte with its low bit flipped; with --long every
    value."""
    if long:
        return range(256)
    return sorted({0x00, 0xff, orig ^ 0x01})


def bit_values(orig, long):
    """One flipped bit; with --long 0x00, 0xff and every single-bit flip."""
    if long:
        return sorted({0x00, 0xff} | {orig ^ (1 << k) for k in range(8)})
    return [orig ^ 0x01]


def v1_mutations(o, key, good, other, plat, cpu, long, rnd):
    h, body, sig = mkimages.split(good)
    n = len(good)
    # Every header byte, raw and with the CRC fixed.
    for b in range(32):
        for v in header_values(good[b], long):
            m = bytearray(good)
            m[b] = v
            o.add("hdr-%02d-%02x" % (b, v), bytes(m), good,
                  loader=v == 0xff)
        # With the CRC fixed: a flipped bit shows that the signature
        # covers the byte.
        for v in bit_values(good[b], long) if b < 28 else ():
            m = bytearray(good)
            m[b] = v
            o.add("hdrfix-%02d-%02x" % (b, v), fixcrc_v1(bytes(m)), good,
                  loader=False)
    # Truncations: both sides of every header field's end, the payload
    # and signature boundaries.
    cuts = {0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 19, 20, 23, 24, 27,
            28, 31, 32, 33, 39, 40, n - 1, n - 2, n - len(sig),
            n - len(sig) + 1, n - len(sig) - 1, n - SIG_MIN, 32 + 1000}
    if long:
        cuts |= set(range(0, 256)) | set(range(0, n, 16))
    for c in sorted(cuts):
        o.add("trunc-%05d" % c, good[:c], good, loader=c % 8 == 0)
    # Sizes and offsets that overflow 32-bit sums, or point past the end.
    size = h[6]
    for v in (0, 1, size - 1, size + 1, n, n - 32, n - 32 - SIG_MIN + 1,
              n - 32 - SIG_MAX - 1, 0x7fffffff, 0x80000000, 0xffffffff,
              0xffffffe0, 0xffffffd8, 0xfffffff8, (size + 2 ** 32 - 32) % 2 ** 32,
              (size - 2 ** 32 + 64) % 2 ** 32, size | 0x80000000):
        for fix in (False, True):
            o.add("size-%08x%s" % (v % 2 ** 32, "-fix" if fix else ""),
                  set_hdr(good, 6, v % 2 ** 32, fix), good, loader=fix)
    for v in (0, 0x1f, 0x21, 0x40, n, n + 1, 0x7fffffff, 0x80000020,
              0xffffffff, 0xffffffe0, 2 ** 32 - n, 0x100000020):
        for fix in (False, True):
            o.add("off-%08x%s" % (v % 2 ** 32, "-fix" if fix else ""),
                  set_hdr(good, 4, v % 2 ** 32, fix), good, loader=fix)
    # Valid signatures that must still be refused.
    o.add("sig-otherkey", other, good, loader=True)
    o.add("sig-platform99", plat, good, loader=True)
    o.add("sig-cpu12", cpu, good, loader=True)
    # Trailing garbage after the signature.
    for t in (1, 2, 8, SIG_MAX - len(sig), SIG_MAX - len(sig) + 1, 100, 4096):
        o.add("sig-trail-%d" % t, good + bytes(rnd.randbytes(t)), good,
              loader=True)
        o.add("sig-trailzero-%d" % t, good + bytes(t), good, loader=False)
    # Non-DER encodings of the same r and s, and other shapes.
    r, s = mkimages.parse_sig(sig)
    ri, si = mkimages.der_int(r), mkimages.der_int(s)
    tlv = mkimages.der_tlv
    q = key.q
    shapes = {
        "ber-long": b"\x30\x81" + bytes([len(ri + si)]) + ri + si,
        "ber-long2": b"\x30\x82\x00" + bytes([len(ri + si)]) + ri + si,
        "indefinite": b"\x30\x80" + ri + si + b"\x00\x00",
        "set": tlv(0x31, ri + si),
        "seq-short": b"\x30" + bytes([len(ri + si) - 1]) + ri + si,
        "seq-long": b"\x30" + bytes([len(ri + si) + 1]) + ri + si,
        "int-padded": tlv(0x30, b"\x02" + bytes([len(ri) - 1]) + b"\x00" +
                          ri[2:] + si),
        "int-negative": tlv(0x30, b"\x02\x01\x80" + si),
        "int-empty": tlv(0x30, b"\x02\x00" + si),
        "int-ber-len": tlv(0x30, b"\x02\x81" + bytes([len(ri) - 2]) + ri[2:] + si),
        "only-r": tlv(0x30, ri),
        "three-ints": tlv(0x30, ri + si + b"\x02\x01\x01"),
        "swapped-tag": tlv(0x30, b"\x04" + ri[1:] + si),
        "empty-seq": tlv(0x30, b"") + bytes(6),
        "zeros": bytes(len(sig)),
        "ones": b"\xff" * len(sig),
        "overlong": tlv(0x30, mkimages.der_int(r + (1 << 300)) + si),
        "r0": tlv(0x30, mkimages.der_int(0) + si),
        "s0": tlv(0x30, ri + mkimages.der_int(0)),
        "rq": tlv(0x30, mkimages.der_int(q) + si),
        "sq": tlv(0x30, ri + mkimages.der_int(q)),
        "rq1": tlv(0x30, mkimages.der_int(r + q) + si),
        "r1s1": tlv(0x30, mkimages.der_int(1) + mkimages.der_int(1)),
        "swap-rs": tlv(0x30, si + ri),
        "s-neg": tlv(0x30, ri + mkimages.der_int(q - s)),
        "max-len": tlv(0x30, b"\x02\x21\x00" + bytes(32) + b"\x02\x21\x00" + bytes(32))[:SIG_MAX],
        "too-long": tlv(0x30, b"\x02\x22\x00" + bytes(33) + b"\x02\x21\x00" + bytes(32)),
    }
    for name, newsig in shapes.items():
        o.add("sig-" + name, good[:32 + size] + newsig, good, loader=True)
    for i in range(len(sig)):
        for x in ((0x80,) if not long else (0x01, 0x02, 0x04, 0x08, 0x10,
                                             0x20, 0x40, 0x80)):
            m = bytearray(good)
            m[32 + size + i] ^= x
            o.add("sig-flip-%02d-%02x" % (i, x), bytes(m), good, loader=False)
    # The payload.
    for at in (0, size // 2, size - 1):
        m = bytearray(good)
        m[32 + at] ^= 0x04
        o.add("body-%d" % at, bytes(m), good, loader=True)
        o.add("bodyfix-%d" % at, fixcrc_v1(bytes(m)), good, loader=True)


def v2_mutations(o, key, good, long, rnd):
    n = len(good)
    nch = be32(good, 36)
    sig_len = be32(good, 40)
    sig_off = 48 + 32 * nch
    poff = be32(good, 8)
    for b in range(48):
        for v in sorted(set(header_values(good[b], False)) |
                        set(bit_values(good[b], long))):
            m = bytearray(good)
            m[b] = v
            o.add("v2hdr-%02d-%02x" % (b, v), bytes(m), good,
                  loader=v == 0xff)
    # The extension's fields, whole, including 32-bit wrap-arounds.
    for field, vals in ((32, (0, 1, CHUNK - 1, CHUNK + 1, 0xffffffff)),
                        (36, (0, 1, 3, 0x7f, 0x80, 0xffff, 0x10000, 0x7ffffff,
                              0x8000000, 0xffffffff)),
                        (40, (0, 7, 73, sig_len - 1, sig_len + 1, 0xffffffff)),
                        (44, (1, 0x80000000)),
                        (16, (0, 1, CHUNK, CHUNK + 1, 0xffffffff, 0xfffffffe,
                              0xffff0000, 0x7fffffff, be32(good, 16) + 1)),
                        (8, (0, 32, 48, poff - 1, poff + 4096, 0xffffffff))):
        for v in vals:
            m = bytearray(good)
            m[field:field + 4] = struct.pack(">I", v)
            o.add("v2field-%02d-%08x" % (field, v), bytes(m), good, loader=True)
    for i in range(nch):
        for at in (0, 31):
            m = bytearray(good)
            m[48 + 32 * i + at] ^= 0x01
            o.add("v2tab-%d-%d" % (i, at), bytes(m), good, loader=True)
    for i in range(sig_len):
        m = bytearray(good)
        m[sig_off + i] ^= 0x80 if long or i % 2 else 0x01
        o.add("v2sig-%02d" % i, bytes(m), good, loader=i % 8 == 0)
    for at in (sig_off + sig_len, sig_off + SIG_MAX, poff - 1):
        m = bytearray(good)
        m[at] = 0x01
        o.add("v2pad-%d" % at, bytes(m), good, loader=True)
    for at in (poff, poff + CHUNK - 1, poff + CHUNK, n - 1):
        m = bytearray(good)
        m[at] ^= 0x10
        o.add("v2body-%d" % at, bytes(m), good, loader=True)
    cuts = {0, 3, 4, 31, 32, 47, 48, 49, sig_off, sig_off + sig_len, poff - 1,
            poff, poff + 1, poff + CHUNK - 1, poff + CHUNK, poff + CHUNK + 1,
            n - 1}
    if long:
        cuts |= set(range(0, poff + 1, 61))
    for c in sorted(cuts):
        o.add("v2trunc-%06d" % c, good[:c], good, loader=True)
    for t in (1, 100, CHUNK):
        o.add("v2tail-%d" % t, good + bytes(rnd.randbytes(t)), good, loader=True)


def main():
    ctl, keys, out = sys.argv[1:4]
    long = "--long" in sys.argv[4:]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(13)
    k = lambda name: os.path.join(keys, name)
    p = lambda name: os.path.join(out, name)
    with open(k("dsa1024_160.pub.der"), "rb") as f:
        key = Key(f.read())
    with open(p("payload.bin"), "wb") as f:
        f.write(rnd.randbytes(4000))
    sign = lambda name, *args: mkimages.sign(
        ctl, k("dsa1024_160.pem"), p(name), p("payload.bin"),
        "--sw-version", "6.3.0r17", "--date", "1780000000", *args)
    good = sign("good.img")
    plat = sign("plat99.img", "--platform", "99")
    cpu = sign("cpu12.img", "--cpu", "12")
    other = mkimages.sign(ctl, k("dsa1024_160_other.pem"), p("other.img"),
                          p("payload.bin"), "--sw-version", "6.3.0r17",
                          "--date", "1780000000")
    with open(p("payload.bin"), "wb") as f:
        f.write(rnd.randbytes(70000))
    good2 = sign("good2.img", "--format", "v2")
    for name in ("payload.bin", "plat99.img", "cpu12.img", "other.img"):
        os.unlink(p(name))
    assert tool_install(key, good, IMAGE_REGION) == OK, "model refuses good.img"
    assert tool_install(key, good2, IMAGE_REGION) == OK, "model refuses good2.img"
    assert loader_install(key, good2) == OK, "model refuses good2.img as loader"
    with open(k("imagekey1024_160.cer"), "rb") as src, \
            open(p("imagekey1024_160.cer"), "wb") as dst:
        dst.write(src.read())

    o = Out(key, out, long)
    v1_mutations(o, key, good, other, plat, cpu, long, rnd)
    v2_mutations(o, key, good2, long, rnd)
    o.write()
    counts = {}
    for line in o.lists["image"]:
        counts[line.split()[1]] = counts.get(line.split()[1], 0) + 1
    print("mkmalformed: %d image mutations, %d loader, %d skipped (equal to "
          "the original or a duplicate), %d accepted by the model; expected "
          "statuses %s" % (len(o.lists["image"]), len(o.lists["loader"]),
                           o.skipped, len(o.model_ok),
                           " ".join("%s:%d" % kv for kv in sorted(counts.items()))))
    if o.model_ok:
        print("mkmalformed: the model accepts: %s" % " ".join(o.model_ok))
        sys.exit(1)


if __name__ == "__main__":
    main()
