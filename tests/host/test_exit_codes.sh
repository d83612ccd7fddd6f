#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One exit code per failure class, the same whichever command meets it:
# 2 usage, 3 not found (a file, TFTP error 1), 4 verification refused,
# 5 permission (a file, TFTP error 2, tftpd-hpa's error 0 "Permission
# denied"), 6 module missing, 7 timeout or unreachable, 8 protocol (and
# boot's outcomes 10, 11, 12); and the table "imgauthctl help" prints is
# the one the man page has.
# Real tftpd-hpa on 127.0.0.1, and a python3 server that answers every
# request with an error no client can expect.  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh
. tests/lib/tftpd.sh
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "needs python3" >&2; exit 1; }
BAD_PID=""
# shellcheck disable=SC2016	# expanded on exit
host_on_exit '[ -n "$BAD_PID" ] && kill "$BAD_PID" 2>/dev/null'
host_on_exit tftpd_stop

R=$W/root
mkdir -p "$R"
chmod 0755 "$W" "$R"
head -c 3000 /dev/urandom >"$W/payload"
"$T" -q image sign --key "$K/dsa1024_160.pem" -o "$W/img" "$W/payload" || fail "sign"
cp "$W/img" "$R/img"
cp "$K/imagekey1024_160.cer" "$R/key.cer"
cp "$K/imagekey1024_160.cer" "$W/key.cer"
tftpd_mkfile "$R/secret" 100
chmod 0600 "$R/secret"
: >"$R/readonly"
chmod 0644 "$R/readonly"
# Readable by root only: "permission" for a command run as nobody.
cp "$W/img" "$W/private"
chmod 0600 "$W/private"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

tftpd_hpa_start "$R" "" 127.0.0.1 || { echo "no tftpd-hpa" >&2; exit 1; }
U=tftp://127.0.0.1:$TFTPD_PORT
HP=127.0.0.1:$TFTPD_PORT
# tftpd-hpa as nobody answers what nobody may not read with error 0.
tftpd_hpa_start "$R" "" 127.0.0.1 --user nobody --permissive ||
	{ echo "no tftpd-hpa as nobody" >&2; exit 1; }
U0=tftp://127.0.0.1:$TFTPD_PORT
# Nothing listens here.
DEAD=tftp://127.0.0.1:$(tftpd_free_port)

cat >"$W/bad.py" <<'EOF'
# Every request to the first port gets ERROR 4: a protocol error,
# whatever was asked.  The second port never answers.
import os, socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
mute = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
mute.bind(('127.0.0.1', 0))
open(sys.argv[1] + '.tmp', 'w').write('%d %d' % (s.getsockname()[1],
                                                 mute.getsockname()[1]))
os.rename(sys.argv[1] + '.tmp', sys.argv[1])
s.settimeout(120)
while True:
    pkt, peer = s.recvfrom(70000)
    t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t.sendto(struct.pack('!HH', 5, 4) + b'Mangled request\0', peer)
EOF
"$PY" "$W/bad.py" "$W/badport" &
BAD_PID=$!
for _ in $(seq 50); do [ -s "$W/badport" ] && break; sleep 0.1; done
read -r badport muteport <"$W/badport"
BAD=tftp://127.0.0.1:$badport
MUTE=tftp://127.0.0.1:$muteport

# class NAME RC CMD...: CMD exits RC.
class() {
	local name=$1 want=$2

	shift 2
	run "$name" "$want" "$@"
}

# 2: usage, whatever the command.
class "usage: image info" 2 "$T" image info
class "usage: tftp get" 2 "$T" tftp get "$U/img"
class "usage: key install" 2 "$T" key install
class "usage: bad URL" 2 "$T" tftp get "tftp://:1/x" -o "$W/x"

# 3: not found, a local file or TFTP error 1.
class "not found: image info" 3 "$T" image info "$W/none"
class "not found: image verify" 3 "$T" image verify "$W/none" --key "$W/key.cer"
class "not found: verify key" 3 "$T" image verify "$W/img" --key "$W/none"
class "not found: sign payload" 3 "$T" image sign --key "$K/dsa1024_160.pem" -o "$W/x" "$W/none"
class "not found: sign key" 3 "$T" image sign --key "$W/none" -o "$W/x" "$W/payload"
class "not found: fingerprint" 3 "$T" key fingerprint "$W/none"
class "not found: key install" 3 "$T" key install "$W/none"
class "not found: tftp put" 3 "$T" tftp put "$W/none" "$U/x"
class "not found: config save" 3 "$T" config save "$U/x" --file "$W/none"
class "not found: tftp get" 3 "$T" tftp get "$U/none" -o "$W/x"
contains "not found: tftp get" "$W/err" "File not found (TFTP error 1)"
class "not found: key over TFTP" 3 "$T" key install "$U/none"
class "not found: verify over TFTP" 3 "$T" image verify "$U/none" --key "$W/key.cer"
class "not found: ScreenOS key" 3 "$T" save image-key tftp "$HP" none

