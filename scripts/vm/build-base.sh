#!/bin/bash
# Build the cached base initramfs of the vmrun guest:
#   build-base.sh KVER OUT.cpio [MODDIR]
# MODDIR is the kernel's modules directory, .../lib/modules/KVER (default
# /lib/modules/KVER: the host's; scripts/kernels.sh unpacks others under
# build/kernels/).
# It holds everything that does not change from one test run to the next:
# static busybox, the host tools the tests drive (with their shared
# libraries), and the kernel modules with a depmod index. scripts/vmrun
# decides when to rebuild it; this script always builds.
set -euo pipefail

kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
moddir=${3:-/lib/modules/$kver}
case $moddir in
*/lib/modules/"$kver") ;;
*) echo "vmrun: build-base: $moddir does not end in /lib/modules/$kver" >&2; exit 1 ;;
esac
# modprobe and depmod look in BASE/lib/modules/KVER.
modbase=${moddir%/lib/modules/"$kver"}
mp_base=()
[ -z "$modbase" ] || mp_base=(-d "$modbase")
atftpd=/usr/local/lib/imgauth/atftpd/usr/sbin/atftpd

die() { echo "vmrun: build-base: $*" >&2; exit 1; }

stage=$(mktemp -d "$(dirname "$out")/base-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Same merged-/usr layout as the Debian host, so every library path
# (/lib/x86_64-linux-gnu/..., /lib64/ld-linux-x86-64.so.2) and every path
# the kernel execs (/sbin/modprobe) resolves in the guest unchanged.
mkdir -p "$stage"/usr/bin "$stage"/usr/sbin "$stage"/usr/lib "$stage"/usr/lib64
for d in bin sbin lib lib64; do ln -s usr/$d "$stage/$d"; done
mkdir -p "$stage"/{dev,proc,sys,tmp,run,etc,root,mnt,var/tmp} \
	"$stage"/imgauth/{tests,vectors,share,run}
chmod 1777 "$stage/tmp" "$stage/var/tmp"
# The kernel opens /dev/console for PID 1 before /init can mount devtmpfs;
# without the node init starts with no stdio (harmless, init reopens it,
# but it costs a kernel complaint). mknod needs root: skip it otherwise.
mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true

# --- busybox: every applet as a symlink in /usr/bin. Real tools copied
# below replace their busybox namesake (setpriv, tftp, modprobe...).
bb=$(command -v busybox) || die "busybox not found (scripts/deps.sh)"
# It runs before any library is there: it must be the static build.
if readelf -l "$bb" | grep -q 'program interpreter'; then
	die "$bb is not static: install busybox-static"
fi
cp "$bb" "$stage/usr/bin/busybox"
for a in $("$bb" --list); do
	[ "$a" = busybox ] || ln -sf busybox "$stage/usr/bin/$a"
done

# --- host tools. Each goes to the path it has on the host (merged /usr, so
# /usr/sbin and /sbin are one directory in the guest too).
elves=()
put() { # put SRC DEST-IN-GUEST
	local src=$1 dst=$stage$2
	mkdir -p "$(dirname "$dst")"
	# rm first: DEST may be a busybox symlink, and cp would write through it.
	rm -f "$dst"
	cp -L "$src" "$dst"
	chmod 0755 "$dst"
	elves+=("$src")
}
tool() { # tool NAME [optional]: copy a command from the host PATH
	local p
	p=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$1") || {
		[ "${2:-}" = optional ] && return 0
		die "$1 not found on the host (scripts/deps.sh)"
	}
	# Keep the canonical /usr path: /sbin/x and /usr/sbin/x are the same.
	case $p in /usr/*) ;; *) p=/usr$p ;; esac
	put "$p" "$p"
}
# Debian's busybox-static is built to prefer its own applets: its sh, env,
# timeout, xargs... run the busybox setpriv or tftp even when the real one
# is first in PATH. So the shell is dash, as on the host, and the tools
# that run other commands, with the rest of the everyday userland, are the
# Debian ones; busybox fills in the remaining commands (ip, ping, mount,
# poweroff...).
pkg_bins() { # copy every program of the named Debian packages
	local f
	for f in $(dpkg -L "$@" | grep -E '^(/usr)?/s?bin/[^/]+$'); do
		[ -f "$f" ] && [ -x "$f" ] || continue
		case $f in /usr/*) put "$f" "$f" ;; *) put "$f" "/usr$f" ;; esac
	done
}
pkg_bins dash coreutils findutils grep sed diffutils mawk
ln -sf dash "$stage/usr/bin/sh"
ln -sf mawk "$stage/usr/bin/awk"
# Busybox commands that run other commands and have no Debian stand-in
# here would silently run busybox applets in place of the real tools
# (time tftp... -> busybox tftp): better "not found" than a wrong program.
for a in ash hush time watch cttyhack run-parts start-stop-daemon su \
	linux32 linux64; do
	rm -f "$stage/usr/bin/$a"
done
for t in openssl in.tftpd setpriv setsid flock taskset ionice unshare nsenter \
	hexdump \
	flashcp flash_erase mtdinfo tftp atftp; do
	tool "$t"
done
for t in nanddump nandwrite mtd_debug flash_lock flash_unlock mtdpart; do
	tool "$t" optional
done
[ -x "$atftpd" ] || die "$atftpd missing (scripts/deps.sh unpacks it)"
put "$atftpd" /usr/sbin/atftpd

# kmod, not busybox, answers for modprobe & co: it is what the kernel's
# request_module() runs (CONFIG_MODPROBE_PATH=/sbin/modprobe), and it
# understands softdeps and the full alias syntax of modules.alias.
kmod=$(readlink -f "$(command -v kmod)") || die "kmod not found"
put "$kmod" /usr/bin/kmod
for t in modprobe insmod rmmod lsmod modinfo depmod; do
	rm -f "$stage/usr/bin/$t" "$stage/usr/sbin/$t"
	ln -s ../bin/kmod "$stage/usr/sbin/$t"
done

# AF_ALG helper: lets guest tests make the kernel itself look a hash up.
if command -v cc >/dev/null 2>&1; then
	cc -static -O2 -o "$stage/usr/bin/ia-kcapi-hash" "$here/kcapi_hash.c" ||
		die "cannot build ia-kcapi-hash"
else
	echo "vmrun: build-base: no C compiler, guest has no ia-kcapi-hash" >&2
fi

# --- shared libraries of every dynamic executable above, closed under
# DT_NEEDED. Read with one readelf per round, not ldd: ldd runs the loader
# once per file, minutes for a few hundred files on a busy 2-core host.
# Libraries go where the host has them (the loader's default search
# path); none of these programs has an RPATH. glibc dlopens libgcc_s for
# thread cancellation and the OpenSSL CLI loads providers from
# ossl-modules: neither is a DT_NEEDED.
multi=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
libdirs="/lib/$multi /usr/lib/$multi /lib /usr/lib"
needed() { readelf -d "$@" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort -u; }
libs="" names="" todo=("${elves[@]}")
[ -e "/lib/$multi/libgcc_s.so.1" ] && todo+=("/lib/$multi/libgcc_s.so.1") &&
	libs="/lib/$multi/libgcc_s.so.1" && names=" libgcc_s.so.1 "
while [ ${#todo[@]} -gt 0 ]; do
	new=()
	for n in $(needed "${todo[@]}"); do
		case $names in *" $n "*) continue ;; esac
		names="$names $n "
		found=""
		for d in $libdirs; do [ -e "$d/$n" ] && { found=$d/$n; break; }; done
		[ -n "$found" ] || die "library $n not found on the host"
		libs="$libs $found"
		new+=("$found")
	done
	todo=("${new[@]+"${new[@]}"}")
done
# The dynamic loader itself, at the path the programs name (PT_INTERP).
interp=$(readelf -l "${elves[0]}" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
libs="$libs $interp"
for l in $libs; do
	mkdir -p "$stage$(dirname "$l")"
	cp -L "$l" "$stage$l"
done
ossl=/usr/lib/$multi/ossl-modules
if [ -d "$ossl" ]; then
	mkdir -p "$stage$ossl"
	cp -L "$ossl"/*.so "$stage$ossl/"
fi
# The list lets vmrun leave out of the per-run archive the libraries of
# imgauthctl that are already here (libcrypto above all).
printf '%s\n' $libs > "$out.libs"

# --- configuration the tools read. /etc/passwd and /etc/group are written
# by the guest init itself.
mkdir -p "$stage/etc/ssl" "$stage/usr/lib/ssl"
[ -r /etc/ssl/openssl.cnf ] && cp /etc/ssl/openssl.cnf "$stage/etc/ssl/" &&
	ln -sf /etc/ssl/openssl.cnf "$stage/usr/lib/ssl/openssl.cnf"
# tftpd-hpa and atftpd look the tftp port up by service name.
for f in /etc/services /etc/protocols; do [ -r $f ] && cp $f "$stage/etc/"; done
cat > "$stage/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
shadow: files
hosts: files
services: files
protocols: files
EOF
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$stage/etc/hosts"
echo imgauth-vm > "$stage/etc/hostname"

# --- kernel modules. Named ones plus every crypto module: the crypto API
# may autoload any algorithm by alias ("crypto-sha384", "crypto-pkcs1pad"...)
# and guessing which is brittle, while all of them are only ~4 MB.
[ -d "$moddir/kernel" ] || die "$moddir missing (linux-image-amd64)"
want="mtd mtd_blkdevs mtdblock mtdblock_ro mtdram block2mtd nandsim ubi
virtio virtio_ring virtio_pci virtio_blk virtio_console virtio_rng
9p 9pnet 9pnet_virtio loop af_alg algif_hash"
# Modules on older kernels only: newer ones build them in or fold them
# into another (7.x has SHA-512 in the kernel, no sha512_generic).
optional="sha512_generic"
mods=$(
	for m in $want $optional; do
		modprobe "${mp_base[@]+"${mp_base[@]}"}" -S "$kver" --show-depends "$m" 2>/dev/null || true
	done
	crypto=$(find "$moddir/kernel/crypto" "$moddir/kernel/arch/x86/crypto" \
		"$moddir/kernel/lib/crypto" -name '*.ko*' -printf '%f\n' | sed 's/\.ko.*//')
	modprobe "${mp_base[@]+"${mp_base[@]}"}" -S "$kver" -a --show-depends $crypto 2>/dev/null || true
)
mods=$(printf '%s\n' "$mods" | awk '$1 == "insmod" { print $2 }' | sort -u)
have_mod() { # a module file, or built in
	printf '%s\n' "$mods" | grep -q "/${1//_/[_-]}\.ko" ||
		grep -q "/${1//_/[_-]}\.ko" "$moddir/modules.builtin"
}
for m in $want; do
	# A built-in module has no file and is fine; a missing one is not.
	have_mod "$m" || die "kernel module $m not found for $kver"
done
for m in $optional; do
	have_mod "$m" || echo "vmrun: build-base: $kver has no $m (built in under another name or gone)" >&2
done
# In the guest the modules are at /lib/modules/KVER, wherever they are here.
gmoddir=/lib/modules/$kver
for ko in $mods; do
	rel=${ko#"$moddir"/}
	[ "$rel" != "$ko" ] || die "modprobe named $ko, outside $moddir"
	mkdir -p "$stage$gmoddir/$(dirname "$rel")"
	cp "$ko" "$stage$gmoddir/$rel"
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -e "$moddir/$f" ] && cp "$moddir/$f" "$stage$gmoddir/"
done
depmod -b "$stage" "$kver" || die "depmod failed"

# --- archive. Owned by root in the guest whoever builds it.
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) > "$out.tmp"
mv -f "$out.tmp" "$out"
