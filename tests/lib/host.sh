# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034	# T, HOST_TEST: for the tests
#
# What every host integration test (tests/host/test_*.sh, bash, run from
# the repository root) starts with, and its assertions:
#
#	set -u
#	. tests/lib/host.sh
#
# sets T, the imgauthctl under test ($IMGAUTHCTL, default the ASan build;
# exit 1 when it is not there), makes the scratch directory W (removed on
# exit), and counts checks in n and failures in fails.  run, run_merged,
# check_rc, json and json_line count a check each; the other assertions
# only report a failure.  A failure is a "FAIL: ..." line on stderr, with
# the output it is about below it, indented "	| ".
#
#	fail TEXT...			a failure, counted
#	show FILE...			the files on stderr, indented
#	host_on_exit CMD		on exit, eval CMD (in order), then rm W
#	run NAME RC CMD...		CMD exits RC; stdout in $W/out, stderr
#					in $W/err (both shown on failure)
#	run_merged NAME RC CMD...	the same, both streams in $W/out
#	check_rc NAME WANT RC FILE...	RC is WANT, or a failure showing FILEs
#	has_line NAME LINE		$W/out holds the line LINE exactly
#	has_text NAME TEXT		some line of $W/out contains TEXT
#	contains NAME FILE TEXT		some line of FILE contains TEXT
#	same NAME WANT GOT		the files WANT and GOT are identical
#	json NAME PYTHON-EXPR		$W/out is JSON, d, for which EXPR holds
#	json_line NAME PYTHON-EXPR	the same, and $W/out is one line of JSON
#	patch FILE OFFSET HEXBYTES	overwrite bytes of FILE in place
#	summary				the closing line; exit 1 on any failure

T=${IMGAUTHCTL:-build/asan/imgauthctl}
[ -x "$T" ] || { echo "no $T: run make asan" >&2; exit 1; }
HOST_TEST=$(basename "$0" .sh)

W=$(mktemp -d)
_host_on_exit=""
trap 'eval "$_host_on_exit"; rm -rf "$W"' EXIT
fails=0
n=0

host_on_exit() {
	_host_on_exit="$_host_on_exit$1; "
}

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

show() {
	sed 's/^/	| /' "$@" >&2
}

check_rc() {
	local name=$1 want=$2 rc=$3

	shift 3
	n=$((n + 1))
	if [ "$rc" != "$want" ]; then
		fail "$name: exit $rc, want $want"
		show "$@"
		return 1
	fi
}

run() {
	local name=$1 want=$2

	shift 2
	"$@" >"$W/out" 2>"$W/err"
	check_rc "$name" "$want" $? "$W/out" "$W/err"
}

run_merged() {
	local name=$1 want=$2

	shift 2
	"$@" >"$W/out" 2>&1
	check_rc "$name" "$want" $? "$W/out"
}

has_line() {
	grep -qxF -- "$2" "$W/out" || {
		fail "$1: no line \"$2\""
		show "$W/out"
	}
}

has_text() {
	grep -qF -- "$2" "$W/out" || {
		fail "$1: no \"$2\""
		show "$W/out"
	}
}

contains() {
	grep -qF -- "$3" "$2" || {
		fail "$1: no \"$3\" in $(basename "$2")"
		show "$2"
	}
}

same() {
	cmp -s "$2" "$3" || fail "$1: $3 differs from $2"
}

# _host_json NAME EXPR ONE_LINE: the python check behind json and json_line
_host_json() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if sys.argv[3]:
    lines = open(sys.argv[1]).read().splitlines()
    assert len(lines) == 1, "not one line"
assert eval(sys.argv[2]), d
' "$W/out" "$2" "$3" 2>"$W/pyerr" || fail "$1: $2: $(tail -1 "$W/pyerr")"
}

json() {
	n=$((n + 1))
	_host_json "$1" "$2" ""
}

json_line() {
	n=$((n + 1))
	python3 -m json.tool "$W/out" >/dev/null 2>&1 || {
		fail "$1: not JSON: $(cat "$W/out")"
		return
	}
	_host_json "$1" "$2" 1
}

patch() {
	printf '%b' "$(echo "$3" | sed 's/../\\x&/g')" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

summary() {
	if [ "$fails" -ne 0 ]; then
		echo "$HOST_TEST: $fails of $n checks failed" >&2
		exit 1
	fi
	echo "$HOST_TEST: $n checks passed"
}
