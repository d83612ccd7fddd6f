// SPDX-License-Identifier: GPL-2.0
/*
 * IMGAUTH_CMD_EVENT messages to the "events" multicast group.  Callers
 * anywhere in the module raise them; this file depends on nothing of the
 * module but the family pointer netlink.c hands it once registered.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/rcupdate.h>
#include <net/genetlink.h>

#include <linux/imgauth.h>

#include "events.h"

enum { IA_MCGRP_EVENTS };

const struct genl_multicast_group ia_event_groups[IA_N_EVENT_GROUPS] = {
	[IA_MCGRP_EVENTS] = { .name = IMGAUTH_MCGRP_EVENTS },
};

static const struct genl_family __rcu *ev_family;

void ia_events_start(const struct genl_family *family)
{
	rcu_assign_pointer(ev_family, family);
}

void ia_events_stop(void)
{
	RCU_INIT_POINTER(ev_family, NULL);
	synchronize_rcu();
}

void ia_event(int event, int target, int status, const char *msg)
{
	const struct genl_family *family;
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	rcu_read_lock();
	family = rcu_dereference(ev_family);
	if (!family)
		goto drop;
	hdr = genlmsg_put(skb, 0, 0, family, 0, IMGAUTH_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(skb, IMGAUTH_A_EVENT, event) ||
	    (target != IMGAUTH_TARGET_NONE &&
	     nla_put_u32(skb, IMGAUTH_A_TARGET, target)) ||
	    nla_put_u32(skb, IMGAUTH_A_STATUS, status) ||
	    nla_put_string(skb, IMGAUTH_A_MESSAGE, msg))
		goto drop;
	genlmsg_end(skb, hdr);
	/* No listener is not an error. */
	genlmsg_multicast(family, skb, 0, IA_MCGRP_EVENTS, GFP_ATOMIC);
	rcu_read_unlock();
	return;
drop:
	rcu_read_unlock();
	nlmsg_free(skb);
}
