#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "imgauthctl tftp" against tftpd-hpa on 127.0.0.1 and [::1]: get and put
# at the sizes where block arithmetic goes wrong (0, 512, multiples of the
# block size: the final empty DATA), option negotiation (blksize lowered
# by the server, options refused, --no-options), the server's errors
# (not found, permission denied, new file without --create), and large
# transfers: 40 MiB, and 32 MiB + at 512 bytes a block, past block 65535.
# The block arithmetic is tested at a 1500-byte MTU's block, 1468 on IPv4
# and 1448 on IPv6; the defaults (65464) are test_tftp_defaults.sh's.
# Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

# get NAME URL WANT_FILE [FLAGS]: a good get, its output, its bytes
get() {
	local name=$1 url=$2 want=$3 size

	shift 3
	rm -f "$W/got"
	run "$name" 0 "$T" tftp get "$url" -o "$W/got" --progress=none "$@" ||
		return
	size=$(stat -c %s "$want")
	printf 'tftp received octets = %s\ntftp success!\n' "$size" |
		cmp -s - "$W/out" || fail "$name: output: $(cat "$W/out")"
	same "$name" "$want" "$W/got"
}

# put NAME SRC URL SERVER_FILE BLKSIZE [FLAGS]: a good put
put() {
	local name=$1 src=$2 url=$3 dst=$4 bs=$5 size

	shift 5
	run "$name" 0 "$T" tftp put "$src" "$url" --progress=none "$@" ||
		return
	size=$(stat -c %s "$src")
	printf 'tftp transferred records = %s\ntftp success!\n' \
		$((size / bs + 1)) | cmp -s - "$W/out" ||
		fail "$name: output: $(cat "$W/out")"
	same "$name" "$src" "$dst"
}

R=$W/root
mkdir -p "$R/new" "$W/src"
chmod 0777 "$R/new"
SIZES="0 1 511 512 513 1024 1448 1467 1468 1469 2896 2936 100000"
for s in $SIZES; do
	tftpd_mkfile "$R/f$s" "$s"
	tftpd_mkfile "$W/src/f$s" "$s"
done
tftpd_mkfile "$R/secret" 100
chmod 0600 "$R/secret"
: > "$R/readonly"
chmod 0644 "$R/readonly"

for addr in 127.0.0.1 ::1; do
	tftpd_hpa_start "$R" "" "$addr" || { fail "tftpd-hpa on $addr"; continue; }
	U=tftp://$TFTPD_HOST:$TFTPD_PORT
	v=$addr
	# The block that fits a 1500-byte MTU: 1468, or 1448 on IPv6.
	bs=1468
	[ "$addr" = ::1 ] && bs=1448

	for s in $SIZES; do
		get "$v get $s" "$U/f$s" "$R/f$s" --blksize "$bs"
	done
	for s in 0 512 1024 100000; do
		get "$v get $s blksize 512" "$U/f$s" "$R/f$s" --blksize 512
		get "$v get $s no-options" "$U/f$s" "$R/f$s" --no-options
	done
	get "$v get blksize 8" "$U/f513" "$R/f513" --blksize 8
	get "$v get blksize 65464" "$U/f100000" "$R/f100000" --blksize 65464
	get "$v get timeout option" "$U/f2936" "$R/f2936" --timeout 2
	get "$v get windowsize dropped" "$U/f100000" "$R/f100000" --windowsize 8

	# tftpd-hpa only overwrites world-writable files without --create.
	for s in 0 512 1448 1468 2896 2936 100000; do
		install -m 0666 /dev/null "$R/put$s"
		put "$v put $s" "$W/src/f$s" "$U/put$s" "$R/put$s" "$bs" --blksize "$bs"
	done
	install -m 0666 /dev/null "$R/put512b"
	put "$v put 512 blksize 512" "$W/src/f512" "$U/put512b" "$R/put512b" \
		512 --blksize 512
	install -m 0666 /dev/null "$R/put2936n"
	put "$v put no-options" "$W/src/f2936" "$U/put2936n" "$R/put2936n" 512 \
		--no-options

	run "$v get not found" 3 "$T" tftp get "$U/nonexistent" -o "$W/nf"
	contains "$v get not found" "$W/err" "server: File not found (TFTP error 1)"
	[ -e "$W/nf" ] && fail "$v get not found: left $W/nf"
	run "$v get permission" 5 "$T" tftp get "$U/secret" -o "$W/nf"
	contains "$v get permission" "$W/err" "(TFTP error 2)"
	run "$v put not world-writable" 5 "$T" tftp put "$W/src/f1" "$U/readonly"
	contains "$v put not world-writable" "$W/err" "(TFTP error 2)"
	run "$v put new file refused" 3 "$T" tftp put "$W/src/f1" "$U/brandnew"
	contains "$v put new file refused" "$W/err" "server: "
	[ -e "$R/brandnew" ] && fail "$v put new file refused: created"
	tftpd_stop
