/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A v1 image fed to an install session as it arrives (kmod/stream_v1.c):
 * the kernel verifies each 64 KiB piece while the rest is on its way;
 * the whole image, held by the caller, goes with END for programming.
 */
#ifndef IMGAUTHCTL_V1PUSH_H
#define IMGAUTHCTL_V1PUSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/imgauth.h>

struct v1_push {
	int fd;			/* the image device */
	uint32_t flags;		/* IMGAUTH_INSTALL_* */
	uint64_t total;		/* the image's length, known in advance */
	uint64_t sent;		/* bytes the kernel has been given */
	int began, failed;
	struct imgauth_stream res;	/* the last step's answer */
	int err;		/* its -errno, 0 */
};

void v1_push_init(struct v1_push *p, int fd, uint32_t flags, uint64_t total);
/*
 * The image's first @len bytes are at @img (the caller's buffer, which may
 * move between calls): give the kernel every whole piece not given yet.
 * 0, or -errno once a step was refused (p->res says why).
 */
int v1_push_feed(struct v1_push *p, const uint8_t *img, size_t len);
/*
 * BEGIN was refused as a layout the module does not know (a module older
 * than v1 sessions: IMGAUTH_E_LAYOUT, or ENOTTY): install the image whole
 * instead, which gives the verdict every module gives.
 */
bool v1_push_unsupported(const struct v1_push *p);
/* All @len bytes at @img: the last piece, then END with the whole image. */
int v1_push_finish(struct v1_push *p, const uint8_t *img, size_t len);

#endif
