# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC3043 # dash has local
#
# Guest part of make bench (scripts/bench.sh runs it with scripts/vmrun;
# dash, no python): installs of signed images on mtdram, ours against the
# peer pipeline (openssl dgst -verify, then flashcp) on a second partition
# of the same mtdram, locally and over TFTP from in.tftpd on loopback, and
# install time and memory against image size.
#
#	guest.sh RUNS INSTALL_MIB "SCALE_MIB..." MEM_RUNS
#
# The images come from tests/bench/guest_prep.sh in $IMGAUTH_SHARE. Each
# timed run is one line of $IMGAUTH_SHARE/guest.tsv (tests/bench/README.md:
# "time GROUP CONFIG BYTES RUN SECONDS", "fail ...", "mem ...", "meta
# KEY VALUE"); the configurations of one run follow each other, so ours
# and the peer see the same load. Memory is watched in separate runs:
# the watcher's polling would slow the timed ones.
. "$IMGAUTH_TESTS/lib/tftpd.sh"
RUNS=$1 MIB=$2 SCALE=$3 MEM_RUNS=$4
TSV=$IMGAUTH_SHARE/guest.tsv
B=/tmp/b
LOG=/tmp/bench.log

die() {
	echo "bench guest: $*" >&2
	[ -s "$LOG" ] && tail -n 20 "$LOG" >&2
	exit 1
}

row() {
	local f
	printf '%s' "$1" >>"$TSV"
	shift
	for f in "$@"; do printf '\t%s' "$f" >>"$TSV"; done
	printf '\n' >>"$TSV"
}

# timed GROUP CONFIG BYTES RUN CMD...: one timed run, its seconds (or its
# failure) recorded; the command's output goes to $LOG.
timed() {
	local g="$1" c="$2" by="$3" r="$4" t0 t1 rc d
	shift 4
	t0=$(date +%s%N)
	"$@" >"$LOG" 2>&1
	rc=$?
	t1=$(date +%s%N)
	if [ "$rc" = 0 ]; then
		d=$((t1 - t0))
		row time "$g" "$c" "$by" "$r" "$((d / 1000000000)).$(printf '%09d' $((d % 1000000000)))"
	else
		row fail "$g" "$c" "$by" "$r" "exit $rc: $(tail -n 1 "$LOG")"
		echo "bench guest: $g $c run $r exited $rc" >&2
		tail -n 5 "$LOG" >&2
	fi
}

# One 160 MiB mtdram: imgauth bound to a 136 MiB partition (two 67 MiB
# image slots, room for the 64 MiB scale image), the peer's 16 MiB
# partition after it. Both are the same vmalloc'ed chip, so flash speed
# is equal for both sides.
setup_flash() {
	rmmod imgauth 2>/dev/null
	modprobe mtdram total_size=$((152 * 1024)) erase_size=64 || die "mtdram"
	mtdpart add /dev/mtd0 bench-imgauth 0 0x8800000 || die "mtdpart"
	mtdpart add /dev/mtd0 bench-peer 0x8800000 0x1000000 || die "mtdpart"
	IA_MTD=$(sed -n 's/^mtd\([0-9]*\):.*"bench-imgauth"$/\1/p' /proc/mtd)
	PEER_MTD=/dev/mtd$(sed -n 's/^mtd\([0-9]*\):.*"bench-peer"$/\1/p' /proc/mtd)
	insmod "$IMGAUTH_KO" mtd="$IA_MTD" || die "insmod mtd=$IA_MTD"
	imgauthctl -q key install "$B/imagekey.cer" || die "key install"
}

# The peer, locally: verify the signed bytes, then program, erase and
# verify with flashcp. The split files are made on the host (its best
# case: no split on the device).
peer_local() { # N
	openssl dgst -sha1 -verify "$B/pub.pem" -signature "$B/i$1.sig" \
		"$B/i$1.data" && flashcp "$B/i$1.v1" "$PEER_MTD"
}

# The peer end to end: fetch, cut off the signature, verify, program.
peer_tftp() { # N
	rm -f /tmp/p.img /tmp/p.sig
	n=$(($1 * 1048576 + 32))
	atftp --option "blksize 65464" -g -r "i$1.v1" -l /tmp/p.img 127.0.0.1 "$PORT" &&
		tail -c +$((n + 1)) /tmp/p.img >/tmp/p.sig &&
		head -c "$n" /tmp/p.img | openssl dgst -sha1 -verify "$B/pub.pem" \
			-signature /tmp/p.sig &&
		flashcp /tmp/p.img "$PEER_MTD"
}

