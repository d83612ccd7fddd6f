// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

int buf_reserve(struct buf *b, size_t cap)
{
	uint8_t *n;

	if (cap <= b->cap)
		return 0;
	n = realloc(b->data, cap);
	if (!n)
		return -ENOMEM;
	b->data = n;
	b->cap = cap;
	return 0;
}

int buf_append(struct buf *b, const void *data, size_t len)
{
	if (len > SIZE_MAX - b->len)
		return -ENOMEM;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *n;

		while (cap < b->len + len)
			cap = cap > SIZE_MAX / 2 ? b->len + len : cap * 2;
		n = realloc(b->data, cap);
		if (!n)
			return -ENOMEM;
		b->data = n;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int read_file(const char *path, struct buf *out, uint64_t max)
{
	uint8_t chunk[65536];
	struct stat st;
	int fd, ret = 0;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A huge file is refused before it costs any memory. */
	if (max && !fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	for (;;) {
		size_t want = sizeof(chunk);

		/* Devices and pipes have no size: stop one byte past @max. */
		if (max && max + 1 - out->len < want)
			want = (size_t)(max + 1 - out->len);
		n = read(fd, chunk, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		ret = buf_append(out, chunk, (size_t)n);
		if (ret)
			break;
		if (max && out->len > max) {
			ret = -EFBIG;
			break;
		}
	}
	close(fd);
	if (ret)
		buf_free(out);
	return ret;
}

int num_parse(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* strtoull() would take a sign or blanks; we don't. */
	if (!((s[0] >= '0' && s[0] <= '9') ||
	      (base == 16 && ((s[0] >= 'a' && s[0] <= 'f') ||
			      (s[0] >= 'A' && s[0] <= 'F')))))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return -EINVAL;
	if (errno || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int opt_u32(const char *opt, const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v;

	if (!s)
		return 0;
	if (num_parse(s, max, &v)) {
		errmsg("%s: \"%s\" is not a number from 0 to %u (decimal or 0x-hex)",
		       opt, s, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

void hex_encode(char *out, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long hex_decode(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex), i;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}
