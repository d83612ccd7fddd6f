# SPDX-License-Identifier: GPL-2.0
# Installing images on real MTD (mtdram): unauthenticated without a key,
# authenticated with one, A/B slots, and every rejection class refused with
# its own message while the flash stays byte-identical.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 64

# No key: ScreenOS accepts and says so.
expect 0 imgauthctl image install good.img
has "Ignore image authentication!"
has "Done: image0 is the active system image"
cmp good.img /dev/imgauth/image0 || fail "image0 differs from good.img"
pass "no key: Ignore image authentication!, installed to image0"

expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good2.img
has "Image authenticated!"
has "Program flash ($(wc -c < good2.img) bytes) ...done"
has "Done: image1 is the active system image"
cmp good2.img /dev/imgauth/image1 || fail "image1 differs"
cmp good.img /dev/imgauth/image0 || fail "the previous image was touched"
expect 0 imgauthctl system --json
has '"active":"image1"'
has '"sw_version":"6.3.0r19"'
pass "A/B: second image to image1, first kept as default"

expect 0 imgauthctl image install good.img
has "Done: image0 is the active system image"
expect 0 imgauthctl get system
has "Software Version: 6.3.0r17 (image0)"
pass "third install back to image0"

# Each rejection: exit 4, its own words, not one byte of flash changed.
reject() {
	img=$1
	shift
	sum=$(flash_sum)
	expect 4 imgauthctl image install "$img"
	for text in "$@"; do
		has "$text"
	done
	[ "$(flash_sum)" = "$sum" ] || fail "$img changed the flash"
	pass "refused $img: $1"
}
reject short.img "image too short: 20 bytes"
# Larger than the region: imgauthctl refuses it by its size, before
# reading it (lib/ia_image.c's own "image too large" is test_image_hdr's).
dd if=/dev/zero of=/tmp/huge.img bs=1M count=40 2>/dev/null
reject /tmp/huge.img "more than an image region holds ("
reject magic.img "bad magic number: hdr->magic_number = 81ba16ef"
reject platform.img "platform mismatch: image is for platform = 99, cpu = 11; this device is platform = 23, cpu = 11"
reject cpu.img "platform mismatch: image is for platform = 23, cpu = 12"
reject offset.img "offset/size inconsistent with length: offset = 40"
reject size.img "offset/size inconsistent with length"
reject siglong.img "offset/size inconsistent with length"
reject cksum.img "cksum = " ", p_hdr->cksum = " "### image corrupted ###"
reject badsig.img "PKI: DSA verify fails." "********Invalid image!!! ********Bogus image - not authenticated!!!"
reject wrong_key.img "PKI: DSA verify fails." "Bogus image - not authenticated!!!"
reject ber.img "PKI: DSA verify fails." "signature is not a strict DER Dss-Sig-Value"
reject trunc.img "PKI: DSA verify fails."
reject zero_r.img "PKI: DSA verify fails."
reject good_3072_256.img "PKI: DSA verify fails."
dmesg | grep -q "imgauth: image1: cksum = .*, p_hdr->cksum = .* ### image corrupted ###" ||
	fail "kernel log lacks the checksum line"
dmesg | grep -q "imgauth: image1: PKI: DSA verify fails. Invalid image!!! Bogus image - not authenticated!!!" ||
	fail "kernel log lacks the DSA line"
pass "kernel log says the same"

# Every key size authenticates its images.
for size in 2048_224 2048_256 3072_256; do
	expect 0 imgauthctl key install "imagekey$size.cer"
	expect 0 imgauthctl image install "good_$size.img"
	has "Image authenticated!"
done
pass "2048/224, 2048/256 and 3072/256 signed images authenticated"

# What the device holds, read through its node; raw signatures.
expect 0 imgauthctl image info /dev/imgauth/image0 --json
has '"magic_ok":true'
has '"cksum_ok":true'
expect 0 imgauthctl verify-sig --key imagekey1024_160.cer --msg small.msg --sig small.sig
has "DSA 1024/160 sha1: signature valid"
expect 4 imgauthctl verify-sig --key imagekey1024_160_other.cer --msg small.msg --sig small.sig
has "PKI: DSA verify fails."
expect 2 imgauthctl verify-sig --key imagekey1024_160.cer --msg good.img --sig small.sig
has "at most 65000 bytes"
expect 0 imgauthctl key fingerprint imagekey1024_160.cer
has "not a published Juniper image key"
pass "image info on a device node, verify-sig, key fingerprint"

# Dry runs and offline checks through the kernel write nothing.
sum=$(flash_sum)
expect 0 imgauthctl image install --dry-run good_3072_256.img
expect 4 imgauthctl image verify good.img
has "PKI: DSA verify fails."
expect 0 imgauthctl image verify good_3072_256.img
has "Image authenticated!"
[ "$(flash_sum)" = "$sum" ] || fail "a dry run wrote flash"
pass "dry run and kernel verify leave flash alone"

