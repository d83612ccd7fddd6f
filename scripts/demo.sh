#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ScreenOS image-key procedure (../shared/seeds/image-key-update-
# procedure.txt), on imgauth: a firmware builder makes a DSA key pair, the
# imagekey.cer certificate and a signed system image with OpenSSL and
# imgauthctl; then, in a QEMU guest running the module on its default
# (RAM) flash, the admin backs up the config over TFTP, checks, installs
# and checks the image key, installs the signed image and watches a
# tampered one being refused.  "make demo" runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
CTL=userspace/imgauthctl
work=$(mktemp -d "${TMPDIR:-/tmp}/imgauth-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() { printf 'builder$ %s\n' "$*"; "$@"; }

say "=== The firmware builder's workstation (host) ==="
cd "$work"
show openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 \
	-pkeyopt dsa_paramgen_q_bits:160 -out dsaparam.pem
show openssl genpkey -paramfile dsaparam.pem -out imagekey.pem
show openssl req -x509 -new -key imagekey.pem -subj /CN=imgauth-image-key \
	-days 3650 -outform DER -out imagekey.cer
head -c $((3 << 20)) /dev/urandom > firmware.bin
cd - >/dev/null
show $CTL key fingerprint "$work/imagekey.cer"
show $CTL image sign --key "$work/imagekey.pem" --sw-version 6.3.0r17 \
	--address 0x4000000 -o "$work/imgauth.6.3.0r17.0" "$work/firmware.bin"
# An image damaged after signing, with its checksum fixed up so that only
# the signature can tell (what an attacker would do).
python3 - "$work/imgauth.6.3.0r17.0" "$work/tampered.6.3.0r17.0" <<'PY'
import struct, sys, zlib
img = bytearray(open(sys.argv[1], "rb").read())
size = struct.unpack(">I", img[16:20])[0]
img[32 + 4096] ^= 0x40
img[28:32] = b"\0\0\0\0"
img[28:32] = struct.pack(">I", zlib.crc32(bytes(img[:32 + size])) & 0xffffffff)
open(sys.argv[2], "wb").write(img)
PY
echo "builder: tampered.6.3.0r17.0 = the same image with one payload bit flipped and cksum recomputed"

say "=== The appliance (QEMU guest, imgauth.ko on its default RAM flash) ==="
exec scripts/vmrun --share "$work" scripts/demo-guest.sh
