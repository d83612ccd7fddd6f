#!/bin/sh
# Guest test of the vmrun harness itself: checks that the environment the
# kernel tests rely on is there and works. Runs with or without imgauth.ko:
#   scripts/vmrun --no-load tests/vm/test_harness.sh
# Exits non-zero if any check fails.

pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
skipped() { skip=$((skip + 1)); echo "ok - # SKIP $*"; }
# check NAME CMD...: CMD's output is shown only when it fails.
check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then ok "$name"; else bad "$name"; printf '%s\n' "$out" | sed 's/^/#   /'; fi
}

# --- identity and environment
check "sh is dash" test "$(readlink -f /bin/sh)" = /usr/bin/dash
check "runs as root" test "$(id -u)" = 0
check "cwd is /tmp" test "$(pwd)" = /tmp
check "modules of the running kernel" test -f "/lib/modules/$(uname -r)/modules.dep"
check "IMGAUTH_TESTS set" test "$IMGAUTH_TESTS" = /imgauth/tests
check "IMGAUTH_VECTORS set" test "$IMGAUTH_VECTORS" = /imgauth/vectors
check "IMGAUTH_SHARE set" test "$IMGAUTH_SHARE" = /imgauth/share
check "/tmp is writable" sh -c 'echo x >/tmp/.w && rm /tmp/.w'
check "user nobody is 65534" test "$(id -u nobody)" = 65534
check "user tftp exists" id tftp

# --- loopback only
check "lo has 127.0.0.1" sh -c 'ip addr show lo | grep -q "inet 127.0.0.1/8"'
check "lo has ::1" sh -c 'ip addr show lo | grep -q "inet6 ::1/128"'
check "ping 127.0.0.1" ping -c 1 -W 5 127.0.0.1
check "ping ::1" ping6 -c 1 -W 5 ::1
check "no network device but lo" sh -c '[ "$(ls /sys/class/net)" = lo ]'

# --- host directories over 9p
check "tests mounted" grep -q ' /imgauth/tests 9p ro' /proc/mounts
check "tests readable" test -r "$IMGAUTH_TESTS/vm/test_harness.sh"
check "tests read-only" sh -c '! touch "$IMGAUTH_TESTS/.vmrun-write-test" 2>/dev/null'
if grep -q ' /imgauth/vectors 9p ' /proc/mounts; then
	check "vectors read-only mount" grep -q ' /imgauth/vectors 9p ro' /proc/mounts
	check "vectors listable" sh -c 'ls "$IMGAUTH_VECTORS" | grep -q .'
	check "vectors read-only" sh -c '! touch "$IMGAUTH_VECTORS/.vmrun-write-test" 2>/dev/null'
	f=$(find "$IMGAUTH_VECTORS" -type f | head -n 1)
	check "a vector file is readable as nobody" \
		setpriv --reuid=65534 --regid=65534 --clear-groups cat "$f"
else
	skipped "no vectors mounted (host has no shared/vectors)"
fi
check "share is writable" sh -c 'echo x >"$IMGAUTH_SHARE/.w" && rm "$IMGAUTH_SHARE/.w"'

# --- tools
check "setpriv is util-linux's" sh -c 'setpriv --version | grep -q util-linux'
check "setpriv drops to nobody" \
	test "$(setpriv --reuid=65534 --regid=65534 --clear-groups id -u)" = 65534
check "nobody cannot write as root" \
	sh -c '! setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "echo x >/root/x" 2>/dev/null'
check "openssl runs" openssl version
check "openssl sha384" sh -c '[ "$(printf abc | openssl dgst -sha384 -r | cut -d" " -f1)" = cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7 ]'
check "openssl makes a DSA key" sh -c 'openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out /tmp/p.pem &&
	openssl genpkey -paramfile /tmp/p.pem -out /tmp/k.pem && rm /tmp/p.pem /tmp/k.pem'
check "in.tftpd runs" in.tftpd -V
check "atftpd runs" sh -c 'atftpd --help 2>&1 | grep -q Usage'
check "tftp (hpa) runs" tftp -V
check "atftp runs" sh -c 'atftp --help 2>&1 | grep -q Usage'
check "flashcp runs" flashcp --version
check "flash_erase runs" flash_erase --version
check "mtdinfo runs" mtdinfo --version
check "imgauthctl runs" imgauthctl --version
check "imgauthctl --help" imgauthctl --help

