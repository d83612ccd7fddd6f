// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bootinfo.h"
#include "cli.h"
#include "module.h"

const char *bootinfo_target_name(uint32_t target)
{
	static const char *const names[] = { "loader", "image0", "image1" };

	return target < IMGAUTH_NTARGETS ? names[target] : "none";
}

static uint32_t u32_or(const struct nlattr *a, uint32_t def)
{
	return a ? mnl_attr_get_u32(a) : def;
}

static uint64_t u64_or0(const struct nlattr *a)
{
	return a ? mnl_attr_get_u64(a) : 0;
}

static int check_parse(struct boot_reply *r, const struct nlattr *nest)
{
	const struct nlattr *tb[IMGAUTH_CHECK_A_MAX + 1];
	struct boot_check *c;

	if (r->n >= BOOT_MAX_CHECKS)
		return -EPROTO;
	if (nl_parse_nested(nest, tb, IMGAUTH_CHECK_A_MAX) ||
	    !tb[IMGAUTH_CHECK_A_ROLE] || !tb[IMGAUTH_CHECK_A_TARGET] ||
	    !tb[IMGAUTH_CHECK_A_STATUS])
		return -EPROTO;
	c = &r->check[r->n++];
	c->role = mnl_attr_get_u32(tb[IMGAUTH_CHECK_A_ROLE]);
	c->target = mnl_attr_get_u32(tb[IMGAUTH_CHECK_A_TARGET]);
	c->status = mnl_attr_get_u32(tb[IMGAUTH_CHECK_A_STATUS]);
	c->used = u64_or0(tb[IMGAUTH_CHECK_A_USED]);
	snprintf(c->msg, sizeof(c->msg), "%s", tb[IMGAUTH_CHECK_A_MESSAGE] ?
		 mnl_attr_get_str(tb[IMGAUTH_CHECK_A_MESSAGE]) : "");
	if (c->target >= IMGAUTH_NTARGETS)
		return -EPROTO;
	return 0;
}

