// SPDX-License-Identifier: GPL-2.0
/*
 * The ScreenOS commands admins type by habit, mapped onto imgauthctl's:
 *
 *	save software from tftp HOST FILE to flash	image install
 *	save image-key tftp HOST FILE			key install
 *	delete crypto auth-key				key delete
 *	exec pki test skey				key show
 *	save config to tftp HOST FILE			config save
 *	get system					system
 *
 * HOST may carry a port (HOST:PORT, [v6]:PORT).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "imgauthctl.h"
#include "tftp.h"
#include "util.h"

static bool words(int argc, char **argv, const char *const *w, int n)
{
	int i;

	if (argc < n)
		return false;
	for (i = 0; i < n; i++)
		if (w[i] && strcmp(argv[i], w[i]))
			return false;
	return true;
}

static int make_url(char *buf, size_t n, const char *host, const char *file)
{
	int len;

	const char *colon = strchr(host, ':');
	bool v6 = colon && strchr(colon + 1, ':') && host[0] != '[';

	while (*file == '/')
		file++;
	/* A bare IPv6 address needs brackets in a URL. */
	len = snprintf(buf, n, "tftp://%s%s%s/%s", v6 ? "[" : "", host,
		       v6 ? "]" : "", file);
	if (len < 0 || (size_t)len >= n) {
		errmsg("host or file name too long");
		return -1;
	}
	return 0;
}

/* Flags after the ScreenOS words go to the TFTP client. */
static int trailing_flags(struct tftp_opts *o, int argc, char **argv, int from)
{
	int i;

	for (i = from; i < argc; i++) {
		int t = tftp_parse_flag(o, argc, argv, &i);

		if (t <= 0) {
			if (!t)
				errmsg("unexpected \"%s\"", argv[i]);
			return -1;
		}
	}
	return 0;
}

int cmd_screenos(int argc, char **argv)
{
	static const char *const software[] = { "save", "software", "from", "tftp", NULL, NULL, "to", "flash" };
	static const char *const imagekey[] = { "save", "image-key", "tftp", NULL, NULL };
	static const char *const delkey[] = { "delete", "crypto", "auth-key" };
	static const char *const skey[] = { "exec", "pki", "test", "skey" };
	static const char *const savecfg[] = { "save", "config", "to", "tftp", NULL, NULL };
	static const char *const getsys[] = { "get", "system" };
	struct tftp_opts o = { 0 };
	char url[1400];

	if (words(argc, argv, software, 8)) {
		char *install[64] = { "install", url };
		int i;

		if (make_url(url, sizeof(url), argv[4], argv[5]) ||
		    trailing_flags(&o, argc, argv, 8) || argc - 8 > 60)
			return EXIT_USAGE;
		/* "image install" with the same flags: one code path. */
		for (i = 8; i < argc; i++)
			install[i - 6] = argv[i];
		return cmd_image_install(argc - 6, install);
	}
	if (words(argc, argv, imagekey, 5)) {
		if (make_url(url, sizeof(url), argv[3], argv[4]) ||
		    trailing_flags(&o, argc, argv, 5))
			return EXIT_USAGE;
		return key_install(url, &o, true);
	}
	if (words(argc, argv, delkey, 3) && argc == 3)
		return key_delete();
	if (words(argc, argv, skey, 4) && argc == 4)
		return key_show(false);
	if (words(argc, argv, savecfg, 6)) {
		if (make_url(url, sizeof(url), argv[4], argv[5]) ||
		    trailing_flags(&o, argc, argv, 6))
			return EXIT_USAGE;
		return config_save(url, NULL, &o);
	}
	if (words(argc, argv, getsys, 2) && argc == 2)
		return system_show(false);
	errmsg("unknown command; the ScreenOS forms are:\n"
	       "  save software from tftp HOST FILE to flash\n"
	       "  save image-key tftp HOST FILE\n"
	       "  delete crypto auth-key\n"
	       "  exec pki test skey\n"
	       "  save config to tftp HOST FILE\n"
	       "  get system");
	return EXIT_USAGE;
}
