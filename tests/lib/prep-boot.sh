#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for the boot tests: the images of prep-images.sh,
# and what a rotated key signs (OpenSSL keys from fixtures.sh), into $1:
#	good_b.img		system image 6.3.0r17 like good.img, another
#				payload: a second image the anti-rollback floor
#				(which follows an image marked good) lets boot
#	newkey.img		system image 6.3.0r19, signed by the other
#				1024/160 key (imagekey1024_160_other.cer)
#	newkey_loader.img	boot loader 1.0.5r0, signed by the other key
set -eu
cd "$(dirname "$(readlink -f "$0")")/../.."
out=$1
tests/lib/prep-images.sh "$out" >/dev/null
K=build/fixtures/keys
CTL=${IMGAUTHCTL_SIGN:-userspace/imgauthctl}
head -c 150000 /dev/urandom >"$out/payload_b.bin"
"$CTL" -q image sign --key "$K/dsa1024_160.pem" --sw-version 6.3.0r17 \
	-o "$out/good_b.img" "$out/payload_b.bin"
"$CTL" -q image sign --key "$K/dsa1024_160_other.pem" --sw-version 6.3.0r19 \
	-o "$out/newkey.img" "$out/payload.bin"
"$CTL" -q image sign --key "$K/dsa1024_160_other.pem" --sw-version 1.0.5r0 \
	--version 1 -o "$out/newkey_loader.img" "$out/payload.bin"
