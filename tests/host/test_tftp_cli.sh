#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "imgauthctl tftp" as a command: usage errors and exit codes, URLs, what
# goes to stdout (the ScreenOS lines only) and to stderr (progress:
# '!' marks off a terminal, a bar on one, lines, none), -o - and -q, the
# errors that name their cause (no server, unknown host, bad local file),
# and that a failed get leaves no file behind and an existing one as it
# was.  tftpd-hpa on 127.0.0.1 serves.  Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

empty() {
	[ -s "$2" ] && { fail "$1: $(basename "$2") not empty"; show "$2"; }
	return 0
}

R=$W/root
mkdir -p "$R"
tftpd_mkfile "$R/img" 3000000
tftpd_mkfile "$R/small" 3000
tftpd_mkfile "$W/local" 3000
tftpd_hpa_start "$R" "" 127.0.0.1 --create || { echo "no tftpd-hpa" >&2; exit 1; }
U=tftp://127.0.0.1:$TFTPD_PORT

# Usage: exit 2, a message, nothing done.  (Exit codes: 3 not found,
# 7 unreachable, 1 other; tests/host/test_exit_codes.sh has them all.)
run "help" 0 "$T" tftp help
contains "help" "$W/out" "tftp get URL -o FILE"
run "no verb" 2 "$T" tftp
run "bad verb" 2 "$T" tftp fetch "$U/img"
contains "bad verb" "$W/err" 'unknown verb "fetch"'
run "get without -o" 2 "$T" tftp get "$U/img"
run "get without URL" 2 "$T" tftp get -o "$W/x"
run "-o without file" 2 "$T" tftp get "$U/img" -o
run "put one arg" 2 "$T" tftp put "$W/local"
run "put with -o" 2 "$T" tftp put "$W/local" "$U/x" -o "$W/x"
run "extra arg" 2 "$T" tftp get "$U/img" extra -o "$W/x"
run "unknown flag" 2 "$T" tftp get "$U/img" -o "$W/x" --fast
contains "unknown flag" "$W/err" "unknown option --fast"
run "bad blksize" 2 "$T" tftp get "$U/img" -o "$W/x" --blksize 65465
contains "bad blksize" "$W/err" "--blksize"
run "bad progress" 2 "$T" tftp get "$U/img" -o "$W/x" --progress=fancy
for url in "tftp://127.0.0.1" "tftp://127.0.0.1/" "tftp://127.0.0.1:99999/x" \
	"http://127.0.0.1/x" "tftp://::1/x" "127.0.0.1:/x"; do
	run "bad URL $url" 2 "$T" tftp get "$url" -o "$W/x"
	contains "bad URL $url" "$W/err" "bad URL"
done
[ -e "$W/x" ] && fail "usage errors created $W/x"

# stdout: the ScreenOS lines and nothing else; '!' marks go to stderr.
run "get" 0 "$T" tftp get "$U/img" -o "$W/img"
printf 'tftp received octets = 3000000\ntftp success!\n' | cmp -s - "$W/out" ||
	fail "get: stdout: $(cat "$W/out")"
marks=$(tr -cd '!' < "$W/err" | wc -c)
[ "$marks" = 50 ] || fail "get: $marks '!' marks, want one row of 50"
[ "$(wc -l < "$W/err")" = 1 ] || fail "get: stderr: $(cat "$W/err")"
cmp -s "$R/img" "$W/img" || fail "get: file differs"
# mkstemp's 0600 is not kept: the mode follows the umask.
(umask 022 && "$T" -q tftp get "$U/small" -o "$W/mode")
[ "$(stat -c %a "$W/mode")" = 644 ] || fail "get: mode $(stat -c %a "$W/mode"), want 644"

run "put" 0 "$T" tftp put "$W/local" "$U/put"
printf 'tftp transferred records = 1\ntftp success!\n' | cmp -s - "$W/out" ||
	fail "put: stdout: $(cat "$W/out")"
cmp -s "$W/local" "$R/put" || fail "put: file differs"

