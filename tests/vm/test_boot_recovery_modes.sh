# SPDX-License-Identifier: GPL-2.0
# Every way a TFTP recovery can go, both images damaged, on an mtdram
# flash where a module reload is the reboot: no loader config; --batch
# with the stored one (the image kept in a file, flash untouched); "m"
# (staged as the default image, committed by the next boot check); the
# end of input and a prompt nobody answers (the defaults, never a hang);
# "n" twice (nothing kept); an image the key does not verify; a TFTP
# server that is not there, and a self IP no interface has; the outcome
# as JSON.  (test_boot_recovery.host: the same on persistent flash.)
. "$IMGAUTH_TESTS/lib/guest.sh"
on_mtdram 16
BOOT_MTD=0
BOOT_INSMOD=mtd=0
. "$IMGAUTH_TESTS/lib/boot_guest.sh"
cd "$IMGAUTH_SHARE"
reboot_() { reload mtd=0; }

expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
expect 0 imgauthctl boot mark-good
expect 0 imgauthctl image install good_b.img
expect 0 imgauthctl boot mark-good
corrupt image0
corrupt image1
tftp_up good2.img badsig.img

boot_run --batch
[ "$RC" = 12 ] || fail "no config: exit $RC, expected 12"
has "the loader config has no file name"
has "nothing bootable"
want BOOT none
want RECOVERY no-config
want RUN no
want SLOT ""
pass "no loader config: nothing bootable (12)"

expect 0 imgauthctl config loader set boot-file new/good2.img tftp-ip 127.0.0.1 \
	self-ip 127.0.0.1 netmask 255.0.0.0
reboot_
sum=$(flash_sum)
boot_run --batch
[ "$RC" = 11 ] || fail "batch: exit $RC, expected 11"
has "Firmware File Name [new/good2.img]: "
has "TFTP IP Address [127.0.0.1]: "
hasnt "Save loader config"
has "Image authenticated!"
has "Save to on-board flash disk? (y/[n]/m) No"
has "Run downloaded system image? ([y]/n) Yes"
want BOOT recovered
want RECOVERY file
want FILE /run/imgauth/recovered.img
want SLOT ""
want LENGTH "$(wc -c < good2.img)"
want RUN yes
cmp good2.img /run/imgauth/recovered.img || fail "the kept file differs"
[ "$(flash_sum)" = "$sum" ] || fail "--batch (save n) wrote the flash"
expect 4 imgauthctl image check image0
pass "--batch: the stored config, the image kept in a file, the flash untouched"

reboot_
printf '\n\n\n\n\nm\ny\n' >/tmp/answers
BOOT_INPUT=/tmp/answers boot_run
[ "$RC" = 11 ] || fail "m: exit $RC, expected 11"
has "Save to on-board flash disk? (y/[n]/m) m (the default image)"
has "Done: image0 staged: the default image"
want RECOVERY staged
want SLOT image0
expect 0 imgauthctl -j system
has '"name":"image0","state":"staged"'
reboot_
boot_run --batch
[ "$RC" = 10 ] || fail "staged default: exit $RC, expected 10"
has "Loading default system image from on-board flash disk..."
has "The default image image0 (it was staged) is the active image now"
want BOOT fallback
want SLOT image0
cmp good2.img /dev/imgauth/image0 || fail "image0"
pass "m: staged as the default image; the next boot check commits it"

corrupt image0
rm -f /run/imgauth/recovered.img
BOOT_INPUT=/dev/null boot_run
[ "$RC" = 11 ] || fail "EOF: exit $RC, expected 11"
has "Save loader config (156 bytes)... Done"
want RECOVERY file
pass "the end of input takes every default"

rm -f /run/imgauth/recovered.img
mkfifo /tmp/never
sleep 120 >/tmp/never &
holder=$!
start=$(date +%s)
BOOT_INPUT=/tmp/never boot_run --prompt-timeout 2
kill $holder
[ "$RC" = 11 ] || fail "timeout: exit $RC, expected 11"
[ $(($(date +%s) - start)) -lt 60 ] || fail "the prompts waited too long"
has "Firmware File Name [new/good2.img]: (no answer: the default)"
want RECOVERY file
pass "a prompt nobody answers: the default after --prompt-timeout"

rm -f /run/imgauth/recovered.img
printf '\n\n\n\n\nn\nn\n' >/tmp/answers
BOOT_INPUT=/tmp/answers boot_run
[ "$RC" = 12 ] || fail "n n: exit $RC, expected 12"
want RECOVERY declined
want FILE ""
[ -e /run/imgauth/recovered.img ] && fail "a declined image was kept"
pass "neither saved nor run: nothing kept (12)"

expect 0 imgauthctl config loader set boot-file new/badsig.img
boot_run --batch
[ "$RC" = 12 ] || fail "bad image: exit $RC, expected 12"
has "********Invalid DSA signature"
has "********Bogus image - not authenticated"
has "the downloaded image is refused"
want RECOVERY refused
pass "an image the key does not verify is neither saved nor run"

tftpd_stop
expect 0 imgauthctl config loader set boot-file new/good2.img self-ip 192.0.2.7
boot_run --batch --retries 1 --timeout 1
[ "$RC" = 12 ] || fail "no server: exit $RC, expected 12"
has "Self IP Address 192.0.2.7 is not configured on any interface"
has "TFTP server 127.0.0.1 is unreachable"
want RECOVERY unreachable
expect 0 imgauthctl config loader set tftp-ip 192.0.2.1
boot_run --batch --retries 1 --timeout 1
[ "$RC" = 12 ] || fail "no route: exit $RC, expected 12"
has "TFTP server 192.0.2.1 is unreachable"
pass "a TFTP server that does not answer, a self IP no interface has: said"

tftp_up good2.img
expect 0 imgauthctl config loader set tftp-ip 127.0.0.1 self-ip 127.0.0.1
boot_run -j --batch
[ "$RC" = 11 ] || fail "-j: exit $RC, expected 11"
[ "$(printf '%s\n' "$KV" | wc -l)" = 1 ] || fail "stdout is not one line"
printf '%s\n' "$KV" | grep -q '"boot":"recovered","slot":null,.*"file":"/run/imgauth/recovered.img"' ||
	fail "JSON: $KV"
has '"recovery":{"result":"file","file_name":"new/good2.img","self_ip":"127.0.0.1","tftp_ip":"127.0.0.1"'
pass "the outcome of a recovery as one JSON document"

# The most checks one boot runs: the loader (loader_check=boot), the
# default image because the trial ran out, the selected image, the default
# image again; all in the reply, in order.
expect 0 imgauthctl image install --loader loader.img
reload mtd=0 loader_check=boot
expect 0 imgauthctl -j system
has '"name":"image0","state":"valid","active":true'
has '"trial":true,"tries":0'
boot_run -j --batch
[ "$RC" = 11 ] || fail "four checks: exit $RC, expected 11"
printf '%s\n' "$KV" | grep -q '"checks":\[{"role":"loader","region":"loader","result":"authenticated".*},{"role":"default","region":"image1","result":"bad-checksum".*},{"role":"primary","region":"image0","result":"bad-checksum".*},{"role":"default","region":"image1","result":"bad-checksum".*}\]' ||
	fail "not the four checks: $KV"
has "image0 was never marked good in its trial boots: back to the default image"
pass "four checks in one boot: loader, default (trial over), primary, default"
