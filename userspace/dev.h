/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The character devices' ioctls (image installs and region facts).
 */
#ifndef IA_DEV_H
#define IA_DEV_H

#include <stddef.h>
#include <stdint.h>
#include <linux/imgauth.h>

/* /dev/imgauth/NODE, or $IMGAUTH_DEV_DIR/NODE. */
void dev_path(char *buf, size_t n, const char *node);

/*
 * IMGAUTH_IOC_INSTALL on NODE ("image0" for system images, "loader").
 * Returns 0 or -errno; @out holds the kernel's status and message whenever
 * the ioctl ran.  *ran tells whether it did (not: open failed).
 */
int dev_install(const char *node, const void *data, size_t len,
		uint32_t flags, struct imgauth_install *out, int *ran);

int dev_region_info(const char *node, struct imgauth_region_info *out);

/* The device /dev/imgauth/@node opened for an install session, or -errno. */
int dev_open_rw(const char *node);

/* A sentence for an open()/ioctl() failure on a device. */
const char *dev_strerror(int err);

/* The exit code for it: EXIT_NOMODULE when there is no device. */
int dev_exit_code(int err);

#endif
