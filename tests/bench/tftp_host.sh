#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host part of make bench: TFTP get of random files from atftpd and from
# tftpd-hpa on 127.0.0.1, by imgauthctl (its defaults and other window
# sizes) and by the peer clients, each with the options that make it
# fastest (tftp-hpa 5.2 has no blksize option: 512-byte blocks), and at
# the small size atftp and curl with no options too.
#
#	tests/bench/tftp_host.sh TSV RUNS "SIZE_MIB..."
#
# Appends "time tftp/SERVER CONFIG BYTES RUN SECONDS" (or "fail ...")
# lines to TSV (format: tests/bench/README.md). Within a run every
# configuration goes once, starting one further along each run, so slow
# phases of a shared machine hit all of them alike. A transfer counts
# only if the file arrived whole (size; content compared on the first run).
#
# IMGAUTH_BENCH_TOOL is the imgauthctl (default userspace/imgauthctl, the
# -O2 build); IMGAUTH_BENCH_QUICK=1 drops the atftp windowsize variants
# against atftpd (atftp 0.8's window stalls on retransmission timeouts
# there: about 20 s for 12 MiB).
#
# A 64 KiB-block transfer of 12 MiB on loopback takes ~10 ms, and single
# runs of it scatter by ±30% on a shared 2-core host: five of them decide
# a ratio near 1× either way. So each run goes round the configurations
# IMGAUTH_BENCH_TFTP_ROUNDS times (default: enough for 21 samples in all;
# 1 in quick mode), the later rounds with only the fast ones (64 KiB
# blocks, no window stall) and only at sizes of 16 MiB or less on
# loopback; every sample counts towards the median.
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.." || exit 1
TSV=$1 RUNS=$2 SIZES=$3
TOOL=${IMGAUTH_BENCH_TOOL:-userspace/imgauthctl}
QUICK=${IMGAUTH_BENCH_QUICK:-}
if [ -n "$QUICK" ]; then
	ROUNDS=${IMGAUTH_BENCH_TFTP_ROUNDS:-1}
else
	ROUNDS=${IMGAUTH_BENCH_TFTP_ROUNDS:-$(((21 + RUNS - 1) / RUNS))}
fi
# A peer that stalls must not hold the run up for ever.
LIMIT=${IMGAUTH_BENCH_TFTP_LIMIT:-120}
. tests/lib/tftpd.sh

base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
W=$(mktemp -d "$base/imgauth-bench.XXXXXX")
trap 'tftpd_stop; rm -rf "$W"' EXIT
R=$W/root
mkdir -p "$R"
for mib in $SIZES; do
	tftpd_mkfile "$R/f$mib" $((mib * 1048576))
done

atftpd_start "$R" || { echo "bench: atftpd did not start" >&2; exit 1; }
# shellcheck disable=SC2034	# read as ${!port_var}
PORT_atftpd=$TFTPD_PORT
tftpd_hpa_start "$R" || { echo "bench: tftpd-hpa did not start" >&2; exit 1; }
# shellcheck disable=SC2034
PORT_hpa=$TFTPD_PORT

row() {
	local IFS=$'\t'
	echo "$*" >>"$TSV"
}

# Loopback has no latency, so a window of blocks has nothing to hide
# there. The same servers behind tests/tools/ia_tftp_fault.c with --delay
# (every datagram RTT_MS/2 late each way; 2 ms round trip by default: a
# LAN across a few switches, a short WAN link) show what lock-step costs
# per block.
RTT_MS=${IMGAUTH_BENCH_TFTP_RTT_MS:-2}
FAULT_BIN=$W/ia-tftp-fault
cc -O2 -Wall -Wextra -Werror -o "$FAULT_BIN" tests/tools/ia_tftp_fault.c ||
	{ echo "bench: cannot build ia-tftp-fault" >&2; exit 1; }
# Every transfer is timed by ia-time (why not timeout(1): its comment).
TIME_BIN=$W/ia-time
cc -O2 -Wall -Wextra -Werror -o "$TIME_BIN" tests/bench/ia_time.c ||
	{ echo "bench: cannot build ia-time" >&2; exit 1; }
