/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key policy: what protects the image key and the installed version
 * beyond ScreenOS, kept in NVRAM beside the key slots (two copies), never
 * in an image slot, so that no fallback or image can undo it:
 *
 *  - locked: the key changes only by a statement signed by the current key;
 *  - the anti-rollback floor: no image below this sw_version installs or
 *    boots; it only rises;
 *  - provisioned: the device must always have a key (fail closed);
 *  - the counter of the last key statement accepted (replay protection),
 *    and the SHA-256 of the last key installed, which still authorises a
 *    statement when the key slots themselves were wiped.
 */
#ifndef _IMGAUTH_POLICY_H
#define _IMGAUTH_POLICY_H

#include <linux/types.h>

#include "ia_policy.h"
#include "nvrec.h"

struct imgauth;

struct ia_policy {
	struct ia_nvrec_state st;
	int state;		/* enum imgauth_policy_state */
	u32 flags;		/* IA_POL_* */
	u32 floor;		/* sw_version */
	u32 counter;		/* last key statement accepted */
	u8 key_hash[32];	/* SHA-256 of the last key's DER */
	bool no_rewrite;	/* damaged, and no copy may be rewritten */
};

/* At module init, with op_lock and flash_lock held; after ia_rec_load(). */
int ia_policy_load(struct imgauth *ia);

/* A copy of the policy in effect, taken under state_lock. */
void ia_policy_get(struct imgauth *ia, struct ia_policy *p);

/*
 * Make @next the policy (written to NVRAM).  Caller holds op_lock and
 * flash_lock for writing.  0 when it is in effect, else -errno.
 */
int ia_policy_commit(struct imgauth *ia, struct ia_policy *next);

/* SHA-256 of a key's DER, into @out. */
int ia_key_hash(const u8 *der, u32 len, u8 out[32]);

/*
 * Raise the floor to @sw_version if it is higher (an image was committed
 * or marked good).  Same locking as ia_policy_commit().
 */
int ia_policy_floor_follow(struct imgauth *ia, u32 sw_version);

#endif
