// SPDX-License-Identifier: GPL-2.0
/*
 * The image header (lib/ia_image.c, lib/ia_crc32.c): byte layout, the
 * pre-signature checks in their order with their words, the ScreenOS
 * lines, sw_version strings, CRC-32.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ia_crc32.h"
#include "ia_image.h"

#include "check.h"

/* The SSG-550 firmware header of Juniper's procedure. */
static const struct ia_hdr ssg = {
	.magic = IMGAUTH_IMAGE_MAGIC,
	.platform = 23,
	.cpu = 11,
	.version = 2,
	.offset = 0x20,
	.address = 0,
	.size = 11627169,
	.date = 0x9422,
	.sw_version = 0x808031,
	.cksum = 0x954806c3,
};

static void test_layout(void)
{
	static const u8 want[IMGAUTH_HDR_LEN] = {
		0x81, 0xba, 0x16, 0xee,	/* magic */
		0x00, 0x17,		/* platform 23 */
		0x0b,			/* cpu 11 */
		0x02,			/* version */
		0x00, 0x00, 0x00, 0x20,	/* offset */
		0x00, 0x00, 0x00, 0x00,	/* address */
		0x00, 0xb1, 0x6a, 0xa1,	/* size 11627169 */
		0x00, 0x00, 0x94, 0x22,	/* date */
		0x00, 0x80, 0x80, 0x31,	/* sw_version */
		0x95, 0x48, 0x06, 0xc3,	/* cksum */
	};
	struct ia_hdr h;
	u8 raw[IMGAUTH_HDR_LEN];

	CHECK(sizeof(struct imgauth_image_hdr) == IMGAUTH_HDR_LEN,
	      "uapi header is %zu bytes", sizeof(struct imgauth_image_hdr));
	ia_hdr_encode(raw, &ssg);
	CHECK(!memcmp(raw, want, sizeof(want)), "encode: byte layout");
	ia_hdr_decode(&h, want);
	CHECK(!memcmp(&h, &ssg, sizeof(h)), "decode: fields");
}

static void test_roundtrip(void)
{
	u8 raw[IMGAUTH_HDR_LEN], raw2[IMGAUTH_HDR_LEN];
	struct ia_hdr h;
	unsigned int seed, i, k;

	/* every byte value in every position, by a simple generator */
	for (seed = 1, k = 0; k < 1000; k++) {
		for (i = 0; i < sizeof(raw); i++) {
			seed = seed * 1103515245u + 12345u;
			raw[i] = (u8)(seed >> 16);
		}
		ia_hdr_decode(&h, raw);
		ia_hdr_encode(raw2, &h);
		if (memcmp(raw, raw2, sizeof(raw))) {
			CHECK(0, "decode/encode round trip, iteration %u", k);
			break;
		}
	}
	CHECK(k == 1000, "round trip");
}

/* CRC-32 a bit at a time: the definition, nothing shared with lib/. */
static u32 crc_bitwise(u32 crc, const u8 *p, size_t len)
{
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

/* Every slicing table entry, and every length and alignment near 8. */
static void test_crc_slicing(void)
{
	u8 buf[160], zero = 0;
	size_t off, len, s, i;
	u32 want;

	for (i = 0; i < 256; i++) {
		u8 b = (u8)i;

		/* table k: the CRC register after byte i and k zero bytes */
		want = ~crc_bitwise(~0u, &b, 1);
		for (s = 0; s < 8; s++) {
			CHECK(ia_crc32_table[s][i] == want,
			      "table %zu entry %zu: %08x, want %08x", s, i,
			      ia_crc32_table[s][i], want);
			want = ~crc_bitwise(~want, &zero, 1);
		}
	}
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 131 + 17);
	for (off = 0; off < 8; off++)
		for (len = 0; off + len <= sizeof(buf); len++)
			CHECK(ia_crc32(0x5a5a5a5a, buf + off, len) ==
			      crc_bitwise(0x5a5a5a5a, buf + off, len),
			      "offset %zu length %zu", off, len);
}

