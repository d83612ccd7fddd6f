// SPDX-License-Identifier: GPL-2.0
/*
 * ia-hostile-nl: hostile generic netlink input for the imgauth family.
 *
 *   ia-hostile-nl cases
 *	fixed malformed requests (missing, oversized, wrongly nested and
 *	wrongly typed attributes, unknown commands and flags), each with the
 *	errno it must get; prints "case NAME: errno E" and "FAIL ..." for a
 *	wrong answer.  None of them may change anything.
 *   ia-hostile-nl random [--seed S] [--count N] [--all]
 *	N (default 20000) random requests from a seeded generator: random
 *	flags, version, command and 0..7 attributes of random type, length,
 *	nesting flag and content (some well-formed nests, strings, u32s).
 *	Without --all only commands that cannot change state whatever their
 *	attributes (root may run it); with --all every command number 0..255
 *	(run it without CAP_SYS_ADMIN: state-changing ones then stop at the
 *	privilege check, after their attributes were parsed).  Prints
 *	"random: N sent, N ok, N errors, N unanswered" and an errno histogram.
 *
 * Every request asks for an ACK, so every one is answered; one that is
 * not within 5 s counts as unanswered (and fails the test).  Plain
 * sockets: linked statically for the guest.  Exit 0 when every answer was
 * as expected, 1 otherwise, 2 on setup errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/imgauth.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "tool_util.h"

#define BUFSZ 65536
#define NOANSWER 10000

static unsigned char buf[BUFSZ] __attribute__((aligned(4)));
static unsigned char rbuf[BUFSZ] __attribute__((aligned(4)));
static int sock;
static unsigned short fam;
static unsigned int seq;

/* A request being built in buf. */
struct req {
	size_t len;
};

static struct nlmsghdr *req_start(struct req *r, unsigned short type,
				  unsigned short flags, unsigned char cmd,
				  unsigned char version)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, NLMSG_SPACE(GENL_HDRLEN));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags | NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = version;
	r->len = NLMSG_SPACE(GENL_HDRLEN);
	return nlh;
}

/* Append an attribute; returns its offset (for nests) or 0 if no room. */
static size_t put(struct req *r, unsigned short type, const void *data,
		  size_t len)
{
	struct nlattr *a = (struct nlattr *)(buf + r->len);
	size_t at = r->len;

	if (r->len + NLA_HDRLEN + NLA_ALIGN(len) > BUFSZ || len > 0xfff0)
		return 0;
	a->nla_type = type;
	a->nla_len = (unsigned short)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	r->len += NLA_HDRLEN + NLA_ALIGN(len);
	return at;
}

static void put_u32(struct req *r, unsigned short type, uint32_t v)
{
	put(r, type, &v, sizeof(v));
}

static void nest_end(struct req *r, size_t at)
{
	((struct nlattr *)(buf + at))->nla_len = (unsigned short)(r->len - at);
}

static void set_timeout(void)
{
	struct timeval tv = { 5, 0 };

	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/*
 * Send what is in buf and wait for the answer to it: 0 (ACK or the end of
 * a dump), a positive errno, or NOANSWER.  @reply gets a copy of the
 * first non-error message, if any.
 */
static int transact(struct req *r, void *reply, size_t reply_len)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	unsigned int want = nlh->nlmsg_seq;

	nlh->nlmsg_len = (unsigned int)r->len;
	if (send(sock, buf, r->len, 0) < 0)
		return errno;
	for (;;) {
		ssize_t n = recv(sock, rbuf, BUFSZ, 0);
		struct nlmsghdr *m;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return NOANSWER;
			/* Replies lost to a full socket: answered, not ours. */
			if (errno == ENOBUFS)
				continue;
			die("recv");
		}
		for (m = (struct nlmsghdr *)rbuf; NLMSG_OK(m, n);
		     m = NLMSG_NEXT(m, n)) {
			if (m->nlmsg_seq != want)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(m);

				/* A dump that ended: its DONE came first. */
				return -e->error;
			}
			if (m->nlmsg_type == NLMSG_DONE)
				return 0;
			if (reply && m->nlmsg_len <= reply_len) {
				memcpy(reply, m, m->nlmsg_len);
				reply = NULL;
			}
		}
	}
}

