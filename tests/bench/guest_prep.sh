#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of the guest benchmarks: into the share directory SHARE, for
# each payload size (MiB) a v1 and a v2 image signed with the 1024-bit
# DSA test key (SHA-1 signature digest, as ScreenOS), and for the peer
# pipeline the v1 image split into the signed bytes and the DER signature
# (openssl dgst -verify wants them apart), plus the key's certificate and
# public key.
#
#	tests/bench/guest_prep.sh SHARE SIZE_MIB...
#
# Files: iN.v1 iN.v2 iN.data iN.sig (N = size in MiB), imagekey.cer,
# pub.pem, and ia-memwatch (tests/bench/ia_memwatch.c). Payloads are random: nothing compresses or dedups them.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
share=$1
shift
tool=${IMGAUTHCTL_BENCH:-userspace/imgauthctl}
. tests/lib/fixtures.sh
fixtures_keys build/fixtures/keys >/dev/null
keys=build/fixtures/keys
cp "$keys/imagekey1024_160.cer" "$share/imagekey.cer"
cp "$keys/dsa1024_160.pub.pem" "$share/pub.pem"
# The memory watcher, static: the guest has no compiler.
cc -static -std=c11 -O2 -Wall -Wextra -Werror -o "$share/ia-memwatch" \
	tests/bench/ia_memwatch.c
for mib in "$@"; do
	p=$share/i$mib
	head -c $((mib * 1048576)) /dev/urandom >"$p.bin"
	"$tool" -q image sign "$p.bin" -k "$keys/dsa1024_160.pem" -o "$p.v1"
	"$tool" -q image sign --format v2 "$p.bin" -k "$keys/dsa1024_160.pem" -o "$p.v2"
	rm -f "$p.bin"
	# v1: 32-byte header and payload signed, the signature after them.
	n=$((32 + mib * 1048576))
	head -c "$n" "$p.v1" >"$p.data"
	tail -c +$((n + 1)) "$p.v1" >"$p.sig"
	openssl dgst -sha1 -verify "$share/pub.pem" -signature "$p.sig" \
		"$p.data" >/dev/null
done
