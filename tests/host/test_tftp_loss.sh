#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real servers (tftpd-hpa, atftpd) behind a relay that loses, duplicates
# and reorders chosen packets in both directions (python3, host only;
# netem is not always there): get and put must still deliver the exact
# file, lock-step and with windows, recovering through retransmission on
# timeouts and RFC 7440 hole ACKs, and the packet counts must stay near
# the block count (no Sorcerer's Apprentice doubling).  The transfers
# ask for 1468-byte blocks: the losses are chosen by packet number.
# Run from the repository root.
set -u

. tests/lib/host.sh
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) ||
	{ echo "test_tftp_loss: needs python3" >&2; exit 1; }
. tests/lib/tftpd.sh

RELAY_PID=""
# shellcheck disable=SC2016	# expanded on exit
host_on_exit '[ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null'
host_on_exit tftpd_stop

cat > "$W/relay.py" <<'EOF'
# relay.py SERVER_PORT PORTFILE STATSFILE: one transfer (a request again
# starts it over: a new server TID), impaired.
import select, socket, sys, time

srv_port, portfile, statsfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lo = '127.0.0.1'
L = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)   # client's request
L.bind((lo, 0))
U = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)   # to the server
U.bind((lo, 0))
V = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)   # the server's TID, to the client
V.bind((lo, 0))
open(portfile + '.tmp', 'w').write(str(L.getsockname()[1]))
import os
os.rename(portfile + '.tmp', portfile)

# Per direction, by packet index (0 = first forwarded that way).
DROP = {'up': {4, 13, 30, 31}, 'down': {3, 11, 25, 60}}
DUP = {'up': {7, 19}, 'down': {9, 40, 41}}
HOLD = {'up': {22}, 'down': {15, 50}}	# sent after the next one
count = {'up': 0, 'down': 0}
held = {'up': None, 'down': None}
client = server_tid = None
dead = set()                            # TIDs of transfers started over

def forward(way, pkt, sock, dst):
    i = count[way]
    count[way] += 1
    if i in DROP[way]:
        return
    if i in HOLD[way]:
        held[way] = (pkt, sock, dst)
        return
    sock.sendto(pkt, dst)
    if i in DUP[way]:
        sock.sendto(pkt, dst)
    if held[way]:
        p, s, d = held[way]
        held[way] = None
        s.sendto(p, d)

last = time.time()
while time.time() - last < 8:
    r, _, _ = select.select([L, U, V], [], [], 0.5)
    for s in r:
        pkt, src = s.recvfrom(70000)
        last = time.time()
        if s is L:                      # the request, maybe again
            client = src
            if server_tid:
                dead.add(server_tid)
            server_tid = None
            forward('up', pkt, U, (lo, srv_port))
        elif s is V and src == client and server_tid:
            forward('up', pkt, U, server_tid)
        elif s is U and src not in dead:
            if server_tid is None:
                server_tid = src
            if src == server_tid and client:
                forward('down', pkt, V, client)
    # Renamed into place: the test may read it as the relay is killed.
    open(statsfile + '.tmp', 'w').write('%d %d\n' % (count['up'], count['down']))
    os.rename(statsfile + '.tmp', statsfile)
EOF

# relay NAME WANT_UP_MAX WANT_DOWN_MAX CLIENT_ARGS...: through a relay to
# the server on $TFTPD_PORT (@U@ in the arguments: the relay's URL); the
# packet counts are bounded.
relay() {
	local name=$1 upmax=$2 downmax=$3 rc up down

	shift 3
	n=$((n + 1))
	rm -f "$W/port" "$W/stats"
	"$PY" "$W/relay.py" "$TFTPD_PORT" "$W/port" "$W/stats" &
	RELAY_PID=$!
	for _ in $(seq 50); do [ -s "$W/port" ] && break; sleep 0.1; done
	U=tftp://127.0.0.1:$(cat "$W/port")
	"$T" "${@//@U@/$U}" --progress=${TFTP_TEST_PROGRESS:-none} --timeout 1 >"$W/out" 2>"$W/err"
	rc=$?
	sleep 1	# let the relay count the server's last retransmits
	kill "$RELAY_PID" 2>/dev/null
	wait "$RELAY_PID" 2>/dev/null
	RELAY_PID=""
	if [ "$rc" != 0 ]; then
		fail "$name: exit $rc"
		show "$W/out" "$W/err"
		return 1
	fi
	read -r up down < "$W/stats"
	[ -n "${TFTP_TEST_TIMES:-}" ] && echo "$name: up $up down $down, $SECONDS s" >&2
	[ "$up" -le "$upmax" ] || fail "$name: $up packets to the server, want <= $upmax"
	[ "$down" -le "$downmax" ] || fail "$name: $down packets from the server, want <= $downmax"
}

R=$W/root
mkdir -p "$R"
chmod 0777 "$R"
# 205 blocks of 1468 bytes, the last one short.
tftpd_mkfile "$R/f" 300000
cp "$R/f" "$W/src"

# Lock-step: about one ACK per DATA; a few more for the losses.
L1="--blksize 1468 --windowsize 1"
tftpd_hpa_start "$R" "" 127.0.0.1 --create || exit 1
relay "hpa get" 230 230 tftp get "@U@/f" -o "$W/got" $L1 && same "hpa get" "$R/f" "$W/got"
relay "hpa put" 230 230 tftp put "$W/src" "@U@/p1" $L1 && same "hpa put" "$W/src" "$R/p1"
tftpd_stop

# Windows of 8: a hole costs one ACK and a resent window, not a doubling.
W8="--blksize 1468 --windowsize 8"
atftpd_start "$R" "" 127.0.0.1 || exit 1
relay "atftpd get" 230 230 tftp get "@U@/f" -o "$W/got" $L1 && same "atftpd get" "$R/f" "$W/got"
relay "atftpd put" 230 230 tftp put "$W/src" "@U@/p2" $L1 && same "atftpd put" "$W/src" "$R/p2"
relay "atftpd get window 8" 60 300 tftp get "@U@/f" -o "$W/got" $W8 &&
	same "atftpd get window 8" "$R/f" "$W/got"
relay "atftpd put window 8" 300 60 tftp put "$W/src" "@U@/p3" $W8 &&
	same "atftpd put window 8" "$W/src" "$R/p3"
tftpd_stop

summary
