#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# docs/benchmarks.md from make bench's summaries (tests/bench/stats.awk
# output): the machine, then one table per benchmark with medians,
# min-max, throughput and every ratio ours/peer from the same run, each
# against the target of issue 12.
#
#	tests/bench/report.sh STATS [OLD_MD] > NEW_MD
#
# Everything after the line "<!-- notes -->" in OLD_MD is carried over:
# remarks written by hand on a run survive the next one.
set -euo pipefail
STATS=$1 OLD=${2:-}
NOTES_MARK='<!-- notes -->'

declare -A T=() M=() META=() FAILS=()
declare -a TKEYS=()
while IFS=$'\t' read -r kind a b c d e f g h i j k l m n; do
	case $kind in
	meta) META[$a]=$b ;;
	time) T["$a|$b|$c"]="$d $e $f $g"; TKEYS+=("$a|$b|$c") ;;
	mem) M["$b|$c"]="$d $e $f $g $h $i $j $k $l $m $n" ;;
	fails) FAILS["$a|$b|$c"]=$d ;;
	esac
done <"$STATS"

meta() { echo "${META[$1]:-unknown}"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# Seconds, 3 significant digits (no exponent).
sec() {
	awk -v x="$1" 'BEGIN {
		if (x >= 100) printf "%.0f", x; else if (x >= 10) printf "%.1f", x
		else if (x >= 1) printf "%.2f", x; else if (x >= 0.1) printf "%.3f", x
		else if (x >= 0.01) printf "%.4f", x; else printf "%.5f", x }'
}
field() { local -a v; read -r -a v <<<"$1"; echo "${v[$2]}"; }
# has GROUP CONFIG BYTES
has() { [ -n "${T["$1|$2|$3"]:-}" ]; }
med() { field "${T["$1|$2|$3"]}" 1; }
# cell GROUP CONFIG BYTES: "median (min-max)", n if below 5 or not the
# runs (more samples: tftp_host.sh's rounds), fails.
cell() {
	local k="$1|$2|$3" s
	if ! has "$1" "$2" "$3"; then
		[ -n "${FAILS[$k]:-}" ] && echo "failed (${FAILS[$k]}x)" || echo "—"
		return
	fi
	local -a v
	read -r -a v <<<"${T[$k]}"
	s="$(sec "${v[1]}") ($(sec "${v[2]}")–$(sec "${v[3]}"))"
	{ [ "${v[0]}" -lt 5 ] || [ "${v[0]}" != "$(meta runs)" ]; } && s="$s, n=${v[0]}"
	[ -n "${FAILS[$k]:-}" ] && s="$s, ${FAILS[$k]} failed"
	echo "$s"
}
mbps() { calc "%.1f" "$1 / 1000000 / $(med "$2" "$3" "$1")"; }
# configs GROUP: its configurations in the order they ran first.
configs() {
	local key seen=" "
	for key in "${TKEYS[@]}"; do
		IFS='|' read -r g c _ <<<"$key"
		[ "$g" = "$1" ] || continue
		case $seen in *" $c|"*) continue ;; esac
		seen="$seen $c|"
		echo "$c"
	done
}
# sizes GROUP: its sizes in bytes, ascending.
sizes() {
	local key
	for key in "${TKEYS[@]}"; do
		IFS='|' read -r g _ b <<<"$key"
		if [ "$g" = "$1" ]; then echo "$b"; fi
	done | sort -nu
}
mib() { echo $(($1 / 1048576)); }
verdict() { # RATIO OP TARGET
	if awk "BEGIN { exit !($1 $2 $3) }"; then echo "met"; else echo "**not met**"; fi
}

guest_line() {
	if [ -z "${META[guest_kernel]:-}" ]; then
		echo "not run"
		return
	fi
	echo "$(meta accel); $(meta guest_cpus) vCPUs ($(meta guest_cpu))," \
		"$(($(meta guest_mem_kb | tr -dc 0-9) / 1024)) MiB, TCG threads: $(meta tcg_thread)"
}

cat <<EOF
# Benchmarks

