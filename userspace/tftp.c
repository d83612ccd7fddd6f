// SPDX-License-Identifier: GPL-2.0
/*
 * TFTP client: one UDP socket, poll() timeouts, no threads.
 *
 * Retransmission is driven by our timer only.  Duplicates (DATA we already
 * have, ACKs we already had) are never answered: answering them is how
 * the Sorcerer's Apprentice bug doubles every packet for the rest of the
 * transfer (RFC 1123 4.2.3.1).
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/errqueue.h>

#include "progress.h"
#include "tftp.h"
#include "tftp_pkt.h"

#define NSEC			1000000000ull
/* A 1500-byte MTU less IP, UDP and TFTP headers: no fragments. */
#define DEFAULT_BLKSIZE		1468
#define DEFAULT_BLKSIZE6	1448
#define DEFAULT_TIMEOUT		1
#define DEFAULT_RETRIES		5
/* Backoff doubles the wait up to this multiple of the base timeout. */
#define MAX_BACKOFF_SHIFT	2
#define RX_CAP			65536
#define ERR_MAX_TX		(TFTP_HDR_LEN + TFTP_ERRMSG_MAX)
/* Sentinel: the server refused the option request; ask again plainly. */
#define RETRY_PLAIN		(-ENOPROTOOPT)

struct xfer {
	const struct tftp_opts *o;
	struct tftp_stats *st;
	char *err;
	size_t errlen;
	const char *path;
	bool put;

	int fd;
	struct sockaddr_storage server;	/* where the request goes */
	socklen_t server_len;
	struct sockaddr_storage peer;	/* the server's TID, once known */
	socklen_t peer_len;
	bool have_peer;
	int icmp_err;			/* last ICMP error about the target */
	char where[INET6_ADDRSTRLEN + 16];	/* "[::1]:69" for messages */

	struct tftp_optset asked;	/* options in the current request */
	bool with_options;
	bool started;			/* the server answered: OACK/DATA/ACK */
	unsigned int blksize;
	unsigned int window;
	unsigned int timeout_ms;
	unsigned int retries;
	uint64_t start_ns;
	uint64_t deadline_ns;		/* 0: none */

	uint8_t *rx;
	uint8_t req[TFTP_REQ_MAX];
	size_t req_len;
	struct progress prog;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

static int fail(struct xfer *x, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct xfer *x, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, x->errlen, fmt, ap);
	va_end(ap);
	return ret;
}

/* A remark for the log (options dropped...); silent with no progress. */
static void note(struct xfer *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct xfer *x, const char *fmt, ...)
{
	FILE *f = x->o->log ? x->o->log : stderr;
	va_list ap;

	if (x->o->progress == TFTP_PROGRESS_NONE)
		return;
	fputs("tftp: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static void addr_name(const struct sockaddr_storage *sa, socklen_t len,
		      char *buf, size_t cap)
{
	char host[INET6_ADDRSTRLEN + 8], port[8];

	if (getnameinfo((const struct sockaddr *)sa, len, host, sizeof(host),
			port, sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV)) {
		snprintf(buf, cap, "?");
		return;
	}
	snprintf(buf, cap, sa->ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
		 host, port);
}

/* Same host, and the same port too when @port is set. */
static bool addr_eq(const struct sockaddr_storage *a,
		    const struct sockaddr_storage *b, bool port)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_addr.s_addr == y->sin_addr.s_addr &&
		       (!port || x->sin_port == y->sin_port);
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;

		return !memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) &&
		       (!port || x->sin6_port == y->sin6_port);
	}
	return false;
}

/* The address our packets go to: the TID once learned, else the server. */
static const struct sockaddr_storage *target(const struct xfer *x,
					     socklen_t *len)
{
	*len = x->have_peer ? x->peer_len : x->server_len;
	return x->have_peer ? &x->peer : &x->server;
}

/* Errors the kernel reports for a UDP socket because of an ICMP message. */
static bool icmp_errno(int err)
{
	return err == ECONNREFUSED || err == EHOSTUNREACH ||
	       err == ENETUNREACH || err == EHOSTDOWN || err == EMSGSIZE ||
	       err == EACCES || err == EPROTO;
}

