// SPDX-License-Identifier: GPL-2.0
/*
 * tftp:// URLs: HOST, [IPv6] or [IPv6%zone], an optional port, and the
 * server's name for the file.  The scheme is case-insensitive (RFC 3986).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tftp.h"

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
