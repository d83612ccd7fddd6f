#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A fetch never takes more than its destination holds: a key file is at
# most 12288 bytes (a certificate around a slot-sized key, as PEM), an
# image verified offline at most 256 MiB (with a device: its region,
# tests/vm/test_tftp.sh).  A server that announces more (tsize) is
# refused before the first block; one that does not is stopped at the
# bound; a local file is refused by its size before it is read.  Memory
# stays small throughout.  Real tftpd-hpa and atftpd on 127.0.0.1.
# Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

# measured NAME RC MAX_KIB CMD...: CMD exits RC, its peak RSS grows by no
# more than MAX_KIB over a small fetch's ($BASE_RSS); stdout/stderr in
# $W/out, $W/err, the seconds it took in $SECS.
measured() {
	local name=$1 want=$2 max=$3 rc rss start

	shift 3
	start=$(date +%s%N)
	read -r rc rss < <(python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[3:], stdout=open(sys.argv[1], "w"),
                   stderr=open(sys.argv[2], "w")).returncode
print(r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$W/out" "$W/err" "$@")
	SECS=$(( ($(date +%s%N) - start) / 1000000000 ))
	check_rc "$name" "$want" "$rc" "$W/out" "$W/err" || return 1
	if [ -n "${BASE_RSS:-}" ] && [ "$rss" -gt $((BASE_RSS + max)) ]; then
		fail "$name: peak RSS $rss KiB, over $((BASE_RSS + max)) (small fetch: $BASE_RSS)"
	fi
	[ -n "${TFTP_TEST_TIMES:-}" ] && echo "$name: rss $rss KiB, $SECS s" >&2
	return 0
}

R=$W/root
mkdir -p "$R"
cp "$K/imagekey1024_160.cer" "$R/key.cer"
# 100 MiB of zeros, sparse: no disk, all of it on the wire.
truncate -s 100M "$R/huge"
truncate -s 300M "$R/huge300"
truncate -s 100M "$W/huge"
chmod 0644 "$R"/*

tftpd_hpa_start "$R" "" 127.0.0.1 || { echo "no tftpd-hpa" >&2; exit 1; }
U=tftp://127.0.0.1:$TFTPD_PORT
tftpd_hpa_start "$R" "" 127.0.0.1 --refuse tsize || exit 1
UN=tftp://127.0.0.1:$TFTPD_PORT
atftpd_start "$R" "" 127.0.0.1 --no-tsize || exit 1
UA=tftp://127.0.0.1:$TFTPD_PORT

# The baseline: a key that fits (refused later, as there is no module).
measured "small key" 6 0 "$T" key install "$U/key.cer"
BASE_RSS=$(python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$T" key install "$U/key.cer")

# Announced: refused before the first block, at once.
measured "key, tsize" 4 8192 "$T" key install "$U/huge"
contains "key, tsize" "$W/err" "the server announces 104857600 bytes, refused before the transfer"
contains "key, tsize" "$W/err" "more than a key file for a key slot holds (12288 bytes)"
[ "$SECS" -le 2 ] || fail "key, tsize: $SECS s"
measured "ScreenOS key, tsize" 4 8192 "$T" save image-key tftp "127.0.0.1:${U##*:}" huge
contains "ScreenOS key, tsize" "$W/out" "tftp failed!"
measured "offline image, tsize" 4 8192 "$T" image verify "$U/huge300" --key "$K/imagekey1024_160.cer"
contains "offline image, tsize" "$W/err" "more than an image verified offline holds (268435456 bytes)"
[ "$SECS" -le 2 ] || fail "offline image, tsize: $SECS s"

# Not announced: stopped at the bound, lock-step and windowed.
measured "key, no tsize" 4 8192 "$T" key install "$UN/huge"
contains "key, no tsize" "$W/err" "more than 12288 bytes arrived, transfer stopped"
[ "$SECS" -le 2 ] || fail "key, no tsize: $SECS s"
measured "key, atftpd, no tsize" 4 8192 "$T" key install "$UA/huge" --blksize 512 --windowsize 8
contains "key, atftpd, no tsize" "$W/err" "more than 12288 bytes arrived, transfer stopped"
measured "key, plain RFC 1350" 4 8192 "$T" key install "$UN/huge" --no-options
contains "key, plain RFC 1350" "$W/err" "transfer stopped"

# Local: a file by its size, a pipe as it flows.
measured "key, local file" 4 8192 "$T" key install "$W/huge"
contains "key, local file" "$W/err" "$W/huge: more than a key file for a key slot holds (12288 bytes)"
measured "key, pipe" 4 8192 sh -c "head -c 100000000 /dev/zero | \"$T\" key install /dev/stdin"
measured "fingerprint, local file" 4 8192 "$T" key fingerprint "$W/huge"
contains "fingerprint, local file" "$W/err" "larger than any key file (12288 bytes)"
measured "verify key, local file" 4 8192 "$T" image verify "$W/huge" --key "$W/huge"

# What fits still goes.
measured "key that fits, no tsize" 6 8192 "$T" key install "$UN/key.cer"
measured "image that fits, offline" 4 8192 "$T" image verify "$UN/key.cer" --key "$K/imagekey1024_160.cer"
contains "image that fits, offline" "$W/out" "bad magic number"

summary
