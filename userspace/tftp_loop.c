// SPDX-License-Identifier: GPL-2.0
/*
 * The one retransmission loop both directions run, and what the server's
 * answers mean: errors, the OACK, a server without options.
 *
 * Retransmission is driven by our timer only: a duplicate (an ACK we
 * already had, an OACK again) never makes us send DATA, which is how the
 * Sorcerer's Apprentice bug doubles every packet for the rest of a
 * transfer (RFC 1123 4.2.3.1).  A side that answers a duplicate anyway
 * (a receiver's ACK again, XFER_RESENT) restarts the timer with it.
 */
#include <errno.h>
#include <string.h>

#include "tftp_xfer.h"

/* Backoff doubles the wait up to this multiple of the base timeout. */
#define MAX_BACKOFF_SHIFT	2

static uint64_t expiry_after(const struct xfer *x, unsigned int tries)
{
	unsigned int shift = tries < MAX_BACKOFF_SHIFT ? tries : MAX_BACKOFF_SHIFT;

	return tftp_now_ns() + ((uint64_t)x->timeout_ms << shift) * 1000000ull;
}

/* Turn a timeout of xfer_recv() into the message the user sees. */
static int timed_out(struct xfer *x, ssize_t why)
{
	char icmp[80] = "";

	if (x->icmp_err)
		snprintf(icmp, sizeof(icmp), " (last error: %s)",
			 strerror(x->icmp_err));
	if (why == -ETIME)
		return xfer_fail(x, -ETIMEDOUT, "transfer with %s not finished within the %u s deadline%s",
				 x->where, x->o->deadline, icmp);
	if (!x->started)
		return xfer_fail(x, -ETIMEDOUT, "no answer from %s after %u retries%s",
				 x->where, x->retries, icmp);
	return xfer_fail(x, -ETIMEDOUT, "transfer stalled: nothing from %s after %u retries (%llu bytes done)%s",
			 x->where, x->retries, (unsigned long long)x->st->bytes, icmp);
}

/*
 * Blocks larger than a frame travel as IP fragments; where fragments are
 * dropped, none arrives.  Two timeouts after the OACK with nothing done:
 * ask again for blocks that fit a frame.
 */
static bool blocks_blocked(const struct xfer *x, unsigned int tries)
{
	return x->started && tries >= 2 && x->blksize > TFTP_MTU_BLKSIZE &&
	       !x->st->blocks && !x->o->blksize && x->can_restart;
}

int xfer_loop(struct xfer *x, const struct xfer_side *s)
{
	uint64_t expiry = expiry_after(x, 0);
	unsigned int tries = 0;

	for (;;) {
		struct tftp_pkt p;
		ssize_t n = xfer_recv(x, expiry, false);
		int ret;

		if (n == -ETIMEDOUT || n == -ETIME) {
			if (n == -ETIME || ++tries > x->retries)
				return timed_out(x, n);
			if (blocks_blocked(x, tries))
				return RETRY_SMALL_BLOCKS;
			x->st->retransmits++;
			ret = x->started ? s->resend(x, s->ctx) :
			      xfer_send(x, x->req, x->req_len, NULL, 0);
			if (ret)
				return ret;
			expiry = expiry_after(x, tries);
			continue;
		}
		if (n < 0)
			return (int)n;
		if (tftp_pkt_parse(x->rx, (size_t)n, &p))
			return xfer_illegal(x, "malformed packet");
		ret = s->packet(x, s->ctx, &p);
		if (ret < 0)
			return ret;
		if (ret == XFER_DONE)
			return 0;
		if (ret == XFER_PROGRESS) {
			tries = 0;
			expiry = expiry_after(x, 0);
		} else if (ret == XFER_RESENT) {
			expiry = expiry_after(x, tries);
		}
	}
}

/* BSD-derived servers (tftpd-hpa) send error 0 with strerror(errno). */
static int errno_of_text(const char *text)
{
	if (!strcmp(text, strerror(EACCES)) || !strcmp(text, strerror(EPERM)))
		return -EACCES;
	if (!strcmp(text, strerror(ENOENT)))
		return -ENOENT;
	return -EPROTO;
}

/*
 * An ERROR from the server.  To a request with options it may only mean
 * that the server does not parse them: ERROR 8 (RFC 2347), or 4 or a bare
 * 0 from servers older than options; the caller then asks once more
 * without.  Anything with a reason (tftpd-hpa's "Permission denied" is
 * error 0) is final.
 */
int xfer_server_error(struct xfer *x, const struct tftp_pkt *p)
{
	const char *text = p->errmsg[0] ? p->errmsg : tftp_errstr(p->errcode);

	if (!x->started && x->with_options &&
	    (p->errcode == TFTP_EOPTNEG || p->errcode == TFTP_EBADOP ||
	     (p->errcode == TFTP_EUNDEF && !p->errmsg[0]))) {
		xfer_note(x, "server refused the options (error %u: %s); retrying without",
			  p->errcode, text);
		return RETRY_PLAIN;
	}
	xfer_fail(x, -EPROTO, "server: %s (TFTP error %u)", text, p->errcode);
	switch (p->errcode) {
	case TFTP_ENOTFOUND:
		return -ENOENT;
	case TFTP_EACCESS:
		return -EACCES;
	case TFTP_EUNDEF:
		return errno_of_text(p->errmsg);
	}
	return -EPROTO;
}

void xfer_begin_defaults(struct xfer *x)
{
	x->blksize = TFTP_BLKSIZE_RFC1350;
	x->window = 1;
	x->started = true;
	if (x->with_options)
		xfer_note(x, "server does not negotiate options: %u-byte blocks",
			  x->blksize);
}

/* More than the destination holds: say so and stop the server too. */
static int too_large(struct xfer *x, uint64_t size)
{
	xfer_send_error(x, TFTP_ENOSPACE, "File too large");
	return xfer_fail(x, -EFBIG, "the server announces %llu bytes, refused before the transfer",
			 (unsigned long long)size);
}

int xfer_negotiate(struct xfer *x, const struct tftp_pkt *p)
{
	struct tftp_optset got;
	int ret;

	if (!x->with_options)
		return xfer_illegal(x, "OACK to a request without options");
	ret = tftp_oack_parse(p->data, p->len, &x->asked, &got, x->err,
			      x->errlen);
	if (ret) {
		xfer_send_error(x, TFTP_EOPTNEG, "Option negotiation failed");
		return ret;
	}
	x->blksize = got.blksize ? got.blksize : TFTP_BLKSIZE_RFC1350;
	x->window = got.windowsize ? got.windowsize : 1;
	/*
	 * A read's tsize 0 is our request's 0 echoed by a server that does
	 * not know the size (or an empty file, which the transfer shows as
	 * well): unknown, as from a server without tsize.  Taken as an
	 * announcement, it would refuse every byte of a non-empty file.
	 */
	if (got.has_tsize && !x->put && got.tsize) {
		if (x->o->max_size && got.tsize > x->o->max_size)
			return too_large(x, got.tsize);
		x->st->tsize = got.tsize;
		x->tsize_known = true;
		progress_set_total(&x->prog, got.tsize);
	}
	x->st->options_acked = true;
	x->started = true;
	return 0;
}
