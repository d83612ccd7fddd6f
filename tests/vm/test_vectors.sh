# SPDX-License-Identifier: GPL-2.0
# Every Wycheproof and NIST CAVP DSA vector through the kernel path: the
# module's "dsa" akcipher via IMGAUTH_CMD_VERIFY_SIG (crypto_shash for the
# hash), each giving the expected result.  "acceptable" vectors (DER
# INTEGERs missing their zero byte) may go either way; strict DER rejects.
. "$IMGAUTH_TESTS/lib/guest.sh"
n=0
for vec in "$IMGAUTH_SHARE"/*.vec; do
	run imgauthctl verify-sig --batch "$vec"
	echo "$(basename "$vec" .vec): $OUT" | tail -n 1
	[ "$RC" = 0 ] || fail "$(basename "$vec"): vectors not as expected"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n vector files"
# The kernel really hashed with SHA-384/512 for the CAVP sections that use them.
grep -q 'name.*sha384' /proc/crypto || fail "sha384 never loaded"
pass "all vector files as expected"
