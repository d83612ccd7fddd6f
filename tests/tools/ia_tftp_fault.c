// SPDX-License-Identifier: GPL-2.0
/*
 * ia-tftp-fault: a TFTP proxy on 127.0.0.1 in front of a real server
 * (tftpd-hpa, atftpd) that breaks transfers the way networks and servers
 * do, chosen by a seed, so that a failure can be run again:
 *
 *   ia-tftp-fault [OPTIONS] SERVER_PORT
 *
 *   --port-file F     write the port it listens on (127.0.0.1, ephemeral) to F
 *   --stats F         write the counters to F when it ends (SIGTERM, idle)
 *   --seed N          the seed (default 1); transfer K draws from (N, K)
 *   --drop P          drop P % of the datagrams, each way, requests too
 *   --dup P           send P % twice
 *   --reorder P       hold P % back until the next one that way (or 30 ms)
 *   --stranger N      after the Nth DATA to the client, a DATA for the next
 *                     block, of other bytes, from another port (a second
 *                     source TID: RFC 1350 says ERROR 5 to it, carry on)
 *   --stall N         after N DATA, pass nothing more (a server that hangs)
 *   --error N         after N DATA, ERROR --error-code (default 3) with
 *                     --error-msg (default "injected fault") to the client,
 *                     ERROR 0 to the server, then nothing
 *   --tsize BYTES     rewrite the OACK's tsize to BYTES (a server that lies)
 *   --strip-tsize     remove tsize from the OACK (a server that does not say)
 *   --delay MS        deliver every datagram MS milliseconds late, each way,
 *                     in order (a path with a round trip of 2 x MS: what a
 *                     window of blocks hides and lock-step pays per block)
 *   --idle S          end after S seconds without a datagram (default 60)
 *   --trace           a line on stderr per datagram: what became of it
 *
 * A request from a new client port starts a new transfer (a new socket to
 * the server, a new TID to the client); a repeated one goes to the server
 * again from the same socket, and the first server TID to answer is kept
 * (as with a real server that forks per request).  When that TID is gone
 * (ICMP port unreachable) the client's side closes too, so the client
 * sees what it would see without the proxy.
 *
 * Prints "ia-tftp-fault: seed N" at start; the counters are one line of
 * NAME=VALUE pairs.  Exit 0, or 2 on usage or setup errors.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PKT_MAX		65536
#define HOLD_MS		30
enum { UP, DOWN };

static struct {
	unsigned long long seed;
	unsigned int drop, dup, reorder;	/* percent */
	unsigned int stranger, stall, error;	/* after N DATA, 0: never */
	unsigned int error_code;
	const char *error_msg;
	long long tsize;			/* -1: leave alone */
	bool strip_tsize, trace;
	unsigned int idle;
	unsigned int delay_us;			/* 0: none */
} cfg = { .seed = 1, .error_code = 3, .error_msg = "injected fault",
	  .tsize = -1, .idle = 60 };

static struct {
	unsigned long transfers, requests, up, down, dropped, duped, reordered;
	unsigned long strangers, err5, stalled, errors, swallowed, oacks;
	unsigned long server_gone;
} ct;

/* One transfer: the client, its sockets, what was done to it. */
static struct sess {
	struct sockaddr_in client, tid;
	bool have_client, have_tid, stalled, dead;
	int v, u, x;		/* to the client, to the server, the stranger */
	uint64_t rng;
	unsigned int data;	/* DATA packets seen, either way */
	struct held {
		uint8_t buf[PKT_MAX];
		size_t len;
		int fd;
		struct sockaddr_in to;
		uint64_t since;
		bool on;
	} held[2];
} s = { .v = -1, .u = -1, .x = -1 };

static struct sockaddr_in server;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* splitmix64: a transfer's draws depend on the seed and its number only. */
static uint64_t mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* True with probability pct %. */
static bool chance(unsigned int pct)
{
	if (!pct)
		return false;
	s.rng = mix(s.rng);
	return s.rng % 100 < pct;
}

static int udp_socket(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	int buf = 8 << 20;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("ia-tftp-fault: socket");
		exit(2);
	}
	/*
	 * Room for whole windows of 64 KiB blocks: the faults are the ones
	 * asked for, not the proxy's own overflow (root may pass rmem_max).
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	return fd;
}

static uint64_t now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000 + (uint64_t)t.tv_nsec / 1000;
}

static void send_now(int fd, const void *p, size_t len,
		     const struct sockaddr_in *to)
{
	/* Lost like any datagram if it fails: the proxy is the network. */
	if (fd >= 0)
		sendto(fd, p, len, 0, (const struct sockaddr *)to, sizeof(*to));
}

/*
 * --delay: a FIFO of datagrams with the time each is due.  A constant
 * delay keeps the order.  Full (more than a window and its ACKs in
 * flight), the oldest goes at once: late, not lost.
 */
