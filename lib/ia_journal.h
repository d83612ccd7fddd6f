/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The install journal: fixed 128-byte records, each chained to the one
 * before it by SHA-256, so a deleted, edited or reordered record shows.
 * Only the record codec and the chain check, shared by kernel and
 * userspace; where the records live (an NVRAM ring) is the kernel's.
 *
 * Record layout, big-endian:
 *
 *   off len
 *     0   4  magic "IAJ1"
 *     4   4  seq: +1 per record (compare with ia_jseq_after())
 *     8   8  time: seconds since the epoch
 *    16   2  event (enum ia_journal_event)
 *    18   1  target (enum imgauth_target)
 *    19   1  status (enum imgauth_status)
 *    20   4  cksum: the image's checksum, or 0
 *    24   4  sw_version, or 0
 *    28   4  value: event specific (new floor, statement counter, ...)
 *    32  60  text: NUL-padded, always NUL-terminated (byte 91 is 0)
 *    92  32  prev: SHA-256 of the previous record's 128 bytes; all zero
 *            for the very first record (seq 1)
 *   124   4  CRC-32 (ia_crc32) of bytes 0..123
 */
#ifndef IA_JOURNAL_H
#define IA_JOURNAL_H

#include "ia_types.h"

#define IA_JREC_MAGIC		"IAJ1"
#define IA_JREC_LEN		128
#define IA_JREC_TEXT_LEN	60
#define IA_JREC_HASH_LEN	32

enum ia_journal_event {
	IA_JEV_INSTALL = 1,	/* an install attempt and its verdict */
	IA_JEV_KEY_SET = 2,
	IA_JEV_KEY_DELETE = 3,
	IA_JEV_KEY_LOCK = 4,
	IA_JEV_KEY_UNLOCK = 5,
	IA_JEV_KEY_ROTATE = 6,
	IA_JEV_FLOOR = 7,
	IA_JEV_FALLBACK = 8,
	IA_JEV_RECOVERY = 9,
	IA_JEV_PROVISION = 10,
	IA_JEV_COMMIT = 11,
	IA_JEV_MARK_GOOD = 12,
	IA_JEV_BOOT = 13,
};

/* "install", "key-set", ... "boot"; "unknown" otherwise. */
const char *ia_journal_event_name(int event);

/* A record in host order. */
struct ia_jrec {
	u32 seq;
	u64 time;
	u16 event;
	u8 target, status;
	u32 cksum, sw_version, value;
	char text[IA_JREC_TEXT_LEN];
	u8 prev[IA_JREC_HASH_LEN];
};

/*
 * Encode @r and compute the CRC.  The text is copied up to its first NUL
 * and at most 59 characters, then NUL-padded, so byte 91 is always 0.
 */
void ia_jrec_encode(u8 out[IA_JREC_LEN], const struct ia_jrec *r);

enum {
	IA_JREC_OK = 0,
	IA_JREC_ERASED = 1,	/* all 0xff: a slot never written */
	IA_JREC_TORN = 2,	/* not erased and not a record: bad magic or
				 * CRC (a power cut during the append), or a
				 * text that ia_jrec_encode() never writes */
};

/*
 * Decode one record: IA_JREC_OK (then *r holds it, text NUL-terminated),
 * IA_JREC_ERASED or IA_JREC_TORN (then *r is unspecified).  An OK record
 * encodes back to exactly @in.
 */
int ia_jrec_decode(struct ia_jrec *r, const u8 in[IA_JREC_LEN]);

/*
 * a comes after b, across the wrap of the u32 seq: (s32)(a - b) > 0,
 * written without the signed conversion.
 */
static inline bool ia_jseq_after(u32 a, u32 b)
{
	return a != b && (u32)(a - b) < 0x80000000U;
}

/* SHA-256 of @len bytes into @out; 0 or a negative error. */
typedef int (*ia_sha256_fn)(const void *data, size_t len, u8 out[32], void *ctx);

struct ia_jverify {
	u32 checked;		/* records that passed, from the first */
	u32 first_seq;		/* seq of the first record, if it decodes */
	u32 last_seq;		/* seq of the last record that passed */
	int bad_index;		/* the first record that breaks the chain,
				 * -1 when the chain holds */
	const char *why;	/* static text, NULL when the chain holds */
};

/*
 * Check @n raw records (@raw holds n * IA_JREC_LEN bytes, in seq order as
 * stored): each decodes OK, seq rises by exactly 1, and each prev is the
 * SHA-256 of the raw record before it.  The first record's prev cannot be
 * checked unless its seq is 1: then it must be all zero.
 *
 * Returns 0 when the chain holds, 1 when it does not (@v says where and
 * why), or a negative error: the hash's (-1 if it broke its contract with
 * a positive one), or -1 for @n above INT_MAX, which bad_index cannot hold.  A torn or erased record is a break
 * like any other: a caller that finds a torn last record (a power cut
 * during an append) drops it before verifying, so it is never reported
 * as tampering.  An edited record whose CRC was recomputed is reported at
 * the record after it, whose prev no longer matches.
 */
int ia_journal_verify(const u8 *raw, u32 n, ia_sha256_fn sha256, void *ctx,
		      struct ia_jverify *v);

#endif /* IA_JOURNAL_H */
