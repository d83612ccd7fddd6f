#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Key statements on the builder's machine (issue 11): "key rotate" writes
# what lib/ia_stmt.c parses ("key statement" is that parser) and what an
# independent reader sees: the layout of docs/abi.md decoded in python,
# the signer's hash the SHA-256 of the DER key the kernel stores (the
# .pub.der the slots read back), and a DSA signature over the body that
# the openssl CLI verifies with the old key's hash (SHA-1, SHA-224,
# SHA-256 by q).  The wrong key, a flipped byte, bad options are refused;
# the output is written whole or not at all; the default counter grows.
# The appliance's verbs check a statement's action before the module is
# asked (the host has no module: exit 6 means it got that far).
# Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh

no_temp() {
	local f

	for f in "$2".??????; do
		[ -e "$f" ] && fail "$1: temporary left: $f"
	done
	return 0
}

# decode STMT: the fields as JSON, by the layout of docs/abi.md.
decode() {
	python3 - "$1" <<'EOF'
import hashlib, json, struct, sys
b = open(sys.argv[1], "rb").read()
magic, action, flags, res, counter = struct.unpack(">8sBBHI", b[:16])
serial = b[16:48].rstrip(b"\0").decode()
signer = b[48:80].hex()
nk, sl = struct.unpack(">HH", b[80:84])
body = b[:84 + nk + sl]
open(sys.argv[1] + ".body", "wb").write(body)
open(sys.argv[1] + ".sig", "wb").write(b[84 + nk + sl:])
open(sys.argv[1] + ".newkey", "wb").write(b[84:84 + nk])
open(sys.argv[1] + ".signer", "wb").write(b[84 + nk:84 + nk + sl])
print(json.dumps({"magic": magic.decode(), "action": action, "flags": flags,
                  "reserved": res, "counter": counter, "serial": serial,
                  "signer": signer, "newkey_len": nk, "signer_len": sl,
                  "sig_len": len(b) - len(body)}))
EOF
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Round trip for each key size: rotate, then parse with lib and python,
# verify with the openssl CLI.
for size in 1024_160 2048_224 2048_256; do
	case $size in
	1024_160) md=sha1 ;;
	2048_224) md=sha224 ;;
	*) md=sha256 ;;
	esac
	S=$W/rot_$size.stmt
	run "rotate $size" 0 "$T" -j key rotate --old "$K/dsa$size.pem" \
		--new "$K/imagekey3072_256.cer" --counter 77 -o "$S"
	json_line "rotate $size json" "d['action'] == 'rotate' and d['counter'] == 77 and d['serial'] == 'any' and d['signer_sha256'] == '$(sha256 "$K/dsa$size.pub.der")' and d['newkey_sha256'] == '$(sha256 "$K/dsa3072_256.pub.der")' and d['bytes'] == $(stat -c %s "$S")"
	[ "$(stat -c %a "$S")" = 644 ] || fail "rotate $size: mode $(stat -c %a "$S")"
	decode "$S" >"$W/out" || fail "decode $size"
	json "layout $size" "d['magic'] == 'IAKEYST1' and d['action'] == 1 and d['flags'] == 0 and d['reserved'] == 0 and d['counter'] == 77 and d['serial'] == 'any' and d['signer'] == '$(sha256 "$K/dsa$size.pub.der")' and d['signer_len'] == 0 and 8 <= d['sig_len'] <= 72"
	same "new key DER $size" "$K/dsa3072_256.pub.der" "$S.newkey"
	run "openssl verifies $size" 0 openssl dgst -"$md" -verify "$K/dsa$size.pub.pem" \
		-signature "$S.sig" "$S.body"
	run "lib parses $size" 0 "$T" key statement "$S" --key "$K/imagekey${size}.cer"
	has_line "lib parses $size" "signature valid (checked with the key)"
	has_line "counter $size" "counter: 77"
	run "lib json $size" 0 "$T" -j key statement "$S" --key "$K/dsa$size.pub.pem"
	json_line "lib json $size" "d['action'] == 'rotate' and d['signature'] == 'valid' and d['checked_with'] == 'key' and d['newkey_len'] == $(stat -c %s "$K/dsa3072_256.pub.der") and not d['signer_included']"
