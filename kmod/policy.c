// SPDX-License-Identifier: GPL-2.0
/*
 * The key policy record: load (failing closed when it is damaged), commit,
 * and the floor that follows committed images.
 *
 * Layout, big-endian: magic "IAPL", seq (nvrec.c), flags, floor, counter,
 * key_hash[32], CRC-32.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "nvrec.h"
#include "policy.h"
#include "verifier.h"

#define OFF_FLAGS	8
#define OFF_FLOOR	12
#define OFF_COUNTER	16
#define OFF_KEY_HASH	20
#define OFF_CRC		52

static_assert(OFF_CRC + 4 == IA_POL_SIZE);

static const struct ia_nvrec_desc pol_desc = {
	.name = "key policy",
	.magic = IA_POL_MAGIC,
	.size = IA_POL_SIZE,
	.block = { IA_NV_POL_A, IA_NV_POL_B },
};

static void pol_encode(u8 *b, const struct ia_policy *p)
{
	memset(b, 0, IA_POL_SIZE);
	ia_put_be32(b + OFF_FLAGS, p->flags);
	ia_put_be32(b + OFF_FLOOR, p->floor);
	ia_put_be32(b + OFF_COUNTER, p->counter);
	memcpy(b + OFF_KEY_HASH, p->key_hash, 32);
}

static void pol_decode(struct ia_policy *p, const u8 *b)
{
	p->st.seq = ia_get_be32(b + 4);
	p->flags = ia_get_be32(b + OFF_FLAGS) & IA_POL_FLAGS;
	p->floor = ia_get_be32(b + OFF_FLOOR);
	p->counter = ia_get_be32(b + OFF_COUNTER);
	memcpy(p->key_hash, b + OFF_KEY_HASH, 32);
}

/* Nothing trustworthy is known: the tightest policy that still boots. */
static void pol_fail_closed(struct imgauth *ia, struct ia_policy *p)
{
	int i;

	p->state = IMGAUTH_POLICY_DAMAGED;
	p->flags = IA_POL_LOCKED | IA_POL_PROVISIONED;
	p->floor = 0;
	for (i = IMGAUTH_TARGET_IMAGE0; i <= IMGAUTH_TARGET_IMAGE1; i++)
		if (ia->rec.region[i].state == IMGAUTH_REGION_VALID)
			p->floor = max(p->floor, ia->rec.region[i].sw_version);
}

/*
 * The first commit writes copy A (nvrec.c: no copy is current yet), so a
 * power cut during it leaves B erased and A without its CRC (programming
 * runs from the start; the CRC is the last word).  Such a record was
 * never in effect: the policy is the default one, as before the commit,
 * not a damaged one (which would lock the key and provision the device on
 * its next load).  A completed copy A that is damaged later still has its
 * CRC (bits can be cleared, not set, without an erase), and an unreadable
 * one reads as zeros here: both still fail closed.
 */
static bool first_write_torn(const u8 *buf)
{
	return ia_nvrec_erased(buf + IA_POL_SIZE, IA_POL_SIZE) &&
	       ia_get_be32(buf) == pol_desc.magic && ia_get_be32(buf + 4) == 1 &&
	       ia_get_be32(buf + OFF_CRC) == 0xffffffff;
}

/* Which copies a policy with no valid one lacks, for the log. */
static const char *pol_damage(const u8 *buf)
{
	if (ia_nvrec_erased(buf + IA_POL_SIZE, IA_POL_SIZE))
		return "copy A damaged or unreadable, copy B erased";
	if (ia_nvrec_erased(buf, IA_POL_SIZE))
		return "copy A erased, copy B damaged or unreadable";
	return "both copies damaged or unreadable";
}

int ia_policy_load(struct imgauth *ia)
{
	struct ia_policy *p = &ia->policy;
	int cur, ret;
	bool blank;
	u8 *buf;

	/* A copy that cannot be read comes back zeroed: never erased. */
	buf = kzalloc(2 * IA_POL_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = ia_nvrec_read(ia, &pol_desc, buf, &cur, &blank);
	if (ret)
		goto out;
	memset(p, 0, sizeof(*p));
	p->st.copy = -1;
	if (cur >= 0) {
		pol_decode(p, buf + cur * IA_POL_SIZE);
		p->st.copy = cur;
		p->state = IMGAUTH_POLICY_OK;
	} else if (blank) {
		/* Never written: ScreenOS behaviour, nothing on flash yet. */
		p->state = IMGAUTH_POLICY_DEFAULT;
	} else if (first_write_torn(buf)) {
		pr_warn("key policy: its first write was cut short: nothing was recorded yet\n");
		p->state = IMGAUTH_POLICY_DEFAULT;
	} else {
		pol_fail_closed(ia, p);
		/*
		 * The next commit (its sequence number 1) goes to B unless A
		 * is erased: rewriting the damaged A in place, cut short,
		 * would leave exactly what first_write_torn() takes for a
		 * policy never written, should B then read as erased (also a
		 * B that failed to read only this time), and a damaged policy
		 * must not turn into the default one.  A cut in B leaves B
		 * torn beside a non-erased A: damaged still.
		 */
		p->st.write_b_first = !ia_nvrec_erased(buf, IA_POL_SIZE);
		pr_err("key policy: %s: treating the key as locked and the device as provisioned, floor %x; a statement signed by the key rewrites it\n",
		       pol_damage(buf), p->floor);
	}
out:
	kfree(buf);
	return ret;
}

void ia_policy_get(struct imgauth *ia, struct ia_policy *p)
{
	mutex_lock(&ia->state_lock);
	*p = ia->policy;
	mutex_unlock(&ia->state_lock);
}

int ia_policy_commit(struct imgauth *ia, struct ia_policy *next)
{
	u8 *b;
	int ret;

	b = kmalloc(IA_POL_SIZE, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	pol_encode(b, next);
	ret = ia_nvrec_commit(ia, &pol_desc, &next->st, b);
	kfree(b);
	if (ret)
		return ret;
	next->state = IMGAUTH_POLICY_OK;
	mutex_lock(&ia->state_lock);
	ia->policy = *next;
	mutex_unlock(&ia->state_lock);
	return 0;
}

int ia_key_hash(const u8 *der, u32 len, u8 out[32])
{
	struct ia_hasher hs = { };
	int ret;

	ret = ia_hasher_init(&hs, "sha256");
	if (!ret)
		ret = ia_hasher_digest(&hs, der, len, out);
	ia_hasher_free(&hs);
	return ret < 0 ? ret : 0;
}

int ia_policy_floor_follow(struct imgauth *ia, u32 sw_version)
{
	struct ia_policy p;
	char v[24];
	int ret;

	ia_policy_get(ia, &p);
	if (sw_version <= p.floor)
		return 0;
	p.floor = sw_version;
	ret = ia_policy_commit(ia, &p);
	ia_sw_version_str(v, sizeof(v), sw_version);
	if (ret)
		pr_err("anti-rollback floor: raising it to %s failed (%d)\n", v,
		       ret);
	else
		pr_info("anti-rollback floor raised to %s\n", v);
	ia_journal_locked(ia, IA_JEV_FLOOR, IMGAUTH_TARGET_NONE,
			  ret ? IMGAUTH_E_FLASH : IMGAUTH_OK, 0, sw_version,
			  sw_version, "floor follows to %s", v);
	return ret;
}
