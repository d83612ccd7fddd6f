// SPDX-License-Identifier: GPL-2.0
/*
 * "image install", "image commit", "image check" and verification through
 * the kernel: the parts of the image commands that talk to the module.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev.h"
#include "fetch.h"
#include "ia_image.h"
#include "imgauthctl.h"
#include "json.h"
#include "nl.h"
#include "verdict.h"

static void install_usage(FILE *f)
{
	fputs("Usage: imgauthctl image install SRC [--loader] [--no-commit] [--dry-run] [TFTP flags]\n"
	      "  SRC is a file or tftp://HOST[:PORT]/PATH.  A system image goes to the\n"
	      "  slot that is not active and becomes active once written and read back;\n"
	      "  --loader installs a boot loader; --no-commit leaves the image staged\n"
	      "  (\"image commit\" activates it); --dry-run only verifies.\n"
	      "  TFTP flags: --blksize N --windowsize N --timeout S --retries N\n"
	      "              --deadline S --no-options --progress=auto|none|bar|lines\n", f);
}

/* The ScreenOS lines before the verdict, from the header as sent. */
static void print_header_lines(const struct buf *img)
{
	struct ia_hdr h;
	char lines[256];

	if (img->len < IMGAUTH_HDR_LEN) {
		printf("\n update new flash image (%zu bytes)\n", img->len);
		return;
	}
	ia_hdr_decode(&h, img->data);
	ia_hdr_lines(lines, sizeof(lines), &h);
	printf("platform = %u, cpu = %u, version = %u\n", h.platform, h.cpu,
	       h.version);
	printf(" update new flash image (%08x,%zu)\n", h.cksum, img->len);
	fputs(lines, stdout);
}

static int report_install(const struct imgauth_install *r, int ret, int ran,
			  size_t len, uint32_t flags, const char *node)
{
	const char *slot = r->target == IMGAUTH_TARGET_LOADER ? "loader" :
			   r->target == IMGAUTH_TARGET_IMAGE1 ? "image1" : "image0";

	if (!ran || (ret && !r->message[0])) {
		errmsg("%s: %s", node, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	if (opt_json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "result", ia_status_name((int)r->status));
		json_u64(&j, "status", r->status);
		json_str(&j, "message", r->message);
		json_str(&j, "target", slot);
		json_u64(&j, "bytes", len);
		json_bool(&j, "written", !ret && !(flags & IMGAUTH_INSTALL_DRY_RUN));
		json_bool(&j, "active", !ret && r->target != IMGAUTH_TARGET_LOADER &&
			  !(flags & (IMGAUTH_INSTALL_DRY_RUN |
				     IMGAUTH_INSTALL_NO_COMMIT)));
		json_obj_end(&j);
	} else if (!opt_quiet) {
		verdict_print(stdout, r->status, r->message);
	}
	if (ret) {
		/* Unless quiet, the words are on stdout already. */
		if (opt_quiet && !opt_json)
			errmsg("install refused: %s", r->message);
		else if (!opt_json)
			errmsg("install refused (%s)", ia_status_name((int)r->status));
		return verdict_exit_code(r->status) ?: exit_code_for_errno(ret);
	}
	if (!opt_json && !opt_quiet && !(flags & IMGAUTH_INSTALL_DRY_RUN)) {
		printf("Program flash (%zu bytes) ...done\n", len);
		if (r->target == IMGAUTH_TARGET_LOADER)
			printf("Done: boot loader installed\n");
		else if (flags & IMGAUTH_INSTALL_NO_COMMIT)
			printf("Done: %s staged; \"imgauthctl image commit %s\" activates it\n",
			       slot, slot);
		else
			printf("Done: %s is the active system image\n", slot);
	}
	return EXIT_OK;
}

int cmd_image_install(int argc, char **argv)
{
	struct tftp_opts o = { 0 };
	struct imgauth_region_info info;
	struct imgauth_install r;
	const char *src = NULL, *node = "image0";
	uint32_t flags = 0;
	struct buf img = { 0 };
	int i, ret, ran, rc;

	for (i = 1; i < argc; i++) {
		int t = tftp_parse_flag(&o, argc, argv, &i);

		if (t < 0)
			return EXIT_USAGE;
		if (t)
			continue;
		if (!strcmp(argv[i], "--loader"))
			node = "loader";
		else if (!strcmp(argv[i], "--no-commit"))
			flags |= IMGAUTH_INSTALL_NO_COMMIT;
		else if (!strcmp(argv[i], "--dry-run"))
			flags |= IMGAUTH_INSTALL_DRY_RUN;
		else if (!strcmp(argv[i], "--json"))
			opt_json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
			 !strcmp(argv[i], "help")) {
			install_usage(stdout);
			return EXIT_OK;
		} else if (argv[i][0] == '-' || src) {
			errmsg("image install: unexpected argument \"%s\"", argv[i]);
			install_usage(stderr);
			return EXIT_USAGE;
		} else {
			src = argv[i];
		}
	}
	if (!src) {
		install_usage(stderr);
		return EXIT_USAGE;
	}
	if (opt_json)
		opt_quiet = true;
	/* Find out before a long transfer that there is nowhere to put it. */
	ret = dev_region_info(node, &info);
	if (ret) {
		errmsg("%s: %s", node, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	rc = fetch_source(src, "software", &o, &img);
	if (rc)
		return rc;
	if (!opt_quiet) {
		if (fetch_is_url(src))
			printf("\nTFTP Succeeded\n");
		printf("Save to flash. It may take a few minutes ...");
		print_header_lines(&img);
		fflush(stdout);
	}
	ret = dev_install(node, img.data, img.len, flags, &r, &ran);
	rc = report_install(&r, ret, ran, img.len, flags, node);
	buf_free(&img);
	return rc;
}

int image_verify_kernel(const void *data, size_t len, const char *name)
{
	struct imgauth_install r;
	int ret, ran;

	ret = dev_install("image0", data, len, IMGAUTH_INSTALL_DRY_RUN, &r,
			  &ran);
	if (!ran || (ret && !r.message[0])) {
		errmsg("%s: %s", name, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	if (opt_json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "file", name);
		json_str(&j, "result", ia_status_name((int)r.status));
		json_u64(&j, "status", r.status);
		json_str(&j, "message", r.message);
		json_str(&j, "verified_by", "kernel");
		json_obj_end(&j);
	} else if (!opt_quiet) {
		verdict_print(stdout, r.status, r.message);
	} else if (r.status > IMGAUTH_OK_UNAUTHENTICATED) {
		errmsg("%s: %s", name, r.message);
	}
	return verdict_exit_code(r.status);
}

static int parse_region(const char *s)
{
	if (!strcmp(s, "loader"))
		return IMGAUTH_TARGET_LOADER;
	if (!strcmp(s, "image0"))
		return IMGAUTH_TARGET_IMAGE0;
	if (!strcmp(s, "image1"))
		return IMGAUTH_TARGET_IMAGE1;
	return -1;
}

struct verdict_reply {
	uint32_t status;
	char msg[IMGAUTH_MSG_LEN];
	int have;
};

static int verdict_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	struct verdict_reply *v = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX))
		return MNL_CB_ERROR;
	if (tb[IMGAUTH_A_STATUS] && tb[IMGAUTH_A_MESSAGE]) {
		v->status = mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]);
		snprintf(v->msg, sizeof(v->msg), "%s",
			 mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]));
		v->have = 1;
	}
	return MNL_CB_OK;
}