/* The errno of an ICMP error about a packet we sent to @t, else 0. */
static int icmp_about(struct msghdr *m, const struct sockaddr_storage *dst,
		      const struct sockaddr_storage *t)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		const struct sock_extended_err *ee = (const void *)CMSG_DATA(c);

		if (!((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) ||
		      (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)))
			continue;
		if ((ee->ee_origin == SO_EE_ORIGIN_ICMP ||
		     ee->ee_origin == SO_EE_ORIGIN_ICMP6) && addr_eq(dst, t, true))
			return (int)ee->ee_errno;
	}
	return 0;
}

/*
 * Read the ICMP errors IP_RECVERR queued.  Port unreachable from our own
 * target (the server, or its transfer process, is gone) ends the transfer
 * at once instead of after every retry.  Others may pass (no route while
 * a device boots, a smaller path MTU): they are kept for the timeout
 * message.  Errors about a stranger we sent ERROR 5 to are dropped.
 */
static int drain_errqueue(struct xfer *x)
{
	struct sockaddr_storage dst;
	uint8_t cbuf[512], payload[64];
	struct iovec iov = { payload, sizeof(payload) };
	const struct sockaddr_storage *t;
	socklen_t tlen;
	int err;

	t = target(x, &tlen);
	for (;;) {
		struct msghdr m = {
			.msg_name = &dst, .msg_namelen = sizeof(dst),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};

		if (recvmsg(x->fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return 0;
		err = icmp_about(&m, &dst, t);
		if (err == ECONNREFUSED)
			return fail(x, -err, "%s: %s (no TFTP server listening?)",
				    x->where, strerror(err));
		if (err)
			x->icmp_err = err;
	}
}

static int send_to(struct xfer *x, const struct msghdr *m)
{
	int tries;

	/* A queued ICMP error is reported by the next send: sort it out. */
	for (tries = 0; tries < 2; tries++) {
		int ret;

		if (sendmsg(x->fd, m, 0) >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		ret = -errno;
		if (!icmp_errno(-ret))
			return fail(x, ret, "sending to %s: %s", x->where,
				    strerror(-ret));
		ret = drain_errqueue(x);
		if (ret)
			return ret;
	}
	return fail(x, -EIO, "sending to %s failed", x->where);
}

/* Send @hdr, then @len bytes of @data if any, to the current target. */
static int xfer_send(struct xfer *x, const void *hdr, size_t hlen,
		     const void *data, size_t len)
{
	struct iovec iov[2] = {
		{ (void *)hdr, hlen },
		{ (void *)data, len },
	};
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

	m.msg_name = (void *)target(x, &m.msg_namelen);
	return send_to(x, &m);
}

static int send_ack(struct xfer *x, uint16_t block)
{
	uint8_t pkt[TFTP_HDR_LEN];

	return xfer_send(x, pkt, tftp_pkt_ack(pkt, block), NULL, 0);
}

/* Tell the server why we stop; it is a courtesy, so errors are ignored. */
static void send_error(struct xfer *x, uint16_t code, const char *msg)
{
	uint8_t pkt[ERR_MAX_TX];

	if (!x->have_peer)
		return;
	sendto(x->fd, pkt, tftp_pkt_error(pkt, sizeof(pkt), code, msg), 0,
	       (const struct sockaddr *)&x->peer, x->peer_len);
}

/* RFC 1350: a packet from another port gets ERROR 5 and changes nothing. */
static void reject_stranger(struct xfer *x, const struct sockaddr_storage *from,
			    socklen_t len, ssize_t n)
{
	uint8_t pkt[ERR_MAX_TX];

	if (n >= 2 && x->rx[0] == 0 && x->rx[1] == TFTP_ERROR)
		return;
	sendto(x->fd, pkt, tftp_pkt_error(pkt, sizeof(pkt), TFTP_EBADID,
					  "Unknown transfer ID"),
	       0, (const struct sockaddr *)from, len);
}

/* Accept @from as the peer: the first reply from the server host fixes the TID. */
static bool from_peer(struct xfer *x, const struct sockaddr_storage *from,
		      socklen_t len)
{
	if (x->have_peer)
		return addr_eq(from, &x->peer, true);
	if (!addr_eq(from, &x->server, false))
		return false;
	memcpy(&x->peer, from, len);
	x->peer_len = len;
	x->have_peer = true;
	addr_name(&x->peer, x->peer_len, x->where, sizeof(x->where));
	return true;
}

/* Milliseconds until @expiry or the deadline; 0 when one has passed. */
static int wait_ms(const struct xfer *x, uint64_t expiry, bool *deadline)
{
	uint64_t t = now_ns(), end = expiry;

	*deadline = x->deadline_ns && x->deadline_ns <= expiry;
	if (*deadline)
		end = x->deadline_ns;
	if (t >= end)
		return 0;
	/* Round up so that we never spin on a sub-millisecond remainder. */
	return (int)((end - t + 999999) / 1000000);
}

static ssize_t recv_one(struct xfer *x)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	ssize_t n;

	n = recvfrom(x->fd, x->rx, RX_CAP, MSG_DONTWAIT,
		     (struct sockaddr *)&from, &flen);
	if (n < 0)
		return -errno;
	if (!from_peer(x, &from, flen)) {
		reject_stranger(x, &from, flen, n);
		return -EAGAIN;
	}
	return n;
}

/* Wait for the socket to become readable; 0, or why not. */
static int wait_readable(struct xfer *x, int ms)
{
	struct pollfd pfd = { .fd = x->fd, .events = POLLIN };
	int ret = poll(&pfd, 1, ms);

	if (ret < 0 && errno != EINTR)
		return fail(x, -errno, "poll: %s", strerror(errno));
	if (ret > 0 && (pfd.revents & POLLERR))
		return drain_errqueue(x);
	return 0;
}

/*
 * Next packet from the peer, waiting until @expiry.  Returns its length,
 * -ETIMEDOUT at @expiry, -ETIME at the overall deadline, or an error.
 */
static ssize_t xfer_recv(struct xfer *x, uint64_t expiry)
{
	/*
	 * In lock-step the answer cannot be there yet, so poll first; in a
	 * window of DATA the next block is usually queued, so read first.
	 */
	bool try_read = x->window > 1 && !x->put;

	for (;;) {
		bool deadline;
		int ms = wait_ms(x, expiry, &deadline);
		ssize_t n;
		int ret;

		/* Checked even while packets flow: duplicates must not stall us. */
		if (!ms)
			return deadline ? -ETIME : -ETIMEDOUT;
		if (!try_read) {
			ret = wait_readable(x, ms);
			if (ret)
				return ret;
		}
		try_read = false;
		n = recv_one(x);
		if (n >= 0)
			return n;
		if (n == -EAGAIN || n == -EINTR)
			continue;
		if (!icmp_errno((int)-n))
			return fail(x, (int)n, "receiving: %s", strerror((int)-n));
		ret = drain_errqueue(x);
		if (ret)
			return ret;
	}
}

static uint64_t expiry_after(const struct xfer *x, unsigned int tries)
{
	unsigned int shift = tries < MAX_BACKOFF_SHIFT ? tries : MAX_BACKOFF_SHIFT;

	return now_ns() + ((uint64_t)x->timeout_ms << shift) * 1000000ull;
}

/* Turn a timeout of xfer_recv() into the message the user sees. */
static int timed_out(struct xfer *x, ssize_t why)
{
	char icmp[80] = "";

	if (x->icmp_err)
		snprintf(icmp, sizeof(icmp), " (last error: %s)",
			 strerror(x->icmp_err));
	if (why == -ETIME)
		return fail(x, -ETIMEDOUT, "transfer with %s not finished within the %u s deadline%s",
			    x->where, x->o->deadline, icmp);
	if (!x->started)
		return fail(x, -ETIMEDOUT, "no answer from %s after %u retries%s",
			    x->where, x->retries, icmp);
	return fail(x, -ETIMEDOUT, "transfer stalled: nothing from %s after %u retries (%llu bytes done)%s",
		    x->where, x->retries, (unsigned long long)x->st->bytes, icmp);
}

/*
 * An ERROR from the server.  Sent in answer to a request with options, it
 * may only mean the server does not parse them (RFC 2347 allows ERROR 8;
 * old servers send 0 or 4), so the caller asks once more without.  The
 * codes no option can cause are final at once.
 */
static int server_error(struct xfer *x, const struct tftp_pkt *p)
{
	const char *text = p->errmsg[0] ? p->errmsg : tftp_errstr(p->errcode);

	if (!x->started && x->with_options && p->errcode != TFTP_ENOTFOUND &&
	    p->errcode != TFTP_EACCESS && p->errcode != TFTP_ENOSPACE &&
	    p->errcode != TFTP_EEXISTS) {
		note(x, "server refused the options (error %u: %s); retrying without",
		     p->errcode, text);
		return RETRY_PLAIN;
	}
	fail(x, -EPROTO, "server: %s (TFTP error %u)", text, p->errcode);
	switch (p->errcode) {
	case TFTP_ENOTFOUND:
		return -ENOENT;
	case TFTP_EACCESS:
		return -EACCES;
	case TFTP_ENOSPACE:
		return -ENOSPC;
	case TFTP_EEXISTS:
		return -EEXIST;
	}
	return -EPROTO;
}

/* Violations by the peer end the transfer, with ERROR 4 so it stops too. */
static int illegal(struct xfer *x, const char *what)
{
	send_error(x, TFTP_EBADOP, "Illegal TFTP operation");
	return fail(x, -EPROTO, "protocol error from %s: %s", x->where, what);
}

static void begin_defaults(struct xfer *x)
{
	x->blksize = TFTP_BLKSIZE_RFC1350;
	x->window = 1;
	x->started = true;
	if (x->with_options)
		note(x, "server does not negotiate options: %u-byte blocks",
		     x->blksize);
}

static int negotiate(struct xfer *x, const struct tftp_pkt *p)
{
	struct tftp_optset got;
	int ret;

	if (!x->with_options)
		return illegal(x, "OACK to a request without options");
	ret = tftp_oack_parse(p->data, p->len, &x->asked, &got, x->err,
			      x->errlen);
	if (ret) {
		send_error(x, TFTP_EOPTNEG, "Option negotiation failed");
		return ret;
	}
	x->blksize = got.blksize ? got.blksize : TFTP_BLKSIZE_RFC1350;
	x->window = got.windowsize ? got.windowsize : 1;
	if (got.has_tsize && !x->put) {
		x->st->tsize = got.tsize;
		progress_set_total(&x->prog, got.tsize);
	}
	x->st->options_acked = true;
	x->started = true;
	return 0;
}

/* ---- get ---- */

struct getter {
	tftp_sink_fn sink;
	void *ctx;
	uint16_t expect;	/* next block wanted */
	unsigned int inwin;	/* in-order blocks since our last ACK */
	bool gap_acked;		/* one ACK per gap, not one per stray block */
};

/* An in-order block: deliver it; 1 when it was the last. */
static int get_block(struct xfer *x, struct getter *g, const struct tftp_pkt *p)
{
	bool last = p->len < x->blksize;
	int ret;

	if (p->len > x->blksize)
		return illegal(x, "DATA larger than the block size");
	ret = g->sink(g->ctx, p->data, p->len);
	if (ret) {
		send_error(x, TFTP_ENOSPACE, "Client could not store the data");
		return fail(x, ret < 0 ? ret : -EIO, "storing the data: %s",
			    strerror(ret < 0 ? -ret : EIO));
	}
	x->st->bytes += p->len;
	x->st->blocks++;
	progress_update(&x->prog, x->st->bytes);
	g->gap_acked = false;
	if (last || ++g->inwin >= x->window) {
		g->inwin = 0;
		ret = send_ack(x, g->expect);
		if (ret)
			return ret;
	}
	g->expect++;
	return last;
}

/*
 * DATA that is not the next block.  Behind us: a duplicate, ignored (the
 * timer re-ACKs if the server really lost our ACK).  Ahead: a hole in the
 * window; RFC 7440 has us ACK the last in-order block so the server
 * restarts from there, once per hole.
 */
static int get_stray(struct xfer *x, struct getter *g, uint16_t block)
{
	uint16_t ahead = (uint16_t)(block - g->expect);

	if (x->window == 1 || ahead == 0 || ahead >= x->window || g->gap_acked)
		return 0;
	g->gap_acked = true;
	g->inwin = 0;
	return send_ack(x, (uint16_t)(g->expect - 1));
}

static int get_resend(struct xfer *x, struct getter *g)
{
	x->st->retransmits++;
	g->inwin = 0;
	if (!x->started)
		return xfer_send(x, x->req, x->req_len, NULL, 0);
	return send_ack(x, (uint16_t)(g->expect - 1));
}

static int get_packet(struct xfer *x, struct getter *g, const struct tftp_pkt *p)
{
	int ret;

	switch (p->opcode) {
	case TFTP_ERROR:
		return server_error(x, p);
	case TFTP_OACK:
		if (x->started)
			return 0;	/* a resent OACK: our timer re-ACKs */
		ret = negotiate(x, p);
		return ret ? ret : send_ack(x, 0);
	case TFTP_DATA:
		if (!x->started)
			begin_defaults(x);
		if (p->block == g->expect)
			return get_block(x, g, p);
		return get_stray(x, g, p->block);
	}
	return illegal(x, "unexpected packet during a read");
}

static int get_loop(struct xfer *x, tftp_sink_fn sink, void *ctx)
{
	struct getter g = { .sink = sink, .ctx = ctx, .expect = 1 };
	uint64_t blocks = 0, expiry = expiry_after(x, 0);
	unsigned int tries = 0;

	for (;;) {
		struct tftp_pkt p;
		ssize_t n = xfer_recv(x, expiry);
		bool started;
		int ret;

		if (n == -ETIMEDOUT || n == -ETIME) {
			if (n == -ETIME || ++tries > x->retries)
				return timed_out(x, n);
			ret = get_resend(x, &g);
			if (ret)
				return ret;
			expiry = expiry_after(x, tries);
			continue;
		}
		if (n < 0)
			return (int)n;
		if (tftp_pkt_parse(x->rx, (size_t)n, &p))
			return illegal(x, "malformed packet");
		started = x->started;
		ret = get_packet(x, &g, &p);
		if (ret)
			return ret < 0 ? ret : 0;
		/* Progress (or the first OACK) rearms the timer, duplicates not. */
		if (x->st->blocks != blocks || started != x->started) {
			blocks = x->st->blocks;
			tries = 0;
			expiry = expiry_after(x, 0);
		}
	}
}

/* ---- put ---- */

struct putter {
	const uint8_t *data;
	size_t len;
	uint64_t nblocks;	/* the last one is short, maybe empty */
	uint64_t base;		/* first block not yet acknowledged */
	uint64_t next;		/* next block to send */
};

static int put_block(struct xfer *x, const struct putter *w, uint64_t k)
{
	uint64_t off = (k - 1) * x->blksize;
	size_t n = w->len - off < x->blksize ? (size_t)(w->len - off) : x->blksize;
	uint8_t hdr[TFTP_HDR_LEN];

	tftp_pkt_data_hdr(hdr, (uint16_t)k);
	return xfer_send(x, hdr, sizeof(hdr), w->data + off, n);
}

/* Send what the window allows past w->next. */
static int put_fill(struct xfer *x, struct putter *w)
{
	while (w->next <= w->nblocks && w->next < w->base + x->window) {
		int ret = put_block(x, w, w->next);

		if (ret)
			return ret;
		w->next++;
	}
	return 0;
}

/*
 * An ACK: block numbers wrap at 65536, so map it into the window that is
 * in flight.  Only an ACK that moves the window counts; the ACK before
 * it (base - 1) is a duplicate and is ignored.  Returns 1 when it moved.
 */
static int put_ack(struct xfer *x, struct putter *w, uint16_t block)
{
	uint16_t d = (uint16_t)(block - (uint16_t)(w->base - 1));

	if (d == 0 || d > w->next - w->base)
		return 0;
	w->base += d;
	/* A short ACK inside the window is the receiver's hole report. */
	w->next = w->base;
	x->st->blocks = w->base - 1;
	x->st->bytes = w->base > w->nblocks ? w->len : (w->base - 1) * x->blksize;
	progress_update(&x->prog, x->st->bytes);
	return 1;
}

static int put_packet(struct xfer *x, struct putter *w, const struct tftp_pkt *p)
{
	int ret;

	switch (p->opcode) {
	case TFTP_ERROR:
		return server_error(x, p);
	case TFTP_OACK:
		if (x->started)
			return 0;
		ret = negotiate(x, p);
		return ret ? ret : 1;
	case TFTP_ACK:
		if (x->started)
			return put_ack(x, w, p->block);
		if (p->block != 0)
			return illegal(x, "ACK of a block not sent");
		begin_defaults(x);
		return 1;
	}
	return illegal(x, "unexpected packet during a write");
}

static int put_resend(struct xfer *x, struct putter *w)
{
	x->st->retransmits++;
	if (!x->started)
		return xfer_send(x, x->req, x->req_len, NULL, 0);
	w->next = w->base;
	return put_fill(x, w);
}

static int put_loop(struct xfer *x, const void *data, size_t len)
{
	struct putter w = { .data = data, .len = len, .base = 1, .next = 1 };
	uint64_t expiry = expiry_after(x, 0);
	unsigned int tries = 0;

	for (;;) {
		struct tftp_pkt p;
		ssize_t n = xfer_recv(x, expiry);
		int ret;

		if (n == -ETIMEDOUT || n == -ETIME) {
			if (n == -ETIME || ++tries > x->retries)
				return timed_out(x, n);
			ret = put_resend(x, &w);
			if (ret)
				return ret;
			expiry = expiry_after(x, tries);
			continue;
		}
		if (n < 0)
			return (int)n;
		if (tftp_pkt_parse(x->rx, (size_t)n, &p))
			return illegal(x, "malformed packet");
		ret = put_packet(x, &w, &p);
		if (ret <= 0) {
			if (ret < 0)
				return ret;
			continue;
		}
		if (!w.nblocks)
			w.nblocks = len / x->blksize + 1;
		if (w.base > w.nblocks)
			return 0;
		ret = put_fill(x, &w);
		if (ret)
			return ret;
		tries = 0;
		expiry = expiry_after(x, 0);
	}
}

/* ---- one attempt at one address ---- */

static void set_bufsize(int fd, int opt, int force, size_t want)
{
	int v = want > (8u << 20) ? (8 << 20) : (int)want;

	/* FORCE passes rmem_max when we may (root); else take what we get. */
	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)))
		setsockopt(fd, SOL_SOCKET, opt, &v, sizeof(v));
}

