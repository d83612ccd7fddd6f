// SPDX-License-Identifier: GPL-2.0
/*
 * Boot record: load the current copy, commit a new one.  The byte layout
 * and its decoding rules are lib/ia_bootrec.c's, shared with the host's
 * unit test and fuzzer.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "nvrec.h"

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

/* Decode a copy that nvrec.c found valid; say which lengths were dropped. */
static void rec_decode(struct imgauth *ia, struct ia_rec *rec, const u8 *b)
{
	u64 size[IMGAUTH_NTARGETS];
	u32 dropped, len[IMGAUTH_NTARGETS];
	int i;

	for (i = 0; i < IMGAUTH_NTARGETS; i++)
		size[i] = ia->region[i].size;
	dropped = ia_rec_decode(rec, b, size, len);
	for (i = 0; i < IMGAUTH_NTARGETS; i++)
		if (dropped & (1u << i))
			pr_err("boot record %u: %s holds %u bytes, more than its %llu: treated as empty\n",
			       rec->seq, ia_target_name(i), len[i],
			       ia->region[i].size);
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
	ia_rec_encode(b, next);
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
