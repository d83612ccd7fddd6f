#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The client through a fault-injecting proxy (tests/tools/ia_tftp_fault.c)
# in front of real tftpd-hpa (lock-step) and atftpd (RFC 7440 windows) on
# 127.0.0.1, seeded: datagrams dropped, duplicated and reordered both
# ways, a second source TID, a server that stalls, one that sends ERROR
# mid-transfer, one that serves more (or less) than the tsize it
# announced, one that does not announce and serves more than the bound.
# Each transfer ends with the exact file, or with the exit code of its
# class, within its deadline, and no output file (nor a temporary one)
# left behind.  test_tftp_loss.sh and test_tftp_proto.sh check the
# packets of single, scripted faults; this one the outcome of many random
# ones.  Prints a RESULT line per mode (docs/reliability.md quotes them).
#
# TFTP_FAULT_SEED=N reruns with seed N (default 13); IMGAUTH_LONG=1: 20 %
# loss, 100 transfers a mode (about an hour).  Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftpd.sh
. tests/lib/tftp_fault.sh
FAULT_BIN=$W/ia-tftp-fault
FAULT_DIR=$W/fault
mkdir -p "$FAULT_DIR"
cc -O2 -Wall -Wextra -Werror -o "$FAULT_BIN" tests/tools/ia_tftp_fault.c || exit 1
host_on_exit fault_stop
host_on_exit tftpd_stop

SEED=${TFTP_FAULT_SEED:-13}
if [ -n "${IMGAUTH_LONG:-}" ]; then
	LOSS=20 COUNT=100
else
	LOSS=10 COUNT=1
fi
echo "seed $SEED, loss $LOSS %, $COUNT transfers a mode"

R=$W/root
D=$W/dl
mkdir -p "$R"
tftpd_mkfile "$R/s14" 20000	# 14 blocks of 1468: lock-step costs a timer per loss
tftpd_mkfile "$R/f100k" 100000	# 69 blocks of 1468, 2 of 65464
tftpd_mkfile "$R/f300k" 300000
truncate -s 100M "$R/huge"
chmod 0644 "$R/huge"
tftpd_hpa_start "$R" "" 127.0.0.1 || { echo "no tftpd-hpa" >&2; exit 1; }
HPA=$TFTPD_PORT
atftpd_start "$R" "" 127.0.0.1 || { echo "no atftpd" >&2; exit 1; }
ATF=$TFTPD_PORT

# no_output NAME: nothing left where the file was to go.
no_output() {
	[ -z "$(ls -A "$D")" ] || { fail "$1: left $(ls -A "$D" | tr '\n' ' ')"; show "$FAULT_DIR/out"; }
}

# survive NAME SERVER_PORT FILE COUNT DEADLINE PROXY_ARGS... -- CLIENT_ARGS...:
# COUNT gets of FILE through one proxy: each the exact file, or exit 7
# (gave up) with nothing left, within DEADLINE + 3 s; at least half whole.
survive() {
	local name=$1 srv=$2 file=$3 count=$4 dl=$5 i ok=0 gaveup=0 other=0 secs=0 pargs=()

	shift 5
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pargs+=("$1"); shift; done
	shift
	fault_start "$srv" --seed "$SEED" "${pargs[@]}" || { fail "$name: proxy"; return; }
	for i in $(seq "$count"); do
		rm -rf "$D"
		mkdir "$D"
		fault_secs "$T" tftp get "tftp://127.0.0.1:$FAULT_PORT/$file" -o "$D/got" \
			--progress=none --deadline "$dl" "$@"
		n=$((n + 1))
		secs=$((secs + FAULT_SECS))
		[ "$FAULT_SECS" -le $((dl + 3)) ] || fail "$name #$i: $FAULT_SECS s, deadline $dl"
		case $FAULT_RC in
		0)
			if cmp -s "$R/$file" "$D/got"; then
				ok=$((ok + 1))
			else
				fail "$name #$i: the file differs"
				other=$((other + 1))
			fi
			;;
		7)
			gaveup=$((gaveup + 1))
			no_output "$name #$i"
			;;
		*)
			other=$((other + 1))
			fail "$name #$i: exit $FAULT_RC"
			show "$FAULT_DIR/out"
			;;
		esac
	done
	fault_stop
	echo "RESULT $name: $ok of $count whole, $gaveup gave up (exit 7), $other other;" \
		"$secs s; proxy: $FAULT_STATS"
	[ $((ok * 2)) -ge "$count" ] || fail "$name: only $ok of $count transfers survived"
}

# refused NAME SERVER_PORT WANT_RC BOUND TEXT PROXY_ARGS... -- CMD...: CMD
# through the proxy (@P@: its port) exits WANT_RC within BOUND s, says TEXT,
# and leaves nothing in $D.
refused() {
	local name=$1 srv=$2 want=$3 bound=$4 text=$5 pargs=() args=() a

	shift 5
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pargs+=("$1"); shift; done
	shift
	fault_start "$srv" --seed "$SEED" "${pargs[@]}" || { fail "$name: proxy"; return; }
	rm -rf "$D"
	mkdir "$D"
	for a in "$@"; do args+=("${a//@P@/$FAULT_PORT}"); done
	fault_secs "${args[@]}"
	fault_stop
	check_rc "$name" "$want" "$FAULT_RC" "$FAULT_DIR/out" || return 1
	contains "$name" "$FAULT_DIR/out" "$text"
	[ "$FAULT_SECS" -le "$bound" ] || fail "$name: $FAULT_SECS s, want <= $bound"
	no_output "$name"
	echo "RESULT $name: exit $FAULT_RC in $FAULT_SECS s; proxy: $FAULT_STATS"
}

