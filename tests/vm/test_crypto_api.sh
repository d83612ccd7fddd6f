# SPDX-License-Identifier: GPL-2.0
# The module's DSA in the crypto API, as this kernel's interface for
# signatures has it: /proc/crypto shows "dsa" from driver "dsa-imgauth" of
# module imgauth, type akcipher before 6.13 and sig since (6.13 moved
# signature verification to struct sig_alg), self-test passed; unloading
# the module takes it away and loading brings it back.
. "$IMGAUTH_TESTS/lib/guest.sh"

rel=$(uname -r)
major=${rel%%.*}
minor=${rel#*.}
minor=${minor%%[!0-9]*}
if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 13 ]; }; then
	want=sig
else
	want=akcipher
fi

# The /proc/crypto entries (blank-line separated) of driver dsa-imgauth.
entries() {
	awk -v RS= '/(^|\n)driver[ \t]*: dsa-imgauth(\n|$)/ { print; print "" }' /proc/crypto
}
field() { # NAME: its value in $OUT
	printf '%s\n' "$OUT" | sed -n "s/^$1[ \t]*: //p"
}

OUT=$(entries)
[ -n "$OUT" ] || fail "no dsa-imgauth in /proc/crypto: $(grep -c '^name' /proc/crypto) algorithms there"
[ "$(printf '%s\n' "$OUT" | grep -c '^driver')" = 1 ] || fail "dsa-imgauth registered more than once"
[ "$(field name)" = dsa ] || fail "name is '$(field name)', expected dsa"
[ "$(field module)" = imgauth ] || fail "module is '$(field module)', expected imgauth"
[ "$(field type)" = "$want" ] || fail "type is '$(field type)', expected $want on $rel"
[ "$(field selftest)" = passed ] || fail "selftest is '$(field selftest)'"
[ "$(field internal)" = no ] || fail "internal is '$(field internal)'"
printf '%s\n' "$OUT"
pass "$rel: dsa (dsa-imgauth, module imgauth), type $want, self-test passed"

rmmod imgauth || fail "rmmod imgauth"
OUT=$(entries)
[ -z "$OUT" ] || fail "dsa-imgauth still registered after rmmod"
insmod "$IMGAUTH_KO" || fail "insmod"
OUT=$(entries)
[ "$(field type)" = "$want" ] || fail "not back after insmod"
pass "unregistered with the module, registered again on load"
