// SPDX-License-Identifier: GPL-2.0
/*
 * nl_transact() and a reply callback that fails: the call must fail with
 * the callback's error, never succeed with what the callback left (or a
 * stale errno).  The imgauth family is not on the host; the generic
 * netlink controller ("nlctrl") is on every Linux, and answers a
 * GETFAMILY with one reply message, which is all this needs.  nl_dump()
 * (LOG_GET's way) runs on the controller's GETFAMILY dump: a message per
 * family, then NLMSG_DONE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>

#include "nl.h"
#include "check.h"

struct seen {
	int calls;
	int ret;		/* what the callback returns */
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct seen *s = data;

	(void)nlh;
	s->calls++;
	return s->ret;
}

/* A socket to the controller, set up as nl_open() does it. */
static int open_ctrl(struct nl *nl)
{
	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	nl->family = GENL_ID_CTRL;
	return 0;
}

/* GETFAMILY "nlctrl" with @cb; the result of nl_transact(). */
static int getfamily(struct nl *nl, struct seen *s)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = nl_request(nl, buf, sizeof(buf), CTRL_CMD_GETFAMILY);

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	/* What a stale errno would turn a failure into: success. */
	errno = 0;
	return nl_transact(nl, nlh, s ? reply_cb : NULL, s);
}

/* The GETFAMILY dump: every family, nlctrl among them. */
static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct seen *s = data;
	const struct nlattr *a;

	s->calls++;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_NAME &&
		    !strcmp(mnl_attr_get_str(a), "nlctrl"))
			s->ret++;
	return 0;
}

static int fail_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	return ++((struct seen *)data)->calls == 2 ? -EPROTO : 0;
}

static void test_dump(struct nl *nl)
{
	char buf[256] __attribute__((aligned(4)));
	struct seen s = { 0 };
	int ret;

	ret = nl_dump(nl, nl_request(nl, buf, sizeof(buf), CTRL_CMD_GETFAMILY),
		      dump_cb, &s);
	CHECK(ret == 0 && s.calls > 1 && s.ret == 1,
	      "dump: ret %d, %d messages, nlctrl seen %d times", ret, s.calls, s.ret);
	/* A callback that fails part-way fails the dump, which is read to its end. */
	s = (struct seen){ 0 };
	ret = nl_dump(nl, nl_request(nl, buf, sizeof(buf), CTRL_CMD_GETFAMILY),
		      fail_cb, &s);
	CHECK(ret == -EPROTO && s.calls == 2, "failed dump: ret %d, %d calls", ret, s.calls);
	s = (struct seen){ .ret = 0 };
	ret = getfamily(nl, &s);
	CHECK(ret == 0 && s.calls == 1, "after a dump: ret %d, %d calls", ret, s.calls);
}

int main(void)
{
	struct seen s;
	struct nl nl;
	int ret;

	if (open_ctrl(&nl)) {
		fprintf(stderr, "test_nl: no generic netlink: %s\n", strerror(errno));
		return 1;
	}

	s = (struct seen){ .ret = 0 };
	ret = getfamily(&nl, &s);
	CHECK(ret == 0 && s.calls == 1, "a good reply: ret %d, %d calls", ret, s.calls);

	s = (struct seen){ .ret = -EPROTO };
	ret = getfamily(&nl, &s);
	CHECK(ret == -EPROTO, "a reply the callback cannot parse: ret %d, want -EPROTO", ret);
	CHECK(s.calls == 1, "%d calls", s.calls);
	CHECK(strstr(nl_strerror(&nl, ret), "malformed reply"),
	      "message \"%s\"", nl_strerror(&nl, ret));

	s = (struct seen){ .ret = -ENOMEM };
	ret = getfamily(&nl, &s);
	CHECK(ret == -ENOMEM, "a callback out of memory: ret %d, want -ENOMEM", ret);

	/* The socket is still good after a failed call. */
	s = (struct seen){ .ret = 0 };
	ret = getfamily(&nl, &s);
	CHECK(ret == 0 && s.calls == 1, "after failures: ret %d, %d calls", ret, s.calls);

	/* No callback: the reply is skipped, the ack is the result. */
	ret = getfamily(&nl, NULL);
	CHECK(ret == 0, "no callback: ret %d", ret);

	test_dump(&nl);

	nl_close(&nl);

	/* The family lookup itself, and a family that is not there. */
	CHECK(nl_open_family(&nl, "nlctrl") == 0 && nl.family == GENL_ID_CTRL,
	      "nl_open_family(nlctrl): family %u", nl.family);
	nl_close(&nl);
	ret = nl_open_family(&nl, "no-such-family");
	CHECK(ret == -ENOENT, "a missing family: ret %d, want -ENOENT", ret);
	return check_done("test_nl");
}
