// SPDX-License-Identifier: GPL-2.0
/*
 * "image install", "image commit", "image check": the image commands
 * that change or read flash, through the module.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "dev.h"
#include "fetch.h"
#include "ia_image.h"
#include "json.h"
#include "module.h"
#include "v1push.h"
#include "v2image.h"
#include "verdict.h"
#include <unistd.h>

/*
 * The ScreenOS lines before the verdict, from the header as sent: @head
 * holds the image's first @head_len bytes (all of them, or
 * IMGAUTH_HDR_LEN), @len is its size.
 */
static void print_header_lines(FILE *f, const uint8_t *head, size_t head_len,
			       size_t len)
{
	struct ia_hdr h;
	char lines[256];

	if (head_len < IMGAUTH_HDR_LEN) {
		fprintf(f, "\n update new flash image (%zu bytes)\n", len);
		return;
	}
	ia_hdr_decode(&h, head);
	ia_hdr_lines(lines, sizeof(lines), &h);
	fprintf(f, "platform = %u, cpu = %u, version = %u\n", h.platform, h.cpu,
		h.version);
	fprintf(f, " update new flash image (%08x,%zu)\n", h.cksum, len);
	fputs(lines, f);
}

static const char *slot_name(uint32_t target)
{
	return target == IMGAUTH_TARGET_LOADER ? "loader" :
	       target == IMGAUTH_TARGET_IMAGE1 ? "image1" : "image0";
}

static void install_json(const struct imgauth_install *r, int ret, size_t len,
			 uint32_t flags)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "result", ia_status_name((int)r->status));
	json_u64(&j, "status", r->status);
	json_str(&j, "message", r->message);
	json_str(&j, "target", slot_name(r->target));
	json_u64(&j, "bytes", len);
	json_bool(&j, "written", !ret && !(flags & IMGAUTH_INSTALL_DRY_RUN));
	json_bool(&j, "active", !ret && r->target != IMGAUTH_TARGET_LOADER &&
		  !(flags & (IMGAUTH_INSTALL_DRY_RUN | IMGAUTH_INSTALL_NO_COMMIT)));
	json_obj_end(&j);
}

