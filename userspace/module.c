// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dev.h"
#include "module.h"

int open_module(struct nl *nl)
{
	int ret = nl_open(nl);

	if (!ret)
		return EXIT_OK;
	errmsg("%s", nl->err);
	return ret == -ENOENT ? EXIT_NOMODULE : exit_code_for_errno(ret);
}

int module_request(uint8_t cmd, const char *what, nl_reply_fn cb, void *data)
{
	char buf[256] __attribute__((aligned(4)));
	struct nl nl;
	int rc, ret;

	rc = open_module(&nl);
	if (rc)
		return rc;
	ret = nl_transact(&nl, nl_request(&nl, buf, sizeof(buf), cmd), cb, data);
	if (ret) {
		errmsg("%s: %s", what, nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	}
	nl_close(&nl);
	return rc;
}

static int verdict_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	struct module_verdict *v = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_STATUS] ||
	    !tb[IMGAUTH_A_MESSAGE])
		return -EPROTO;
	v->status = mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]);
	snprintf(v->msg, sizeof(v->msg), "%s",
		 mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]));
	return 0;
}

int module_verdict(uint8_t cmd, uint16_t attr, const void *val, size_t len,
		   const char *what, struct module_verdict *v)
{
	size_t cap = MNL_NLMSG_HDRLEN + 64 + MNL_ALIGN(len);
	struct nlmsghdr *nlh;
	struct nl nl;
	void *buf;
	int rc, ret;

	memset(v, 0, sizeof(*v));
	rc = open_module(&nl);
	if (rc)
		return rc;
	/* calloc: aligned for a message, and the padding zeroed. */
	buf = calloc(1, cap);
	if (!buf) {
		nl_close(&nl);
		errmsg("%s: out of memory", what ? what : "netlink");
		return EXIT_FAILURE_GENERIC;
	}
	nlh = nl_request(&nl, buf, cap, cmd);
	if (val)
		mnl_attr_put(nlh, attr, len, val);
	ret = nl_transact(&nl, nlh, verdict_cb, v);
	free(buf);
	if (ret) {
		v->err = ret;
		snprintf(v->why, sizeof(v->why), "%s", nl_strerror(&nl, ret));
		if (what)
			errmsg("%s: %s", what, v->why);
		rc = exit_code_for_errno(ret == -EINVAL ? -EBADMSG : ret);
	}
	nl_close(&nl);
	return rc;
}

static int policy_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	const struct nlattr *sys[IMGAUTH_SYS_A_MAX + 1];
	struct module_policy *p = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_SYSTEM] ||
	    nl_parse_nested(tb[IMGAUTH_A_SYSTEM], sys, IMGAUTH_SYS_A_MAX) ||
	    !sys[IMGAUTH_SYS_A_POLICY_STATE] || !sys[IMGAUTH_SYS_A_LOCKED] ||
	    !sys[IMGAUTH_SYS_A_PROVISIONED] || !sys[IMGAUTH_SYS_A_FLOOR] ||
	    !sys[IMGAUTH_SYS_A_STMT_COUNTER])
		return -EPROTO;
	p->state = mnl_attr_get_u32(sys[IMGAUTH_SYS_A_POLICY_STATE]);
	p->locked = mnl_attr_get_u8(sys[IMGAUTH_SYS_A_LOCKED]);
	p->provisioned = mnl_attr_get_u8(sys[IMGAUTH_SYS_A_PROVISIONED]);
	p->floor = mnl_attr_get_u32(sys[IMGAUTH_SYS_A_FLOOR]);
	p->counter = mnl_attr_get_u32(sys[IMGAUTH_SYS_A_STMT_COUNTER]);
	snprintf(p->serial, sizeof(p->serial), "%s",
		 sys[IMGAUTH_SYS_A_SERIAL] ?
		 mnl_attr_get_str(sys[IMGAUTH_SYS_A_SERIAL]) : "");
	return 0;
}

int module_policy(struct module_policy *p, const char *what)
{
	memset(p, 0, sizeof(*p));
	return module_request(IMGAUTH_CMD_STATUS, what, policy_cb, p);
}

int module_region_size(const char *node, uint64_t *size)
{
	struct imgauth_region_info info;
	int ret = dev_region_info(node, &info);

	if (ret) {
		errmsg("%s: %s", node, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	*size = info.size;
	return 0;
}
