// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl config": back up the appliance configuration over TFTP
 * ("save config to tftp"), and the boot loader configuration record.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "ldrcfg.h"
#include "tftp.h"
#include "util.h"

#define DEFAULT_CONFIG	"/etc/imgauth/appliance.conf"

static void save_json(const char *file, const char *url,
		      const struct tftp_stats *st)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "file", file);
	json_str(&j, "url", url);
	json_u64(&j, "bytes", st->bytes);
	json_u64(&j, "records", st->blocks);
	json_obj_end(&j);
}

enum { C_FILE };

static const struct cmd_opt save_opts[] = {
	[C_FILE] = { "--file", NULL, "PATH", "the file to upload (default $IMGAUTH_CONFIG, else "
		     DEFAULT_CONFIG ")", COMPLETE_FILE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

/* The upload streams from the file: nothing is read whole into memory. */
static int config_save(const struct cmd_args *a)
{
	const char *url_s = a->op[0], *file = a->opt[C_FILE];
	struct tftp_stats st = { 0 };
	struct tftp_opts o = a->tftp;
	FILE *say = cli_say();
	struct tftp_url url;
	char err[256] = "";
	struct stat sb;
	int fd, ret;

	if (!file)
		file = getenv("IMGAUTH_CONFIG");
	if (!file || !*file)
		file = DEFAULT_CONFIG;
	if (tftp_url_parse(url_s, &url)) {
		errmsg("%s: not a tftp://HOST[:PORT]/PATH URL", url_s);
		return EXIT_USAGE;
	}
	if (say)
		fprintf(say, "Read the current config.\n");
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb)) {
		ret = -errno;
		errmsg("config %s: %s", file, strerror(-ret));
		if (fd >= 0)
			close(fd);
		return exit_code_for_errno(ret);
	}
	if (say) {
		fprintf(say, " Save configurations (%llu bytes) to %s on TFTP server %s.\n",
			(unsigned long long)sb.st_size, url.path, url.host);
		fflush(say);
	}
	if (opt_quiet)
		o.progress = TFTP_PROGRESS_NONE;
	ret = tftp_put(&url, &o, fd, &st, err, sizeof(err));
	close(fd);
	if (ret) {
		if (say)
			fprintf(say, "tftp failed!\n");
		errmsg("TFTP %s: %s", url_s, err[0] ? err : strerror(-ret));
		return exit_code_for_errno(ret);
	}
	if (say)
		fprintf(say, "tftp transferred records = %llu\ntftp success!\n\nTFTP Succeeded\n",
			(unsigned long long)st.blocks);
	if (opt_json)
		save_json(file, url_s, &st);
	return EXIT_OK;
}

const struct cmd cmd_config_save = {
	.name = "config save",
	.operands = "tftp://HOST[:PORT]/PATH",
	.min_ops = 1, .max_ops = 1,
	.opts = save_opts,
	.flags = CMD_TFTP,
	.summary = "upload the appliance configuration with TFTP (\"save config to tftp\")",
	.complete = COMPLETE_URL,
	.run = config_save,
};

static int loader_show(const struct cmd_args *args)
{
	char a[4][INET_ADDRSTRLEN];
	struct ldrcfg l;
	int rc;

	(void)args;
	rc = ldrcfg_get(&l, "config loader");
	if (rc)
		return rc;
	ldrcfg_addr(a[0], sizeof(a[0]), l.self);
	ldrcfg_addr(a[1], sizeof(a[1]), l.tftp);
	ldrcfg_addr(a[2], sizeof(a[2]), l.mask);
	ldrcfg_addr(a[3], sizeof(a[3]), l.gw);
	if (opt_json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "boot_file", l.boot_file);
		json_str(&j, "self_ip", a[0]);
		json_str(&j, "tftp_ip", a[1]);
		json_str(&j, "netmask", a[2]);
		json_str(&j, "gateway", a[3]);
		json_obj_end(&j);
		return EXIT_OK;
	}
	printf("Firmware File Name [%s]\nSelf IP Address [%s]\nTFTP IP Address [%s]\n"
	       "IP MASK [%s]\nGateway IP Address [%s]\n",
	       l.boot_file, a[0], a[1], a[2], a[3]);
	return EXIT_OK;
}

static int loader_set(const struct cmd_args *a)
{
	char said[IMGAUTH_MSG_LEN];
	unsigned int fields = 0;
	struct ldrcfg l;
	struct json j;
	int i, rc;

	if (a->nops % 2) {
		errmsg("config loader set: \"%s\" needs a value", a->op[a->nops - 1]);
		return EXIT_USAGE;
	}
	memset(&l, 0, sizeof(l));
	for (i = 0; i < a->nops; i += 2) {
		rc = ldrcfg_parse_field(&l, &fields, a->op[i], a->op[i + 1]);
		if (rc)
			return rc;
	}
	rc = ldrcfg_set(&l, fields, "config loader set", said, sizeof(said));
	if (rc)
		return rc;
	if (cli_say())
		fprintf(cli_say(), "%s\n", said);
	if (opt_json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "result", "saved");
		json_obj_end(&j);
	}
	return EXIT_OK;
}

const struct cmd cmd_config_loader_show = {
	.name = "config loader show",
	.summary = "the boot loader's record in NVRAM; \"config loader\" alone is this",
	.help = "  The firmware file and the TFTP addresses the boot loader's recovery uses.",
	.run = loader_show,
};

const struct cmd cmd_config_loader_set = {
	.name = "config loader set",
	.operands = "FIELD VALUE...",
	.min_ops = 2, .max_ops = 10,
	.summary = "change fields of the boot loader's record",
	.help = "  FIELD is boot-file (at most 63 characters), self-ip, tftp-ip, netmask or\n"
		"  gateway (dotted IPv4); fields not given keep their value.",
	.complete = COMPLETE_LDRCFG,
	.run = loader_set,
};
