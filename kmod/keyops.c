// SPDX-License-Identifier: GPL-2.0
/*
 * Key changes under the key policy.
 *
 * Unlocked and not provisioned (the default, and ScreenOS): anyone with
 * CAP_SYS_ADMIN installs or deletes the key.  Locked: the key changes only
 * by a statement signed by the current key (keystmt.c).  Provisioned: the
 * key cannot be deleted without such a statement, and blank key slots
 * refuse every install and boot check instead of turning authentication
 * off.  A damaged policy record counts as both.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>

#include "imgauth.h"
#include "events.h"
#include "keyops.h"
#include "stream.h"

/*
 * Why a plain key change is refused now, as a static sentence: an install
 * session checked its image against the current key, or the policy.
 */
static const char *policy_refusal(struct imgauth *ia,
				  const struct ia_policy *p, bool delete)
{
	if (ia_session_open(ia))
		return "an install session is open: the image key cannot change until it ends";
	if (p->state == IMGAUTH_POLICY_DAMAGED)
		return "the key policy record is damaged: the image key changes only by a statement signed by it (imgauthctl key rotate)";
	if ((p->flags & IA_POL_LOCKED) && delete)
		return "the image key is locked: deleting it needs a statement signed by it (imgauthctl key rotate --delete)";
	if (p->flags & IA_POL_LOCKED)
		return "the image key is locked: a new key needs a rotation statement signed by the current key (imgauthctl key rotate)";
	if ((p->flags & IA_POL_PROVISIONED) && delete)
		return "this device is provisioned and must keep an image key: deleting it needs a statement signed by it (imgauthctl key rotate --delete)";
	return NULL;
}

/*
 * After a failed update the slots were reloaded: the newest good slot may
 * already hold the new key (it then is in effect), or the old one.
 */
static const char *key_in_effect(struct imgauth *ia, const u8 *der, u32 len)
{
	bool is_new;

	mutex_lock(&ia->state_lock);
	is_new = ia->key.state != IMGAUTH_KEY_DAMAGED && ia->key.len == len &&
		 (!len || !memcmp(ia->key.der, der, len));
	mutex_unlock(&ia->state_lock);
	return is_new ? "the new key is in effect, the other slots will be repaired" :
			"the previous key stays in effect";
}

/* Record @der as the last key (provisioned devices), and provision. */
static int policy_follow_key(struct imgauth *ia, const u8 *der, u32 len,
			     bool provision)
{
	struct ia_policy p;
	int ret;

	ia_policy_get(ia, &p);
	if (!provision && !(p.flags & IA_POL_PROVISIONED))
		return 0;
	ret = ia_key_hash(der, len, p.key_hash);
	if (ret)
		return ret;
	if (provision)
		p.flags |= IA_POL_PROVISIONED;
	return ia_policy_commit(ia, &p);
}

int ia_key_set(struct imgauth *ia, const u8 *der, u32 len, bool provision,
	       struct ia_verdict *vd)
{
	struct ia_policy p;
	const char *why;
	char what[64];
	int ret;

	memset(vd, 0, sizeof(*vd));
	ret = ia_key_validate(der, len, vd->msg, sizeof(vd->msg), &vd->why);
	if (ret) {
		vd->status = IMGAUTH_E_KEY;
		goto report;
	}
	strscpy(what, vd->msg, sizeof(what));
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ia_policy_get(ia, &p);
	why = policy_refusal(ia, &p, false);
	if (why) {
		bool busy = ia_session_open(ia);

		ia_verdict_set(vd, busy ? IMGAUTH_E_BUSY : IMGAUTH_E_LOCKED,
			       "%s", why);
		vd->why = why;
		ret = busy ? -EBUSY : -EPERM;
		ia_journal(ia, IA_JEV_KEY_SET, IMGAUTH_TARGET_NONE, vd->status,
			   0, 0, 0, "key install refused: locked");
		mutex_unlock(&ia->op_lock);
		goto report;
	}
	down_write(&ia->flash_lock);
	ret = ia_keys_write(ia, der, len);
	if (!ret) {
		ret = policy_follow_key(ia, der, len, provision);
		if (ret)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "image key installed, but recording it in the key policy failed (%d)%s",
				       ret, provision ? ": the device is not provisioned" : "");
	}
	up_write(&ia->flash_lock);
	if (ret && !vd->status)
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "writing the key slots failed (%d); %s", ret,
			       key_in_effect(ia, der, len));
	else if (!ret)
		ia_verdict_set(vd, IMGAUTH_OK,
			       "image key installed: %s, %u bytes in KEY1..KEY3%s",
			       what, len,
			       provision ? "; the device is provisioned: it must always have a key" : "");
	/* value: 0; in statement records it is the statement's counter. */
	ia_journal(ia, provision ? IA_JEV_PROVISION : IA_JEV_KEY_SET,
		   IMGAUTH_TARGET_NONE, vd->status, 0, 0, 0, "key install%s: %s",
		   provision ? " and provision" : "", ia_status_name(vd->status));
	mutex_unlock(&ia->op_lock);
report:
	ia_notify(ia, IMGAUTH_EV_KEY_SET, IMGAUTH_TARGET_NONE, vd->status,
		  "%s", vd->msg);
	return ret;
}

