#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The client against a scripted server (python3, host only) that does
# what real servers rarely do on loopback: refuse the option request
# with ERROR 8, send a bad OACK (unknown option, blksize raised), repeat
# every DATA or ACK (the client must not answer duplicates: Sorcerer's
# Apprentice), leave a hole in a window (RFC 7440: ACK the last in-order
# block once), send from a stranger port (ERROR 5, transfer goes on),
# fall silent (retransmit on the timer only, then give up), oversized
# DATA, and the overall deadline.  Every scenario checks what the client
# sent, packet by packet, from the server's log.
# Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftp_scenario.sh

cat > "$SCEN_PY" <<'EOF'
import os, socket, struct, sys, time
sys.path.insert(0, os.environ['TFTPSRV_LIB'])
from tftpsrv import *

content = open(datafile, 'rb').read()
op, opts, peer = req(ls)
t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t.bind(('127.0.0.1', 0))

if scen == 'err8':
    error(t, peer, 8, 'options not supported here')
    op, opts, peer = req(ls)
    t2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t2.bind(('127.0.0.1', 0))
    serve(t2, peer, content)
elif scen == 'err1':
    error(t, peer, 1, 'File not found')
    ls.settimeout(1)
    try:
        req(ls)
    except socket.timeout:
        pass
elif scen == 'oack_unknown':
    oack(t, peer, blksize=512, foo=1)
    recv(t)
elif scen == 'oack_raise':
    oack(t, peer, blksize=int(opts['blksize']) + 1)
    recv(t)
elif scen == 'oack_dup':
    oack(t, peer, blksize=512, tsize=len(content))
    oack(t, peer, blksize=512, tsize=len(content))
    op, n, _ = recv(t)
    serve(t, peer, content)
elif scen == 'oack_tsize0':
    # Echoes the request's tsize 0, as servers that do not know a
    # file's size do.
    oack(t, peer, blksize=512, tsize=0)
    recv(t)
    serve(t, peer, content)
elif scen == 'dup_data':
    serve(t, peer, content, dup=True)
elif scen == 'stranger':
    data(t, peer, 1, content[:512])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    data(s, peer, 2, b'evil' * 128)
    s.settimeout(3)
    pkt, _ = s.recvfrom(1000)
    L('stranger got', struct.unpack('!HH', pkt[:4]), pkt[4:-1].decode())
    recv(t)
    serve(t, peer, content, start=2)
elif scen == 'gap':
    oack(t, peer, blksize=512, windowsize=4, tsize=len(content))
    recv(t)
    serve(t, peer, content, win=4, skip={2, 7})
elif scen == 'silent':
    ls.settimeout(2.5)
    try:
        while True:
            req(ls)
    except socket.timeout:
        pass
elif scen == 'stall':
    serve(t, peer, content, stop_after=1, patience=2.5)
elif scen == 'oversize':
    serve(t, peer, content, oversize=True)
elif scen == 'slow':
    serve(t, peer, content, delay=0.4, patience=0.5)
elif scen == 'full':
    oack(t, peer, blksize=8192, tsize=len(content))
    recv(t)
    serve(t, peer, content, bs=8192)
elif scen == 'full_last':
    oack(t, peer, blksize=8192, tsize=len(content))
    recv(t)
    serve(t, peer, content, bs=8192)
    recv(t, 1.0)
elif scen == 'put_dupack':
    t.sendto(struct.pack('!HH', 4, 0), peer)
    t.sendto(struct.pack('!HH', 4, 0), peer)
    receive(t, peer, dupack=True)
elif scen == 'put_gap':
    oack(t, peer, blksize=512, windowsize=4, tsize=opts['tsize'])
    receive(t, peer, win=4, early_ack=2)
elif scen == 'put_data':
    data(t, peer, 1, b'x')
    recv(t)
L('exit')
EOF

