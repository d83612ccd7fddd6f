// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving a file (RRQ): blocks in order to the sink, an ACK per window
 * (RFC 7440), and after the last one a dally to answer the server should
 * our last ACK be lost.
 */
#include <errno.h>
#include <string.h>

#include "tftp_xfer.h"

/*
 * A duplicate of what we acknowledged is the server retransmitting on
 * its timer: our ACK was lost, so we send it again.  One that arrives
 * sooner than this after that ACK is an echo of it (a server answering
 * our duplicate, a network duplicate): answering those too would be the
 * receiving half of the Sorcerer's Apprentice.
 */
#define REACK_GAP_NS	(200 * 1000000ull)
/*
 * The dally probes: a repeat of the last ACK after 0.1 ms, 0.2 ms, 0.4
 * ms, ...  A server that got the first is usually gone by the first
 * probe (loopback, a LAN), and the port unreachable it draws ends the
 * dally; a slower one costs a probe per doubling, about a dozen in a
 * 1 s timeout, each an ACK the server already has and ignores.
 */
#define DALLY_PROBE_NS	(100000ull)

struct getter {
	tftp_sink_fn sink;
	void *ctx;
	uint16_t expect;	/* next block wanted */
	unsigned int inwin;	/* in-order blocks since our last ACK */
	bool gap_acked;		/* one ACK per gap, not one per stray block */
	uint64_t ack_ns;	/* when we last acknowledged */
};

static int ack(struct xfer *x, struct getter *g, uint16_t block)
{
	g->inwin = 0;
	g->ack_ns = tftp_now_ns();
	return xfer_send_ack(x, block);
}

/* More than the destination holds: stop, and stop the server too. */
static int too_large(struct xfer *x)
{
	xfer_send_error(x, TFTP_ENOSPACE, "File too large");
	return xfer_fail(x, -EFBIG, "more than %llu bytes arrived, transfer stopped",
			 (unsigned long long)x->o->max_size);
}

/*
 * Not the size the server announced (tsize): the file changed on the
 * server during the transfer, or the server is broken or lying.  What
 * arrived is not the file that was announced: stop, keep none of it.
 */
static int not_announced(struct xfer *x, uint64_t got, bool more)
{
	xfer_send_error(x, TFTP_EUNDEF, "Not the size announced");
	if (more)
		return xfer_fail(x, -EPROTO, "more than the %llu bytes the server announced (tsize) arrived, transfer stopped",
				 (unsigned long long)x->st->tsize);
	return xfer_fail(x, -EPROTO, "the transfer ended at %llu bytes, the server announced %llu (tsize)",
			 (unsigned long long)got, (unsigned long long)x->st->tsize);
}

/*
 * An in-order block: acknowledge it, then deliver it.
 *
 * The ACK, when one is due (the end of a window, the last block), goes
 * out as soon as the block is known to be acceptable and before the sink
 * runs: the sink may be slow (an install hashes and programs each chunk
 * in the kernel), and a lock-step server (tftpd-hpa has no windowsize)
 * would otherwise sit idle through it.  This way the next block travels
 * while this one is stored.  Every check on the block comes first, so
 * nothing is acknowledged that we would refuse.
 *
 * Should the sink then fail, the server hears ERROR and the transfer
 * fails exactly as when the ACK came after: the server may meanwhile
 * have sent the next block (dropped with the socket) or, after the last
 * ACK, be gone already (the ERROR is a courtesy).  The protocol state
 * (expect, inwin, ack_ns) is advanced with the ACK, so it always says
 * what the server was told; st->bytes and st->blocks count only what the
 * sink took.
 */
static int get_block(struct xfer *x, struct getter *g, const struct tftp_pkt *p)
{
	bool last = p->len < x->blksize;
	int ret;

	if (p->len > x->blksize)
		return xfer_illegal(x, "DATA larger than the block size");
	if (x->o->max_size && x->st->bytes + p->len > x->o->max_size)
		return too_large(x);
	if (x->tsize_known && x->st->bytes + p->len > x->st->tsize)
		return not_announced(x, x->st->bytes + p->len, true);
	if (x->tsize_known && last && x->st->bytes + p->len != x->st->tsize)
		return not_announced(x, x->st->bytes + p->len, false);
	g->gap_acked = false;
	if (last || ++g->inwin >= x->window) {
		ret = ack(x, g, g->expect);
		if (ret)
			return ret;
	}
	g->expect++;
	ret = g->sink(g->ctx, p->data, p->len);
	if (ret) {
		xfer_send_error(x, TFTP_ENOSPACE, "Client could not store the data");
		return xfer_fail(x, ret < 0 ? ret : -EIO, "storing the data: %s",
				 strerror(ret < 0 ? -ret : EIO));
	}
	x->st->bytes += p->len;
	x->st->blocks++;
	progress_update(&x->prog, x->st->bytes);
	return last ? XFER_DONE : XFER_PROGRESS;
}

