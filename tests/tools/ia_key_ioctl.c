// SPDX-License-Identifier: GPL-2.0
/*
 * ia-key-ioctl: IMGAUTH_IOC_KEY_SET or IMGAUTH_IOC_KEY_DELETE on a key slot
 * device, the ioctl path that imgauthctl (netlink) does not take, so that
 * the guest tests see the key policy refuse both ways in.
 *
 *   ia-key-ioctl set [--provision] DER DEVICE
 *   ia-key-ioctl delete DEVICE
 *
 * Prints "ret R errno E status S: MESSAGE".  Exit: 0 when the ioctl
 * succeeded, 1 when it failed, 2 on a usage or setup error.  Static, no
 * libraries: the guest has no compiler.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/imgauth.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: ia-key-ioctl set [--provision] DER DEVICE | delete DEVICE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct imgauth_key_update arg;
	unsigned char key[IMGAUTH_KEY_MAX + 1];
	unsigned long cmd;
	int i = 2, fd, ret, err;
	ssize_t n = 0;

	memset(&arg, 0, sizeof(arg));
	arg.argsz = sizeof(arg);
	if (argc == 3 && !strcmp(argv[1], "delete")) {
		cmd = IMGAUTH_IOC_KEY_DELETE;
	} else if (argc >= 4 && !strcmp(argv[1], "set")) {
		cmd = IMGAUTH_IOC_KEY_SET;
		if (!strcmp(argv[i], "--provision")) {
			arg.flags = IMGAUTH_KEY_PROVISION;
			i++;
		}
		if (argc != i + 2)
			usage();
		fd = open(argv[i], O_RDONLY);
		if (fd < 0 || (n = read(fd, key, sizeof(key))) <= 0) {
			perror(argv[i]);
			return 2;
		}
		close(fd);
		arg.key = (unsigned long)key;
		arg.key_len = (unsigned int)n;
		i++;
	} else {
		usage();
	}
	fd = open(argv[argc - 1], O_RDWR);
	if (fd < 0) {
		perror(argv[argc - 1]);
		return 2;
	}
	ret = ioctl(fd, cmd, &arg);
	err = ret ? errno : 0;
	printf("ret %d errno %d status %u: %s\n", ret, err, arg.status, arg.message);
	close(fd);
	return ret ? 1 : 0;
}
