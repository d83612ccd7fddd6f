#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# -j: exactly one JSON document on stdout, whatever happens: results,
# verdicts, usage errors, missing files, no module, no server, help.  The
# ScreenOS console lines and the progress go to stderr; a failure without
# a result is {"error": MESSAGE, "exit": N} on stdout and a line on
# stderr; strings are valid UTF-8 whatever bytes a file name holds.
# tftpd-hpa on 127.0.0.1 serves.  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

# doc NAME RC CMD...: CMD exits RC, its stdout is one JSON document that
# decodes as strict UTF-8; $W/out and $W/err hold the streams.
doc() {
	local name=$1 want=$2

	shift 2
	run "$name" "$want" "$@"
	python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")          # strict: invalid UTF-8 fails
d = json.loads(text)                # one document, nothing after it
assert isinstance(d, dict), d
' "$W/out" 2>"$W/pyerr" || {
		fail "$name: stdout is not one JSON document: $(tail -1 "$W/pyerr")"
		show "$W/out"
	}
}

# error NAME RC CMD...: a failure without a result: the error object and
# a line on stderr.
error() {
	local name=$1 want=$2

	doc "$@" || return
	json "$name error" "set(d) == {'error', 'exit'} and d['exit'] == $want and d['error']"
	grep -q '^imgauthctl: ' "$W/err" || fail "$name: no message on stderr"
}

head -c 5000 /dev/urandom >"$W/payload"
"$T" -q image sign --key "$K/dsa1024_160.pem" -o "$W/img" "$W/payload" || fail "sign"
R=$W/root
mkdir -p "$R"
cp "$W/img" "$R/img"
cp "$K/imagekey1024_160.cer" "$R/key.cer"
tftpd_mkfile "$R/cfg" 3000
printf 'set hostname x\n' >"$W/cfg"
tftpd_hpa_start "$R" "" 127.0.0.1 --create || { echo "no tftpd-hpa" >&2; exit 1; }
U=tftp://127.0.0.1:$TFTPD_PORT

# Results.
doc "fingerprint" 0 "$T" -j key fingerprint "$K/imagekey1024_160.cer"
doc "info" 0 "$T" -j image info "$W/img"
doc "info verdict" 4 "$T" -j image info "$W/payload"
json "info verdict" "d['status'] == 'bad-magic' and 'error' not in d"
doc "sign" 0 "$T" -j image sign --key "$K/dsa1024_160.pem" -o "$W/img2" "$W/payload"
doc "verify" 0 "$T" -j image verify "$W/img" --key "$K/imagekey1024_160.cer"
doc "verify refused" 4 "$T" image verify "$W/img" -j --key "$K/imagekey1024_160_other.cer"
json "verify refused" "d['result'] == 'bad-signature'"
doc "version" 0 "$T" -j --version
json "version" "d['version']"
doc "help" 0 "$T" -j help
json "help" "'Usage: imgauthctl' in d['usage']"
doc "object help" 0 "$T" -j image help
doc "completion" 0 "$T" -j completion bash
json "completion" "'complete -F _imgauthctl imgauthctl' in d['bash']"

# Transfers: the ScreenOS lines and the '!' marks on stderr.
doc "tftp get" 0 "$T" -j tftp get "$U/cfg" -o "$W/got"
json "tftp get" "d['bytes'] == 3000 and d['file'] == '$W/got'"
contains "tftp get" "$W/err" "tftp received octets = 3000"
grep -q '!' "$W/err" || fail "tftp get: no progress on stderr"
install -m 0666 /dev/null "$R/up"
doc "tftp put" 0 "$T" -j tftp put "$W/cfg" "$U/up"
json "tftp put" "d['bytes'] == 15 and d['records'] == 1"
install -m 0666 /dev/null "$R/backup"
doc "save config" 0 "$T" -j save config to tftp "127.0.0.1:$TFTPD_PORT" backup --file "$W/cfg"
contains "save config" "$W/err" "Read the current config."
contains "save config" "$W/err" "TFTP Succeeded"
doc "verify over TFTP" 0 "$T" -j image verify "$U/img" --key "$K/imagekey1024_160.cer"
contains "verify over TFTP" "$W/err" "Load software from TFTP 127.0.0.1 (file: img)."
contains "verify over TFTP" "$W/err" "tftp success!"
# Fetched, then the module is missing: the console lines still on stderr.
error "key install, no module" 6 "$T" -j save image-key tftp "127.0.0.1:$TFTPD_PORT" key.cer
contains "key install, no module" "$W/err" "Load file  from TFTP 127.0.0.1 (file: key.cer)."

# Failures before any result.
error "usage" 2 "$T" -j image info
error "unknown option" 2 "$T" -j image commit --anything
error "unknown global" 2 "$T" -j --frob
error "unknown object" 2 "$T" -j frob
error "-o - with -j" 2 "$T" -j tftp get "$U/cfg" -o -
error "bad URL" 2 "$T" -j tftp get "http://x/y" -o "$W/x"
error "missing file" 3 "$T" -j image info "$W/nonexistent"
error "missing payload" 3 "$T" -j image sign --key "$K/dsa1024_160.pem" -o "$W/x" "$W/nonexistent"
error "not found on server" 3 "$T" -j tftp get "$U/nonexistent" -o "$W/x"
error "bad key" 4 "$T" -j key install "$W/payload"
error "no server" 7 "$T" -j tftp get "tftp://127.0.0.1:9/x" -o "$W/x" --retries 1
# Key statements: made without a module, refused before one is asked.
doc "key rotate" 0 "$T" -j key rotate --old "$K/dsa1024_160.pem" --unlock --counter 3 -o "$W/u.stmt"
json "key rotate" "d['action'] == 'unlock' and d['counter'] == 3"
doc "key statement" 0 "$T" -j key statement "$W/u.stmt" --key "$K/imagekey1024_160.cer"
json "key statement" "d['signature'] == 'valid'"
error "statement for another verb" 2 "$T" -j key install "$W/u.stmt"
error "not a statement" 4 "$T" -j key unlock "$W/payload"
error "key unlock, no module" 6 "$T" -j key unlock "$W/u.stmt"
error "bad floor" 2 "$T" -j floor raise 6.3
for c in "key show" "key delete" "system" "config loader show" "events" \
	"image check image0" "image commit image1" "exec pki test skey" \
	"key lock" "floor show" "floor raise 6.3.0r17" "log" "log --verify" \
	"boot --batch" "boot mark-good"; do
	# shellcheck disable=SC2086
	error "$c, no module" 6 "$T" -j $c
done
error "install, no module" 6 env IMGAUTH_DEV_DIR="$W" "$T" -j image install "$W/img"
error "kernel verify, no module" 6 env IMGAUTH_DEV_DIR="$W" "$T" -j image verify "$W/img"
error "verify-sig, no module" 6 "$T" -j verify-sig --msg-hex 00 --sig-hex 00

# A file name that is not UTF-8: the document still decodes.
bad=$W/$'fw\xff\xfe.img'
cp "$W/img" "$bad"
doc "latin-1 name" 0 "$T" -j image info "$bad"
json "latin-1 name" "d['file'].endswith('fw\ufffd\ufffd.img')"
miss=$W/$'\xe9t\xe9'
error "latin-1 missing" 3 "$T" -j image info "$miss"
json "latin-1 missing" "'\ufffdt\ufffd: No such file' in d['error']"
cp "$W/img" "$W/fw-é.img"
doc "utf-8 name" 0 "$T" -j image info "$W/fw-é.img"
json "utf-8 name" "d['file'].endswith('fw-é.img')"

summary