# ERROR 8 to the option request: one more request, plain; the data then.
scenario err8 0 1500 && {
	count err8 "req 1 file opts=blksize,tsize,windowsize" 1
	count err8 "req 1 file opts=none" 1
	count err8 "done" 1
	same_as_sent err8 "$W/got"
}
# ERROR 1 is final: no second request.
scenario err1 3 100 && {
	count err1 "req 1 file opts=blksize,tsize,windowsize" 1
	grep -c '^req' "$W/log" | grep -qx 1 || fail "err1: request repeated"
	contains err1 "$W/err" "server: File not found (TFTP error 1)"
	[ -e "$W/got" ] && fail "err1: output file created"
}
# An OACK with an option not asked for, or blksize raised: ERROR 8.
scenario oack_unknown 8 100 --windowsize 2 && {
	count oack_unknown "got ERROR 8" 1
	contains oack_unknown "$W/err" '"foo"'
}
scenario oack_raise 8 100 && {
	count oack_raise "got ERROR 8" 1
	contains oack_raise "$W/err" "invalid value 65465"
}
# tsize 0 in an OACK to a read says nothing about the size (the request's
# 0 echoed): the file arrives whole, as from a server without tsize.
scenario oack_tsize0 0 3000 && {
	count oack_tsize0 "done" 1
	same_as_sent oack_tsize0 "$W/got"
}
# A repeated OACK is not acknowledged twice.
scenario oack_dup 0 2000 && {
	count oack_dup "got ACK 0" 1
	same_as_sent oack_dup "$W/got"
}
# Every DATA twice: still one ACK per block, the timer never fires.
scenario dup_data 0 5000 --no-options && {
	for b in 1 2 3 4 5 6 7 8 9 10; do
		count dup_data "got ACK $b" 1
	done
	count dup_data "timeout" 0
	same_as_sent dup_data "$W/got"
}
# A stranger's DATA: ERROR 5 to it, its payload not taken, transfer on.
scenario stranger 0 2000 --no-options && {
	count stranger "stranger got (5, 5) Unknown transfer ID" 1
	same_as_sent stranger "$W/got"
}
# Holes in windows of 4 (blocks 2 and 7 held back once): one ACK of the
# last in-order block per hole, nothing for the blocks after it.
scenario gap 0 6000 --windowsize 4 --blksize 512 && {
	count gap "got ACK 1" 1
	count gap "got ACK 6" 1
	count gap "got ACK 12" 1
	count gap "timeout" 0
	[ "$(grep -c '^got ACK' "$W/log")" = 6 ] ||
		fail "gap: ACKs $(grep '^got ACK' "$W/log" | tr '\n' ' ')"
	same_as_sent gap "$W/got"
}
# No answer: the request goes out 1 + retries times, on the timer.
scenario silent 7 100 --timeout 1 --retries 1 && {
	count silent "req 1 file opts=blksize,timeout,tsize,windowsize" 2
	contains silent "$W/err" "no answer from 127.0.0.1:"
	contains silent "$W/err" "after 1 retries"
}
# Silence after block 1: ACK 1 again on each timeout, then give up.
scenario stall 7 2000 --no-options --retries 1 && {
	count stall "got ACK 1" 2
	contains stall "$W/err" "transfer stalled: nothing from 127.0.0.1:"
}
# DATA larger than the block size: ERROR 4, failure.
scenario oversize 8 100 --no-options && {
	count oversize "got ERROR 4" 1
	contains oversize "$W/err" "DATA larger than the block size"
}
# The deadline stops a transfer that still makes progress.
scenario slow 7 10000 --no-options --deadline 1 && {
	contains slow "$W/err" "not finished within the 1 s deadline"
	[ -e "$W/got" ] && fail "slow: partial output left"
}
# The sink fails (/dev/full takes no 8192-byte block): ERROR 3 and the
# same failure as ever, but the block was acknowledged before it was
# stored, so the server could send the next one meanwhile.
SCEN_OUT=/dev/full scenario full 1 20000 && {
	count full "got ACK 0" 1
	count full "got ACK 1" 1
	count full "got ERROR 3" 1
	contains full "$W/err" "storing the data: No space left on device"
}
# The same with the last block: acknowledged, then the sink fails, and
# so does the transfer, whatever the server (done) makes of it.
SCEN_OUT=/dev/full scenario full_last 1 5000 && {
	count full_last "got ACK 1" 1
	count full_last "done" 1
	count full_last "got ERROR 3" 1
	contains full_last "$W/err" "storing the data: No space left on device"
	grep -q "tftp success" "$W/out" && fail "full_last: reported success"
}

# put: every ACK twice, yet every DATA once.
scenario put_dupack 0 3000 put --no-options && {
	for b in 1 2 3 4 5 6; do
		count put_dupack "got DATA $b" 1
	done
	same_as_sent put_dupack "$W/data.put"
	contains put_dupack "$W/out" "tftp transferred records = 6"
}
# put with windows of 4, the receiver ACKs 2 mid-window: resend from 3.
scenario put_gap 0 5000 put --windowsize 4 --blksize 512 && {
	count put_gap "got DATA 3" 2
	count put_gap "got DATA 1" 1
	same_as_sent put_gap "$W/data.put"
}
# DATA in answer to a WRQ: a protocol error.
scenario put_data 8 100 put && {
	count put_data "got ERROR 4" 1
	contains put_data "$W/err" "protocol error"
}

summary
