# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2034	# TFTPD_PORT, TFTPD_PID, TFTPD_HOST: for callers
#
# Start and stop real TFTP servers on loopback for the tests.  POSIX sh:
# it also runs under busybox ash in the test guest (no bash, no python).
#
#	. tests/lib/tftpd.sh
#	tftpd_hpa_start DIR [PORT [ADDR [in.tftpd args...]]]
#	atftpd_start DIR [PORT [ADDR [atftpd args...]]]
#	tftpd_stop			# every server started here
#	tftpd_stop_one PID		# one of them ($TFTPD_PID)
#	tftpd_free_port			# prints a UDP port nothing is bound to
#	tftpd_mkfile PATH BYTES		# random content, world-readable
#
# PORT empty or 0: a free port is picked.  ADDR: 127.0.0.1 (default) or
# ::1.  A start returns 0 once the server listens, 2 if it cannot on that
# IP version (atftpd 0.8 is IPv4 only), 1 if it never does; it
# sets TFTPD_PORT, TFTPD_PID and TFTPD_HOST (the URL host:
# 127.0.0.1 or [::1]).  tftpd-hpa runs --secure (DIR is the root of the
# file names) as root: give --create to allow new files, --refuse OPT to
# refuse an option, --permissive to skip its world-readable/-writable
# check.  Server output goes to $TFTPD_LOG (default /dev/null).
#
# TFTPD_HPA and ATFTPD name other binaries.

: "${TFTPD_HPA:=/usr/sbin/in.tftpd}"
: "${ATFTPD:=/usr/local/lib/imgauth/atftpd/usr/sbin/atftpd}"
# The test guest has it in PATH (scripts/deps.sh unpacks it on the host).
[ -x "$ATFTPD" ] || ATFTPD=$(command -v atftpd || echo "$ATFTPD")
TFTPD_PIDS=""

# Is UDP PORT bound, in /proc/net/udp and udp6 or only in the one given?
# /proc needs neither ss nor netstat.
_tftpd_port_bound() {
	_tpb_hex=$(printf '%04X' "$1")
	shift
	[ $# -gt 0 ] || set -- /proc/net/udp /proc/net/udp6
	cat "$@" 2>/dev/null | awk '{ print $2 }' | grep -qi ":$_tpb_hex\$"
}

tftpd_free_port() {
	_tfp_i=0
	while [ "$_tfp_i" -lt 100 ]; do
		_tfp_n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		# Below the usual ephemeral range (32768-60999).
		_tfp_port=$((20000 + _tfp_n % 12000))
		if ! _tftpd_port_bound "$_tfp_port"; then
			echo "$_tfp_port"
			return 0
		fi
		_tfp_i=$((_tfp_i + 1))
	done
	return 1
}

tftpd_mkfile() {
	head -c "$2" /dev/urandom > "$1" && chmod 0644 "$1"
}

# Wait up to 5 s for PID to listen on PORT at ADDR: 0 when it does, 1 if
# it died or never did, 2 if it listens on the other IP version (atftpd
# 0.8 takes --bind-address ::1 as 0.0.0.0).
_tftpd_wait() {
	case $3 in
	*:*) _tw_want=/proc/net/udp6 _tw_other=/proc/net/udp ;;
	*) _tw_want=/proc/net/udp _tw_other=/proc/net/udp6 ;;
	esac
	_tw_i=0
	while [ "$_tw_i" -lt 50 ]; do
		kill -0 "$1" 2>/dev/null || return 1
		_tftpd_port_bound "$2" "$_tw_want" && return 0
		_tftpd_port_bound "$2" "$_tw_other" && return 2
		sleep 0.1
		_tw_i=$((_tw_i + 1))
	done
	return 1
}

