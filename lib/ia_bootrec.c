// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Boot record codec (see ia_bootrec.h).
 */
#include "ia_bootrec.h"
#include "ia_nvrec.h"

#define OFF_REGION	12
#define REGION_SIZE	20
#define OFF_BOOT_FILE	(OFF_REGION + IMGAUTH_NTARGETS * REGION_SIZE)
#define OFF_ADDRS	(OFF_BOOT_FILE + IMGAUTH_BOOT_FILE_MAX)
#define OFF_CRC		(OFF_ADDRS + 16)

_Static_assert(OFF_CRC + 4 == IA_REC_SIZE, "boot record layout");
_Static_assert(OFF_REGION >= IA_NVREC_HDR + 4, "boot record header");

void ia_rec_encode(u8 *b, const struct ia_rec *rec)
{
	int i;

	memset(b, 0, IA_REC_SIZE);
	b[8] = rec->active;
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		u8 *r = b + OFF_REGION + i * REGION_SIZE;

		ia_put_be32(r, rec->region[i].len);
		r[4] = rec->region[i].state;
		r[5] = rec->region[i].tries;
		r[6] = rec->region[i].flags;
		ia_put_be32(r + 8, rec->region[i].cksum);
		ia_put_be32(r + 12, rec->region[i].sw_version);
		ia_put_be32(r + 16, rec->region[i].date);
	}
	memcpy(b + OFF_BOOT_FILE, rec->boot_file, IMGAUTH_BOOT_FILE_MAX);
	b[OFF_BOOT_FILE + IMGAUTH_BOOT_FILE_MAX - 1] = '\0';
	memcpy(b + OFF_ADDRS, rec->self_ip, 4);
	memcpy(b + OFF_ADDRS + 4, rec->tftp_ip, 4);
	memcpy(b + OFF_ADDRS + 8, rec->netmask, 4);
	memcpy(b + OFF_ADDRS + 12, rec->gateway, 4);
}

u32 ia_rec_decode(struct ia_rec *rec, const u8 *b,
		  const u64 region_size[IMGAUTH_NTARGETS],
		  u32 dropped_len[IMGAUTH_NTARGETS])
{
	u32 dropped = 0;
	int i;

	rec->seq = ia_get_be32(b + 4);
	rec->active = b[8];
	if (rec->active != IMGAUTH_TARGET_IMAGE0 &&
	    rec->active != IMGAUTH_TARGET_IMAGE1)
		rec->active = IMGAUTH_TARGET_NONE;
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const u8 *r = b + OFF_REGION + i * REGION_SIZE;
		struct ia_rec_region *g = &rec->region[i];

		g->len = ia_get_be32(r);
		g->state = r[4];
		if (g->state > IMGAUTH_REGION_VALID)
			g->state = IMGAUTH_REGION_EMPTY;
		g->tries = r[5];
		g->flags = r[6] & IA_REGION_TRIAL;
		/* Only a committed image slot can be on trial. */
		if (g->state != IMGAUTH_REGION_VALID ||
		    i == IMGAUTH_TARGET_LOADER)
			g->flags = g->tries = 0;
		g->cksum = ia_get_be32(r + 8);
		g->sw_version = ia_get_be32(r + 12);
		g->date = ia_get_be32(r + 16);
		/*
		 * Lengths are bounded by the regions here, once, so nothing
		 * that reads a region can be sent past its end by a record.
		 */
		if (g->len > region_size[i]) {
			dropped |= 1u << i;
			dropped_len[i] = g->len;
			memset(g, 0, sizeof(*g));
		}
		if (g->state == IMGAUTH_REGION_EMPTY)
			g->len = 0;
	}
	if (rec->active != IMGAUTH_TARGET_NONE &&
	    rec->region[rec->active].state == IMGAUTH_REGION_EMPTY)
		rec->active = IMGAUTH_TARGET_NONE;
	memcpy(rec->boot_file, b + OFF_BOOT_FILE, IMGAUTH_BOOT_FILE_MAX);
	rec->boot_file[IMGAUTH_BOOT_FILE_MAX - 1] = '\0';
	memcpy(rec->self_ip, b + OFF_ADDRS, 4);
	memcpy(rec->tftp_ip, b + OFF_ADDRS + 4, 4);
	memcpy(rec->netmask, b + OFF_ADDRS + 8, 4);
	memcpy(rec->gateway, b + OFF_ADDRS + 12, 4);
	return dropped;
}
