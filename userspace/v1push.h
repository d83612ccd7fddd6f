/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A v1 image fed to an install session as it arrives (kmod/stream_v1.c):
 * the kernel verifies each 64 KiB piece while the rest is on its way;
 * the whole image, held by the caller, goes with END for programming.
 */
#ifndef IMGAUTHCTL_V1PUSH_H
#define IMGAUTHCTL_V1PUSH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/imgauth.h>

struct v1_push {
	int fd;			/* the image device */
	uint32_t flags;		/* IMGAUTH_INSTALL_* */
	uint64_t total;		/* the image's length, known in advance */
	const uint8_t *img;	/* where it arrives: room for total bytes */
	uint64_t sent;		/* bytes the kernel has been given */
	int began, failed;
	struct imgauth_stream res;	/* the last step's answer */
	int err;		/* its -errno, 0 */
	/* The feeder thread and what it is told (under @lock). */
	pthread_t feeder;
	pthread_mutex_t lock;
	pthread_cond_t more;
	size_t avail;		/* bytes of @img arrived */
	bool done;		/* no more will */
	bool threaded;		/* the feeder runs */
};

/*
 * Start a session feeder for an image of @total bytes arriving at @img,
 * which must have room for all of them and not move until
 * v1_push_finish().  The pieces go to the kernel from a thread of their
 * own, so the kernel's work overlaps the transfer; without a thread, from
 * v1_push_offer() itself.
 */
void v1_push_start(struct v1_push *p, int fd, uint32_t flags, uint64_t total,
		   const uint8_t *img);
/* The first @len bytes of the image have arrived. */
void v1_push_offer(struct v1_push *p, size_t len);
/* All @len bytes are in: let the feeder give the last pieces, and stop it. */
void v1_push_drain(struct v1_push *p, size_t len);
/* Then END with the whole image.  0 or -errno (p->res says why). */
int v1_push_end(struct v1_push *p, size_t len);
/* The transfer failed: stop the feeder (closing the device abandons). */
void v1_push_cancel(struct v1_push *p);
/*
 * BEGIN was refused as a layout the module does not know (a module older
 * than v1 sessions: IMGAUTH_E_LAYOUT, or ENOTTY): install the image whole
 * instead, which gives the verdict every module gives.  After
 * v1_push_drain() or v1_push_cancel().
 */
bool v1_push_unsupported(const struct v1_push *p);

#endif
