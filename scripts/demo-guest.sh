# SPDX-License-Identifier: GPL-2.0
# The admin's side of the demo, run in the guest by scripts/demo.sh.
set -u
cd /tmp
fail() { echo "DEMO FAILED: $*"; exit 1; }
cli() { printf '\nimgauth-> %s\n' "$*"; imgauthctl "$@"; }
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

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