static int boot_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	const struct nlattr *b[IMGAUTH_BOOT_A_MAX + 1];
	const struct nlattr *nest;
	struct boot_reply *r = data;
	int ret;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_BOOT] ||
	    nl_parse_nested(tb[IMGAUTH_A_BOOT], b, IMGAUTH_BOOT_A_MAX) ||
	    !b[IMGAUTH_BOOT_A_OUTCOME] || !b[IMGAUTH_BOOT_A_TARGET])
		return -EPROTO;
	r->outcome = mnl_attr_get_u32(b[IMGAUTH_BOOT_A_OUTCOME]);
	r->target = mnl_attr_get_u32(b[IMGAUTH_BOOT_A_TARGET]);
	r->key_state = u32_or(b[IMGAUTH_BOOT_A_KEY_STATE], IMGAUTH_KEY_NONE);
	r->tries = b[IMGAUTH_BOOT_A_TRIES] ?
		   (int)mnl_attr_get_u32(b[IMGAUTH_BOOT_A_TRIES]) : -1;
	if (r->outcome > IMGAUTH_BOOT_NONE ||
	    (r->target >= IMGAUTH_NTARGETS && r->target != IMGAUTH_TARGET_NONE))
		return -EPROTO;
	if (b[IMGAUTH_BOOT_A_CHECKS]) {
		mnl_attr_for_each_nested(nest, b[IMGAUTH_BOOT_A_CHECKS]) {
			ret = check_parse(r, nest);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int bootinfo_boot(struct boot_reply *r)
{
	memset(r, 0, sizeof(*r));
	return module_request(IMGAUTH_CMD_BOOT, "boot", boot_cb, r);
}

static void str_attr(char *dst, size_t n, const struct nlattr *a)
{
	snprintf(dst, n, "%s", a ? mnl_attr_get_str(a) : "");
}

static int region_parse(struct boot_dev *d, const struct nlattr *nest)
{
	const struct nlattr *tb[IMGAUTH_REGION_A_MAX + 1];
	struct boot_region *r;
	uint32_t t;

	if (nl_parse_nested(nest, tb, IMGAUTH_REGION_A_MAX) ||
	    !tb[IMGAUTH_REGION_A_TARGET])
		return -EPROTO;
	t = mnl_attr_get_u32(tb[IMGAUTH_REGION_A_TARGET]);
	if (t >= IMGAUTH_NTARGETS)
		return -EPROTO;
	r = &d->region[t];
	r->state = u32_or(tb[IMGAUTH_REGION_A_STATE], IMGAUTH_REGION_EMPTY);
	r->size = u64_or0(tb[IMGAUTH_REGION_A_SIZE]);
	r->used = u64_or0(tb[IMGAUTH_REGION_A_USED]);
	r->offset = u64_or0(tb[IMGAUTH_REGION_A_OFFSET]);
	r->have_hdr = tb[IMGAUTH_REGION_A_SW_VERSION];
	r->sw_version = u32_or(tb[IMGAUTH_REGION_A_SW_VERSION], 0);
	r->trial = tb[IMGAUTH_REGION_A_TRIAL] &&
		   mnl_attr_get_u8(tb[IMGAUTH_REGION_A_TRIAL]);
	r->tries = u32_or(tb[IMGAUTH_REGION_A_TRIES], 0);
	return 0;
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	const struct nlattr *sys[IMGAUTH_SYS_A_MAX + 1];
	const struct nlattr *nest;
	struct boot_dev *d = data;
	int ret;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_SYSTEM] ||
	    nl_parse_nested(tb[IMGAUTH_A_SYSTEM], sys, IMGAUTH_SYS_A_MAX))
		return -EPROTO;
	str_attr(d->serial, sizeof(d->serial), sys[IMGAUTH_SYS_A_SERIAL]);
	str_attr(d->hw, sizeof(d->hw), sys[IMGAUTH_SYS_A_HW_VERSION]);
	if (sys[IMGAUTH_SYS_A_MAC] &&
	    mnl_attr_get_payload_len(sys[IMGAUTH_SYS_A_MAC]) == 6)
		memcpy(d->mac, mnl_attr_get_payload(sys[IMGAUTH_SYS_A_MAC]), 6);
	d->mtd = sys[IMGAUTH_SYS_A_MTD_INDEX] ?
		 (int)mnl_attr_get_u32(sys[IMGAUTH_SYS_A_MTD_INDEX]) : -1;
	d->active = u32_or(sys[IMGAUTH_SYS_A_ACTIVE], IMGAUTH_TARGET_NONE);
	d->key_state = u32_or(sys[IMGAUTH_SYS_A_KEY_STATE], IMGAUTH_KEY_NONE);
	d->loader_check = u32_or(sys[IMGAUTH_SYS_A_LOADER_CHECK],
				 IMGAUTH_LOADER_CHECK_INSTALL);
	d->trial_boots = u32_or(sys[IMGAUTH_SYS_A_TRIAL_BOOTS], 0);
	if (tb[IMGAUTH_A_REGIONS]) {
		mnl_attr_for_each_nested(nest, tb[IMGAUTH_A_REGIONS]) {
			ret = region_parse(d, nest);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int bootinfo_status(struct boot_dev *d)
{
	memset(d, 0, sizeof(*d));
	return module_request(IMGAUTH_CMD_STATUS, "status", status_cb, d);
}

static int verdict_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	struct boot_verdict *v = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_STATUS])
		return -EPROTO;
	v->status = mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]);
	snprintf(v->msg, sizeof(v->msg), "%s", tb[IMGAUTH_A_MESSAGE] ?
		 mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]) : "");
	return 0;
}

int bootinfo_region(int target, bool commit, struct boot_verdict *v)
{
	char buf[256] __attribute__((aligned(4)));
	const char *what = commit ? "commit" : "verify";
	struct nlmsghdr *nlh;
	struct nl nl;
	int rc, ret;

	memset(v, 0, sizeof(*v));
	rc = open_module(&nl);
	if (rc)
		return rc;
	nlh = nl_request(&nl, buf, sizeof(buf), commit ?
			 IMGAUTH_CMD_INSTALL_COMMIT : IMGAUTH_CMD_VERIFY);
	mnl_attr_put_u32(nlh, IMGAUTH_A_TARGET, (uint32_t)target);
	ret = nl_transact(&nl, nlh, verdict_cb, v);
	if (ret) {
		errmsg("%s %s: %s", what, bootinfo_target_name((uint32_t)target),
		       nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	}
	nl_close(&nl);
	return rc;
}

int bootinfo_mark_good(struct boot_verdict *v)
{
	memset(v, 0, sizeof(*v));
	return module_request(IMGAUTH_CMD_MARK_GOOD, "boot mark-good", verdict_cb, v);
}
