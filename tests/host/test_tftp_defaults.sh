#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TFTP that never crawls, against real atftpd and tftpd-hpa: by default
# the client asks for 65464-byte blocks and a window (16 to get, what a
# default receive buffer holds to put) and takes what the server gives
# (no window from tftpd-hpa, a lower block size, 512 without options);
# the block arithmetic holds at that size; a put's window that loses its
# end every time shrinks (atftpd may hold only three 64 KiB blocks); a put and a
# config backup stream from the file, never reading it whole.
# Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

# stats NAME EXPR CMD...: CMD -j succeeds; EXPR holds for its document d.
stats() {
	local name=$1 expr=$2

	shift 2
	run "$name" 0 "$T" -j "$@" --progress=none || return 1
	json "$name" "$expr"
}

# ms CMD...: how long CMD takes, in milliseconds; fails the test if CMD does.
ms() {
	local start rc

	start=$(date +%s%N)
	"$@" >/dev/null 2>"$W/ms.err"
	rc=$?
	echo $(( ($(date +%s%N) - start) / 1000000 ))
	[ "$rc" = 0 ] || { fail "$*: exit $rc"; show "$W/ms.err"; }
}

# peak_kib CMD...: the peak RSS of CMD, in KiB.
peak_kib() {
	python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)
' "$@"
}

R=$W/root
mkdir -p "$R" "$W/src"
chmod 0777 "$R"
# Around the default block: the final empty DATA, one byte over.
SIZES="0 1 65463 65464 65465 130928 130929 300000"
for s in $SIZES; do
	tftpd_mkfile "$R/f$s" "$s"
	tftpd_mkfile "$W/src/f$s" "$s"
done
tftpd_mkfile "$W/src/big" $((40 << 20))
cp "$W/src/big" "$R/big"
tftpd_mkfile "$W/src/12m" $((12 << 20))

atftpd_start "$R" "" 127.0.0.1 || { echo "no atftpd" >&2; exit 1; }
UA=tftp://127.0.0.1:$TFTPD_PORT
tftpd_hpa_start "$R" "" 127.0.0.1 --create || { echo "no tftpd-hpa" >&2; exit 1; }
UH=tftp://127.0.0.1:$TFTPD_PORT

# What is negotiated by default.
stats "atftpd get" "(d['blksize'], d['windowsize']) == (65464, 16)" tftp get "$UA/f300000" -o "$W/got"
stats "atftpd put" "(d['blksize'], d['windowsize']) == (65464, 3)" tftp put "$W/src/f300000" "$UA/p"
stats "hpa get" "(d['blksize'], d['windowsize']) == (65464, 1)" tftp get "$UH/f300000" -o "$W/got"
stats "hpa put" "(d['blksize'], d['windowsize']) == (65464, 1)" tftp put "$W/src/f300000" "$UH/ph"
stats "no window asked" "d['windowsize'] == 1 and d['blksize'] == 65464" tftp get "$UA/f300000" \
	-o "$W/got" --windowsize 1
for s in $SIZES; do
	for u in "$UA" "$UH"; do
		stats "get $s from ${u##*:}" "d['bytes'] == $s and d['records'] == $s // 65464 + 1" \
			tftp get "$u/f$s" -o "$W/got"
		same "get $s from ${u##*:}" "$R/f$s" "$W/got"
		stats "put $s to ${u##*:}" "d['bytes'] == $s and d['records'] == $s // 65464 + 1" \
			tftp put "$W/src/f$s" "$u/q$s.${u##*:}"
		same "put $s to ${u##*:}" "$W/src/f$s" "$R/q$s.${u##*:}"
	done
done
tftpd_stop

# What the server gives instead: fewer options, smaller blocks.
atftpd_start "$R" "" 127.0.0.1 --no-windowsize || exit 1
stats "atftpd without windows" "(d['blksize'], d['windowsize']) == (65464, 1)" \
	tftp get "tftp://127.0.0.1:$TFTPD_PORT/f300000" -o "$W/got"
