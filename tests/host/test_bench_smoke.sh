#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench runs and reports: the host part in quick mode (1 MiB, one
# run) against real atftpd and tftpd-hpa, and the report's guest sections
# from a made-up guest result, each checked for a well-formed table.
# No timing is asserted: benchmarks are not tests. Run from the
# repository root.
set -u

. tests/lib/host.sh

out=$W/bench.md
run_merged "quick host bench" 0 env IMGAUTH_BENCH_QUICK=1 IMGAUTH_BENCH_GUEST=0 \
	IMGAUTH_BENCH_OUT="$out" IMGAUTH_BENCH_DIR="$W/bench" \
	IMGAUTH_BENCH_TOOL="$T" scripts/bench.sh
[ -f "$out" ] || { fail "no report"; summary; }
raw=$W/bench/raw.tsv

n=$((n + 1))
for server in atftpd hpa; do
	for cfg in "imgauthctl default" "tftp-hpa" "atftp blksize 65464" \
		"curl tftp-blksize 65464" "floor, stores nothing"; do
		grep -qP "^time\ttftp/$server\t$cfg\t1048576\t1\t[0-9.]+$" "$raw" ||
			fail "raw: no time for $cfg from $server"
	done
done
grep -qP "^time\ttftp/atftpd\tfloor, stores nothing, windowsize 64\t1048576\t1\t[0-9.]+$" "$raw" ||
	fail "raw: no time for the windowed floor from atftpd"
grep -q '^fail' "$raw" && { fail "raw: failed transfers"; show "$raw"; }

# A number, an optional exponent-free fraction: "0.0123 (0.0110–0.0150), n=1".
num='[0-9]+(\.[0-9]+)?'
cell="$num \\($num–$num\\), n=1"
for h in "# Benchmarks" "## This run" "## TFTP get on the host, 127.0.0.1" \
	"### From atftpd 0.8.0 (RFC 7440 windowsize)" "### From tftpd-hpa 5.2" \
	"## Install of a local image, in the guest" "## Method" "<!-- notes -->"; do
	n=$((n + 1))
	grep -qxF "$h" "$out" || fail "report lacks the line: $h"
done
n=$((n + 1))
grep -qE "^\| imgauthctl default \| $cell \| $num \|$" "$out" ||
	{ fail "report: no imgauthctl row"; show "$out"; }
n=$((n + 1))
# atftpd and tftpd-hpa, on loopback and through the 2 ms round trip; a
# ceiling (best peer/floor) on loopback, where the floor runs.
verdicts="default: (met|\*\*not met\*\*), best: (met|\*\*not met\*\*)(; above this run's ceiling \($num×\))?"
ratio_line() { # CEILING: the ratio lines with that ceiling cell
	grep -cE "^\| 1 MiB \| $num MB/s \| $num MB/s \(.*\) +\| $num MB/s \(.*\) \| $num× \| $num× \| $1 +\| ≥ [12]× \| $verdicts \|$" "$out"
}
[ "$(ratio_line "$num×")" = 2 ] && [ "$(ratio_line "—")" = 2 ] ||
	{ fail "report: not one ratio line per server and path, with a ceiling on loopback"; show "$out"; }
n=$((n + 1))
grep -qx '### Through a 2 ms round trip' "$out" ||
	{ fail "report: no round-trip section"; show "$out"; }
n=$((n + 1))
[ "$(grep -c '^Not measured in this run.$' "$out")" = 3 ] ||
	fail "report: the three guest sections do not say they were not run"
for k in "| date | 20" "| host CPU | " "| host kernel | Linux " "| mode | quick"; do
	contains "meta $k" "$out" "$k"
done

# The guest sections, from a guest result of the shape tests/bench/guest.sh
# writes, and notes after the marker kept.
g=$W/guest.tsv
{
	printf 'meta\tshash\tsha1=sha1-generic\nmeta\truns\t5\nmeta\tmem_runs\t5\n'
	for r in 1 2 3 4 5; do
		printf 'time\tinstall\tours v1\t12582912\t%s\t2.%s\n' "$r" "$r"
		printf 'time\tinstall\tours v2\t12582912\t%s\t1.%s\n' "$r" "$r"
		printf 'time\tinstall\tpeer openssl+flashcp\t12582912\t%s\t3.%s\n' "$r" "$r"
		printf 'time\ttftp_install\tours v2\t12582912\t%s\t2.%s\n' "$r" "$r"
		printf 'time\ttftp_install\tpeer atftp+openssl+flashcp\t12582912\t%s\t6\n' "$r"
		printf 'time\ttftp_get\tours\t12582912\t%s\t1\n' "$r"
		for s in 1 4 16; do
			printf 'time\tscale\tours v2\t%s\t%s\t%s.%s\n' $((s * 1048576)) "$r" "$s" "$r"
			printf 'mem\tscale\tours v2\t%s\t%s\t100\t20\t3000\t40\n' $((s * 1048576)) "$r"
		done
	done
} >"$g"
awk -f tests/bench/stats.awk "$g" >"$W/stats"
printf '# old\n<!-- notes -->\nhand-written note\n' >"$W/old.md"
run "report from a guest result" 0 tests/bench/report.sh "$W/stats" "$W/old.md"
has_line "local install row" "| ours v2 | 1.30 (1.10–1.50) | 9.7 |"
has_line "local ratio v1" "| ours v1 / peer openssl+flashcp | 0.70× | ≤ 1.0× | met |"
has_line "tftp ratio v2" "| ours v2 / peer atftp+openssl+flashcp | 0.38× | ≤ 0.5× | met |"
has_line "scale fit" "* ours v2: least squares time = 0.300 s + 1.0000 s/MiB × size (the worst size, 1 MiB, 0% off it); from 4 to 16 MiB time grows as size^0.96: linear or better."
has_line "memory flat" "* ours v2, kernel memory (Slab+vmalloc): 20–20 KiB over the sizes, a spread of 0 KiB: flat within 1 MiB."
has_line "memory row" "| 4 MiB | — | — | — | 20 (20–20) | 100 (100–100) | 3000 (3000–3000) |"
has_line "notes kept" "hand-written note"
has_line "shash" "| shash drivers (\`imgauthctl system\`) | sha1=sha1-generic |"

summary
