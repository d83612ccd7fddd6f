# SPDX-License-Identifier: GPL-2.0
# The "events" multicast group reports every key change, install and
# verification with the words of the kernel log, and every journal record
# appended (seven of the operations below are journaled).
. "$IMGAUTH_TESTS/lib/guest.sh"
cd "$IMGAUTH_SHARE"
imgauthctl events --json --count 16 > /tmp/ev.json &
pid=$!
sleep 1
imgauthctl -q key install imagekey1024_160.cer
imgauthctl -q image install good.img
imgauthctl -q image install cksum.img
imgauthctl -q image install wrong_key.img
imgauthctl -q image check image0
imgauthctl -q config loader set boot-file new/ssg500.6.3.0r17.0 tftp-ip 127.0.0.1
imgauthctl -q image install --no-commit good2.img
imgauthctl -q image commit image1
imgauthctl -q key delete
wait $pid || fail "events exited non-zero"
cat /tmp/ev.json
OUT=$(cat /tmp/ev.json)
has '"event":"key-set","result":"authenticated","status":0,"message":"image key installed: DSA 1024/160'
has '"event":"install","target":"image0","result":"authenticated","status":0,"message":"Image authenticated!"'
has '"event":"install","target":"image1","result":"bad-checksum"'
has '### image corrupted ###'
has '"result":"bad-signature","status":8,"message":"PKI: DSA verify fails. Invalid image!!! Bogus image - not authenticated!!!"'
has '"event":"verify","target":"image0","result":"authenticated"'
has '"event":"loader-config"'
has '"event":"commit","target":"image1"'
has '"event":"key-delete"'
has '"event":"journal","target":"image0","result":"authenticated","status":0,"message":"image0 authenticated"'
has '"event":"journal","result":"authenticated","status":0,"message":"key delete: deleted"'
[ "$(grep -c '"event":"journal"' /tmp/ev.json)" = 7 ] || fail "not seven journal events"
pass "nine operations, nine events and seven journal records"