tftpd_stop
atftpd_start "$R" "" 127.0.0.1 --no-blksize || exit 1
stats "atftpd without blksize" "d['blksize'] == 512 and d['bytes'] == 300000" \
	tftp get "tftp://127.0.0.1:$TFTPD_PORT/f300000" -o "$W/got"
tftpd_stop
tftpd_hpa_start "$R" "" 127.0.0.1 -B 1468 || exit 1
stats "hpa lowers blksize" "d['blksize'] == 1468 and d['records'] == 300000 // 1468 + 1" \
	tftp get "tftp://127.0.0.1:$TFTPD_PORT/f300000" -o "$W/got"
tftpd_stop
tftpd_hpa_start "$R" "" ::1 || exit 1
stats "hpa on ::1" "d['blksize'] == 65464 and d['bytes'] == 300000" \
	tftp get "tftp://[::1]:$TFTPD_PORT/f300000" -o "$W/got"
same "hpa on ::1" "$R/f300000" "$W/got"
tftpd_stop

# The defaults against atftpd: 65464-byte blocks and a window (what makes
# them several times faster than 1468-byte lock-step; the times go to
# stderr with TFTP_TEST_TIMES=1, a benchmark's job, not a test's).
atftpd_start "$R" "" 127.0.0.1 || exit 1
UA=tftp://127.0.0.1:$TFTPD_PORT
slow=$(ms "$T" -q tftp get "$UA/big" -o "$W/got" --blksize 1468 --windowsize 1)
stats "fast get" "d['blksize'] == 65464 and d['windowsize'] > 1 and d['bytes'] == 40 << 20" \
	tftp get "$UA/big" -o "$W/got"
same "fast get" "$R/big" "$W/got"
fast=$(ms "$T" -q tftp get "$UA/big" -o "$W/got")
[ -n "${TFTP_TEST_TIMES:-}" ] && echo "40 MiB get: default $fast ms, lock-step $slow ms" >&2
stats "fast put" "d['blksize'] == 65464 and d['windowsize'] > 1" \
	tftp put "$W/src/big" "$UA/bigp"
same "fast put" "$W/src/big" "$R/bigp"

# A window atftpd may not hold (four 64 KiB blocks): the 12 MiB arrive
# whole; when the end of each window was lost the client says so and
# carries on with the smaller window it asked for. (Whether atftpd loses
# them depends on how fast it drains its socket on a loaded host.)
run "window shrinks" 0 "$T" -j tftp put "$W/src/12m" "$UA/12m" --blksize 65464 \
	--windowsize 4 --progress=lines
same "window shrinks" "$W/src/12m" "$R/12m"
if grep -qF "the server lost the end of each window of 4 blocks; asking for " "$W/err"; then
	json "window shrinks" "d['windowsize'] < 4 and d['requests'] >= 2"
else
	json "window kept" "d['windowsize'] == 4"
fi

# A put streams: 40 MiB cost no more memory than 300 KB.
small=$(peak_kib "$T" -q tftp put "$W/src/f300000" "$UA/m1")
big=$(peak_kib "$T" -q tftp put "$W/src/big" "$UA/m2")
n=$((n + 1))
[ "$small" -gt 0 ] && [ "$big" -gt 0 ] && [ "$big" -le $((small + 8192)) ] ||
	fail "put memory: $big KiB for 40 MiB, $small KiB for 300 KB"
small=$(peak_kib "$T" -q config save "$UA/c1" --file "$W/src/f300000")
big=$(peak_kib "$T" -q config save "$UA/c2" --file "$W/src/big")
n=$((n + 1))
[ "$small" -gt 0 ] && [ "$big" -gt 0 ] && [ "$big" -le $((small + 8192)) ] ||
	fail "config save memory: $big KiB for 40 MiB, $small KiB for 300 KB"
same "config save" "$W/src/big" "$R/c2"

summary