static int open_socket(struct xfer *x, const struct addrinfo *ai)
{
	size_t want = (size_t)(x->asked.windowsize ? x->asked.windowsize : 1) *
		      ((x->asked.blksize ? x->asked.blksize : 512) + 1024) * 2;
	int on = 1;

	x->fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (x->fd < 0)
		return fail(x, -errno, "socket: %s", strerror(errno));
	if (ai->ai_family == AF_INET6)
		setsockopt(x->fd, SOL_IPV6, IPV6_RECVERR, &on, sizeof(on));
	else
		setsockopt(x->fd, SOL_IP, IP_RECVERR, &on, sizeof(on));
	if (want < (256u << 10))
		want = 256u << 10;
	set_bufsize(x->fd, SO_RCVBUF, SO_RCVBUFFORCE, want);
	set_bufsize(x->fd, SO_SNDBUF, SO_SNDBUFFORCE, want);
	memcpy(&x->server, ai->ai_addr, ai->ai_addrlen);
	x->server_len = ai->ai_addrlen;
	x->have_peer = false;
	x->icmp_err = 0;
	addr_name(&x->server, x->server_len, x->where, sizeof(x->where));
	return 0;
}

static void build_options(struct xfer *x, int family, size_t put_len)
{
	const struct tftp_opts *o = x->o;

	memset(&x->asked, 0, sizeof(x->asked));
	if (!x->with_options)
		return;
	if (o->blksize)
		x->asked.blksize = o->blksize;
	else
		x->asked.blksize = family == AF_INET6 ? DEFAULT_BLKSIZE6 :
							DEFAULT_BLKSIZE;
	x->asked.windowsize = o->windowsize > 1 ? o->windowsize : 0;
	x->asked.timeout = o->timeout;
	x->asked.has_tsize = true;
	x->asked.tsize = x->put ? put_len : 0;
}

