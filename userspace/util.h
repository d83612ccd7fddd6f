/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers every command uses: messages, files, hex.
 */
#ifndef IA_UTIL_H
#define IA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "imgauthctl: " + message on stderr. */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer. */
struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

int buf_append(struct buf *b, const void *data, size_t len);
void buf_free(struct buf *b);

/* Whole-file read/write; return 0 or -errno. */
int read_file(const char *path, struct buf *out);
int write_file(const char *path, const void *data, size_t len, int mode);

/* Lower-case hex of @len bytes into @out (2 * len + 1 bytes). */
void hex_encode(char *out, const uint8_t *in, size_t len);
/* Parse hex (even length); returns the byte count or -1. */
long hex_decode(uint8_t *out, size_t cap, const char *hex);

#endif
