# SPDX-License-Identifier: GPL-2.0
# Helpers for guest scenarios (busybox ash): . "$IMGAUTH_TESTS/lib/guest.sh"
#
#   run CMD...          run, keep exit code in $RC and output in $OUT
#   expect RC CMD...    run and fail the test unless it exits RC
#   has TEXT            fail unless $OUT contains TEXT (fixed string)
#   hasnt TEXT          fail if $OUT contains TEXT
#   fail MSG / pass MSG

IMGAUTHCTL=${IMGAUTHCTL:-imgauthctl}
OUT=
RC=0

fail() {
	echo "FAIL: $*"
	[ -n "$OUT" ] && printf '%s\n' "--- last output:" "$OUT"
	exit 1
}

pass() {
	echo "ok: $*"
}

run() {
	OUT=$("$@" 2>&1)
	RC=$?
}

expect() {
	want=$1
	shift
	run "$@"
	[ "$RC" = "$want" ] || fail "'$*' exited $RC, expected $want"
}

has() {
	printf '%s\n' "$OUT" | grep -qF -- "$1" || fail "output lacks: $1"
}

hasnt() {
	printf '%s\n' "$OUT" | grep -qF -- "$1" && fail "output has: $1"
	return 0
}

# Reload the module with new parameters (the harness loaded it once).
# await_begin FILE: wait (10 s at most) until the ia-stream writing FILE
# has had its BEGIN answered: its session is open.
await_begin() {
	_ab_i=0
	until grep -q '^begin:' "$1"; do
		_ab_i=$((_ab_i + 1))
		[ $_ab_i -lt 100 ] || fail "the held session never began"
		sleep 0.1
	done
}

reload() {
	rmmod imgauth 2>/dev/null
	insmod "$IMGAUTH_KO" "$@" || fail "insmod imgauth $*"
}

# A fresh mtdram of $1 MiB with 64 KiB erase blocks as /dev/mtd0, and the
# module on it.
on_mtdram() {
	size=$1
	shift
	rmmod imgauth 2>/dev/null
	rmmod mtdram 2>/dev/null
	modprobe mtdram total_size=$((size * 1024)) erase_size=64 || fail "mtdram"
	reload mtd=0 "$@"
}

# md5 of the whole flash but the install journal (NVRAM erase blocks 7
# and 8, which record every attempt, refused ones too): what "leaves flash
# byte-identical" compares.
flash_sum() {
	{
		dd if=/dev/mtd0 bs=65536 count=7 2>/dev/null
		dd if=/dev/mtd0 bs=65536 skip=9 2>/dev/null
	} | md5sum | cut -d' ' -f1
}