done

# --create: a put of a new file, in a subdirectory (the path after the
# host's slash is the server's file name).
tftpd_hpa_start "$R" "" 127.0.0.1 --create || fail "tftpd-hpa --create"
U=tftp://127.0.0.1:$TFTPD_PORT
put "put new file" "$W/src/f1469" "$U/new/imagekey.cer" "$R/new/imagekey.cer" 1468 \
	--blksize 1468
tftpd_stop

# A server that refuses every option answers with DATA / ACK 0 at once.
tftpd_hpa_start "$R" "" 127.0.0.1 --create --refuse blksize \
	--refuse tsize --refuse timeout --refuse utimeout --refuse blksize2 ||
	fail "tftpd-hpa --refuse"
U=tftp://127.0.0.1:$TFTPD_PORT
get "refused get" "$U/f100000" "$R/f100000"
get "refused get 512" "$U/f512" "$R/f512"
put "refused put" "$W/src/f100000" "$U/new/refused" "$R/new/refused" 512
put "refused put 1024" "$W/src/f1024" "$U/new/refused2" "$R/new/refused2" 512
run "refused note" 0 "$T" tftp get "$U/f1024" -o "$W/got" --progress=lines
contains "refused note" "$W/err" "server does not negotiate options: 512-byte blocks"
tftpd_stop

# Only blksize refused: the OACK holds tsize alone, blocks stay 512.
tftpd_hpa_start "$R" "" 127.0.0.1 --create --refuse blksize ||
	fail "tftpd-hpa --refuse blksize"
U=tftp://127.0.0.1:$TFTPD_PORT
get "no blksize get" "$U/f2936" "$R/f2936"
put "no blksize put" "$W/src/f2936" "$U/new/nbs" "$R/new/nbs" 512
tftpd_stop

# The server lowers blksize to its maximum (-B); we take the lower value.
tftpd_hpa_start "$R" "" 127.0.0.1 --create -B 1024 || fail "tftpd-hpa -B"
U=tftp://127.0.0.1:$TFTPD_PORT
get "lowered get" "$U/f100000" "$R/f100000"
get "lowered get 2048" "$U/f1024" "$R/f1024"
put "lowered put" "$W/src/f2936" "$U/new/low" "$R/new/low" 1024
tftpd_stop

# Large: 40 MiB, and past block 65535 at 512 bytes a block.
tftpd_mkfile "$R/big" $((40 * 1024 * 1024))
tftpd_mkfile "$R/roll" $((65536 * 512 + 512))
cp "$R/roll" "$W/src/roll"
tftpd_hpa_start "$R" "" 127.0.0.1 --create || fail "tftpd-hpa large"
U=tftp://127.0.0.1:$TFTPD_PORT
get "get 40 MiB" "$U/big" "$R/big"
get "get 40 MiB blksize 65464" "$U/big" "$R/big" --blksize 65464
get "get rollover" "$U/roll" "$R/roll" --blksize 512
put "put rollover" "$W/src/roll" "$U/new/roll" "$R/new/roll" 512 --blksize 512
tftpd_stop

summary
