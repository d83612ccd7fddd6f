// SPDX-License-Identifier: GPL-2.0
/*
 * imgauthctl: install signed images and manage the image key of an
 * imgauth device.  "imgauthctl OBJECT VERB [ARGS]", like ip(8); the
 * ScreenOS commands admins type by habit are accepted too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgauthctl.h"
#include "nl.h"
#include "util.h"

bool opt_json;
bool opt_quiet;

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} objects[] = {
	{ "key", cmd_key },
	{ "image", cmd_image },
	{ "config", cmd_config },
	{ "system", cmd_system },
	{ "tftp", cmd_tftp },
	{ "events", cmd_events },
	{ "verify-sig", cmd_verify_sig },
};

static void usage(FILE *f)
{
	fputs("Usage: imgauthctl [-j|--json] [-q|--quiet] OBJECT VERB [ARGS]\n"
	      "\n"
	      "  key show [--json]                 the three image key slots\n"
	      "  key install SRC                   install imagekey.cer (file or tftp://HOST[:PORT]/PATH)\n"
	      "  key delete                        delete the image key\n"
	      "  key fingerprint FILE              md5/sha1/sha256 of a key file\n"
	      "  image info FILE|DEVICE [--json]   header fields, checksum, signature\n"
	      "  image verify SRC [--key CERT]     verify offline (--key) or with the kernel\n"
	      "  image sign --key PRIV.pem [...] -o OUT PAYLOAD\n"
	      "  image install SRC [--loader] [--no-commit] [--dry-run]\n"
	      "  image commit image0|image1        activate a staged image\n"
	      "  image check loader|image0|image1  verify what flash holds\n"
	      "  config save tftp://HOST/PATH [--file PATH]\n"
	      "  config loader [show | set FIELD VALUE...]  boot loader record\n"
	      "  system [--json]                   like ScreenOS \"get system\"\n"
	      "  tftp get URL -o FILE | tftp put FILE URL\n"
	      "  events [--json] [--count N]       follow the module's events\n"
	      "  verify-sig ...                    raw DSA verification in the kernel\n"
	      "\n"
	      "ScreenOS commands:\n"
	      "  save software from tftp HOST FILE to flash\n"
	      "  save image-key tftp HOST FILE\n"
	      "  delete crypto auth-key\n"
	      "  exec pki test skey\n"
	      "  save config to tftp HOST FILE\n"
	      "  get system\n"
	      "\n"
	      "\"imgauthctl OBJECT help\" shows an object's options.\n"
	      "Exit codes: 0 ok, 1 error, 2 usage, 3 transfer, 4 verification,\n"
	      "5 permission, 6 module not loaded.\n", f);
}

int exit_code_for_errno(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return EXIT_OK;
	case EPERM:
	case EACCES:
		return EXIT_PERM;
	case EBADMSG:
	case EKEYREJECTED:
	case ENOKEY:
	case EKEYREVOKED:
	case EUCLEAN:
	case ENODATA:
		return EXIT_VERIFY;
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ECONNREFUSED:
	case EPROTO:
		return EXIT_TRANSFER;
	}
	return EXIT_FAILURE_GENERIC;
}

int open_module(struct nl *nl)
{
	int ret = nl_open(nl);

	if (!ret)
		return EXIT_OK;
	errmsg("%s", nl->err);
	return ret == -ENOENT ? EXIT_NOMODULE : exit_code_for_errno(ret);
}

int module_request(uint8_t cmd, const char *what,
		   int (*cb)(const struct nlmsghdr *nlh, void *data), void *data)
{
	char buf[256] __attribute__((aligned(4)));
	struct nl nl;
	int rc, ret;

	rc = open_module(&nl);
	if (rc)
		return rc;
	ret = nl_transact(&nl, nl_request(&nl, buf, sizeof(buf), cmd), cb, data);
	if (ret) {
		errmsg("%s: %s", what, nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	}
	nl_close(&nl);
	return rc;
}

int main(int argc, char **argv)
{
	size_t i;
	int a = 1;

	while (a < argc && argv[a][0] == '-') {
		if (!strcmp(argv[a], "-j") || !strcmp(argv[a], "--json")) {
			opt_json = true;
		} else if (!strcmp(argv[a], "-q") || !strcmp(argv[a], "--quiet")) {
			opt_quiet = true;
		} else if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[a], "-V") || !strcmp(argv[a], "--version")) {
			printf("imgauthctl %s\n", IMGAUTH_VERSION);
			return EXIT_OK;
		} else {
			errmsg("unknown option %s", argv[a]);
			usage(stderr);
			return EXIT_USAGE;
		}
		a++;
	}
	if (a >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[a], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (!strcmp(argv[a], objects[i].name))
			return objects[i].fn(argc - a, argv + a);
	if (!strcmp(argv[a], "save") || !strcmp(argv[a], "delete") ||
	    !strcmp(argv[a], "exec") || !strcmp(argv[a], "get"))
		return cmd_screenos(argc - a, argv + a);
	errmsg("unknown object \"%s\"; try \"imgauthctl help\"", argv[a]);
	return EXIT_USAGE;
}
