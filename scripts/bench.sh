#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: imgauth against peer tools, written to docs/benchmarks.md.
#
#   host   TFTP get from atftpd and tftpd-hpa on 127.0.0.1, imgauthctl
#          against tftp-hpa, atftp and curl (tests/bench/tftp_host.sh)
#   guest  in QEMU (scripts/vmrun), on mtdram: install of a local image
#          and over TFTP against openssl + flashcp, and install time and
#          memory against size (tests/bench/guest.sh)
#
# Not a test: it asserts no timing; a target missed is reported, not an
# error. It fails only when a part could not run at all.
#
# Environment:
#   IMGAUTH_BENCH_RUNS      runs of every figure (default 5; medians of them)
#   IMGAUTH_BENCH_MEM_RUNS  sampled memory runs (default the same)
#   IMGAUTH_BENCH_QUICK=1   smoke mode: 1 MiB everywhere, 1 run
#   IMGAUTH_BENCH_GUEST=0   host part only
#   IMGAUTH_BENCH_TFTP_MIB  host TFTP sizes (default "12 100")
#   IMGAUTH_BENCH_MIB       guest install size (default 12)
#   IMGAUTH_BENCH_SCALE_MIB guest scale sizes (default "1 4 16 64")
#   IMGAUTH_BENCH_OUT       the report (default docs/benchmarks.md)
#   IMGAUTH_BENCH_DIR       raw data and scratch (default build/bench)
#   IMGAUTH_BENCH_TOOL      imgauthctl to measure (default userspace/imgauthctl)
#   VMRUN_TCG_THREAD        default multi here: one host thread per vCPU,
#                           so a 2-vCPU guest can overlap like 2 cores do
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
ROOT=$PWD

QUICK=${IMGAUTH_BENCH_QUICK:-}
if [ -n "$QUICK" ]; then
	RUNS=${IMGAUTH_BENCH_RUNS:-1}
	TFTP_MIB=${IMGAUTH_BENCH_TFTP_MIB:-1}
	MIB=${IMGAUTH_BENCH_MIB:-1}
	SCALE=${IMGAUTH_BENCH_SCALE_MIB:-1}
else
	RUNS=${IMGAUTH_BENCH_RUNS:-5}
	TFTP_MIB=${IMGAUTH_BENCH_TFTP_MIB:-12 100}
	MIB=${IMGAUTH_BENCH_MIB:-12}
	SCALE=${IMGAUTH_BENCH_SCALE_MIB:-1 4 16 64}
fi
MEM_RUNS=${IMGAUTH_BENCH_MEM_RUNS:-$RUNS}
GUEST=${IMGAUTH_BENCH_GUEST:-1}
OUT=${IMGAUTH_BENCH_OUT:-docs/benchmarks.md}
DIR=${IMGAUTH_BENCH_DIR:-build/bench}
export IMGAUTH_BENCH_TOOL=${IMGAUTH_BENCH_TOOL:-userspace/imgauthctl}
export IMGAUTH_BENCH_QUICK=$QUICK
export VMRUN_TCG_THREAD=${VMRUN_TCG_THREAD:-multi}

[ -x "$IMGAUTH_BENCH_TOOL" ] || { echo "bench: no $IMGAUTH_BENCH_TOOL: run make" >&2; exit 1; }
if [ "$GUEST" != 0 ] && [ ! -f kmod/imgauth.ko ]; then
	echo "bench: no kmod/imgauth.ko: run make" >&2
	exit 1
fi

rm -rf "$DIR"
mkdir -p "$DIR"
RAW=$DIR/raw.tsv
: >"$RAW"
meta() { printf 'meta\t%s\t%s\n' "$1" "$2" >>"$RAW"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

mode="full"
[ -n "$QUICK" ] && mode="quick (smoke: 1 MiB, 1 run)"
[ "$GUEST" = 0 ] && mode="$mode, host part only"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta commit "$(git describe --always --dirty 2>/dev/null || echo unknown)"
meta mode "$mode; host TFTP sizes $TFTP_MIB MiB; guest install $MIB MiB, scale $SCALE MiB"
meta runs "$RUNS"
meta mem_runs "$MEM_RUNS"
meta host_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
meta host_cores "$(nproc)"
meta host_kernel "$(uname -sr)"
meta load_start "$(loadavg)"
# Other helpers' guests and builds share the cores: say how many guests.
meta load_note "$(pgrep -c qemu-system || true) other QEMU guests running at the start"
meta tcg_thread "$VMRUN_TCG_THREAD"
meta peers "$(tftp -V 2>&1 | head -n 1); $(atftp --version 2>&1 | head -n 1); $(curl --version | head -n 1 | cut -d' ' -f1-2); $(openssl version); flashcp from mtd-utils $(dpkg-query -W -f '${Version}' mtd-utils 2>/dev/null || echo '?')"
meta hpa_version "$(in.tftpd -V 2>&1 | head -n 1 | sed 's/^tftp-hpa //; s/,.*//')"
. tests/lib/tftpd.sh
meta atftpd_version "$("$ATFTPD" --version 2>&1 | head -n 1 | sed 's/^atftp-//; s/ (server)//')"

echo "bench: host TFTP ($TFTP_MIB MiB, $RUNS runs)" >&2
tests/bench/tftp_host.sh "$RAW" "$RUNS" "$TFTP_MIB"

if [ "$GUEST" != 0 ]; then
	share=$DIR/share
	mkdir -p "$share"
	sizes=$MIB
	for s in $SCALE; do
		case " $sizes " in *" $s "*) ;; *) sizes="$sizes $s" ;; esac
	done
	echo "bench: guest images ($sizes MiB)" >&2
	# shellcheck disable=SC2086	# one size per argument
	tests/bench/guest_prep.sh "$share" $sizes
	echo "bench: guest ($RUNS runs; accelerator below)" >&2
	# The images live in the guest's tmpfs and the mtdram takes 152 MiB.
	rc=0
	scripts/vmrun --mem 2048 --timeout 3000 --share "$ROOT/$share" \
		tests/bench/guest.sh "$RUNS" "$MIB" "$SCALE" "$MEM_RUNS" \
		2> >(tee "$DIR/vmrun.err" >&2) || rc=$?
	wait
	accel=$(sed -n 's/^vmrun: \(.*using \(KVM\|TCG\)\)$/\1/p' "$DIR/vmrun.err" | tail -n 1)
	meta accel "${accel:-unknown}"
	[ -f "$share/guest.tsv" ] && cat "$share/guest.tsv" >>"$RAW"
	if [ "$rc" != 0 ]; then
		echo "bench: the guest part failed (exit $rc); its figures so far are kept" >&2
		meta mode "$mode; host TFTP sizes $TFTP_MIB MiB; guest part FAILED (exit $rc), partial"
	fi
	rm -rf "$share"
fi
meta load_end "$(loadavg)"

# The last of a repeated meta key wins (report.sh reads in order).
awk -f tests/bench/stats.awk "$RAW" >"$DIR/stats.tsv"
mkdir -p "$(dirname "$OUT")"
tests/bench/report.sh "$DIR/stats.tsv" "$OUT" >"$DIR/report.md"
mv "$DIR/report.md" "$OUT"
echo "bench: wrote $OUT (raw data in $RAW)" >&2
