// SPDX-License-Identifier: GPL-2.0
/*
 * v1 images to an install session, a piece as soon as it is whole: BEGIN
 * with the first 64 KiB and the total length, a CHUNK per next 64 KiB
 * (the last one shorter), END with the whole image.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "v1push.h"

#define PIECE	65536u

void v1_push_init(struct v1_push *p, int fd, uint32_t flags, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->fd = fd;
	p->flags = flags;
	p->total = total;
}

static int step(struct v1_push *p, unsigned long cmd, const void *data,
		uint64_t len)
{
	int ret = session_step(p->fd, cmd, p->flags, data, len, p->total,
			       &p->res);

	if (ret) {
		p->err = ret;
		p->failed = 1;
	}
	return ret;
}

int v1_push_feed(struct v1_push *p, const uint8_t *img, size_t len)
{
	if (p->failed)
		return p->err;
	while (p->sent < p->total) {
		uint64_t n = p->total - p->sent < PIECE ? p->total - p->sent : PIECE;

		if (len < p->sent + n)
			return 0;	/* not whole yet */
		if (step(p, p->began ? IMGAUTH_IOC_STREAM_CHUNK :
			 IMGAUTH_IOC_STREAM_BEGIN, img + p->sent, n))
			return p->err;
		p->began = 1;
		p->sent += n;
	}
	return 0;
}

int v1_push_finish(struct v1_push *p, const uint8_t *img, size_t len)
{
	int ret = v1_push_feed(p, img, len);

	if (ret)
		return ret;
	if (len != p->total || !p->began) {
		/* The transfer checks the announced size; this is a guard. */
		p->res.status = IMGAUTH_E_LENGTH;
		snprintf(p->res.message, sizeof(p->res.message),
			 "%zu bytes arrived, %llu were announced", len,
			 (unsigned long long)p->total);
		return -EINVAL;
	}
	return step(p, IMGAUTH_IOC_STREAM_END, img, len);
}

bool v1_push_unsupported(const struct v1_push *p)
{
	return p->failed && !p->began &&
	       (p->err == -ENOTTY || p->res.status == IMGAUTH_E_LAYOUT);
}
