// SPDX-License-Identifier: GPL-2.0
/*
 * Image key slots.
 *
 * An update writes KEY1, KEY2 and KEY3 in turn, each with a generation one
 * higher than any before.  A power cut can therefore damage at most the slot
 * being written, and the slots left either carry the new key (some slot
 * already has the new generation) or the old one: loading picks the good
 * slot of the newest generation and rewrites every other slot from it.
 *
 * Slots that are all blank flash are a factory-fresh device and get the
 * ScreenOS "never written" contents (magic2 = dead1234).  Slots that are
 * all unreadable but not blank are not treated as "no key": that would
 * silently turn authentication off.  The key state becomes DAMAGED and
 * installs are refused until the admin installs or deletes the key.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "dsa.h"
#include "ia_der.h"

/**
 * ia_slot_read() - read and check one key slot
 * @ia: device
 * @idx: 0..2
 * @slot: result; @slot->state says whether it is usable
 *
 * Return: 0, or a negative errno when the flash could not be read.
 */
int ia_slot_read(struct imgauth *ia, int idx, struct ia_slot *slot)
{
	u8 *buf;
	int ret;

	buf = kmalloc(IA_SLOT_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = ia_st_read(ia->st, ia->nvram[IA_NV_KEY1 + idx], buf,
			 IA_SLOT_SIZE);
	if (ret)
		goto out;
	ia_slot_decode(slot, buf);
out:
	kfree(buf);
	return ret;
}

static int slot_write(struct imgauth *ia, int idx, u32 magic2, u32 gen,
		      const u8 *der, u32 len)
{
	u8 *buf;
	int ret;

	buf = kmalloc(IA_SLOT_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ia_slot_encode(buf, magic2, gen, der, len);
	ret = ia_st_rewrite_block(ia->st, ia->nvram[IA_NV_KEY1 + idx], buf,
				  IA_SLOT_SIZE);
	kfree(buf);
	if (ret)
		pr_err("KEY%d: write failed (%d)\n", idx + 1, ret);
	return ret;
}

static bool slot_same(const struct ia_slot *a, const struct ia_slot *b)
{
	return a->state == IMGAUTH_SLOT_OK && a->gen == b->gen &&
	       a->magic2 == b->magic2 && a->len == b->len &&
	       !memcmp(a->der, b->der, a->len);
}

static const char *slot_state_name(int state)
{
	switch (state) {
	case IMGAUTH_SLOT_OK:
		return "stale";
	case IMGAUTH_SLOT_ERASED:
		return "blank";
	}
	return "damaged";
}

static void key_set_cached(struct imgauth *ia, const struct ia_slot *best,
			   u32 maxgen)
{
	mutex_lock(&ia->state_lock);
	ia->key.gen = maxgen;
	ia->key.len = best->len;
	memcpy(ia->key.der, best->der, best->len);
	ia->key.state = best->len ? IMGAUTH_KEY_PRESENT : IMGAUTH_KEY_NONE;
	mutex_unlock(&ia->state_lock);
}

/**
 * ia_keys_load() - read the key slots, agree on the key, repair the rest
 * @ia: device; the caller holds op_lock and flash_lock for writing
 *
 * Return: 0 (the key state may be DAMAGED), or a negative errno.
 */
int ia_keys_load(struct imgauth *ia)
{
	struct ia_slot *slot;
	int i, best = -1, erased = 0, ret = 0;
	u32 maxgen = 0;

	slot = kmalloc_array(IMGAUTH_NKEYSLOTS, sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return -ENOMEM;
	for (i = 0; i < IMGAUTH_NKEYSLOTS; i++) {
		/* An unreadable slot is a bad one: the others may do. */
		ret = ia_slot_read(ia, i, &slot[i]);
		if (ret) {
			pr_err("KEY%d: unreadable (%d)\n", i + 1, ret);
			slot[i].state = IMGAUTH_SLOT_BAD;
			slot[i].unfinished = false;
			ret = 0;
		}
		if (slot[i].state == IMGAUTH_SLOT_ERASED)
			erased++;
		if (slot[i].state != IMGAUTH_SLOT_OK)
			continue;
		maxgen = max(maxgen, slot[i].gen);
		if (best < 0 || slot[i].gen > slot[best].gen)
			best = i;
	}

	/*
	 * Formatting writes KEY1 first: a power cut during it leaves KEY1
	 * without its CRC and the two others erased.  Nothing was stored
	 * yet, so this is still a fresh device (a slot that was complete
	 * keeps its CRC bits, which cannot be set again without an erase).
	 * Its header must be the format's too: a torn rewrite of a slot that
	 * held a key (the others erased by earlier cuts) is damage, not a
	 * fresh device, and formatting it would drop the key.
	 */
	if (best < 0 && erased == IMGAUTH_NKEYSLOTS - 1 &&
	    slot[0].state == IMGAUTH_SLOT_BAD && slot[0].unfinished &&
	    slot[0].magic1 == IMGAUTH_KEY_MAGIC1 &&
	    slot[0].magic2 == IMGAUTH_KEY_MAGIC2_BLANK &&
	    slot[0].gen == 0 && slot[0].len == 0) {
		pr_warn("KEY1: its first write was cut short: formatting again\n");
		erased = IMGAUTH_NKEYSLOTS;
	}
	if (best < 0 && erased == IMGAUTH_NKEYSLOTS) {
		pr_info("key slots blank: formatting (no image key)\n");
		for (i = 0; i < IMGAUTH_NKEYSLOTS && !ret; i++)
			ret = slot_write(ia, i, IMGAUTH_KEY_MAGIC2_BLANK, 0,
					 NULL, 0);
		if (ret)
			goto out;
		mutex_lock(&ia->state_lock);
		ia->key.state = IMGAUTH_KEY_NONE;
		ia->key.gen = 0;
		ia->key.len = 0;
		mutex_unlock(&ia->state_lock);
		goto out;
	}
	if (best < 0) {
		pr_err("image key slots damaged: no slot is readable; install or delete the image key\n");
		mutex_lock(&ia->state_lock);
		ia->key.state = IMGAUTH_KEY_DAMAGED;
		ia->key.len = 0;
		mutex_unlock(&ia->state_lock);
		goto out;
	}

	key_set_cached(ia, &slot[best], maxgen);
	for (i = 0; i < IMGAUTH_NKEYSLOTS; i++) {
		if (i == best || slot_same(&slot[i], &slot[best]))
			continue;
		if (slot_write(ia, i, slot[best].magic2, slot[best].gen,
			       slot[best].der, slot[best].len))
			continue;
		ia_notify(ia, IMGAUTH_EV_KEY_REPAIR, IMGAUTH_TARGET_NONE,
			  IMGAUTH_OK, "KEY%d was %s, rewritten from KEY%d",
			  i + 1, slot_state_name(slot[i].state), best + 1);
	}
out:
	kfree(slot);
	return ret;
}

/**
 * ia_keys_write() - store a new key in all three slots, or delete it
 * @ia: device; the caller holds op_lock and flash_lock for writing
 * @der: validated DER SubjectPublicKeyInfo, or NULL to delete
 * @len: its length, 0 to delete
 *
 * Return: 0, or a negative errno; on failure the cached key is reloaded
 * from whatever the slots now hold.
 */
int ia_keys_write(struct imgauth *ia, const u8 *der, u32 len)
{
	u32 gen;
	int i, ret = 0;

	lockdep_assert_held_write(&ia->flash_lock);
	mutex_lock(&ia->state_lock);
	gen = ia->key.gen + 1;
	mutex_unlock(&ia->state_lock);

	/* ScreenOS leaves magic2 = 0 once a key was written or deleted. */
	for (i = 0; i < IMGAUTH_NKEYSLOTS && !ret; i++)
		ret = slot_write(ia, i, 0, gen, der, len);
	if (ret) {
		ia_keys_load(ia);
		return ret;
	}
	mutex_lock(&ia->state_lock);
	ia->key.gen = gen;
	ia->key.len = len;
	if (len)
		memcpy(ia->key.der, der, len);
	ia->key.state = len ? IMGAUTH_KEY_PRESENT : IMGAUTH_KEY_NONE;
	mutex_unlock(&ia->state_lock);
	return 0;
}

int ia_key_validate(const u8 *der, u32 len, char *msg, size_t msglen,
		    const char **why)
{
	struct ia_dsa_pub pub;
	int err;

	*why = NULL;
	if (!len || len > IMGAUTH_KEY_MAX) {
		*why = "invalid image key: empty, or longer than IMGAUTH_KEY_MAX";
		snprintf(msg, msglen, "key is %u bytes, at most %u allowed",
			 len, IMGAUTH_KEY_MAX);
		return -EINVAL;
	}
	err = ia_dsa_pub_parse(&pub, der, len);
	if (err) {
		*why = ia_der_strerror(err);
		snprintf(msg, msglen, "invalid image key: %s", *why);
		return -EINVAL;
	}
	/* Verification computes s^-1 as s^(q-2): right only for a prime q. */
	err = ia_dsa_check_q_prime(&pub);
	if (!err)
		err = ia_dsa_check_subgroup(&pub);
	else if (err == -EKEYREJECTED)
		*why = "invalid image key: q is not prime";
	if (err == -EKEYREJECTED && !*why)
		*why = "invalid image key: g or y is not in the subgroup of order q";
	if (*why) {
		snprintf(msg, msglen, "%s", *why);
		return -EINVAL;
	}
	if (err) {
		snprintf(msg, msglen, "cannot check the image key (%d)", err);
		return err;
	}
	snprintf(msg, msglen, "DSA %u/%u image key", pub.pbits, pub.qbits);
	return 0;
}