/*
 * DATA that is not the next block.  Behind us: a duplicate, answered as
 * REACK_GAP_NS says.  Ahead: a hole in the window; RFC 7440 has us ACK
 * the last in-order block so the server restarts from there, once per
 * hole.
 */
static int get_stray(struct xfer *x, struct getter *g, uint16_t block)
{
	uint16_t ahead = (uint16_t)(block - g->expect);
	uint16_t behind = (uint16_t)(g->expect - block);

	if (behind && behind <= x->window) {
		if (tftp_now_ns() - g->ack_ns < REACK_GAP_NS)
			return XFER_IDLE;
		return ack(x, g, (uint16_t)(g->expect - 1)) ?: XFER_RESENT;
	}
	if (x->window == 1 || ahead == 0 || ahead >= x->window || g->gap_acked)
		return XFER_IDLE;
	g->gap_acked = true;
	return ack(x, g, (uint16_t)(g->expect - 1)) ?: XFER_RESENT;
}

static int get_packet(struct xfer *x, void *ctx, const struct tftp_pkt *p)
{
	struct getter *g = ctx;
	int ret;

	switch (p->opcode) {
	case TFTP_ERROR:
		return xfer_server_error(x, p);
	case TFTP_OACK:
		if (x->started) {
			/* Our ACK 0 was lost, unless this is its echo. */
			if (g->expect != 1 || tftp_now_ns() - g->ack_ns < REACK_GAP_NS)
				return XFER_IDLE;
			return ack(x, g, 0) ?: XFER_RESENT;
		}
		ret = xfer_negotiate(x, p);
		if (ret)
			return ret;
		ret = ack(x, g, 0);
		return ret ? ret : XFER_PROGRESS;
	case TFTP_DATA:
		if (!x->started)
			xfer_begin_defaults(x);
		if (p->block == g->expect)
			return get_block(x, g, p);
		return get_stray(x, g, p->block);
	}
	return xfer_illegal(x, "unexpected packet during a read");
}

static int get_resend(struct xfer *x, void *ctx)
{
	struct getter *g = ctx;

	return ack(x, g, (uint16_t)(g->expect - 1));
}

/*
 * RFC 1350 section 6: the last ACK may be lost, and the server then sends
 * its last DATA again.  Stay to answer it, up to the server's timeout
 * (ours, unless we asked for one).  A server that got the ACK is gone at
 * once: the repeats of our last ACK then draw an ICMP port unreachable,
 * which ends the dally early.  Nothing here fails the transfer.
 */
static void dally(struct xfer *x, struct getter *g)
{
	uint16_t last = (uint16_t)(g->expect - 1);
	uint64_t now = tftp_now_ns(), probe = DALLY_PROBE_NS;
	uint64_t end = now + (uint64_t)x->timeout_ms * 1000000ull;
	uint64_t next = now + probe;
	unsigned int answered = 0;

	while (now < end) {
		struct tftp_pkt p;
		ssize_t n = xfer_recv(x, next < end ? next : end, true);

		if (n == -ETIMEDOUT) {
			now = tftp_now_ns();
			if (now >= end || xfer_send_ack(x, last))
				break;
			probe *= 2;
			next = now + probe;
			continue;
		}
		if (n < 0)
			break;		/* the server's port is closed: it is done */
		/*
		 * The last DATA again: our ACK was lost, answer it.  As often
		 * as a server retransmits, and no more: one that answers
		 * every ACK with the DATA again would otherwise keep us here
		 * for the whole timeout.
		 */
		if (!tftp_pkt_parse(x->rx, (size_t)n, &p) &&
		    p.opcode == TFTP_DATA && p.block == last &&
		    (++answered > x->retries || xfer_send_ack(x, last)))
			break;
		now = tftp_now_ns();
	}
	/*
	 * The transfer succeeded: whatever the dally's end wrote there (the
	 * port unreachable that ends it) is not its error.
	 */
	if (x->errlen)
		x->err[0] = '\0';
}

int tftp_get_loop(struct xfer *x, tftp_sink_fn sink, void *ctx)
{
	struct getter g = { .sink = sink, .ctx = ctx, .expect = 1 };
	const struct xfer_side side = {
		.packet = get_packet, .resend = get_resend, .ctx = &g,
	};
	int ret = xfer_loop(x, &side);

	if (!ret)
		dally(x, &g);
	return ret;
}
