// SPDX-License-Identifier: GPL-2.0
/*
 * Sending a file (WRQ), read from its descriptor as it goes: only the
 * window in flight is in memory, in a ring of blocks.
 *
 * An ACK moves the window; a duplicate ACK never sends anything (RFC
 * 1123 4.2.3.1).  An ACK inside the window is the receiver's hole report
 * (RFC 7440) and has us send again from there, unless it may be the
 * receiver's answer to blocks we sent twice: those only move the window.
 *
 * When the end of a full window is lost again and again (the receiver's
 * buffer holds fewer blocks than the window: atftpd with 64 KiB blocks
 * holds three), the window must shrink.  RFC 7440 receivers acknowledge
 * only full windows, so a smaller window is asked for: the transfer
 * starts over early on, with the window that got through.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tftp_xfer.h"

/* A restart is worth it only this early (blocks acknowledged, in windows). */
#define RESTART_WINDOWS		8
/* Windows that needed the timer in a row before the window is halved. */
#define TIMER_STREAK_MAX	3

struct putter {
	int fd;
	bool rewindable;	/* may start over (a regular file) */
	uint8_t *ring;		/* window blocks of blksize */
	size_t *len;		/* their lengths */
	unsigned int slots;
	uint64_t base;		/* first block not acknowledged */
	uint64_t next;		/* next block to send */
	uint64_t read;		/* blocks read from fd */
	uint64_t last;		/* the final, short block; 0: not read yet */
	uint64_t total;		/* bytes in the file, once last is known */
	uint64_t retx_hi;	/* highest block sent more than once */
	uint64_t timer_base;	/* base when the timer resent; 0: not since */
	uint64_t timer_flight;	/* blocks in flight then */
	uint64_t streak_base;	/* base at the last timer, for the streak */
	unsigned int streak;	/* windows in a row that needed the timer */
	uint64_t through[2];	/* how much of the last two of them got through */
};

static uint8_t *slot(const struct xfer *x, struct putter *w, uint64_t k)
{
	return w->ring + (size_t)((k - 1) % w->slots) * x->blksize;
}

/* The window is known (OACK, or ACK 0 from a server without options). */
static int put_begin(struct xfer *x, struct putter *w)
{
	w->slots = x->window;
	w->ring = malloc((size_t)w->slots * x->blksize);
	w->len = calloc(w->slots, sizeof(*w->len));
	if (!w->ring || !w->len)
		return xfer_fail(x, -ENOMEM, "out of memory for a window of %u blocks",
				 w->slots);
	return 0;
}

