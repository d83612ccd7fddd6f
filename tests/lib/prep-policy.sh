#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for the key policy, floor and journal tests (issue
# 11), into the share directory $1: the usual keys and images
# (prep-images.sh), the static ia-nl-flood (the guest has no compiler; it
# sends BOOT and MARK_GOOD until "imgauthctl boot" exists, and floods the
# journal) and ia-key-ioctl (the key ioctls), images of more versions, and key statements made the way a
# firmware builder makes them, with "imgauthctl key rotate" on this host.
#
# Keys: K1 = dsa1024_160 (installed first), K2 = dsa2048_256, KX =
# dsa1024_160_other (a key the device never had).  The test device's
# serial is SN-A (module parameter serial=SN-A).  Counters are explicit
# and rise in the order the tests apply them.
set -eu
cd "$(dirname "$(readlink -f "$0")")/../.."
S=$1
K=build/fixtures/keys
T=${IMGAUTHCTL_PREP:-userspace/imgauthctl}
tests/lib/prep-images.sh "$S"
for t in ia_nl_flood ia_key_ioctl; do
	cc -static -O2 -Wall -Wextra -Werror -Iuapi -o "$S/${t//_/-}" "tests/tools/$t.c"
done

# Versions around good.img (6.3.0r17, K1) and good2.img (6.3.0r19, K1).
"$T" -q image sign --key "$K/dsa1024_160.pem" --sw-version 6.3.0r16 \
	-o "$S/r16.img" "$S/payload.bin"
"$T" -q image sign --key "$K/dsa1024_160.pem" --sw-version 6.3.0r18 \
	-o "$S/r18.img" "$S/payload.bin"
cp "$K/dsa2048_256.pub.der" "$S/"

rot() { "$T" -q key rotate "$@"; }
k1=$K/dsa1024_160.pem k2=$K/dsa2048_256.pem kx=$K/dsa1024_160_other.pem
# Locked device, K1 installed.
rot --old "$kx" --new "$K/imagekey2048_256.cer" --counter 5 -o "$S/rot_by_kx.stmt"
rot --old "$k1" --new "$K/imagekey2048_256.cer" --serial SN-B --counter 6 -o "$S/rot_for_snb.stmt"
rot --old "$k1" --new "$K/imagekey2048_256.cer" --counter 10 -o "$S/rot_k2.stmt"
# After the rotation to K2: an older counter, and an unlock for this serial.
rot --old "$k2" --new "$K/imagekey1024_160.cer" --counter 8 -o "$S/rot_k1_low.stmt"
rot --old "$k2" --unlock --serial SN-A --counter 20 -o "$S/unlock_k2.stmt"
# K1 again, locked again: deleted only by a statement.
rot --old "$k1" --delete --counter 30 -o "$S/del_k1.stmt"
# Provisioned with K1, locked, key slots wiped.
rot --old "$k1" --new "$K/imagekey2048_256.cer" --counter 40 -o "$S/rot_wiped_nosigner.stmt"
rot --old "$kx" --new "$K/imagekey2048_256.cer" --include-signer --counter 41 \
	-o "$S/rot_wiped_kx.stmt"
rot --old "$k1" --new "$K/imagekey2048_256.cer" --include-signer --counter 42 \
	-o "$S/rot_wiped.stmt"
# K2 provisioned, slots wiped again: lifting provisioning.
rot --old "$k2" --unprovision --include-signer --counter 50 -o "$S/unprov_wiped.stmt"