static void test_crc(void)
{
	u8 raw[IMGAUTH_HDR_LEN], buf[1000];
	u32 a, b;
	size_t i;

	CHECK(ia_crc32(0, "123456789", 9) == 0xcbf43926, "check value %08x",
	      ia_crc32(0, "123456789", 9));
	CHECK(ia_crc32(0, "", 0) == 0, "empty");
	CHECK(ia_crc32(0x12345678, "", 0) == 0x12345678, "empty keeps the value");
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7);
	a = ia_crc32(0, buf, sizeof(buf));
	b = ia_crc32(ia_crc32(0, buf, 333), buf + 333, sizeof(buf) - 333);
	CHECK(a == b, "incremental %08x, one piece %08x", b, a);
	/* zlib: crc32(0, "a", 1) */
	CHECK(ia_crc32(0, "a", 1) == 0xe8b7be43, "\"a\"");

	/* the header CRC ignores the stored cksum */
	ia_hdr_encode(raw, &ssg);
	a = ia_hdr_crc_start(raw);
	raw[28] ^= 0xff;
	raw[31] ^= 0x01;
	CHECK(ia_hdr_crc_start(raw) == a, "cksum field not ignored");
	memset(raw + 28, 0, 4);
	CHECK(ia_crc32(0, raw, sizeof(raw)) == a, "crc_start = crc of header, cksum zeroed");
	raw[27] ^= 1;
	CHECK(ia_hdr_crc_start(raw) != a, "sw_version not covered");
}

/* ---- ia_image_check: each rejection, in order ---- */

struct check_case {
	const char *why;
	struct ia_hdr h;
	bool no_hdr;
	u64 len;
	struct ia_expect ex;
	int status;
	u32 sig_len;
	const char *msg;
};

static struct ia_hdr good(u32 size)
{
	struct ia_hdr h = ssg;

	h.size = size;
	return h;
}

static struct ia_hdr with_magic(struct ia_hdr h, u32 magic)
{
	h.magic = magic;
	return h;
}

static struct ia_hdr with_offset(struct ia_hdr h, u32 offset)
{
	h.offset = offset;
	return h;
}

static struct ia_hdr with_platform(struct ia_hdr h, u16 platform, u8 cpu)
{
	h.platform = platform;
	h.cpu = cpu;
	return h;
}

