// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink with libmnl: family lookup, request/ack with extack
 * messages, dumps, multicast events.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

/* Replies are at most a few KiB (three key slots); room for a burst. */
#define NL_RX_BUF	(64 * 1024)

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, CTRL_ATTR_MAX) > 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static void find_events_group(struct nl *nl, const struct nlattr *groups)
{
	const struct nlattr *grp;

	mnl_attr_for_each_nested(grp, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { 0 };
		const struct nlattr *a;

		mnl_attr_for_each_nested(a, grp)
			if (mnl_attr_get_type(a) <= CTRL_ATTR_MCAST_GRP_MAX)
				tb[mnl_attr_get_type(a)] = a;
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			    IMGAUTH_MCGRP_EVENTS))
			nl->events_group =
				mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { 0 };
	struct nl *nl = data;

	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, tb) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	nl->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		find_events_group(nl, tb[CTRL_ATTR_MCAST_GROUPS]);
	return 0;
}

static struct nlmsghdr *put_header(struct nl *nl, void *buf, uint16_t type,
				   uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

int nl_open(struct nl *nl)
{
	int ret = nl_open_family(nl, IMGAUTH_GENL_NAME);

	if (ret == -ENOENT)
		snprintf(nl->err, sizeof(nl->err),
			 "the imgauth kernel module is not loaded (no \"%s\" netlink family)",
			 IMGAUTH_GENL_NAME);
	return ret;
}

int nl_open_family(struct nl *nl, const char *family)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->seq = (uint32_t)time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		ret = -errno;
		snprintf(nl->err, sizeof(nl->err), "netlink socket: %s",
			 strerror(errno));
		return ret;
	}
	/* Ask for the kernel's error text, and not for our request back. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		snprintf(nl->err, sizeof(nl->err), "netlink bind: %s",
			 strerror(errno));
		nl_close(nl);
		return ret;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);

	nlh = put_header(nl, buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	ret = nl_transact(nl, nlh, family_cb, nl);
	if (ret == -ENOENT)
		snprintf(nl->err, sizeof(nl->err), "no \"%s\" netlink family",
			 family);
	if (ret)
		nl_close(nl);
	return ret;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

struct nlmsghdr *nl_request(struct nl *nl, void *buf, size_t cap, uint8_t cmd)
{
	memset(buf, 0, cap < MNL_NLMSG_HDRLEN + 64 ? cap : MNL_NLMSG_HDRLEN + 64);
	return put_header(nl, buf, nl->family, cmd, IMGAUTH_GENL_VERSION);
}

/*
 * libmnl gives every callback one data pointer: this carries ours, and
 * the error that failed the call.  libmnl's MNL_CB_ERROR leaves the cause
 * in errno, which a callback may not have set (or set long ago): the
 * cause is kept here instead, so a failed reply is never a success.  The
 * run goes on to the kernel's ack even then: what is left unread would
 * be taken for the answer to the next request.
 */
struct run_ctx {
	struct nl *nl;
	nl_reply_fn cb;
	void *data;
	int err;		/* 0, or the first -errno of the call */
	unsigned int replies;	/* data messages seen */
};

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct run_ctx *c = data;
	int ret;

	c->replies++;
	if (!c->cb || c->err)
		return MNL_CB_OK;
	ret = c->cb(nlh, c->data);
	if (ret >= 0)
		return MNL_CB_OK;
	c->err = ret;
	snprintf(c->nl->err, sizeof(c->nl->err),
		 ret == -EPROTO ? "malformed reply from the kernel" : "%s",
		 strerror(-ret));
	return MNL_CB_OK;
}

/* NLMSG_ERROR: 0 is the ack; otherwise keep the extack text. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct run_ctx *c = data;
	struct nl *nl = c->nl;
	const struct nlattr *a;
	size_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)) || e->error > 0) {
		if (!c->err)
			c->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	/* Our callback's error, if any, came first and is the cause. */
	if (c->err)
		return MNL_CB_ERROR;
	nl->err[0] = '\0';
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(e->msg);
		mnl_attr_for_each(a, nlh, off)
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
				snprintf(nl->err, sizeof(nl->err), "%s",
					 mnl_attr_get_str(a));
	}
	c->err = e->error;
	return MNL_CB_ERROR;
}

