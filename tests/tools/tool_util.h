/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest's test helpers (tests/tools/ia_*.c, each one static
 * binary) all need: fail on a system error, read a whole file, a
 * big-endian word.  Exit status 2 is a helper's own failure, apart from
 * the outcomes the tests read (0, 1).
 */
#ifndef IA_TOOL_UTIL_H
#define IA_TOOL_UTIL_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void die(const char *what)
{
	perror(what);
	exit(2);
}

/* All of @path, malloc()ed (at least one byte), its size in *@len. */
static inline unsigned char *slurp(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die(path);
	p = malloc(st.st_size ? st.st_size : 1);
	if (!p || read(fd, p, st.st_size) != st.st_size)
		die(path);
	close(fd);
	*len = st.st_size;
	return p;
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

#endif