# The floor: a client that stores nothing (tests/bench/ia_tftp_floor.c).
FLOOR_BIN=$W/ia-tftp-floor
cc -O2 -Wall -Wextra -Werror -o "$FLOOR_BIN" tests/bench/ia_tftp_floor.c ||
	{ echo "bench: cannot build ia-tftp-floor" >&2; exit 1; }
PROXIES=""
proxy_start() { # SERVER_PORT: a proxy with the delay; its port in PROXY_PORT
	local f=$W/proxy-port.$1 i=0
	"$FAULT_BIN" --port-file "$f" --delay $((RTT_MS / 2)) --idle 3600 "$1" \
		>"$W/proxy-log.$1" 2>&1 &
	PROXIES="$PROXIES $!"
	while [ $i -lt 50 ] && ! [ -s "$f" ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$f" ] || { echo "bench: ia-tftp-fault did not start" >&2; exit 1; }
	PROXY_PORT=$(cat "$f")
}
# shellcheck disable=SC2086	# one pid per word
trap 'kill $PROXIES 2>/dev/null; tftpd_stop; rm -rf "$W"' EXIT
proxy_start "$PORT_atftpd"
# shellcheck disable=SC2034	# read as ${!port_var}
PORT_atftpd_rtt=$PROXY_PORT
proxy_start "$PORT_hpa"
# shellcheck disable=SC2034
PORT_hpa_rtt=$PROXY_PORT
row meta tftp_rtt_ms "$RTT_MS"
row meta tftp_rounds "$ROUNDS"

# command CONFIG PORT NAME OUT: the command line of one transfer by
# CONFIG, in CMD.
command() {
	local cfg=$1 port=$2 name=$3 out=$4
	local url=tftp://127.0.0.1:$port/$name

	case $cfg in
	"imgauthctl default")
		CMD=("$TOOL" -q tftp get "$url" -o "$out" --progress=none) ;;
	"imgauthctl windowsize "*)
		CMD=("$TOOL" -q tftp get "$url" -o "$out" --progress=none
			--windowsize "${cfg##* }") ;;
	"tftp-hpa") CMD=(tftp -m binary 127.0.0.1 "$port" -c get "$name" "$out") ;;
	"atftp blksize 65464")
		CMD=(atftp --option "blksize 65464" -g -r "$name" -l "$out"
			127.0.0.1 "$port") ;;
	"atftp blksize 65464 windowsize "*)
		CMD=(atftp --option "blksize 65464" --option "windowsize ${cfg##* }"
			-g -r "$name" -l "$out" 127.0.0.1 "$port") ;;
	"curl tftp-blksize 65464")
		CMD=(curl -sS --tftp-blksize 65464 -o "$out" "$url") ;;
	"atftp defaults")
		CMD=(atftp -g -r "$name" -l "$out" 127.0.0.1 "$port") ;;
	"curl defaults") CMD=(curl -sS -o "$out" "$url") ;;
	"floor, stores nothing")
		CMD=("$FLOOR_BIN" --windowsize 0 127.0.0.1 "$port" "$name") ;;
	"floor, stores nothing, windowsize "*)
		CMD=("$FLOOR_BIN" --windowsize "${cfg##* }" 127.0.0.1 "$port" "$name") ;;
	*) echo "bench: no client $cfg" >&2; exit 2 ;;
	esac
}

