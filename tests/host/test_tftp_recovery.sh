#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How the client recovers, against a scripted server (tests/lib/tftpsrv.py)
# that loses what real servers lose on real networks: our ACK (a
# duplicate DATA is its retransmission: ACK it again at once), the last
# ACK (dally: the server sends the last DATA again, we answer), blocks
# of the large default size that never arrive (ask again for 1468-byte
# ones), a window that arrives while we are not reading (the receive
# buffer holds it: we never ask for more than it holds), a tail of a
# window dropped by an atftpd-like receiver that answers every duplicate
# (never send on a stale ACK: Sorcerer's Apprentice, RFC 1123 4.2.3.1),
# and an ERROR 0 with a reason (final) or without (a server older than
# options: ask plainly).  Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftp_scenario.sh

cat > "$SCEN_PY" <<'EOF'
import os, signal, socket, struct, sys, time
sys.path.insert(0, os.environ['TFTPSRV_LIB'])
from tftpsrv import *

content = open(datafile, 'rb').read()
op, opts, peer = req(ls)
t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t.bind(('127.0.0.1', 0))

def blocks_of(bs):
    return [content[i * bs:(i + 1) * bs] for i in range(len(content) // bs + 1)]

def drain(sock):
    """Read what the client sent meanwhile; how many packets."""
    n = 0
    sock.settimeout(0)
    try:
        while True:
            sock.recvfrom(70000)
            n += 1
    except (BlockingIOError, socket.timeout):
        pass
    return n

def client_pid():
    for _ in range(100):
        try:
            return int(open(datafile + '.pid').read())
        except (OSError, ValueError):
            time.sleep(0.01)
    raise SystemExit('no client pid')

if scen == 'err0':
    error(t, peer, 0, 'Permission denied')
    ls.settimeout(1.5)
    try:
        req(ls)
    except socket.timeout:
        pass
elif scen == 'err0_bare':
    error(t, peer, 0, '')
    op, opts, peer = req(ls)
    t2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t2.bind(('127.0.0.1', 0))
    serve(t2, peer, content)
elif scen == 'lost_ack':
    # Lock-step; our ACK 2 is "lost": the server's timer sends DATA 2 again.
    blk = blocks_of(512)
    k, lost = 1, False
    while k <= len(blk):
        data(t, peer, k, blk[k - 1])
        op, n, _ = recv(t, 5)
        if op != 4:
            L('timeout')
            break
        if n == 2 and not lost:
            lost = True
            time.sleep(0.5)
            drain(t)
            data(t, peer, 2, blk[1])
            t0 = time.time()
            op, n, _ = recv(t, 5)
            L('reack', 'fast' if op == 4 and n == 2 and time.time() - t0 < 1.0
              else 'slow')
        if n == k:
            k += 1
    L('done')
elif scen == 'lost_last_ack':
    # The ACK of the last block is "lost": the last DATA goes again.
    blk = blocks_of(512)
    for k in range(1, len(blk) + 1):
        data(t, peer, k, blk[k - 1])
        op, n, _ = recv(t, 5)
        if op != 4 or n != k:
            L('unexpected')
            break
    time.sleep(0.3)
    L('acks meanwhile', 'some' if drain(t) else 'none')
    data(t, peer, len(blk), blk[-1])
    op, n, _ = recv(t, 2)
    L('last', 'reacked' if op == 4 and n == len(blk) else 'lost')
elif scen == 'blocked':
    # Blocks larger than a frame never arrive; 1468-byte ones do.
    L('blksize', opts.get('blksize'))
    if int(opts.get('blksize', 512)) > 1468:
        oack(t, peer, blksize=opts['blksize'], tsize=len(content))
        while recv(t, 4)[0] is not None:
            pass
        op, opts, peer = req(ls)
        L('blksize', opts.get('blksize'))
        t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        t.bind(('127.0.0.1', 0))
    bs = int(opts.get('blksize', 512))
    oack(t, peer, blksize=bs, tsize=len(content))
    recv(t)
    serve(t, peer, content, bs=bs)
elif scen == 'burst':
    # A whole window while the client is stopped: its buffer must hold it.
    bs, win = int(opts['blksize']), int(opts['windowsize'])
    L('asked', 'more than 64' if win > 64 else 'at most 64')
    oack(t, peer, blksize=bs, windowsize=win)
    recv(t)
    blk = blocks_of(bs)
    pid = client_pid()
    os.kill(pid, signal.SIGSTOP)
    for k in range(1, min(win, len(blk)) + 1):
        data(t, peer, k, blk[k - 1])
    time.sleep(0.3)
    os.kill(pid, signal.SIGCONT)
    op, n, _ = recv(t)
    L('first ack', 'whole window' if n == min(win, len(blk)) else 'hole')
    serve(t, peer, content, bs=bs, win=win, start=n + 1)
elif scen == 'put_stale':
    # An atftpd-like receiver: a window of 4, block 4 lost once, and every
    # duplicate answered with an ACK of the last block in order.
    oack(t, peer, blksize=512, windowsize=4, tsize=opts['tsize'])
    got, expect, inwin, lost, count = bytearray(), 1, 0, False, {}
    while True:
        op, n, payload = recv(t)
        if op != 3:
            L('end', op)
            break
        count[n] = count.get(n, 0) + 1
        if n == 4 and not lost:
            lost = True
            continue
        if n == expect:
            got += payload
            expect += 1
            inwin += 1
            if len(payload) < 512 or inwin == 4:
                inwin = 0
                t.sendto(struct.pack('!HH', 4, expect - 1), peer)
            if len(payload) < 512:
                open(datafile + '.put', 'wb').write(got)
                break
        elif n < expect:
            inwin = 0
            t.sendto(struct.pack('!HH', 4, expect - 1), peer)
    L('most sends of a block', max(count.values()))
    L('sends', 'few' if sum(count.values()) <= len(count) + 8 else 'many')
L('exit')
EOF

# ERROR 0 with a reason is final (tftpd-hpa's "Permission denied"): one
# request, a permission error.  Bare, it is a server older than options.
scenario err0 5 100 --progress=lines && {
	grep -c '^req' "$W/log" | grep -qx 1 || fail "err0: request repeated"
	contains err0 "$W/err" "server: Permission denied (TFTP error 0)"
}
scenario err0_bare 0 1500 && {
	count err0_bare "req 1 file opts=none" 1
	same_as_sent err0_bare "$W/got"
}
# Our ACK lost: its DATA again is answered at once, not on our timer.
scenario lost_ack 0 3000 --no-options --timeout 3 && {
	count lost_ack "reack fast" 1
	same_as_sent lost_ack "$W/got"
}
# The last ACK lost: we are still there to answer the last DATA again.
scenario lost_last_ack 0 2000 --no-options && {
	count lost_last_ack "last reacked" 1
	same_as_sent lost_last_ack "$W/got"
}
# Large blocks that never arrive: two timeouts, then 1468-byte blocks.
scenario blocked 0 10000 && {
	count blocked "blksize 65464" 1
	count blocked "blksize 1468" 1
	same_as_sent blocked "$W/got"
}
# A burst of the whole window into a stopped client: nothing lost, as
# the window asked for is one the receive buffer holds.
scenario burst 0 $((20 << 20)) --blksize 65464 --windowsize 1024 && {
	count burst "first ack whole window" 1
	same_as_sent burst "$W/got"
}
# Stale ACKs (answers to our duplicates) never make us send: each block
# at most twice, a window's worth more in all.
scenario put_stale 0 10000 put --windowsize 4 --blksize 512 --timeout 1 && {
	count put_stale "most sends of a block 2" 1
	count put_stale "sends few" 1
	same_as_sent put_stale "$W/data.put"
}

summary
