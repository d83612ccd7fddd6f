/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers every command uses: buffers, files, hex.
 */
#ifndef IA_UTIL_H
#define IA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A growable byte buffer. */
struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

int buf_append(struct buf *b, const void *data, size_t len);
/* Room for @cap bytes in all, so that appends up to it never move it. */
int buf_reserve(struct buf *b, size_t cap);
void buf_free(struct buf *b);

/*
 * Read a whole file, device or pipe into @out; 0 or -errno.  More than
 * @max bytes (0: no limit) is -EFBIG, found by stat() before reading a
 * regular file, else after reading no more than @max + 1 bytes.
 */
int read_file(const char *path, struct buf *out, uint64_t max);

/*
 * A number as options take them: decimal or 0x-hex (no octal: "010" is
 * ten, no sign, no blanks), at most @max.  0, -EINVAL or -ERANGE.
 */
int num_parse(const char *s, unsigned long long max, unsigned long long *out);

/*
 * num_parse() of option @opt's value @s into *out, saying what is wrong;
 * @s NULL (the option not given) leaves *out.  0 or -1.
 */
int opt_u32(const char *opt, const char *s, uint32_t max, uint32_t *out);

/* Lower-case hex of @len bytes into @out (2 * len + 1 bytes). */
void hex_encode(char *out, const uint8_t *in, size_t len);
/* Parse hex (even length); returns the byte count or -1. */
long hex_decode(uint8_t *out, size_t cap, const char *hex);

#endif
