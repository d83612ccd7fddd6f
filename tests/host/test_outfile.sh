#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "image sign -o OUT" and "tftp get -o FILE" replace their output whole or
# not at all: a temporary beside it, renamed when complete, never left
# behind (a failed write, a server error, SIGTERM); an existing file keeps
# its mode and owner; a symlink stays a symlink and the file it names is
# replaced; a device is written in place, but an MTD flash device is
# refused.  tftpd-hpa on 127.0.0.1 serves,
# a python3 socket that never answers stalls.  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh
. tests/lib/tftpd.sh
MUTE_PID=""
# shellcheck disable=SC2016	# expanded on exit
host_on_exit '[ -n "$MUTE_PID" ] && kill "$MUTE_PID" 2>/dev/null'
host_on_exit tftpd_stop

# no_temp NAME FILE: no FILE.XXXXXX beside FILE.
no_temp() {
	local f

	for f in "$2".??????; do
		[ -e "$f" ] && fail "$1: temporary left: $f"
	done
	return 0
}

mode() { stat -c %a "$1"; }

head -c 100000 /dev/urandom >"$W/payload"
SIGN=("$T" -q image sign --key "$K/dsa1024_160.pem")

# sign: an existing file keeps its mode and owner; a new one is 0644.
printf 'old' >"$W/signed"
chmod 0600 "$W/signed"
chown 65534:65534 "$W/signed"
run "sign over 0600" 0 "${SIGN[@]}" -o "$W/signed" "$W/payload"
[ "$(mode "$W/signed")" = 600 ] || fail "sign over 0600: mode $(mode "$W/signed")"
[ "$(stat -c %u:%g "$W/signed")" = 65534:65534 ] || fail "sign: owner $(stat -c %u:%g "$W/signed")"
run "sign verifies" 0 "$T" -q image verify "$W/signed" --key "$K/imagekey1024_160.cer"
no_temp "sign over 0600" "$W/signed"
(umask 077 && "${SIGN[@]}" -o "$W/new" "$W/payload") || fail "sign new"
[ "$(mode "$W/new")" = 644 ] || fail "sign new: mode $(mode "$W/new")"

# sign: a write that fails (past the file size limit) leaves OUT as it was.
printf 'previous image' >"$W/keep"
cp "$W/keep" "$W/keep.orig"
(ulimit -f 16; trap '' XFSZ; exec "${SIGN[@]}" -o "$W/keep" "$W/payload") \
	>"$W/out.txt" 2>"$W/err.txt"
check_rc "sign past the size limit" 1 $? "$W/err.txt"
same "sign past the size limit" "$W/keep.orig" "$W/keep"
no_temp "sign past the size limit" "$W/keep"
contains "sign past the size limit" "$W/err.txt" "File too large"

# sign through a symlink: the link stays, its target is the image.
printf 'old' >"$W/target"
chmod 0640 "$W/target"
ln -s target "$W/link"
run "sign via symlink" 0 "${SIGN[@]}" -o "$W/link" "$W/payload"
[ -L "$W/link" ] || fail "sign via symlink: the link was replaced"
[ "$(mode "$W/target")" = 640 ] || fail "sign via symlink: target mode $(mode "$W/target")"
run "sign via symlink verifies" 0 "$T" -q image verify "$W/target" --key "$K/imagekey1024_160.cer"
no_temp "sign via symlink" "$W/target"
no_temp "sign via symlink" "$W/link"

R=$W/root
mkdir -p "$R"
tftpd_mkfile "$R/f" 300000
tftpd_hpa_start "$R" "" 127.0.0.1 || { echo "no tftpd-hpa" >&2; exit 1; }
U=tftp://127.0.0.1:$TFTPD_PORT

# get: mode kept, symlinks followed (also dangling and chained ones).
printf 'old' >"$W/g600"
chmod 0600 "$W/g600"
run "get over 0600" 0 "$T" -q tftp get "$U/f" -o "$W/g600"
[ "$(mode "$W/g600")" = 600 ] || fail "get over 0600: mode $(mode "$W/g600")"
same "get over 0600" "$R/f" "$W/g600"
printf 'old' >"$W/gt"
chmod 0604 "$W/gt"
mkdir "$W/d"
ln -s ../gt "$W/d/l1"
ln -s d/l1 "$W/l2"
run "get via two symlinks" 0 "$T" -q tftp get "$U/f" -o "$W/l2"
[ -L "$W/l2" ] && [ -L "$W/d/l1" ] || fail "get via symlinks: a link was replaced"
same "get via two symlinks" "$R/f" "$W/gt"
[ "$(mode "$W/gt")" = 604 ] || fail "get via symlinks: target mode $(mode "$W/gt")"
no_temp "get via two symlinks" "$W/gt"
ln -s dangling.target "$W/dangle"
run "get via dangling symlink" 0 "$T" -q tftp get "$U/f" -o "$W/dangle"
[ -L "$W/dangle" ] || fail "get via dangling symlink: the link was replaced"
same "get via dangling symlink" "$R/f" "$W/dangling.target"
ln -s loop2 "$W/loop1"
ln -s loop1 "$W/loop2"
run "get via a symlink loop" 1 "$T" -q tftp get "$U/f" -o "$W/loop1"
contains "get via a symlink loop" "$W/err" "Too many levels of symbolic links"

