/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One step of an install session (IMGAUTH_IOC_STREAM_*), for the v1 and
 * v2 feeders.
 */
#ifndef IMGAUTHCTL_SESSION_H
#define IMGAUTHCTL_SESSION_H

#include <stdint.h>
#include <linux/imgauth.h>

/*
 * @cmd on the image device @fd with @data/@len (and @flags, @total at
 * BEGIN); the kernel's answer in @res.  0 or -errno; on -errno the kernel
 * has ended the session (@res says why), and *@err gets the -errno and
 * *@failed 1.
 */
int session_step(int fd, unsigned long cmd, uint32_t flags, const void *data,
		 uint64_t len, uint64_t total, struct imgauth_stream *res,
		 int *err, int *failed);

#endif
