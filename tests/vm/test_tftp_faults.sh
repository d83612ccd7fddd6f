# SPDX-License-Identifier: GPL-2.0
# Image installs over TFTP through the fault-injecting proxy
# (tests/tools/ia_tftp_fault.c, static, from the .prep) in front of
# in.tftpd and atftpd on the guest's loopback: with datagrams dropped,
# duplicated and reordered, a second source TID, the server stalling,
# ERROR mid-transfer, more than the tsize announced, more than the image
# region without tsize.  Each install either ends with the new image
# whole in the other slot and active, or fails with its class's exit
# code, within its bound, with the flash byte-identical and the active
# image unchanged: a partial image is never installed.  Seeded (seed
# 13 + the attempt's number, printed); --long: 20 % loss, 20 installs a
# mode, and the modes the short run leaves out.
. "$IMGAUTH_TESTS/lib/guest.sh"
. "$IMGAUTH_TESTS/lib/tftpd.sh"
. "$IMGAUTH_TESTS/lib/tftp_fault.sh"
# shellcheck disable=SC2034	# for tftp_fault.sh
FAULT_BIN=$IMGAUTH_SHARE/ia-tftp-fault
FAULT_DIR=/tmp/fault
mkdir -p "$FAULT_DIR"
LONG=""
if [ "${1:-}" = --long ]; then
	LONG=1 LOSS=20 COUNT=20
else
	LOSS=10 COUNT=1
fi
SEED=13
echo "seed $SEED (+ the attempt's number), loss $LOSS %, $COUNT installs a mode"

on_mtdram 8
S=/srv/tftp
mkdir -p "$S"
cp "$IMGAUTH_SHARE/good.img" "$IMGAUTH_SHARE/good2.img" "$S/"
# More than an image slot of 8 MiB flash holds; sparse, no disk.
dd if=/dev/zero of="$S/huge.img" bs=1M count=0 seek=16 2>/dev/null
chmod -R a+rX "$S"
expect 0 imgauthctl key install "$IMGAUTH_SHARE/imagekey1024_160.cer"
expect 0 imgauthctl image install "$S/good.img"
tftpd_hpa_start "$S" "" 127.0.0.1 || fail "tftpd-hpa"
HPA=$TFTPD_PORT
atftpd_start "$S" "" 127.0.0.1 || fail "atftpd"
ATF=$TFTPD_PORT

active() {
	imgauthctl -j system | sed -n 's/.*"active":"\(image[01]\)".*/\1/p'
}

# The image that is not active: what the next install brings.
NEXT=good2.img
attempt_no=0

# attempt NAME SERVER_PORT FILE ALLOWED_RCS BOUND TEXT PROXY_ARGS... -- CMD...
# CMD (@P@: the proxy's port, @F@: FILE) through a proxy with
# PROXY_ARGS.  Exit 0: "Image authenticated!", the other slot holds FILE
# and is active.  Otherwise the exit is one of ALLOWED_RCS (a list, "0"
# only: must succeed), the output says TEXT, the flash is byte-identical
# and the active slot the same.  Within BOUND seconds either way.
attempt() {
	name=$1 srv=$2 file=$3 allowed=$4 bound=$5 text=$6
	shift 6
	attempt_no=$((attempt_no + 1))
	pargs=""	# words: no spaces in the proxy's arguments
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pargs="$pargs $1"; shift; done
	shift
	before=$(active)
	sum=$(flash_sum)
	# shellcheck disable=SC2086	# the proxy's arguments are words
	fault_start "$srv" --seed $((SEED + attempt_no)) $pargs >/dev/null || fail "$name: proxy"
	cmd=""
	for a in "$@"; do
		a=$(printf '%s' "$a" | sed "s/@P@/$FAULT_PORT/g; s/@F@/$file/g")
		cmd="$cmd '$a'"
	done
	eval "fault_secs $cmd"
	fault_stop >/dev/null
	OUT=$(cat "$FAULT_DIR/out")
	[ "$FAULT_SECS" -le "$bound" ] || fail "$name: $FAULT_SECS s, bound $bound"
	case " $allowed " in
	*" $FAULT_RC "*) ;;
	*) fail "$name (seed $((SEED + attempt_no))): exit $FAULT_RC, want one of $allowed" ;;
	esac
	if [ "$FAULT_RC" = 0 ]; then
		has "Image authenticated!"
		slot=$(printf '%s\n' "$OUT" | sed -n 's/.*Done: \(image[01]\) is the active system image.*/\1/p')
		if [ -z "$slot" ] || [ "$slot" = "$before" ]; then
			fail "$name: installed to '$slot', active was $before"
		fi
		[ "$(active)" = "$slot" ] || fail "$name: $slot installed, $(active) active"
		cmp "$S/$file" "/dev/imgauth/$slot" || fail "$name: $slot differs from $file"
		[ "$file" = good2.img ] && NEXT=good.img || NEXT=good2.img
		RESULT_OK=$((RESULT_OK + 1))
	else
		has "$text"
		hasnt "Image authenticated!"
		[ "$(flash_sum)" = "$sum" ] || fail "$name: exit $FAULT_RC changed the flash"
		[ "$(active)" = "$before" ] || fail "$name: active $(active), was $before"
		RESULT_FAILED=$((RESULT_FAILED + 1))
	fi
	echo "$name: seed $((SEED + attempt_no)), exit $FAULT_RC in $FAULT_SECS s; proxy: $FAULT_STATS"
}

