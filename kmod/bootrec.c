// SPDX-License-Identifier: GPL-2.0
/*
 * Boot record: encode, decode, choose the current copy, commit a new one.
 *
 * Layout, big-endian: magic, seq, active + 3 pad, then per region (loader,
 * image0, image1) len, state + 3 pad, cksum, sw_version, date (20 bytes),
 * boot_file[64], self/tftp/netmask/gateway addresses (4 bytes each), and a
 * CRC-32 of everything before it.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "ia_crc32.h"

#define OFF_REGION	12
#define REGION_SIZE	20
#define OFF_BOOT_FILE	(OFF_REGION + IMGAUTH_NTARGETS * REGION_SIZE)
#define OFF_ADDRS	(OFF_BOOT_FILE + IMGAUTH_BOOT_FILE_MAX)
#define OFF_CRC		(OFF_ADDRS + 16)

static_assert(OFF_CRC + 4 == IA_REC_SIZE);

static void rec_encode(u8 *b, const struct ia_rec *rec)
{
	int i;

	memset(b, 0, IA_REC_SIZE);
	ia_put_be32(b, IA_REC_MAGIC);
	ia_put_be32(b + 4, rec->seq);
	b[8] = rec->active;
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		u8 *r = b + OFF_REGION + i * REGION_SIZE;

		ia_put_be32(r, rec->region[i].len);
		r[4] = rec->region[i].state;
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
	ia_put_be32(b + OFF_CRC, ia_crc32(0, b, OFF_CRC));
}

/*
 * Decode one copy; false when it is not a record.  Lengths are bounded by
 * the regions here, once, so nothing that reads a region can be sent past
 * its end by a record.
 */
static bool rec_decode(struct imgauth *ia, struct ia_rec *rec, const u8 *b)
{
	int i;

	if (ia_get_be32(b) != IA_REC_MAGIC ||
	    ia_get_be32(b + OFF_CRC) != ia_crc32(0, b, OFF_CRC))
		return false;
	rec->seq = ia_get_be32(b + 4);
	rec->active = b[8];
	if (rec->active != IMGAUTH_TARGET_IMAGE0 &&
	    rec->active != IMGAUTH_TARGET_IMAGE1)
		rec->active = IMGAUTH_TARGET_NONE;
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const u8 *r = b + OFF_REGION + i * REGION_SIZE;

		rec->region[i].len = ia_get_be32(r);
		rec->region[i].state = r[4];
		if (rec->region[i].state > IMGAUTH_REGION_VALID)
			rec->region[i].state = IMGAUTH_REGION_EMPTY;
		rec->region[i].cksum = ia_get_be32(r + 8);
		rec->region[i].sw_version = ia_get_be32(r + 12);
		rec->region[i].date = ia_get_be32(r + 16);
		if (rec->region[i].len > ia->region[i].size) {
			pr_err("boot record %u: %s holds %u bytes, more than its %llu: treated as empty\n",
			       rec->seq, ia_target_name(i), rec->region[i].len,
			       ia->region[i].size);
			memset(&rec->region[i], 0, sizeof(rec->region[i]));
		}
		if (rec->region[i].state == IMGAUTH_REGION_EMPTY)
			rec->region[i].len = 0;
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
	return true;
}

static void rec_factory(struct ia_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->active = IMGAUTH_TARGET_NONE;
	rec->copy = -1;
}

void ia_rec_get(struct imgauth *ia, struct ia_rec *rec)
{
	mutex_lock(&ia->state_lock);
	*rec = ia->rec;
	mutex_unlock(&ia->state_lock);
}

/* Sequence numbers wrap: @a is newer than @b when a - b is "positive". */
static bool seq_newer(u32 a, u32 b)
{
	return (s32)(a - b) > 0;
}

/* Read both copies; *@current_copy gets the newest good one, or -1. */
static int rec_read_copies(struct imgauth *ia, struct ia_rec copies[2],
			   int *current_copy, bool *blank)
{
	bool ok[2];
	u8 *b;
	int i, ret = 0;

	b = kmalloc(IA_REC_SIZE, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	*blank = true;
	for (i = 0; i < 2; i++) {
		ret = ia_st_read(ia->st, ia->nvram[IA_NV_REC_A + i], b,
				 IA_REC_SIZE);
		if (ret)
			goto out;
		if (memchr_inv(b, 0xff, IA_REC_SIZE))
			*blank = false;
		ok[i] = rec_decode(ia, &copies[i], b);
		copies[i].copy = IA_NV_REC_A + i;
	}
	if (ok[0] && (!ok[1] || !seq_newer(copies[1].seq, copies[0].seq)))
		*current_copy = 0;
	else if (ok[1])
		*current_copy = 1;
	else
		*current_copy = -1;
out:
	kfree(b);
	return ret;
}

int ia_rec_commit(struct imgauth *ia, struct ia_rec *next)
{
	struct ia_rec copies[2];
	int cur = ia->rec.copy, now;
	bool blank;
	u8 *b;
	int ret, err;

	lockdep_assert_held_write(&ia->flash_lock);
	next->seq = ia->rec.seq + 1;
	next->copy = cur == IA_NV_REC_A ? IA_NV_REC_B : IA_NV_REC_A;
	b = kmalloc(IA_REC_SIZE, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	rec_encode(b, next);
	ret = ia_st_rewrite_block(ia->st, ia->nvram[next->copy], b,
				  IA_REC_SIZE);
	kfree(b);
	if (!ret) {
		mutex_lock(&ia->state_lock);
		ia->rec = *next;
		mutex_unlock(&ia->state_lock);
		return 0;
	}
	/*
	 * The write or its read-back failed, but the new copy may still have
	 * landed: what the next boot will use is what flash holds now.
	 */
	err = rec_read_copies(ia, copies, &now, &blank);
	if (!err && now >= 0 && copies[now].seq == next->seq &&
	    copies[now].copy == next->copy) {
		pr_warn("boot record: write reported %d, but record %u is on flash and in effect\n",
			ret, next->seq);
		mutex_lock(&ia->state_lock);
		ia->rec = copies[now];
		mutex_unlock(&ia->state_lock);
		return 0;
	}
	pr_err("boot record: write failed (%d), keeping record %u\n", ret,
	       ia->rec.seq);
	return ret;
}

/**
 * ia_rec_load() - find the current boot record
 * @ia: device, at module init, with op_lock and flash_lock held
 *
 * Return: 0 or a negative errno.  Blank NVRAM gets a factory record.
 */
int ia_rec_load(struct imgauth *ia)
{
	struct ia_rec copies[2], fresh;
	int cur, ret;
	bool blank;

	ret = rec_read_copies(ia, copies, &cur, &blank);
	if (ret)
		return ret;
	if (cur >= 0) {
		ia->rec = copies[cur];
		return 0;
	}
	if (!blank)
		pr_err("boot record: both copies damaged; starting with no images recorded\n");
	rec_factory(&ia->rec);
	rec_factory(&fresh);
	return ia_rec_commit(ia, &fresh);
}
