// SPDX-License-Identifier: GPL-2.0
/*
 * The ScreenOS commands admins type by habit, rewritten into imgauthctl's
 * own, which then run as if typed (same options, help, exit codes):
 *
 *	save software from tftp HOST FILE to flash	image install URL
 *	save image-key tftp HOST FILE			key install URL
 *	delete crypto auth-key				key delete
 *	exec pki test skey				key show
 *	save config to tftp HOST FILE			config save URL
 *	get system					system
 *
 * HOST may carry a port (HOST:PORT, [v6]:PORT); what follows the words
 * (TFTP options, -j) goes to the command.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "screenos.h"

const struct screenos_form screenos_forms[] = {
	{ "save software from tftp HOST FILE to flash", { "image", "install" } },
	{ "save image-key tftp HOST FILE", { "key", "install" } },
	{ "delete crypto auth-key", { "key", "delete" } },
	{ "exec pki test skey", { "key", "show" } },
	{ "save config to tftp HOST FILE", { "config", "save" } },
	{ "get system", { "system" } },
	{ NULL, { NULL } },
};

bool screenos_word(const char *w)
{
	const struct screenos_form *f;
	size_t n = strlen(w);

	for (f = screenos_forms; f->words; f++)
		if (!strncmp(f->words, w, n) && f->words[n] == ' ')
			return true;
	return false;
}

/* "tftp://HOST/FILE"; a bare IPv6 address needs brackets in a URL. */
static int make_url(char *buf, size_t n, const char *host, const char *file)
{
	const char *colon = strchr(host, ':');
	bool v6 = colon && strchr(colon + 1, ':') && host[0] != '[';
	int len;

	while (*file == '/')
		file++;
	len = snprintf(buf, n, "tftp://%s%s%s/%s", v6 ? "[" : "", host,
		       v6 ? "]" : "", file);
	if (len < 0 || (size_t)len >= n) {
		errmsg("host or file name too long");
		return -1;
	}
	return 0;
}

/* Does argv start with the words of @form?  Its length in words, or 0. */
static int match(const char *form, int argc, char **argv, const char **host,
		 const char **file)
{
	char words[128], *save = NULL, *w;
	int i = 0;

	snprintf(words, sizeof(words), "%s", form);
	for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save), i++) {
		if (i >= argc)
			return 0;
		if (!strcmp(w, "HOST"))
			*host = argv[i];
		else if (!strcmp(w, "FILE"))
			*file = argv[i];
		else if (strcmp(w, argv[i]))
			return 0;
	}
	return i;
}

int screenos_translate(int argc, char **argv, char **out, int cap,
		       char *url, size_t urlcap)
{
	const struct screenos_form *f;

	for (f = screenos_forms; f->words; f++) {
		const char *host = NULL, *file = NULL;
		int n = match(f->words, argc, argv, &host, &file), k = 0, i;

		if (!n)
			continue;
		if (argc - n + 4 > cap) {
			errmsg("too many arguments");
			return -1;
		}
		for (i = 0; i < 2 && f->command[i]; i++)
			out[k++] = (char *)f->command[i];
		if (host) {
			if (make_url(url, urlcap, host, file))
				return -1;
			out[k++] = url;
		}
		for (i = n; i < argc; i++)
			out[k++] = argv[i];
		return k;
	}
	return 0;
}
