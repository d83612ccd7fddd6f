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
#include "module.h"
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

struct ldrcfg {
	char boot_file[IMGAUTH_BOOT_FILE_MAX];
	struct in_addr self, tftp, mask, gw;
};

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

static int loader_show(const struct cmd_args *args)
{
	struct ldrcfg l;
	char a[4][INET_ADDRSTRLEN];
	int rc;

	(void)args;
	memset(&l, 0, sizeof(l));
	rc = module_request(IMGAUTH_CMD_LOADER_CONFIG_GET, "config loader",
			    ldrcfg_cb, &l);
	if (rc)
		return rc;
	inet_ntop(AF_INET, &l.self, a[0], sizeof(a[0]));
	inet_ntop(AF_INET, &l.tftp, a[1], sizeof(a[1]));
	inet_ntop(AF_INET, &l.mask, a[2], sizeof(a[2]));
	inet_ntop(AF_INET, &l.gw, a[3], sizeof(a[3]));
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

static const struct {
	const char *name;
	uint16_t attr;
} fields[] = {
	{ "boot-file", IMGAUTH_LDRCFG_A_BOOT_FILE },
	{ "self-ip", IMGAUTH_LDRCFG_A_SELF_IP },
	{ "tftp-ip", IMGAUTH_LDRCFG_A_TFTP_IP },
	{ "netmask", IMGAUTH_LDRCFG_A_NETMASK },
	{ "gateway", IMGAUTH_LDRCFG_A_GATEWAY },
};

/* One FIELD VALUE pair into the request; 0 or EXIT_USAGE. */
static int put_field(struct nlmsghdr *nlh, const char *name, const char *value)
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
	if (fields[f].attr == IMGAUTH_LDRCFG_A_BOOT_FILE) {
		if (strlen(value) >= IMGAUTH_BOOT_FILE_MAX) {
			errmsg("boot-file: at most %d characters",
			       IMGAUTH_BOOT_FILE_MAX - 1);
			return EXIT_USAGE;
		}
		mnl_attr_put_strz(nlh, fields[f].attr, value);
		return 0;
	}
	if (inet_pton(AF_INET, value, &addr) != 1) {
		errmsg("%s: \"%s\" is not an IPv4 address", name, value);
		return EXIT_USAGE;
	}
	mnl_attr_put(nlh, fields[f].attr, 4, &addr);
	return 0;
}

static int loader_set(const struct cmd_args *a)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct json j;
	struct nl nl;
	int i, rc, ret;

	if (a->nops % 2) {
		errmsg("config loader set: \"%s\" needs a value", a->op[a->nops - 1]);
		return EXIT_USAGE;
	}
	rc = open_module(&nl);
	if (rc)
		return rc;
	nlh = nl_request(&nl, buf, sizeof(buf), IMGAUTH_CMD_LOADER_CONFIG_SET);
	nest = mnl_attr_nest_start(nlh, IMGAUTH_A_LOADER_CONFIG);
	for (i = 0; i < a->nops; i += 2) {
		rc = put_field(nlh, a->op[i], a->op[i + 1]);
		if (rc) {
			nl_close(&nl);
			return rc;
		}
	}
	mnl_attr_nest_end(nlh, nest);
	ret = nl_transact(&nl, nlh, NULL, NULL);
	nl_close(&nl);
	if (ret) {
		errmsg("config loader set: %s", nl_strerror(&nl, ret));
		return exit_code_for_errno(ret);
	}
	if (cli_say())
		fprintf(cli_say(), "Save loader config... Done\n");
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