run "progress none" 0 "$T" tftp get "$U/img" -o "$W/img" --progress=none
empty "progress none" "$W/err"
run "progress lines" 0 "$T" tftp get "$U/img" -o "$W/img" --progress lines
contains "progress lines" "$W/err" "img: 100% (2.9 MiB of 2.9 MiB)"
[ "$(wc -l < "$W/err")" -le 11 ] || fail "progress lines: $(wc -l < "$W/err") lines"
run "quiet" 0 "$T" -q tftp get "$U/img" -o "$W/img"
empty "quiet" "$W/out"
empty "quiet" "$W/err"
run "quiet put" 0 "$T" --quiet tftp put "$W/local" "$U/put"
empty "quiet put" "$W/out"
run "quiet flag" 0 "$T" tftp get "$U/img" -o "$W/img" --quiet
empty "quiet flag" "$W/out"
empty "quiet flag" "$W/err"

# On a terminal: a bar redrawn in place, with the size from tsize.
if command -v script >/dev/null; then
	n=$((n + 1))
	script -qec "$T tftp get $U/img -o $W/tty --blksize 512" /dev/null \
		> "$W/tty.out" 2>&1
	contains "bar" "$W/tty.out" "100% 2.9 MiB/2.9 MiB"
	contains "bar" "$W/tty.out" "img ["
	contains "bar" "$W/tty.out" "tftp received octets = 3000000"
	grep -q '!!!' "$W/tty.out" && fail "bar: marks on a terminal"
fi

# -o -: the file on stdout, the report on stderr.
run "stdout" 0 "$T" tftp get "$U/img" -o - --progress=none
cmp -s "$R/img" "$W/out" || fail "stdout: data differs"
contains "stdout" "$W/err" "tftp received octets = 3000000"

# A failed get: no file, no temporary, and an existing file untouched.
cp "$W/local" "$W/keep"
run "failed get" 3 "$T" tftp get "$U/missing" -o "$W/keep"
contains "failed get" "$W/err" "File not found"
cmp -s "$W/local" "$W/keep" || fail "failed get: existing file changed"
for f in "$W"/keep.*; do
	[ -e "$f" ] && fail "failed get: temporary left: $f"
done
run "get into missing dir" 3 "$T" tftp get "$U/img" -o "$W/nodir/x"
contains "get into missing dir" "$W/err" "cannot create $W/nodir/x"

# A device is written in place, never renamed over; a directory refused.
run "dev null" 0 "$T" tftp get "$U/small" -o /dev/null --progress=none
[ -c /dev/null ] || fail "dev null: /dev/null is no longer a device"
for f in /dev/null.*; do
	[ -e "$f" ] && fail "dev null: temporary left: $f"
done
run "directory" 1 "$T" tftp get "$U/small" -o "$W"
contains "directory" "$W/err" "Is a directory"

# Local file errors: named.
run "put missing file" 3 "$T" tftp put "$W/nonexistent" "$U/x"
contains "put missing file" "$W/err" "cannot read $W/nonexistent: No such file"

# localhost may resolve to ::1 first; the server is on 127.0.0.1 only.
run "localhost" 0 "$T" tftp get "tftp://localhost:$TFTPD_PORT/small" -o "$W/lh"
cmp -s "$R/small" "$W/lh" || fail "localhost: file differs"

# No server on the port: refused at once (ICMP), not after the retries.
port=$TFTPD_PORT
tftpd_stop
start=$SECONDS
run "no server" 7 "$T" tftp get "tftp://127.0.0.1:$port/img" -o "$W/x"
contains "no server" "$W/err" "127.0.0.1:$port: Connection refused"
[ $((SECONDS - start)) -le 2 ] || fail "no server: took $((SECONDS - start)) s"
run "no server v6" 7 "$T" tftp get "tftp://[::1]:$port/img" -o "$W/x"
contains "no server v6" "$W/err" "[::1]:$port: Connection refused"

run "unknown host" 7 "$T" tftp get "tftp://no-such-host.invalid/x" -o "$W/x"
contains "unknown host" "$W/err" 'cannot resolve host "no-such-host.invalid"'

summary
