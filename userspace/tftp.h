/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TFTP client: RFC 1350 with options (RFC 2347), blksize (2348),
 * tsize and timeout (2349) and windowsize (7440), over IPv4 or IPv6.
 */
#ifndef IA_TFTP_H
#define IA_TFTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TFTP_DEFAULT_PORT	"69"

/*
 * Defaults that are fast and fall back: the largest block (a server that
 * does not negotiate gets 512; blocks that never get through, IP
 * fragments dropped on the way, are retried at an Ethernet frame's
 * 1468 / 1448), and a window of 16 blocks to receive (no more than our
 * socket buffer holds).  To send, the window is what a Linux default
 * receive buffer (rmem_default, 208 KiB) holds, and it shrinks when the
 * server loses the end of it.
 */
#define TFTP_DEFAULT_BLKSIZE	65464
#define TFTP_MTU_BLKSIZE	1468
#define TFTP_MTU_BLKSIZE6	1448
#define TFTP_DEFAULT_WINDOW	16
#define TFTP_PUT_FLIGHT_BYTES	212992

/* tftp://HOST[:PORT]/PATH, HOST may be [IPv6]. */
struct tftp_url {
	char host[256];
	char port[16];
	char path[1024];
};

/* Parse a tftp:// URL; 0 or -EINVAL. */
int tftp_url_parse(const char *s, struct tftp_url *u);

enum tftp_progress {
	TFTP_PROGRESS_AUTO = 0,	/* bar on a TTY, plain lines otherwise */
	TFTP_PROGRESS_NONE,
	TFTP_PROGRESS_BAR,
	TFTP_PROGRESS_LINES,
};

struct tftp_opts {
	unsigned int blksize;		/* 0: default; 8..65464 */
	unsigned int windowsize;	/* 0: default; 1..65535 */
	unsigned int timeout;		/* seconds before a retransmit, 0: default */
	unsigned int retries;		/* retransmits of one packet, 0: default */
	unsigned int deadline;		/* whole transfer, seconds, 0: none */
	bool no_options;		/* plain RFC 1350, no option request */
	enum tftp_progress progress;
	FILE *log;			/* progress and notes; NULL: stderr */
	uint64_t max_size;		/* get: refuse more bytes; 0: no limit */
};

struct tftp_stats {
	uint64_t bytes;			/* payload bytes transferred */
	uint64_t blocks;		/* DATA packets delivered */
	uint64_t retransmits;
	uint64_t tsize;			/* size announced by the server, 0: none */
	unsigned int blksize;		/* negotiated */
	unsigned int windowsize;	/* negotiated */
	bool options_acked;		/* the server sent an OACK */
	unsigned int requests;		/* requests made (fallbacks ask again) */
	double seconds;
};

/* Receives the file, in order; a non-zero return aborts the transfer. */
typedef int (*tftp_sink_fn)(void *ctx, const void *data, size_t len);

/*
 * Fetch @u->path.  Returns 0, or a negative errno with @err set to a
 * sentence naming the cause (server error text, timeout, host lookup...):
 * -ENOENT (TFTP error 1), -EACCES (2), -EPROTO (other errors, protocol
 * violations), -ETIMEDOUT, -ECONNREFUSED, -EHOSTUNREACH, -EFBIG (more
 * than o->max_size: refused on the announced size, before the first
 * block, or stopped at the bound), or the sink's error.
 */
int tftp_get(const struct tftp_url *u, const struct tftp_opts *o,
	     tftp_sink_fn sink, void *ctx, struct tftp_stats *st,
	     char *err, size_t errlen);

/*
 * Store what @fd holds, read as it goes (no more than a window is kept
 * in memory), as @u->path on the server.  A regular file's size is sent
 * as tsize, and only a file that can be read again may be restarted with
 * a smaller window or block size.
 */
int tftp_put(const struct tftp_url *u, const struct tftp_opts *o, int fd,
	     struct tftp_stats *st, char *err, size_t errlen);

#endif
