// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dev.h"
#include "cli.h"

void dev_path(char *buf, size_t n, const char *node)
{
	const char *dir = getenv("IMGAUTH_DEV_DIR");

	snprintf(buf, n, "%s/%s", dir && *dir ? dir : "/dev/imgauth", node);
}

static int dev_open(const char *node)
{
	char path[256];
	int fd;

	dev_path(path, sizeof(path), node);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int dev_open_rw(const char *node)
{
	char path[64];
	int fd;

	dev_path(path, sizeof(path), node);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int dev_install(const char *node, const void *data, size_t len,
		uint32_t flags, struct imgauth_install *out, int *ran)
{
	int fd, ret = 0;

	*ran = 0;
	memset(out, 0, sizeof(*out));
	out->argsz = sizeof(*out);
	out->flags = flags;
	out->data = (uint64_t)(uintptr_t)data;
	out->len = len;
	fd = dev_open(node);
	if (fd < 0)
		return fd;
	*ran = 1;
	if (ioctl(fd, IMGAUTH_IOC_INSTALL, out) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int dev_region_info(const char *node, struct imgauth_region_info *out)
{
	int fd, ret = 0;

	memset(out, 0, sizeof(*out));
	out->argsz = sizeof(*out);
	fd = dev_open(node);
	if (fd < 0)
		return fd;
	if (ioctl(fd, IMGAUTH_IOC_REGION_INFO, out) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int dev_exit_code(int err)
{
	if (err == -ENOENT || err == -ENODEV || err == -ENXIO)
		return EXIT_NOMODULE;
	return exit_code_for_errno(err);
}

const char *dev_strerror(int err)
{
	switch (-err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "no /dev/imgauth device: is the imgauth module loaded?";
	case EACCES:
	case EPERM:
		return "permission denied: run as root (CAP_SYS_ADMIN)";
	}
	return strerror(-err);
}