static void test_check(void)
{
	const struct ia_expect any = { .max_len = IA_LEN_ANY };
	const struct ia_expect dev = {
		.max_len = 4096, .check_platform = true, .platform = 23, .cpu = 11,
		.region = "image1",
	};
	const struct ia_expect floored = {
		.max_len = 4096, .check_platform = true, .platform = 23, .cpu = 11,
		.region = "image1", .min_sw_version = 0x06030011,
	};
	struct ia_hdr old = good(106), same = good(106), bad_layout = good(200);
	const struct ia_expect dev_noname = {
		.max_len = 4096, .check_platform = true, .platform = 23, .cpu = 11,
	};
	old.sw_version = 0x06030010;
	same.sw_version = 0x06030011;
	bad_layout.sw_version = 0;
	const struct check_case cases[] = {
		/* 1. length */
		{ "no header", .no_hdr = true, .len = 20, .ex = any,
		  .status = IMGAUTH_E_LENGTH,
		  .msg = "image too short: 20 bytes, a signed image has at least 40" },
		{ "header, no room for a signature", good(0), false, 39, any,
		  IMGAUTH_E_LENGTH, 0,
		  "image too short: 39 bytes, a signed image has at least 40" },
		{ "NULL header whatever the length", .no_hdr = true, .len = 100,
		  .ex = any, .status = IMGAUTH_E_LENGTH,
		  .msg = "image too short: 100 bytes, a signed image has at least 40" },
		{ "too large for the region", good(5000), false, 5046, dev,
		  IMGAUTH_E_LENGTH, 0,
		  "image too large for image1: 5046 bytes, the region holds 4096" },
		{ "too large, unnamed region", good(5000), false, 5046, dev_noname,
		  IMGAUTH_E_LENGTH, 0,
		  "image too large for flash: 5046 bytes, the region holds 4096" },
		{ "too large beats bad magic", with_magic(good(5000), 0), false, 5046,
		  dev, IMGAUTH_E_LENGTH, 0, NULL },
		/* 2. magic */
		{ "bad magic", with_magic(good(100), 0x81ba16ef), false, 146, dev,
		  IMGAUTH_E_MAGIC, 0,
		  "bad magic number: hdr->magic_number = 81ba16ef, expected 81ba16ee" },
		{ "little-endian magic", with_magic(good(100), 0xee16ba81), false, 146, any,
		  IMGAUTH_E_MAGIC, 0,
		  "bad magic number: hdr->magic_number = ee16ba81, expected 81ba16ee" },
		{ "magic beats platform and layout",
		  with_magic(with_platform(with_offset(good(100), 0), 1, 1), 0),
		  false, 146, dev, IMGAUTH_E_MAGIC, 0, NULL },
		/* 3. platform */
		{ "platform mismatch", with_platform(good(100), 15, 16), false, 146, dev,
		  IMGAUTH_E_PLATFORM, 0,
		  "platform mismatch: image is for platform = 15, cpu = 16; this device is platform = 23, cpu = 11" },
		{ "cpu alone", with_platform(good(100), 23, 12), false, 146, dev,
		  IMGAUTH_E_PLATFORM, 0, NULL },
		{ "platform alone", with_platform(good(100), 24, 11), false, 146, dev,
		  IMGAUTH_E_PLATFORM, 0, NULL },
		{ "platform beats layout", with_platform(with_offset(good(100), 0), 1, 1),
		  false, 146, dev, IMGAUTH_E_PLATFORM, 0, NULL },
		{ "platform not checked offline", with_platform(good(100), 15, 16),
		  false, 146, any, IMGAUTH_OK, 14, "" },
		/* 4. layout */
		{ "offset 0", with_offset(good(100), 0), false, 146, dev,
		  IMGAUTH_E_LAYOUT, 0,
		  "offset/size inconsistent with length: offset = 0, size = 100, file = 146 bytes (signature must be 8..72 bytes)" },
		{ "size beyond the file", good(200), false, 146, dev, IMGAUTH_E_LAYOUT, 0,
		  "offset/size inconsistent with length: offset = 20, size = 200, file = 146 bytes (signature must be 8..72 bytes)" },
		{ "size 0xffffffff", good(0xffffffff), false, 146, any, IMGAUTH_E_LAYOUT, 0, NULL },
		{ "7-byte signature", good(107), false, 146, dev, IMGAUTH_E_LAYOUT, 0, NULL },
		{ "73-byte signature", good(100), false, 205, dev, IMGAUTH_E_LAYOUT, 0, NULL },
		{ "no signature", good(114), false, 146, dev, IMGAUTH_E_LAYOUT, 0, NULL },
		{ "4 GiB file, small size", good(100), false, 0x100000000ull, any,
		  IMGAUTH_E_LAYOUT, 0, NULL },
		/* 5. anti-rollback floor, after the layout */
		{ "below the floor", old, false, 146, floored, IMGAUTH_E_ROLLBACK, 0,
		  "image older than the installed floor 6.3.0r17 (the image is 6.3.0r16)" },
		{ "layout reported before the floor", bad_layout, false, 146, floored,
		  IMGAUTH_E_LAYOUT, 0, NULL },
		{ "at the floor", same, false, 146, floored, IMGAUTH_OK, 8, "" },
		/* accepted */
		{ "8-byte signature", good(106), false, 146, dev, IMGAUTH_OK, 8, "" },
		{ "72-byte signature", good(100), false, 204, dev, IMGAUTH_OK, 72, "" },
		{ "empty payload", good(0), false, 40, any, IMGAUTH_OK, 8, "" },
		{ "exactly the region", good(4096 - 32 - 46), false, 4096, dev,
		  IMGAUTH_OK, 46, "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct check_case *c = &cases[i];
		char msg[256];
		u32 sig_len = 0xdead;
		int st;

		memset(msg, 'x', sizeof(msg));
		st = ia_image_check(c->no_hdr ? NULL : &c->h, c->len, &c->ex,
				    &sig_len, msg, sizeof(msg));
		CHECK(st == c->status, "%s: status %s, want %s", c->why,
		      ia_status_name(st), ia_status_name(c->status));
		if (c->msg)
			CHECK(!strcmp(msg, c->msg), "%s: message \"%s\"", c->why, msg);
		else
			CHECK(strlen(msg) > 10, "%s: no message", c->why);
		if (c->status == IMGAUTH_OK)
			CHECK(sig_len == c->sig_len, "%s: sig_len %u, want %u", c->why,
			      sig_len, c->sig_len);
	}
	/* a small message buffer truncates, never overflows (ASan) */
	{
		char small[8];
		u32 sl;
		struct ia_hdr h = with_magic(good(100), 0);

		CHECK(ia_image_check(&h, 146, &any, &sl, small, sizeof(small)) ==
		      IMGAUTH_E_MAGIC && !strcmp(small, "bad mag"), "small buffer");
		CHECK(ia_image_check(&ssg, 146, &any, &sl, NULL, 0) != IMGAUTH_OK,
		      "no message buffer");
	}
}

static void test_messages(void)
{
	char buf[512];

	ia_cksum_msg(buf, sizeof(buf), 0x18852bb0, 0x729e802);
	CHECK(!strcmp(buf, "cksum = 18852bb0, p_hdr->cksum = 0729e802 ### image corrupted ###"),
	      "cksum message: %s", buf);
	ia_hdr_lines(buf, sizeof(buf), &ssg);
	CHECK(!strcmp(buf, "platform = 23, cpu = 11, version = 2\n"
			   "offset = 20, address = 0, size = 11627169\n"
			   "date = 9422, sw_version = 808031, cksum = 954806c3\n"),
	      "ScreenOS header lines:\n%s", buf);
	CHECK(!strcmp(IA_MSG_AUTH_OK, "Image authenticated!"), "auth ok text");
	CHECK(!strcmp(IA_MSG_DSA_FAIL, "PKI: DSA verify fails."), "dsa text");
	CHECK(!strcmp(IA_MSG_CORRUPT, "### image corrupted ###"), "corrupt text");
}

static void test_sw_version(void)
{
	static const struct {
		const char *s;
		u32 v;
	} good_v[] = {
		{ "6.3.0r17", 0x06030011 },
		{ "0.0.0r0", 0 },
		{ "255.255.255r255", 0xffffffff },
		{ "2.6.1r1", 0x02060101 },
		{ "007.3.0r1", 0x07030001 },
	};
	static const char *const bad[] = {
		"", "6", "6.3", "6.3.0", "6.3.0r", "6.3.0r17x", "6.3.0r17 ",
		" 6.3.0r17", "6.3.0R17", "6.3.0-r17", "256.0.0r0", "0.0.0r256",
		"1000.0.0r0", "0006.3.0r1", "-1.0.0r0", "+1.0.0r0", "6..0r1",
		"6.3.0r17.0", "6.3r17", "a.b.cRd", "6.3.0r1\n",
	};
	char buf[32];
	size_t i;
	u32 v;

	for (i = 0; i < sizeof(good_v) / sizeof(good_v[0]); i++) {
		v = 0x5a5a5a5a;
		CHECK(!ia_sw_version_parse(good_v[i].s, &v) && v == good_v[i].v,
		      "parse \"%s\": %08x", good_v[i].s, v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 0x5a5a5a5a;
		CHECK(ia_sw_version_parse(bad[i], &v) == -1 && v == 0x5a5a5a5a,
		      "parse \"%s\" accepted", bad[i]);
	}
	ia_sw_version_str(buf, sizeof(buf), 0x06030011);
	CHECK(!strcmp(buf, "6.3.0r17"), "format: %s", buf);
	ia_sw_version_str(buf, sizeof(buf), 0x808031);
	CHECK(!strcmp(buf, "0.128.128r49"), "format: %s", buf);
	ia_sw_version_str(buf, sizeof(buf), 0xffffffff);
	CHECK(!strcmp(buf, "255.255.255r255"), "format: %s", buf);
	/* every string it makes parses back to the same value */
	for (i = 0; i < 100000; i++) {
		u32 x = (u32)i * 2654435761u;

		ia_sw_version_str(buf, sizeof(buf), x);
		if (ia_sw_version_parse(buf, &v) || v != x) {
			CHECK(0, "round trip %08x -> %s", x, buf);
			break;
		}
	}
}

static void test_status_names(void)
{
	int s;

	for (s = 0; s < __IMGAUTH_STATUS_MAX; s++)
		CHECK(strcmp(ia_status_name(s), "unknown"), "status %d has no name", s);
	CHECK(!strcmp(ia_status_name(IMGAUTH_E_CKSUM), "bad-checksum"), "cksum name");
	CHECK(!strcmp(ia_status_name(-1), "unknown"), "-1");
	CHECK(!strcmp(ia_status_name(__IMGAUTH_STATUS_MAX), "unknown"), "max");
}

int main(void)
{
	test_layout();
	test_roundtrip();
	test_crc();
	test_crc_slicing();
	test_check();
	test_messages();
	test_sw_version();
	test_status_names();
	return check_done("test_image_hdr");
}