/* Read block @k (the next one in the file) into its slot. */
static int read_block(struct xfer *x, struct putter *w, uint64_t k)
{
	uint8_t *p = slot(x, w, k);
	size_t got = 0;

	while (got < x->blksize) {
		ssize_t n = read(w->fd, p + got, x->blksize - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return xfer_fail(x, -errno, "reading the file: %s",
					 strerror(errno));
		if (n == 0)
			break;
		got += (size_t)n;
	}
	w->len[(k - 1) % w->slots] = got;
	w->read = k;
	if (got < x->blksize) {
		w->last = k;
		w->total = (k - 1) * x->blksize + got;
	}
	return 0;
}

static int send_block(struct xfer *x, struct putter *w, uint64_t k)
{
	uint8_t hdr[TFTP_HDR_LEN];
	int ret;

	if (k > w->read) {
		ret = read_block(x, w, k);
		if (ret)
			return ret;
	}
	tftp_pkt_data_hdr(hdr, (uint16_t)k);
	return xfer_send(x, hdr, sizeof(hdr), slot(x, w, k),
			 w->len[(k - 1) % w->slots]);
}

/* Send what the window allows past w->next. */
static int put_fill(struct xfer *x, struct putter *w)
{
	while ((!w->last || w->next <= w->last) &&
	       w->next < w->base + x->window) {
		int ret = send_block(x, w, w->next);

		if (ret)
			return ret;
		w->next++;
	}
	return 0;
}

/* Ask again with @window blocks, if starting over is possible and cheap. */
static int shrink(struct xfer *x, struct putter *w, uint64_t window)
{
	if (window < 1)
		window = 1;
	if (window >= x->window || !w->rewindable ||
	    w->base - 1 > (uint64_t)RESTART_WINDOWS * x->window)
		return 0;
	xfer_note(x, "the server lost the end of each window of %u blocks; asking for %llu",
		  x->window, (unsigned long long)window);
	xfer_send_error(x, TFTP_EUNDEF, "Restarting with a smaller window");
	x->want_window = (unsigned int)window;
	return RETRY_WINDOW;
}

/*
 * The first ACK after the timer resent a full window tells how much of
 * it got through.  The same part, short of the whole, in two windows in a
 * row is a receiver that holds no more: random loss does not hit the same
 * place twice.
 */
static int after_timer(struct xfer *x, struct putter *w, uint64_t acked)
{
	w->timer_base = 0;
	if (w->timer_flight != x->window)
		return 0;
	w->through[0] = w->through[1];
	w->through[1] = acked;
	if (w->streak >= 2 && acked < x->window && w->through[0] == acked)
		return shrink(x, w, acked);
	return 0;
}

static void count_bytes(struct xfer *x, struct putter *w)
{
	x->st->blocks = w->base - 1;
	x->st->bytes = w->last && w->base > w->last ? w->total :
		       (w->base - 1) * x->blksize;
	progress_update(&x->prog, x->st->bytes);
}

/*
 * An ACK: block numbers wrap at 65536, so map it into the window that is
 * in flight.  The ACK before it (base - 1) is a duplicate: ignored.
 */
static int put_ack(struct xfer *x, struct putter *w, uint16_t block)
{
	uint16_t d = (uint16_t)(block - (uint16_t)(w->base - 1));
	int ret;

	if (d == 0 || d > w->next - w->base)
		return XFER_IDLE;
	if (w->timer_base) {
		ret = after_timer(x, w, d);
		if (ret)
			return ret;
	}
	w->base += d;
	count_bytes(x, w);
	if (w->last && w->base > w->last)
		return XFER_DONE;
	if (w->base < w->next && w->base - 1 > w->retx_hi) {
		/* A hole report: what follows it was dropped. */
		w->retx_hi = w->next - 1;
		w->next = w->base;
	}
	ret = put_fill(x, w);
	return ret ? ret : XFER_PROGRESS;
}

static int put_packet(struct xfer *x, void *ctx, const struct tftp_pkt *p)
{
	struct putter *w = ctx;
	int ret;

	switch (p->opcode) {
	case TFTP_ERROR:
		return xfer_server_error(x, p);
	case TFTP_OACK:
		if (x->started)
			return XFER_IDLE;
		ret = xfer_negotiate(x, p);
		break;
	case TFTP_ACK:
		if (x->started)
			return put_ack(x, w, p->block);
		if (p->block != 0)
			return xfer_illegal(x, "ACK of a block not sent");
		xfer_begin_defaults(x);
		ret = 0;
		break;
	default:
		return xfer_illegal(x, "unexpected packet during a write");
	}
	if (!ret)
		ret = put_begin(x, w);
	if (!ret)
		ret = put_fill(x, w);
	return ret ? ret : XFER_PROGRESS;
}

/*
 * The timer: the window again from its start.  A receiver that tells
 * nothing of what got through still gets a smaller window after
 * TIMER_STREAK_MAX windows in a row needed the timer.
 */
static int put_resend(struct xfer *x, void *ctx)
{
	struct putter *w = ctx;
	int ret;

	if (w->streak_base != w->base) {
		bool in_row = w->streak_base && w->base > w->streak_base &&
			      w->base - w->streak_base <= x->window;

		w->streak = in_row ? w->streak + 1 : 1;
		if (!in_row)
			w->through[1] = 0;
		w->streak_base = w->base;
		if (w->streak >= TIMER_STREAK_MAX) {
			ret = shrink(x, w, x->window / 2);
			if (ret)
				return ret;
		}
	}
	w->timer_base = w->base;
	w->timer_flight = w->next - w->base;
	if (w->next - 1 > w->retx_hi)
		w->retx_hi = w->next - 1;
	w->next = w->base;
	return put_fill(x, w);
}

int tftp_put_loop(struct xfer *x, int fd, bool rewindable)
{
	struct putter w = {
		.fd = fd, .rewindable = rewindable, .base = 1, .next = 1,
	};
	const struct xfer_side side = {
		.packet = put_packet, .resend = put_resend, .ctx = &w,
	};
	int ret = xfer_loop(x, &side);

	free(w.ring);
	free(w.len);
	return ret;
}