# _tftpd_launch KIND DIR PORT ADDR ARGS...: one try on one port.
_tftpd_launch() {
	_tl_kind=$1 _tl_dir=$2 _tl_port=$3 _tl_addr=$4
	shift 4
	case $_tl_kind in
	hpa)
		case $_tl_addr in
		*:*) _tl_listen="[$_tl_addr]:$_tl_port" ;;
		*) _tl_listen="$_tl_addr:$_tl_port" ;;
		esac
		"$TFTPD_HPA" --foreground --secure --user root \
			--address "$_tl_listen" "$@" "$_tl_dir" \
			>>"${TFTPD_LOG:-/dev/null}" 2>&1 &
		;;
	atftpd)
		# shellcheck disable=SC2094	# both only write the log
		"$ATFTPD" --daemon --no-fork --port "$_tl_port" \
			--bind-address "$_tl_addr" --user root --group root \
			--logfile "${TFTPD_LOG:-/dev/null}" "$@" "$_tl_dir" \
			>>"${TFTPD_LOG:-/dev/null}" 2>&1 &
		;;
	esac
	_tl_pid=$!
	_tftpd_wait "$_tl_pid" "$_tl_port" "$_tl_addr"
	_tl_rc=$?
	if [ "$_tl_rc" = 0 ]; then
		TFTPD_PID=$_tl_pid
		TFTPD_PORT=$_tl_port
		TFTPD_PIDS="$TFTPD_PIDS $_tl_pid"
		case $_tl_addr in
		*:*) TFTPD_HOST="[$_tl_addr]" ;;
		*) TFTPD_HOST=$_tl_addr ;;
		esac
		return 0
	fi
	_tftpd_kill "$_tl_pid"
	[ "$_tl_rc" = 2 ] && echo "tftpd: $_tl_kind cannot listen on $_tl_addr" >&2
	return "$_tl_rc"
}

# _tftpd_start KIND DIR [PORT [ADDR [ARGS...]]]
_tftpd_start() {
	_ts_kind=$1 _ts_dir=$2 _ts_port=${3:-0} _ts_addr=${4:-127.0.0.1}
	if [ $# -ge 4 ]; then shift 4; else shift $#; fi
	[ -d "$_ts_dir" ] || { echo "tftpd: no directory $_ts_dir" >&2; return 1; }
	if [ "$_ts_port" != 0 ]; then
		_tftpd_launch "$_ts_kind" "$_ts_dir" "$_ts_port" "$_ts_addr" "$@"
		return
	fi
	# A picked port can be taken between the check and the bind: retry.
	_ts_try=0
	while [ "$_ts_try" -lt 5 ]; do
		_ts_port=$(tftpd_free_port) || return 1
		_tftpd_launch "$_ts_kind" "$_ts_dir" "$_ts_port" "$_ts_addr" "$@"
		case $? in
		0) return 0 ;;
		2) return 2 ;;
		esac
		_ts_try=$((_ts_try + 1))
	done
	echo "tftpd: $_ts_kind did not start on $_ts_addr" >&2
	return 1
}

tftpd_hpa_start() {
	[ -x "$TFTPD_HPA" ] || { echo "tftpd: no $TFTPD_HPA" >&2; return 1; }
	_tftpd_start hpa "$@"
}

atftpd_start() {
	[ -x "$ATFTPD" ] || { echo "tftpd: no $ATFTPD" >&2; return 1; }
	_tftpd_start atftpd "$@"
}

# tftpd-hpa forks a process per transfer: end those with their parent.
_tftpd_kill() {
	for _tk_stat in /proc/[0-9]*/stat; do
		read -r _tk_pid _tk_comm _tk_state _tk_ppid _tk_rest \
			2>/dev/null < "$_tk_stat" || continue
		[ "$_tk_ppid" = "$1" ] && kill "$_tk_pid" 2>/dev/null
	done
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

tftpd_stop() {
	for _tst_pid in $TFTPD_PIDS; do
		_tftpd_kill "$_tst_pid"
	done
	TFTPD_PIDS=""
}

# Stop one server, by the TFTPD_PID its start set.
tftpd_stop_one() {
	_tftpd_kill "$1"
	_tso_left=""
	for _tso_pid in $TFTPD_PIDS; do
		[ "$_tso_pid" = "$1" ] || _tso_left="$_tso_left $_tso_pid"
	done
	TFTPD_PIDS=$_tso_left
}
