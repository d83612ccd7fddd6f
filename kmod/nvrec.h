/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records kept in two NVRAM copies (the boot record, the key policy): an
 * update writes the copy that is not current with the next sequence
 * number, so a power cut leaves the current one intact.
 */
#ifndef _IMGAUTH_NVREC_H
#define _IMGAUTH_NVREC_H

#include <linux/types.h>

#include "ia_nvrec.h"

struct imgauth;

/*
 * On flash, big-endian: magic at 0, seq at 4, the record's own fields from
 * 8, and a CRC-32 of everything before it in the last 4 bytes.
 */
struct ia_nvrec_desc {
	const char *name;	/* for messages: "boot record" */
	u32 magic;
	size_t size;		/* bytes on flash, CRC included */
	int block[2];		/* enum ia_nvram_block of copies A and B */
};

/* Which copy is current, and its sequence number. */
struct ia_nvrec_state {
	u32 seq;
	int copy;		/* 0 (A), 1 (B), or -1 before the first write */
	/*
	 * With no current copy, write B rather than A: A holds a damaged
	 * record that a cut during its rewrite could turn into one that looks
	 * never written (lib/ia_policy.c), so it stays as it is.
	 */
	bool write_b_first;
};

/*
 * Read both copies into @buf (2 * size bytes: A then B).  Returns 0 with
 * *@cur the index of the newest valid copy (sequence numbers compared
 * modulo 2^32), or -1 when neither is valid, and *@blank when both copies
 * are erased flash.  A copy that cannot be read counts as a bad one, and
 * its half of @buf is zeros (never erased, whatever the driver left).
 */
int ia_nvrec_read(struct imgauth *ia, const struct ia_nvrec_desc *d,
		  u8 *buf, int *cur, bool *blank);

/*
 * Write @b (size bytes; magic, seq and CRC are filled in here) as the new
 * current copy.  Returns 0 when it is the copy in effect now, also when the
 * write reported an error but the copy is on flash (logged), and updates
 * @st; else -errno with the previous copy still in effect.  Caller holds
 * op_lock and flash_lock for writing.
 */
int ia_nvrec_commit(struct imgauth *ia, const struct ia_nvrec_desc *d,
		    struct ia_nvrec_state *st, u8 *b);

#endif