#define DELAY_MAX	128
static struct delayed {
	uint64_t due;		/* now_us() */
	int fd;
	struct sockaddr_in to;
	size_t len;
	uint8_t buf[PKT_MAX];
} delay_q[DELAY_MAX];
static unsigned int delay_head, delay_n;

static void delay_send_head(void)
{
	struct delayed *d = &delay_q[delay_head];

	send_now(d->fd, d->buf, d->len, &d->to);
	delay_head = (delay_head + 1) % DELAY_MAX;
	delay_n--;
}

/* Send what is due; return the microseconds to the next, or -1: none. */
static long long delay_flush(bool all)
{
	uint64_t now = now_us();

	while (delay_n && (all || delay_q[delay_head].due <= now))
		delay_send_head();
	return delay_n ? (long long)(delay_q[delay_head].due - now) : -1;
}

static void put(int fd, const void *p, size_t len, const struct sockaddr_in *to)
{
	struct delayed *d;

	if (fd < 0 || !cfg.delay_us) {
		send_now(fd, p, len, to);
		return;
	}
	if (delay_n == DELAY_MAX)
		delay_send_head();
	d = &delay_q[(delay_head + delay_n++) % DELAY_MAX];
	d->due = now_us() + cfg.delay_us;
	d->fd = fd;
	d->to = *to;
	d->len = len;
	memcpy(d->buf, p, len);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void end_session(void)
{
	delay_flush(true);	/* before their sockets close */
	close_fd(&s.v);
	close_fd(&s.u);
	close_fd(&s.x);
	s.held[UP].on = s.held[DOWN].on = false;
}

static void new_session(const struct sockaddr_in *client)
{
	end_session();
	s.client = *client;
	s.have_client = true;
	s.have_tid = s.stalled = s.dead = false;
	s.data = 0;
	s.rng = mix(cfg.seed ^ mix(ct.transfers));
	ct.transfers++;
	s.v = udp_socket();
	s.u = udp_socket();
}

static size_t error_pkt(uint8_t *p, unsigned int code, const char *msg)
{
	size_t n = strlen(msg);

	p[0] = 0;
	p[1] = 5;
	p[2] = (uint8_t)(code >> 8);
	p[3] = (uint8_t)code;
	memcpy(p + 4, msg, n + 1);
	return n + 5;
}

/* The OACK with tsize replaced or removed, into out; its new length. */
static size_t rewrite_oack(const uint8_t *p, size_t len, uint8_t *out)
{
	size_t i = 2, o = 2;

	memcpy(out, p, 2);
	while (i < len) {
		const char *name = (const char *)p + i;
		size_t nl = strnlen(name, len - i), vl;
		const char *val;

		if (i + nl + 1 >= len)
			break;
		val = name + nl + 1;
		vl = strnlen(val, len - i - nl - 1);
		if (!strcasecmp(name, "tsize")) {
			if (!cfg.strip_tsize)
				o += (size_t)sprintf((char *)out + o, "tsize%c%lld", 0,
						     cfg.tsize) + 1;
		} else {
			memcpy(out + o, name, nl + 1 + vl + 1);
			o += nl + 1 + vl + 1;
		}
		i += nl + 1 + vl + 1;
	}
	ct.oacks++;
	return o;
}

/* The second source TID: DATA for the next block, other bytes. */
static void send_stranger(const uint8_t *p, size_t len)
{
	uint8_t pkt[PKT_MAX];
	uint16_t blk = (uint16_t)((p[2] << 8 | p[3]) + 1);

	close_fd(&s.x);
	s.x = udp_socket();
	memset(pkt, 0xa5, len);
	pkt[0] = 0;
	pkt[1] = 3;
	pkt[2] = (uint8_t)(blk >> 8);
	pkt[3] = (uint8_t)blk;
	put(s.x, pkt, len, &s.client);
	ct.strangers++;
}

/* --trace: one line on stderr per datagram, what became of it. */
static void trace(int way, const uint8_t *p, size_t len, const char *what)
{
	if (!cfg.trace || len < 4)
		return;
	fprintf(stderr, "%llu %s op %u blk %u len %zu %s\n",
		(unsigned long long)(now_ms() % 100000), way == UP ? "up" : "down",
		p[1], (unsigned int)(p[2] << 8 | p[3]), len, what);
}

static void release(int way)
{
	struct held *h = &s.held[way];

	if (h->on) {
		put(h->fd, h->buf, h->len, &h->to);
		trace(way, h->buf, h->len, "released");
	}
	h->on = false;
}

/* A datagram of the transfer, one way: what the faults make of it. */
static void forward(int way, const uint8_t *p, size_t len, int fd,
		    const struct sockaddr_in *to)
{
	uint8_t buf[PKT_MAX];
	unsigned int op = len >= 2 ? (unsigned int)(p[0] << 8 | p[1]) : 0;

	if (s.stalled || s.dead) {
		ct.swallowed++;
		return;
	}
	if (op == 3) {
		s.data++;
		if (cfg.stall && s.data > cfg.stall) {
			s.stalled = true;
			ct.stalled++;
			ct.swallowed++;
			return;
		}
		if (cfg.error && s.data > cfg.error) {
			size_t n = error_pkt(buf, cfg.error_code, cfg.error_msg);

			put(s.v, buf, n, &s.client);
			if (s.have_tid)
				put(s.u, buf, error_pkt(buf, 0, "proxy ends it"), &s.tid);
			s.dead = true;
			ct.errors++;
			return;
		}
	}
	if (way == DOWN && op == 6 && (cfg.strip_tsize || cfg.tsize >= 0)) {
		len = rewrite_oack(p, len, buf);
		p = buf;
	}
	ct.up += way == UP;
	ct.down += way == DOWN;
	if (chance(cfg.drop)) {
		ct.dropped++;
		trace(way, p, len, "dropped");
		return;
	}
	if (!s.held[way].on && chance(cfg.reorder)) {
		struct held *h = &s.held[way];

		memcpy(h->buf, p, len);
		h->len = len;
		h->fd = fd;
		h->to = *to;
		h->since = now_ms();
		h->on = true;
		ct.reordered++;
		trace(way, p, len, "held");
		return;
	}
	put(fd, p, len, to);
	if (chance(cfg.dup)) {
		put(fd, p, len, to);
		ct.duped++;
		trace(way, p, len, "sent twice");
	} else {
		trace(way, p, len, "sent");
	}
	release(way);
	if (way == DOWN && op == 3 && cfg.stranger && s.data == cfg.stranger)
		send_stranger(p, len);
}

static bool same_addr(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

static ssize_t take(int fd, uint8_t *buf, struct sockaddr_in *from)
{
	socklen_t fl = sizeof(*from);

	return recvfrom(fd, buf, PKT_MAX, MSG_DONTWAIT, (struct sockaddr *)from, &fl);
}

static void from_listener(int l, uint8_t *buf)
{
	struct sockaddr_in from;
	ssize_t n = take(l, buf, &from);

	if (n < 4)
		return;
	ct.requests++;
	if (!s.have_client || !same_addr(&from, &s.client))
		new_session(&from);
	forward(UP, buf, (size_t)n, s.u, &server);
}

static void from_client(uint8_t *buf)
{
	struct sockaddr_in from;
	ssize_t n = take(s.v, buf, &from);

	if (n < 0 || !same_addr(&from, &s.client) || !s.have_tid)
		return;
	forward(UP, buf, (size_t)n, s.u, &s.tid);
}

static void from_server(uint8_t *buf)
{
	struct sockaddr_in from;
	ssize_t n = take(s.u, buf, &from);

	if (n < 0) {
		/* The server's transfer is gone: so is ours, to the client. */
		if (errno == ECONNREFUSED && !s.stalled && !s.dead) {
			ct.server_gone++;
			close_fd(&s.v);
			close_fd(&s.u);
		}
		return;
	}
	if (from.sin_addr.s_addr != server.sin_addr.s_addr)
		return;
	if (!s.have_tid) {
		s.tid = from;
		s.have_tid = true;
		/* Other TIDs (a repeated request's) now get port unreachable. */
		connect(s.u, (struct sockaddr *)&from, sizeof(from));
	} else if (!same_addr(&from, &s.tid)) {
		return;
	}
	forward(DOWN, buf, (size_t)n, s.v, &s.client);
}

static void from_stranger(uint8_t *buf)
{
	struct sockaddr_in from;
	ssize_t n = take(s.x, buf, &from);

	/* What RFC 1350 wants back: ERROR 5 (unknown transfer ID). */
	if (n >= 4 && buf[0] == 0 && buf[1] == 5 && buf[2] == 0 && buf[3] == 5)
		ct.err5++;
}

static void write_stats(const char *path)
{
	char line[512];
	FILE *f;

	snprintf(line, sizeof(line),
		 "seed=%llu transfers=%lu requests=%lu up=%lu down=%lu dropped=%lu "
		 "duplicated=%lu reordered=%lu strangers=%lu err5=%lu stalled=%lu "
		 "errors=%lu swallowed=%lu oacks=%lu server_gone=%lu\n",
		 cfg.seed, ct.transfers, ct.requests, ct.up, ct.down, ct.dropped,
		 ct.duped, ct.reordered, ct.strangers, ct.err5, ct.stalled,
		 ct.errors, ct.swallowed, ct.oacks, ct.server_gone);
	fputs(line, stderr);
	if (!path)
		return;
	f = fopen(path, "w");
	if (f) {
		fputs(line, f);
		fclose(f);
	}
}

static void usage(void)
{
	fputs("usage: ia-tftp-fault [--port-file F] [--stats F] [--seed N] [--drop P]\n"
	      "         [--dup P] [--reorder P] [--stranger N] [--stall N] [--error N]\n"
	      "         [--error-code C] [--error-msg M] [--tsize B] [--strip-tsize]\n"
	      "         [--delay MS] [--idle S] [--trace] SERVER_PORT\n", stderr);
	exit(2);
}

static unsigned long long num(const char *v)
{
	char *end;
	unsigned long long n;

	if (!v)
		usage();
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || !*v || *end)
		usage();
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t buf[PKT_MAX];
	const char *portfile = NULL, *stats = NULL;
	struct sockaddr_in me;
	socklen_t ml = sizeof(me);
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t last;
	int i, l;

	for (i = 1; i < argc - 1; i++) {
		const char *a = argv[i], *v = argv[i + 1];

		if (!strcmp(a, "--strip-tsize") || !strcmp(a, "--trace")) {
			*(a[2] == 's' ? &cfg.strip_tsize : &cfg.trace) = true;
			continue;
		}
		i++;
		if (!strcmp(a, "--port-file"))
			portfile = v;
		else if (!strcmp(a, "--stats"))
			stats = v;
		else if (!strcmp(a, "--seed"))
			cfg.seed = num(v);
		else if (!strcmp(a, "--drop"))
			cfg.drop = (unsigned int)num(v);
		else if (!strcmp(a, "--dup"))
			cfg.dup = (unsigned int)num(v);
		else if (!strcmp(a, "--delay"))
			cfg.delay_us = (unsigned int)num(v) * 1000;
		else if (!strcmp(a, "--reorder"))
			cfg.reorder = (unsigned int)num(v);
		else if (!strcmp(a, "--stranger"))
			cfg.stranger = (unsigned int)num(v);
		else if (!strcmp(a, "--stall"))
			cfg.stall = (unsigned int)num(v);
		else if (!strcmp(a, "--error"))
			cfg.error = (unsigned int)num(v);
		else if (!strcmp(a, "--error-code"))
			cfg.error_code = (unsigned int)num(v);
		else if (!strcmp(a, "--error-msg"))
			cfg.error_msg = v;
		else if (!strcmp(a, "--tsize"))
			cfg.tsize = (long long)num(v);
		else if (!strcmp(a, "--idle"))
			cfg.idle = (unsigned int)num(v);
		else
			usage();
	}
	if (i != argc - 1 || strlen(cfg.error_msg) > 400)
		usage();
	server.sin_family = AF_INET;
	server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	server.sin_port = htons((uint16_t)num(argv[argc - 1]));

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	l = udp_socket();
	getsockname(l, (struct sockaddr *)&me, &ml);
	if (portfile) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
		f = fopen(tmp, "w");
		if (!f || fprintf(f, "%u\n", ntohs(me.sin_port)) < 0 || fclose(f) ||
		    rename(tmp, portfile)) {
			perror(portfile);
			return 2;
		}
	}
	printf("ia-tftp-fault: seed %llu, port %u\n", cfg.seed, ntohs(me.sin_port));
	fflush(stdout);

	last = now_ms();
	while (!stop && now_ms() - last < cfg.idle * 1000ull) {
		struct pollfd p[4] = {
			{ .fd = l, .events = POLLIN }, { .fd = s.v, .events = POLLIN },
			{ .fd = s.u, .events = POLLIN }, { .fd = s.x, .events = POLLIN },
		};
		long long next_us;
		struct timespec wait;
		int w, k;

		for (w = UP; w <= DOWN; w++)
			if (s.held[w].on && now_ms() - s.held[w].since >= HOLD_MS)
				release(w);
		next_us = delay_flush(false);
		if (next_us < 0)
			next_us = (s.held[UP].on || s.held[DOWN].on ? 5 : 200) * 1000ll;
		wait.tv_sec = next_us / 1000000;
		wait.tv_nsec = (next_us % 1000000) * 1000;
		if (ppoll(p, 4, &wait, NULL) <= 0)
			continue;
		last = now_ms();
		if (p[0].revents)
			from_listener(l, buf);
		/* Each handler may close sockets: test them afresh. */
		for (k = 1; k < 4; k++) {
			if (!p[k].revents)
				continue;
			if (k == 1 && s.v == p[k].fd)
				from_client(buf);
			else if (k == 2 && s.u == p[k].fd)
				from_server(buf);
			else if (k == 3 && s.x == p[k].fd)
				from_stranger(buf);
		}
	}
	delay_flush(true);
	write_stats(stats);
	return 0;
}
