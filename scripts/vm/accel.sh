#!/bin/bash
# Choose the QEMU accelerator for scripts/vmrun:
#   accel.sh KERNEL                  print "kvm REASON" or "tcg REASON"
#   accel.sh --mark-unusable KERNEL WHY   remember that KVM failed a run
#
# Some hosts have a /dev/kvm that opens but does not work (nested
# virtualisation): QEMU aborts with "failed to set MSR 0x10a", or the guest
# stops at once with "KVM internal error" and QEMU pauses without exiting.
# So KVM is used only when a short probe boot with it reaches an init that
# reports back. The verdict is cached in $VMRUN_BUILD (build/vm), keyed on
# everything that could change it: the QEMU binary, the host kernel, the
# KVM device and the guest kernel.
#
# Environment: IMGAUTH_ACCEL=kvm|tcg forces one (no probe); VMRUN_QEMU
# (qemu-system-x86_64), VMRUN_BUILD, VMRUN_KVM_DEV (/dev/kvm),
# VMRUN_PROBE_TIMEOUT (seconds, default 20) exist for the tests.
set -euo pipefail

qemu=${VMRUN_QEMU:-qemu-system-x86_64}
build=${VMRUN_BUILD:-$(cd "$(dirname "$0")/../.." && pwd)/build/vm}
kvmdev=${VMRUN_KVM_DEV:-/dev/kvm}
probe_timeout=${VMRUN_PROBE_TIMEOUT:-20}

mark=0
if [ "${1:-}" = --mark-unusable ]; then
	mark=1
	shift
fi
kernel=${1:?usage: accel.sh [--mark-unusable] KERNEL [WHY]}

case ${IMGAUTH_ACCEL:-} in
"") ;;
kvm | tcg)
	[ $mark = 1 ] && exit 0
	echo "${IMGAUTH_ACCEL} IMGAUTH_ACCEL=${IMGAUTH_ACCEL}: using ${IMGAUTH_ACCEL^^}"
	exit 0
	;;
*)
	echo "IMGAUTH_ACCEL must be kvm or tcg, not '${IMGAUTH_ACCEL}'"
	exit 1
	;;
esac

mkdir -p "$build"
qbin=$(command -v "$qemu") || { echo "$qemu not found"; exit 1; }
key=$(
	{
		stat -L -c '%n %s %Y' "$qbin" "$kernel" 2>/dev/null || true
		stat -L -c '%t:%T' "$kvmdev" 2>/dev/null || echo "no $kvmdev"
		uname -r
	} | sha256sum | cut -c1-16
)
cache=$build/accel-$key

if [ $mark = 1 ]; then
	echo "tcg KVM unusable here (${2:-failed during a run}): using TCG" >"$cache"
	exit 0
fi
if [ -s "$cache" ]; then
	cat "$cache"
	exit 0
fi

verdict() { # ACCEL REASON: cache and print
	echo "$1 $2" >"$cache.$$"
	mv -f "$cache.$$" "$cache"
	echo "$1 $2"
	exit 0
}

if [ ! -e "$kvmdev" ]; then
	verdict tcg "no $kvmdev: using TCG"
fi
if ! (exec 3<>"$kvmdev") 2>/dev/null; then
	verdict tcg "$kvmdev is not usable by $(id -un): using TCG"
fi

# The probe: the guest kernel with an initramfs of static busybox and an
# init that prints a marker on the serial port and powers off.
bb=$(command -v busybox) || verdict tcg "no busybox for the KVM probe: using TCG"
probe=$(mktemp -d "$build/accel-probe.XXXXXX")
qpid=""
cleanup() {
	if [ -n "$qpid" ]; then kill -KILL "$qpid" 2>/dev/null || true; fi
	rm -rf "$probe"
}
trap cleanup EXIT
mkdir -p "$probe/root/bin" "$probe/root/dev" "$probe/root/proc"
cp "$bb" "$probe/root/bin/busybox"
cat >"$probe/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox echo VMRUN-PROBE-OK >/dev/ttyS0
/bin/busybox poweroff -f
INIT
chmod 0755 "$probe/root/init"
(cd "$probe/root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$probe/initrd"
: >"$probe/serial"
: >"$probe/qemu.log"

"$qemu" -nodefaults -no-user-config -machine pc -m 256 -smp 1 \
	-display none -monitor none -nic none -no-reboot \
	-accel kvm -cpu host \
	-kernel "$kernel" -initrd "$probe/initrd" \
	-append "console=ttyS0 panic=-1 quiet no_timer_check" \
	-chardev "file,id=con,path=$probe/serial" -serial chardev:con \
	</dev/null >"$probe/qemu.log" 2>&1 &
qpid=$!
# Not a job of ours: an aborting qemu must not make bash print "Aborted".
disown "$qpid"

# Bounded: at most probe_timeout seconds, in 0.1 s steps.
why="" steps=$((probe_timeout * 10)) i=0
while [ $i -lt $steps ]; do
	if grep -q VMRUN-PROBE-OK "$probe/serial"; then
		why=ok
		break
	fi
	if grep -q 'KVM internal error' "$probe/qemu.log"; then
		why="KVM internal error: $(grep -m1 -o 'Suberror: [0-9]*' "$probe/qemu.log" || echo emulation failure)"
		break
	fi
	if ! kill -0 "$qpid" 2>/dev/null; then
		# It may have written the marker just before exiting.
		if grep -q VMRUN-PROBE-OK "$probe/serial"; then
			why=ok
			break
		fi
		# Exited without the marker: its first error line says why.
		why=$(grep -m1 -E 'error|failed|Assertion' "$probe/qemu.log" || true)
		why=${why#*: error: }
		why=${why#qemu-system-x86_64: }
		[ -n "$why" ] || why="qemu exited before the guest reported"
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
[ -n "$why" ] || why="the probe guest did not report within $probe_timeout s"
kill -KILL "$qpid" 2>/dev/null || true
qpid=""

if [ "$why" = ok ]; then
	verdict kvm "using KVM (probe boot passed)"
fi
verdict tcg "KVM unusable here ($why): using TCG"