# mode NAME SERVER_PORT ALLOWED_RCS BOUND TEXT PROXY_ARGS...: COUNT
# installs of the other image, image install tftp:// with the options in
# $CLIENT, each an attempt.
mode() {
	m_name=$1 m_srv=$2 m_allowed=$3 m_bound=$4 m_text=$5
	shift 5
	RESULT_OK=0 RESULT_FAILED=0
	i=0
	# shellcheck disable=SC2086	# CLIENT: words
	while [ "$i" -lt "$COUNT" ]; do
		i=$((i + 1))
		attempt "$m_name #$i" "$m_srv" "$NEXT" "$m_allowed" "$m_bound" "$m_text" \
			"$@" -- imgauthctl image install "tftp://127.0.0.1:@P@/@F@" \
			--progress=none $CLIENT
	done
	echo "RESULT $m_name: $RESULT_OK of $COUNT installed, $RESULT_FAILED failed cleanly (flash unchanged)"
	pass "$m_name"
}

# Random faults: whole installs, or exit 7 with nothing written.
# (The short run leaves out the modes the host tests and test_tftp cover.)
CLIENT="--blksize 8192 --windowsize 1"
[ -n "$LONG" ] &&
	mode "drop $LOSS%, tftpd-hpa lock-step, 8 KiB blocks" "$HPA" "0 7" 90 "TFTP" --drop "$LOSS"
CLIENT="--blksize 8192 --windowsize 8"
mode "drop $LOSS%, atftpd windows of 8 x 8 KiB" "$ATF" "0 7" 90 "TFTP" --drop "$LOSS"
CLIENT=""
mode "drop+dup+reorder $LOSS%, atftpd windows of 16 x 64 KiB" "$ATF" "0 7" 90 "TFTP" \
	--drop "$LOSS" --dup "$LOSS" --reorder "$LOSS"
# A second source TID is turned away: the install goes on, whole.
CLIENT="--blksize 8192 --windowsize 1"
mode "second source TID, tftpd-hpa" "$HPA" "0" 60 "-" --stranger 3

# The server fails: exit of its class, within the bound, nothing written.
CLIENT="--blksize 8192 --windowsize 1 --retries 1"
mode "stall, tftpd-hpa" "$HPA" "7" 20 "transfer stalled: nothing from" --stall 5
CLIENT="--blksize 8192 --windowsize 8 --deadline 3"
[ -n "$LONG" ] &&
	mode "stall, atftpd window 8, --deadline 3" "$ATF" "7" 10 "not finished within the 3 s deadline" --stall 5
CLIENT="--blksize 8192 --windowsize 1"
mode "ERROR 3 mid-transfer, tftpd-hpa" "$HPA" "8" 20 "server: injected fault (TFTP error 3)" --error 7
CLIENT=""
[ -n "$LONG" ] &&
	mode "ERROR 2 mid-transfer, atftpd" "$ATF" "5" 20 "server: go_away (TFTP error 2)" \
		--error 2 --error-code 2 --error-msg go_away

# More than the tsize announced: not the file announced, refused.
CLIENT=""
mode "more than the tsize announced, atftpd" "$ATF" "8" 20 \
	"more than the 100000 bytes the server announced (tsize) arrived" --tsize 100000

# The ScreenOS form, the same refusal.
attempt "save software from tftp, ERROR mid-transfer" "$HPA" "$NEXT" 8 20 "tftp failed!" \
	--error 7 -- imgauthctl save software from tftp "127.0.0.1:@P@" "@F@" to flash \
	--blksize 8192 --progress none
has "injected fault"
pass "save software from tftp: ERROR mid-transfer refused, flash unchanged"

# Oversize: not announced, stopped at the slot's size; announced, refused.
attempt "no tsize, more than a slot" "$ATF" huge.img 4 60 "transfer stopped" \
	--strip-tsize --drop "$LOSS" -- imgauthctl image install "tftp://127.0.0.1:@P@/@F@" --progress=none
has "more than an image region holds"
[ -n "$LONG" ] &&
	attempt "tsize over a slot, with loss" "$HPA" huge.img 4 20 "refused before the transfer" \
		--drop "$LOSS" -- imgauthctl image install "tftp://127.0.0.1:@P@/@F@" --progress=none
pass "more than a slot: refused, flash unchanged"

tftpd_stop
pass "every install whole and active, or refused with the flash unchanged"
