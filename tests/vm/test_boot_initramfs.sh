# SPDX-License-Identifier: GPL-2.0
# The initramfs-tools boot script (packaging/initramfs-tools/scripts/
# local-premount/imgauth) run as the initramfs init runs it: /scripts from
# initramfs-tools itself (functions, local's local_premount, the ORDER
# mkinitramfs writes), only panic() recorded instead of a rescue shell.
# Boots are module reloads on an mtdram flash: the primary boots; a second
# run in the same boot does nothing (one trial boot counted, not two); a
# corrupt primary falls back; nothing verifying with a recovery config in
# /etc/imgauth/boot.conf (--save y) recovers over TFTP; nothing at all is
# a panic; no module is a warning and the boot goes on.
. "$IMGAUTH_TESTS/lib/guest.sh"
on_mtdram 16
BOOT_MTD=0
BOOT_INSMOD=mtd=0
. "$IMGAUTH_TESTS/lib/boot_guest.sh"
cd "$IMGAUTH_SHARE"

mkdir -p /scripts /conf
cp -R "$IMGAUTH_SHARE/initramfs/scripts/." /scripts/
# The rescue shell would wait for a console: record the panic instead.
printf '\npanic() { echo "PANIC: $*"; exit 1; }\n' >>/scripts/functions
# What /init has set by the time it runs local_premount.
export quiet=n panic=
premount() {
	rm -f /run/imgauth/boot.env.*
	OUT=$(sh -c '. /scripts/functions; . /scripts/local; local_premount' 2>&1)
	RC=$?
	printf '%s\n' "$OUT"
}
env_is() {
	grep -qx "IMGAUTH_$1=$2" /run/imgauth/boot.env ||
		fail "boot.env: IMGAUTH_$1 is not $2: $(cat /run/imgauth/boot.env)"
}

expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
expect 0 imgauthctl boot mark-good
expect 0 imgauthctl image install good_b.img

premount
[ "$RC" = 0 ] || fail "premount: exit $RC"
has "Running /scripts/local-premount"
has "Begin: imgauth: boot check ... "
has 'Loading system image "image1" from on-board flash disk...'
has "Image authenticated!"
hasnt "IMGAUTH_BOOT="
env_is BOOT primary
env_is SLOT image1
env_is TRIES 2
# The file is for a shell to read.
( . /run/imgauth/boot.env && [ "$IMGAUTH_BOOT" = primary ] && [ "$IMGAUTH_EXIT" = 0 ] ) ||
	fail "boot.env does not source"
premount
[ "$RC" = 0 ] || fail "second premount: exit $RC"
hasnt "imgauth: boot check"
expect 0 imgauthctl -j system
has '"name":"image1","state":"valid","active":true'
has '"trial":true,"tries":2'
pass "the primary boots; once per boot: a second run counts no trial boot"

corrupt image1
rm /run/imgauth/boot.env
premount
[ "$RC" = 0 ] || fail "fallback premount: exit $RC"
has "### image corrupted ###"
has "Success: imgauth: booting the default image"
env_is BOOT fallback
env_is SLOT image0
pass "a corrupt primary: the default image, said, and in boot.env"

corrupt image0
expect 0 imgauthctl config loader set boot-file new/good2.img tftp-ip 127.0.0.1 \
	self-ip 127.0.0.1 netmask 255.0.0.0
tftp_up good2.img
mkdir -p /etc/imgauth
echo 'IMGAUTH_BOOT_ARGS="--save y"' >/etc/imgauth/boot.conf
rm /run/imgauth/boot.env
premount
[ "$RC" = 0 ] || fail "recovery premount: exit $RC"
has "Save to on-board flash disk? ([y]/n/m) Yes"
has "Success: imgauth: booting the image recovered over TFTP"
env_is BOOT recovered
env_is RECOVERY installed
env_is SLOT image1
cmp good2.img /dev/imgauth/image1 || fail "image1"
pass "nothing verifies: recovered over TFTP with boot.conf's --save y"

corrupt image1
tftpd_stop
rm /run/imgauth/boot.env /etc/imgauth/boot.conf
premount
has "PANIC: imgauth: nothing bootable: no system image verifies and recovery failed"
env_is BOOT none
env_is EXIT 12
pass "nothing bootable: a panic"

rmmod imgauth
rm /run/imgauth/boot.env
premount
[ "$RC" = 0 ] || fail "no module: exit $RC"
has "Warning: imgauth: the module does not load: no boot check"
[ -e /run/imgauth/boot.env ] && fail "boot.env without a boot check"
pass "no module: a warning, the boot goes on"
