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
};

struct tftp_stats {
	uint64_t bytes;			/* payload bytes transferred */
	uint64_t blocks;		/* DATA packets delivered */
	uint64_t retransmits;
	uint64_t tsize;			/* size announced by the server, 0: none */
	unsigned int blksize;		/* negotiated */
	unsigned int windowsize;	/* negotiated */
	bool options_acked;		/* the server sent an OACK */
	double seconds;
};

/* Receives the file, in order; a non-zero return aborts the transfer. */
typedef int (*tftp_sink_fn)(void *ctx, const void *data, size_t len);

/*
 * Fetch @u->path.  Returns 0, or a negative errno with @err set to a
 * sentence naming the cause (server error text, timeout, host lookup...).
 */
int tftp_get(const struct tftp_url *u, const struct tftp_opts *o,
	     tftp_sink_fn sink, void *ctx, struct tftp_stats *st,
	     char *err, size_t errlen);

/* Store @len bytes as @u->path on the server. */
int tftp_put(const struct tftp_url *u, const struct tftp_opts *o,
	     const void *data, size_t len, struct tftp_stats *st,
	     char *err, size_t errlen);

/*
 * Parse the transfer flags common to every command that fetches
 * (--blksize N --windowsize N --timeout S --retries N --deadline S
 * --no-options --progress=auto|none|bar|lines).  Consumes argv[*i] (and
 * its value) when it is one of them: returns 1; 0 when it is not; -1 on a
 * bad value (message printed).
 */
int tftp_parse_flag(struct tftp_opts *o, int argc, char **argv, int *i);

#endif
