/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "events" multicast group of the imgauth netlink family.  Everything
 * that happens (installs, key changes, verifications) is announced here;
 * netlink.c only registers the family with these groups.
 */
#ifndef _IMGAUTH_EVENTS_H
#define _IMGAUTH_EVENTS_H

#include <net/genetlink.h>

extern const struct genl_multicast_group ia_event_groups[];
#define IA_N_EVENT_GROUPS	1

/* The family is registered and events can be sent (or no longer). */
void ia_events_start(const struct genl_family *family);
void ia_events_stop(void);

/* Send an IMGAUTH_CMD_EVENT to the group; a no-op while stopped. */
void ia_event(int event, int target, int status, const char *msg);

#endif