# configs SERVER MIB: the configurations measured against SERVER.
configs() {
	local server=$1 mib=$2

	# Through the delay: 512-byte lock-step would take a minute (tftp-hpa,
	# the defaults), so only the large-block clients.
	case $server in
	*_rtt)
		CONFIGS=("imgauthctl default" "imgauthctl windowsize 32"
			"atftp blksize 65464")
		if [ "$server" = atftpd_rtt ] && [ -z "$QUICK" ]; then
			CONFIGS+=("atftp blksize 65464 windowsize 4"
				"atftp blksize 65464 windowsize 16")
		fi
		CONFIGS+=("curl tftp-blksize 65464")
		return ;;
	esac

	CONFIGS=("imgauthctl default" "imgauthctl windowsize 32"
		"imgauthctl windowsize 64" "tftp-hpa" "atftp blksize 65464")
	# tftpd-hpa has no windowsize; against atftpd the window variants
	# take ~1.7 s a MiB, so only at the small size and not in quick mode.
	if [ "$server" = atftpd ] && [ -z "$QUICK" ] && [ "$mib" -le 16 ]; then
		CONFIGS+=("atftp blksize 65464 windowsize 4"
			"atftp blksize 65464 windowsize 16")
	fi
	CONFIGS+=("curl tftp-blksize 65464")
	# For scale, the peers as they come (512-byte blocks, lock-step):
	# what a default command line gets; at the small size only.
	if [ -z "$QUICK" ] && [ "$mib" -le 16 ]; then
		CONFIGS+=("atftp defaults" "curl defaults")
	fi
	# About what the server and loopback deliver at most: peer/floor
	# estimates the highest ratio any client can show (report.sh:
	# "ceiling"; an estimate, not a bound).
	CONFIGS+=("floor, stores nothing")
	[ "$server" = atftpd ] && CONFIGS+=("floor, stores nothing, windowsize 64")
	return 0
}

# fast CONFIG: one of the configurations the later rounds repeat.
fast() {
	case $1 in
	"imgauthctl "* | "atftp blksize 65464" | "curl tftp-blksize 65464" | floor*)
		return 0 ;;
	esac
	return 1
}

# once SERVER MIB CONFIG RUN
once() {
	local server=$1 mib=$2 cfg=$3 run=$4
	local port_var=PORT_$server out=$W/out bytes=$((mib * 1048576))
	local rc got

	command "$cfg" "${!port_var}" "f$mib" "$out"
	rm -f "$out" "$W/time"
	"$TIME_BIN" "$LIMIT" "$W/time" "${CMD[@]}" >"$W/log" 2>&1
	rc=$?
	case $cfg in
	floor*)	# It keeps nothing: its count of the bytes is all there is.
		got=$(awk 'NR == 1 { print $1 }' "$W/log")
		: "${got:=0}" ;;
	*)	got=$(stat -c %s "$out" 2>/dev/null || echo 0) ;;
	esac
	if [ "$rc" = 0 ] && [ "$got" = "$bytes" ] && [ -s "$W/time" ] &&
		{ [ "$run" != 1 ] || case $cfg in floor*) ;; *) cmp -s "$out" "$R/f$mib" ;; esac; }; then
		row time "tftp/$server" "$cfg" "$bytes" "$run" "$(cat "$W/time")"
	else
		row fail "tftp/$server" "$cfg" "$bytes" "$run" \
			"exit $rc, $got of $bytes bytes: $(tail -n 1 "$W/log")"
		echo "bench: $server $cfg f$mib run $run: exit $rc, $got bytes" >&2
	fi
	rm -f "$out"
}

for run in $(seq 1 "$RUNS"); do
	echo "bench: TFTP run $run of $RUNS" >&2
	for mib in $SIZES; do
		servers="atftpd hpa"
		# With the delay at the small size only: the peers pay a round
		# trip per block.
		[ "$mib" -le 16 ] && servers="$servers atftpd_rtt hpa_rtt"
		for server in $servers; do
			configs "$server" "$mib"
			n=${#CONFIGS[@]}
			rounds=1
			case $server in
			*_rtt) ;;
			*) [ "$mib" -le 16 ] && rounds=$ROUNDS ;;
			esac
			for ((r = 1; r <= rounds; r++)); do
				for ((i = 0; i < n; i++)); do
					cfg=${CONFIGS[(i + run - 1) % n]}
					[ "$r" = 1 ] || fast "$cfg" || continue
					once "$server" "$mib" "$cfg" "$run"
				done
			done
		done
	done
done
