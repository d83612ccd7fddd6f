# SPDX-License-Identifier: GPL-2.0
# Every transfer an admin does, against real TFTP servers inside the guest
# (tftpd-hpa and atftpd on 127.0.0.1, tftpd-hpa on ::1): key and image
# installs in imgauthctl and ScreenOS form, config backup, plain get/put,
# a server that refuses options, errors that name their cause, and an
# image larger than its region refused before it is fetched.
. "$IMGAUTH_TESTS/lib/guest.sh"
. "$IMGAUTH_TESTS/lib/tftpd.sh"
mkdir -p /srv/tftp/new
cp "$IMGAUTH_SHARE"/good.img "$IMGAUTH_SHARE"/good2.img "$IMGAUTH_SHARE"/badsig.img \
	"$IMGAUTH_SHARE"/imagekey1024_160.cer "$IMGAUTH_SHARE"/loader.img /srv/tftp/new/
chmod -R a+rwX /srv/tftp
mkdir -p /etc/imgauth
printf 'set hostname guest\nset admin name netscreen\n' > /etc/imgauth/appliance.conf
cd /tmp

tftpd_hpa_start /srv/tftp "" 127.0.0.1 --create || fail "tftpd-hpa"
hpa=$TFTPD_HOST:$TFTPD_PORT
expect 0 imgauthctl save image-key tftp "$hpa" new/imagekey1024_160.cer
has "Load file  from TFTP 127.0.0.1 (file: new/imagekey1024_160.cer)."
has "tftp received octets = $(wc -c < /srv/tftp/new/imagekey1024_160.cer)"
expect 0 imgauthctl save software from tftp "$hpa" new/good.img to flash
has "Load software from TFTP 127.0.0.1 (file: new/good.img)."
has "tftp received octets = $(wc -c < /srv/tftp/new/good.img)"
has "TFTP Succeeded"
has "Image authenticated!"
cmp /srv/tftp/new/good.img /dev/imgauth/image0 || fail "image0 after TFTP install"
# tftpd-hpa announces the size: the v1 image went to an install session,
# verified while it arrived (the journal says "streamed").
expect 0 imgauthctl log
has "image0 authenticated (streamed)"
pass "tftpd-hpa: save image-key / save software from tftp"

expect 4 imgauthctl save software from tftp "$hpa" new/badsig.img to flash
has "TFTP Succeeded"
has "Bogus image - not authenticated!!!"
cmp /srv/tftp/new/good.img /dev/imgauth/image0 || fail "a refused install changed image0"
[ "$(wc -c </dev/imgauth/image1)" = 0 ] || fail "a refused install left bytes in image1"
expect 3 imgauthctl save software from tftp "$hpa" new/nonexistent to flash
has "File not found"
pass "bad image refused, missing file is not found (exit 3)"

# Larger than the region (what the device says): refused on its announced
# size before the first block, and a local file before it is read.
dd if=/dev/zero of=/srv/tftp/new/huge.img bs=1M count=0 seek=64 2>/dev/null
chmod 0644 /srv/tftp/new/huge.img
expect 4 imgauthctl save software from tftp "$hpa" new/huge.img to flash
has "the server announces 67108864 bytes, refused before the transfer"
has "more than an image region holds"
expect 4 imgauthctl image install /srv/tftp/new/huge.img
has "more than an image region holds"
expect 4 imgauthctl image install --loader "tftp://$hpa/new/huge.img"
has "more than the loader region holds"
hasnt "Save to flash"
cmp /srv/tftp/new/good.img /dev/imgauth/image0 || fail "image0 changed by a refused install"
pass "an image larger than its region: refused before the transfer (exit 4)"

expect 0 imgauthctl save config to tftp "$hpa" backup.cfg
has " Save configurations ($(wc -c < /etc/imgauth/appliance.conf) bytes) to backup.cfg on TFTP server 127.0.0.1."
has "tftp transferred records = 1"
cmp /etc/imgauth/appliance.conf /srv/tftp/backup.cfg || fail "config backup differs"
expect 0 imgauthctl config save "tftp://$hpa/backup2.cfg" --file /etc/imgauth/appliance.conf
cmp /etc/imgauth/appliance.conf /srv/tftp/backup2.cfg || fail "config save differs"
pass "config backup over TFTP"

expect 0 imgauthctl tftp get "tftp://$hpa/new/good2.img" -o /tmp/g2.img --blksize 8192
cmp /tmp/g2.img /srv/tftp/new/good2.img || fail "tftp get"
expect 0 imgauthctl tftp put /tmp/g2.img "tftp://$hpa/put.img"
cmp /tmp/g2.img /srv/tftp/put.img || fail "tftp put"
pass "tftp get/put"

