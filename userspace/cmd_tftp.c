// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl tftp get|put": plain file transfers, printed the way
 * ScreenOS prints them, so that the same scripts parse both.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "outfile.h"
#include "tftp.h"

static int parse_url(const char *s, struct tftp_url *u)
{
	if (!tftp_url_parse(s, u))
		return 0;
	errmsg("bad URL \"%s\": expected tftp://HOST[:PORT]/PATH", s);
	return -1;
}

static struct tftp_opts opts_of(const struct cmd_args *a)
{
	struct tftp_opts o = a->tftp;

	if (opt_quiet)
		o.progress = TFTP_PROGRESS_NONE;
	return o;
}

static void report_json(const char *url, const char *file,
			const struct tftp_stats *st)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "url", url);
	json_str(&j, "file", file);
	json_u64(&j, "bytes", st->bytes);
	json_u64(&j, "records", st->blocks);
	json_u64(&j, "blksize", st->blksize);
	json_u64(&j, "windowsize", st->windowsize);
	json_u64(&j, "retransmits", st->retransmits);
	json_u64(&j, "requests", st->requests);
	if (st->tsize)
		json_u64(&j, "tsize", st->tsize);
	else
		json_null(&j, "tsize");
	json_obj_end(&j);
}

static int sink_file(void *ctx, const void *data, size_t len)
{
	return outfile_append(ctx, data, len);
}

enum { G_OUT };

static const struct cmd_opt get_opts[] = {
	[G_OUT] = { "--output", "-o", "FILE",
		    "where to store it, replaced whole or not at all (\"-\": stdout)",
		    COMPLETE_FILE, true },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static int tftp_get_cmd(const struct cmd_args *a)
{
	const char *path = a->opt[G_OUT];
	struct tftp_opts o = opts_of(a);
	struct tftp_stats st;
	struct outfile out;
	struct tftp_url u;
	char err[256];
	int ret, r;

	if (parse_url(a->op[0], &u))
		return EXIT_USAGE;
	/* stdout holds the document in JSON mode: the file cannot go there. */
	if (opt_json && !strcmp(path, "-")) {
		errmsg("tftp get: -o - writes the file to stdout, which -j needs for JSON");
		return EXIT_USAGE;
	}
	ret = outfile_open(&out, path, 0);
	if (ret) {
		errmsg("cannot create %s: %s", path, outfile_strerror(ret));
		return exit_code_for_errno(ret);
	}
	ret = tftp_get(&u, &o, sink_file, &out, &st, err, sizeof(err));
	if (ret) {
		outfile_abort(&out);
		errmsg("tftp get %s: %s", a->op[0], err);
		return exit_code_for_errno(ret);
	}
	r = outfile_commit(&out);
	if (r) {
		errmsg("cannot write %s: %s", path, outfile_strerror(r));
		return exit_code_for_errno(r);
	}
	/* With the file on stdout, the report must not mix into it. */
	if (!opt_quiet)
		fprintf(!strcmp(path, "-") ? stderr : cli_text(),
			"tftp received octets = %llu\ntftp success!\n",
			(unsigned long long)st.bytes);
	if (opt_json)
		report_json(a->op[0], path, &st);
	return EXIT_OK;
}

/* The file is read as it is sent: never whole into memory. */
static int tftp_put_cmd(const struct cmd_args *a)
{
	struct tftp_opts o = opts_of(a);
	struct tftp_stats st;
	struct tftp_url u;
	char err[256];
	int fd, ret;

	if (parse_url(a->op[1], &u))
		return EXIT_USAGE;
	fd = strcmp(a->op[0], "-") ? open(a->op[0], O_RDONLY | O_CLOEXEC) :
				     dup(STDIN_FILENO);
	if (fd < 0) {
		ret = -errno;
		errmsg("cannot read %s: %s", a->op[0], strerror(-ret));
		return exit_code_for_errno(ret);
	}
	ret = tftp_put(&u, &o, fd, &st, err, sizeof(err));
	close(fd);
	if (ret) {
		errmsg("tftp put %s: %s", a->op[1], err);
		return exit_code_for_errno(ret);
	}
	if (!opt_quiet)
		fprintf(cli_text(), "tftp transferred records = %llu\ntftp success!\n",
			(unsigned long long)st.blocks);
	if (opt_json)
		report_json(a->op[1], a->op[0], &st);
	return EXIT_OK;
}

const struct cmd cmd_tftp_get = {
	.name = "tftp get",
	.operands = "URL",
	.min_ops = 1, .max_ops = 1,
	.opts = get_opts,
	.flags = CMD_TFTP,
	.summary = "fetch a file with TFTP",
	.help = "  URL is tftp://HOST[:PORT]/PATH; an IPv6 HOST goes in brackets.  A regular\n"
		"  FILE is written as FILE.XXXXXX beside it and renamed when complete,\n"
		"  keeping an existing file's mode; a symlink's target is replaced.",
	.complete = COMPLETE_URL,
	.run = tftp_get_cmd,
};

const struct cmd cmd_tftp_put = {
	.name = "tftp put",
	.operands = "FILE URL",
	.min_ops = 2, .max_ops = 2,
	.flags = CMD_TFTP,
	.summary = "store a file on a TFTP server (\"-\": standard input)",
	.complete = COMPLETE_FILE,
	.run = tftp_put_cmd,
};
