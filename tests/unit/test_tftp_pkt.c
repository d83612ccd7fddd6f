// SPDX-License-Identifier: GPL-2.0
/*
 * TFTP packet encoding and decoding: the exact bytes of requests, and
 * every rule an OACK must pass (RFC 2347, 2348, 2349, 7440).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tftp_pkt.h"

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		failures++;						\
	}								\
} while (0)

#define BYTES(lit) (const uint8_t *)(lit), sizeof(lit) - 1

static void test_request(void)
{
	struct tftp_optset o = { .blksize = 1468, .windowsize = 16,
				 .timeout = 3, .has_tsize = true, .tsize = 0 };
	static const char want[] = "\0\1new/imagekey.cer\0octet\0blksize\0001468\0"
				   "tsize\0000\0timeout\0003\0windowsize\00016\0";
	static const char plain[] = "\0\2f\0octet\0";
	uint8_t buf[TFTP_REQ_MAX];
	char name[1200];
	int n;

	n = tftp_pkt_request(buf, sizeof(buf), TFTP_RRQ, "new/imagekey.cer", &o);
	CHECK(n == (int)sizeof(want) - 1);
	CHECK(n > 0 && !memcmp(buf, want, (size_t)n));

	n = tftp_pkt_request(buf, sizeof(buf), TFTP_WRQ, "f", NULL);
	CHECK(n == (int)sizeof(plain) - 1);
	CHECK(n > 0 && !memcmp(buf, plain, (size_t)n));

	/* A WRQ announces the real size. */
	o = (struct tftp_optset){ .has_tsize = true, .tsize = 13541072 };
	n = tftp_pkt_request(buf, sizeof(buf), TFTP_WRQ, "f", &o);
	CHECK(n == 2 + 2 + 6 + 6 + 9);
	CHECK(n > 0 && !memcmp(buf + 10, "tsize\00013541072\0", 15));

	CHECK(tftp_pkt_request(buf, sizeof(buf), TFTP_RRQ, "", NULL) == -EINVAL);
	CHECK(tftp_pkt_request(buf, sizeof(buf), TFTP_DATA, "f", NULL) == -EINVAL);
	/* Everything checked against the buffer size, to the last byte. */
	CHECK(tftp_pkt_request(buf, 9, TFTP_RRQ, "f", NULL) == -ENOSPC);
	CHECK(tftp_pkt_request(buf, 10, TFTP_RRQ, "f", NULL) == 10);
	CHECK(tftp_pkt_request(buf, 1, TFTP_RRQ, "f", NULL) == -ENOSPC);
	o = (struct tftp_optset){ .blksize = 512 };
	CHECK(tftp_pkt_request(buf, 20, TFTP_RRQ, "f", &o) == -ENOSPC);
	CHECK(tftp_pkt_request(buf, 22, TFTP_RRQ, "f", &o) == 22);
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK(tftp_pkt_request(buf, sizeof(buf), TFTP_RRQ, name, NULL) == -ENOSPC);
}

static void test_small(void)
{
	uint8_t buf[64];

	CHECK(tftp_pkt_ack(buf, 0xfffe) == 4);
	CHECK(!memcmp(buf, "\0\4\xff\xfe", 4));
	CHECK(tftp_pkt_data_hdr(buf, 1) == 4);
	CHECK(!memcmp(buf, "\0\3\0\1", 4));
	CHECK(tftp_pkt_error(buf, sizeof(buf), 5, "Unknown transfer ID") == 24);
	CHECK(!memcmp(buf, "\0\5\0\5Unknown transfer ID\0", 24));
	/* Truncated, still terminated. */
	CHECK(tftp_pkt_error(buf, 8, 1, "File not found") == 8);
	CHECK(!memcmp(buf, "\0\5\0\1Fil\0", 8));
	CHECK(tftp_pkt_error(buf, 4, 1, "x") == 0);
}

