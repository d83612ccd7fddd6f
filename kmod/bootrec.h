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

struct imgauth;

#define IA_REC_MAGIC	0x49414e52	/* "IANR" */
#define IA_REC_SIZE	156

/* ia_rec_region.flags */
#define IA_REGION_TRIAL	0x01	/* booting on trial, not yet marked good */

struct ia_rec_region {
	u32 len;
	u8 state;		/* enum imgauth_region_state */
	u8 tries;		/* trial boots left, with IA_REGION_TRIAL */
	u8 flags;		/* IA_REGION_* */
	u32 cksum;
	u32 sw_version;
	u32 date;
};

struct ia_rec {
	u32 seq;
	u8 active;		/* IMGAUTH_TARGET_IMAGE0/1 or _NONE */
	struct ia_rec_region region[IMGAUTH_NTARGETS];
	char boot_file[IMGAUTH_BOOT_FILE_MAX];
	u8 self_ip[4];
	u8 tftp_ip[4];
	u8 netmask[4];
	u8 gateway[4];
	int copy;		/* copy A (0) or B (1) holds it, -1 if none */
};

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
