#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ScreenOS image-key procedure (../shared/seeds/image-key-update-
# procedure.txt), on imgauth: a firmware builder makes a DSA key pair, the
# imagekey.cer certificate and a signed system image with OpenSSL and
# imgauthctl; then, in a QEMU guest running the module on its default
# (RAM) flash, the admin backs up the config over TFTP, checks, installs
# and checks the image key, installs the signed image and watches a
# tampered one being refused.  Act 2, on flash that outlives the guest:
# two releases installed, the boot check authenticates the new one; its
# flash goes bad while the appliance is off; at the next boot the check
# finds it corrupted and boots the default image.  "make demo" runs this.
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
scripts/vmrun --share "$work" scripts/demo-guest.sh

# Act 2: the boot check (issue 10), on flash that outlives the guest: each
# vmrun on the same --flash file is a boot of the same appliance.
say "=== Act 2: the boot check at every boot, on flash that survives a reboot ==="
cd "$work"
head -c $((3 << 20)) /dev/urandom > firmware-r19.bin
cd - >/dev/null
show $CTL -q image sign --key "$work/imagekey.pem" --sw-version 6.3.0r19 \
	--address 0x4000000 -o "$work/imgauth.6.3.0r19.0" "$work/firmware-r19.bin"
flash=$work/flash.img
scripts/vmrun --flash "$flash" --flash-size 16M --share "$work" scripts/demo-guest.sh act2-install
off=$(cat "$work/primary.offset")
say "Powered off, a flash sector of the primary image (image1) goes bad"
printf 'host$ printf BADSECTOR | dd of=flash.img bs=1 seek=$((%s + 65536)) conv=notrunc\n' "$off"
printf BADSECTOR | dd of="$flash" bs=1 seek=$((off + 65536)) conv=notrunc status=none
scripts/vmrun --flash "$flash" --share "$work" scripts/demo-guest.sh act2-reboot