# 4: refused.
class "refused: wrong key" 4 "$T" image verify "$W/img" --key "$K/imagekey1024_160_other.cer"
class "refused: not a key" 4 "$T" key install "$W/payload"
class "refused: not an image" 4 "$T" image info "$W/payload"

# 5: permission, locally or by the server (error 2, or error 0 saying so).
class "permission: image info" 5 $NOBODY "$T" image info "$W/private"
class "permission: fingerprint" 5 $NOBODY "$T" key fingerprint "$W/private"
class "permission: tftp put" 5 $NOBODY "$T" tftp put "$W/private" "$U/x"
class "permission: config save" 5 $NOBODY "$T" config save "$U/x" --file "$W/private"
class "permission: sign output" 5 $NOBODY "$T" image sign --key "$K/dsa1024_160.pem" \
	-o "$R/out" "$W/payload"
class "permission: tftp get" 5 "$T" tftp get "$U/secret" -o "$W/x"
contains "permission: tftp get" "$W/err" "(TFTP error 2)"
class "permission: key over TFTP" 5 "$T" key install "$U/secret"
class "permission: put" 5 "$T" tftp put "$W/payload" "$U/readonly"
class "permission: error 0" 5 "$T" tftp get "$U0/secret" -o "$W/x" --progress=lines
contains "permission: error 0" "$W/err" "server: Permission denied (TFTP error 0)"
grep -q "refused the options" "$W/err" && fail "permission: error 0 taken for refused options"
class "permission: error 0, key" 5 "$T" key install "$U0/secret"

# 6: no module (the host has none).
class "no module: key show" 6 "$T" key show
class "no module: system" 6 "$T" get system
class "no module: install" 6 env IMGAUTH_DEV_DIR="$W" "$T" image install "$W/img"

# 7: nobody answers.
class "unreachable: tftp get" 7 "$T" tftp get "$DEAD/x" -o "$W/x"
class "unreachable: tftp put" 7 "$T" tftp put "$W/payload" "$DEAD/x"
class "unreachable: key install" 7 "$T" key install "$DEAD/key.cer"
class "unreachable: config save" 7 "$T" config save "$DEAD/x" --file "$W/payload"
class "unreachable: unknown host" 7 "$T" tftp get "tftp://no-such-host.invalid/x" -o "$W/x"
class "timeout: tftp get" 7 "$T" tftp get "$MUTE/x" -o "$W/x" --retries 1
contains "timeout: tftp get" "$W/err" "no answer from 127.0.0.1:$muteport after 1 retries"
class "timeout: key install" 7 "$T" key install "$MUTE/key.cer" --retries 1

# 8: the server breaks the protocol.
class "protocol: tftp get" 8 "$T" tftp get "$BAD/x" -o "$W/x"
contains "protocol: tftp get" "$W/err" "Mangled request (TFTP error 4)"
class "protocol: tftp put" 8 "$T" tftp put "$W/payload" "$BAD/x"
class "protocol: key install" 8 "$T" key install "$BAD/key.cer"
class "protocol: config save" 8 "$T" config save "$BAD/x" --file "$W/payload"

# The table in "imgauthctl help" is the man page's EXIT STATUS.
"$T" help | sed -n '/^Exit codes:/,$p' | sed -n 's/^  \([0-9][0-9]*\) \{1,2\}[^ ].*/\1/p' >"$W/codes"
[ "$(tr '\n' ' ' <"$W/codes")" = "0 1 2 3 4 5 6 7 8 10 11 12 " ] ||
	fail "help: exit codes $(tr '\n' ' ' <"$W/codes")"
sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' docs/imgauthctl.8 | sed -n '/^\.TP/{n;s/^\.B \([0-9][0-9]*\)$/\1/p}' >"$W/man"
same "man page EXIT STATUS" "$W/codes" "$W/man"

summary
