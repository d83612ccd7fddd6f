// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Key slot codec (see ia_keyslot.h).
 */
#include "ia_crc32.h"
#include "ia_der.h"
#include "ia_keyslot.h"
#include "ia_nvrec.h"

void ia_slot_encode(u8 *buf, u32 magic2, u32 gen, const u8 *der, u32 len)
{
	memset(buf, 0, IA_SLOT_SIZE);
	ia_put_be32(buf, IMGAUTH_KEY_MAGIC1);
	ia_put_be32(buf + 4, magic2);
	ia_put_be32(buf + 8, gen);
	ia_put_be32(buf + 12, len);
	if (len)
		memcpy(buf + IA_SLOT_HDR, der, len);
	ia_put_be32(buf + IA_SLOT_SIZE - 4,
		    ia_crc32(0, buf, IA_SLOT_SIZE - 4));
}

void ia_slot_decode(struct ia_slot *slot, const u8 *buf)
{
	slot->magic1 = ia_get_be32(buf);
	slot->magic2 = ia_get_be32(buf + 4);
	slot->gen = ia_get_be32(buf + 8);
	slot->len = ia_get_be32(buf + 12);
	slot->unfinished = ia_get_be32(buf + IA_SLOT_SIZE - 4) == 0xffffffff;
	memset(slot->der, 0, sizeof(slot->der));
	if (ia_nvrec_erased(buf, IA_SLOT_SIZE)) {
		slot->state = IMGAUTH_SLOT_ERASED;
	} else if (slot->magic1 != IMGAUTH_KEY_MAGIC1 ||
		   slot->len > IMGAUTH_KEY_MAX ||
		   ia_get_be32(buf + IA_SLOT_SIZE - 4) !=
		   ia_crc32(0, buf, IA_SLOT_SIZE - 4)) {
		slot->state = IMGAUTH_SLOT_BAD;
	} else {
		struct ia_dsa_pub pub;

		memcpy(slot->der, buf + IA_SLOT_HDR, slot->len);
		if (slot->len && ia_dsa_pub_parse(&pub, slot->der, slot->len))
			slot->state = IMGAUTH_SLOT_BAD;
		else
			slot->state = IMGAUTH_SLOT_OK;
	}
}
