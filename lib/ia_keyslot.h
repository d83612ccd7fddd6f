/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One image key slot as NVRAM holds it: the ScreenOS fields (magic1,
 * magic2, len, DER key) plus a write generation and a CRC.  Encoded and
 * decoded the same in the kernel and in the host's tests and fuzzers.
 *
 * On flash: be32 magic1, magic2, gen, len; key[IMGAUTH_KEY_MAX]; be32 crc
 * (of everything before it).
 */
#ifndef IA_KEYSLOT_H
#define IA_KEYSLOT_H

#include "ia_types.h"
#include <linux/imgauth.h>

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

/* The IA_SLOT_SIZE bytes of a slot holding @der (@len <= IMGAUTH_KEY_MAX). */
void ia_slot_encode(u8 *buf, u32 magic2, u32 gen, const u8 *der, u32 len);

/*
 * Decode the IA_SLOT_SIZE bytes at @buf: ERASED when all are 0xff; BAD
 * for a wrong magic1, a len beyond IMGAUTH_KEY_MAX, a CRC that does not
 * match, or a key that does not parse as a DSA key (one that passed
 * validation once still parses); else OK, with der[0..len) the key and the
 * rest of der zero.  The header fields are filled in whatever the state.
 */
void ia_slot_decode(struct ia_slot *slot, const u8 *buf);

#endif /* IA_KEYSLOT_H */