static void open_family(void)
{
	static unsigned char reply[BUFSZ] __attribute__((aligned(4)));
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)reply;
	struct nlattr *it;
	struct req r;
	int len, err;

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof(sa)))
		die("netlink socket");
	set_timeout();
	req_start(&r, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	put(&r, CTRL_ATTR_FAMILY_NAME, IMGAUTH_GENL_NAME,
	    sizeof(IMGAUTH_GENL_NAME));
	nlh->nlmsg_len = 0;
	err = transact(&r, reply, sizeof(reply));
	if (err || !nlh->nlmsg_len) {
		fprintf(stderr, "no imgauth netlink family (%d)\n", err);
		exit(2);
	}
	len = (int)(nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN));
	for (it = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && it->nla_len >= NLA_HDRLEN && it->nla_len <= len;
	     len -= NLA_ALIGN(it->nla_len),
	     it = (struct nlattr *)((char *)it + NLA_ALIGN(it->nla_len))) {
		if ((it->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID) {
			fam = *(unsigned short *)((char *)it + NLA_HDRLEN);
			return;
		}
	}
	fprintf(stderr, "no family id in the reply\n");
	exit(2);
}

/* ---- fixed cases ---- */

static int failures;

static void expect(const char *name, struct req *r, int want1, int want2)
{
	int got = transact(r, NULL, 0);

	printf("case %s: errno %d\n", name, got);
	if (got != want1 && got != want2) {
		printf("FAIL %s: errno %d, expected %d%s%.0d\n", name, got, want1,
		       want2 != want1 ? " or " : "", want2 != want1 ? want2 : 0);
		failures++;
	}
}

