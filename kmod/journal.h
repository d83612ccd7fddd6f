/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The install journal: every install attempt and verdict, key change,
 * policy change, fallback and recovery, appended to a ring of two NVRAM
 * erase blocks, each record chained to the one before by its SHA-256
 * (lib/ia_journal.c has the record format and the chain check).
 */
#ifndef _IMGAUTH_JOURNAL_H
#define _IMGAUTH_JOURNAL_H

#include <linux/types.h>

#include "ia_journal.h"

struct imgauth;

/**
 * struct ia_journal - where the next record goes
 * @usable: the flash can hold records (write size divides the record)
 * @cur: the block (0, 1) that holds the newest record
 * @next_slot: the slot of @cur the next record goes to
 * @next_seq: its sequence number
 * @last_hash: SHA-256 of the newest record, chained into the next one
 */
struct ia_journal {
	bool usable;
	int cur;
	u32 next_slot;
	u32 next_seq;
	u8 last_hash[IA_JREC_HASH_LEN];
};

/* At module init, with op_lock and flash_lock held. */
int ia_journal_load(struct imgauth *ia);

/*
 * Append a record.  Caller holds op_lock, not flash_lock (taken here);
 * ia_journal_locked() is for callers that hold flash_lock for writing.
 * A failure is logged, never turned into the operation's failure.
 */
__printf(8, 9)
void ia_journal(struct imgauth *ia, int event, int target, int status,
		u32 cksum, u32 sw_version, u32 value, const char *fmt, ...);
__printf(8, 9)
void ia_journal_locked(struct imgauth *ia, int event, int target, int status,
		       u32 cksum, u32 sw_version, u32 value,
		       const char *fmt, ...);

/*
 * The highest statement counter an accepted key statement recorded (0 for
 * none): what a damaged key policy record falls back on, so that a
 * statement cannot be replayed after it.  At module init, after
 * ia_journal_load().
 */
u32 ia_journal_max_counter(struct imgauth *ia);

/*
 * The records as stored, oldest first, raw: records that do not decode
 * (damage, tampering) are included for the chain check to find; the torn
 * record of a power cut during an append, and a block being erased, are
 * not.  Returns a kvmalloc()ed buffer of *@n records, or an ERR_PTR.
 * Takes flash_lock for reading.
 */
u8 *ia_journal_snapshot(struct imgauth *ia, u32 *n);

#endif