static void test_parse(void)
{
	struct tftp_pkt p;

	CHECK(!tftp_pkt_parse(BYTES("\0\3\xff\xff" "abc"), &p));
	CHECK(p.opcode == TFTP_DATA && p.block == 65535 && p.len == 3);
	CHECK(p.data && !memcmp(p.data, "abc", 3));
	CHECK(!tftp_pkt_parse(BYTES("\0\3\0\1"), &p));
	CHECK(p.opcode == TFTP_DATA && p.len == 0);
	CHECK(!tftp_pkt_parse(BYTES("\0\4\0\0"), &p));
	CHECK(p.opcode == TFTP_ACK && p.block == 0);

	CHECK(!tftp_pkt_parse(BYTES("\0\5\0\1File not found\0"), &p));
	CHECK(p.opcode == TFTP_ERROR && p.errcode == 1);
	CHECK(!strcmp(p.errmsg, "File not found"));
	/* No terminator, control characters: still a safe C string. */
	CHECK(!tftp_pkt_parse(BYTES("\0\5\0\2bad\033[2Jtext"), &p));
	CHECK(p.errcode == 2 && !strcmp(p.errmsg, "bad?[2Jtext"));
	CHECK(!tftp_pkt_parse(BYTES("\0\5\0\x08"), &p));
	CHECK(p.errcode == 8 && p.errmsg[0] == '\0');

	CHECK(!tftp_pkt_parse(BYTES("\0\6tsize\0" "5\0"), &p));
	CHECK(p.opcode == TFTP_OACK && p.len == 8);
	CHECK(!tftp_pkt_parse(BYTES("\0\6"), &p));
	CHECK(p.opcode == TFTP_OACK && p.len == 0);

	CHECK(tftp_pkt_parse(BYTES("\0"), &p) == -EBADMSG);
	CHECK(tftp_pkt_parse(BYTES("\0\3\0"), &p) == -EBADMSG);
	CHECK(tftp_pkt_parse(BYTES("\0\4\0"), &p) == -EBADMSG);
	CHECK(tftp_pkt_parse(BYTES("\0\5\0"), &p) == -EBADMSG);
	CHECK(tftp_pkt_parse(BYTES("\0\1f\0octet\0"), &p) == -EBADMSG);
	CHECK(tftp_pkt_parse(BYTES("\0\7\0\1"), &p) == -EBADMSG);
	CHECK(tftp_pkt_parse(BYTES("\1\3\0\1"), &p) == -EBADMSG);
}

static int oack(const char *opts, size_t len, const struct tftp_optset *asked,
		struct tftp_optset *got)
{
	char err[128] = "";
	int ret = tftp_oack_parse((const uint8_t *)opts, len, asked, got, err,
				  sizeof(err));

	if (ret && !err[0]) {
		printf("FAIL: OACK rejected without a message\n");
		failures++;
	}
	return ret;
}

#define OACK(lit, asked, got) oack(lit, sizeof(lit) - 1, asked, got)

static void test_oack(void)
{
	const struct tftp_optset all = { .blksize = 1468, .windowsize = 16,
					 .timeout = 2, .has_tsize = true };
	const struct tftp_optset bs = { .blksize = 1468 };
	struct tftp_optset got;

	CHECK(!OACK("blksize\0001468\0tsize\00040960000\0timeout\0002\0windowsize\0008\0",
		    &all, &got));
	CHECK(got.blksize == 1468 && got.windowsize == 8 && got.timeout == 2);
	CHECK(got.has_tsize && got.tsize == 40960000);
	/* Case-insensitive names; a subset is fine; 64-bit sizes. */
	CHECK(!OACK("BlkSize\000512\0TSIZE\00018446744073709551615\0", &all, &got));
	CHECK(got.blksize == 512 && !got.windowsize && !got.timeout);
	CHECK(got.tsize == 18446744073709551615ull);
	CHECK(!OACK("", &all, &got));
	CHECK(!got.blksize && !got.has_tsize);
	CHECK(!OACK("blksize\08\0", &bs, &got) && got.blksize == 8);

	/* The server may lower blksize and windowsize, never raise them. */
	CHECK(OACK("blksize\0001469\0", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize\0007\0", &bs, &got) == -EPROTO);
	CHECK(OACK("windowsize\00017\0", &all, &got) == -EPROTO);
	CHECK(OACK("windowsize\0000\0", &all, &got) == -EPROTO);
	/* RFC 2349: timeout comes back unchanged. */
	CHECK(OACK("timeout\0001\0", &all, &got) == -EPROTO);
	/* Unknown, not asked, or repeated options. */
	CHECK(OACK("multicast\0,,1\0", &all, &got) == -EPROTO);
	CHECK(OACK("tsize\0001\0", &bs, &got) == -EPROTO);
	CHECK(OACK("windowsize\0004\0", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize\000512\0blksize\000256\0", &bs, &got) == -EPROTO);
	/* Numbers are plain decimal that fits 64 bits. */
	CHECK(OACK("blksize\0\0", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize\0+512\0", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize\000512 \0", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize\0-1\0", &bs, &got) == -EPROTO);
	CHECK(OACK("tsize\00018446744073709551616\0", &all, &got) == -EPROTO);
	CHECK(OACK("blksize\00099999999999999999999\0", &bs, &got) == -EPROTO);
	/* Unterminated name or value, or a name without a value. */
	CHECK(OACK("blksize\000512", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize", &bs, &got) == -EPROTO);
	CHECK(OACK("blksize\0", &bs, &got) == -EPROTO);
}

static void test_errstr(void)
{
	CHECK(!strcmp(tftp_errstr(1), "File not found"));
	CHECK(!strcmp(tftp_errstr(5), "Unknown transfer ID"));
	CHECK(!strcmp(tftp_errstr(8), "Option negotiation failed"));
	CHECK(!strcmp(tftp_errstr(9), "Unknown error"));
	CHECK(!strcmp(tftp_errstr(65535), "Unknown error"));
}

int main(void)
{
	test_request();
	test_small();
	test_parse();
	test_oack();
	test_errstr();
	if (failures) {
		printf("test_tftp_pkt: %d failed\n", failures);
		return 1;
	}
	printf("test_tftp_pkt: all passed\n");
	return 0;
}
