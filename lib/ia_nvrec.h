/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The framing of the records kept in two NVRAM copies (the boot record,
 * the key policy): big-endian magic at 0, sequence number at 4, the
 * record's own fields from 8, and a CRC-32 of everything before it in the
 * last 4 bytes; and the rule that says which copy is current.  Shared by
 * kernel and userspace (unit-tested and fuzzed on the host).
 */
#ifndef IA_NVREC_H
#define IA_NVREC_H

#include "ia_types.h"

#define IA_NVREC_HDR	8	/* magic, seq */

/* Sequence numbers wrap: @a is newer than @b when a - b is "positive". */
bool ia_nvrec_seq_newer(u32 a, u32 b);

/* Does the @size-byte copy @b carry @magic and a matching CRC? */
bool ia_nvrec_valid(const u8 *b, size_t size, u32 magic);

/*
 * Which copy is current: 0 (A) or 1 (B) for the valid one with the newer
 * sequence number (A when both have the same), -1 when neither is valid.
 */
int ia_nvrec_pick(bool ok_a, u32 seq_a, bool ok_b, u32 seq_b);

/* Fill in magic, @seq and the CRC of the @size-byte record @b. */
void ia_nvrec_seal(u8 *b, size_t size, u32 magic, u32 seq);

/*
 * Which copy the next commit writes: the one that is not current (@copy 0
 * or 1), else (-1, none is) A, or B when @write_b_first (a damaged A that
 * must stay as it is: lib/ia_policy.c).
 */
int ia_nvrec_next_copy(int copy, bool write_b_first);

/* Is every one of the @len bytes erased flash (0xff)? */
bool ia_nvrec_erased(const u8 *b, size_t len);

#endif /* IA_NVREC_H */
