// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "cli.h"
#include "ldrcfg.h"
#include "module.h"

static void get_addr(struct in_addr *a, const struct nlattr *attr)
{
	if (attr && mnl_attr_get_payload_len(attr) == 4)
		memcpy(a, mnl_attr_get_payload(attr), 4);
}

static int ldrcfg_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	const struct nlattr *c[IMGAUTH_LDRCFG_A_MAX + 1];
	struct ldrcfg *l = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_LOADER_CONFIG] ||
	    nl_parse_nested(tb[IMGAUTH_A_LOADER_CONFIG], c, IMGAUTH_LDRCFG_A_MAX))
		return -EPROTO;
	if (c[IMGAUTH_LDRCFG_A_BOOT_FILE])
		snprintf(l->boot_file, sizeof(l->boot_file), "%s",
			 mnl_attr_get_str(c[IMGAUTH_LDRCFG_A_BOOT_FILE]));
	get_addr(&l->self, c[IMGAUTH_LDRCFG_A_SELF_IP]);
	get_addr(&l->tftp, c[IMGAUTH_LDRCFG_A_TFTP_IP]);
	get_addr(&l->mask, c[IMGAUTH_LDRCFG_A_NETMASK]);
	get_addr(&l->gw, c[IMGAUTH_LDRCFG_A_GATEWAY]);
	return 0;
}

int ldrcfg_get(struct ldrcfg *l, const char *what)
{
	memset(l, 0, sizeof(*l));
	return module_request(IMGAUTH_CMD_LOADER_CONFIG_GET, what, ldrcfg_cb, l);
}

/* The loader config event the write causes: its message is the kernel's. */
static int saved_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	char *said = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_EVENT] ||
	    mnl_attr_get_u32(tb[IMGAUTH_A_EVENT]) != IMGAUTH_EV_LOADER_CONFIG ||
	    !tb[IMGAUTH_A_MESSAGE])
		return 0;
	/* The caller's buffer is IMGAUTH_MSG_LEN or more (ldrcfg_set()). */
	snprintf(said, IMGAUTH_MSG_LEN, "%s", mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]));
	return 0;
}

/*
 * Events are queued on @ev before the kernel acks the write; a second's
 * wait is for a reader that is slow to be scheduled, never for the kernel.
 */
static void read_saved(struct nl *ev, char *said)
{
	struct timeval tv = { 1, 0 };
	int i;

	if (setsockopt(mnl_socket_get_fd(ev->sock), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)))
		return;
	for (i = 0; i < 16 && !said[0]; i++)
		if (nl_receive(ev, saved_cb, said))
			break;
}

int ldrcfg_set(const struct ldrcfg *l, unsigned int fields, const char *what,
	       char *said, size_t n)
{
	char buf[1024] __attribute__((aligned(4)));
	char msg[IMGAUTH_MSG_LEN] = "";
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nl nl, ev;
	bool have_ev;
	int rc, ret;

	rc = open_module(&nl);
	if (rc)
		return rc;
	/* Only for the words: without the group the write still happens. */
	have_ev = !nl_open(&ev);
	if (have_ev && nl_subscribe_events(&ev)) {
		nl_close(&ev);
		have_ev = false;
	}
	nlh = nl_request(&nl, buf, sizeof(buf), IMGAUTH_CMD_LOADER_CONFIG_SET);
	nest = mnl_attr_nest_start(nlh, IMGAUTH_A_LOADER_CONFIG);
	if (fields & LDRCFG_BOOT_FILE)
		mnl_attr_put_strz(nlh, IMGAUTH_LDRCFG_A_BOOT_FILE, l->boot_file);
	if (fields & LDRCFG_SELF_IP)
		mnl_attr_put(nlh, IMGAUTH_LDRCFG_A_SELF_IP, 4, &l->self);
	if (fields & LDRCFG_TFTP_IP)
		mnl_attr_put(nlh, IMGAUTH_LDRCFG_A_TFTP_IP, 4, &l->tftp);
	if (fields & LDRCFG_NETMASK)
		mnl_attr_put(nlh, IMGAUTH_LDRCFG_A_NETMASK, 4, &l->mask);
	if (fields & LDRCFG_GATEWAY)
		mnl_attr_put(nlh, IMGAUTH_LDRCFG_A_GATEWAY, 4, &l->gw);
	mnl_attr_nest_end(nlh, nest);
	ret = nl_transact(&nl, nlh, NULL, NULL);
	if (ret) {
		errmsg("%s: %s", what, nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	} else if (have_ev) {
		read_saved(&ev, msg);
	}
	nl_close(&nl);
	if (have_ev)
		nl_close(&ev);
	snprintf(said, n, "%s", msg[0] ? msg : "Save loader config... Done");
	return rc;
}

static const struct {
	const char *name;
	unsigned int field;
	size_t off;
} fields[] = {
	{ "boot-file", LDRCFG_BOOT_FILE, 0 },
	{ "self-ip", LDRCFG_SELF_IP, offsetof(struct ldrcfg, self) },
	{ "tftp-ip", LDRCFG_TFTP_IP, offsetof(struct ldrcfg, tftp) },
	{ "netmask", LDRCFG_NETMASK, offsetof(struct ldrcfg, mask) },
	{ "gateway", LDRCFG_GATEWAY, offsetof(struct ldrcfg, gw) },
};

int ldrcfg_parse_field(struct ldrcfg *l, unsigned int *set, const char *name,
		       const char *value)
{
	struct in_addr addr;
	size_t f;

	for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
		if (!strcmp(name, fields[f].name))
			break;
	if (f == sizeof(fields) / sizeof(fields[0])) {
		errmsg("config loader set: unknown field \"%s\" (boot-file, self-ip, tftp-ip, netmask, gateway)",
		       name);
		return EXIT_USAGE;
	}
	if (fields[f].field == LDRCFG_BOOT_FILE) {
		if (strlen(value) >= IMGAUTH_BOOT_FILE_MAX) {
			errmsg("boot-file: at most %d characters",
			       IMGAUTH_BOOT_FILE_MAX - 1);
			return EXIT_USAGE;
		}
		snprintf(l->boot_file, sizeof(l->boot_file), "%s", value);
	} else {
		if (inet_pton(AF_INET, value, &addr) != 1) {
			errmsg("%s: \"%s\" is not an IPv4 address", name, value);
			return EXIT_USAGE;
		}
		memcpy((char *)l + fields[f].off, &addr, sizeof(addr));
	}
	*set |= fields[f].field;
	return 0;
}

void ldrcfg_addr(char *buf, size_t n, struct in_addr a)
{
	if (!inet_ntop(AF_INET, &a, buf, (socklen_t)n))
		snprintf(buf, n, "0.0.0.0");
}
