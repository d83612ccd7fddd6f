/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Both image formats behind one check: v1 (ScreenOS: header, payload,
 * signature at the end) and v2 (streamable: header, chunk table and
 * signature first, then the payload).  Shared by kernel and userspace.
 */
#ifndef IA_IMAGE2_H
#define IA_IMAGE2_H

#include "ia_image.h"

/**
 * struct ia_layout - where the parts of one image are
 * @format: 1 or 2
 * @hdr: the header
 * @signed_len: bytes [0, signed_len) are what the signature covers (v1:
 *	header and payload; v2: header, extension and chunk table)
 * @sig_off: where the DER signature is, and @sig_len its length
 * @sig_len: see @sig_off
 * @payload_off: where the payload starts (v1: 32)
 * @nchunks: v2: payload chunks (table entries); v1: 0
 * @table_off: v2: where the chunk table starts (48)
 */
struct ia_layout {
	int format;
	struct ia_hdr hdr;
	u64 signed_len;
	u64 sig_off;
	u32 sig_len;
	u64 payload_off;
	u32 nchunks;
	u32 table_off;
};

/* The payload offset of a v2 image of @nchunks chunks. */
u64 ia_v2_payload_off(u32 nchunks);

/* Chunk @i of a v2 payload of @size bytes: its length. */
u32 ia_v2_chunk_len(u32 size, u32 i);

/*
 * Every check before the signature, for either format, in the order the
 * kernel and the tool report them: length, magic, platform, layout,
 * floor.  @raw holds the first @rawlen bytes of the image (at least
 * IMGAUTH_V2_HDR_LEN when the image is that long), @len is its whole
 * length.  Returns an enum imgauth_status; on IMGAUTH_OK @out is filled,
 * otherwise @msg says what is wrong.
 */
int ia_image_check_any(const u8 *raw, size_t rawlen, u64 len,
		       const struct ia_expect *ex, struct ia_layout *out,
		       char *msg, size_t msglen);

/* Encode the v2 extension (after the header) into @raw (16 bytes). */
void ia_v2_ext_encode(u8 *raw, u32 nchunks, u32 sig_len);

#endif /* IA_IMAGE2_H */
