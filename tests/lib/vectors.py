#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the DSA test vectors in ../shared/vectors (Wycheproof JSON and
NIST CAVP SigVer.rsp, read where they are, never copied into the
repository) into the line format of `imgauthctl verify-sig --batch`:

    ID EXPECT HASH der|p1363 KEYHEX MSGHEX SIGHEX     ("-" for empty hex)

    vectors.py VECTORS_DIR OUT_DIR     one OUT_DIR/NAME.vec per source file
"""
import glob
import json
import os
import re
import sys

HASHES = {"SHA-1": "sha1", "SHA-224": "sha224", "SHA-256": "sha256",
          "SHA-384": "sha384", "SHA-512": "sha512"}


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_int(v):
    return der_tlv(0x02, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big"))


OID_DSA = bytes.fromhex("2a8648ce380401")


def spki(p, q, g, y):
    alg = der_tlv(0x30, der_tlv(0x06, OID_DSA) +
                  der_tlv(0x30, der_int(p) + der_int(q) + der_int(g)))
    return der_tlv(0x30, alg + der_tlv(0x03, b"\x00" + der_int(y)))


def wycheproof(path, out):
    with open(path) as f:
        data = json.load(f)
    name = os.path.basename(path)
    n = 0
    for grp in data["testGroups"]:
        key = grp.get("publicKeyDer") or grp.get("keyDer")
        hash_ = HASHES[grp["sha"]]
        fmt = "p1363" if grp["type"] == "DsaP1363Verify" else "der"
        for t in grp["tests"]:
            out.write("wycheproof/%s#%d %s %s %s %s %s %s\n" % (
                name, t["tcId"], t["result"], hash_, fmt, key,
                t["msg"] or "-", t["sig"] or "-"))
            n += 1
    return n


def cavp(path, out):
    n = 0
    section = None
    dom = {}
    rec = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            m = re.match(r"\[mod = L=(\d+), N=(\d+), (SHA-\d+)\]", line)
            if m:
                section = "L%s_N%s_%s" % (m.group(1), m.group(2),
                                          m.group(3).replace("-", ""))
                hash_ = HASHES[m.group(3)]
                dom = {}
                continue
            if "=" not in line or line.startswith("#") or section is None:
                continue
            k, v = (s.strip() for s in line.split("=", 1))
            if k in ("P", "Q", "G"):
                dom[k] = int(v, 16)
            elif k == "Msg":
                rec = {"Msg": v}
            elif k in ("X", "Y", "R", "S"):
                rec[k] = v
            elif k == "Result":
                n += 1
                key = spki(dom["P"], dom["Q"], dom["G"], int(rec["Y"], 16))
                sig = der_tlv(0x30, der_int(int(rec["R"], 16)) +
                              der_int(int(rec["S"], 16)))
                expect = "valid" if v.startswith("P") else "invalid"
                out.write("cavp/%s#%d %s %s der %s %s %s\n" % (
                    section, n, expect, hash_, key.hex(), rec["Msg"],
                    sig.hex()))
    return n


def main():
    src, dst = sys.argv[1:3]
    os.makedirs(dst, exist_ok=True)
    total = 0
    files = sorted(glob.glob(os.path.join(src, "wycheproof", "testvectors*", "*.json")))
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        if os.path.basename(os.path.dirname(path)) == "testvectors":
            name = "legacy_" + name
        with open(os.path.join(dst, "wycheproof_%s.vec" % name), "w") as out:
            total += wycheproof(path, out)
    for path in sorted(glob.glob(os.path.join(src, "cavp", "*.rsp"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(dst, "cavp_%s.vec" % name), "w") as out:
            total += cavp(path, out)
    print("vectors.py: %d vectors from %d Wycheproof files and CAVP" %
          (total, len(files)))
    if total == 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
