// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "session.h"

int session_step(int fd, unsigned long cmd, uint32_t flags, const void *data,
		 uint64_t len, uint64_t total, struct imgauth_stream *res,
		 int *err, int *failed)
{
	memset(res, 0, sizeof(*res));
	res->argsz = sizeof(*res);
	res->flags = cmd == IMGAUTH_IOC_STREAM_BEGIN ? flags : 0;
	res->data = (uint64_t)(uintptr_t)data;
	res->len = len;
	res->total = total;
	if (ioctl(fd, cmd, res) >= 0)
		return 0;
	*err = -errno;
	*failed = 1;
	return *err;
}
