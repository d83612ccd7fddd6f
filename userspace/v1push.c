// SPDX-License-Identifier: GPL-2.0
/*
 * v1 images to an install session, a piece as soon as it is whole: BEGIN
 * with the first 64 KiB and the total length, a CHUNK per next 64 KiB
 * (the last one shorter), END with the whole image.
 *
 * The pieces go from a thread of their own: the receiving thread only
 * copies each block into place and says how far the image has come, and
 * goes back to the network while the kernel hashes.  The feeder reads
 * only bytes below what it was told, the receiver writes only above it,
 * and the buffer never moves (it has room for the whole image), so the
 * two never touch the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "v1push.h"

#define PIECE	65536u

static int step(struct v1_push *p, unsigned long cmd, const void *data,
		uint64_t len)
{
	return session_step(p->fd, cmd, p->flags, data, len, p->total,
			    &p->res, &p->err, &p->failed);
}

/* Every whole piece of the first @len bytes not given yet. */
static void feed(struct v1_push *p, size_t len)
{
	while (!p->failed && p->sent < p->total) {
		uint64_t n = p->total - p->sent < PIECE ? p->total - p->sent : PIECE;

		if (len < p->sent + n)
			return;		/* not whole yet */
		if (step(p, p->began ? IMGAUTH_IOC_STREAM_CHUNK :
			 IMGAUTH_IOC_STREAM_BEGIN, p->img + p->sent, n))
			return;
		p->began = 1;
		p->sent += n;
	}
}

static void *feeder(void *arg)
{
	struct v1_push *p = arg;
	size_t avail;
	bool done;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->avail == p->sent && !p->done)
			pthread_cond_wait(&p->more, &p->lock);
		avail = p->avail;
		done = p->done;
		pthread_mutex_unlock(&p->lock);
		feed(p, avail);
		/* Refused (the kernel ended the session), or all was fed. */
		if (p->failed || done)
			return NULL;
	}
}

void v1_push_start(struct v1_push *p, int fd, uint32_t flags, uint64_t total,
		   const uint8_t *img)
{
	memset(p, 0, sizeof(*p));
	p->fd = fd;
	p->flags = flags;
	p->total = total;
	p->img = img;
	if (pthread_mutex_init(&p->lock, NULL))
		return;
	if (pthread_cond_init(&p->more, NULL)) {
		pthread_mutex_destroy(&p->lock);
		return;
	}
	p->threaded = !pthread_create(&p->feeder, NULL, feeder, p);
	if (!p->threaded) {
		pthread_cond_destroy(&p->more);
		pthread_mutex_destroy(&p->lock);
	}
}

void v1_push_offer(struct v1_push *p, size_t len)
{
	if (!p->threaded) {
		feed(p, len);
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->avail = len;
	pthread_cond_signal(&p->more);
	pthread_mutex_unlock(&p->lock);
}

/* Tell the feeder no more will come (@len, if set, is all), and wait. */
static void stop(struct v1_push *p, const size_t *len)
{
	pthread_mutex_lock(&p->lock);
	if (len)
		p->avail = *len;
	p->done = true;
	pthread_cond_signal(&p->more);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->feeder, NULL);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	p->threaded = false;
}

void v1_push_cancel(struct v1_push *p)
{
	/* What arrived may still go; the session is abandoned after. */
	if (p->threaded)
		stop(p, NULL);
}

void v1_push_drain(struct v1_push *p, size_t len)
{
	if (p->threaded)
		stop(p, &len);
	else
		feed(p, len);
}

int v1_push_end(struct v1_push *p, size_t len)
{
	if (p->failed)
		return p->err;
	if (len != p->total || !p->began) {
		/* The transfer checks the announced size; this is a guard. */
		p->res.status = IMGAUTH_E_LENGTH;
		snprintf(p->res.message, sizeof(p->res.message),
			 "%zu bytes arrived, %llu were announced", len,
			 (unsigned long long)p->total);
		return -EINVAL;
	}
	return step(p, IMGAUTH_IOC_STREAM_END, p->img, len);
}

bool v1_push_unsupported(const struct v1_push *p)
{
	return p->failed && !p->began &&
	       (p->err == -ENOTTY || p->res.status == IMGAUTH_E_LAYOUT);
}