static int attempt(struct xfer *x, const struct addrinfo *ai,
		   tftp_sink_fn sink, void *ctx, const void *data, size_t len)
{
	int ret;

	build_options(x, ai->ai_family, len);
	ret = tftp_pkt_request(x->req, sizeof(x->req),
			       x->put ? TFTP_WRQ : TFTP_RRQ, x->path,
			       x->with_options ? &x->asked : NULL);
	if (ret < 0)
		return fail(x, -EINVAL, "file name too long for a TFTP request");
	x->req_len = (size_t)ret;
	ret = open_socket(x, ai);
	if (ret)
		return ret;
	x->started = false;
	x->blksize = TFTP_BLKSIZE_RFC1350;
	x->window = 1;
	ret = xfer_send(x, x->req, x->req_len, NULL, 0);
	if (!ret)
		ret = x->put ? put_loop(x, data, len) : get_loop(x, sink, ctx);
	close(x->fd);
	x->fd = -1;
	return ret;
}

static int resolve(struct xfer *x, const struct tftp_url *u,
		   struct addrinfo **res)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_protocol = IPPROTO_UDP,
		.ai_flags = AI_NUMERICSERV,
	};
	int ret = getaddrinfo(u->host, u->port, &hints, res);

	if (!ret)
		return 0;
	return fail(x, -EHOSTUNREACH, "cannot resolve host \"%s\": %s", u->host,
		    ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
}

