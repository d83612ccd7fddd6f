# SPDX-License-Identifier: GPL-2.0
# The admin's side of the demo, run in the guest by scripts/demo.sh: act 1
# with no argument, act 2's two boots with act2-install and act2-reboot.
set -u
cd /tmp
fail() { echo "DEMO FAILED: $*"; exit 1; }
cli() { printf '\nimgauth-> %s\n' "$*"; imgauthctl "$@"; }
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
# The same, its output left out (what act 1 showed already).
cli_q() { printf '\nimgauth-> %s\n' "$*"; imgauthctl -q "$@"; }

# The boot check, as the initramfs runs it: the console lines, then the
# outcome the init acts on (its file, /run/imgauth/boot.env).
boot_hook() {
	printf '\n(initramfs) imgauthctl boot --batch --env /run/imgauth/boot.env\n'
	imgauthctl boot --batch --env /run/imgauth/boot.env 2>&1 >/dev/null
	rc=$?
	printf '(initramfs) exit status %s; /run/imgauth/boot.env:\n' "$rc"
	grep -E '^IMGAUTH_(BOOT|SLOT|MTD|OFFSET|LENGTH|AUTH|TRIES|SW_VERSION)=' /run/imgauth/boot.env
	return $rc
}

case ${1:-} in
act2-install)
	say "Boot 1: the key and two releases, 6.3.0r17 (known good) and 6.3.0r19 (on trial)"
	cli_q key install "$IMGAUTH_SHARE/imagekey.cer" || fail "key install"
	cli_q image install "$IMGAUTH_SHARE/imgauth.6.3.0r17.0" || fail "r17 install"
	cli boot mark-good || fail "mark-good"
	cli_q image install "$IMGAUTH_SHARE/imgauth.6.3.0r19.0" || fail "r19 install"
	say "Boot 1: the boot check"
	boot_hook || fail "boot check: exit $rc"
	sed -n 's/^IMGAUTH_OFFSET=//p' /run/imgauth/boot.env >"$IMGAUTH_SHARE/primary.offset"
	exit 0
	;;
act2-reboot)
	say "Boot 2: the boot check finds the primary corrupted and boots the default image"
	boot_hook
	[ "$rc" = 10 ] || fail "boot check: exit $rc, expected 10 (fell back)"
	cli get system || fail "get system"
	echo
	echo "Act 2 complete: the corrupted primary was refused at boot, the default image verified and boots."
	exit 0
	;;
esac

# A TFTP server on the guest's loopback, as the admin's PC.
mkdir -p /srv/tftp/new
cp "$IMGAUTH_SHARE/imagekey.cer" /srv/tftp/new/imagekey.cer
cp "$IMGAUTH_SHARE/imgauth.6.3.0r17.0" "$IMGAUTH_SHARE/tampered.6.3.0r17.0" /srv/tftp/new/
chmod -R a+rwX /srv/tftp
in.tftpd --listen --address 127.0.0.1:69 --secure --create -u root /srv/tftp ||
	fail "cannot start in.tftpd"
mkdir -p /etc/imgauth
cat > /etc/imgauth/appliance.conf <<'CFG'
set hostname imgauth-demo
set interface ethernet0/0 ip 192.0.2.1/24
set admin name netscreen
set route 0.0.0.0/0 interface ethernet0/0 gateway 192.0.2.254
CFG

say "1. Saving the configuration"
cli save config to tftp 127.0.0.1 appliance_config_backup || fail "config backup"
cmp /etc/imgauth/appliance.conf /srv/tftp/appliance_config_backup || fail "backup differs"

say "2. Checking the installed image key (none yet: all zero)"
cli exec pki test skey || fail "skey"

say "3. Updating the image key"
cli save image-key tftp 127.0.0.1 new/imagekey.cer || fail "image key install"
cli exec pki test skey || fail "skey"

say "4. Upgrading the firmware"
cli save software from tftp 127.0.0.1 new/imgauth.6.3.0r17.0 to flash ||
	fail "signed image refused"

say "5. A tampered image is refused"
cli save software from tftp 127.0.0.1 new/tampered.6.3.0r17.0 to flash &&
	fail "tampered image accepted"

say "6. The device"
cli get system || fail "get system"

say "What the kernel logged (the verification ran in the module)"
dmesg | grep 'imgauth: ' | grep -v 'taints kernel\|module verification' | sed 's/^\[[ 0-9.]*\] //'
echo
echo "Demo complete: signed image authenticated and installed, tampered image refused."
