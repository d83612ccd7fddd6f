// SPDX-License-Identifier: GPL-2.0
/*
 * ia-stream: install an image through an install session
 * (IMGAUTH_IOC_STREAM_BEGIN, _CHUNK..., _END), the way a streaming
 * installer does, with ways to misbehave:
 *
 *   ia-stream [--dry-run] [--no-commit] [--alt N:FILE] [--stop-after N]
 *             [--hold SECONDS] [--end-from FILE] [--extra-empty] IMAGE DEVICE
 *
 * --alt N:FILE   send chunk N from FILE (an image of the same layout)
 * --stop-after N close the device after N chunks, without END (abandon)
 * --hold S       sleep S seconds after BEGIN (to race other operations)
 * --end-from F   v1: END brings F's bytes, not IMAGE's (pass 2's buffer)
 * --extra-empty  v1: one more CHUNK, of 0 bytes, after the last piece
 *
 * A v2 image (magic 0x81ba16e2): BEGIN with its prefix, a CHUNK per
 * payload chunk, END.  A v1 image: BEGIN with its first 64 KiB and its
 * length, a CHUNK per next 64 KiB, END with the whole image.
 *
 * Prints one line per step: "begin: STATUS MESSAGE", "chunk N: ...",
 * "end: ...".  Exit 0 when END succeeded, 1 when a step was refused, 3
 * when it stopped as asked, 2 on usage or setup errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/imgauth.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool_util.h"

static int step(int fd, unsigned long cmd, const char *what,
		struct imgauth_stream *a)
{
	int ret = ioctl(fd, cmd, a);

	printf("%s: %s status %u: %s\n", what, ret ? strerror(errno) : "ok",
	       a->status, a->message);
	fflush(stdout);
	return ret;
}

#define PIECE	65536u

/* A v1 image: its pieces as they would arrive, then END with it whole. */
static int v1_session(const unsigned char *img, size_t len, const char *dev,
		      uint32_t flags, long alt_chunk, const unsigned char *alt,
		      size_t alt_len, long stop_after, long hold,
		      const unsigned char *end_img, size_t end_len,
		      int extra_empty)
{
	struct imgauth_stream a;
	char what[32];
	size_t off;
	long i;
	int fd = open(dev, O_RDWR);

	if (fd < 0) {
		perror(dev);
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.flags = flags;
	a.data = (uintptr_t)(alt_chunk == 0 && alt ? alt : img);
	a.len = len < PIECE ? len : PIECE;
	a.total = len;
	if (step(fd, IMGAUTH_IOC_STREAM_BEGIN, "begin", &a))
		return 1;
	if (hold)
		sleep(hold);
	for (off = PIECE, i = 1; off < len; off += PIECE, i++) {
		const unsigned char *src = i == alt_chunk && alt ? alt : img;

		if (i == stop_after) {
			printf("stopped after %ld pieces\n", i);
			close(fd);
			return 3;
		}
		if (src == alt && alt_len < len)
			return 2;
		memset(&a, 0, sizeof(a));
		a.argsz = sizeof(a);
		a.data = (uintptr_t)(src + off);
		a.len = len - off < PIECE ? len - off : PIECE;
		snprintf(what, sizeof(what), "chunk %ld", i);
		if (step(fd, IMGAUTH_IOC_STREAM_CHUNK, what, &a))
			return 1;
	}
	if (extra_empty) {
		memset(&a, 0, sizeof(a));
		a.argsz = sizeof(a);
		a.data = (uintptr_t)img;
		if (step(fd, IMGAUTH_IOC_STREAM_CHUNK, "chunk empty", &a))
			return 1;
	}
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.data = (uintptr_t)end_img;
	a.len = end_len;
	return step(fd, IMGAUTH_IOC_STREAM_END, "end", &a) ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct imgauth_stream a;
	unsigned char *img, *alt = NULL, *end_img = NULL;
	size_t len, alt_len = 0, end_len = 0;
	uint32_t flags = 0, off, size, n, i;
	long alt_chunk = -1, stop_after = -1, hold = 0;
	int fd, k, extra_empty = 0;
	char what[32];

	for (k = 1; k < argc && argv[k][0] == '-'; k++) {
		if (!strcmp(argv[k], "--dry-run")) {
			flags |= IMGAUTH_INSTALL_DRY_RUN;
		} else if (!strcmp(argv[k], "--no-commit")) {
			flags |= IMGAUTH_INSTALL_NO_COMMIT;
		} else if (!strcmp(argv[k], "--alt") && k + 1 < argc) {
			char *colon = strchr(argv[++k], ':');

			if (!colon)
				return 2;
			alt_chunk = strtol(argv[k], NULL, 0);
			alt = slurp(colon + 1, &alt_len);
		} else if (!strcmp(argv[k], "--stop-after") && k + 1 < argc) {
			stop_after = strtol(argv[++k], NULL, 0);
		} else if (!strcmp(argv[k], "--hold") && k + 1 < argc) {
			hold = strtol(argv[++k], NULL, 0);
		} else if (!strcmp(argv[k], "--extra-empty")) {
			extra_empty = 1;
		} else if (!strcmp(argv[k], "--end-from") && k + 1 < argc) {
			end_img = slurp(argv[++k], &end_len);
		} else {
			return 2;
		}
	}
	if (argc - k != 2) {
		fprintf(stderr, "usage: ia-stream [--dry-run] [--no-commit] [--alt N:FILE] "
			"[--stop-after N] [--hold S] [--end-from FILE] [--extra-empty]\n"
			"       IMAGE DEVICE\n");
		return 2;
	}
	img = slurp(argv[k], &len);
	if (len >= 4 && be32(img) == 0x81ba16eeU)
		return v1_session(img, len, argv[k + 1], flags, alt_chunk, alt,
				  alt_len, stop_after, hold,
				  end_img ? end_img : img,
				  end_img ? end_len : len, extra_empty);
	if (len < 48) {
		fprintf(stderr, "too short for a v2 image\n");
		return 2;
	}
	off = be32(img + 8);
	size = be32(img + 16);
	n = be32(img + 36);
	if (off > len) {
		fprintf(stderr, "offset past the end\n");
		return 2;
	}
	fd = open(argv[k + 1], O_RDWR);
	if (fd < 0) {
		perror(argv[k + 1]);
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.flags = flags;
	a.data = (uintptr_t)img;
	a.len = off;
	a.total = len;
	if (step(fd, IMGAUTH_IOC_STREAM_BEGIN, "begin", &a))
		return 1;
	if (hold)
		sleep(hold);
	for (i = 0; i < n; i++) {
		const unsigned char *src = i == alt_chunk && alt ? alt : img;
		size_t start = off + (size_t)i * IMGAUTH_V2_CHUNK;
		size_t clen = size - (size_t)i * IMGAUTH_V2_CHUNK;

		if ((long)i == stop_after) {
			printf("stopped after %u chunks\n", i);
			close(fd);
			return 3;
		}
		if (clen > IMGAUTH_V2_CHUNK)
			clen = IMGAUTH_V2_CHUNK;
		if (start + clen > (src == alt ? alt_len : len))
			clen = (src == alt ? alt_len : len) > start ?
			       (src == alt ? alt_len : len) - start : 0;
		memset(&a, 0, sizeof(a));
		a.argsz = sizeof(a);
		a.data = (uintptr_t)(src + start);
		a.len = clen;
		snprintf(what, sizeof(what), "chunk %u", i);
		if (step(fd, IMGAUTH_IOC_STREAM_CHUNK, what, &a))
			return 1;
	}
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	return step(fd, IMGAUTH_IOC_STREAM_END, "end", &a) ? 1 : 0;
}
