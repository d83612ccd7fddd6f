#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole test suite, as "make check" runs it:
#   1. host unit tests (build/asan/tests/unit/test_*, ASan/UBSan)
#   2. fuzz smoke runs of the code shared with the kernel (build/fuzz/*)
#   3. host integration tests (tests/host/test_*.sh, ASan/UBSan imgauthctl)
#   4. guest tests: tests/vm/test_*.sh run in QEMU by scripts/vmrun (a
#      tests/vm/NAME.prep next to one prepares its --share directory on the
#      host first), and tests/vm/test_*.host which drive vmrun themselves
#   5. portability tier, on each of the --kernels (default 6.12; names from
#      scripts/kernels.conf): the module built from clean against the
#      kernel's own headers with its own compiler, W=1 and sparse (C=1),
#      any warning failing it; built again as dkms.conf tells DKMS to; then
#      the guest tests $PORT_TESTS booting that kernel
#
#   tests/run.sh [--only unit|fuzz|host|vm|kernels] [--kernel NAME]
#                [--kernels "NAME..."] [--long] [NAME-SUBSTRING...]
#
# --long (make check-long) runs the long variants: IMGAUTH_LONG=1 is
# exported to host tests, .host and .prep scripts, and a guest test gets
# --long as its first argument; the fuzzers run FUZZ_SECONDS (default
# 600 in long mode) each.
#
# --kernel NAME runs the guest tests (tier 4) on kernel NAME instead of the
# default one. Portability tests are named KERNEL:TEST (6.12:build,
# sid:test_vectors...), so a NAME-SUBSTRING selects them too.
#
# Prints one PASS/FAIL line per test, the output of failures, and closes
# with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
LOGS=$ROOT/build/test-logs
mkdir -p "$LOGS"
export IMGAUTHCTL=${IMGAUTHCTL:-$ROOT/build/asan/imgauthctl}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
VM_TIMEOUT=${VM_TIMEOUT:-600}
IMGAUTH_LONG=${IMGAUTH_LONG:-}

# The guest tests of the portability tier: the crypto API registration,
# the harness on that kernel, every test vector, installs, key slots and
# the netlink family with its events.
PORT_TESTS=${PORT_TESTS:-test_crypto_api test_harness test_vectors test_install test_keyslots test_events}

only=""
filters=()
kernels=${IMGAUTH_CHECK_KERNELS:-6.12}
while [ $# -gt 0 ]; do
	case $1 in
	--only) only=$2; shift 2 ;;
	--kernel) export IMGAUTH_KERNEL=$2; shift 2 ;;
	--kernels) kernels=$2; shift 2 ;;
	--long) export IMGAUTH_LONG=1; shift ;;
	-h|--help) sed -n '3,35p' "$0"; exit 0 ;;
	*) filters+=("$1"); shift ;;
	esac
done

if [ -n "$IMGAUTH_LONG" ]; then
	export IMGAUTH_LONG
	FUZZ_SECONDS=${FUZZ_LONG_SECONDS:-600}
	VM_TIMEOUT=${VM_LONG_TIMEOUT:-3600}
fi
# What a guest test gets as arguments: --long in long mode.
vm_args=()
[ -n "$IMGAUTH_LONG" ] && vm_args=(--long)

passed=0
failed=0
failures=()