static void run_cases(void)
{
	static unsigned char big[8192];
	struct req r;
	size_t n;
	int c;

	memset(big, 0x41, sizeof(big));
	/* Commands the family does not have, and the event it only sends. */
	for (c = 0; c < 256; c++) {
		char name[32];

		if (c > IMGAUTH_CMD_UNSPEC && c <= IMGAUTH_CMD_MAX &&
		    c != IMGAUTH_CMD_EVENT)
			continue;
		snprintf(name, sizeof(name), "unknown-cmd-%d", c);
		req_start(&r, fam, 0, (unsigned char)c, 1);
		expect(name, &r, EOPNOTSUPP, EOPNOTSUPP);
	}
	/* A dump of a command that has none; a dump of the journal works. */
	req_start(&r, fam, NLM_F_DUMP, IMGAUTH_CMD_STATUS, 1);
	expect("dump-of-doit", &r, EOPNOTSUPP, EOPNOTSUPP);
	req_start(&r, fam, NLM_F_DUMP, IMGAUTH_CMD_LOG_GET, 1);
	expect("log-dump", &r, 0, 0);
	req_start(&r, fam, 0, IMGAUTH_CMD_LOG_GET, 1);
	expect("log-without-dump", &r, EOPNOTSUPP, EOPNOTSUPP);
	/* Other versions and odd flags are not a reason to misbehave. */
	req_start(&r, fam, NLM_F_ECHO, IMGAUTH_CMD_STATUS, 0);
	expect("status-echo", &r, 0, 0);
	/* NEW-request flags on a GET: a clean refusal or an answer. */
	req_start(&r, fam, NLM_F_EXCL | NLM_F_CREATE, IMGAUTH_CMD_STATUS, 1);
	expect("status-new-flags", &r, 0, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_STATUS, 255);
	expect("status-version-255", &r, 0, 0);

	/* Missing attributes. */
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_SET, 1);
	expect("key-set-no-key", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	expect("verify-no-target", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_INSTALL_COMMIT, 1);
	expect("commit-no-target", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	expect("verify-sig-nothing", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, "x", 1);
	expect("verify-sig-no-sig", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	expect("ldrcfg-set-nothing", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_STATEMENT, 1);
	expect("statement-nothing", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_FLOOR_RAISE, 1);
	expect("floor-nothing", &r, EINVAL, EINVAL);

	/* Oversized attributes (policy lengths). */
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_SET, 1);
	put(&r, IMGAUTH_A_KEY, big, IMGAUTH_KEY_MAX + 1);
	expect("key-set-oversized", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, "x", 1);
	put(&r, IMGAUTH_A_SIG, big, 4097);
	expect("verify-sig-sig-oversized", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, "x", 1);
	put(&r, IMGAUTH_A_SIG, big, 46);
	put(&r, IMGAUTH_A_HASH, "sha1sha1sha1sha1sha1", 21);
	expect("verify-sig-hash-oversized", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_STATEMENT, 1);
	put(&r, IMGAUTH_A_STATEMENT, big, sizeof(big));
	expect("statement-oversized", &r, ERANGE, EINVAL);
	/* A message the size of the whole buffer: no room for the reply. */
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, big, sizeof(big));
	put(&r, IMGAUTH_A_MSG, big, sizeof(big));
	put(&r, IMGAUTH_A_SIG, "\x30\x06\x02\x01\x01\x02\x01\x01", 8);
	expect("verify-sig-msg-twice", &r, 0, ENOKEY);

	/* Wrong types and values. */
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	put(&r, IMGAUTH_A_TARGET, "\x01\x00", 2);
	expect("verify-target-u16", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	put_u32(&r, IMGAUTH_A_TARGET, 7);
	expect("verify-target-7", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	put_u32(&r, IMGAUTH_A_TARGET, 0xffffffff);
	expect("verify-target-max", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_INSTALL_COMMIT, 1);
	put_u32(&r, IMGAUTH_A_TARGET, IMGAUTH_TARGET_LOADER);
	expect("commit-loader", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_FLOOR_RAISE, 1);
	put(&r, IMGAUTH_A_SW_VERSION, "\x06\x03", 2);
	expect("floor-u16", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_FLOOR_RAISE, 1);
	put(&r, IMGAUTH_A_SW_VERSION, "\x06\x03\x00\x11\x00\x00\x00\x00", 8);
	expect("floor-u64", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, "x", 1);
	put(&r, IMGAUTH_A_SIG, big, 46);
	put_u32(&r, IMGAUTH_A_SIG_FORMAT, 2);
	expect("verify-sig-format-2", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, "x", 1);
	put(&r, IMGAUTH_A_SIG, big, 46);
	put(&r, IMGAUTH_A_HASH, "sha1", 4);	/* no NUL */
	expect("verify-sig-hash-unterminated", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY_SIG, 1);
	put(&r, IMGAUTH_A_MSG, "x", 1);
	put(&r, IMGAUTH_A_SIG, big, 46);
	put(&r, IMGAUTH_A_HASH, "md5", 4);
	expect("verify-sig-hash-md5", &r, EINVAL, ENOENT);
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_SET, 1);
	put(&r, IMGAUTH_A_KEY, big, 100);
	put(&r, IMGAUTH_A_PROVISION, "\x01", 1);	/* a flag with a value */
	expect("key-set-flag-with-data", &r, ERANGE, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_SET, 1);
	put(&r, IMGAUTH_A_KEY, big, 100);
	expect("key-set-garbage-key", &r, EINVAL, EKEYREJECTED);
	req_start(&r, fam, 0, IMGAUTH_CMD_KEY_SET, 1);
	put(&r, IMGAUTH_A_KEY, NULL, 0);
	expect("key-set-empty-key", &r, EINVAL, EINVAL);
	/* Attribute numbers beyond the family's. */
	req_start(&r, fam, 0, IMGAUTH_CMD_STATUS, 1);
	put_u32(&r, IMGAUTH_A_MAX + 1, 1);
	expect("status-attr-beyond-max", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_STATUS, 1);
	put_u32(&r, 0x7fff, 1);
	expect("status-attr-7fff", &r, EINVAL, EINVAL);
	/* An attribute the command does not take (strict validation). */
	req_start(&r, fam, 0, IMGAUTH_CMD_STATUS, 1);
	put_u32(&r, IMGAUTH_A_TARGET, 1);
	expect("status-unexpected-attr", &r, EINVAL, EINVAL);

	/* Nesting: not nested, nested wrong, too deep, truncated inside. */
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	put(&r, IMGAUTH_A_LOADER_CONFIG, "abcdefgh", 8);
	expect("ldrcfg-not-a-nest", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	n = put(&r, IMGAUTH_A_LOADER_CONFIG | NLA_F_NESTED, NULL, 0);
	put(&r, IMGAUTH_LDRCFG_A_SELF_IP, "\x0a\x00\x00", 3);
	nest_end(&r, n);
	expect("ldrcfg-ip-3-bytes", &r, EINVAL, ERANGE);
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	n = put(&r, IMGAUTH_A_LOADER_CONFIG | NLA_F_NESTED, NULL, 0);
	put(&r, IMGAUTH_LDRCFG_A_BOOT_FILE, big, 200);
	nest_end(&r, n);
	expect("ldrcfg-boot-file-unterminated", &r, EINVAL, ERANGE);
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	n = put(&r, IMGAUTH_A_LOADER_CONFIG | NLA_F_NESTED, NULL, 0);
	put_u32(&r, IMGAUTH_LDRCFG_A_MAX + 1, 0);
	nest_end(&r, n);
	expect("ldrcfg-unknown-inner", &r, EINVAL, EINVAL);
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	n = put(&r, IMGAUTH_A_LOADER_CONFIG | NLA_F_NESTED, NULL, 0);
	{
		size_t m = put(&r, IMGAUTH_LDRCFG_A_SELF_IP | NLA_F_NESTED, NULL, 0);

		put(&r, 1, "\x0a\x00\x00\x01", 4);
		nest_end(&r, m);
	}
	nest_end(&r, n);
	expect("ldrcfg-ip-as-nest", &r, EINVAL, ERANGE);
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	n = put(&r, IMGAUTH_A_TARGET | NLA_F_NESTED, NULL, 0);
	put_u32(&r, 1, 1);
	nest_end(&r, n);
	expect("verify-target-as-nest", &r, EINVAL, ERANGE);
	/* An inner attribute whose length runs past its nest. */
	req_start(&r, fam, 0, IMGAUTH_CMD_LOADER_CONFIG_SET, 1);
	n = put(&r, IMGAUTH_A_LOADER_CONFIG | NLA_F_NESTED, NULL, 0);
	put(&r, IMGAUTH_LDRCFG_A_SELF_IP, "\x0a\x00\x00\x01", 4);
	nest_end(&r, n);
	((struct nlattr *)(buf + n + NLA_HDRLEN))->nla_len = 200;
	expect("ldrcfg-inner-overrun", &r, EINVAL, ERANGE);
	/* An attribute whose length runs past the message. */
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	n = put(&r, IMGAUTH_A_TARGET, "\x01\x00\x00\x00", 4);
	((struct nlattr *)(buf + n))->nla_len = 1000;
	expect("verify-attr-overrun", &r, EINVAL, ERANGE);
	/* An attribute shorter than its own header. */
	req_start(&r, fam, 0, IMGAUTH_CMD_VERIFY, 1);
	n = put(&r, IMGAUTH_A_TARGET, "\x01\x00\x00\x00", 4);
	((struct nlattr *)(buf + n))->nla_len = 2;
	expect("verify-attr-len-2", &r, EINVAL, ERANGE);
}

/* ---- the random fuzzer ---- */

static uint64_t rng;

static uint32_t rnd(void)
{
	/* xorshift64*: deterministic for a seed, on every libc */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

/*
 * Commands root may get at random: none of them changes state whatever
 * the attributes (KEY_SET with random bytes is no DSA key, and a random
 * statement is not signed by the key).
 */
static const unsigned char safe_cmds[] = {
	IMGAUTH_CMD_STATUS, IMGAUTH_CMD_KEY_GET, IMGAUTH_CMD_KEY_SET,
	IMGAUTH_CMD_VERIFY, IMGAUTH_CMD_VERIFY_SIG, IMGAUTH_CMD_VERIFY_SIG,
	IMGAUTH_CMD_VERIFY_SIG, IMGAUTH_CMD_LOADER_CONFIG_GET,
	IMGAUTH_CMD_KEY_STATEMENT, IMGAUTH_CMD_LOG_GET, IMGAUTH_CMD_UNSPEC,
	IMGAUTH_CMD_EVENT, IMGAUTH_CMD_MAX + 1, 255,
};

static const unsigned int lens[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 46, 64, 255, 256, 1535, 1536,
	1537, 4096, 4097, 8192,
};

static unsigned char payload[9000];

static void random_attrs(struct req *r, int depth)
{
	int i, n = (int)(rnd() % 8);

	for (i = 0; i < n; i++) {
		unsigned short type = (unsigned short)(rnd() % (IMGAUTH_A_MAX + 4));
		unsigned int len, k, how = rnd() % 16;

		if (rnd() % 8 == 0)
			type |= NLA_F_NESTED;
		if (rnd() % 32 == 0)
			type |= NLA_F_NET_BYTEORDER;
		if (how < 3 && depth < 3) {
			/* A nest of random attributes. */
			size_t at = put(r, type | NLA_F_NESTED, NULL, 0);

			if (!at)
				return;
			random_attrs(r, depth + 1);
			nest_end(r, at);
			continue;
		}
		if (how < 7) {
			put_u32(r, type, rnd() % 4 ? rnd() % 4 : rnd());
			continue;
		}
		len = rnd() % 2 ? lens[rnd() % (sizeof(lens) / sizeof(lens[0]))] :
				  rnd() % 100;
		for (k = 0; k < len; k++)
			payload[k] = (unsigned char)(how == 8 ? 'a' + rnd() % 26 :
						     rnd());
		if (how == 8 && len)
			payload[len - 1] = 0;	/* a string */
		if (!put(r, type, payload, len))
			return;
	}
}

/* Break one attribute's length now and then: the parser must notice. */
static void maybe_corrupt(struct req *r)
{
	size_t first = NLMSG_SPACE(GENL_HDRLEN), at;
	struct nlattr *a;

	if (r->len <= first || rnd() % 16)
		return;
	at = first + (rnd() % ((r->len - first) / 4)) * 4;
	a = (struct nlattr *)(buf + at);
	a->nla_len = (unsigned short)rnd();
}

static int run_random(uint64_t seed, long count, int all)
{
	long hist[NOANSWER + 1] = { 0 };
	long sent = 0, ok = 0, errors = 0, unanswered = 0;
	int e;

	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	for (sent = 0; sent < count; sent++) {
		struct req r;
		unsigned short flags = 0;
		unsigned char cmd;
		int got;

		/* --all: mostly the family's own numbers, any one now and then. */
		if (all)
			cmd = (unsigned char)(rnd() % 8 ? rnd() % (IMGAUTH_CMD_MAX + 2) :
					      rnd());
		else
			cmd = safe_cmds[rnd() % sizeof(safe_cmds)];
		if (rnd() % 8 == 0)
			flags |= (unsigned short)(rnd() & 0x0f3c);	/* no ACK/REQUEST games */
		if (rnd() % 16 == 0)
			flags |= NLM_F_DUMP;
		req_start(&r, fam, flags, cmd, (unsigned char)(rnd() % 8 ? 1 : rnd()));
		random_attrs(&r, 0);
		maybe_corrupt(&r);
		got = transact(&r, NULL, 0);
		if (got == NOANSWER) {
			unanswered++;
			printf("unanswered: request %ld (cmd %u)\n", sent, cmd);
		} else if (got) {
			errors++;
		} else {
			ok++;
		}
		hist[got >= 0 && got <= NOANSWER ? got : NOANSWER]++;
	}
	printf("random: %ld sent, %ld ok, %ld errors, %ld unanswered (seed %llu%s)\n",
	       sent, ok, errors, unanswered, (unsigned long long)seed,
	       all ? ", every command" : "");
	for (e = 0; e <= NOANSWER; e++)
		if (hist[e])
			printf("random: errno %d: %ld\n", e, hist[e]);
	return unanswered ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = 13;
	long count = 20000;
	int i, all = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: ia-hostile-nl cases | random [--seed S] [--count N] [--all]\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = atol(argv[++i]);
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else
			return 2;
	}
	open_family();
	if (!strcmp(argv[1], "cases")) {
		run_cases();
		printf("cases: %d failed\n", failures);
		return failures ? 1 : 0;
	}
	if (!strcmp(argv[1], "random"))
		return run_random(seed, count, all);
	return 2;
}
