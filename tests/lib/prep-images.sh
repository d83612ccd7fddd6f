#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for guest tests: OpenSSL keys (cached) and the
# test images, and ia-truncate-mapped (static: the guest has no
# compiler), into the share directory $1.
set -eu
cd "$(dirname "$(readlink -f "$0")")/../.."
. tests/lib/fixtures.sh
fixtures_keys build/fixtures/keys >/dev/null
python3 tests/lib/mkimages.py userspace/imgauthctl build/fixtures/keys "$1"
cc -static -O2 -Wall -Wextra -Werror -o "$1/ia-truncate-mapped" \
	tests/tools/ia_truncate_mapped.c
