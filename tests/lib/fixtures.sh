# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Test keys and image-key certificates, made once with the openssl CLI and
# cached (DSA 2048/3072 parameter generation takes seconds to a minute).
#
#	. tests/lib/fixtures.sh
#	fixtures_keys [DIR]		# default build/fixtures/keys
#
# For each SIZE in $FIXTURE_DSA_SIZES (1024_160 2048_224 2048_256 3072_256):
#	dsaSIZE.pem		private key (PKCS#8 PEM)
#	dsaSIZE.pub.pem		public key, PEM "PUBLIC KEY"
#	dsaSIZE.pub.der		public key, DER SubjectPublicKeyInfo
#	imagekeySIZE.cer	self-signed certificate, DER (like imagekey.cer)
#	imagekeySIZE.pem.cer	the same certificate, PEM
# and for negative tests:
#	rsa2048.pem, rsa2048.pub.pem, rsa2048.pub.der, imagekey_rsa.cer and
#	imagekey_rsa.pem.cer
#	dsa1024_160_other.pem, ... imagekey1024_160_other.cer (a second key of
#	the same size: the wrong key)
#	dsa1536_160.pem, .pub.pem, .pub.der, imagekey1536_160.cer (a DSA size
#	imgauth does not support)
#
# Idempotent and safe to run concurrently: every file is written under a
# temporary name and renamed, and one lock serialises the generators.
# Returns non-zero when openssl fails.

FIXTURE_DSA_SIZES="1024_160 2048_224 2048_256 3072_256"

# One DSA size: parameters, key, public key in two encodings, two certs.
_fixtures_dsa() {
	local dir=$1 size=$2
	local l=${size%%_*} n=${size#*_}
	local key=$dir/dsa$size.pem tmp=$dir/.tmp.$$.$size

	n=${n%%_*}		# 1024_160_other: 160

	if [ ! -s "$key" ]; then
		openssl genpkey -genparam -algorithm DSA \
			-pkeyopt dsa_paramgen_bits:"$l" \
			-pkeyopt dsa_paramgen_q_bits:"$n" \
			-out "$tmp.param" 2>/dev/null &&
		openssl genpkey -paramfile "$tmp.param" -out "$tmp.key" &&
		mv -f "$tmp.key" "$key" || { rm -f "$tmp".*; return 1; }
		rm -f "$tmp.param"
	fi
	_fixtures_pub "$dir" "dsa$size" "imagekey$size" || return 1
}

# Public key (PEM, DER) and self-signed certificate (DER, PEM) of $2.pem.
_fixtures_pub() {
	local dir=$1 base=$2 cert=$3
	local tmp=$dir/.tmp.$$.$base

	if [ ! -s "$dir/$base.pub.pem" ]; then
		openssl pkey -in "$dir/$base.pem" -pubout -out "$tmp" &&
		mv -f "$tmp" "$dir/$base.pub.pem" || return 1
	fi
	if [ ! -s "$dir/$base.pub.der" ]; then
		openssl pkey -in "$dir/$base.pem" -pubout -outform DER \
			-out "$tmp" &&
		mv -f "$tmp" "$dir/$base.pub.der" || return 1
	fi
	[ -n "$cert" ] || return 0
	if [ ! -s "$dir/$cert.cer" ]; then
		openssl req -x509 -new -key "$dir/$base.pem" -subj /CN=imagekey \
			-days 3650 -outform DER -out "$tmp" 2>/dev/null &&
		mv -f "$tmp" "$dir/$cert.cer" || return 1
	fi
	if [ ! -s "$dir/$cert.pem.cer" ]; then
		openssl x509 -inform DER -in "$dir/$cert.cer" -outform PEM \
			-out "$tmp" &&
		mv -f "$tmp" "$dir/$cert.pem.cer" || return 1
	fi
}

_fixtures_negative() {
	local dir=$1
	local tmp=$dir/.tmp.$$.neg

	if [ ! -s "$dir/rsa2048.pem" ]; then
		openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
			-out "$tmp" 2>/dev/null &&
		mv -f "$tmp" "$dir/rsa2048.pem" || return 1
	fi
	_fixtures_pub "$dir" rsa2048 imagekey_rsa || return 1
	# 1536/160: a size imgauth must refuse, and one OpenSSL 3 still
	# makes (as FIPS 186-2 parameters; it refuses anything below 1024).
	if [ ! -s "$dir/dsa1536_160.pem" ]; then
		openssl genpkey -genparam -algorithm DSA \
			-pkeyopt type:fips186_2 \
			-pkeyopt dsa_paramgen_bits:1536 \
			-pkeyopt dsa_paramgen_q_bits:160 \
			-out "$tmp.param" 2>/dev/null &&
		openssl genpkey -paramfile "$tmp.param" -out "$tmp.key" &&
		mv -f "$tmp.key" "$dir/dsa1536_160.pem" || { rm -f "$tmp".*; return 1; }
		rm -f "$tmp.param"
	fi
	_fixtures_pub "$dir" dsa1536_160 imagekey1536_160 || return 1
	# A second 1024/160 key: the "old key, new image" mismatch.
	_fixtures_dsa "$dir" 1024_160_other || return 1
}

# The complete set is there: nothing to lock or generate.
_fixtures_complete() {
	local dir=$1 s f

	for s in $FIXTURE_DSA_SIZES; do
		for f in dsa$s.pem dsa$s.pub.pem dsa$s.pub.der imagekey$s.cer \
			 imagekey$s.pem.cer; do
			[ -s "$dir/$f" ] || return 1
		done
	done
	for f in rsa2048.pem rsa2048.pub.pem rsa2048.pub.der imagekey_rsa.cer \
		 imagekey_rsa.pem.cer dsa1536_160.pem dsa1536_160.pub.der \
		 imagekey1536_160.cer dsa1024_160_other.pem \
		 imagekey1024_160_other.cer; do
		[ -s "$dir/$f" ] || return 1
	done
}

fixtures_keys() {
	local dir=${1:-build/fixtures/keys} s rc=0

	_fixtures_complete "$dir" && return 0
	mkdir -p "$dir" || return 1
	command -v openssl >/dev/null || {
		echo "fixtures: openssl not found" >&2
		return 1
	}
	# The parameter generations are independent: run them side by side,
	# under one lock so that two test scripts don't both spend a minute.
	(
		flock 9 || exit 1
		pids=""
		for s in $FIXTURE_DSA_SIZES; do
			_fixtures_dsa "$dir" "$s" &
			pids="$pids $!"
		done
		_fixtures_negative "$dir" &
		pids="$pids $!"
		rc=0
		for p in $pids; do
			wait "$p" || rc=1
		done
		exit $rc
	) 9>"$dir/.lock" || rc=1
	if [ $rc -ne 0 ] || ! _fixtures_complete "$dir"; then
		echo "fixtures: generating keys in $dir failed" >&2
		return 1
	fi
}