static int report_install(const struct imgauth_install *r, int ret, int ran,
			  size_t len, uint32_t flags, const char *node)
{
	const char *slot = slot_name(r->target);
	FILE *say = cli_say();

	if (!ran || (ret && !r->message[0])) {
		errmsg("%s: %s", node, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	if (say)
		verdict_print(say, r->status, r->message);
	if (opt_json)
		install_json(r, ret, len, flags);
	if (ret) {
		/* Unless quiet, the words were printed already. */
		if (!say)
			errmsg("install refused: %s", r->message);
		else
			errmsg("install refused (%s)", ia_status_name((int)r->status));
		return verdict_exit_code(r->status) ?: exit_code_for_errno(ret);
	}
	if (say && !(flags & IMGAUTH_INSTALL_DRY_RUN)) {
		fprintf(say, "Program flash (%zu bytes) ...done\n", len);
		if (r->target == IMGAUTH_TARGET_LOADER)
			fprintf(say, "Done: boot loader installed\n");
		else if (flags & IMGAUTH_INSTALL_NO_COMMIT)
			fprintf(say, "Done: %s staged; \"imgauthctl image commit %s\" activates it\n",
				slot, slot);
		else
			fprintf(say, "Done: %s is the active system image\n", slot);
	}
	return EXIT_OK;
}

enum { I_LOADER, I_NO_COMMIT, I_DRY_RUN };

static const struct cmd_opt install_opts[] = {
	[I_LOADER] = { "--loader", NULL, NULL, "install a boot loader into the loader region",
		       COMPLETE_NONE, false },
	[I_NO_COMMIT] = { "--no-commit", NULL, NULL,
			  "leave the system image staged (\"image commit\" activates it)",
			  COMPLETE_NONE, false },
	[I_DRY_RUN] = { "--dry-run", NULL, NULL, "verify only, write nothing",
			COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

/*
 * The bytes of an install as they arrive: the first four say the format.
 * A v1 image is collected whole (its signature comes last).  When its
 * size is known in advance (TFTP tsize), its pieces also go to an install
 * session as they arrive, so the kernel verifies them during the
 * transfer; END brings the whole image for programming.  Otherwise one
 * IMGAUTH_IOC_INSTALL takes it at the end.  A v2 image goes to an install
 * session chunk by chunk, never held whole.
 */
struct install_sink {
	const char *node;
	uint32_t flags;
	uint64_t max;
	int format;		/* 0 until known, 1, 2 */
	struct buf head;	/* v1: the image; v2: nothing once known */
	int fd;			/* v2, v1 session: the device */
	struct v2_push push;
	struct v1_push v1;	/* v1 with a known size: fd >= 0 */
	const struct tftp_stats *stats;	/* the transfer's, for tsize */
	uint64_t bytes;
	int setup_err;		/* -errno opening the session */
};

/*
 * A v1 image of a size known in advance, not a loader (its install copies
 * it into the kernel whole): open the session.  Without one, the image
 * is installed whole at the end, as ever.
 */
static void v1_session_open(struct install_sink *s)
{
	uint64_t total = s->stats ? s->stats->tsize : 0;

	if (total < IMGAUTH_HDR_LEN || !strcmp(s->node, "loader"))
		return;
	/* Room for all of it: the feeder reads it while it arrives. */
	if (total > s->max || total > SIZE_MAX || buf_reserve(&s->head, total))
		return;
	s->fd = dev_open_rw(s->node);
	if (s->fd < 0) {
		s->fd = -1;	/* IMGAUTH_IOC_INSTALL will say why */
		return;
	}
	v1_push_start(&s->v1, s->fd, s->flags, total, s->head.data);
}

/* Four bytes in: a v2 image goes to an install session; never a loader. */
static bool streams_v2(const char *node, const uint8_t *head)
{
	return ia_get_be32(head) == IMGAUTH_IMAGE_MAGIC_V2 &&
	       strcmp(node, "loader");
}

static int sink_dispatch(void *ctx, const void *data, size_t len)
{
	struct install_sink *s = ctx;
	int ret;

	s->bytes += len;
	if (s->format == 2)
		return v2_push_feed(&s->push, data, len);
	/*
	 * More than announced (the transfer refuses that itself; this is a
	 * guard): the buffer would move under the feeder.  Stop it first;
	 * the image is then installed whole, or not at all.
	 */
	if (s->format == 1 && s->fd >= 0 &&
	    s->head.len + len > s->v1.total) {
		v1_push_cancel(&s->v1);
		close(s->fd);
		s->fd = -1;
	}
	if (buf_append(&s->head, data, len))
		return -ENOMEM;
	/*
	 * A refusal is reported after the transfer, as when the image is
	 * installed whole: the transfer is not cut short for it.
	 */
	if (s->format == 1) {
		if (s->fd >= 0)
			v1_push_offer(&s->v1, s->head.len);
		return 0;
	}
	if (s->head.len < 4)
		return 0;
	if (!streams_v2(s->node, s->head.data)) {
		s->format = 1;
		v1_session_open(s);
		if (s->fd >= 0)
			v1_push_offer(&s->v1, s->head.len);
		return 0;
	}
	s->format = 2;
	s->fd = dev_open_rw(s->node);
	if (s->fd < 0) {
		s->setup_err = s->fd;
		return s->fd;
	}
	ret = v2_push_init(&s->push, s->fd, s->flags, s->max);
	if (ret) {
		s->setup_err = ret;
		return ret;
	}
	ret = v2_push_feed(&s->push, s->head.data, s->head.len);
	buf_free(&s->head);
	return ret;
}

/* The v2 session's outcome as an install result, for the report. */
static int finish_v2(struct install_sink *s, int fetched,
		     struct imgauth_install *r, int *ran)
{
	int ret = fetched == EXIT_OK ? v2_push_finish(&s->push) :
		  s->push.err ? s->push.err : -ECANCELED;

	memset(r, 0, sizeof(*r));
	r->status = s->push.res.status;
	r->target = s->push.res.target;
	snprintf(r->message, sizeof(r->message), "%s", s->push.res.message);
	*ran = 1;
	v2_push_free(&s->push);
	close(s->fd);
	if (ret && !r->message[0] && fetched != EXIT_OK)
		snprintf(r->message, sizeof(r->message),
			 "the transfer failed; the session was abandoned and the slot erased");
	return ret;
}

/* A v1 image whose pieces went to a session: END, and the report. */
static int finish_v1(struct install_sink *s, const char *src)
{
	struct imgauth_install r;
	FILE *say = cli_say();
	int ret;

	if (say) {
		if (fetch_is_url(src))
			fprintf(say, "\nTFTP Succeeded\n");
		fprintf(say, "Save to flash. It may take a few minutes ...");
		print_header_lines(say, s->head.data,
				   s->head.len < IMGAUTH_HDR_LEN ? s->head.len :
				   IMGAUTH_HDR_LEN, s->head.len);
		fflush(say);
	}
	ret = v1_push_end(&s->v1, s->head.len);
	memset(&r, 0, sizeof(r));
	r.status = s->v1.res.status;
	r.target = s->v1.res.target;
	snprintf(r.message, sizeof(r.message), "%s", s->v1.res.message);
	close(s->fd);
	s->fd = -1;
	return report_install(&r, ret, 1, s->head.len, s->flags, s->node);
}

/* A v1 image (or a loader), whole: one IMGAUTH_IOC_INSTALL. */
static int install_whole(const char *node, const char *src, const void *data,
			 size_t len, const uint8_t *head, size_t head_len,
			 uint32_t flags)
{
	struct imgauth_install r;
	FILE *say = cli_say();
	int ret, ran;

	if (say) {
		if (fetch_is_url(src))
			fprintf(say, "\nTFTP Succeeded\n");
		fprintf(say, "Save to flash. It may take a few minutes ...");
		print_header_lines(say, head, head_len, len);
		fflush(say);
	}
	ret = dev_install(node, data, len, flags, &r, &ran);
	return report_install(&r, ret, ran, len, flags, node);
}

/*
 * A local regular file holding a v1 image is not copied: the kernel
 * copies from a mapping of it (fetch_map()), the format and the header
 * lines come from a copy of its first bytes.  A v2 image, a pipe or a
 * device take the way every source takes (fetch_stream()).  -1: not
 * installed here.
 */
static int install_mapped(const char *node, const char *src,
			  const struct fetch_limit *lim, uint32_t flags)
{
	struct fetch_map m;
	int rc;

	if (fetch_is_url(src))
		return -1;
	rc = fetch_map(src, lim, &m);
	if (rc)
		return rc;
	if (!m.data || (m.head_len >= 4 && streams_v2(node, m.head))) {
		fetch_unmap(&m);
		return -1;
	}
	rc = install_whole(node, src, m.data, m.len, m.head, m.head_len, flags);
	fetch_unmap(&m);
	return rc;
}

static int image_install(const struct cmd_args *a)
{
	const char *src = a->op[0];
	const char *node = a->opt[I_LOADER] ? "loader" : "image0";
	struct fetch_limit lim = { 0, node[0] == 'l' ? "the loader region" :
				   "an image region" };
	struct tftp_stats st = { 0 };
	struct install_sink s = { .node = node, .fd = -1, .stats = &st };
	uint32_t flags = 0;
	struct imgauth_install r;
	struct buf img = { 0 };
	FILE *say;
	int ret, ran, rc;

	if (a->opt[I_NO_COMMIT])
		flags |= IMGAUTH_INSTALL_NO_COMMIT;
	if (a->opt[I_DRY_RUN])
		flags |= IMGAUTH_INSTALL_DRY_RUN;
	/* Before a long transfer: is there a place for it, and how large? */
	rc = module_region_size(node, &lim.max);
	if (rc)
		return rc;
	rc = install_mapped(node, src, &lim, flags);
	if (rc >= 0)
		return rc;
	s.flags = flags;
	s.max = lim.max;
	rc = fetch_stream(src, "software", &a->tftp, &lim, sink_dispatch, &s,
			  &st);
	if (s.format == 2) {
		if (s.setup_err) {
			buf_free(&s.head);
			errmsg("%s: %s", node, dev_strerror(s.setup_err));
			return dev_exit_code(s.setup_err);
		}
		ret = finish_v2(&s, rc, &r, &ran);
		say = cli_say();
		if (say && fetch_is_url(src) && rc == EXIT_OK)
			fprintf(say, "\nTFTP Succeeded\n");
		if (say)
			fprintf(say, "Save to flash (streamed, v2) ...\n");
		return report_install(&r, ret, ran, (size_t)s.bytes, flags,
				      node);
	}
	if (s.format == 1 && s.fd >= 0) {
		if (rc) {
			/* Closing abandons the session: nothing was changed. */
			v1_push_cancel(&s.v1);
			close(s.fd);
			buf_free(&s.head);
			return rc;
		}
		v1_push_drain(&s.v1, s.head.len);
		if (!v1_push_unsupported(&s.v1)) {
			rc = finish_v1(&s, src);
			buf_free(&s.head);
			return rc;
		}
		close(s.fd);	/* an older module: the whole image below */
	}
	img = s.head;
	if (rc) {
		buf_free(&img);
		return rc;
	}
	rc = install_whole(node, src, img.data, img.len, img.data,
			   img.len < IMGAUTH_HDR_LEN ? img.len : IMGAUTH_HDR_LEN,
			   flags);
	buf_free(&img);
	return rc;
}

const struct cmd cmd_image_install = {
	.name = "image install",
	.operands = "SRC",
	.min_ops = 1, .max_ops = 1,
	.opts = install_opts,
	.flags = CMD_TFTP,
	.summary = "verify in the kernel and write to flash",
	.help = "  SRC is a file or tftp://HOST[:PORT]/PATH, at most the region's size\n"
		"  (a larger one is refused before it is read).  A system image goes to\n"
		"  the slot that is not active and becomes active once written and read\n"
		"  back.",
	.complete = COMPLETE_SRC,
	.run = image_install,
};

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
};

static int verdict_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	struct verdict_reply *v = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_STATUS] ||
	    !tb[IMGAUTH_A_MESSAGE])
		return -EPROTO;
	v->status = mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]);
	snprintf(v->msg, sizeof(v->msg), "%s",
		 mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]));
	return 0;
}

