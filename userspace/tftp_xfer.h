/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the TFTP client: one transfer's state, and what tftp.c (the
 * request and its fallbacks), tftp_io.c (the socket), tftp_loop.c (the
 * shared retransmission loop, the server's answers), tftp_get.c
 * (receiving) and tftp_put.c (sending) share.  Not for use outside
 * tftp*.c.
 */
#ifndef IA_TFTP_XFER_H
#define IA_TFTP_XFER_H

#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "progress.h"
#include "tftp.h"
#include "tftp_pkt.h"

#define NSEC			1000000000ull
#define RX_CAP			65536

/*
 * Sentinels a side returns to have the request made again, differently:
 * the server refused the options (ask plainly), the large blocks never
 * got through (ask for blocks that fit an Ethernet frame), or the server
 * lost the end of every window (ask for a smaller window).
 */
#define RETRY_PLAIN		(-10001)
#define RETRY_SMALL_BLOCKS	(-10002)
#define RETRY_WINDOW		(-10003)

/* What a side's packet handler made of a packet. */
enum {
	XFER_IDLE = 0,		/* nothing new (a duplicate): the timer runs on */
	XFER_PROGRESS = 1,	/* the transfer moved: the timer starts again */
	XFER_DONE = 2,		/* the transfer is complete */
	XFER_RESENT = 3,	/* nothing new, but we answered: the timer
				 * starts again, the retries count on */
};

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

	/* What this attempt asks for; the fallbacks lower them. */
	bool with_options;
	unsigned int want_blksize;	/* 0: the default for the family */
	unsigned int want_window;	/* 0: the default */
	struct tftp_optset asked;	/* options in the current request */

	bool can_restart;		/* nothing sent yet is lost by asking again */
	bool started;			/* the server answered: OACK/DATA/ACK */
	bool tsize_known;		/* get: the OACK announced st->tsize */
	unsigned int blksize;		/* negotiated */
	unsigned int window;		/* negotiated */
	unsigned int timeout_ms;
	unsigned int retries;
	uint64_t start_ns;
	uint64_t deadline_ns;		/* 0: none */
	uint64_t last_sent_ns;		/* our last DATA or ACK */

	uint8_t *rx;
	uint8_t req[TFTP_REQ_MAX];
	size_t req_len;
	struct progress prog;
};

/* One side of a transfer, for xfer_loop(). */
struct xfer_side {
	/* A packet from the peer: XFER_*, or a negative errno / RETRY_*. */
	int (*packet)(struct xfer *x, void *ctx, const struct tftp_pkt *p);
	/* The timer fired: send again what the peer has not acknowledged. */
	int (*resend)(struct xfer *x, void *ctx);
	void *ctx;
};

uint64_t tftp_now_ns(void);

/* Set x->err; returns @ret. */
int xfer_fail(struct xfer *x, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A remark for the log (options dropped...); silent with no progress. */
void xfer_note(struct xfer *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The socket for one attempt at @ai, buffers sized for x->asked. */
int xfer_open(struct xfer *x, const struct addrinfo *ai);
void xfer_close(struct xfer *x);
/* How many blocks of @blksize the receive buffer holds. */
unsigned int xfer_rcvbuf_blocks(const struct xfer *x, unsigned int blksize);

int xfer_send(struct xfer *x, const void *hdr, size_t hlen, const void *data,
	      size_t len);
int xfer_send_ack(struct xfer *x, uint16_t block);
/* Tell the server why we stop; a courtesy, errors ignored. */
void xfer_send_error(struct xfer *x, uint16_t code, const char *msg);
/* A violation by the peer: ERROR 4 to it, -EPROTO. */
int xfer_illegal(struct xfer *x, const char *what);

/*
 * Next packet from the peer, waiting until @expiry.  Returns its length,
 * -ETIMEDOUT at @expiry, -ETIME at the overall deadline (unless
 * @ignore_deadline), or an error.
 */
ssize_t xfer_recv(struct xfer *x, uint64_t expiry, bool ignore_deadline);

/*
 * Receive, hand packets to @s, retransmit on the timer (never on a
 * duplicate), give up after x->retries.  0 when @s says done.
 */
int xfer_loop(struct xfer *x, const struct xfer_side *s);

/* An ERROR packet: the final error, or RETRY_PLAIN for refused options. */
int xfer_server_error(struct xfer *x, const struct tftp_pkt *p);
/* An OACK: checks it, takes blksize, window and tsize. */
int xfer_negotiate(struct xfer *x, const struct tftp_pkt *p);
/* The server ignored our options: RFC 1350 blocks, lock-step. */
void xfer_begin_defaults(struct xfer *x);

/* The two directions (tftp_get.c, tftp_put.c), once the request is out. */
int tftp_get_loop(struct xfer *x, tftp_sink_fn sink, void *ctx);
int tftp_put_loop(struct xfer *x, int fd, bool rewindable);

#endif