# get: a failure leaves the old file, and no temporary.
printf 'old' >"$W/gkeep"
cp "$W/gkeep" "$W/gkeep.orig"
run "get not found" 3 "$T" -q tftp get "$U/none" -o "$W/gkeep"
same "get not found" "$W/gkeep.orig" "$W/gkeep"
no_temp "get not found" "$W/gkeep"
(ulimit -f 16; trap '' XFSZ; exec "$T" -q tftp get "$U/f" -o "$W/gkeep") 2>"$W/err.txt"
check_rc "get past the size limit" 1 $? "$W/err.txt"
same "get past the size limit" "$W/gkeep.orig" "$W/gkeep"
no_temp "get past the size limit" "$W/gkeep"

# get: SIGTERM while stalled removes the temporary.
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
time.sleep(60)
' >"$W/muteport" &
MUTE_PID=$!
for _ in $(seq 50); do [ -s "$W/muteport" ] && break; sleep 0.1; done
"$T" -q tftp get "tftp://127.0.0.1:$(cat "$W/muteport")/x" -o "$W/gkeep" --retries 20 &
pid=$!
for _ in $(seq 50); do
	ls "$W"/gkeep.?????? >/dev/null 2>&1 && break
	sleep 0.1
done
ls "$W"/gkeep.?????? >/dev/null 2>&1 || fail "SIGTERM: no temporary while it runs"
kill -TERM "$pid"
wait "$pid"
n=$((n + 1))
same "SIGTERM" "$W/gkeep.orig" "$W/gkeep"
no_temp "SIGTERM" "$W/gkeep"

# A device is written in place, never renamed over.
run "get to /dev/null" 0 "$T" -q tftp get "$U/f" -o /dev/null
[ -c /dev/null ] || fail "get to /dev/null: no longer a device"

# But not an MTD flash device (character major 90, or block major 31
# through mtdblock): refused on its node
# alone, before it is opened (a node made here, with a minor no real
# device has), also through a symlink (stdout on one: test_tftp, guest).
if mknod "$W/mtd9" c 90 254 2>/dev/null; then
	ln -s mtd9 "$W/mtdlink"
	for c in "tftp get $U/f -o $W/mtd9" \
		"image sign --key $K/dsa1024_160.pem -o $W/mtd9 $W/payload" \
		"key rotate --old $K/dsa1024_160.pem --unlock -o $W/mtd9" \
		"tftp get $U/f -o $W/mtdlink"; do
		# shellcheck disable=SC2086	# c: words
		run "${c%% -*} to an MTD node" 1 "$T" $c
		o=${c#* -o }
		contains "${c%% -*} to an MTD node" "$W/err" "${o%% *}: an MTD flash device, which is not written raw"
		n=$((n + 1))
		[ -c "$W/mtd9" ] || fail "${c%% -*} to an MTD node: no longer a device"
	done
	no_temp "MTD node" "$W/mtd9"
	n=$((n + 1))
	[ -L "$W/mtdlink" ] || fail "MTD symlink: no longer a symlink"
	# The same flash through mtdblock (block major 31).
	if mknod "$W/mtdblock9" b 31 254 2>/dev/null; then
		run "tftp get to an mtdblock node" 1 "$T" tftp get "$U/f" -o "$W/mtdblock9"
		contains "tftp get to an mtdblock node" "$W/err" "$W/mtdblock9: an MTD flash device, which is not written raw"
		n=$((n + 1))
		[ -b "$W/mtdblock9" ] || fail "tftp get to an mtdblock node: no longer a device"
		no_temp "mtdblock node" "$W/mtdblock9"
	else
		fail "mknod c 90 worked but b 31 did not"
	fi
else
	echo "test_outfile: cannot mknod here: the MTD node case is skipped" >&2
fi

summary
