// SPDX-License-Identifier: GPL-2.0
/*
 * TFTP client: the request and its fallbacks.  A transfer asks for the
 * large block and a window; when the server refuses the options it asks
 * plainly, when the blocks never get through it asks for smaller ones,
 * when a put's window loses its end it asks for a smaller window, and
 * when a host name has several addresses it tries them in turn while
 * they refuse.  The two directions are tftp_get.c and tftp_put.c; the
 * retransmission loop they share is tftp_loop.c, the socket tftp_io.c.
 */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tftp_xfer.h"

#define DEFAULT_TIMEOUT		1
#define DEFAULT_RETRIES		5
/* Fallbacks of one transfer: plain, small blocks, windows halving. */
#define MAX_REQUESTS		8
/* The ring of a put's window holds no more than this. */
#define PUT_RING_MAX		(16u << 20)
#define SIZE_UNKNOWN		UINT64_MAX

/* What a put asks for by default: what a default receive buffer holds. */
static unsigned int put_window(unsigned int blksize)
{
	unsigned int n = TFTP_PUT_FLIGHT_BYTES / (blksize + 2304);

	return n < 1 ? 1 : n > TFTP_DEFAULT_WINDOW ? TFTP_DEFAULT_WINDOW : n;
}

static void build_options(struct xfer *x, uint64_t put_size)
{
	const struct tftp_opts *o = x->o;
	unsigned int bs, win;

	memset(&x->asked, 0, sizeof(x->asked));
	if (!x->with_options)
		return;
	bs = x->want_blksize ? x->want_blksize :
	     o->blksize ? o->blksize : TFTP_DEFAULT_BLKSIZE;
	win = x->want_window ? x->want_window :
	      o->windowsize ? o->windowsize :
	      x->put ? put_window(bs) : TFTP_DEFAULT_WINDOW;
	if (x->put && (uint64_t)win * bs > PUT_RING_MAX)
		win = PUT_RING_MAX / bs;
	x->asked.blksize = bs;
	x->asked.windowsize = win > 1 ? win : 0;
	x->asked.timeout = o->timeout;
	x->asked.has_tsize = !x->put || put_size != SIZE_UNKNOWN;
	x->asked.tsize = x->put ? put_size : 0;
}

/*
 * A window our receive buffer cannot hold loses its end on arrival, every
 * time: ask for no more than it holds (the buffer was sized for the
 * window; without privilege the kernel may have given less).
 */
static void fit_window(struct xfer *x)
{
	unsigned int fit;

	if (x->put || x->asked.windowsize <= 1)
		return;
	fit = xfer_rcvbuf_blocks(x, x->asked.blksize);
	if (fit >= x->asked.windowsize)
		return;
	if (x->o->windowsize)
		xfer_note(x, "the receive buffer holds %u blocks of %u bytes: windowsize %u",
			  fit ? fit : 1, x->asked.blksize, fit > 1 ? fit : 1);
	x->asked.windowsize = fit > 1 ? fit : 0;
}

struct source {
	tftp_sink_fn sink;	/* get */
	void *ctx;
	int fd;			/* put */
	uint64_t size;		/* put: SIZE_UNKNOWN unless a regular file */
	off_t start;		/* put: where the data begins, -1: no seeking */
};