# --- a TFTP round trip on loopback through each server, as the tests do.
mkdir -p /srv/tftp
head -c 100000 /dev/urandom >/srv/tftp/blob
chmod 644 /srv/tftp/blob
in.tftpd -l -s -u tftp -a 127.0.0.1:6969 /srv/tftp
check "tftp get from in.tftpd" sh -c 'cd /tmp && tftp 127.0.0.1 6969 -m binary -c get blob blob.hpa && cmp blob.hpa /srv/tftp/blob'
kill "$(pidof in.tftpd)" 2>/dev/null
atftpd --daemon --port 6970 --bind-address 127.0.0.1 --user tftp.tftp /srv/tftp
check "atftp get from atftpd" sh -c 'cd /tmp && atftp -g -r blob -l blob.at 127.0.0.1 6970 && cmp blob.at /srv/tftp/blob'
kill "$(pidof atftpd)" 2>/dev/null

# --- kernel modules: modprobe by name, by alias, and by the kernel itself.
check "/sbin/modprobe is kmod" sh -c "/sbin/modprobe --version | grep -q kmod"
check "mtd loaded by init" sh -c 'lsmod | grep -q "^mtd "'
# With --flash, block2mtd already owns an MTD: find mtdram's by name.
if check "modprobe mtdram" modprobe mtdram total_size=1024 erase_size=64; then
	i=$(sed -n 's/^mtd\([0-9]*\):.*"mtdram test device"$/\1/p' /proc/mtd)
	dev=/dev/mtd$i
	check "mtdram is a char device" test -n "$i" -a -c "$dev"
	check "mtdinfo sees 1 MiB, 64 KiB blocks" sh -c "mtdinfo $dev | grep -q 'Eraseblock size: *65536 bytes' &&
		mtdinfo $dev | grep -q 'Amount of eraseblocks: *16 (1048576 bytes'"
	check "flash_erase" flash_erase -q "$dev" 0 0
	head -c 1048576 /dev/zero | tr '\0' '\377' >/tmp/ff
	check "erased reads 0xff" cmp "$dev" /tmp/ff
	head -c 200000 /dev/urandom >/tmp/img
	check "flashcp" flashcp /tmp/img "$dev"
	check "read back what flashcp wrote" sh -c "head -c 200000 $dev | cmp - /tmp/img"
	check "rmmod mtdram" rmmod mtdram
fi
check "modprobe by crypto alias" modprobe crypto-sha512
# The real test of request_module(): the kernel, asked by AF_ALG for an
# algorithm it lacks, runs /sbin/modprobe itself.
# Only where SHA-512 is a module: 7.x builds it in (crypto/sha512.c), and
# then sha384 cannot be unregistered to make the kernel load it again.
if grep -qE '/sha512(_generic)?\.ko$' "/lib/modules/$(uname -r)/modules.builtin"; then
	check "sha384 registered (built in)" grep -q '^name *: sha384' /proc/crypto
	command -v ia-kcapi-hash >/dev/null &&
		check "AF_ALG sha384" sh -c '[ "$(printf abc | ia-kcapi-hash sha384)" = cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7 ]'
	skipped "SHA-512 is built into $(uname -r): no module to unload and autoload"
elif command -v ia-kcapi-hash >/dev/null; then
	rmmod sha512_ssse3 sha512_generic 2>/dev/null
	check "sha384 not registered after rmmod" sh -c '! grep -q "^name *: sha384" /proc/crypto'
	check "kernel autoloads sha384" sh -c '[ "$(printf abc | ia-kcapi-hash sha384)" = cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7 ]'
	check "sha384 registered now" grep -q '^name *: sha384' /proc/crypto
else
	skipped "no ia-kcapi-hash (no host compiler when the initramfs was built)"
fi

# --- the module under test
if [ -f /lib/modules/imgauth.ko ] && lsmod | grep -q '^imgauth '; then
	ok "imgauth loaded"
else
	skipped "imgauth.ko not loaded (--no-load or not built)"
fi
if [ -n "$IMGAUTH_MTD" ]; then
	check "IMGAUTH_MTD is block2mtd" grep -q "^mtd$IMGAUTH_MTD: .*\"block2mtd: /dev/vda\"" /proc/mtd
fi

echo "harness: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