Written by \`make bench\` (scripts/bench.sh); a new run replaces everything
above the notes at the end. Benchmarks are not tests: nothing here is
asserted by \`make check\`.

## This run

| | |
|---|---|
| date | $(meta date) |
| commit | $(meta commit) |
| mode | $(meta mode) |
| host CPU | $(meta host_cpu), $(meta host_cores) cores |
| host kernel | $(meta host_kernel) |
| host load | load average $(meta load_start) at the start, $(meta load_end) at the end; $(meta load_note) |
| guest | $(guest_line) |
| guest kernel | $(meta guest_kernel) |
| shash drivers (\`imgauthctl system\`) | $(meta shash) |
| flash | $(meta flash) (mtdram, 64 KiB erase blocks) |
| peers | $(meta peers) |

Each figure is the median of the runs (n = $(meta runs) unless a cell says
otherwise) with min–max in brackets; within a run the configurations go one
after another, so ours and its peers see the same load. MB/s is 10^6 bytes
a second. A ratio is ours/peer of the medians of the same run: for TFTP a
throughput ratio (higher is better), for installs a time ratio (lower is
better).

EOF

tftp_section() {
	local server=$1 target=$2 label=$3 b c cfgs
	local -a szs
	mapfile -t szs < <(sizes "tftp/$server")
	[ ${#szs[@]} -gt 0 ] || return 0
	mapfile -t cfgs < <(configs "tftp/$server")
	echo "### From $label"
	echo
	printf '| client, options |'
	for b in "${szs[@]}"; do printf ' %s MiB: s | MB/s |' "$(mib "$b")"; done
	printf '\n|---|'
	for b in "${szs[@]}"; do printf -- '---:|---:|'; done
	echo
	for c in "${cfgs[@]}"; do
		printf '| %s |' "$c"
		for b in "${szs[@]}"; do
			if has "tftp/$server" "$c" "$b"; then
				printf ' %s | %s |' "$(cell "tftp/$server" "$c" "$b")" \
					"$(mbps "$b" "tftp/$server" "$c")"
			else
				printf ' %s | |' "$(cell "tftp/$server" "$c" "$b")"
			fi
		done
		echo
	done
	echo
	echo "| size | ours default | ours best | best peer | default/peer | best/peer | ceiling | target | |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
	for b in "${szs[@]}"; do
		local best="" bm="" peer="" pm="" floor="" fm="" m
		for c in "${cfgs[@]}"; do
			has "tftp/$server" "$c" "$b" || continue
			m=$(med "tftp/$server" "$c" "$b")
			case $c in
			floor*)
				if [ -z "$floor" ] || awk "BEGIN { exit !($m < $fm) }"; then
					floor=$c fm=$m
				fi ;;
			imgauthctl*)
				if [ -z "$best" ] || awk "BEGIN { exit !($m < $bm) }"; then
					best=$c bm=$m
				fi ;;
			*)
				if [ -z "$peer" ] || awk "BEGIN { exit !($m < $pm) }"; then
					peer=$c pm=$m
				fi ;;
			esac
		done
		if ! has "tftp/$server" "imgauthctl default" "$b" || [ -z "$peer" ]; then
			continue
		fi
		local dm rd rb rc="—" reach=""
		dm=$(med "tftp/$server" "imgauthctl default" "$b")
		rd=$(calc "%.2f" "$pm / $dm")
		rb=$(calc "%.2f" "$pm / $bm")
		if [ -n "$floor" ]; then
			rc=$(calc "%.2f" "$pm / $fm")
			# A target missed that a client storing nothing
			# would miss too.
			awk "BEGIN { exit !($pm / $bm < $target && $pm / $fm < $target) }" &&
				reach="; above this run's ceiling (${rc}×)"
			rc="${rc}×"
		fi
		echo "| $(mib "$b") MiB | $(mbps "$b" "tftp/$server" "imgauthctl default") MB/s" \
			"| $(mbps "$b" "tftp/$server" "$best") MB/s (${best#imgauthctl }) " \
			"| $(mbps "$b" "tftp/$server" "$peer") MB/s ($peer) | ${rd}× | ${rb}× | $rc " \
			"| ≥ ${target}× | default: $(verdict "$rd" ">=" "$target"), best: $(verdict "$rb" ">=" "$target")$reach |"
	done
	echo
}

echo "## TFTP get on the host, 127.0.0.1"
echo
if [ -n "$(sizes tftp/atftpd)$(sizes tftp/hpa)" ]; then
	cat <<EOF
\`imgauthctl tftp get\` with its defaults (blksize 65464, windowsize 16) and
other window sizes, against \`tftp -m binary\` (tftp-hpa 5.2: no blksize
option, so 512-byte blocks), atftp with blksize 65464, alone and with
windowsize 4 and 16 (against atftpd only: tftpd-hpa has no windowsize),
and curl with \`--tftp-blksize 65464\`; at 12 MiB also atftp and curl
with no options (512-byte blocks, lock-step), for scale. Each transfer is
a fresh process writing to tmpfs, timed from its fork to its exit by
\`ia-time\` (tests/bench/ia_time.c), which also kills a stalled one; a
time includes the start and, for imgauthctl, the dally after its last ACK
(RFC 1350: it stays to answer a repeated final DATA; its first probe,
0.1 ms later, draws the ICMP port unreachable that ends it).

The floor is \`ia-tftp-floor\` (tests/bench/ia_tftp_floor.c), a client
that keeps nothing it receives: no file, no copy, no checks, no dally,
lock-step and, from atftpd, with windowsize 64 as well: about what the
server and the loopback deliver at most. The **ceiling** is best
peer/floor, about the highest ratio a client could show in this run; a
target above it is out of reach against that peer, here and at that
size. An estimate, not a bound: the scheduler has a say (a client that
sleeps between blocks shares a CPU with the server, which a spinning one
does not), and a client that works between lock-step blocks has beaten
the floor at 100 MiB. Single transfers of this size scatter by tens
of percent on a shared host, so on loopback at 16 MiB or less each run
goes round the configurations $(meta tftp_rounds) times, the later rounds
with only the 64 KiB-block clients that do not stall (imgauthctl, atftp
and curl with no window, the floor): their cells say how many samples
(n).
"Best peer" is the peer configuration with the lowest median.

EOF
	tftp_section atftpd 2 "atftpd $(meta atftpd_version) (RFC 7440 windowsize)"
	tftp_section hpa 1 "tftpd-hpa $(meta hpa_version)"
else
	echo "Not measured in this run."
	echo
fi

if [ -n "$(sizes tftp/atftpd_rtt)$(sizes tftp/hpa_rtt)" ]; then
	cat <<EOF
### Through a $(meta tftp_rtt_ms) ms round trip

On loopback a datagram arrives at once, so a window of blocks has no
latency to hide: every client above is bound by copying. Here the same
servers sit behind \`ia-tftp-fault --delay\` (tests/tools/ia_tftp_fault.c,
on 127.0.0.1 too), which delivers every datagram, each way, half the round
trip late and in order, as a LAN across a few switches or a short WAN
link would. A lock-step client pays the round trip once a block; a
window of 16 pays it once in 16. The proxy copies every datagram once
more, for every client alike. 512-byte clients (tftp-hpa, the defaults)
would take about a minute here and are left out.

EOF
	tftp_section atftpd_rtt 2 "atftpd $(meta atftpd_version), $(meta tftp_rtt_ms) ms round trip"
	tftp_section hpa_rtt 1 "tftpd-hpa $(meta hpa_version), $(meta tftp_rtt_ms) ms round trip"
fi

# install_section GROUP TARGET TITLE: ours v1, v2 against the peer.
install_section() {
	local group=$1 target=$2 b c peer
	b=$(sizes "$group" | tail -n 1)
	[ -n "$b" ] || { echo "Not measured in this run."; echo; return; }
	echo "| configuration | $(mib "$b") MiB: s | MB/s |"
	echo "|---|---:|---:|"
	for c in $(configs "$group" | tr ' ' '~'); do
		c=${c//\~/ }
		echo "| $c | $(cell "$group" "$c" "$b") | $(mbps "$b" "$group" "$c") |"
		case $c in peer*) peer=$c ;; esac
	done
	echo
	echo "| ratio | time ours/peer | target | |"
	echo "|---|---:|---|---|"
	for c in "ours v1" "ours v2"; do
		if ! has "$group" "$c" "$b" || ! has "$group" "$peer" "$b"; then
			continue
		fi
		local r
		r=$(calc "%.2f" "$(med "$group" "$c" "$b") / $(med "$group" "$peer" "$b")")
		echo "| $c / $peer | ${r}× | ≤ ${target}× | $(verdict "$r" "<=" "$target") |"
	done
	echo
}

echo "## Install of a local image, in the guest"
echo
cat <<EOF
\`imgauthctl image install FILE\` of a signed image (1024-bit DSA, SHA-1
signature digest; v2's chunks SHA-256) from tmpfs onto mtdram, against
the peer pipeline \`openssl dgst -sha1 -verify\` of the signed bytes then
\`flashcp\` (erase, program, read back and compare) of the image, on a
second partition of the same mtdram. The peer gets the signed bytes and
the signature as separate files, made on the host: its best case.

EOF
install_section install 1.0

echo "## End to end over TFTP, in the guest"
echo
cat <<EOF
\`imgauthctl image install tftp://127.0.0.1:PORT/IMAGE\` from in.tftpd
(tftpd-hpa) on the guest's loopback, against the best peer client there,
atftp with blksize 65464 (tftp-hpa's 512-byte blocks are slower; curl is
not in the guest), followed by cutting off the signature, \`openssl dgst
-sha1 -verify\` and \`flashcp\`, one after another. The TFTP gets alone
are below the ratios.

EOF
install_section tftp_install 0.5
b=$(sizes tftp_get | tail -n 1)
if [ -n "$b" ]; then
	echo "| TFTP get alone | $(mib "$b") MiB: s | MB/s |"
	echo "|---|---:|---:|"
	for c in $(configs tftp_get | tr ' ' '~'); do
		c=${c//\~/ }
		echo "| $c | $(cell tftp_get "$c" "$b") | $(mbps "$b" tftp_get "$c") |"
	done
	echo
fi

echo "## Scale: install time and memory against image size, in the guest"
echo
mapfile -t szs < <(sizes scale)
if [ ${#szs[@]} -gt 0 ]; then
	echo "| size | v1: s | v1 s/MiB | v2: s | v2 s/MiB |"
	echo "|---:|---:|---:|---:|---:|"
	for b in "${szs[@]}"; do
		printf '| %s MiB |' "$(mib "$b")"
		for c in "ours v1" "ours v2"; do
			if has scale "$c" "$b"; then
				printf ' %s | %s |' "$(cell scale "$c" "$b")" \
					"$(calc "%.3f" "$(med scale "$c" "$b") / $(mib "$b")")"
			else
				printf ' %s | |' "$(cell scale "$c" "$b")"
			fi
		done
		echo
	done
	echo
	# Least squares t = a + b * MiB over the medians, and how far the
	# worst size is from the line.
	for c in "ours v1" "ours v2"; do
		pts=""
		for b in "${szs[@]}"; do
			if has scale "$c" "$b"; then
				pts="$pts $(mib "$b") $(med scale "$c" "$b")"
			fi
		done
		[ -n "$pts" ] || continue
		echo "$pts" | awk -v c="$c" '{
			n = NF / 2
			for (i = 1; i <= n; i++) {
				x[i] = $(2 * i - 1); y[i] = $(2 * i)
				sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i]
			}
			d = n * sxx - sx * sx
			if (n < 2 || d == 0) { printf "* %s: one size only, no fit.\n", c; exit }
			b = (n * sxy - sx * sy) / d; a = (sy - b * sx) / n
			for (i = 1; i <= n; i++) {
				r = y[i] - (a + b * x[i]); r = r < 0 ? -r : r
				if (r / y[i] > w) { w = r / y[i]; wx = x[i] }
			}
			# Growth exponent k (time ~ size^k) from the second size (the
			# first has mostly fixed cost) to the last: 1 is linear, below
			# 1 the fixed cost still shows.
			f = n > 2 ? 2 : 1
			k = log(y[n] / y[f]) / log(x[n] / x[f])
			printf "* %s: least squares time = %.3f s + %.4f s/MiB × size (the worst size, %d MiB, %.0f%% off it); from %d to %d MiB time grows as size^%.2f: %s.\n",
				c, a, b, wx, 100 * w, x[f], x[n], k,
				k <= 1.1 ? "linear or better" : "**faster than linear**"
		}'
	done
	echo
else
	echo "Not measured in this run."
	echo
fi

if [ ${#M[@]} -gt 0 ]; then
	cat <<EOF
Memory, watched during separate installs (not the timed ones) by
tests/bench/ia_memwatch.c, which polls /proc/meminfo every millisecond:
the largest rise, over the value just before the install, of Slab +
VmallocUsed (kmalloc of any size and vmalloc: what imgauth allocates) and
of kernel-used (MemTotal − MemFree − Buffers − Cached − AnonPages: also
page tables, stacks and pages taken directly, but also user pages not yet
counted as AnonPages while the tool faults in a large buffer), and the
tool's peak RSS (ru_maxrss from wait4). Medians over $(meta mem_runs) runs,
min–max in brackets, KiB.

| size | v1: Slab+vmalloc rise | v1: kernel-used rise | v1: tool peak RSS | v2: Slab+vmalloc rise | v2: kernel-used rise | v2: tool peak RSS |
|---:|---:|---:|---:|---:|---:|---:|
EOF
	for b in "${szs[@]}"; do
		printf '| %s MiB |' "$(mib "$b")"
		for c in "ours v1" "ours v2"; do
			mrow=${M["$c|$b"]:-}
			if [ -z "$mrow" ]; then printf ' — | — | — |'; continue; fi
			read -r -a x <<<"$mrow"
			printf ' %s (%s–%s) | %s (%s–%s) | %s (%s–%s) |' "${x[4]}" "${x[5]}" "${x[6]}" \
				"${x[1]}" "${x[2]}" "${x[3]}" "${x[7]}" "${x[8]}" "${x[9]}"
		done
		echo
	done
	echo
	# Flat: the medians over the sizes spread by at most 1 MiB.
	for c in "ours v1" "ours v2"; do
		for what in "4 kernel memory (Slab+vmalloc)" "1 kernel-used" "7 tool peak RSS"; do
			i=${what%% *}
			vals=""
			for b in "${szs[@]}"; do
				mrow=${M["$c|$b"]:-}
				[ -n "$mrow" ] || continue
				read -r -a x <<<"$mrow"
				vals="$vals ${x[$i]}"
			done
			[ -n "$vals" ] || continue
			echo "$vals" | awk -v c="$c" -v w="${what#* }" '{
				lo = hi = $1
				for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
				printf "* %s, %s: %d–%d KiB over the sizes, a spread of %d KiB: %s.\n",
					c, w, lo, hi, hi - lo, hi - lo <= 1024 ? "flat within 1 MiB" : "**not flat** within 1 MiB"
			}'
		done
	done
	echo
fi

cat <<EOF
## Method

* \`make bench\` runs scripts/bench.sh: the host part
  (tests/bench/tftp_host.sh) and the guest part (tests/bench/guest.sh in
  QEMU by scripts/vmrun, images from tests/bench/guest_prep.sh), raw lines
  in build/bench/raw.tsv, summaries by tests/bench/stats.awk, this file by
  tests/bench/report.sh. \`IMGAUTH_BENCH_RUNS\` (default 5) sets the runs,
  \`IMGAUTH_BENCH_QUICK=1\` a 1 MiB, one-run smoke mode,
  \`IMGAUTH_BENCH_GUEST=0\` skips the guest, \`IMGAUTH_BENCH_OUT\` writes
  elsewhere.
* Payloads are random. Files live in tmpfs on both sides; a transfer
  counts only when the file arrived whole.
* Under TCG the guest's absolute times are those of an emulated CPU (a
  few MB/s): compare ratios, not seconds, with real hardware. Both sides
  of each guest ratio run in the same guest, on the same mtdram.
* The machine is shared (2 cores, other jobs running, see the load
  above): the min–max show how much a figure moved.

$NOTES_MARK
EOF
if [ -n "$OLD" ] && [ -f "$OLD" ] && grep -qxF "$NOTES_MARK" "$OLD"; then
	sed "1,/^$NOTES_MARK\$/d" "$OLD"
fi
