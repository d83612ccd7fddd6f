#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/vmrun's choice of accelerator (scripts/vm/accel.sh), against a
# fake QEMU that behaves like the hosts where /dev/kvm exists but does not
# work: KVM is used only when a probe boot reaches the init, the verdict
# is cached, IMGAUTH_ACCEL forces one, and a KVM internal error ends a run
# in seconds instead of at the timeout.
set -u
. tests/lib/host.sh

accel=scripts/vm/accel.sh
fakedev=$W/kvm
: >"$fakedev"
kernel=$W/vmlinuz
: >"$kernel"

# The fake: FAKE_QEMU_MODE says how it behaves with -accel kvm; with TCG
# (and in "ok" mode with KVM) it "boots": it writes the probe marker to
# the first file chardev. Each call is logged to $W/calls.
cat >"$W/fake-qemu" <<'FAKE'
#!/bin/bash
echo "$*" >>"$FAKE_QEMU_LOG"
kvm=0 serial=""
for a in "$@"; do
	case $a in
	kvm) kvm=1 ;;
	file,id=con,path=*) serial=${a#file,id=con,path=} ;;
	esac
done
if [ $kvm = 1 ]; then
	case $FAKE_QEMU_MODE in
	msr)
		echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
		echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion \`ret == cpu->kvm_msr_buf->nmsrs' failed." >&2
		kill -ABRT $$
		;;
	internal)
		echo "KVM internal error. Suberror: 1" >&2
		echo "emulation failure" >&2
		exec sleep 600
		;;
	silent)
		exec sleep 600
		;;
	esac
fi
[ -n "$serial" ] && echo VMRUN-PROBE-OK >>"$serial"
exit 0
FAKE
chmod +x "$W/fake-qemu"
export FAKE_QEMU_LOG=$W/calls

# probe NAME MODE: a fresh cache, the fake in MODE; output in $W/out.
probe() {
	local name=$1 mode=$2 t0
	rm -rf "$W/build"
	: >"$W/calls"
	t0=$SECONDS
	FAKE_QEMU_MODE=$mode VMRUN_QEMU=$W/fake-qemu VMRUN_BUILD=$W/build \
		VMRUN_KVM_DEV=$fakedev VMRUN_PROBE_TIMEOUT=${PROBE_TIMEOUT:-5} \
		run "$name" 0 "$accel" "$kernel"
	elapsed=$((SECONDS - t0))
}

probe "probe, working KVM" ok
has_line "working KVM is used" "kvm using KVM (probe boot passed)"

probe "probe, MSR abort" msr
has_line "MSR abort falls back to TCG" \
	"tcg KVM unusable here (failed to set MSR 0x10a to 0x69): using TCG"

# A probe timeout far above the bound: detected from QEMU's output, not
# by the timeout, even on a loaded host (where 3 s was once too tight).
PROBE_TIMEOUT=30 probe "probe, KVM internal error" internal
has_line "internal error falls back to TCG" \
	"tcg KVM unusable here (KVM internal error: Suberror: 1): using TCG"
[ "$elapsed" -le 10 ] || fail "a KVM internal error took $elapsed s to detect, not at once (the probe timeout is 30 s)"
[ -z "$(pgrep -f "$W/fake-qemu")" ] && ! pgrep -f 'sleep 600' >/dev/null ||
	fail "the paused fake qemu was left running"

PROBE_TIMEOUT=2 probe "probe, guest never reports" silent
has_line "a silent guest falls back to TCG" \
	"tcg KVM unusable here (the probe guest did not report within 2 s): using TCG"

# No device: no probe at all.
rm -rf "$W/build"
: >"$W/calls"
VMRUN_QEMU=$W/fake-qemu VMRUN_BUILD=$W/build VMRUN_KVM_DEV=$W/none \
	run "no KVM device" 0 "$accel" "$kernel"
has_line "no device means TCG" "tcg no $W/none: using TCG"
[ ! -s "$W/calls" ] || fail "qemu was started without a KVM device"

# The verdict is cached: a second call does not boot again.
probe "probe for the cache" msr
: >"$W/calls"
FAKE_QEMU_MODE=ok VMRUN_QEMU=$W/fake-qemu VMRUN_BUILD=$W/build \
	VMRUN_KVM_DEV=$fakedev run "cached verdict" 0 "$accel" "$kernel"
has_text "cached verdict is TCG" "tcg KVM unusable here (failed to set MSR"
[ ! -s "$W/calls" ] || fail "a cached verdict still started qemu"
# A run that hit a KVM internal error marks KVM unusable for the next ones.
probe "probe, working KVM again" ok
VMRUN_QEMU=$W/fake-qemu VMRUN_BUILD=$W/build VMRUN_KVM_DEV=$fakedev \
	run "mark unusable" 0 "$accel" --mark-unusable "$kernel" "KVM internal error during a run"
VMRUN_QEMU=$W/fake-qemu VMRUN_BUILD=$W/build VMRUN_KVM_DEV=$fakedev \
	run "after a failed run" 0 "$accel" "$kernel"
has_line "a failed run switches to TCG" \
	"tcg KVM unusable here (KVM internal error during a run): using TCG"

# Forced.
for a in kvm tcg; do
	: >"$W/calls"
	IMGAUTH_ACCEL=$a FAKE_QEMU_MODE=msr VMRUN_QEMU=$W/fake-qemu VMRUN_BUILD=$W/build \
		VMRUN_KVM_DEV=$fakedev run "IMGAUTH_ACCEL=$a" 0 "$accel" "$kernel"
	has_line "IMGAUTH_ACCEL=$a is obeyed" "$a IMGAUTH_ACCEL=$a: using ${a^^}"
	[ ! -s "$W/calls" ] || fail "IMGAUTH_ACCEL=$a still probed"
done
IMGAUTH_ACCEL=hvf run "IMGAUTH_ACCEL=hvf" 1 "$accel" "$kernel"
has_text "a wrong IMGAUTH_ACCEL is explained" "IMGAUTH_ACCEL must be kvm or tcg"

# A whole vmrun with KVM forced on a fake that stops at a KVM internal
# error: it must end in seconds, 125, and say why.
if [ -r "/boot/vmlinuz-$(scripts/kver.sh 2>/dev/null)" ]; then
	echo 'echo never' >"$W/script.sh"
	t0=$SECONDS
	IMGAUTH_ACCEL=kvm FAKE_QEMU_MODE=internal VMRUN_QEMU=$W/fake-qemu \
		VMRUN_BUILD=$W/vmbuild run "vmrun on a KVM internal error" 125 \
		scripts/vmrun --no-load --timeout 300 "$W/script.sh"
	elapsed=$((SECONDS - t0))
	contains "vmrun explains the KVM internal error" "$W/err" "KVM internal error: the guest stopped"
	contains "vmrun says which accelerator" "$W/err" "vmrun: IMGAUTH_ACCEL=kvm: using KVM"
	# The base initramfs is built on the first run, a few seconds.
	[ "$elapsed" -le 60 ] || fail "vmrun took $elapsed s to end on a KVM internal error"
	pkill -f "$W/fake-qemu" 2>/dev/null
else
	echo "skip: no guest kernel for the whole-vmrun case"
fi

summary
