# SPDX-License-Identifier: GPL-2.0
"""A scripted TFTP server for the host tests (tests/lib/tftp_scenario.sh
starts it): the packets real servers rarely send on loopback, and a log
of what the client sent, packet by packet, for the test to count.

    python3 SCENARIO.py NAME PORTFILE LOGFILE DATAFILE

The scenario script imports this (from tftpsrv import *): the listening
socket ls, the log L(), and the helpers below; DATAFILE is what a get
serves, and where a put's data goes (DATAFILE.put).
"""
import os, socket, struct, sys, time

scen, portfile, logfile, datafile = sys.argv[1:5]
log = open(logfile, 'w', buffering=1)
def L(*a):
    log.write(' '.join(str(x) for x in a) + '\n')

ls = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ls.bind(('127.0.0.1', 0))
with open(portfile + '.tmp', 'w') as f:
    f.write(str(ls.getsockname()[1]))
os.rename(portfile + '.tmp', portfile)
ls.settimeout(20)

def req(sock):
    pkt, peer = sock.recvfrom(70000)
    op = struct.unpack('!H', pkt[:2])[0]
    f = pkt[2:].split(b'\0')
    opts = {f[i].decode().lower(): f[i + 1].decode()
            for i in range(2, len(f) - 2, 2)}
    L('req', op, f[0].decode(), 'opts=' + (','.join(sorted(opts)) or 'none'))
    return op, opts, peer

def oack(sock, peer, **kv):
    sock.sendto(b'\0\6' + b''.join(k.encode() + b'\0' + str(v).encode() + b'\0'
                                   for k, v in kv.items()), peer)

def error(sock, peer, code, msg):
    sock.sendto(struct.pack('!HH', 5, code) + msg.encode() + b'\0', peer)

def data(sock, peer, blk, payload):
    sock.sendto(struct.pack('!HH', 3, blk & 0xffff) + payload, peer)

def recv(sock, t=3.0):
    sock.settimeout(t)
    try:
        pkt, src = sock.recvfrom(70000)
    except socket.timeout:
        return None, None, None
    op, n = struct.unpack('!HH', pkt[:4])
    L('got', {3: 'DATA', 4: 'ACK', 5: 'ERROR'}.get(op, op), n)
    return op, n, pkt[4:]

def serve(sock, peer, content, bs=512, win=1, dup=False, skip=(), delay=0.0,
          oversize=False, stop_after=None, start=1, patience=3.0):
    """Send content in windows; resend a window only on timeout."""
    nblk = len(content) // bs + 1
    base, skipped, timeouts = start, set(), 0
    while base <= nblk and timeouts < 3:
        for k in range(base, min(base + win, nblk + 1)):
            if k in skip and k not in skipped:
                skipped.add(k)
                continue
            if stop_after is not None and k > stop_after:
                break
            p = content[(k - 1) * bs:k * bs]
            if oversize:
                p = p + b'x' * (bs + 10 - len(p))
            data(sock, peer, k, p)
            if dup:
                data(sock, peer, k, p)
            time.sleep(delay)
        op, n, _ = recv(sock, patience)
        if op is None:
            if stop_after is not None:
                # keep counting the client's retransmits
                while recv(sock, patience)[0] is not None:
                    pass
                return
            L('timeout')
            timeouts += 1
            continue
        if op != 4:
            return
        # map the 16-bit ACK into the window in flight
        d = (n - (base - 1)) & 0xffff
        if 1 <= d <= win:
            base += d
    L('done')

def receive(sock, peer, bs=512, win=1, dupack=False, early_ack=None):
    """Take a put; ACK every window (twice with dupack)."""
    got, expect, inwin = bytearray(), 1, 0
    while True:
        op, n, payload = recv(sock)
        if op is None:
            L('timeout'); return
        if op != 3:
            return
        if n != expect & 0xffff:
            continue
        got += payload
        expect += 1
        inwin += 1
        last = len(payload) < bs
        if early_ack and expect - 1 == early_ack:
            early_ack = None
            ack_n, inwin = expect - 1, 0
            sock.sendto(struct.pack('!HH', 4, ack_n & 0xffff), peer)
            L('sent ACK', ack_n)
            continue
        if last or inwin == win:
            inwin = 0
            for _ in range(2 if dupack else 1):
                sock.sendto(struct.pack('!HH', 4, (expect - 1) & 0xffff), peer)
        if last:
            open(datafile + '.put', 'wb').write(got)
            L('done')
            return
