// SPDX-License-Identifier: GPL-2.0
/*
 * tftp:// URL parsing and the shared transfer flags.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tftp.h"
#include "tftp_flags.h"

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		failures++;						\
	}								\
} while (0)

static void good(const char *s, const char *host, const char *port,
		 const char *path)
{
	struct tftp_url u;

	if (tftp_url_parse(s, &u)) {
		printf("FAIL: \"%s\" rejected\n", s);
		failures++;
		return;
	}
	if (strcmp(u.host, host) || strcmp(u.port, port) || strcmp(u.path, path)) {
		printf("FAIL: \"%s\" -> host \"%s\" port \"%s\" path \"%s\"\n",
		       s, u.host, u.port, u.path);
		failures++;
	}
}

static void bad(const char *s)
{
	struct tftp_url u;

	memset(&u, 'x', sizeof(u));
	if (tftp_url_parse(s, &u) != -EINVAL) {
		printf("FAIL: \"%s\" accepted\n", s);
		failures++;
	}
	CHECK(u.host[0] == '\0' && u.path[0] == '\0');
}

static void test_urls(void)
{
	char longpath[1100];

	good("tftp://10.1.1.1/imagekey.cer", "10.1.1.1", "69", "imagekey.cer");
	good("tftp://h/new/imagekey.cer", "h", "69", "new/imagekey.cer");
	good("TFTP://Host.Example:6969/a", "Host.Example", "6969", "a");
	good("tftp://[::1]:69/PATH", "::1", "69", "PATH");
	good("tftp://[::1]/x", "::1", "69", "x");
	good("tftp://[fe80::1%25eth0]:70/x", "fe80::1%eth0", "70", "x");
	good("tftp://[fe80::1%eth0]/x", "fe80::1%eth0", "69", "x");
	good("tftp://[::ffff:1.2.3.4]/x", "::ffff:1.2.3.4", "69", "x");
	good("tftp://h:65535/x", "h", "65535", "x");
	/* Path names pass as given: no decoding, no normalising. */
	good("tftp://h//abs/file", "h", "69", "/abs/file");
	good("tftp://h/a%20b?c#d", "h", "69", "a%20b?c#d");
	good("tftp://h/dir/", "h", "69", "dir/");
	good("tftp://h/ns5gt.5.4.0r4.0", "h", "69", "ns5gt.5.4.0r4.0");

	bad("");
	bad("tftp://");
	bad("tftp://h");
	bad("tftp://h/");
	bad("tftp://h:69");
	bad("tftp://h:69/");
	bad("tftp:///path");
	bad("tftp://:69/path");
	bad("http://h/path");
	bad("h/path");
	bad("tftp:/h/path");
	bad("tftp://h:0/x");
	bad("tftp://h:65536/x");
	bad("tftp://h:123456/x");
	bad("tftp://h:/x");
	bad("tftp://h:6a/x");
	bad("tftp://h:-1/x");
	bad("tftp://user@h/x");
	bad("tftp://::1/x");
	bad("tftp://[::1/x");
	bad("tftp://[]/x");
	bad("tftp://[1.2.3.4]/x");
	bad("tftp://[host]/x");
	bad("tftp://[::1]x/y");
	bad("tftp://[::1]:/y");
	bad("tftp://[fe80::1%]/x");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	memcpy(longpath, "tftp://h/", 9);
	bad(longpath);
	longpath[9 + 1023] = '\0';
	good(longpath, "h", "69", longpath + 9);
}

/* Run tftp_parse_flag over a NULL-terminated list; returns its result. */
static int flags(struct tftp_opts *o, int *consumed, const char **args)
{
	char *argv[8];
	int argc = 0, i = 0, ret;

	while (args[argc])
		argv[argc] = (char *)args[argc], argc++;
	memset(o, 0, sizeof(*o));
	ret = tftp_parse_flag(o, argc, argv, &i);
	*consumed = i;
	return ret;
}

#define FLAGS(...) flags(&o, &i, (const char *[]){ __VA_ARGS__, NULL })

static void test_flags(void)
{
	struct tftp_opts o;
	int i;

	CHECK(FLAGS("--blksize", "8") == 1 && o.blksize == 8 && i == 1);
	CHECK(FLAGS("--blksize=65464") == 1 && o.blksize == 65464 && i == 0);
	CHECK(FLAGS("--windowsize", "16") == 1 && o.windowsize == 16);
	CHECK(FLAGS("--windowsize=65535") == 1 && o.windowsize == 65535);
	CHECK(FLAGS("--timeout", "255") == 1 && o.timeout == 255);
	CHECK(FLAGS("--retries", "1") == 1 && o.retries == 1);
	CHECK(FLAGS("--deadline", "30") == 1 && o.deadline == 30);
	CHECK(FLAGS("--no-options") == 1 && o.no_options && i == 0);
	CHECK(FLAGS("--progress=none") == 1 && o.progress == TFTP_PROGRESS_NONE);
	CHECK(FLAGS("--progress", "bar") == 1 && o.progress == TFTP_PROGRESS_BAR);
	CHECK(FLAGS("--progress=lines") == 1 && o.progress == TFTP_PROGRESS_LINES);
	CHECK(FLAGS("--progress=auto") == 1 && o.progress == TFTP_PROGRESS_AUTO);

	/* Not ours: left alone. */
	CHECK(FLAGS("-o", "x") == 0 && i == 0);
	CHECK(FLAGS("--blksizes", "8") == 0 && i == 0);
	CHECK(FLAGS("tftp://h/x") == 0);

	/* Bad values (each prints a message on stderr). */
	fprintf(stderr, "(messages expected below)\n");
	CHECK(FLAGS("--blksize", "7") == -1);
	CHECK(FLAGS("--blksize", "65465") == -1);
	CHECK(FLAGS("--blksize", "1k") == -1);
	CHECK(FLAGS("--blksize", "") == -1);
	CHECK(FLAGS("--blksize", "-512") == -1);
	CHECK(FLAGS("--blksize", "99999999999999999999999") == -1);
	CHECK(FLAGS("--windowsize", "0") == -1);
	CHECK(FLAGS("--windowsize", "65536") == -1);
	CHECK(FLAGS("--timeout", "0") == -1);
	CHECK(FLAGS("--timeout", "256") == -1);
	CHECK(FLAGS("--retries", "0") == -1);
	CHECK(FLAGS("--progress=fancy") == -1);
	CHECK(FLAGS("--blksize") == -1);
	CHECK(FLAGS("--progress") == -1);
}

int main(void)
{
	test_urls();
	test_flags();
	if (failures) {
		printf("test_tftp_url: %d failed\n", failures);
		return 1;
	}
	printf("test_tftp_url: all passed\n");
	return 0;
}
