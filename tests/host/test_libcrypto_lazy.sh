#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# imgauthctl loads libcrypto only when a command needs it
# (userspace/ossl_lib.h): the commands that need none do not map it; the
# ones that do load it and work; and with libcrypto unreadable (a private
# mount namespace with /dev/null over it) the crypto commands fail with
# exit status 1 and say so (also as one JSON document), while the others
# still work.  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh

# What the dynamic loader opened during one run of CMD, in $W/loaded.
loaded() {
	LD_DEBUG=files LD_DEBUG_OUTPUT="$W/ld" "$@" >/dev/null 2>&1
	cat "$W"/ld.* >"$W/loaded" 2>/dev/null
	rm -f "$W"/ld.*
}

head -c 3000 /dev/urandom >"$W/payload"
run "sign" 0 "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/img" "$W/payload"

# ---- no crypto, no libcrypto ----
for cmd in "--version" "help" "image info $W/img" "--json image info $W/img"; do
	n=$((n + 1))
	# shellcheck disable=SC2086	# cmd: words
	loaded "$T" $cmd
	grep -q 'file=libmnl\.so' "$W/loaded" || { fail "$cmd: LD_DEBUG shows nothing loaded"; show "$W/loaded"; }
	! grep -q 'libcrypto' "$W/loaded" || { fail "$cmd: loaded libcrypto"; show "$W/loaded"; }
done

# ---- crypto: loaded on demand, and it works ----
n=$((n + 1))
loaded "$T" image verify "$W/img" --key "$K/dsa1024_160.pub.pem"
grep -q 'file=libcrypto\.so\.3 .*dynamically loaded' "$W/loaded" || { fail "verify: libcrypto not dlopened"; show "$W/loaded"; }
run_merged "verify" 0 "$T" image verify "$W/img" --key "$K/dsa1024_160.pub.pem"
has_line "verify" "Image authenticated!"
run "statement" 0 "$T" key rotate --old "$K/dsa1024_160.pem" --unlock \
	--serial SN-A --include-signer --counter 9 -o "$W/unlock.stmt"
run "statement check" 0 "$T" key statement "$W/unlock.stmt"
run "fingerprint" 0 "$T" key fingerprint "$K/dsa1024_160.pub.pem"
has_line "fingerprint" "$(sha256sum <"$K/dsa1024_160.pub.pem" | cut -d' ' -f1)  $K/dsa1024_160.pub.pem"

# ---- libcrypto unreadable ----
# The file the verify above loaded ("calling init: PATH").
lib=$(sed -n 's/.*calling init: \(\/.*\/libcrypto\.so\.3\)$/\1/p' "$W/loaded" | head -n 1)
if [ -z "$lib" ] || ! unshare -m true 2>/dev/null; then
	echo "test_libcrypto_lazy: no private mount namespace here (or no libcrypto path): the missing-libcrypto part is skipped" >&2
	summary
	exit 0
fi
# without CMD...: CMD run where libcrypto.so.3 reads as an empty file
without() {
	unshare -m sh -c 'mount --bind /dev/null "$0" && exec "$@"' "$lib" "$@"
}
run "no libcrypto: verify" 1 without "$T" image verify "$W/img" --key "$K/dsa1024_160.pub.pem"
contains "no libcrypto: verify" "$W/err" "cannot load OpenSSL (libcrypto.so.3)"
run "no libcrypto: verify --json" 1 without "$T" --json image verify "$W/img" --key "$K/dsa1024_160.pub.pem"
json_line "no libcrypto: verify --json" '"cannot load OpenSSL" in json.dumps(d)'
run "no libcrypto: sign" 1 without "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/img2" "$W/payload"
contains "no libcrypto: sign" "$W/err" "cannot load OpenSSL (libcrypto.so.3)"
n=$((n + 1))
[ ! -e "$W/img2" ] || fail "no libcrypto: sign left $W/img2"
run "no libcrypto: fingerprint" 1 without "$T" key fingerprint "$K/dsa1024_160.pub.pem"
contains "no libcrypto: fingerprint" "$W/err" "cannot load OpenSSL (libcrypto.so.3)"
# Not "refused" (4): the statement and the key are fine, the system is not.
run "no libcrypto: key rotate --delete" 1 without "$T" key rotate --old "$K/dsa1024_160.pem" \
	--delete --counter 3 -o "$W/del.stmt"
contains "no libcrypto: key rotate --delete" "$W/err" "cannot load OpenSSL (libcrypto.so.3)"
run "no libcrypto: statement, included signer" 1 without "$T" key statement "$W/unlock.stmt"
contains "no libcrypto: statement, included signer" "$W/err" "cannot load OpenSSL (libcrypto.so.3)"
run "no libcrypto: v2 sign" 1 without "$T" image sign --format v2 --key "$K/dsa1024_160.pem" \
	-o "$W/img3" "$W/payload"
contains "no libcrypto: v2 sign" "$W/err" "cannot load OpenSSL (libcrypto.so.3)"
run "no libcrypto: image info" 0 without "$T" image info "$W/img"
has_text "no libcrypto: image info" "size = 3000"

summary