static int attempt(struct xfer *x, const struct addrinfo *ai,
		   const struct source *s)
{
	int ret;

	if (x->put && s->start >= 0 && lseek(s->fd, s->start, SEEK_SET) < 0)
		return xfer_fail(x, -errno, "rewinding the file: %s", strerror(errno));
	build_options(x, s->size);
	x->can_restart = !x->put || s->start >= 0;
	ret = xfer_open(x, ai);
	if (ret)
		return ret;
	fit_window(x);
	ret = tftp_pkt_request(x->req, sizeof(x->req),
			       x->put ? TFTP_WRQ : TFTP_RRQ, x->path,
			       x->with_options ? &x->asked : NULL);
	if (ret < 0) {
		xfer_close(x);
		return xfer_fail(x, -EINVAL, "file name too long for a TFTP request");
	}
	x->req_len = (size_t)ret;
	x->started = false;
	x->tsize_known = false;
	x->st->tsize = 0;	/* what this request's server says, if it does */
	x->blksize = TFTP_BLKSIZE_RFC1350;
	x->window = 1;
	x->st->bytes = x->st->blocks = 0;
	x->st->requests++;
	ret = xfer_send(x, x->req, x->req_len, NULL, 0);
	if (!ret)
		ret = x->put ? tftp_put_loop(x, s->fd, s->start >= 0) :
		      tftp_get_loop(x, s->sink, s->ctx);
	xfer_close(x);
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
	return xfer_fail(x, -EHOSTUNREACH, "cannot resolve host \"%s\": %s", u->host,
			 ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
}

/* One address, with the fallbacks; nothing reached the sink before one. */
static int run_one(struct xfer *x, const struct addrinfo *ai,
		   const struct source *s)
{
	int ret = 0, n;

	x->with_options = !x->o->no_options;
	x->want_blksize = 0;
	x->want_window = 0;
	for (n = 0; n < MAX_REQUESTS; n++) {
		ret = attempt(x, ai, s);
		if (ret == RETRY_PLAIN) {
			x->with_options = false;
		} else if (ret == RETRY_SMALL_BLOCKS) {
			x->want_blksize = ai->ai_family == AF_INET6 ?
					  TFTP_MTU_BLKSIZE6 : TFTP_MTU_BLKSIZE;
			xfer_note(x, "no %u-byte block got through; asking for %u",
				  x->blksize, x->want_blksize);
		} else if (ret != RETRY_WINDOW) {
			return ret;
		}
	}
	return xfer_fail(x, -EPROTO, "no request the server took after %d tries", n);
}

static int run(struct xfer *x, const struct tftp_url *u, const struct source *s)
{
	struct addrinfo *res, *ai;
	int ret;

	ret = resolve(x, u, &res);
	if (ret)
		return ret;
	for (ai = res; ai; ai = ai->ai_next) {
		ret = run_one(x, ai, s);
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
		    const struct source *s, struct tftp_stats *st, char *err,
		    size_t errlen)
{
	struct xfer x = {
		.o = o, .st = st, .err = err, .errlen = errlen,
		.path = u->path, .put = !s->sink, .fd = -1,
		.retries = o->retries ? o->retries : DEFAULT_RETRIES,
		.timeout_ms = (o->timeout ? o->timeout : DEFAULT_TIMEOUT) * 1000,
	};
	int ret;

	memset(st, 0, sizeof(*st));
	if (errlen)
		err[0] = '\0';
	x.rx = malloc(RX_CAP);
	if (!x.rx)
		return xfer_fail(&x, -ENOMEM, "out of memory");
	x.start_ns = tftp_now_ns();
	if (o->deadline)
		x.deadline_ns = x.start_ns + (uint64_t)o->deadline * NSEC;
	progress_begin(&x.prog, style_of(o), o->log, base_name(u->path),
		       x.put && s->size != SIZE_UNKNOWN ? s->size : 0);
	ret = run(&x, u, s);
	progress_end(&x.prog, ret == 0);
	st->blksize = x.blksize;
	st->windowsize = x.window;
	st->seconds = (double)(tftp_now_ns() - x.start_ns) / NSEC;
	free(x.rx);
	return ret;
}

int tftp_get(const struct tftp_url *u, const struct tftp_opts *o,
	     tftp_sink_fn sink, void *ctx, struct tftp_stats *st,
	     char *err, size_t errlen)
{
	const struct source s = { .sink = sink, .ctx = ctx, .fd = -1,
				  .size = SIZE_UNKNOWN, .start = -1 };

	return transfer(u, o, &s, st, err, errlen);
}

int tftp_put(const struct tftp_url *u, const struct tftp_opts *o, int fd,
	     struct tftp_stats *st, char *err, size_t errlen)
{
	struct source s = { .fd = fd, .size = SIZE_UNKNOWN, .start = -1 };
	struct stat sb;

	/* Only a regular file has a size to announce and can be read again. */
	if (!fstat(fd, &sb) && S_ISREG(sb.st_mode)) {
		s.start = lseek(fd, 0, SEEK_CUR);
		if (s.start >= 0 && sb.st_size >= s.start)
			s.size = (uint64_t)(sb.st_size - s.start);
		else
			s.start = -1;
	}
	return transfer(u, o, &s, st, err, errlen);
}