/* One netlink command on a region, answered with a verdict. */
static int region_command(uint8_t cmd, const char *region, const char *what)
{
	char buf[512] __attribute__((aligned(4)));
	struct verdict_reply v = { 0 };
	struct nlmsghdr *nlh;
	struct nl nl;
	int target, ret;

	target = parse_region(region);
	if (target < 0) {
		errmsg("%s: \"%s\" is not loader, image0 or image1", what, region);
		return EXIT_USAGE;
	}
	ret = open_module(&nl);
	if (ret)
		return ret;
	nlh = nl_request(&nl, buf, sizeof(buf), cmd);
	mnl_attr_put_u32(nlh, IMGAUTH_A_TARGET, (uint32_t)target);
	ret = nl_transact(&nl, nlh, verdict_cb, &v);
	if (ret) {
		errmsg("%s %s: %s", what, region, nl_strerror(&nl, ret));
		nl_close(&nl);
		return exit_code_for_errno(ret);
	}
	nl_close(&nl);
	if (opt_json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "region", region);
		json_str(&j, "result", ia_status_name((int)v.status));
		json_u64(&j, "status", v.status);
		json_str(&j, "message", v.msg);
		json_obj_end(&j);
	} else if (!opt_quiet) {
		printf("%s: ", region);
		/* A commit's message says what became active. */
		if (cmd == IMGAUTH_CMD_INSTALL_COMMIT && v.status <= IMGAUTH_OK_UNAUTHENTICATED)
			printf("%s\n", v.msg);
		else
			verdict_print(stdout, v.status, v.msg);
	}
	return v.status == IMGAUTH_E_EMPTY ? EXIT_VERIFY :
	       verdict_exit_code(v.status);
}

int cmd_image_commit(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fputs("Usage: imgauthctl image commit image0|image1\n"
		      "  Verify a staged image on flash again and make it the one that boots.\n",
		      argc == 2 ? stdout : stderr);
		return argc == 2 ? EXIT_OK : EXIT_USAGE;
	}
	return region_command(IMGAUTH_CMD_INSTALL_COMMIT, argv[1], "image commit");
}

int cmd_image_check(int argc, char **argv)
{
	int i;
	const char *region = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			opt_json = true;
		else if (!region && argv[i][0] != '-')
			region = argv[i];
		else
			region = NULL, i = argc;
	}
	if (!region) {
		fputs("Usage: imgauthctl image check loader|image0|image1 [--json]\n"
		      "  Verify what a flash region holds, in the kernel, against the\n"
		      "  installed image key (what a boot-time check does).\n", stderr);
		return EXIT_USAGE;
	}
	return region_command(IMGAUTH_CMD_VERIFY, region, "image check");
}
