// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the TFTP packet decoder of imgauthctl
 * (userspace/tftp_pkt.c): what any host on the network can send it.
 * Besides memory safety it checks the promises:
 *  - tftp_pkt_parse() returns 0 or -EBADMSG; on 0 the opcode is one a
 *    client receives, the data lies inside the packet, and an ERROR's
 *    text is NUL-terminated printable ASCII within TFTP_ERRMSG_MAX;
 *  - tftp_oack_parse() against a request built from the input returns 0
 *    or -EPROTO with a message; on 0 it accepted only options that were
 *    asked for, blksize in 8..asked, windowsize in 1..asked, timeout as
 *    asked;
 *  - an OACK made from the accepted values is accepted again with the
 *    same values, and an ERROR encoded with tftp_pkt_error() decodes to
 *    its code and (printable) text.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tftp_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	ASSERT(n < cap);
	for (size_t i = 0; i < n; i++)
		ASSERT(s[i] >= 0x20 && s[i] < 0x7f);
}

static void fuzz_parse(const uint8_t *buf, size_t len)
{
	struct tftp_pkt p;
	int ret = tftp_pkt_parse(buf, len, &p);

	ASSERT(ret == 0 || ret == -EBADMSG);
	if (ret)
		return;
	ASSERT(p.opcode == TFTP_DATA || p.opcode == TFTP_ACK ||
	       p.opcode == TFTP_ERROR || p.opcode == TFTP_OACK);
	ASSERT(p.data >= buf && p.data + p.len == buf + len);
	if (p.opcode == TFTP_ERROR)
		check_text(p.errmsg, sizeof(p.errmsg));
	else
		ASSERT(!p.errmsg[0]);
	ASSERT(tftp_errstr(p.errcode) != NULL);
}

/* Encode @o as an OACK's option bytes; returns the length. */
static size_t make_oack(char *out, size_t cap, const struct tftp_optset *o)
{
	size_t n = 0;

	if (o->blksize)
		n += (size_t)snprintf(out + n, cap - n, "blksize%c%u%c", 0, o->blksize, 0);
	if (o->windowsize)
		n += (size_t)snprintf(out + n, cap - n, "WindowSize%c%u%c", 0,
				      o->windowsize, 0);
	if (o->timeout)
		n += (size_t)snprintf(out + n, cap - n, "timeout%c%u%c", 0, o->timeout, 0);
	if (o->has_tsize)
		n += (size_t)snprintf(out + n, cap - n, "tsize%c%llu%c", 0,
				      (unsigned long long)o->tsize, 0);
	return n;
}

static void fuzz_oack(const uint8_t *d, size_t size)
{
	struct tftp_optset asked = { 0 }, got, again;
	char err[160], oack[256];
	size_t n;
	int ret;

	/* The first 8 bytes say what was asked; 0 means not asked. */
	asked.blksize = (unsigned int)(d[0] << 8 | d[1]) % (TFTP_BLKSIZE_MAX + 1);
	asked.windowsize = (unsigned int)(d[2] << 8 | d[3]);
	asked.timeout = d[4];
	asked.has_tsize = d[5] & 1;
	d += 8;
	size -= 8;
	err[0] = '\0';
	ret = tftp_oack_parse(d, size, &asked, &got, err, sizeof(err));
	ASSERT(ret == 0 || ret == -EPROTO);
	if (ret) {
		ASSERT(err[0] && strnlen(err, sizeof(err)) < sizeof(err));
		return;
	}
	ASSERT(!got.blksize || (asked.blksize && got.blksize >= TFTP_BLKSIZE_MIN &&
				got.blksize <= asked.blksize));
	ASSERT(!got.windowsize || (asked.windowsize && got.windowsize <= asked.windowsize));
	ASSERT(!got.timeout || got.timeout == asked.timeout);
	ASSERT(!got.has_tsize || asked.has_tsize);
	n = make_oack(oack, sizeof(oack), &got);
	ASSERT(tftp_oack_parse((const uint8_t *)oack, n, &asked, &again, err,
			       sizeof(err)) == 0);
	ASSERT(again.blksize == got.blksize && again.windowsize == got.windowsize &&
	       again.timeout == got.timeout && again.has_tsize == got.has_tsize &&
	       (!got.has_tsize || again.tsize == got.tsize));
}

static void fuzz_error_roundtrip(const uint8_t *d, size_t size)
{
	uint8_t pkt[TFTP_ERRMSG_MAX + 64];
	char msg[TFTP_ERRMSG_MAX + 32];
	struct tftp_pkt p;
	size_t n = size < sizeof(msg) - 1 ? size : sizeof(msg) - 1, len, i;
	uint16_t code = (uint16_t)(d[0] << 8 | d[1]);

	memcpy(msg, d, n);
	msg[n] = '\0';
	len = tftp_pkt_error(pkt, sizeof(pkt), code, msg);
	ASSERT(len <= sizeof(pkt) && len >= TFTP_HDR_LEN + 1);
	ASSERT(tftp_pkt_parse(pkt, len, &p) == 0 && p.opcode == TFTP_ERROR);
	ASSERT(p.errcode == code);
	check_text(p.errmsg, sizeof(p.errmsg));
	/* Each kept character is the sent one, or '?' for an unprintable one. */
	for (i = 0; p.errmsg[i]; i++)
		ASSERT(p.errmsg[i] == msg[i] || p.errmsg[i] == '?');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size);
	if (size >= 8)
		fuzz_oack(data, size);
	if (size >= 2)
		fuzz_error_roundtrip(data, size);
	return 0;
}
