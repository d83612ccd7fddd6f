/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IMGAUTH_NETLINK_H
#define _IMGAUTH_NETLINK_H

struct imgauth;

int ia_nl_init(struct imgauth *ia);
void ia_nl_exit(void);

/* A fixed sentence for a status, for extack (which keeps only pointers). */
const char *ia_status_text(int status);

#endif
