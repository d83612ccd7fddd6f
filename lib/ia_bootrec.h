/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The boot record ("nvram_rec"): which image slot boots, what each region
 * holds, and the boot loader configuration; its byte layout, encoded and
 * decoded the same in the kernel and in the host's tests and fuzzers.
 *
 * Layout, big-endian: magic, seq, active + 3 pad, then per region (loader,
 * image0, image1) len, state, tries, flags + 1 pad, cksum, sw_version,
 * date (20 bytes), boot_file[64], self/tftp/netmask/gateway addresses (4
 * bytes each), and a CRC-32 of everything before it (lib/ia_nvrec.h).
 */
#ifndef IA_BOOTREC_H
#define IA_BOOTREC_H

#include "ia_types.h"
#include <linux/imgauth.h>

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

/*
 * The record's fields into the IA_REC_SIZE bytes at @b; magic, seq and
 * CRC are left zero for ia_nvrec_seal().  boot_file is cut to 63 bytes.
 */
void ia_rec_encode(u8 *b, const struct ia_rec *rec);

/*
 * Decode a copy already found valid (ia_nvrec_valid()).  Out-of-range
 * values are made safe here, once: an unknown active slot or state is
 * none / empty, only a committed image slot can be on trial, an empty
 * region has length 0, the active slot must hold something, boot_file is
 * NUL-terminated, and a region whose len exceeds @region_size[i] is
 * treated as empty.  Returns the mask (1 << i) of the regions dropped for
 * their length, whose recorded lengths go to @dropped_len[i].  @rec->copy
 * is not touched.
 */
u32 ia_rec_decode(struct ia_rec *rec, const u8 *b,
		  const u64 region_size[IMGAUTH_NTARGETS],
		  u32 dropped_len[IMGAUTH_NTARGETS]);

#endif /* IA_BOOTREC_H */
