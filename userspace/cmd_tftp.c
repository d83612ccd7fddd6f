// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl tftp get|put": plain file transfers, printed the way
 * ScreenOS prints them, so that the same scripts parse both.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imgauthctl.h"
#include "tftp.h"
#include "util.h"

#define OUT_BUFSIZE	(256 * 1024)

static void usage(FILE *f)
{
	fputs("Usage: imgauthctl tftp get URL -o FILE [FLAGS]\n"
	      "       imgauthctl tftp put FILE URL [FLAGS]\n"
	      "\n"
	      "  URL is tftp://HOST[:PORT]/PATH; an IPv6 HOST goes in brackets.\n"
	      "  -o FILE        where get stores the file (\"-\": standard output)\n"
	      "  --blksize N    block size to ask for (8..65464, default 1468, 1448 on IPv6)\n"
	      "  --windowsize N blocks per ACK, RFC 7440 (default 1)\n"
	      "  --timeout S    retransmit after S seconds, doubling (default 1)\n"
	      "  --retries N    retransmits before giving up (default 5)\n"
	      "  --deadline S   abort the transfer after S seconds\n"
	      "  --no-options   plain RFC 1350 request\n"
	      "  -q, --quiet    no progress, no report; errors only\n"
	      "  --progress=auto|none|bar|lines\n", f);
}

/* Received data goes to a temporary file, renamed when complete. */
static char tmp_path[4096];

static void on_signal(int sig)
{
	if (tmp_path[0])
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void (*fn)(int))
{
	signal(SIGINT, fn);
	signal(SIGTERM, fn);
	signal(SIGHUP, fn);
}

static int sink_file(void *ctx, const void *data, size_t len)
{
	FILE *f = ctx;

	errno = 0;
	if (len && fwrite(data, 1, len, f) != len)
		return errno ? -errno : -EIO;
	return 0;
}

/* Open FILE.XXXXXX beside @out, so that the rename stays on one fs. */
static FILE *open_tmp(const char *out)
{
	mode_t mask;
	FILE *f;
	int fd;

	if (snprintf(tmp_path, sizeof(tmp_path), "%s.XXXXXX", out) >=
	    (int)sizeof(tmp_path)) {
		errno = ENAMETOOLONG;
		tmp_path[0] = '\0';
		return NULL;
	}
	fd = mkstemp(tmp_path);
	if (fd < 0) {
		tmp_path[0] = '\0';
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp_path);
		tmp_path[0] = '\0';
	}
	return f;
}

/* Close the output and put it in place; 0 or -errno. */
static int finish_tmp(FILE *f, const char *out, bool ok)
{
	int ret = 0;

	if (fflush(f) || ferror(f))
		ret = -(errno ? errno : EIO);
	if (fclose(f) && !ret)
		ret = -errno;
	if (ok && !ret && rename(tmp_path, out))
		ret = -errno;
	if (!ok || ret)
		unlink(tmp_path);
	tmp_path[0] = '\0';
	return ret;
}

struct tftp_args {
	struct tftp_opts opts;
	const char *pos[2];	/* positional arguments */
	int npos;
	const char *out;
	bool quiet;
};

static int parse_args(int argc, char **argv, struct tftp_args *a)
{
	int i, ret;

	for (i = 2; i < argc; i++) {
		ret = tftp_parse_flag(&a->opts, argc, argv, &i);
		if (ret < 0)
			return -1;
		if (ret)
			continue;
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i >= argc) {
				errmsg("%s needs a file name", argv[i - 1]);
				return -1;
			}
			a->out = argv[i];
		} else if (!strcmp(argv[i], "-q") ||
			   !strcmp(argv[i], "--quiet")) {
			a->quiet = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			errmsg("tftp: unknown option %s", argv[i]);
			return -1;
		} else if (a->npos < 2) {
			a->pos[a->npos++] = argv[i];
		} else {
			errmsg("tftp: unexpected argument \"%s\"", argv[i]);
			return -1;
		}
	}
	a->quiet |= opt_quiet;
	if (a->quiet)
		a->opts.progress = TFTP_PROGRESS_NONE;
	return 0;
}

static int parse_url(const char *s, struct tftp_url *u)
{
	if (!tftp_url_parse(s, u))
		return 0;
	errmsg("bad URL \"%s\": expected tftp://HOST[:PORT]/PATH", s);
	return -1;
}

static int get_to(FILE *f, const struct tftp_args *a, const struct tftp_url *u,
		  struct tftp_stats *st)
{
	char err[256];
	int ret;