# A local v1 image file is mapped for the kernel to copy, not read into
# the tool.  Truncated the moment it is mapped (ia-truncate-mapped): the
# tool does not fault (the header lines come from a copy of its first
# bytes), the kernel cannot read the image and refuses it, nothing is
# written.  The same for a verify in the kernel.
sum=$(flash_sum)
cp good_3072_256.img /tmp/mapped.img
run ./ia-truncate-mapped /tmp/mapped.img 0 imgauthctl image install /tmp/mapped.img
[ "$RC" = 4 ] || fail "install of a mapped file truncated to 0 exited $RC, expected 4"
has "truncated to 0 bytes once mapped"
hasnt "killed by signal"
has " update new flash image ("
has "the image could not be checked"
has "nothing was changed"
[ "$(flash_sum)" = "$sum" ] || fail "a truncated mapped image changed the flash"
cp good_3072_256.img /tmp/mapped.img
run ./ia-truncate-mapped /tmp/mapped.img 0 imgauthctl image verify /tmp/mapped.img
[ "$RC" = 4 ] || fail "verify of a mapped file truncated to 0 exited $RC, expected 4"
has "truncated to 0 bytes once mapped"
hasnt "killed by signal"
has "the image could not be checked"
[ "$(flash_sum)" = "$sum" ] || fail "a truncated mapped verify changed the flash"
rm -f /tmp/mapped.img
pass "a mapped image file truncated under the install: refused cleanly, flash unchanged"

# Staged install, then commit.
active_slot() {
	imgauthctl system --json | sed 's/.*"active":"\(image[01]\)".*/\1/'
}
expect 0 imgauthctl key install imagekey1024_160.cer
old=$(active_slot)
new=image0
[ "$old" = image0 ] && new=image1
expect 0 imgauthctl image install --no-commit good2.img
has "Done: $new staged"
[ "$(active_slot)" = "$old" ] || fail "a staged install changed the active slot"
expect 0 imgauthctl system --json
has '"state":"staged"'
expect 0 imgauthctl image commit "$new"
has "$new is now the active image"
[ "$(active_slot)" = "$new" ] || fail "commit did not activate $new"
expect 0 imgauthctl image check "$new"
has "Image authenticated!"
pass "install --no-commit, then commit"

# A key that does not match what is on flash: the check says so.
expect 0 imgauthctl key install imagekey1024_160_other.cer
expect 4 imgauthctl image check "$new"
has "PKI: DSA verify fails."
expect 4 imgauthctl image commit "$old"
[ "$(active_slot)" = "$new" ] || fail "a refused commit changed the active slot"
pass "check and commit verify against the current key"

# Boot loader.
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install --loader loader.img
has "boot loader installed"
cmp loader.img /dev/imgauth/loader || fail "loader differs"
expect 0 imgauthctl get system
has "OS Loader Version: 1.0.4r0"
pass "boot loader installed and verified"

# require_key: no key, no install.
expect 0 imgauthctl key delete
reload mtd=0 require_key=1
sum=$(flash_sum)
expect 4 imgauthctl image install good.img
has "no image key installed and this device requires one"
[ "$(flash_sum)" = "$sum" ] || fail "require_key refusal changed the flash"
pass "require_key=1 refuses images while no key is installed"

# Everything survives a module reload (the boot record and the key slots).
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
slot=$(active_slot)
reload mtd=0
expect 0 imgauthctl system --json
has '"key":"installed"'
has "\"active\":\"$slot\""
cmp good.img "/dev/imgauth/$slot" || fail "$slot after reload"
pass "state persists across reload"

# A cell that will not program, reported as programmed (fault injection
# stuck_at): only the read-back can see it. On mtdram it is compared in
# place (mtd_point), not copied out first. The install is refused, the
# slot it was writing is left empty and the active image is untouched.
reload mtd=0 fault_inject=1
mount -t debugfs none /sys/kernel/debug 2>/dev/null
F=/sys/kernel/debug/imgauth
[ -d $F ] || fail "no $F"
ops0=$(cat $F/ops)
expect 0 imgauthctl image install good.img
pieces=$((($(wc -c <good.img) + 65535) / 65536))
[ "$pieces" -ge 3 ] || fail "good.img is too small for this test"
[ $((($(wc -c <good2.img) + 65535) / 65536)) = "$pieces" ] ||
	fail "good2.img has not as many pieces as good.img"
# The flash operations of an install: the boot record marks the slot
# empty (erase and program), one erase, a program per 64 KiB piece, then
# the record again and a journal entry (an erase more when the journal
# changes block). Half of what is not the pieces, rounded down, is off by
# one at most, so the second piece of three or more is a piece.
pre=$((($(cat $F/ops) - ops0 - pieces - 1) / 2))
old=$(active_slot)
new=image0
[ "$old" = image0 ] && new=image1
oldsum=$(md5sum <"/dev/imgauth/$old")
echo $(($(cat $F/ops) + pre + 1 + 2)) >$F/stuck_at
expect 1 imgauthctl image install good2.img
has "does not match what was programmed; $new erased"
dmesg | grep -q 'fault: program .* with a stuck bit' || fail "the stuck program never happened"
dmesg | grep -q 'read-back compared in place (mtd_point)' || fail "mtdram's read-back was not compared in place"
echo 0 >$F/stuck_at
[ "$(active_slot)" = "$old" ] || fail "the active slot changed"
[ "$(md5sum <"/dev/imgauth/$old")" = "$oldsum" ] || fail "$old changed"
expect 0 imgauthctl system --json
has "{\"name\":\"$new\",\"state\":\"empty\""
pass "a program the read-back disproves is refused, its slot left empty"