get_ours() { # N
	rm -f /tmp/g
	imgauthctl -q tftp get "tftp://127.0.0.1:$PORT/i$1.v1" -o /tmp/g --progress=none
}

get_atftp() { # N
	rm -f /tmp/g
	atftp --option "blksize 65464" -g -r "i$1.v1" -l /tmp/g 127.0.0.1 "$PORT"
}

# sampled CONFIG BYTES RUN CMD...: one install under ia-memwatch
# (tests/bench/ia_memwatch.c: it polls /proc/meminfo every millisecond
# and takes the peak RSS from wait4), its rises and peak recorded.
sampled() {
	local c="$1" by="$2" r="$3" rc
	shift 3
	"$B/ia-memwatch" "$@" >/tmp/memwatch 2>"$LOG"
	rc=$?
	if [ "$rc" = 0 ]; then
		# shellcheck disable=SC2046	# its four numbers, one field each
		row mem scale "$c" "$by" "$r" $(cat /tmp/memwatch)
	else
		row fail scale "$c" "$by" "$r" "exit $rc (sampled): $(tail -n 1 "$LOG")"
	fi
}

mkdir -p "$B"
: >"$TSV"
for f in ia-memwatch imagekey.cer pub.pem "i$MIB.v1" "i$MIB.v2" "i$MIB.data" "i$MIB.sig"; do
	cp "$IMGAUTH_SHARE/$f" "$B/" || die "no $f in the share"
done
for s in $SCALE; do
	cp "$IMGAUTH_SHARE/i$s.v1" "$IMGAUTH_SHARE/i$s.v2" "$B/" || die "no i$s"
done
chmod 0644 "$B"/*
chmod 0755 "$B/ia-memwatch"
setup_flash
row meta guest_kernel "$(uname -r)"
row meta guest_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
row meta guest_cpus "$(nproc)"
row meta guest_mem_kb "$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
row meta shash "$(imgauthctl system | sed -n 's/^imgauth module .*, hashes //p')"
row meta flash "$(imgauthctl system | sed -n 's/.*Flash: //p')"
bytes=$((MIB * 1048576))

echo "bench guest: local installs of $MIB MiB, $RUNS runs" >&2
r=1
while [ "$r" -le "$RUNS" ]; do
	timed install "ours v1" "$bytes" "$r" imgauthctl -q image install "$B/i$MIB.v1"
	timed install "ours v2" "$bytes" "$r" imgauthctl -q image install "$B/i$MIB.v2"
	timed install "peer openssl+flashcp" "$bytes" "$r" peer_local "$MIB"
	r=$((r + 1))
done

echo "bench guest: installs over TFTP from in.tftpd, $RUNS runs" >&2
tftpd_hpa_start "$B" || die "in.tftpd did not start"
PORT=$TFTPD_PORT
r=1
while [ "$r" -le "$RUNS" ]; do
	timed tftp_install "ours v1" "$bytes" "$r" \
		imgauthctl -q image install "tftp://127.0.0.1:$PORT/i$MIB.v1" --progress=none
	timed tftp_install "ours v2" "$bytes" "$r" \
		imgauthctl -q image install "tftp://127.0.0.1:$PORT/i$MIB.v2" --progress=none
	timed tftp_install "peer atftp+openssl+flashcp" "$bytes" "$r" peer_tftp "$MIB"
	timed tftp_get "ours" "$bytes" "$r" get_ours "$MIB"
	timed tftp_get "atftp blksize 65464" "$bytes" "$r" get_atftp "$MIB"
	r=$((r + 1))
done
tftpd_stop
rm -f /tmp/p.img /tmp/p.sig /tmp/g

echo "bench guest: scale ($SCALE MiB), $RUNS runs" >&2
r=1
while [ "$r" -le "$RUNS" ]; do
	for s in $SCALE; do
		for f in v1 v2; do
			timed scale "ours $f" $((s * 1048576)) "$r" \
				imgauthctl -q image install "$B/i$s.$f"
		done
	done
	r=$((r + 1))
done

echo "bench guest: memory during installs, $MEM_RUNS sampled runs" >&2
r=1
while [ "$r" -le "$MEM_RUNS" ]; do
	for s in $SCALE; do
		for f in v1 v2; do
			sampled "ours $f" $((s * 1048576)) "$r" \
				imgauthctl -q image install "$B/i$s.$f"
		done
	done
	r=$((r + 1))
done
echo "bench guest: done" >&2
