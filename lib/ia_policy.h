/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The key policy record's byte layout, and the rule that says what its two
 * NVRAM copies mean at load: the current policy, none written yet, or one
 * that is damaged (which the kernel then treats as locked and provisioned).
 * Shared by the kernel and the host's model check and fuzzer, so that the
 * rule proven there is the one the module runs.
 *
 * Layout, big-endian: magic "IAPL", seq (lib/ia_nvrec.h), flags, floor,
 * counter, key_hash[32], CRC-32.
 */
#ifndef IA_POLICY_H
#define IA_POLICY_H

#include "ia_types.h"

#define IA_POL_MAGIC	0x4941504c	/* "IAPL" */
#define IA_POL_SIZE	56

#define IA_POL_LOCKED		0x01
#define IA_POL_PROVISIONED	0x02
#define IA_POL_FLAGS		(IA_POL_LOCKED | IA_POL_PROVISIONED)

/* What one copy holds besides its framing. */
struct ia_pol_fields {
	u32 seq;
	u32 flags;		/* IA_POL_*; unknown bits are dropped on decode */
	u32 floor;		/* anti-rollback floor, a sw_version */
	u32 counter;		/* last key statement accepted */
	u8 key_hash[32];	/* SHA-256 of the last key's DER */
};

/*
 * The fields into the IA_POL_SIZE bytes at @b; magic, seq and CRC are left
 * zero for ia_nvrec_seal().
 */
void ia_pol_encode(u8 *b, const struct ia_pol_fields *p);

/* Decode a copy already found valid (ia_nvrec_valid()). */
void ia_pol_decode(struct ia_pol_fields *p, const u8 *b);

enum ia_pol_verdict {
	IA_POL_CURRENT,		/* copy .copy is the policy in effect */
	IA_POL_NEVER_WRITTEN,	/* both copies erased */
	IA_POL_FIRST_TORN,	/* the first write was cut short: as never written */
	IA_POL_DAMAGED,		/* a policy was written, none can be trusted */
};

struct ia_pol_load {
	enum ia_pol_verdict verdict;
	int copy;		/* IA_POL_CURRENT: 0 (A) or 1 (B), else -1 */
	/*
	 * The copy the next commit writes: 0 (A), 1 (B), or -1 for none
	 * (a damaged policy both of whose copies could not be read).
	 */
	int rewrite;
	/* Each copy as read, for the log: "erased", "torn", "damaged", "unreadable". */
	const char *copy_state[2];
};

/*
 * Classify the two copies at @buf (A then B, IA_POL_SIZE bytes each), a
 * copy that could not be read being zeros there, never 0xff.  A copy is
 * torn when its CRC word is erased (programming ends with it), unreadable
 * when all zeros (no record is).
 */
void ia_pol_classify(struct ia_pol_load *out, const u8 *buf);

#endif /* IA_POLICY_H */
