/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an admin may do to the image key and its policy, through the ioctls
 * and netlink alike: each validates, obeys the key policy, writes NVRAM,
 * logs and announces.  Each returns 0 or -errno; @vd says what happened
 * either way (and vd->why, for extack, when there is a fixed reason).
 */
#ifndef _IMGAUTH_KEYOPS_H
#define _IMGAUTH_KEYOPS_H

#include <linux/types.h>

struct imgauth;
struct ia_verdict;

/* Install a key; @provision: the device must always have one from now. */
int ia_key_set(struct imgauth *ia, const u8 *der, u32 len, bool provision,
	       struct ia_verdict *vd);
int ia_key_delete(struct imgauth *ia, struct ia_verdict *vd);
/* Lock the key policy: key changes only by statements from now. */
int ia_key_lock(struct imgauth *ia, struct ia_verdict *vd);
/* Apply a key statement (keystmt.c). */
int ia_key_statement(struct imgauth *ia, const u8 *buf, u32 len,
		     struct ia_verdict *vd);
/* Raise the anti-rollback floor to @sw_version. */
int ia_floor_raise(struct imgauth *ia, u32 sw_version, struct ia_verdict *vd);

#endif
