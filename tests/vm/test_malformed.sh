# SPDX-License-Identifier: GPL-2.0
# Hundreds of malformed images (tests/lib/mkmalformed.py: every header
# byte, truncations, 32-bit overflows, foreign and broken signatures, v1
# and v2), each installed with imgauthctl as a user would: each must be
# refused with the verdict the generator's independent model of the checks
# gives (the "status" of --json, exit 4), and the flash (but the journal,
# which records every refusal) must stay byte-identical.  The same for the
# boot loader region.  With --long, every mutation.
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
on_mtdram 8
expect 0 imgauthctl key install imagekey1024_160.cer
expect 0 imgauthctl image install good.img
has "Image authenticated!"
# The generator's model assumes these region sizes.
expect 0 imgauthctl system --json
has '"name":"loader","state":"empty","active":false,"size":1048576,'
has '"name":"image1","state":"empty","active":false,"size":3342336,'
base=$(flash_sum)

# How often the flash is compared (each comparison reads 8 MiB): every
# 8th image, after a mismatch and after each list.
every=8

# try LIST [--loader]: install each image of LIST; count, compare.
try() {
	list=$1
	shift
	i=0
	while read -r file want kind; do
		i=$((i + 1))
		run imgauthctl image install "$@" --json "$file"
		got=$(printf '%s\n' "$OUT" | sed -n 's/^{.*"status":\([0-9]*\).*/\1/p')
		[ -n "$got" ] || got=none
		tried=$((tried + 1))
		if [ "$RC" = 0 ]; then
			accepted=$((accepted + 1))
			echo "ACCEPTED: $kind ($*)"
			fail "$kind was installed"
		fi
		if [ "$got" != "$want" ]; then
			echo "MISMATCH: $kind ($*): status $got, expected $want (exit $RC)"
			printf '%s\n' "$OUT" | head -5
			bad=$((bad + 1))
		elif [ "$got" != none ] && [ "$RC" != 4 ]; then
			echo "EXIT: $kind ($*): exit $RC, expected 4"
			bad=$((bad + 1))
		fi
		eval "n_$got=\$((\${n_$got:-0} + 1))"
		[ $((i % 1000)) = 0 ] && echo "progress: $list: $i, $bad with another verdict"
		if [ $((i % every)) = 0 ] || [ "$got" != "$want" ]; then
			[ "$(flash_sum)" = "$base" ] ||
				fail "flash changed after $kind ($*)"
		fi
	done < "$list"
}

tried=0
accepted=0
bad=0
try m/image.list
[ "$(flash_sum)" = "$base" ] || fail "flash changed by the system image mutations"
images=$tried
pass "$images malformed system images refused, flash unchanged"
try m/loader.list --loader
[ "$(flash_sum)" = "$base" ] || fail "flash changed by the loader mutations"
pass "$((tried - images)) malformed loader images refused, flash unchanged"
classes=
for s in none 2 3 4 5 6 7 8; do
	eval "c=\${n_$s:-0}"
	classes="$classes $s:$c"
done
echo "malformed: $tried tried, $accepted accepted, $bad with another verdict; refused by status:$classes"
[ "$bad" = 0 ] || fail "$bad refusals with another verdict than the model's"
expect 0 imgauthctl system --json
has '"active":"image0"'
has '"name":"image1","state":"empty"'
has '"name":"loader","state":"empty"'

# The controls: the originals still install, to both places.
expect 0 imgauthctl image install good2.img
has "Image authenticated!"
cmp good2.img /dev/imgauth/image1 || fail "image1 differs from good2.img"
expect 0 imgauthctl image install --loader good.img
cmp good.img /dev/imgauth/loader || fail "loader differs from good.img"
pass "controls: the unmutated v2 image and a v1 loader install"