done

# Every action; a serial; the signer included.
S=$W/unlock.stmt
run "unlock for a serial" 0 "$T" key rotate --old "$K/dsa1024_160.pem" --unlock \
	--serial SN-A --include-signer --counter 9 -o "$S"
has_line "unlock text" "unlock statement for the device SN-A, counter 9"
decode "$S" >"$W/out"
json "unlock layout" "d['action'] == 3 and d['flags'] == 1 and d['serial'] == 'SN-A' and d['newkey_len'] == 0 and d['signer_len'] == $(stat -c %s "$K/dsa1024_160.pub.der")"
same "included signer" "$K/dsa1024_160.pub.der" "$S.signer"
run "included signer checked" 0 "$T" key statement "$S"
has_line "included signer checked" "signature valid (checked with the included signer)"
for a in delete:2 unprovision:4; do
	run "rotate --${a%:*}" 0 "$T" -q key rotate --old "$K/dsa2048_256.pem" "--${a%:*}" \
		--counter 3 -o "$W/${a%:*}.stmt"
	decode "$W/${a%:*}.stmt" >"$W/out"
	json "${a%:*} layout" "d['action'] == ${a#*:} and d['newkey_len'] == 0"
	run "${a%:*} statement" 0 "$T" -j key statement "$W/${a%:*}.stmt"
	json_line "${a%:*} statement" "d['action'] == '${a%:*}' and d['signature'] is None"
done
serial31=$(printf 'S%.0s' $(seq 31))
run "31-character serial" 0 "$T" -q key rotate --old "$K/dsa1024_160.pem" --unlock \
	--serial "$serial31" -o "$W/s31.stmt"

# The wrong key, a flipped byte: refused.
run "another key" 4 "$T" key statement "$W/rot_1024_160.stmt" --key "$K/imagekey1024_160_other.cer"
has_text "another key" "not signed by that key"
cp "$W/rot_1024_160.stmt" "$W/flip.stmt"
patch "$W/flip.stmt" 12 000000ff
run "flipped counter" 4 "$T" key statement "$W/flip.stmt" --key "$K/imagekey1024_160.cer"
has_text "flipped counter" "PKI: DSA verify fails."
cp "$W/unlock.stmt" "$W/flip2.stmt"
patch "$W/flip2.stmt" 9 03
run "unknown flag" 4 "$T" key statement "$W/flip2.stmt"
contains "unknown flag" "$W/err" "statement: unknown flags or reserved bits set"
head -c 100 "$W/rot_1024_160.stmt" >"$W/short.stmt"
run "truncated" 4 "$T" key statement "$W/short.stmt"
contains "truncated" "$W/err" "statement: truncated"
run "not a statement" 4 "$T" key statement "$K/imagekey1024_160.cer"
contains "not a statement" "$W/err" "statement: bad magic"

# Options.
R=("$T" key rotate --old "$K/dsa1024_160.pem")
run "no action" 2 "${R[@]}" -o "$W/x"
contains "no action" "$W/err" "give exactly one of --new NEW.cer, --delete, --unlock, --unprovision"
run "two actions" 2 "${R[@]}" --unlock --delete -o "$W/x"
run "no output" 2 "${R[@]}" --unlock
run "no old key" 2 "$T" key rotate --unlock -o "$W/x"
run "counter 0" 2 "${R[@]}" --unlock --counter 0 -o "$W/x"
run "counter too large" 2 "${R[@]}" --unlock --counter 4294967296 -o "$W/x"
run "serial empty" 2 "${R[@]}" --unlock --serial "" -o "$W/x"
run "serial 32" 2 "${R[@]}" --unlock --serial "${serial31}S" -o "$W/x"
run "serial control" 2 "${R[@]}" --unlock --serial $'a\tb' -o "$W/x"
run "missing old key" 3 "$T" key rotate --old "$W/none.pem" --unlock -o "$W/x"
run "missing new key" 3 "${R[@]}" --new "$W/none.cer" -o "$W/x"
run "RSA new key" 4 "${R[@]}" --new "$K/imagekey_rsa.cer" -o "$W/x"
contains "RSA new key" "$W/err" "not DSA"
run "RSA old key" 4 "$T" key rotate --old "$K/rsa2048.pem" --unlock -o "$W/x"
run "certificate as old key" 4 "$T" key rotate --old "$K/imagekey1024_160.cer" --unlock -o "$W/x"
[ -e "$W/x" ] && fail "a refused rotate wrote its output"

