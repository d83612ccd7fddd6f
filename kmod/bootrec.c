// SPDX-License-Identifier: GPL-2.0
/*
 * Boot record: encode, decode, choose the current copy, commit a new one.
 *
 * Layout, big-endian: magic, seq, active + 3 pad, then per region (loader,
 * image0, image1) len, state, tries, flags + 1 pad, cksum, sw_version,
 * date (20 bytes), boot_file[64], self/tftp/netmask/gateway addresses (4
 * bytes each), and a CRC-32 of everything before it.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "nvrec.h"

#define OFF_REGION	12
#define REGION_SIZE	20
#define OFF_BOOT_FILE	(OFF_REGION + IMGAUTH_NTARGETS * REGION_SIZE)
#define OFF_ADDRS	(OFF_BOOT_FILE + IMGAUTH_BOOT_FILE_MAX)
#define OFF_CRC		(OFF_ADDRS + 16)

static_assert(OFF_CRC + 4 == IA_REC_SIZE);
static_assert(OFF_REGION >= IA_NVREC_HDR + 4);

static const struct ia_nvrec_desc rec_desc = {
	.name = "boot record",
	.magic = IA_REC_MAGIC,
	.size = IA_REC_SIZE,
	.block = { IA_NV_REC_A, IA_NV_REC_B },
};

int ia_rec_block(const struct ia_rec *rec)
{
	return rec->copy < 0 ? -1 : rec_desc.block[rec->copy];
}

static void rec_encode(u8 *b, const struct ia_rec *rec)
{
	int i;

	/* Magic, seq and CRC are nvrec.c's. */
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

/*
 * Decode a copy that nvrec.c found valid.  Lengths are bounded by the
 * regions here, once, so nothing that reads a region can be sent past its
 * end by a record.
 */
static void rec_decode(struct imgauth *ia, struct ia_rec *rec, const u8 *b)
{
	int i;

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
		rec->region[i].tries = r[5];
		rec->region[i].flags = r[6] & IA_REGION_TRIAL;
		/* Only a committed image slot can be on trial. */
		if (rec->region[i].state != IMGAUTH_REGION_VALID ||
		    i == IMGAUTH_TARGET_LOADER)
			rec->region[i].flags = rec->region[i].tries = 0;
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

void ia_rec_select(struct ia_rec *rec, int target, unsigned int trial_boots)
{
	rec->active = target;
	rec->region[target].state = IMGAUTH_REGION_VALID;
	rec->region[target].flags = trial_boots ? IA_REGION_TRIAL : 0;
	rec->region[target].tries = trial_boots;
}

int ia_rec_commit(struct imgauth *ia, struct ia_rec *next)
{
	struct ia_nvrec_state st = { ia->rec.seq, ia->rec.copy };
	u8 *b;
	int ret;

	b = kmalloc(IA_REC_SIZE, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	rec_encode(b, next);
	ret = ia_nvrec_commit(ia, &rec_desc, &st, b);
	kfree(b);
	if (ret)
		return ret;
	next->seq = st.seq;
	next->copy = st.copy;
	mutex_lock(&ia->state_lock);
	ia->rec = *next;
	mutex_unlock(&ia->state_lock);
	return 0;
}

/**
 * ia_rec_load() - find the current boot record
 * @ia: device, at module init, with op_lock and flash_lock held
 *
 * Loading writes nothing: with neither copy valid the record starts as a
 * factory one (no image, no loader config) in memory only, and the first
 * change writes it.  A flash imgauth does not recognise (a wrong mtd=)
 * is not touched until an admin installs something.
 *
 * Return: 0 or a negative errno.
 */
int ia_rec_load(struct imgauth *ia)
{
	int cur, ret;
	bool blank;
	u8 *buf;

	buf = kmalloc(2 * IA_REC_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = ia_nvrec_read(ia, &rec_desc, buf, &cur, &blank);
	if (ret)
		goto out;
	if (cur >= 0) {
		rec_decode(ia, &ia->rec, buf + cur * IA_REC_SIZE);
		ia->rec.copy = cur;
		goto out;
	}
	if (!blank)
		pr_err("boot record: both copies damaged or unreadable; starting with no images recorded (nothing is written until the next install)\n");
	rec_factory(&ia->rec);
out:
	kfree(buf);
	return ret;
}
