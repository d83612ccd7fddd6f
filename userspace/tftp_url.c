// SPDX-License-Identifier: GPL-2.0
/*
 * tftp:// URLs and the transfer flags shared by every command that
 * fetches or stores something over TFTP.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tftp.h"
#include "tftp_pkt.h"
#include "util.h"

static int copy_part(char *dst, size_t cap, const char *s, size_t n)
{
	if (n == 0 || n >= cap || memchr(s, '\0', n))
		return -EINVAL;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/*
 * "[v6addr]" or "[v6addr%zone]".  The zone may come URL-encoded as %25
 * (RFC 6874); getaddrinfo wants a bare '%'.
 */
static const char *parse_v6_host(const char *s, struct tftp_url *u)
{
	const char *end = strchr(s, ']');
	char *zone;
	size_t alen;

	if (!end || copy_part(u->host, sizeof(u->host), s + 1,
			      (size_t)(end - s - 1)))
		return NULL;
	zone = strchr(u->host, '%');
	alen = zone ? (size_t)(zone - u->host) : strlen(u->host);
	if (strspn(u->host, "0123456789abcdefABCDEF:.") != alen ||
	    !memchr(u->host, ':', alen))
		return NULL;
	if (zone && !strncmp(zone, "%25", 3) && zone[3])
		memmove(zone + 1, zone + 3, strlen(zone + 3) + 1);
	if (zone && !zone[1])
		return NULL;
	return end + 1;
}

static const char *parse_host(const char *s, struct tftp_url *u)
{
	size_t n;

	if (*s == '[')
		return parse_v6_host(s, u);
	n = strcspn(s, ":/");
	/* No user@host, no bare IPv6: both would be silently misread. */
	if (memchr(s, '@', n) || memchr(s, '[', n) || memchr(s, ']', n))
		return NULL;
	if (copy_part(u->host, sizeof(u->host), s, n))
		return NULL;
	return s + n;
}

static const char *parse_port(const char *s, struct tftp_url *u)
{
	size_t n;
	long v;

	if (*s != ':') {
		strcpy(u->port, TFTP_DEFAULT_PORT);
		return s;
	}
	s++;
	n = strspn(s, "0123456789");
	if (n == 0 || n > 5 || s[n] != '/')
		return NULL;
	v = strtol(s, NULL, 10);
	if (v < 1 || v > 65535)
		return NULL;
	memcpy(u->port, s, n);
	u->port[n] = '\0';
	return s + n;
}

int tftp_url_parse(const char *s, struct tftp_url *u)
{
	memset(u, 0, sizeof(*u));
	if (strncasecmp(s, "tftp://", 7))
		return -EINVAL;
	s = parse_host(s + 7, u);
	if (s)
		s = parse_port(s, u);
	/* The server's name for the file is everything after the slash. */
	if (!s || *s != '/' ||
	    copy_part(u->path, sizeof(u->path), s + 1, strlen(s + 1))) {
		memset(u, 0, sizeof(*u));
		return -EINVAL;
	}
	return 0;
}

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

static const struct {
	const char *name;
	unsigned long lo, hi;
	size_t off;
} num_flags[] = {
	{ "--blksize", TFTP_BLKSIZE_MIN, TFTP_BLKSIZE_MAX,
	  offsetof(struct tftp_opts, blksize) },
	{ "--windowsize", 1, TFTP_WINDOW_MAX,
	  offsetof(struct tftp_opts, windowsize) },
	/* RFC 2349 bounds the timeout option to 1..255 seconds. */
	{ "--timeout", 1, TFTP_TIMEOUT_MAX,
	  offsetof(struct tftp_opts, timeout) },
	{ "--retries", 1, 100, offsetof(struct tftp_opts, retries) },
	{ "--deadline", 1, 7 * 24 * 3600,
	  offsetof(struct tftp_opts, deadline) },
};

int tftp_parse_flag(struct tftp_opts *o, int argc, char **argv, int *i)
{
	const char *v;
	bool missing;
	size_t k;

	if (!strcmp(argv[*i], "--no-options")) {
		o->no_options = true;
		return 1;
	}
	for (k = 0; k < sizeof(num_flags) / sizeof(num_flags[0]); k++) {
		v = flag_value(num_flags[k].name, argc, argv, i, &missing);
		if (missing)
			break;
		if (v)
			return parse_uint(num_flags[k].name, v, num_flags[k].lo,
					  num_flags[k].hi,
					  (unsigned int *)((char *)o + num_flags[k].off)) ? -1 : 1;
	}
	if (!missing) {
		v = flag_value("--progress", argc, argv, i, &missing);
		if (v)
			return parse_progress(v, o);
	}
	if (missing) {
		errmsg("%s needs a value", argv[*i]);
		return -1;
	}
	return 0;
}
