#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# key fingerprint: md5sum/sha1sum/sha256sum output, the verdict on
# Juniper's published keys, the DSA key it holds.  No file can have
# Juniper's hashes here: the matcher itself is tests/unit/test_fingerprint.c.
# Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh

KEYS='["file","length","md5","sha1","sha256","juniper_key","juniper_key_desc",
"partial_match","key_ok","key_error","key_type","key_pbits","key_qbits",
"key_der_len","key_der_head","key_der"]'

# The three lines are exactly what md5sum, sha1sum and sha256sum print.
for s in $FIXTURE_DSA_SIZES; do
	f=$K/imagekey$s.cer
	run "fingerprint $s" 0 "$T" key fingerprint "$f" || continue
	sed -n 1p "$W/out" | cmp -s - <(md5sum "$f") || fail "$s: md5 line: $(sed -n 1p "$W/out")"
	sed -n 2p "$W/out" | cmp -s - <(sha1sum "$f") || fail "$s: sha1 line: $(sed -n 2p "$W/out")"
	sed -n 3p "$W/out" | cmp -s - <(sha256sum "$f") || fail "$s: sha256 line: $(sed -n 3p "$W/out")"
	has_line "fingerprint $s" "$f: not a published Juniper image key"
	l=${s%_*}
	q=${s#*_}
	der=$K/dsa$s.pub.der
	has_line "fingerprint $s" "$f: DSA $l/$q image key, len =$(stat -c %s "$der")"
	# the first bytes of the DER key, as "exec pki test skey" shows them
	has_line "fingerprint $s" " $(head -c 41 "$der" | od -An -v -tx1 | tr -d ' \n')"
	grep -q '^ 308' "$W/out" || fail "$s: DER head does not start with 308"

	run "fingerprint $s json" 0 "$T" key fingerprint "$f" --json
	json "$s json keys" "list(d) == json.loads('''$KEYS''')"
	json "$s json hashes" "d['md5'] == '$(md5sum <"$f" | cut -c1-32)' and d['sha1'] == '$(sha1sum <"$f" | cut -c1-40)' and d['sha256'] == '$(sha256sum <"$f" | cut -c1-64)'"
	json "$s json verdict" "d['juniper_key'] is None and d['partial_match'] is None and d['key_ok'] and d['key_error'] is None"
	json "$s json key" "d['key_type'] == 'DSA' and (d['key_pbits'], d['key_qbits']) == ($l, $q) and d['key_der'] == '$(od -An -v -tx1 "$der" | tr -d ' \n')' and d['key_der'].startswith(d['key_der_head']) and len(d['key_der_head']) == 82 and d['length'] == $(stat -c %s "$f")"
done

# Every format of the same key gives the same DER key.
for f in imagekey1024_160.pem.cer dsa1024_160.pub.pem dsa1024_160.pub.der; do
	run "format $f" 0 "$T" --json key fingerprint "$K/$f"
	json "format $f" "d['key_der'] == '$(od -An -v -tx1 "$K/dsa1024_160.pub.der" | tr -d ' \n')'"
done

# Not DSA, unsupported size, not a key at all: still hashed, exit 0.
run "RSA cert" 0 "$T" key fingerprint "$K/imagekey_rsa.cer"
has_line "RSA cert" "$K/imagekey_rsa.cer: not a published Juniper image key"
has_line "RSA cert" "$K/imagekey_rsa.cer: not a usable image key: certificate key is RSA, not DSA"
run "RSA cert json" 0 "$T" key fingerprint "$K/imagekey_rsa.cer" --json
json "RSA cert json" "not d['key_ok'] and d['key_error'] == 'certificate key is RSA, not DSA' and d['key_der'] is None and d['key_pbits'] is None"
run "DSA 1536" 0 "$T" key fingerprint "$K/imagekey1536_160.cer"
grep -qF "not a usable image key: certificate key is DSA 1536/160: unsupported size" "$W/out" || fail "DSA 1536: $(cat "$W/out")"
head -c 777 /dev/urandom >"$W/random"
run "random" 0 "$T" key fingerprint "$W/random"
sed -n 3p "$W/out" | cmp -s - <(sha256sum "$W/random") || fail "random: sha256 line"
has_line "random" "$W/random: not a usable image key: not an X.509 certificate or public key (DER or PEM)"
: >"$W/empty"
run "empty" 0 "$T" key fingerprint "$W/empty"
has_line "empty" "d41d8cd98f00b204e9800998ecf8427e  $W/empty"
has_line "empty" "$W/empty: not a usable image key: empty file"

run "missing" 3 "$T" key fingerprint "$W/nonexistent"
run "no file" 2 "$T" key fingerprint
run "two files" 2 "$T" key fingerprint "$W/random" "$W/random"
run "unknown option" 2 "$T" key fingerprint --sha512 "$W/random"

summary
