#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for the power-cut tests, into the share directory
# $1: the key policy set (prep-policy.sh: keys, statements, ia-nl-flood)
# and small images, so that a sweep over every flash operation of an
# install stays short on a 1 MiB flash (image slots of 192 KiB):
#   p17.img p19.img  6.3.0r17 / 6.3.0r19, 100000 bytes of payload (two
#                    64 KiB pieces), key K1
#   pldr1.img pldr2.img  boot loaders 1.0.4r0 / 1.0.5r0 (version 1), 40000
#                    bytes of payload (the loader region is one 64 KiB block)
set -eu
cd "$(dirname "$(readlink -f "$0")")/../.."
S=$1
K=build/fixtures/keys
T=${IMGAUTHCTL_PREP:-userspace/imgauthctl}
tests/lib/prep-policy.sh "$S"
head -c 100000 /dev/urandom >"$S/p.bin"
sign() { "$T" -q image sign --key "$K/$1" -o "$S/$2" "${@:3}" "$S/p.bin"; }
sign dsa1024_160.pem p17.img --sw-version 6.3.0r17
sign dsa1024_160.pem p19.img --sw-version 6.3.0r19
head -c 40000 /dev/urandom >"$S/p.bin"
sign dsa1024_160.pem pldr1.img --sw-version 1.0.4r0 --version 1
sign dsa1024_160.pem pldr2.img --sw-version 1.0.5r0 --version 1
rm -f "$S/p.bin"