/* NLMSG_DONE ends a dump; a dump that failed part-way says so in it. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct run_ctx *c = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0 && !c->err) {
			c->err = err;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

/* What ended a run of mnl_cb_run*(): our record first, errno last. */
static int run_result(const struct run_ctx *c, int ret)
{
	if (c->err)
		return c->err;
	if (ret >= 0)
		return 0;
	/* libmnl's own failures (a truncated message...) set errno. */
	return errno > 0 ? -errno : -EPROTO;
}

static int transact(struct nl *nl, struct nlmsghdr *req, nl_reply_fn cb,
		    void *data, bool dump)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { 0 };
	struct run_ctx c = { .nl = nl, .cb = cb, .data = data };
	uint8_t *buf;
	ssize_t n;
	int ret;

	ctl[NLMSG_ERROR] = error_cb;
	ctl[NLMSG_DONE] = done_cb;
	nl->err[0] = '\0';
	buf = malloc(NL_RX_BUF);
	if (!buf)
		return -ENOMEM;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		n = mnl_socket_recvfrom(nl->sock, buf, NL_RX_BUF);
		if (n < 0) {
			ret = -errno;
			goto out;
		}
		errno = 0;
		ret = mnl_cb_run2(buf, (size_t)n, req->nlmsg_seq, nl->portid,
				  data_cb, &c, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	ret = run_result(&c, ret);
	/* A command that answers with data must have answered; a dump may be empty. */
	if (!ret && cb && !dump && !c.replies) {
		snprintf(nl->err, sizeof(nl->err), "no reply from the kernel");
		ret = -EPROTO;
	}
out:
	if (ret && !nl->err[0])
		snprintf(nl->err, sizeof(nl->err), "%s", strerror(-ret));
	free(buf);
	return ret;
}

int nl_transact(struct nl *nl, struct nlmsghdr *req, nl_reply_fn cb, void *data)
{
	return transact(nl, req, cb, data, false);
}

int nl_dump(struct nl *nl, struct nlmsghdr *req, nl_reply_fn cb, void *data)
{
	/* The end is NLMSG_DONE (or an error), not an ack. */
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	return transact(nl, req, cb, data, true);
}

int nl_subscribe_events(struct nl *nl)
{
	int grp = (int)nl->events_group;

	if (!grp) {
		snprintf(nl->err, sizeof(nl->err), "the module has no \"%s\" group",
			 IMGAUTH_MCGRP_EVENTS);
		return -ENOENT;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		snprintf(nl->err, sizeof(nl->err), "joining the events group: %s",
			 strerror(errno));
		return -errno;
	}
	return 0;
}

int nl_receive(struct nl *nl, nl_reply_fn cb, void *data)
{
	struct run_ctx c = { .nl = nl, .cb = cb, .data = data };
	uint8_t *buf = malloc(NL_RX_BUF);
	ssize_t n;
	int ret;

	if (!buf)
		return -ENOMEM;
	n = mnl_socket_recvfrom(nl->sock, buf, NL_RX_BUF);
	if (n < 0) {
		ret = -errno;
	} else {
		errno = 0;
		ret = run_result(&c, mnl_cb_run(buf, (size_t)n, 0, 0, data_cb, &c));
	}
	free(buf);
	return ret;
}

struct parse_ctx {
	const struct nlattr **tb;
	int max;
};

static int parse_cb(const struct nlattr *attr, void *data)
{
	struct parse_ctx *c = data;
	int type = mnl_attr_get_type(attr);

	if (type <= c->max)
		c->tb[type] = attr;
	return MNL_CB_OK;
}

int nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb, int max)
{
	struct parse_ctx c = { tb, max };

	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_cb, &c) < 0 ?
	       -EBADMSG : 0;
}

int nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		    int max)
{
	struct parse_ctx c = { tb, max };

	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	return mnl_attr_parse_nested(nest, parse_cb, &c) < 0 ? -EBADMSG : 0;
}

const char *nl_strerror(const struct nl *nl, int err)
{
	if (nl->err[0])
		return nl->err;
	return strerror(err < 0 ? -err : err);
}