# The default counter: the time, and the next one higher.
t0=$(date +%s)
run "clock counter 1" 0 "${R[@]}" -j --unlock -o "$W/c1.stmt"
c1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counter"])' "$W/out")
run "clock counter 2" 0 "${R[@]}" -j --unlock -o "$W/c2.stmt"
c2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counter"])' "$W/out")
n=$((n + 1))
[ "$c1" -ge "$t0" ] && [ "$c2" -gt "$c1" ] || fail "clock counters: $t0, $c1, $c2"

# Whole or not at all.
printf 'previous statement' >"$W/keep"
cp "$W/keep" "$W/keep.orig"
chmod 0600 "$W/keep"
run "bad new key keeps OUT" 4 "${R[@]}" --new "$K/imagekey_rsa.cer" -o "$W/keep"
same "bad new key keeps OUT" "$W/keep.orig" "$W/keep"
(ulimit -f 0; trap '' XFSZ; exec "${R[@]}" --unlock --counter 5 -o "$W/keep") \
	>"$W/out" 2>"$W/err"
check_rc "write past the size limit" 1 $? "$W/err"
same "write past the size limit keeps OUT" "$W/keep.orig" "$W/keep"
no_temp "write past the size limit" "$W/keep"
run "over an existing file" 0 "${R[@]}" -q --unlock --counter 5 -o "$W/keep"
[ "$(stat -c %a "$W/keep")" = 600 ] || fail "over 0600: mode $(stat -c %a "$W/keep")"
no_temp "over an existing file" "$W/keep"
run "replaced whole" 0 "$T" -q key statement "$W/keep" --key "$K/dsa1024_160.pub.der"
ln -s keep "$W/link"
run "through a symlink" 0 "${R[@]}" -q --delete --counter 6 -o "$W/link"
[ -L "$W/link" ] || fail "the symlink was replaced"
run "the link's target" 0 "$T" -j key statement "$W/keep"
json_line "the link's target" "d['action'] == 'delete' and d['counter'] == 6"
run "no such directory" 3 "${R[@]}" --unlock -o "$W/nodir/x"

# The appliance's verbs: the action is checked before the module is asked.
run "unlock takes an unlock" 6 "$T" key unlock "$W/unlock.stmt"
run "install takes a rotation" 6 "$T" key install "$W/rot_1024_160.stmt"
run "delete takes a delete" 6 "$T" key delete "$W/delete.stmt"
run "unprovision takes one" 6 "$T" key unprovision "$W/unprovision.stmt"
run "unlock refuses a rotation" 2 "$T" key unlock "$W/rot_1024_160.stmt"
contains "unlock refuses a rotation" "$W/err" 'holds a rotate statement, which "imgauthctl key install" takes; nothing was sent'
run "install refuses an unlock" 2 "$T" key install "$W/unlock.stmt"
contains "install refuses an unlock" "$W/err" '"imgauthctl key unlock" takes'
run "delete refuses an unprovision" 2 "$T" key delete "$W/unprovision.stmt"
run "--provision with a statement" 2 "$T" key install --provision "$W/rot_1024_160.stmt"
run "unlock a certificate" 4 "$T" key unlock "$K/imagekey1024_160.cer"
contains "unlock a certificate" "$W/err" "is not a key statement"
run "unlock a truncated one" 4 "$T" key unlock "$W/short.stmt"
head -c 5000 /dev/urandom >"$W/big.stmt"
run "larger than a statement" 4 "$T" key unlock "$W/big.stmt"
contains "larger than a statement" "$W/err" "more than a key statement holds"
run "-j refusal" 2 "$T" -j key unlock "$W/rot_1024_160.stmt"
json_line "-j refusal" "d['exit'] == 2 and 'holds a rotate statement' in d['error']"

summary
