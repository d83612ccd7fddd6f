# SPDX-License-Identifier: GPL-2.0
# Image key lifecycle, as the ScreenOS procedure walks it: no key, install,
# show, replace, delete; every key format; bad keys refused by the kernel.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"

expect 0 imgauthctl exec pki test skey
has "KEY1  N/A len =0"
has "magic1 = f7e9294b magic2=dead1234"
[ "$(wc -c < /dev/imgauth/key1)" = 0 ] || fail "key1 not empty"
expect 0 imgauthctl system --json
has '"key":"none"'
pass "factory state: three blank slots, magic2=dead1234"

# Key sizes vary by a byte with the key's leading bits: ask the file.
len=$(wc -c < dsa1024_160.pub.der)
head=$(head -c 4 dsa1024_160.pub.der | od -An -tx1 | tr -d ' \n')
expect 0 imgauthctl key install imagekey1024_160.cer
has Done
expect 0 imgauthctl exec pki test skey
has "KEY1  N/A len =$len"
has "KEY3  N/A len =$len"
has " $head"
has "magic1 = f7e9294b magic2=0"
for i in 1 2 3; do
	cmp /dev/imgauth/key$i dsa1024_160.pub.der || fail "key$i != the DER key"
done
pass "DER certificate installed in KEY1..KEY3, slots read back the DER key"

# Every input format gives the same stored key.
for f in imagekey1024_160.pem.cer dsa1024_160.pub.pem dsa1024_160.pub.der; do
	expect 0 imgauthctl key install "$f"
	cmp /dev/imgauth/key2 dsa1024_160.pub.der || fail "$f stored differently"
done
pass "PEM certificate, PEM and DER public keys accepted"

for size in 2048_224 2048_256 3072_256; do
	expect 0 imgauthctl key install "imagekey$size.cer"
	expect 0 imgauthctl key show --json
	has '"key":"installed"'
done
expect 0 imgauthctl exec pki test skey
has "len =$(wc -c < dsa3072_256.pub.der)"
pass "replaced by 2048/224, 2048/256, 3072/256 keys"

# Refused before anything is written: the slots keep the 3072 key.
before=$(md5sum < /dev/imgauth/key1)
expect 4 imgauthctl key install imagekey_rsa.cer
has "not DSA"
expect 4 imgauthctl key install imagekey1536_160.cer
expect 4 imgauthctl key install bad_subgroup.der
has "invalid image key"
dmesg | grep -q "subgroup of order q" || fail "kernel did not say why"
[ "$(md5sum < /dev/imgauth/key1)" = "$before" ] || fail "a refused key changed slot 1"
pass "RSA, 1536-bit and off-subgroup keys refused, slots untouched"

expect 0 imgauthctl delete crypto auth-key
expect 0 imgauthctl exec pki test skey
has "KEY2  N/A len =0"
has "magic1 = f7e9294b magic2=0"
hasnt "dead1234"
hasnt "len =$(wc -c < dsa3072_256.pub.der)"
[ "$(wc -c < /dev/imgauth/key3)" = 0 ] || fail "key3 not empty after delete"
expect 0 imgauthctl get system
has "Image Key: none (Ignore image authentication!)"
pass "delete crypto auth-key: zeroed slots, magic2=0"

# The key over TFTP, ScreenOS style.
mkdir -p /tmp/tftp/new
cp imagekey1024_160.cer /tmp/tftp/new/imagekey.cer
in.tftpd --listen --address 127.0.0.1:69 --secure -u root /tmp/tftp || fail "in.tftpd"
expect 0 imgauthctl save image-key tftp 127.0.0.1 new/imagekey.cer
has "Load file  from TFTP 127.0.0.1 (file: new/imagekey.cer)."
has "tftp received octets = $(wc -c < imagekey1024_160.cer)"
has "tftp success!"
has "TFTP Succeeded"
cmp /dev/imgauth/key1 dsa1024_160.pub.der || fail "key from TFTP"
pass "save image-key tftp"
