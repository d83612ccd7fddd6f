// SPDX-License-Identifier: GPL-2.0
/*
 * ia-nl-flood: send one imgauth generic netlink command (no attributes)
 * COUNT times as fast as the kernel answers, one request in flight, and
 * count the replies by outcome.  A reader flood for the lock tests: no
 * process start-up between requests, so the kernel side of the command
 * runs most of the time.
 *
 *   ia-nl-flood [--count N] [--seconds S] CMD
 *
 * CMD is the numeric IMGAUTH_CMD_* value.  Stops after N requests or S
 * seconds, whichever comes first (defaults 100000 and 30).  Prints
 * "sent N ok N errors N (last errno E)".  Exit 0, or 2 on setup errors.
 * Plain sockets, no libmnl: it is linked statically for the guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/imgauth.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tool_util.h"

#define BUFSZ 65536

static char buf[BUFSZ] __attribute__((aligned(4)));

/* Send a genetlink request; returns its sequence number. */
static unsigned int send_req(int fd, unsigned short type, unsigned char cmd,
			     const void *attr, size_t attr_len)
{
	static unsigned int seq;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, NLMSG_SPACE(GENL_HDRLEN) + NLA_ALIGN(attr_len));
	nlh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + attr_len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = 1;
	if (attr_len)
		memcpy((char *)g + GENL_HDRLEN, attr, attr_len);
	if (send(fd, buf, nlh->nlmsg_len, 0) < 0)
		die("send");
	return seq;
}

/*
 * Read until the ACK (or error) of @seq; returns the errno of the request
 * (0 for success) and, for a reply, copies it to @reply.
 */
static int wait_ack(int fd, unsigned int seq, char *reply, size_t reply_len)
{
	for (;;) {
		ssize_t n = recv(fd, buf, BUFSZ, 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("recv");
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				return -e->error;
			}
			if (reply && nlh->nlmsg_len <= reply_len)
				memcpy(reply, nlh, nlh->nlmsg_len);
		}
	}
}

static unsigned short family_id(int fd)
{
	char attr[NLA_HDRLEN + NLA_ALIGN(sizeof(IMGAUTH_GENL_NAME))];
	struct nlattr *a = (struct nlattr *)attr;
	static char reply[BUFSZ] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)reply;
	struct nlattr *it;
	unsigned int seq;
	int len, err;

	memset(attr, 0, sizeof(attr));
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(IMGAUTH_GENL_NAME);
	memcpy(attr + NLA_HDRLEN, IMGAUTH_GENL_NAME, sizeof(IMGAUTH_GENL_NAME));
	seq = send_req(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, attr, sizeof(attr));
	nlh->nlmsg_len = 0;
	err = wait_ack(fd, seq, reply, sizeof(reply));
	if (err || !nlh->nlmsg_len) {
		fprintf(stderr, "no imgauth netlink family (%s)\n", strerror(err));
		exit(2);
	}
	len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (it = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && it->nla_len >= NLA_HDRLEN &&
	     it->nla_len <= len;
	     len -= NLA_ALIGN(it->nla_len),
	     it = (struct nlattr *)((char *)it + NLA_ALIGN(it->nla_len))) {
		if ((it->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			return *(unsigned short *)((char *)it + NLA_HDRLEN);
	}
	fprintf(stderr, "no family id in the reply\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	long count = 100000, seconds = 30, sent = 0, ok = 0, errors = 0;
	int i, fd, cmd, last = 0;
	unsigned short fam;
	time_t end;

	for (i = 1; i < argc - 1; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc - 1)
			count = atol(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc - 1)
			seconds = atol(argv[++i]);
		else
			break;
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: ia-nl-flood [--count N] [--seconds S] CMD\n");
		return 2;
	}
	cmd = atoi(argv[i]);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("netlink socket");
	fam = family_id(fd);
	end = time(NULL) + seconds;
	while (sent < count && time(NULL) < end) {
		int err = wait_ack(fd, send_req(fd, fam, cmd, NULL, 0), NULL, 0);

		sent++;
		if (err) {
			errors++;
			last = err;
		} else {
			ok++;
		}
	}
	printf("sent %ld ok %ld errors %ld (last errno %d)\n", sent, ok, errors,
	       last);
	return 0;
}