/*
 * Try each address of the host until one answers; fall back to a plain
 * request once if the options are refused.  Nothing reached the sink
 * before a retry: retries happen only before the first DATA.
 */
static int run(struct xfer *x, const struct tftp_url *u, tftp_sink_fn sink,
	       void *ctx, const void *data, size_t len)
{
	struct addrinfo *res, *ai;
	int ret;

	ret = resolve(x, u, &res);
	if (ret)
		return ret;
	for (ai = res; ai; ai = ai->ai_next) {
		x->with_options = !x->o->no_options;
		ret = attempt(x, ai, sink, ctx, data, len);
		if (ret == RETRY_PLAIN) {
			x->with_options = false;
			ret = attempt(x, ai, sink, ctx, data, len);
		}
		/* localhost may be ::1 first while the server is on 127.0.0.1. */
		if (ret == -ECONNREFUSED && !x->started && ai->ai_next)
			continue;
		break;
	}
	freeaddrinfo(res);
	return ret;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

static enum progress_style style_of(const struct tftp_opts *o)
{
	switch (o->progress) {
	case TFTP_PROGRESS_NONE:
		return PROGRESS_NONE;
	case TFTP_PROGRESS_BAR:
		return PROGRESS_BAR;
	case TFTP_PROGRESS_LINES:
		return PROGRESS_LINES;
	case TFTP_PROGRESS_AUTO:
		break;
	}
	/* Not a terminal: a log keeps ScreenOS's row of '!'. */
	return progress_auto(o->log ? o->log : stderr, PROGRESS_MARKS);
}

static int transfer(const struct tftp_url *u, const struct tftp_opts *o,
		tftp_sink_fn sink, void *ctx, const void *data, size_t len,
		struct tftp_stats *st, char *err, size_t errlen)
{
	struct xfer x = {
		.o = o, .st = st, .err = err, .errlen = errlen,
		.path = u->path, .put = !sink, .fd = -1,
		.retries = o->retries ? o->retries : DEFAULT_RETRIES,
		.timeout_ms = (o->timeout ? o->timeout : DEFAULT_TIMEOUT) * 1000,
	};
	int ret;

	memset(st, 0, sizeof(*st));
	if (errlen)
		err[0] = '\0';
	x.rx = malloc(RX_CAP);
	if (!x.rx)
		return fail(&x, -ENOMEM, "out of memory");
	x.start_ns = now_ns();
	if (o->deadline)
		x.deadline_ns = x.start_ns + (uint64_t)o->deadline * NSEC;
	progress_begin(&x.prog, style_of(o), o->log, base_name(u->path),
		       x.put ? len : 0);
	ret = run(&x, u, sink, ctx, data, len);
	progress_end(&x.prog, ret == 0);
	st->blksize = x.blksize;
	st->windowsize = x.window;
	st->seconds = (double)(now_ns() - x.start_ns) / NSEC;
	free(x.rx);
	return ret;
}

int tftp_get(const struct tftp_url *u, const struct tftp_opts *o,
	     tftp_sink_fn sink, void *ctx, struct tftp_stats *st,
	     char *err, size_t errlen)
{
	return transfer(u, o, sink, ctx, NULL, 0, st, err, errlen);
}

int tftp_put(const struct tftp_url *u, const struct tftp_opts *o,
	     const void *data, size_t len, struct tftp_stats *st,
	     char *err, size_t errlen)
{
	return transfer(u, o, NULL, NULL, data, len, st, err, errlen);
}