L1=(--blksize 1468 --windowsize 1)
W8=(--blksize 1468 --windowsize 8)

# Loss both ways: lock-step recovers on the timer, windows on hole ACKs.
survive "drop $LOSS% hpa lock-step" "$HPA" s14 "$COUNT" 90 --drop "$LOSS" -- "${L1[@]}"
survive "drop $LOSS% atftpd window 8" "$ATF" f100k "$COUNT" 90 --drop "$LOSS" -- "${W8[@]}"
survive "drop $LOSS% atftpd window 16, 64 KiB blocks" "$ATF" f300k "$COUNT" 90 --drop "$LOSS"
# Duplicates and reordering: nothing lost, so every transfer is whole.
survive "dup+reorder 10% hpa lock-step" "$HPA" s14 "$COUNT" 30 --dup 10 --reorder 10 -- "${L1[@]}"
dup_ok=$(fault_stat duplicated)
survive "dup+reorder 20% atftpd window 8" "$ATF" f100k "$COUNT" 30 --dup 20 --reorder 20 -- "${W8[@]}"
[ -n "${IMGAUTH_LONG:-}" ] &&
	survive "all at once, atftpd window 8" "$ATF" f100k "$COUNT" 90 --drop "$LOSS" --dup 10 --reorder 10 -- "${W8[@]}"
[ "${dup_ok:-0}" -gt 0 ] || fail "the proxy duplicated nothing"

# A second source TID: ERROR 5 to it, its bytes not taken, the transfer on.
SC=$((COUNT > 2 ? COUNT : 2))
survive "stranger hpa" "$HPA" s14 "$SC" 30 --stranger 3 -- "${L1[@]}"
n=$((n + 1))
[ "$(fault_stat err5)" = "$SC" ] || fail "stranger: $(fault_stat err5) ERROR 5 for $SC strangers"
survive "stranger atftpd window 8" "$ATF" f100k "$SC" 30 --stranger 5 -- "${W8[@]}"
n=$((n + 1))
[ "$(fault_stat err5)" = "$SC" ] || fail "stranger window: $(fault_stat err5) ERROR 5 for $SC strangers"

# A server that hangs: exit 7 once the retries are spent (1 + 2 s).
refused "stall hpa" "$HPA" 7 6 "transfer stalled: nothing from" --stall 3 -- \
	"$T" tftp get "tftp://127.0.0.1:@P@/s14" -o "$D/got" --retries 1 "${L1[@]}" --progress=none
refused "stall atftpd window 8" "$ATF" 7 6 "transfer stalled: nothing from" --stall 20 -- \
	"$T" tftp get "tftp://127.0.0.1:@P@/f100k" -o "$D/got" --retries 1 "${W8[@]}" --progress=none
refused "stall, --deadline 2" "$ATF" 7 4 "not finished within the 2 s deadline" --stall 20 -- \
	"$T" tftp get "tftp://127.0.0.1:@P@/f100k" -o "$D/got" --deadline 2 "${W8[@]}" --progress=none

# ERROR mid-transfer: final, the server's words, the class of its code.
refused "ERROR 3 mid-transfer" "$HPA" 8 3 "server: disk on fire (TFTP error 3)" \
	--error 4 --error-msg "disk on fire" -- \
	"$T" tftp get "tftp://127.0.0.1:@P@/s14" -o "$D/got" "${L1[@]}" --progress=none
refused "ERROR 2 mid-transfer" "$ATF" 5 3 "server: go away (TFTP error 2)" \
	--error 9 --error-code 2 --error-msg "go away" -- \
	"$T" tftp get "tftp://127.0.0.1:@P@/f100k" -o "$D/got" "${W8[@]}" --progress=none
refused "ERROR 0 mid-transfer" "$HPA" 8 3 "server: lost the disk (TFTP error 0)" \
	--error 2 --error-code 0 --error-msg "lost the disk" -- \
	"$T" tftp get "tftp://127.0.0.1:@P@/s14" -o "$D/got" "${L1[@]}" --progress=none

# More, or less, than the tsize announced: the file is not what was said.
refused "more than tsize" "$ATF" 8 3 "more than the 1000 bytes the server announced" \
	--tsize 1000 -- "$T" tftp get "tftp://127.0.0.1:@P@/f300k" -o "$D/got" --progress=none
refused "more than tsize, a 100 MiB file" "$HPA" 8 3 "more than the 65464 bytes the server announced" \
	--tsize 65464 -- "$T" tftp get "tftp://127.0.0.1:@P@/huge" -o "$D/got" --progress=none
refused "less than tsize" "$HPA" 8 3 "ended at 20000 bytes, the server announced 20001" \
	--tsize 20001 -- "$T" tftp get "tftp://127.0.0.1:@P@/s14" -o "$D/got" "${L1[@]}" --progress=none
# No tsize, more than the destination holds (a key: 12288 bytes): stopped.
refused "no tsize, over the key bound" "$HPA" 4 3 "more than 12288 bytes arrived, transfer stopped" \
	--strip-tsize -- "$T" key install "tftp://127.0.0.1:@P@/huge"
refused "no tsize, over the bound, with loss" "$ATF" 4 20 "more than 12288 bytes arrived, transfer stopped" \
	--strip-tsize --drop "$LOSS" -- "$T" key install "tftp://127.0.0.1:@P@/huge" --blksize 1468 --windowsize 8
refused "tsize over the bound: before the first block" "$HPA" 4 3 "refused before the transfer" \
	--dup 10 -- "$T" key install "tftp://127.0.0.1:@P@/huge"

summary
