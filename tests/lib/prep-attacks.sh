#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for the attack tests: the usual keys and images,
# the attack inputs (tests/lib/mkattacks.py) and the helpers of
# tests/tools/ (static: the guest has no compiler), into the share
# directory $1.
set -eu
cd "$(dirname "$(readlink -f "$0")")/../.."
tests/lib/prep-images.sh "$1"
python3 tests/lib/mkattacks.py userspace/imgauthctl build/fixtures/keys "$1"
head -c 300000 /dev/urandom >"$1/v2.bin"
python3 tests/lib/mkv2.py build/fixtures/keys/dsa1024_160.pem "$1/v2.bin" "$1"
rm -f "$1/v2.bin"
for t in ia_uffd_race ia_nl_flood ia_stream; do
	cc -static -O2 -Wall -Wextra -Werror -Iuapi -pthread \
		-o "$1/${t//_/-}" "tests/tools/$t.c"
done
