# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The client against a scripted server (tests/lib/tftpsrv.py), for host
# tests that sourced tests/lib/host.sh and wrote their scenarios, a
# python3 script, to $SCEN_PY:
#
#	. tests/lib/tftp_scenario.sh
#	cat > "$SCEN_PY" <<'EOF' ... EOF
#	scenario NAME WANT_RC SIZE [put] CLIENT_ARGS...
#					the client's pid is in $W/data.pid; a get
#					writes to $SCEN_OUT (default $W/got)
#	count NAME LINE WANT		LINE is in the server's log WANT times
#	same_as_sent NAME FILE		FILE holds what the transfer started from
#
# The client runs with --progress=none; its streams are $W/out, $W/err,
# the server's log $W/log.

PY=/usr/bin/python3
# The system python: a version manager's shim costs a second a start.
[ -x "$PY" ] || PY=$(command -v python3) ||
	{ echo "$HOST_TEST: needs python3" >&2; exit 1; }
SCEN_PY=$W/scenarios.py
SRV_PID=""
# shellcheck disable=SC2016	# expanded on exit
host_on_exit '[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null'

# scenario NAME WANT_RC SIZE CLIENT_ARGS...: start the server, run the
# client (get to $W/got, or put with "put" as first arg), wait for both.
scenario() {
	local name=$1 want=$2 size=$3 rc

	shift 3
	head -c "$size" /dev/urandom > "$W/data"
	rm -f "$W/port" "$W/got" "$W/data.put" "$W/data.pid"
	TFTPSRV_LIB=$PWD/tests/lib "$PY" "$SCEN_PY" "$name" "$W/port" "$W/log" "$W/data" &
	SRV_PID=$!
	for _ in $(seq 50); do [ -s "$W/port" ] && break; sleep 0.1; done
	U=tftp://127.0.0.1:$(cat "$W/port")/file
	if [ "${1:-}" = put ]; then
		shift
		"$T" tftp put "$W/data" "$U" --progress=none "$@" >"$W/out" 2>"$W/err" &
	else
		"$T" tftp get "$U" -o "${SCEN_OUT:-$W/got}" --progress=none "$@" >"$W/out" 2>"$W/err" &
	fi
	# The server may stop and continue the client (DATAFILE.pid).
	echo $! >"$W/data.pid"
	wait $!
	rc=$?
	wait "$SRV_PID"
	SRV_PID=""
	[ -n "${TFTP_TEST_TIMES:-}" ] && echo "$name: $SECONDS s" >&2
	check_rc "$name" "$want" "$rc" "$W/out" "$W/err" "$W/log"
}

# count NAME LINE WANT: LINE appears WANT times in the server log
count() {
	local c

	c=$(grep -cxF -- "$2" "$W/log")
	[ "$c" = "$3" ] || {
		fail "$1: \"$2\" $c times, want $3"
		show "$W/log"
	}
}

# same_as_sent NAME FILE: FILE holds what the transfer started from, $W/data
same_as_sent() {
	cmp -s "$W/data" "$2" || fail "$1: $2 differs from what was sent"
}

