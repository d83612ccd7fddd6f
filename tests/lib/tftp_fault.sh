# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2034	# FAULT_*: for callers
# shellcheck disable=SC2153	# FAULT_BIN, FAULT_DIR: set by callers
#
# The fault-injecting TFTP proxy (tests/tools/ia_tftp_fault.c) for the
# tests: POSIX sh, for the host tests and the guest (dash, busybox).
#
#	. tests/lib/tftp_fault.sh
#	FAULT_BIN=path/to/ia-tftp-fault FAULT_DIR=scratch-dir
#	fault_start SERVER_PORT ARGS...	# proxy ARGS to 127.0.0.1:SERVER_PORT;
#					# sets FAULT_PID, FAULT_PORT
#	fault_stop			# ends it; its counters in $FAULT_STATS
#	fault_stat NAME			# one counter of $FAULT_STATS
#	fault_secs CMD...		# run CMD: $FAULT_RC, $FAULT_SECS
#					# (whole seconds, rounded up), output
#					# in $FAULT_DIR/out
#
# The seed each proxy runs with is printed by it ("ia-tftp-fault: seed N")
# into $FAULT_DIR/proxy.log, and by fault_start on stdout.

FAULT_PID=""
FAULT_STATS=""

fault_start() {
	_fs_srv=$1
	shift
	rm -f "$FAULT_DIR/port" "$FAULT_DIR/stats"
	"$FAULT_BIN" --port-file "$FAULT_DIR/port" --stats "$FAULT_DIR/stats" \
		"$@" "$_fs_srv" >"$FAULT_DIR/proxy.log" 2>&1 &
	FAULT_PID=$!
	_fs_i=0
	while [ "$_fs_i" -lt 50 ] && ! [ -s "$FAULT_DIR/port" ]; do
		sleep 0.1
		_fs_i=$((_fs_i + 1))
	done
	[ -s "$FAULT_DIR/port" ] || { echo "ia-tftp-fault did not start" >&2; return 1; }
	FAULT_PORT=$(cat "$FAULT_DIR/port")
	echo "proxy: $*"
}

fault_stop() {
	[ -n "$FAULT_PID" ] || return 0
	kill "$FAULT_PID" 2>/dev/null
	wait "$FAULT_PID" 2>/dev/null
	FAULT_PID=""
	FAULT_STATS=$(cat "$FAULT_DIR/stats" 2>/dev/null)
	echo "proxy counters: $FAULT_STATS"
}

fault_stat() {
	printf '%s\n' "$FAULT_STATS" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

fault_secs() {
	_fsc_start=$(date +%s%N)
	"$@" >"$FAULT_DIR/out" 2>&1
	FAULT_RC=$?
	FAULT_SECS=$(( ($(date +%s%N) - _fsc_start + 999999999) / 1000000000 ))
}
