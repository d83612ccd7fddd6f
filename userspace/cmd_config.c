// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl config": back up the appliance configuration over TFTP
 * ("save config to tftp"), and the boot loader configuration record.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgauthctl.h"
#include "json.h"
#include "nl.h"
#include "tftp.h"
#include "util.h"

#define DEFAULT_CONFIG	"/etc/imgauth/appliance.conf"

static void usage(FILE *f)
{
	fputs("Usage: imgauthctl config save tftp://HOST[:PORT]/PATH [--file PATH] [TFTP flags]\n"
	      "       imgauthctl config loader [show] [--json]\n"
	      "       imgauthctl config loader set [boot-file NAME] [self-ip ADDR] [tftp-ip ADDR]\n"
	      "                                    [netmask ADDR] [gateway ADDR]\n"
	      "  save: upload the appliance configuration (--file, else $IMGAUTH_CONFIG,\n"
	      "  else " DEFAULT_CONFIG ") with TFTP.\n"
	      "  loader: the boot loader's record (firmware file and TFTP addresses that\n"
	      "  recovery uses), kept in NVRAM by the module.\n", f);
}

int config_save(const char *url_s, const char *file, const struct tftp_opts *o)
{
	struct tftp_stats st = { 0 };
	struct tftp_opts quiet;
	struct buf cfg = { 0 };
	struct tftp_url url;
	char err[256] = "";
	int ret;

	if (!file)
		file = getenv("IMGAUTH_CONFIG");
	if (!file || !*file)
		file = DEFAULT_CONFIG;
	if (tftp_url_parse(url_s, &url)) {
		errmsg("%s: not a tftp://HOST[:PORT]/PATH URL", url_s);
		return EXIT_USAGE;
	}
	if (!opt_quiet)
		printf("Read the current config.\n");
	ret = read_file(file, &cfg);
	if (ret) {
		errmsg("config %s: %s", file, strerror(-ret));
		return EXIT_TRANSFER;
	}
	if (!opt_quiet) {
		printf(" Save configurations (%zu bytes) to %s on TFTP server %s.\n",
		       cfg.len, url.path, url.host);
		fflush(stdout);
	}
	if (opt_quiet) {
		quiet = *o;
		quiet.progress = TFTP_PROGRESS_NONE;
		o = &quiet;
	}
	ret = tftp_put(&url, o, cfg.data, cfg.len, &st, err, sizeof(err));
	buf_free(&cfg);
	if (ret) {
		if (!opt_quiet)
			printf("tftp failed!\n");
		errmsg("TFTP %s: %s", url_s, err[0] ? err : strerror(-ret));
		return EXIT_TRANSFER;
	}
	if (!opt_quiet)
		printf("tftp transferred records = %llu\ntftp success!\n\nTFTP Succeeded\n",
		       (unsigned long long)st.blocks);
	return EXIT_OK;
}

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
		return MNL_CB_ERROR;
	if (c[IMGAUTH_LDRCFG_A_BOOT_FILE])
		snprintf(l->boot_file, sizeof(l->boot_file), "%s",
			 mnl_attr_get_str(c[IMGAUTH_LDRCFG_A_BOOT_FILE]));
	get_addr(&l->self, c[IMGAUTH_LDRCFG_A_SELF_IP]);
	get_addr(&l->tftp, c[IMGAUTH_LDRCFG_A_TFTP_IP]);
	get_addr(&l->mask, c[IMGAUTH_LDRCFG_A_NETMASK]);
	get_addr(&l->gw, c[IMGAUTH_LDRCFG_A_GATEWAY]);
	return MNL_CB_OK;
}

static int loader_show(bool json)
{
	struct ldrcfg l;
	char a[4][INET_ADDRSTRLEN];
	int rc;

	memset(&l, 0, sizeof(l));
	rc = module_request(IMGAUTH_CMD_LOADER_CONFIG_GET, "config loader",
			    ldrcfg_cb, &l);
	if (rc)
		return rc;
	inet_ntop(AF_INET, &l.self, a[0], sizeof(a[0]));
	inet_ntop(AF_INET, &l.tftp, a[1], sizeof(a[1]));
	inet_ntop(AF_INET, &l.mask, a[2], sizeof(a[2]));
	inet_ntop(AF_INET, &l.gw, a[3], sizeof(a[3]));
	if (json || opt_json) {
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

static int loader_set(int argc, char **argv)
{
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
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nl nl;
	int i, rc, ret;
	size_t f;

	if (argc < 2 || argc % 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = open_module(&nl);
	if (rc)
		return rc;
	nlh = nl_request(&nl, buf, sizeof(buf), IMGAUTH_CMD_LOADER_CONFIG_SET);
	nest = mnl_attr_nest_start(nlh, IMGAUTH_A_LOADER_CONFIG);
	for (i = 0; i < argc; i += 2) {
		for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
			if (!strcmp(argv[i], fields[f].name))
				break;
		if (f == sizeof(fields) / sizeof(fields[0])) {
			errmsg("config loader set: unknown field \"%s\"", argv[i]);
			nl_close(&nl);
			return EXIT_USAGE;
		}
		if (fields[f].attr == IMGAUTH_LDRCFG_A_BOOT_FILE) {
			if (strlen(argv[i + 1]) >= IMGAUTH_BOOT_FILE_MAX) {
				errmsg("boot-file: at most %d characters",
				       IMGAUTH_BOOT_FILE_MAX - 1);
				nl_close(&nl);
				return EXIT_USAGE;
			}
			mnl_attr_put_strz(nlh, fields[f].attr, argv[i + 1]);
		} else {
			struct in_addr a;

			if (inet_pton(AF_INET, argv[i + 1], &a) != 1) {
				errmsg("%s: \"%s\" is not an IPv4 address",
				       argv[i], argv[i + 1]);
				nl_close(&nl);
				return EXIT_USAGE;
			}
			mnl_attr_put(nlh, fields[f].attr, 4, &a);
		}
	}
	mnl_attr_nest_end(nlh, nest);
	ret = nl_transact(&nl, nlh, NULL, NULL);
	if (ret) {
		errmsg("config loader set: %s", nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	} else if (!opt_quiet) {
		printf("Save loader config... Done\n");
	}
	nl_close(&nl);
	return rc;
}

int cmd_config(int argc, char **argv)
{
	struct tftp_opts o = { 0 };
	const char *url = NULL, *file = NULL;
	int i;

	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "loader")) {
		if (argc == 2 || !strcmp(argv[2], "show"))
			return loader_show(argc > 3 && !strcmp(argv[3], "--json"));
		if (!strcmp(argv[2], "--json"))
			return loader_show(true);
		if (!strcmp(argv[2], "set"))
			return loader_set(argc - 3, argv + 3);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "save")) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		int t = tftp_parse_flag(&o, argc, argv, &i);

		if (t < 0)
			return EXIT_USAGE;
		if (t)
			continue;
		if (!strcmp(argv[i], "--file") && i + 1 < argc)
			file = argv[++i];
		else if (!url && argv[i][0] != '-')
			url = argv[i];
		else {
			errmsg("config save: unexpected argument \"%s\"", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!url) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return config_save(url, file, &o);
}
