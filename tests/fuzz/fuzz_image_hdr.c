// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the image header code the kernel runs on every
 * image it is handed (lib/ia_image.c): decode, the checks before the
 * signature, the console lines, sw_version strings.  Besides memory
 * safety it checks the promises: decode/encode round-trip; an accepted
 * image's parts add up to its length, with an 8..72-byte signature; a
 * rejection always says why; the first failing check is the one reported.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ia_crc32.h"
#include "ia_der.h"
#include "ia_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

static void check_one(const struct ia_hdr *h, u64 len, const struct ia_expect *ex)
{
	char msg[IMGAUTH_MSG_LEN], small[5];
	u32 sig_len = 0, sig_len2 = 0;
	int st, st2;

	memset(msg, 0x55, sizeof(msg));
	st = ia_image_check(h, len, ex, &sig_len, msg, sizeof(msg));
	ASSERT(memchr(msg, 0, sizeof(msg)));
	ASSERT(strcmp(ia_status_name(st), "unknown"));
	/* a short buffer gives the same verdict and stays inside */
	st2 = ia_image_check(h, len, ex, &sig_len2, small, sizeof(small));
	ASSERT(st2 == st && memchr(small, 0, sizeof(small)));
	if (st != IMGAUTH_OK) {
		ASSERT(msg[0]);
		ASSERT(st == IMGAUTH_E_LENGTH || st == IMGAUTH_E_MAGIC ||
		       st == IMGAUTH_E_PLATFORM || st == IMGAUTH_E_LAYOUT ||
		       st == IMGAUTH_E_ROLLBACK);
		/* the order: nothing later is reported while an earlier fails */
		if (!h || len < IMGAUTH_HDR_LEN + IMGAUTH_SIG_MIN ||
		    len > ex->max_len)
			ASSERT(st == IMGAUTH_E_LENGTH);
		else if (h->magic != IMGAUTH_IMAGE_MAGIC)
			ASSERT(st == IMGAUTH_E_MAGIC);
		else if (ex->check_platform &&
			 (h->platform != ex->platform || h->cpu != ex->cpu))
			ASSERT(st == IMGAUTH_E_PLATFORM);
		else if (h->offset != IMGAUTH_HDR_LEN ||
			 h->size > len - IMGAUTH_HDR_LEN ||
			 len - IMGAUTH_HDR_LEN - h->size < IMGAUTH_SIG_MIN ||
			 len - IMGAUTH_HDR_LEN - h->size > IMGAUTH_SIG_MAX)
			ASSERT(st == IMGAUTH_E_LAYOUT);
		else
			ASSERT(st == IMGAUTH_E_ROLLBACK &&
			       h->sw_version < ex->min_sw_version);
		return;
	}
	ASSERT(h && !msg[0] && sig_len == sig_len2);
	ASSERT(h->magic == IMGAUTH_IMAGE_MAGIC && h->offset == IMGAUTH_HDR_LEN);
	ASSERT(sig_len >= IMGAUTH_SIG_MIN && sig_len <= IMGAUTH_SIG_MAX);
	ASSERT((u64)IMGAUTH_HDR_LEN + h->size + sig_len == len);
	ASSERT(len <= ex->max_len);
	ASSERT(h->sw_version >= ex->min_sw_version);
	ASSERT(!ex->check_platform ||
	       (h->platform == ex->platform && h->cpu == ex->cpu));
}

static void fuzz_sw_version(const uint8_t *data, size_t size)
{
	char s[40], back[40];
	u32 v, v2;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (ia_sw_version_parse(s, &v))
		return;
	ia_sw_version_str(back, sizeof(back), v);
	ASSERT(!ia_sw_version_parse(back, &v2) && v2 == v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ia_expect any = { .max_len = IA_LEN_ANY }, dev = { 0 };
	struct ia_hdr h, *hp = NULL;
	u8 raw[IMGAUTH_HDR_LEN];
	char lines[256], v[32];
	u32 sig_len;

	fuzz_sw_version(data, size);
	if (size >= IMGAUTH_HDR_LEN) {
		ia_hdr_decode(&h, data);
		ia_hdr_encode(raw, &h);
		ASSERT(!memcmp(raw, data, sizeof(raw)));
		ASSERT(ia_hdr_crc_start(raw) == ia_hdr_crc_start(data));
		ia_hdr_lines(lines, sizeof(lines), &h);
		ia_sw_version_str(v, sizeof(v), h.sw_version);
		hp = &h;
	}
	/* a device that expects what the input's second half says */
	dev.check_platform = true;
	dev.region = "image1";
	if (size >= 2 * IMGAUTH_HDR_LEN) {
		dev.platform = ia_get_be16(data + 36);
		dev.cpu = data[38];
		dev.max_len = ia_get_be32(data + 40);
		dev.min_sw_version = ia_get_be32(data + 44);
	} else {
		dev.platform = 23;
		dev.cpu = 11;
		dev.max_len = IA_LEN_ANY;
	}
	check_one(hp, size, &any);
	check_one(hp, size, &dev);
	check_one(NULL, size, &any);
	/* lengths a 32-bit size field cannot reach, and around the limits */
	if (hp) {
		check_one(hp, (u64)size << 32 | size, &any);
		check_one(hp, (u64)IMGAUTH_HDR_LEN + h.size + IMGAUTH_SIG_MIN, &dev);
		check_one(hp, (u64)IMGAUTH_HDR_LEN + h.size + IMGAUTH_SIG_MAX, &any);
		check_one(hp, (u64)IMGAUTH_HDR_LEN + h.size + IMGAUTH_SIG_MAX + 1, &any);
		check_one(hp, ~0ull, &any);
	}
	/* what the kernel does next with an accepted image */
	if (hp && ia_image_check(hp, size, &any, &sig_len, NULL, 0) == IMGAUTH_OK) {
		struct ia_dsa_sig sig;
		u32 crc;

		crc = ia_crc32(ia_hdr_crc_start(data), data + IMGAUTH_HDR_LEN, h.size);
		(void)crc;
		ia_dsa_sig_parse(&sig, data + IMGAUTH_HDR_LEN + h.size, sig_len);
	}
	return 0;
}
