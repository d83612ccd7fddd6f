/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot record ("nvram_rec"): which image slot boots, what each region
 * holds, and the boot loader configuration.  Two copies in two erase
 * blocks; an update writes the copy that is not current, so a power cut
 * leaves the current one intact.
 */
#ifndef _IMGAUTH_BOOTREC_H
#define _IMGAUTH_BOOTREC_H

#include <linux/types.h>
#include <linux/imgauth.h>

#include "ia_bootrec.h"

struct imgauth;

int ia_rec_load(struct imgauth *ia);

/*
 * Write @next (seq and copy are filled in) as the new current record and
 * make it ia->rec.  Returns 0 when it is the record in effect now (also
 * when the write reported an error but the new copy is on flash), else
 * -errno with the previous record still in effect.  Caller holds op_lock
 * and flash_lock for writing.
 */
int ia_rec_commit(struct imgauth *ia, struct ia_rec *next);

/* The NVRAM block (enum ia_nvram_block) holding @rec, or -1. */
int ia_rec_block(const struct ia_rec *rec);

/* A copy of the current record, taken under state_lock. */
void ia_rec_get(struct imgauth *ia, struct ia_rec *rec);

/*
 * In @rec, make image slot @target the committed, active one; on trial for
 * @trial_boots boots when that is not 0.
 */
void ia_rec_select(struct ia_rec *rec, int target, unsigned int trial_boots);

/* The other image slot. */
static inline int ia_other_slot(int target)
{
	return target == IMGAUTH_TARGET_IMAGE0 ? IMGAUTH_TARGET_IMAGE1 :
						 IMGAUTH_TARGET_IMAGE0;
}

#endif
