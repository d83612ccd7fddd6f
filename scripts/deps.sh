#!/bin/sh
# Install everything the build, the demo and the tests need (Debian 12).
# Idempotent and non-interactive: it does nothing when all packages are present.
#
#   scripts/deps.sh [KERNEL...]
#
# With KERNEL names (scripts/kernels.conf, or "all"), also fetches those
# kernels' packages and build roots into build/kernels (scripts/kernels.sh
# fetch: a private apt configuration; the system's stays as it is).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fetch_kernels() {
	[ $# -eq 0 ] || "$here/kernels.sh" fetch "$@"
}

PKGS="build-essential make gcc pkg-config bc kmod
linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static cpio
libmnl-dev libssl-dev openssl
tftpd-hpa tftp-hpa atftp libpcre2-8-0 libwrap0
mtd-utils util-linux sparse python3 curl clang libclang-rt-14-dev
systemd initramfs-tools-core"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
# atftpd conflicts with tftpd-hpa as a Debian package (both claim the tftp
# service), so it is unpacked, not installed, into a private directory.
ATFTPD_DIR=/usr/local/lib/imgauth/atftpd
ATFTPD=$ATFTPD_DIR/usr/sbin/atftpd
if [ -z "$missing" ] && [ -x "$ATFTPD" ]; then
	fetch_kernels "$@"
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
[ -n "$missing" ] && echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have stale lists; one retry after update covers that.
$SUDO apt-get -o Dpkg::Use-Pty=0 -qq install -y --no-install-recommends $missing >/dev/null 2>&1 || {
	$SUDO apt-get -qq update >/dev/null
	$SUDO apt-get -o Dpkg::Use-Pty=0 -qq install -y --no-install-recommends $missing >/dev/null
}
if [ ! -x "$ATFTPD" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq atftpd >/dev/null 2>&1) || {
		$SUDO apt-get -qq update >/dev/null
		(cd "$tmp" && apt-get download -qq atftpd >/dev/null)
	}
	$SUDO mkdir -p "$ATFTPD_DIR"
	$SUDO dpkg-deb -x "$tmp"/atftpd_*.deb "$ATFTPD_DIR"
	rm -rf "$tmp"
fi
# Servers we start ourselves, on loopback, in tests: the distribution's
# daemons listening on the host are not wanted.
for svc in tftpd-hpa atftpd; do
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q "$svc" 2>/dev/null; then
		$SUDO systemctl stop "$svc" || true
	fi
	if [ -x /etc/init.d/$svc ]; then $SUDO /etc/init.d/$svc stop >/dev/null 2>&1 || true; fi
done
fetch_kernels "$@"
exit 0