# Not onto raw flash: an MTD character device (or its mtdblock) is
# refused before anything is fetched or written (no erase first, NAND takes whole pages only, and
# nothing would verify it), naming the tools that do it properly.
rmmod nandsim 2>/dev/null
if modprobe nandsim id_bytes=0xec,0xa1,0x00,0x15; then
	m=$(sed -n 's/^\(mtd[0-9]*\):.*"NAND simulator partition 0"$/\1/p' /proc/mtd)
	[ -n "$m" ] || fail "no nandsim MTD: $(cat /proc/mtd)"
	head -c $((3 * 1048576 + 12345)) /dev/urandom >/srv/tftp/nand.bin
	expect 1 imgauthctl tftp get "tftp://$hpa/nand.bin" -o "/dev/$m"
	has "imgauthctl: cannot create /dev/$m: an MTD flash device, which is not written raw (not erased first, not verified; nor through mtdblock): write a file and use flashcp or nandwrite, or \"image install\" for an imgauth region"
	hasnt "tftp received"
	# Nor as stdout, the shell having opened the device.
	expect 1 sh -c 'exec imgauthctl tftp get "$0" -o - >"$1"' "tftp://$hpa/nand.bin" "/dev/$m"
	has "imgauthctl: cannot create -: an MTD flash device"
	# Nor through mtdblock, which erases but verifies nothing either.
	modprobe mtdblock || fail "modprobe mtdblock"
	b=/dev/mtdblock${m#mtd} i=0
	while [ ! -b "$b" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -b "$b" ] || fail "no $b"
	expect 1 imgauthctl tftp get "tftp://$hpa/nand.bin" -o "$b"
	has "imgauthctl: cannot create $b: an MTD flash device, which is not written raw"
	hasnt "tftp received"
	[ -b "$b" ] || fail "tftp get -o $b: no longer a block device"
	[ "$(head -c 131072 "/dev/$m" | tr -d '\377' | wc -c)" = 0 ] ||
		fail "tftp get -o /dev/$m or $b wrote to the NAND"
	rm -f /srv/tftp/nand.bin
	rmmod mtdblock
	rmmod nandsim
	pass "tftp get -o an MTD flash device or its mtdblock: refused, nothing written"
else
	fail "nandsim"
fi
tftpd_stop

# A server that refuses every option: the client falls back to RFC 1350.
tftpd_hpa_start /srv/tftp "" 127.0.0.1 --refuse blksize --refuse tsize --refuse timeout ||
	fail "tftpd-hpa --refuse"
expect 0 imgauthctl image install "tftp://$TFTPD_HOST:$TFTPD_PORT/new/good2.img" --blksize 1468
has "Image authenticated!"
pass "server without options: install still works"
tftpd_stop

atftpd_start /srv/tftp "" 127.0.0.1 || fail "atftpd"
expect 0 imgauthctl image install "tftp://$TFTPD_HOST:$TFTPD_PORT/new/good.img" --windowsize 8
has "Image authenticated!"
expect 0 imgauthctl image install --loader "tftp://$TFTPD_HOST:$TFTPD_PORT/new/loader.img"
has "boot loader installed"
expect 0 imgauthctl key install "tftp://$TFTPD_HOST:$TFTPD_PORT/new/imagekey1024_160.cer"
pass "atftpd: image, loader and key installs (windowsize 8)"
tftpd_stop

if tftpd_hpa_start /srv/tftp "" ::1; then
	expect 0 imgauthctl save software from tftp "[::1]:$TFTPD_PORT" new/good2.img to flash
	has "Image authenticated!"
	expect 0 imgauthctl image install "tftp://[::1]:$TFTPD_PORT/new/good.img"
	pass "IPv6: tftp://[::1]:PORT and the ScreenOS form"
	tftpd_stop
else
	fail "tftpd-hpa on ::1"
fi

expect 7 imgauthctl image install tftp://127.0.0.1:9/new/good.img --retries 1 --timeout 1
has "127.0.0.1"
pass "no server: exit 7 (unreachable) naming the address"

# A server that does not announce the size is stopped at the region's.
atftpd_start /srv/tftp "" 127.0.0.1 --no-tsize || fail "atftpd --no-tsize"
expect 4 imgauthctl image install "tftp://$TFTPD_HOST:$TFTPD_PORT/new/huge.img"
has "transfer stopped"
tftpd_stop
pass "no tsize: stopped at the region's size"
