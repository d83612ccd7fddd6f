// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The checks of both image formats.  v1 goes through ia_image_check()
 * unchanged; v2 has the same order (length, magic, platform, layout,
 * floor) with its own layout rules:
 *
 *	chunk_size = 65536, nchunks = ceil(size / 65536), 8 <= sig_len <= 72,
 *	reserved = 0, offset = round_up(48 + 32 * nchunks + 72, 4096),
 *	length = offset + size
 *
 * so that one image has exactly one accepted layout.
 */
#include "ia_image2.h"

u64 ia_v2_payload_off(u32 nchunks)
{
	u64 end = IMGAUTH_V2_HDR_LEN +
		  (u64)nchunks * IMGAUTH_V2_DIGEST_LEN + IMGAUTH_SIG_MAX;

	return (end + IMGAUTH_V2_ALIGN - 1) / IMGAUTH_V2_ALIGN *
	       IMGAUTH_V2_ALIGN;
}

u32 ia_v2_chunk_len(u32 size, u32 i)
{
	u64 start = (u64)i * IMGAUTH_V2_CHUNK;

	if (start >= size)
		return 0;
	return size - start < IMGAUTH_V2_CHUNK ? (u32)(size - start) :
						 IMGAUTH_V2_CHUNK;
}

void ia_v2_ext_encode(u8 *raw, u32 nchunks, u32 sig_len)
{
	ia_put_be32(raw, IMGAUTH_V2_CHUNK);
	ia_put_be32(raw + 4, nchunks);
	ia_put_be32(raw + 8, sig_len);
	ia_put_be32(raw + 12, 0);
}

static int check_v2(const u8 *raw, size_t rawlen, u64 len,
		    const struct ia_expect *ex, struct ia_layout *out,
		    char *msg, size_t msglen)
{
	const struct ia_hdr *h = &out->hdr;
	const char *region = ex->region ? ex->region : "flash";
	u32 chunk, nchunks, sig_len, reserved, want;
	int status;
	u64 off;

	if (len < IMGAUTH_V2_HDR_LEN || rawlen < IMGAUTH_V2_HDR_LEN) {
		snprintf(msg, msglen,
			 "image too short: %llu bytes, a v2 image has at least %u",
			 (unsigned long long)len, IMGAUTH_V2_HDR_LEN);
		return IMGAUTH_E_LENGTH;
	}
	if (len > ex->max_len) {
		snprintf(msg, msglen,
			 "image too large for %s: %llu bytes, the region holds %llu",
			 region, (unsigned long long)len,
			 (unsigned long long)ex->max_len);
		return IMGAUTH_E_LENGTH;
	}
	if (ex->check_platform &&
	    (h->platform != ex->platform || h->cpu != ex->cpu)) {
		snprintf(msg, msglen,
			 "platform mismatch: image is for platform = %u, cpu = %u; this device is platform = %u, cpu = %u",
			 h->platform, h->cpu, ex->platform, ex->cpu);
		return IMGAUTH_E_PLATFORM;
	}
	chunk = ia_get_be32(raw + IMGAUTH_HDR_LEN);
	nchunks = ia_get_be32(raw + IMGAUTH_HDR_LEN + 4);
	sig_len = ia_get_be32(raw + IMGAUTH_HDR_LEN + 8);
	reserved = ia_get_be32(raw + IMGAUTH_HDR_LEN + 12);
	want = (u32)(((u64)h->size + IMGAUTH_V2_CHUNK - 1) / IMGAUTH_V2_CHUNK);
	off = ia_v2_payload_off(nchunks);
	if (chunk != IMGAUTH_V2_CHUNK || nchunks != want || reserved ||
	    sig_len < IMGAUTH_SIG_MIN || sig_len > IMGAUTH_SIG_MAX ||
	    h->offset != off || len != off + h->size) {
		snprintf(msg, msglen,
			 "v2 layout inconsistent: chunk %u, %u chunks for size %u (want %u), signature %u bytes, offset = %x (want %llx), file = %llu bytes",
			 chunk, nchunks, h->size, want, sig_len, h->offset,
			 (unsigned long long)off, (unsigned long long)len);
		return IMGAUTH_E_LAYOUT;
	}
	status = ia_image_check_floor(h, ex, msg, msglen);
	if (status)
		return status;
	out->format = 2;
	out->nchunks = nchunks;
	out->table_off = IMGAUTH_V2_HDR_LEN;
	out->sig_off = IMGAUTH_V2_HDR_LEN + (u64)nchunks * IMGAUTH_V2_DIGEST_LEN;
	out->sig_len = sig_len;
	out->signed_len = out->sig_off;
	out->payload_off = off;
	if (msglen)
		msg[0] = '\0';
	return IMGAUTH_OK;
}

int ia_image_check_any(const u8 *raw, size_t rawlen, u64 len,
		       const struct ia_expect *ex, struct ia_layout *out,
		       char *msg, size_t msglen)
{
	struct ia_hdr *h = &out->hdr;
	bool have_hdr = rawlen >= IMGAUTH_HDR_LEN && len >= IMGAUTH_HDR_LEN;
	u32 sig_len;
	int status;

	out->format = 1;
	out->nchunks = 0;
	out->table_off = 0;
	if (have_hdr)
		ia_hdr_decode(h, raw);
	if (have_hdr && h->magic == IMGAUTH_IMAGE_MAGIC_V2)
		return check_v2(raw, rawlen, len, ex, out, msg, msglen);
	status = ia_image_check(have_hdr ? h : NULL, len, ex, &sig_len, msg,
				msglen);
	if (status)
		return status;
	out->signed_len = IMGAUTH_HDR_LEN + (u64)h->size;
	out->sig_off = out->signed_len;
	out->sig_len = sig_len;
	out->payload_off = IMGAUTH_HDR_LEN;
	return IMGAUTH_OK;
}
