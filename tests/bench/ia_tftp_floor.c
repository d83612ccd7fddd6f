// SPDX-License-Identifier: GPL-2.0
/*
 * ia-tftp-floor: the fastest a TFTP client can get a file from a given
 * server, for make bench.  It is not a client anyone should use: it
 * keeps no byte it receives (no file, not even a copy beyond the one
 * recv() makes), so what it measures is about what the server and the
 * loopback can deliver, and peer/floor about the highest ratio a client
 * can show against that peer.  About: the scheduler decides too (see
 * the poll() below), and a client that works between blocks has been
 * seen to beat this one in lock-step at 100 MiB, so it is an estimate.
 *
 *	ia-tftp-floor [--windowsize N] [--repeat N] HOST PORT FILE
 *
 * RRQ octet with blksize 65464, tsize 0 and windowsize N (default 16; 0
 * asks for none).  The last block of every window is ACKed; a block out
 * of order draws an ACK of the last one in order (RFC 7440).  Each
 * transfer prints "<bytes> <seconds>" on stdout: from before the socket
 * is made to the last block's arrival, without the process start (the
 * bench uses ia-time's fork-to-exit time instead, start included).  What
 * the OACK grants (blksize, windowsize) is used; with no OACK, 512-byte
 * blocks in lock-step.  Exits 0, or 1 with a message when a transfer
 * fails, stalls for a second, or ends at another size than the OACK's
 * tsize.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLKSIZE 65464
#define STALL_MS 1000

static unsigned char pkt[4 + BLKSIZE + 1];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what)
{
	fprintf(stderr, "ia-tftp-floor: %s: %s\n", what,
		errno ? strerror(errno) : "protocol");
	return -1;
}

static size_t put_opt(unsigned char *p, const char *name, const char *val)
{
	size_t n = strlen(name) + 1, v = strlen(val) + 1;

	memcpy(p, name, n);
	memcpy(p + n, val, v);
	return n + v;
}

/* The OACK's options that change the transfer. */
static void parse_oack(const unsigned char *p, size_t len, unsigned int *blk,
		       unsigned int *window, unsigned long long *tsize)
{
	const char *s = (const char *)p, *end = (const char *)p + len;

	*window = 1;
	while (s < end) {
		const char *name = s, *val;

		s = memchr(s, 0, end - s);
		if (!s)
			return;
		val = ++s;
		s = memchr(s, 0, end - s);
		if (!s)
			return;
		s++;
		if (!strcasecmp(name, "blksize"))
			*blk = strtoul(val, NULL, 10);
		else if (!strcasecmp(name, "windowsize"))
			*window = strtoul(val, NULL, 10);
		else if (!strcasecmp(name, "tsize"))
			*tsize = strtoull(val, NULL, 10);
	}
}

static int send_ack(int fd, const struct sockaddr_in *to, uint16_t block)
{
	unsigned char ack[4] = { 0, 4, block >> 8, block & 0xff };

	if (sendto(fd, ack, sizeof(ack), 0, (const struct sockaddr *)to,
		   sizeof(*to)) != (ssize_t)sizeof(ack))
		return fail("sendto");
	return 0;
}

/* One transfer; its size in *bytes. */
static int get_once(const struct sockaddr_in *srv, const char *file,
		    unsigned int window, unsigned long long *bytes)
{
	struct sockaddr_in peer;
	socklen_t plen;
	unsigned char req[512];
	char wbuf[16];
	size_t n = 2;
	uint16_t last = 0;	/* last block in order */
	unsigned int inwin = 0, blk = 512;
	unsigned long long tsize = 0;
	int fd, rc = -1, rcvbuf = 8 << 20;

	*bytes = 0;
	errno = 0;
	if (strlen(file) > 256)
		return fail("file name too long");
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fail("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	req[0] = 0;
	req[1] = 1;
	n += put_opt(req + n, file, "octet");
	n += put_opt(req + n, "blksize", "65464");
	n += put_opt(req + n, "tsize", "0");
	if (window) {
		snprintf(wbuf, sizeof(wbuf), "%u", window);
		n += put_opt(req + n, "windowsize", wbuf);
	}
	/* Until an OACK grants more: RFC 1350. */
	window = 1;
	if (sendto(fd, req, n, 0, (const struct sockaddr *)srv,
		   sizeof(*srv)) != (ssize_t)n) {
		fail("sendto");
		goto out;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t got;
		uint16_t op, block;

		/*
		 * Sleep in poll() rather than spin: on loopback the server is
		 * woken onto the CPU of the ACK's sender and the two take
		 * turns there; a spinning client keeps that CPU and makes
		 * lock-step 2-4x slower here.
		 */
		if (poll(&pfd, 1, STALL_MS) != 1) {
			errno = 0;
			fail("no datagram for a second");
			goto out;
		}
		plen = sizeof(peer);
		got = recvfrom(fd, pkt, sizeof(pkt), 0,
			       (struct sockaddr *)&peer, &plen);
		if (got < 4) {
			fail("recvfrom");
			goto out;
		}
		op = pkt[0] << 8 | pkt[1];
		block = pkt[2] << 8 | pkt[3];
		if (op == 6) {			/* OACK */
			parse_oack(pkt + 2, got - 2, &blk, &window, &tsize);
			if (!blk || blk > BLKSIZE || !window) {
				errno = 0;
				fail("OACK out of range");
				goto out;
			}
			if (send_ack(fd, &peer, 0))
				goto out;
			continue;
		}
		if (op == 5) {
			errno = 0;
			fprintf(stderr, "ia-tftp-floor: server error %u: %.*s\n",
				block, (int)(got - 4), (char *)pkt + 4);
			goto out;
		}
		if (op != 3 || got - 4 > blk) {
			errno = 0;
			fail("unexpected datagram");
			goto out;
		}
		if (block != (uint16_t)(last + 1)) {
			/* Out of order: ask again from the last in order. */
			inwin = 0;
			if (send_ack(fd, &peer, last))
				goto out;
			continue;
		}
		last = block;
		*bytes += got - 4;
		if (got - 4 < blk) {
			rc = send_ack(fd, &peer, last);
			if (!rc && tsize && *bytes != tsize) {
				errno = 0;
				rc = fail("the size differs from the OACK's tsize");
			}
			goto out;
		}
		if (++inwin == window) {
			inwin = 0;
			if (send_ack(fd, &peer, last))
				goto out;
		}
	}
out:
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	struct sockaddr_in srv = { .sin_family = AF_INET };
	unsigned int window = 16, repeat = 1, i;
	unsigned long long bytes;
	int a = 1;

	while (a < argc && !strncmp(argv[a], "--", 2)) {
		if (a + 1 >= argc)
			break;
		if (!strcmp(argv[a], "--windowsize"))
			window = strtoul(argv[a + 1], NULL, 10);
		else if (!strcmp(argv[a], "--repeat"))
			repeat = strtoul(argv[a + 1], NULL, 10);
		else
			break;
		a += 2;
	}
	if (argc - a != 3 || window > 65535 || !repeat ||
	    inet_pton(AF_INET, argv[a], &srv.sin_addr) != 1) {
		fprintf(stderr, "usage: ia-tftp-floor [--windowsize N] "
			"[--repeat N] IPV4 PORT FILE\n");
		return 2;
	}
	srv.sin_port = htons(atoi(argv[a + 1]));
	for (i = 0; i < repeat; i++) {
		double t0 = now();

		if (get_once(&srv, argv[a + 2], window, &bytes))
			return 1;
		printf("%llu %.6f\n", bytes, now() - t0);
	}
	return 0;
}