/* One netlink command on a region, answered with a verdict. */
static int region_command(uint8_t cmd, const char *region, const char *what)
{
	char buf[512] __attribute__((aligned(4)));
	struct verdict_reply v = { 0 };
	struct nlmsghdr *nlh;
	FILE *say = cli_say();
	struct nl nl;
	int target, ret;

	target = parse_region(region);
	if (target < 0 || (cmd == IMGAUTH_CMD_INSTALL_COMMIT &&
			   target == IMGAUTH_TARGET_LOADER)) {
		errmsg("%s: \"%s\" is not %s", what, region,
		       cmd == IMGAUTH_CMD_INSTALL_COMMIT ? "image0 or image1" :
		       "loader, image0 or image1");
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
	} else if (say) {
		fprintf(say, "%s: ", region);
		/* A commit's message says what became active. */
		if (cmd == IMGAUTH_CMD_INSTALL_COMMIT && v.status <= IMGAUTH_OK_UNAUTHENTICATED)
			fprintf(say, "%s\n", v.msg);
		else
			verdict_print(say, v.status, v.msg);
	}
	return v.status == IMGAUTH_E_EMPTY ? EXIT_VERIFY :
	       verdict_exit_code(v.status);
}

static int image_commit(const struct cmd_args *a)
{
	return region_command(IMGAUTH_CMD_INSTALL_COMMIT, a->op[0], "image commit");
}

static int image_check(const struct cmd_args *a)
{
	return region_command(IMGAUTH_CMD_VERIFY, a->op[0], "image check");
}

const struct cmd cmd_image_commit = {
	.name = "image commit",
	.operands = "image0|image1",
	.min_ops = 1, .max_ops = 1,
	.summary = "verify a staged image on flash again and make it active",
	.complete = COMPLETE_SLOT,
	.run = image_commit,
};

const struct cmd cmd_image_check = {
	.name = "image check",
	.operands = "loader|image0|image1",
	.min_ops = 1, .max_ops = 1,
	.summary = "verify what a region holds, in the kernel (what a boot check does)",
	.complete = COMPLETE_REGION,
	.run = image_check,
};
