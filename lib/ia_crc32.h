/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IA_CRC32_H
#define IA_CRC32_H

#include "ia_types.h"

/*
 * CRC-32 of IEEE 802.3 with zlib's calling convention: start with 0 and
 * feed the running value back in; ia_crc32(0, "123456789", 9) = 0xcbf43926.
 */
u32 ia_crc32(u32 crc, const void *buf, size_t len);

/* The slicing tables, for the unit test that checks them. */
extern const u32 ia_crc32_table[8][256];

#endif
