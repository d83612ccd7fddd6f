// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tftp_flags.h"
#include "tftp_pkt.h"

enum { F_BLKSIZE, F_WINDOWSIZE, F_TIMEOUT, F_RETRIES, F_DEADLINE, F_NOOPT, F_PROGRESS };

#define S(x) #x
#define STR(x) S(x)

const struct cmd_opt tftp_cmd_opts[] = {
	[F_BLKSIZE] = { "--blksize", NULL, "N",
		"block size to ask for, 8..65464 (default " STR(TFTP_DEFAULT_BLKSIZE) ")",
		COMPLETE_NONE, false },
	[F_WINDOWSIZE] = { "--windowsize", NULL, "N",
		"blocks per ACK (RFC 7440), 1..65535 (default " STR(TFTP_DEFAULT_WINDOW)
		" to get, to put what 208 KiB hold)", COMPLETE_NONE, false },
	[F_TIMEOUT] = { "--timeout", NULL, "S",
		"retransmit after S seconds, doubling, 1..255 (default 1)",
		COMPLETE_NONE, false },
	[F_RETRIES] = { "--retries", NULL, "N",
		"retransmissions before giving up, 1..100 (default 5)",
		COMPLETE_NONE, false },
	[F_DEADLINE] = { "--deadline", NULL, "S",
		"abort the transfer after S seconds", COMPLETE_NONE, false },
	[F_NOOPT] = { "--no-options", NULL, NULL,
		"plain RFC 1350 request: 512-byte blocks, no window",
		COMPLETE_NONE, false },
	[F_PROGRESS] = { "--progress", NULL, "STYLE",
		"auto (a bar on a terminal, else '!' marks), none, bar or lines",
		COMPLETE_PROGRESS, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

/* The bounds and the field of each numeric option. */
static const struct {
	unsigned long lo, hi;
	size_t off;
} num_flags[] = {
	[F_BLKSIZE] = { TFTP_BLKSIZE_MIN, TFTP_BLKSIZE_MAX,
			offsetof(struct tftp_opts, blksize) },
	[F_WINDOWSIZE] = { 1, TFTP_WINDOW_MAX, offsetof(struct tftp_opts, windowsize) },
	/* RFC 2349 bounds the timeout option to 1..255 seconds. */
	[F_TIMEOUT] = { 1, TFTP_TIMEOUT_MAX, offsetof(struct tftp_opts, timeout) },
	[F_RETRIES] = { 1, 100, offsetof(struct tftp_opts, retries) },
	[F_DEADLINE] = { 1, 7 * 24 * 3600, offsetof(struct tftp_opts, deadline) },
};

/* --name VALUE or --name=VALUE; NULL if argv[*i] is not --name. */
static const char *flag_value(const char *name, int argc, char **argv,
			      int *i, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	*missing = false;
	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static int parse_uint(const char *flag, const char *s, unsigned long lo,
		      unsigned long hi, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *s == '-' || *s == '+' || *end || errno || v < lo ||
	    v > hi) {
		errmsg("bad value \"%s\" for %s (expected %lu..%lu)", s, flag,
		       lo, hi);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int parse_progress(const char *s, struct tftp_opts *o)
{
	static const char *const names[] = {
		[TFTP_PROGRESS_AUTO] = "auto",
		[TFTP_PROGRESS_NONE] = "none",
		[TFTP_PROGRESS_BAR] = "bar",
		[TFTP_PROGRESS_LINES] = "lines",
	};
	size_t k;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		if (!strcmp(s, names[k])) {
			o->progress = (enum tftp_progress)k;
			return 1;
		}
	}
	errmsg("bad value \"%s\" for --progress (auto, none, bar or lines)", s);
	return -1;
}

int tftp_parse_flag(struct tftp_opts *o, int argc, char **argv, int *i)
{
	const char *v;
	bool missing = false;
	size_t k;

	if (!strcmp(argv[*i], tftp_cmd_opts[F_NOOPT].name)) {
		o->no_options = true;
		return 1;
	}
	for (k = 0; k < sizeof(num_flags) / sizeof(num_flags[0]); k++) {
		v = flag_value(tftp_cmd_opts[k].name, argc, argv, i, &missing);
		if (missing)
			break;
		if (v)
			return parse_uint(tftp_cmd_opts[k].name, v, num_flags[k].lo,
					  num_flags[k].hi,
					  (unsigned int *)((char *)o + num_flags[k].off)) ? -1 : 1;
	}
	if (!missing) {
		v = flag_value(tftp_cmd_opts[F_PROGRESS].name, argc, argv, i,
			       &missing);
		if (v)
			return parse_progress(v, o);
	}
	if (missing) {
		errmsg("%s needs a value", argv[*i]);
		return -1;
	}
	return 0;
}
