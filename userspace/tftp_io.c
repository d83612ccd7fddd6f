// SPDX-License-Identifier: GPL-2.0
/*
 * The TFTP client's I/O: one UDP socket sized for the window, ppoll()
 * timeouts, ICMP errors, strangers turned away (RFC 1350 TIDs).
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/errqueue.h>

#include "tftp_xfer.h"

#define ERR_MAX_TX		(TFTP_HDR_LEN + TFTP_ERRMSG_MAX)
/* Our socket buffers: no more than this (the kernel doubles it). */
#define SOCKBUF_MAX		(16u << 20)
#define SOCKBUF_MIN		(256u << 10)

uint64_t tftp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

int xfer_fail(struct xfer *x, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, x->errlen, fmt, ap);
	va_end(ap);
	return ret;
}

void xfer_note(struct xfer *x, const char *fmt, ...)
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

/* ---- the socket ---- */

/*
 * What a datagram of @blksize costs in a receive buffer: the kernel
 * charges the skb's truesize, up to twice the payload for sizes that
 * round up to the next slab (measured on loopback: 8192 bytes cost
 * 16644, 65464 cost 67650).  Reckon with the worst.
 */
static size_t truesize(unsigned int blksize)
{
	return 2 * ((size_t)blksize + TFTP_HDR_LEN + 640);
}

static void set_bufsize(int fd, int opt, int force, size_t want)
{
	int v = want > SOCKBUF_MAX ? (int)SOCKBUF_MAX : (int)want;

	if (v < (int)SOCKBUF_MIN)
		v = SOCKBUF_MIN;
	/* FORCE passes rmem_max when we may (root); else take what we get. */
	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)))
		setsockopt(fd, SOL_SOCKET, opt, &v, sizeof(v));
}

unsigned int xfer_rcvbuf_blocks(const struct xfer *x, unsigned int blksize)
{
	socklen_t len = sizeof(int);
	int v = 0;

	if (getsockopt(x->fd, SOL_SOCKET, SO_RCVBUF, &v, &len) || v <= 0)
		return 1;
	return (unsigned int)((size_t)v / truesize(blksize));
}

int xfer_open(struct xfer *x, const struct addrinfo *ai)
{
	unsigned int bs = x->asked.blksize ? x->asked.blksize : TFTP_BLKSIZE_RFC1350;
	size_t want = (size_t)(x->asked.windowsize ? x->asked.windowsize : 1) *
		      truesize(bs);
	int on = 1;

	x->fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (x->fd < 0)
		return xfer_fail(x, -errno, "socket: %s", strerror(errno));
	if (ai->ai_family == AF_INET6)
		setsockopt(x->fd, SOL_IPV6, IPV6_RECVERR, &on, sizeof(on));
	else
		setsockopt(x->fd, SOL_IP, IP_RECVERR, &on, sizeof(on));
	/* A whole window must fit, or its tail is dropped on arrival. */
	set_bufsize(x->fd, SO_RCVBUF, SO_RCVBUFFORCE, want);
	set_bufsize(x->fd, SO_SNDBUF, SO_SNDBUFFORCE, want);
	memcpy(&x->server, ai->ai_addr, ai->ai_addrlen);
	x->server_len = ai->ai_addrlen;
	x->have_peer = false;
	x->icmp_err = 0;
	addr_name(&x->server, x->server_len, x->where, sizeof(x->where));
	return 0;
}

void xfer_close(struct xfer *x)
{
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
}

/* ---- ICMP errors ---- */

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
			return xfer_fail(x, -err, "%s: %s (no TFTP server listening?)",
					 x->where, strerror(err));
		if (err)
			x->icmp_err = err;
	}
}

/* ---- sending ---- */

static int send_to(struct xfer *x, const struct msghdr *m)
{
	int tries, err, ret = -EIO;

	/* A queued ICMP error is reported by the next send: sort it out. */
	for (tries = 0; tries < 2; tries++) {
		if (sendmsg(x->fd, m, 0) >= 0) {
			x->last_sent_ns = tftp_now_ns();
			return 0;
		}
		if (errno == EINTR)
			continue;
		ret = -errno;
		if (!icmp_errno(-ret))
			return xfer_fail(x, ret, "sending to %s: %s", x->where,
					 strerror(-ret));
		err = drain_errqueue(x);
		if (err)
			return err;
	}
	/* Nothing queued: the error is the send's own (no route, say). */
	return xfer_fail(x, ret, "sending to %s: %s", x->where, strerror(-ret));
}

int xfer_send(struct xfer *x, const void *hdr, size_t hlen, const void *data,
	      size_t len)
{
	struct iovec iov[2] = {
		{ (void *)hdr, hlen },
		{ (void *)data, len },
	};
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

	m.msg_name = (void *)target(x, &m.msg_namelen);
	return send_to(x, &m);
}

int xfer_send_ack(struct xfer *x, uint16_t block)
{
	uint8_t pkt[TFTP_HDR_LEN];

	return xfer_send(x, pkt, tftp_pkt_ack(pkt, block), NULL, 0);
}

void xfer_send_error(struct xfer *x, uint16_t code, const char *msg)
{
	uint8_t pkt[ERR_MAX_TX];

	if (!x->have_peer)
		return;
	sendto(x->fd, pkt, tftp_pkt_error(pkt, sizeof(pkt), code, msg), 0,
	       (const struct sockaddr *)&x->peer, x->peer_len);
}

int xfer_illegal(struct xfer *x, const char *what)
{
	xfer_send_error(x, TFTP_EBADOP, "Illegal TFTP operation");
	return xfer_fail(x, -EPROTO, "protocol error from %s: %s", x->where, what);
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

/* ---- receiving ---- */

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

/*
 * Nanoseconds until @expiry or the deadline; 0 when one has passed.  Not
 * rounded to milliseconds as poll() would have it: the dally's first
 * probe is a tenth of one.
 */
static uint64_t wait_ns(const struct xfer *x, uint64_t expiry,
			bool ignore_deadline, bool *deadline)
{
	uint64_t t = tftp_now_ns(), end = expiry;

	*deadline = !ignore_deadline && x->deadline_ns && x->deadline_ns <= expiry;
	if (*deadline)
		end = x->deadline_ns;
	return t >= end ? 0 : end - t;
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

/* Wait up to @ns for the socket to become readable; 0, or why not. */
static int wait_readable(struct xfer *x, uint64_t ns)
{
	struct pollfd pfd = { .fd = x->fd, .events = POLLIN };
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};
	int ret = ppoll(&pfd, 1, &ts, NULL);

	if (ret < 0 && errno != EINTR)
		return xfer_fail(x, -errno, "ppoll: %s", strerror(errno));
	if (ret > 0 && (pfd.revents & POLLERR))
		return drain_errqueue(x);
	return 0;
}

ssize_t xfer_recv(struct xfer *x, uint64_t expiry, bool ignore_deadline)
{
	/*
	 * In lock-step the answer cannot be there yet, so poll first; in a
	 * window of DATA the next block is usually queued, so read first.
	 */
	bool try_read = x->window > 1 && !x->put;

	for (;;) {
		bool deadline;
		uint64_t ns = wait_ns(x, expiry, ignore_deadline, &deadline);
		ssize_t n;
		int ret;

		/* Checked even while packets flow: duplicates must not stall us. */
		if (!ns)
			return deadline ? -ETIME : -ETIMEDOUT;
		if (!try_read) {
			ret = wait_readable(x, ns);
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
			return xfer_fail(x, (int)n, "receiving: %s", strerror((int)-n));
		ret = drain_errqueue(x);
		if (ret)
			return ret;
	}
}
