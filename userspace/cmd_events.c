// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl events": follow the module's "events" multicast group.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ia_image.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "module.h"
#include "util.h"

static const char *event_name(uint32_t ev)
{
	switch (ev) {
	case IMGAUTH_EV_KEY_SET:
		return "key-set";
	case IMGAUTH_EV_KEY_DELETE:
		return "key-delete";
	case IMGAUTH_EV_KEY_REPAIR:
		return "key-repair";
	case IMGAUTH_EV_INSTALL:
		return "install";
	case IMGAUTH_EV_VERIFY:
		return "verify";
	case IMGAUTH_EV_COMMIT:
		return "commit";
	case IMGAUTH_EV_LOADER_CONFIG:
		return "loader-config";
	case IMGAUTH_EV_BOOT:
		return "boot";
	case IMGAUTH_EV_MARK_GOOD:
		return "mark-good";
	case IMGAUTH_EV_POLICY:
		return "policy";
	case IMGAUTH_EV_JOURNAL:
		return "journal";
	}
	return "unknown";
}

static const char *target_name(const struct nlattr *a)
{
	static const char *const names[] = { "loader", "image0", "image1" };
	uint32_t t;

	if (!a)
		return NULL;
	t = mnl_attr_get_u32(a);
	return t < IMGAUTH_NTARGETS ? names[t] : NULL;
}

struct ev_ctx {
	bool json;
	long seen;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	struct ev_ctx *c = data;
	const char *ev, *target, *msg;
	uint32_t status;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	/* Not an event of ours (the group carries only these): skip it. */
	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_EVENT])
		return 0;
	ev = event_name(mnl_attr_get_u32(tb[IMGAUTH_A_EVENT]));
	target = target_name(tb[IMGAUTH_A_TARGET]);
	status = tb[IMGAUTH_A_STATUS] ? mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]) : 0;
	msg = tb[IMGAUTH_A_MESSAGE] ? mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]) : "";
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "time", when);
		json_str(&j, "event", ev);
		if (target)
			json_str(&j, "target", target);
		json_str(&j, "result", ia_status_name((int)status));
		json_u64(&j, "status", status);
		json_str(&j, "message", msg);
		json_obj_end(&j);
	} else {
		printf("%s %s%s%s %s: %s\n", when, ev, target ? " " : "",
		       target ? target : "", ia_status_name((int)status), msg);
	}
	fflush(stdout);
	c->seen++;
	return 0;
}

enum { E_COUNT };

static const struct cmd_opt events_opts[] = {
	[E_COUNT] = { "--count", NULL, "N", "stop after N events (default: never)",
		      COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

/*
 * A stream: in JSON mode one document per line per event (JSON Lines,
 * as "ip -j monitor"), or the one error object when it cannot start.
 */
static int events(const struct cmd_args *a)
{
	struct ev_ctx c = { opt_json, 0 };
	unsigned long long count = 0;
	struct nl nl;
	int ret;

	if (a->opt[E_COUNT] && (num_parse(a->opt[E_COUNT], 1ull << 31, &count) ||
				!count)) {
		errmsg("events: --count needs a positive number");
		return EXIT_USAGE;
	}
	ret = open_module(&nl);
	if (ret)
		return ret;
	ret = nl_subscribe_events(&nl);
	if (ret) {
		errmsg("events: %s", nl.err);
		nl_close(&nl);
		return exit_code_for_errno(ret);
	}
	if (!c.json && isatty(fileno(stderr)))
		fprintf(stderr, "imgauthctl: following imgauth events (Ctrl-C to stop)\n");
	while (!count || (unsigned long long)c.seen < count) {
		ret = nl_receive(&nl, event_cb, &c);
		if (ret && ret != -EINTR && ret != -ENOBUFS) {
			errmsg("events: %s", strerror(-ret));
			nl_close(&nl);
			return exit_code_for_errno(ret);
		}
	}
	nl_close(&nl);
	return EXIT_OK;
}

const struct cmd cmd_events = {
	.name = "events",
	.opts = events_opts,
	.summary = "follow the module's events (key changes, installs, verifications)",
	.help = "  One line, or with -j one JSON document per line, for each event as it\n"
		"  happens.",
	.run = events,
};
