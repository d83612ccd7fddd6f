// SPDX-License-Identifier: GPL-2.0
/*
 * TFTP packet layouts (RFC 1350, options per RFC 2347).  Everything that
 * comes off the wire is treated as hostile: lengths are checked before
 * every read and strings need not be NUL-terminated.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tftp_pkt.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Append "s\0"; returns the new length or -ENOSPC. */
static int put_str(uint8_t *buf, size_t cap, size_t off, const char *s)
{
	size_t n = strlen(s) + 1;

	if (off > cap || n > cap - off)
		return -ENOSPC;
	memcpy(buf + off, s, n);
	return (int)(off + n);
}

static int put_opt(uint8_t *buf, size_t cap, int off, const char *name,
		   uint64_t val)
{
	char num[24];

	if (off < 0)
		return off;
	snprintf(num, sizeof(num), "%" PRIu64, val);
	off = put_str(buf, cap, (size_t)off, name);
	if (off < 0)
		return off;
	return put_str(buf, cap, (size_t)off, num);
}

int tftp_pkt_request(uint8_t *buf, size_t cap, uint16_t opcode,
		     const char *file, const struct tftp_optset *opts)
{
	int off;

	if (!file[0] || (opcode != TFTP_RRQ && opcode != TFTP_WRQ))
		return -EINVAL;
	if (cap < 2)
		return -ENOSPC;
	put16(buf, opcode);
	off = put_str(buf, cap, 2, file);
	if (off >= 0)
		off = put_str(buf, cap, (size_t)off, "octet");
	if (!opts)
		return off;
	if (opts->blksize)
		off = put_opt(buf, cap, off, "blksize", opts->blksize);
	if (opts->has_tsize)
		off = put_opt(buf, cap, off, "tsize", opts->tsize);
	if (opts->timeout)
		off = put_opt(buf, cap, off, "timeout", opts->timeout);
	if (opts->windowsize)
		off = put_opt(buf, cap, off, "windowsize", opts->windowsize);
	return off;
}

size_t tftp_pkt_ack(uint8_t *buf, uint16_t block)
{
	put16(buf, TFTP_ACK);
	put16(buf + 2, block);
	return TFTP_HDR_LEN;
}

size_t tftp_pkt_data_hdr(uint8_t *buf, uint16_t block)
{
	put16(buf, TFTP_DATA);
	put16(buf + 2, block);
	return TFTP_HDR_LEN;
}

size_t tftp_pkt_error(uint8_t *buf, size_t cap, uint16_t code,
		      const char *msg)
{
	size_t n = strlen(msg);

	if (cap < TFTP_HDR_LEN + 1)
		return 0;
	if (n > cap - TFTP_HDR_LEN - 1)
		n = cap - TFTP_HDR_LEN - 1;
	put16(buf, TFTP_ERROR);
	put16(buf + 2, code);
	memcpy(buf + TFTP_HDR_LEN, msg, n);
	buf[TFTP_HDR_LEN + n] = '\0';
	return TFTP_HDR_LEN + n + 1;
}

/* Server text ends up in a terminal: keep printable ASCII only. */
static void copy_errmsg(char *dst, size_t cap, const uint8_t *src, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && src[i] && n + 1 < cap; i++)
		dst[n++] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[n] = '\0';
}

int tftp_pkt_parse(const uint8_t *buf, size_t len, struct tftp_pkt *p)
{
	memset(p, 0, sizeof(*p));
	if (len < 2)
		return -EBADMSG;
	p->opcode = get16(buf);
	switch (p->opcode) {
	case TFTP_DATA:
	case TFTP_ACK:
	case TFTP_ERROR:
		if (len < TFTP_HDR_LEN)
			return -EBADMSG;
		p->block = get16(buf + 2);
		p->data = buf + TFTP_HDR_LEN;
		p->len = len - TFTP_HDR_LEN;
		break;
	case TFTP_OACK:
		p->data = buf + 2;
		p->len = len - 2;
		return 0;
	default:
		return -EBADMSG;
	}
	if (p->opcode == TFTP_ERROR) {
		p->errcode = p->block;
		p->block = 0;
		copy_errmsg(p->errmsg, sizeof(p->errmsg), p->data, p->len);
	}
	return 0;
}

/* Strict decimal: digits only, no sign, no overflow. */
static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Take the next NUL-terminated string, or NULL if it is not terminated. */
static const char *next_str(const uint8_t *buf, size_t len, size_t *off)
{
	const uint8_t *start = buf + *off;
	const uint8_t *nul = memchr(start, 0, len - *off);

	if (!nul)
		return NULL;
	*off += (size_t)(nul - start) + 1;
	return (const char *)start;
}

/* One option of an OACK: check it against the request and record it. */
static int oack_opt(const char *name, uint64_t v,
		    const struct tftp_optset *asked, struct tftp_optset *got,
		    char *err, size_t errlen)
{
	if (!strcasecmp(name, "blksize") && asked->blksize && !got->blksize) {
		if (v < TFTP_BLKSIZE_MIN || v > asked->blksize)
			goto bad;
		got->blksize = (unsigned int)v;
	} else if (!strcasecmp(name, "windowsize") && asked->windowsize &&
		   !got->windowsize) {
		if (v < 1 || v > asked->windowsize)
			goto bad;
		got->windowsize = (unsigned int)v;
	} else if (!strcasecmp(name, "timeout") && asked->timeout &&
		   !got->timeout) {
		if (v != asked->timeout)
			goto bad;
		got->timeout = (unsigned int)v;
	} else if (!strcasecmp(name, "tsize") && asked->has_tsize &&
		   !got->has_tsize) {
		got->has_tsize = true;
		got->tsize = v;
	} else {
		snprintf(err, errlen, "server sent option \"%.32s\" that was not requested, or twice", name);
		return -EPROTO;
	}
	return 0;
bad:
	snprintf(err, errlen, "server answered option %s with invalid value %" PRIu64, name, v);
	return -EPROTO;
}

int tftp_oack_parse(const uint8_t *opts, size_t len,
		    const struct tftp_optset *asked, struct tftp_optset *got,
		    char *err, size_t errlen)
{
	size_t off = 0;

	memset(got, 0, sizeof(*got));
	while (off < len) {
		const char *name = next_str(opts, len, &off);
		const char *val = name ? next_str(opts, len, &off) : NULL;
		uint64_t v;
		int ret;

		if (!val) {
			snprintf(err, errlen, "malformed OACK from server");
			return -EPROTO;
		}
		if (parse_u64(val, &v)) {
			snprintf(err, errlen, "server answered option \"%.32s\" with non-numeric value", name);
			return -EPROTO;
		}
		ret = oack_opt(name, v, asked, got, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

const char *tftp_errstr(uint16_t code)
{
	static const char *const text[] = {
		[TFTP_EUNDEF] = "Undefined error",
		[TFTP_ENOTFOUND] = "File not found",
		[TFTP_EACCESS] = "Access violation",
		[TFTP_ENOSPACE] = "Disk full or allocation exceeded",
		[TFTP_EBADOP] = "Illegal TFTP operation",
		[TFTP_EBADID] = "Unknown transfer ID",
		[TFTP_EEXISTS] = "File already exists",
		[TFTP_ENOUSER] = "No such user",
		[TFTP_EOPTNEG] = "Option negotiation failed",
	};

	if (code < sizeof(text) / sizeof(text[0]))
		return text[code];
	return "Unknown error";
}
