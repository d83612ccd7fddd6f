// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "fetch.h"
#include "imgauthctl.h"

bool fetch_is_url(const char *src)
{
	return !strncmp(src, "tftp://", 7);
}

static int sink_buf(void *ctx, const void *data, size_t len)
{
	return buf_append(ctx, data, len);
}

int fetch_source(const char *src, const char *what, const struct tftp_opts *o,
		 struct buf *out)
{
	struct tftp_stats st = { 0 };
	struct tftp_opts quiet;
	struct tftp_url url;
	char err[256] = "";
	int ret;

	if (!fetch_is_url(src)) {
		ret = read_file(src, out);
		if (ret) {
			errmsg("%s: %s", src, strerror(-ret));
			return EXIT_TRANSFER;
		}
		return EXIT_OK;
	}
	if (tftp_url_parse(src, &url)) {
		errmsg("%s: not a tftp://HOST[:PORT]/PATH URL", src);
		return EXIT_USAGE;
	}
	if (!opt_quiet) {
		printf("Load %s from TFTP %s (file: %s).\n", what, url.host,
		       url.path);
		fflush(stdout);
	} else {
		quiet = *o;
		quiet.progress = TFTP_PROGRESS_NONE;
		o = &quiet;
	}
	ret = tftp_get(&url, o, sink_buf, out, &st, err, sizeof(err));
	if (ret) {
		buf_free(out);
		if (!opt_quiet)
			printf("tftp failed!\n");
		errmsg("TFTP %s: %s", src, err[0] ? err : strerror(-ret));
		return EXIT_TRANSFER;
	}
	if (!opt_quiet)
		printf("tftp received octets = %llu\ntftp success!\n",
		       (unsigned long long)st.bytes);
	return EXIT_OK;
}