int ia_key_delete(struct imgauth *ia, struct ia_verdict *vd)
{
	struct ia_policy p;
	const char *why;
	int ret;

	memset(vd, 0, sizeof(*vd));
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ia_policy_get(ia, &p);
	why = policy_refusal(ia, &p, true);
	if (why) {
		bool busy = ia_session_open(ia);

		ia_verdict_set(vd, busy ? IMGAUTH_E_BUSY : IMGAUTH_E_LOCKED,
			       "%s", why);
		vd->why = why;
		ret = busy ? -EBUSY : -EPERM;
		ia_journal(ia, IA_JEV_KEY_DELETE, IMGAUTH_TARGET_NONE,
			   vd->status, 0, 0, 0, "key delete refused: locked");
		mutex_unlock(&ia->op_lock);
		goto report;
	}
	down_write(&ia->flash_lock);
	ret = ia_keys_write(ia, NULL, 0);
	up_write(&ia->flash_lock);
	ia_journal(ia, IA_JEV_KEY_DELETE, IMGAUTH_TARGET_NONE,
		   ret ? IMGAUTH_E_FLASH : IMGAUTH_OK, 0, 0, 0, "key delete: %s",
		   ret ? "flash error" : "deleted");
	mutex_unlock(&ia->op_lock);
	if (ret)
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "writing the key slots failed (%d); %s", ret,
			       key_in_effect(ia, NULL, 0));
	else
		ia_verdict_set(vd, IMGAUTH_OK,
			       "image key deleted: images are no longer authenticated (%s)",
			       ia->require_key ? "installs refused: require_key=1" :
						 IA_MSG_NO_AUTH);
report:
	ia_notify(ia, IMGAUTH_EV_KEY_DELETE, IMGAUTH_TARGET_NONE, vd->status,
		  "%s", vd->msg);
	return ret;
}

int ia_key_lock(struct imgauth *ia, struct ia_verdict *vd)
{
	struct ia_policy p;
	u32 len = 0;
	u8 *der;
	int ret;

	memset(vd, 0, sizeof(*vd));
	der = kmalloc(IMGAUTH_KEY_MAX, GFP_KERNEL);
	if (!der)
		return -ENOMEM;
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		kfree(der);
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ia_policy_get(ia, &p);
	if (ia_session_open(ia)) {
		ia_verdict_set(vd, IMGAUTH_E_BUSY,
			       "an install session is open: the key policy cannot change until it ends");
		ret = -EBUSY;
		goto out;
	}
	mutex_lock(&ia->state_lock);
	if (ia->key.state == IMGAUTH_KEY_PRESENT) {
		len = ia->key.len;
		memcpy(der, ia->key.der, len);
	}
	mutex_unlock(&ia->state_lock);
	if (!len) {
		ia_verdict_set(vd, IMGAUTH_E_NOKEY,
			       "locking needs an installed image key: install one first");
		vd->why = "locking needs an installed image key: install one first";
		ret = -ENOKEY;
		goto out;
	}
	ret = ia_key_hash(der, len, p.key_hash);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "cannot hash the key (%d)",
			       ret);
		goto out;
	}
	if ((p.flags & IA_POL_LOCKED) && p.state == IMGAUTH_POLICY_OK) {
		ia_verdict_set(vd, IMGAUTH_OK, "the image key is already locked");
		goto out;
	}
	p.flags |= IA_POL_LOCKED;
	down_write(&ia->flash_lock);
	ret = ia_policy_commit(ia, &p);
	up_write(&ia->flash_lock);
	if (ret)
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "writing the key policy failed (%d): not locked", ret);
	else
		ia_verdict_set(vd, IMGAUTH_OK,
			       "image key locked: it changes only by a statement signed by it from now on");
	ia_journal(ia, IA_JEV_KEY_LOCK, IMGAUTH_TARGET_NONE, vd->status, 0, 0,
		   0, "key lock: %s", ia_status_name(vd->status));
out:
	mutex_unlock(&ia->op_lock);
	kfree(der);
	ia_notify(ia, IMGAUTH_EV_POLICY, IMGAUTH_TARGET_NONE, vd->status, "%s",
		  vd->msg);
	return ret;
}

int ia_floor_raise(struct imgauth *ia, u32 sw_version, struct ia_verdict *vd)
{
	struct ia_policy p;
	char v[24], floor[24];
	int ret;

	memset(vd, 0, sizeof(*vd));
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ia_policy_get(ia, &p);
	ia_sw_version_str(v, sizeof(v), sw_version);
	ia_sw_version_str(floor, sizeof(floor), p.floor);
	if (sw_version < p.floor) {
		ia_verdict_set(vd, IMGAUTH_E_ROLLBACK,
			       "the floor only rises: it is %s, not lowered to %s",
			       floor, v);
		vd->why = "the anti-rollback floor only rises";
		ret = -EKEYREVOKED;
		goto out;
	}
	if (sw_version == p.floor) {
		ia_verdict_set(vd, IMGAUTH_OK, "the floor is %s already", floor);
		goto out;
	}
	p.floor = sw_version;
	down_write(&ia->flash_lock);
	ret = ia_policy_commit(ia, &p);
	up_write(&ia->flash_lock);
	if (ret)
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "writing the key policy failed (%d): the floor stays %s",
			       ret, floor);
	else
		ia_verdict_set(vd, IMGAUTH_OK,
			       "anti-rollback floor raised from %s to %s", floor, v);
	ia_journal(ia, IA_JEV_FLOOR, IMGAUTH_TARGET_NONE, vd->status, 0,
		   sw_version, sw_version, "floor raised to %s", v);
out:
	mutex_unlock(&ia->op_lock);
	ia_notify(ia, IMGAUTH_EV_POLICY, IMGAUTH_TARGET_NONE, vd->status, "%s",
		  vd->msg);
	return ret;
}
