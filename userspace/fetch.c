// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>

#include <linux/imgauth.h>

#include "cli.h"
#include "fetch.h"

bool fetch_is_url(const char *src)
{
	return !strncasecmp(src, "tftp://", 7);
}

static int sink_buf(void *ctx, const void *data, size_t len)
{
	return buf_append(ctx, data, len);
}

int fetch_load(const char *path, struct buf *b, uint64_t max)
{
	int err;

	memset(b, 0, sizeof(*b));
	err = read_file(path, b, max);
	if (err == -EFBIG) {
		errmsg("%s: more than %llu bytes, larger than an image can be",
		       path, (unsigned long long)max);
		return EXIT_VERIFY;
	}
	if (err) {
		errmsg("%s: %s", path, strerror(-err));
		return exit_code_for_errno(err);
	}
	return 0;
}

static int too_large(const char *src, const struct fetch_limit *lim,
		     const char *detail)
{
	errmsg("%s: %s%smore than %s holds (%llu bytes)", src,
	       detail ? detail : "", detail ? ": " : "", lim->what,
	       (unsigned long long)lim->max);
	return EXIT_VERIFY;
}

static int fetch_file(const char *src, const struct fetch_limit *lim,
		      struct buf *out)
{
	int ret = read_file(src, out, lim->max);

	if (ret == -EFBIG)
		return too_large(src, lim, NULL);
	if (ret) {
		errmsg("%s: %s", src, strerror(-ret));
		return exit_code_for_errno(ret);
	}
	return EXIT_OK;
}

/* A local file, bounded, in pieces. */
static int stream_file(const char *src, const struct fetch_limit *lim,
		       tftp_sink_fn sink, void *ctx)
{
	static uint8_t piece[65536];
	uint64_t total = 0;
	struct stat st;
	int fd, ret = EXIT_OK;
	ssize_t n;

	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		errmsg("%s: %s", src, strerror(-ret));
		if (fd >= 0)
			close(fd);
		return exit_code_for_errno(ret);
	}
	if (S_ISREG(st.st_mode) && lim->max && (uint64_t)st.st_size > lim->max) {
		close(fd);
		return too_large(src, lim, NULL);
	}
	while ((n = read(fd, piece, sizeof(piece))) > 0) {
		total += (uint64_t)n;
		if (lim->max && total > lim->max) {
			ret = too_large(src, lim, NULL);
			break;
		}
		ret = sink(ctx, piece, (size_t)n);
		if (ret) {
			ret = exit_code_for_errno(ret);
			break;
		}
	}
	if (n < 0) {
		ret = -errno;
		errmsg("%s: %s", src, strerror(-ret));
		ret = exit_code_for_errno(ret);
	}
	close(fd);
	return ret;
}

int fetch_source(const char *src, const char *what, const struct tftp_opts *o,
		 const struct fetch_limit *lim, struct buf *out)
{
	struct tftp_stats st = { 0 };
	struct tftp_opts to = *o;
	struct tftp_url url;
	char err[256] = "";
	FILE *say = cli_say();
	int ret;

	if (!fetch_is_url(src))
		return fetch_file(src, lim, out);
	if (tftp_url_parse(src, &url)) {
		errmsg("%s: not a tftp://HOST[:PORT]/PATH URL", src);
		return EXIT_USAGE;
	}
	to.max_size = lim->max;
	if (opt_quiet)
		to.progress = TFTP_PROGRESS_NONE;
	if (say) {
		fprintf(say, "Load %s from TFTP %s (file: %s).\n", what, url.host,
			url.path);
		fflush(say);
	}
	ret = tftp_get(&url, &to, sink_buf, out, &st, err, sizeof(err));
	if (ret) {
		buf_free(out);
		if (say)
			fprintf(say, "tftp failed!\n");
		if (ret == -EFBIG)
			return too_large(src, lim, err);
		errmsg("TFTP %s: %s", src, err[0] ? err : strerror(-ret));
		return exit_code_for_errno(ret);
	}
	if (say)
		fprintf(say, "tftp received octets = %llu\ntftp success!\n",
			(unsigned long long)st.bytes);
	return EXIT_OK;
}

int fetch_stream(const char *src, const char *what, const struct tftp_opts *o,
		 const struct fetch_limit *lim, tftp_sink_fn sink, void *ctx,
		 struct tftp_stats *stats)
{
	struct tftp_stats own = { 0 }, *st = stats ? stats : &own;
	struct tftp_opts to = *o;
	struct tftp_url url;
	char err[256] = "";
	FILE *say = cli_say();
	int ret;

	if (!fetch_is_url(src))
		return stream_file(src, lim, sink, ctx);
	if (tftp_url_parse(src, &url)) {
		errmsg("%s: not a tftp://HOST[:PORT]/PATH URL", src);
		return EXIT_USAGE;
	}
	to.max_size = lim->max;
	if (opt_quiet)
		to.progress = TFTP_PROGRESS_NONE;
	if (say) {
		fprintf(say, "Load %s from TFTP %s (file: %s).\n", what, url.host,
			url.path);
		fflush(say);
	}
	ret = tftp_get(&url, &to, sink, ctx, st, err, sizeof(err));
	if (ret) {
		if (say)
			fprintf(say, "tftp failed!\n");
		if (ret == -EFBIG)
			return too_large(src, lim, err);
		errmsg("TFTP %s: %s", src, err[0] ? err : strerror(-ret));
		return exit_code_for_errno(ret);
	}
	if (say)
		fprintf(say, "tftp received octets = %llu\ntftp success!\n",
			(unsigned long long)st->bytes);
	return EXIT_OK;
}

/* The first bytes of @fd, as many as there are up to sizeof(m->head). */
static int read_head(int fd, struct fetch_map *m)
{
	m->head_len = 0;
	while (m->head_len < sizeof(m->head)) {
		ssize_t n = pread(fd, m->head + m->head_len,
				  sizeof(m->head) - m->head_len,
				  (off_t)m->head_len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		m->head_len += (size_t)n;
	}
	return 0;
}

int fetch_map(const char *src, const struct fetch_limit *lim,
	      struct fetch_map *m)
{
	struct stat st;
	void *p;
	int fd, ret;

	memset(m, 0, sizeof(*m));
	/*
	 * Look before opening: opening and closing a FIFO (or a tty) would
	 * lose what its writer sent; those go the way they always went.
	 */
	if (stat(src, &st) || !S_ISREG(st.st_mode) || !st.st_size)
		return EXIT_OK;
	/* O_NONBLOCK: should a FIFO have taken its place meanwhile. */
	fd = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return EXIT_OK;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
		close(fd);
		return EXIT_OK;
	}
	if (lim->max && (uint64_t)st.st_size > lim->max) {
		close(fd);
		return too_large(src, lim, NULL);
	}
	/* Larger than this process can map (32-bit): read it as before. */
	if (st.st_size != (off_t)(size_t)st.st_size) {
		close(fd);
		return EXIT_OK;
	}
	ret = read_head(fd, m);
	if (ret) {
		close(fd);
		errmsg("%s: %s", src, strerror(-ret));
		return exit_code_for_errno(ret);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	/* A file system that cannot map: read it as before. */
	if (p == MAP_FAILED) {
		memset(m, 0, sizeof(*m));
		return EXIT_OK;
	}
	m->data = p;
	m->len = (size_t)st.st_size;
	return EXIT_OK;
}

void fetch_unmap(struct fetch_map *m)
{
	if (m->data)
		munmap((void *)m->data, m->len);
	memset(m, 0, sizeof(*m));
}
