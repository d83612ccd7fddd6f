#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for guest tests: OpenSSL keys (cached) and the
# test images, into the share directory $1.
set -eu
cd "$(dirname "$(readlink -f "$0")")/../.."
. tests/lib/fixtures.sh
fixtures_keys build/fixtures/keys >/dev/null
python3 tests/lib/mkimages.py userspace/imgauthctl build/fixtures/keys "$1"