	ret = tftp_get(u, &a->opts, sink_file, f, st, err, sizeof(err));
	if (ret)
		errmsg("tftp get %s: %s", a->pos[0], err);
	return ret;
}

struct output {
	FILE *f;
	bool tmp;	/* written as tmp_path, renamed when complete */
};

/*
 * "-" is stdout.  A device or a FIFO is written in place: renaming a
 * temporary over /dev/null would replace it.  A regular file goes
 * through a temporary, so a failed get leaves the old file as it was.
 */
static int output_open(struct output *o, const char *path)
{
	struct stat sb;

	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-")) {
		o->f = stdout;
	} else if (!stat(path, &sb) && S_ISDIR(sb.st_mode)) {
		return -EISDIR;
	} else if (!stat(path, &sb) && !S_ISREG(sb.st_mode)) {
		o->f = fopen(path, "w");
	} else {
		o->f = open_tmp(path);
		o->tmp = o->f != NULL;
		if (o->tmp)
			catch_signals(on_signal);
	}
	if (!o->f)
		return -errno;
	setvbuf(o->f, NULL, _IOFBF, OUT_BUFSIZE);
	return 0;
}

static int output_close(struct output *o, const char *path, bool ok)
{
	int ret = 0;

	if (o->tmp) {
		ret = finish_tmp(o->f, path, ok);
		catch_signals(SIG_DFL);
		return ret;
	}
	if (fflush(o->f) || ferror(o->f))
		ret = -(errno ? errno : EIO);
	if (o->f != stdout && fclose(o->f) && !ret)
		ret = -errno;
	return ret;
}

static int do_get(struct tftp_args *a)
{
	struct tftp_stats st;
	struct output out;
	struct tftp_url u;
	int ret, r;

	if (parse_url(a->pos[0], &u))
		return EXIT_USAGE;
	ret = output_open(&out, a->out);
	if (ret) {
		errmsg("cannot create %s: %s", a->out, strerror(-ret));
		return EXIT_TRANSFER;
	}
	ret = get_to(out.f, a, &u, &st);
	r = output_close(&out, a->out, !ret);
	if (r && !ret) {
		errmsg("cannot write %s: %s", a->out, strerror(-r));
		ret = r;
	}
	if (ret)
		return EXIT_TRANSFER;
	/* With the file on stdout, the report must not mix into it. */
	if (!a->quiet)
		fprintf(out.f == stdout ? stderr : stdout,
			"tftp received octets = %llu\ntftp success!\n",
			(unsigned long long)st.bytes);
	return EXIT_OK;
}

static int do_put(struct tftp_args *a)
{
	struct buf data = { 0 };
	struct tftp_stats st;
	struct tftp_url u;
	char err[256];
	int ret;

	if (parse_url(a->pos[1], &u))
		return EXIT_USAGE;
	ret = read_file(a->pos[0], &data);
	if (ret) {
		errmsg("cannot read %s: %s", a->pos[0], strerror(-ret));
		return EXIT_TRANSFER;
	}
	ret = tftp_put(&u, &a->opts, data.data, data.len, &st, err,
		       sizeof(err));
	buf_free(&data);
	if (ret) {
		errmsg("tftp put %s: %s", a->pos[1], err);
		return EXIT_TRANSFER;
	}
	if (!a->quiet)
		printf("tftp transferred records = %llu\ntftp success!\n",
		       (unsigned long long)st.blocks);
	return EXIT_OK;
}

int cmd_tftp(int argc, char **argv)
{
	struct tftp_args a = { 0 };
	const char *verb = argc > 1 ? argv[1] : "";

	if (!strcmp(verb, "help") || !strcmp(verb, "-h") ||
	    !strcmp(verb, "--help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "get") && strcmp(verb, "put")) {
		if (argc > 1)
			errmsg("tftp: unknown verb \"%s\"", verb);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (parse_args(argc, argv, &a))
		return EXIT_USAGE;
	if (!strcmp(verb, "get")) {
		if (a.npos != 1 || !a.out) {
			errmsg("usage: imgauthctl tftp get URL -o FILE [FLAGS]");
			return EXIT_USAGE;
		}
		return do_get(&a);
	}
	if (a.npos != 2 || a.out) {
		errmsg("usage: imgauthctl tftp put FILE URL [FLAGS]");
		return EXIT_USAGE;
	}
	return do_put(&a);
}
