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
for t in ia_uffd_race ia_nl_flood; do
	cc -static -O2 -Wall -Wextra -Werror -Iuapi -pthread \
		-o "$1/${t//_/-}" "tests/tools/$t.c"
done