selected() {
	local name=$1 f
	[ ${#filters[@]} -eq 0 ] && return 0
	for f in "${filters[@]}"; do
		case $name in *"$f"*) return 0 ;; esac
	done
	return 1
}

# run KIND NAME CMD...: run one test, log its output, count it.
run() {
	local kind=$1 name=$2 log start rc secs
	shift 2
	selected "$name" || return 0
	log=$LOGS/$kind-$(basename "$name").log
	start=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS  %-5s %s (%ss)\n' "$kind" "$name" "$secs"
	else
		failed=$((failed + 1))
		failures+=("$kind $name")
		printf 'FAIL  %-5s %s (exit %s, %ss; log %s)\n' "$kind" "$name" "$rc" "$secs" "${log#$ROOT/}"
		tail -n 60 "$log" | sed 's/^/      | /'
	fi
}

want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

if want unit; then
	for t in build/asan/tests/unit/test_*; do
		[ -x "$t" ] || continue
		run unit "$(basename "$t")" "$t"
	done
fi

if want fuzz; then
	for t in build/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		corpus=$ROOT/build/fuzz-corpus/$name
		mkdir -p "$corpus"
		seeds=$ROOT/tests/fuzz/seeds/$name
		[ -d "$seeds" ] || seeds=
		run fuzz "$name" "$t" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
			"$corpus" ${seeds:+"$seeds"}
	done
fi

if want host; then
	for t in tests/host/test_*.sh; do
		[ -f "$t" ] || continue
		run host "$t" bash "$t"
	done
fi

# A guest test with a host-side preparation step gets a fresh share dir.
vm_test() {
	local t=$1 prep=${1%.sh}.prep share
	if [ -x "$prep" ]; then
		share=$(mktemp -d "$ROOT/build/vmshare.XXXXXX") || return 1
		"$prep" "$share" || { rm -rf "$share"; return 1; }
		scripts/vmrun --timeout "$VM_TIMEOUT" --share "$share" "$t" "${vm_args[@]}"
		local rc=$?
		rm -rf "$share"
		return $rc
	fi
	scripts/vmrun --timeout "$VM_TIMEOUT" "$t" "${vm_args[@]}"
}

if want vm; then
	for t in tests/vm/test_*.sh; do
		[ -f "$t" ] || continue
		run vm "$t" vm_test "$t"
	done
	for t in tests/vm/test_*.host; do
		[ -x "$t" ] || continue
		run vm "$t" "$t"
	done
fi

# The module against KERNEL's headers, from clean, W=1 and sparse: any
# diagnostic fails it, and so does a module for another kernel release.
kbuild_check() {
	local k=$1 out rc krel modsrc vermagic
	krel=$(scripts/kernels.sh info "$k" | sed -n 's/^KREL=//p') || return 1
	modsrc=$(scripts/kernels.sh info "$k" | sed -n 's/^MODSRC=//p')
	scripts/kernels.sh build "$k" clean >/dev/null || return 1
	rm -f "$modsrc/kmod/imgauth.ko"
	out=$(scripts/kernels.sh build "$k" W=1 C=1 2>&1)
	rc=$?
	printf '%s\n' "$out"
	[ $rc = 0 ] || { echo "kbuild exited $rc"; return 1; }
	if printf '%s\n' "$out" | grep -iE '(warning|error):'; then
		echo "the lines above are diagnostics: the module must build clean"
		return 1
	fi
	vermagic=$(modinfo -F vermagic "$modsrc/kmod/imgauth.ko") || return 1
	case $vermagic in
	"$krel "*) echo "imgauth.ko: vermagic $vermagic" ;;
	*) echo "imgauth.ko is for '$vermagic', not $krel"; return 1 ;;
	esac
}

# dkms.conf's MAKE[0] as DKMS runs it (in a copy laid out like DKMS's
# tree, for KERNEL's headers), and its module where BUILT_MODULE_* say.
dkms_check() {
	local k=$1 info modsrc tree ver build make0 ko
	info=$(scripts/kernels.sh info "$k") || return 1
	modsrc=$(printf '%s\n' "$info" | sed -n 's/^MODSRC=//p')
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
	tree=$modsrc/.dkms
	build=$tree/imgauth/$ver/build
	rm -rf "$tree"
	mkdir -p "$build"
	cp -r dkms.conf Kbuild kmod lib uapi "$build/" || return 1
	(cd "$build" && make -s -f /dev/null clean >/dev/null 2>&1; rm -f kmod/*.o kmod/*.ko lib/*.o)
	# The variables DKMS sets before it reads dkms.conf.
	make0=$(
		kernel_source_dir=$(printf '%s\n' "$info" | sed -n 's/^KDIR=//p')
		dkms_tree=$tree
		kernelver=$(printf '%s\n' "$info" | sed -n 's/^KREL=//p')
		# shellcheck disable=SC1091
		. ./dkms.conf
		printf '%s\n' "${MAKE[0]}"
	)
	echo "dkms MAKE[0]: $make0"
	scripts/kernels.sh run "$k" sh -c "cd '$build' && $make0" || return 1
	ko=$build/$(sed -n 's/^BUILT_MODULE_LOCATION\[0\]="\(.*\)"$/\1/p' dkms.conf)/$(sed -n 's/^BUILT_MODULE_NAME\[0\]="\(.*\)"$/\1/p' dkms.conf).ko
	[ -f "$ko" ] || { echo "no $ko after the DKMS build"; return 1; }
	modinfo -F vermagic "$ko"
	rm -rf "$tree"
}

if want kernels; then
	for k in $kernels; do
		run kern "$k:build" kbuild_check "$k"
		run kern "$k:dkms" dkms_check "$k"
		for t in $PORT_TESTS; do
			[ -f "tests/vm/$t.sh" ] || { run kern "$k:$t" false; continue; }
			IMGAUTH_KERNEL=$k run kern "$k:$t" vm_test "tests/vm/$t.sh"
		done
	done
fi

echo
if [ $failed -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
