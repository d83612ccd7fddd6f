# SPDX-License-Identifier: GPL-2.0
# Helpers for the boot tests in the guest (dash), after guest.sh:
#	. "$IMGAUTH_TESTS/lib/boot_guest.sh"
#
#   boot_run ARGS...      imgauthctl boot ARGS, stdin from $BOOT_INPUT (a
#                         file; default /dev/null): $RC, $OUT (both
#                         streams), $KV (stdout: the IMGAUTH_*= lines)
#   kv NAME               the value of IMGAUTH_NAME in $KV
#   want NAME VALUE       fail unless IMGAUTH_NAME is VALUE
#   slot_offset SLOT      the slot's offset on the MTD
#   corrupt SLOT          flip bytes in the slot's payload: the module is
#                         unloaded (it holds its MTD read-only), dd, loaded
#                         again with the same parameters: $BOOT_INSMOD on
#                         /dev/mtd$BOOT_MTD (default: the harness's)
#   tftp_up FILE...       tftpd-hpa on 127.0.0.1:69 serving the FILEs from
#                         $IMGAUTH_SHARE under new/

# shellcheck disable=SC2034	# RC, KV: for the tests
BOOT_INPUT=${BOOT_INPUT:-/dev/null}
BOOT_MTD=${BOOT_MTD:-$IMGAUTH_MTD}
BOOT_INSMOD=${BOOT_INSMOD:-$IMGAUTH_INSMOD_ARGS}

boot_run() {
	_br_err=$(mktemp)
	KV=$(imgauthctl boot "$@" <"$BOOT_INPUT" 2>"$_br_err")
	RC=$?
	OUT=$(cat "$_br_err"; printf '%s\n' "$KV")
	rm -f "$_br_err"
	printf '%s\n' "$OUT"
}

kv() {
	printf '%s\n' "$KV" | sed -n "s/^IMGAUTH_$1=//p"
}

want() {
	[ "$(kv "$1")" = "$2" ] || fail "IMGAUTH_$1 is '$(kv "$1")', expected '$2'"
}

slot_offset() {
	imgauthctl -j system | sed -n "s/.*\"name\":\"$1\"[^}]*\"offset\":\([0-9]*\).*/\1/p"
}

corrupt() {
	_c_off=$(slot_offset "$1")
	[ -n "$_c_off" ] || fail "no offset for $1"
	rmmod imgauth || fail "rmmod imgauth"
	printf 'CORRUPTED' | dd of="/dev/mtd$BOOT_MTD" bs=1 seek=$((_c_off + 4096)) \
		conv=notrunc 2>/dev/null || fail "dd on /dev/mtd$BOOT_MTD"
	# shellcheck disable=SC2086	# the parameters: words
	insmod "$IMGAUTH_KO" $BOOT_INSMOD || fail "insmod imgauth $BOOT_INSMOD"
}

tftp_up() {
	. "$IMGAUTH_TESTS/lib/tftpd.sh"
	mkdir -p /srv/tftp/new
	for _t in "$@"; do
		cp "$IMGAUTH_SHARE/$_t" /srv/tftp/new/ || fail "no $_t"
	done
	chmod -R a+rX /srv/tftp
	tftpd_hpa_start /srv/tftp 69 127.0.0.1 || fail "tftpd-hpa on 127.0.0.1:69"
}
