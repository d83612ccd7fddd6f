/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The image key in NVRAM: three redundant slots, each in its own erase
 * block, in the ScreenOS layout (magic1, magic2, len, DER key) plus a write
 * generation and a CRC.
 */
#ifndef _IMGAUTH_KEYSLOT_H
#define _IMGAUTH_KEYSLOT_H

#include <linux/types.h>
#include <linux/imgauth.h>

struct imgauth;

/* On flash: be32 magic1, magic2, gen, len; key[IMGAUTH_KEY_MAX]; be32 crc */
#define IA_SLOT_HDR	16
#define IA_SLOT_SIZE	(IA_SLOT_HDR + IMGAUTH_KEY_MAX + 4)

/* One slot as read from flash. */
struct ia_slot {
	int state;		/* enum imgauth_slot_state */
	u32 magic1;
	u32 magic2;
	u32 gen;
	u32 len;
	bool unfinished;	/* not erased, its CRC word still is */
	u8 der[IMGAUTH_KEY_MAX];
};

/* The key the slots agree on. */
struct ia_key {
	int state;		/* enum imgauth_key_state */
	u32 gen;		/* newest generation seen on any good slot */
	u32 len;
	bool unfinished;	/* not erased, its CRC word still is */
	u8 der[IMGAUTH_KEY_MAX];
};

int ia_slot_read(struct imgauth *ia, int idx, struct ia_slot *slot);
int ia_keys_load(struct imgauth *ia);
int ia_keys_write(struct imgauth *ia, const u8 *der, u32 len);

/*
 * Check a DER SubjectPublicKeyInfo before it is stored: strict parse,
 * supported size, ranges, q prime, and that g and y lie in the order-q
 * subgroup.  Returns 0 or -EINVAL with @msg set and *@why the same reason
 * as a static string (for extack).
 */
int ia_key_validate(const u8 *der, u32 len, char *msg, size_t msglen,
		    const char **why);

#endif
