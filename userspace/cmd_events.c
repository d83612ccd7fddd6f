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
#include "imgauthctl.h"
#include "json.h"
#include "nl.h"
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

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_EVENT])
		return MNL_CB_OK;
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
	return MNL_CB_OK;
}

int cmd_events(int argc, char **argv)
{
	struct ev_ctx c = { opt_json, 0 };
	long count = 0;
	struct nl nl;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			c.json = true;
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			char *end;

			count = strtol(argv[++i], &end, 10);
			if (*end || count <= 0) {
				errmsg("events: --count needs a positive number");
				return EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "help") || !strcmp(argv[i], "--help")) {
			puts("Usage: imgauthctl events [--json] [--count N]\n"
			     "  Print the module's events (key changes, installs, verifications)\n"
			     "  as they happen, one line or JSON object each; stop after N.");
			return EXIT_OK;
		} else {
			errmsg("events: unexpected argument \"%s\"", argv[i]);
			return EXIT_USAGE;
		}
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
	while (!count || c.seen < count) {
		ret = nl_receive(&nl, event_cb, &c);
		if (ret && ret != -EINTR && ret != -ENOBUFS) {
			errmsg("events: %s", strerror(-ret));
			nl_close(&nl);
			return EXIT_FAILURE_GENERIC;
		}
	}
	nl_close(&nl);
	return EXIT_OK;
}
