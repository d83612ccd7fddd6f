// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Two-copy NVRAM record framing (see ia_nvrec.h).
 */
#include "ia_crc32.h"
#include "ia_nvrec.h"

bool ia_nvrec_seq_newer(u32 a, u32 b)
{
	return (int32_t)(a - b) > 0;
}

bool ia_nvrec_valid(const u8 *b, size_t size, u32 magic)
{
	size_t crc_at = size - 4;

	return size >= IA_NVREC_HDR + 4 && ia_get_be32(b) == magic &&
	       ia_get_be32(b + crc_at) == ia_crc32(0, b, crc_at);
}

int ia_nvrec_pick(bool ok_a, u32 seq_a, bool ok_b, u32 seq_b)
{
	if (ok_a && (!ok_b || !ia_nvrec_seq_newer(seq_b, seq_a)))
		return 0;
	return ok_b ? 1 : -1;
}

void ia_nvrec_seal(u8 *b, size_t size, u32 magic, u32 seq)
{
	ia_put_be32(b, magic);
	ia_put_be32(b + 4, seq);
	ia_put_be32(b + size - 4, ia_crc32(0, b, size - 4));
}

bool ia_nvrec_erased(const u8 *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != 0xff)
			return false;
	return true;
}

int ia_nvrec_next_copy(int copy, bool write_b_first)
{
	if (copy == 0 || copy == 1)
		return !copy;
	return write_b_first ? 1 : 0;
}
