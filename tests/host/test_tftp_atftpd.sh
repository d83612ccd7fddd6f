#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "imgauthctl tftp" against atftpd, the server with RFC 7440 windowsize:
# get and put at block and window boundaries, windowsize 16 on 40 MiB,
# block numbers past 65535 with windows, options the server turns off
# (--no-windowsize drops one, --no-* all: an empty OACK), and its errors.
# atftpd 0.8 binds IPv4 only (--bind-address ::1 gives 0.0.0.0): the
# IPv6 part is skipped when that is so.  Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

# get NAME URL WANT_FILE [FLAGS]
get() {
	local name=$1 url=$2 want=$3

	shift 3
	rm -f "$W/got"
	run "$name" 0 "$T" tftp get "$url" -o "$W/got" --progress=none "$@" ||
		return
	contains "$name" "$W/out" "tftp received octets = $(stat -c %s "$want")"
	same "$name" "$want" "$W/got"
}

# put NAME SRC URL SERVER_FILE BLKSIZE [FLAGS]
put() {
	local name=$1 src=$2 url=$3 dst=$4 bs=$5 size

	shift 5
	rm -f "$dst"
	run "$name" 0 "$T" tftp put "$src" "$url" --progress=none "$@" ||
		return
	size=$(stat -c %s "$src")
	contains "$name" "$W/out" "tftp transferred records = $((size / bs + 1))"
	same "$name" "$src" "$dst"
}

R=$W/root
mkdir -p "$R" "$W/src"
chmod 0777 "$R"
# Around 512 and 1468 bytes a block, and 4 blocks of 1468 a window.
SIZES="0 1 512 1468 2936 5871 5872 5873 100000"
for s in $SIZES; do
	tftpd_mkfile "$R/f$s" "$s"
	tftpd_mkfile "$W/src/f$s" "$s"
done

atftpd_start "$R" "" 127.0.0.1 || { echo "atftpd did not start" >&2; exit 1; }
U=tftp://127.0.0.1:$TFTPD_PORT
# The block arithmetic at a 1500-byte MTU's block; the defaults are
# test_tftp_defaults.sh's.
B="--blksize 1468"
for s in $SIZES; do
	get "get $s" "$U/f$s" "$R/f$s" $B --windowsize 1
	get "get $s window 4" "$U/f$s" "$R/f$s" $B --windowsize 4
	put "put $s" "$W/src/f$s" "$U/p$s" "$R/p$s" 1468 $B --windowsize 1
	put "put $s window 4" "$W/src/f$s" "$U/q$s" "$R/q$s" 1468 $B --windowsize 4
done
get "get 512 blksize 512" "$U/f512" "$R/f512" --blksize 512
get "get no-options" "$U/f100000" "$R/f100000" --no-options
put "put no-options" "$W/src/f2936" "$U/np" "$R/np" 512 --no-options
get "get timeout option" "$U/f5872" "$R/f5872" --timeout 3
get "get blksize 65464 window 16" "$U/f100000" "$R/f100000" --blksize 65464 \
	--windowsize 16

run "get not found" 3 "$T" tftp get "$U/nonexistent" -o "$W/nf"
contains "get not found" "$W/err" "server: File not found (TFTP error 1)"
run "get outside root" 5 "$T" tftp get "$U/../etc/passwd" -o "$W/nf"
contains "get outside root" "$W/err" "server: Access violation (TFTP error 2)"
run "put into missing dir" 5 "$T" tftp put "$W/src/f1" "$U/nodir/x"
contains "put into missing dir" "$W/err" "(TFTP error 2)"
[ -e "$W/nf" ] && fail "failed get left $W/nf"

# Large, with and without windows; past block 65535 with windows too.
tftpd_mkfile "$R/big" $((40 * 1024 * 1024))
tftpd_mkfile "$R/roll" $((65536 * 512 + 1000))
cp "$R/big" "$W/src/big"
cp "$R/roll" "$W/src/roll"
get "get 40 MiB" "$U/big" "$R/big"
get "get 40 MiB window 16" "$U/big" "$R/big" --windowsize 16
put "put 40 MiB window 16" "$W/src/big" "$U/bigput" "$R/bigput" 1468 \
	$B --windowsize 16
get "get rollover window 16" "$U/roll" "$R/roll" --blksize 512 --windowsize 16
put "put rollover window 16" "$W/src/roll" "$U/rollput" "$R/rollput" 512 \
	--blksize 512 --windowsize 16
get "get rollover" "$U/roll" "$R/roll" --blksize 512
rm -f "$R/big" "$R/bigput" "$W/src/big" "$R/rollput"
tftpd_stop

# windowsize turned off: dropped from the OACK, transfer in lock-step.
atftpd_start "$R" "" 127.0.0.1 --no-windowsize || fail "atftpd --no-windowsize"
U=tftp://127.0.0.1:$TFTPD_PORT
get "no-windowsize get" "$U/f100000" "$R/f100000" --windowsize 16
put "no-windowsize put" "$W/src/f100000" "$U/nw" "$R/nw" 1468 $B --windowsize 16
tftpd_stop

# Every option off: atftpd answers with an empty OACK; 512-byte blocks.
atftpd_start "$R" "" 127.0.0.1 --no-blksize --no-tsize --no-timeout \
	--no-windowsize --no-multicast || fail "atftpd --no-*"
U=tftp://127.0.0.1:$TFTPD_PORT
get "no options get" "$U/f100000" "$R/f100000" --windowsize 4
get "no options get 1024" "$U/f5872" "$R/f5872"
put "no options put" "$W/src/f5872" "$U/no" "$R/no" 512 --windowsize 4
tftpd_stop

atftpd_start "$R" "" ::1 2>/dev/null
case $? in
0)
	U="tftp://[::1]:$TFTPD_PORT"
	get "v6 get" "$U/f100000" "$R/f100000" --windowsize 4
	put "v6 put" "$W/src/f5873" "$U/v6" "$R/v6" 1468 $B
	tftpd_stop
	;;
2)
	echo "test_tftp_atftpd: note: this atftpd cannot listen on ::1, IPv6 skipped"
	;;
*)
	fail "atftpd on ::1"
	;;
esac

summary
