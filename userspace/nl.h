/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The conversation with the kernel over generic netlink (libmnl), kept
 * here so that the commands never see netlink details.
 */
#ifndef IA_NL_H
#define IA_NL_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/imgauth.h>

struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t events_group;
	uint32_t seq;
	uint32_t portid;
	char err[256];		/* extack or description of the last error */
};

/*
 * Open a socket and resolve the "imgauth" family.  Returns 0, -ENOENT when
 * the module is not loaded, or another -errno.
 */
int nl_open(struct nl *nl);

/* The same for any generic netlink family (the unit test uses "nlctrl"). */
int nl_open_family(struct nl *nl, const char *family);
void nl_close(struct nl *nl);

/* A request of @cmd in @buf (of @cap bytes) to fill with mnl_attr_put*(). */
struct nlmsghdr *nl_request(struct nl *nl, void *buf, size_t cap, uint8_t cmd);

/*
 * What runs on each reply message: 0, or a negative errno that fails the
 * whole call (-EPROTO for a reply that does not parse).
 */
typedef int (*nl_reply_fn)(const struct nlmsghdr *nlh, void *data);

/*
 * Send @req and run @cb on each reply message until the kernel's ack.
 * Returns 0 or -errno: the kernel's error, @cb's, or -EPROTO when @cb is
 * given and no reply came; nl->err then holds the kernel's extack text
 * when it gave one, or a description.
 */
int nl_transact(struct nl *nl, struct nlmsghdr *req, nl_reply_fn cb, void *data);

/*
 * The same for a dump (NLM_F_DUMP): @cb runs on every message until
 * NLMSG_DONE; no message at all is an empty dump, not an error.
 */
int nl_dump(struct nl *nl, struct nlmsghdr *req, nl_reply_fn cb, void *data);

/* Join the "events" multicast group; then nl_receive() them. */
int nl_subscribe_events(struct nl *nl);
int nl_receive(struct nl *nl, nl_reply_fn cb, void *data);

/* Attributes of a genetlink message into tb[0..max]. */
int nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb, int max);
int nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		    int max);

/* Convenience: the message to show for an errno from nl_*. */
const char *nl_strerror(const struct nl *nl, int err);

#endif
