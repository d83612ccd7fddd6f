// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl floor": the anti-rollback floor.  It is kept in NVRAM
 * beside the key slots, not in an image slot, so that no fallback brings
 * an older one back; images below it are refused at install and at the
 * boot check.  It rises by itself when an image is committed (or marked
 * good after its trial boots) and by "floor raise"; nothing lowers it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ia_image.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "module.h"
#include "util.h"

static void floor_json(uint32_t floor, const char *message)
{
	char v[32];
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	if (floor) {
		ia_sw_version_str(v, sizeof(v), floor);
		json_str(&j, "floor", v);
	} else {
		json_null(&j, "floor");
	}
	json_u64(&j, "sw_version", floor);
	if (message)
		json_str(&j, "message", message);
	json_obj_end(&j);
}

static int floor_show(const struct cmd_args *a)
{
	struct module_policy p;
	char v[32];
	int rc;

	(void)a;
	rc = module_policy(&p, "floor show");
	if (rc)
		return rc;
	if (opt_json) {
		floor_json(p.floor, NULL);
		return EXIT_OK;
	}
	ia_sw_version_str(v, sizeof(v), p.floor);
	printf("Anti-rollback floor: %s\n", p.floor ? v : "none");
	return EXIT_OK;
}

/* "6.3.0r17" or a number, as "image sign --sw-version" takes it. */
static int parse_version(const char *s, uint32_t *v)
{
	unsigned long long n;

	if (!ia_sw_version_parse(s, v))
		return 0;
	if (strpbrk(s, ".r") || num_parse(s, UINT32_MAX, &n)) {
		errmsg("floor raise: \"%s\" is neither MAJOR.MINOR.PATCHrRELEASE (each 0..255, e.g. 6.3.0r17) nor a number",
		       s);
		return -1;
	}
	*v = (uint32_t)n;
	return 0;
}

static int floor_raise(const struct cmd_args *a)
{
	struct module_verdict v;
	struct module_policy p;
	FILE *say = cli_say();
	uint32_t want;
	char now[32];
	int rc;

	if (parse_version(a->op[0], &want))
		return EXIT_USAGE;
	rc = module_verdict(IMGAUTH_CMD_FLOOR_RAISE, IMGAUTH_A_SW_VERSION, &want,
			    sizeof(want), NULL, &v);
	if (rc && v.err == -EKEYREVOKED && !module_policy(&p, "floor raise")) {
		/* The kernel's reason is a fixed text: say where it stands. */
		ia_sw_version_str(now, sizeof(now), p.floor);
		errmsg("floor raise: %s: it is %s", v.why, now);
	} else if (rc && v.err) {
		errmsg("floor raise: %s", v.why);
	}
	if (rc)
		return rc;
	if (opt_json)
		floor_json(want, v.msg);
	else if (say)
		fprintf(say, "%s\n", v.msg);
	return EXIT_OK;
}

const struct cmd cmd_floor_show = {
	.name = "floor show",
	.summary = "the anti-rollback floor: no image below it installs or boots; \"floor\" alone is this",
	.run = floor_show,
};

const struct cmd cmd_floor_raise = {
	.name = "floor raise",
	.operands = "V",
	.min_ops = 1, .max_ops = 1,
	.summary = "raise the anti-rollback floor to V (6.3.0r17 or a number); it never goes down",
	.help = "  The floor also rises by itself to the version of an image committed\n"
		"  (with trial boots: once \"boot mark-good\" ends its trial).  A V below\n"
		"  the floor is refused (exit 4); the floor itself is refused only to\n"
		"  images below it, at install and at the boot check.",
	.complete = COMPLETE_NONE,
	.run = floor_raise,
};
