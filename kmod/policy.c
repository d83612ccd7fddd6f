// SPDX-License-Identifier: GPL-2.0
/*
 * The key policy record: load (failing closed when it is damaged), commit,
 * and the floor that follows committed images.  Its layout and what its
 * two copies mean are lib/ia_policy.c's.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "nvrec.h"
#include "policy.h"
#include "verifier.h"

static const struct ia_nvrec_desc pol_desc = {
	.name = "key policy",
	.magic = IA_POL_MAGIC,
	.size = IA_POL_SIZE,
	.block = { IA_NV_POL_A, IA_NV_POL_B },
};

static void pol_encode(u8 *b, const struct ia_policy *p)
{
	struct ia_pol_fields f = {
		.flags = p->flags,
		.floor = p->floor,
		.counter = p->counter,
	};

	memcpy(f.key_hash, p->key_hash, sizeof(f.key_hash));
	ia_pol_encode(b, &f);
}

static void pol_decode(struct ia_policy *p, const u8 *b)
{
	struct ia_pol_fields f;

	ia_pol_decode(&f, b);
	p->st.seq = f.seq;
	p->flags = f.flags;
	p->floor = f.floor;
	p->counter = f.counter;
	memcpy(p->key_hash, f.key_hash, sizeof(p->key_hash));
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

int ia_policy_load(struct imgauth *ia)
{
	struct ia_policy *p = &ia->policy;
	struct ia_pol_load how;
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
	/* What the copies mean is decided in lib/, where it is model-checked. */
	ia_pol_classify(&how, buf);
	memset(p, 0, sizeof(*p));
	p->st.copy = -1;
	switch (how.verdict) {
	case IA_POL_CURRENT:
		pol_decode(p, buf + how.copy * IA_POL_SIZE);
		p->st.copy = how.copy;
		p->state = IMGAUTH_POLICY_OK;
		break;
	case IA_POL_NEVER_WRITTEN:
		/* ScreenOS behaviour, nothing on flash yet. */
		p->state = IMGAUTH_POLICY_DEFAULT;
		break;
	case IA_POL_FIRST_TORN:
		pr_warn("key policy: its first write was cut short: nothing was recorded yet\n");
		p->state = IMGAUTH_POLICY_DEFAULT;
		break;
	case IA_POL_DAMAGED:
		pol_fail_closed(ia, p);
		p->st.write_b_first = how.rewrite == 1;
		p->no_rewrite = how.rewrite < 0;
		pr_err("key policy: %s: treating the key as locked and the device as provisioned, floor %x; a statement signed by the key rewrites it (copy A %s, copy B %s)\n",
		       pol_damage(buf), p->floor, how.copy_state[0],
		       how.copy_state[1]);
		break;
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

	/*
	 * Both copies failed to read at load: either may hold the policy and
	 * the other be erased, so rewriting either, cut short, could leave
	 * what reads as no policy at all (lib/ia_policy.c).
	 */
	if (next->no_rewrite) {
		pr_err("key policy: not rewritten: neither copy could be read at load; reload the module once they read\n");
		return -EIO;
	}
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
