// SPDX-License-Identifier: GPL-2.0
/*
 * Key statements: the only way to change the image key of a locked device
 * (or to delete the key of a provisioned one, or to lift provisioning).
 *
 * A statement (lib/ia_stmt.c) names one action, the device it is for
 * (its serial, or "any"), a counter and the SHA-256 of the key that
 * signed it, and carries a DSA signature over all that.  It is accepted
 * when:
 *  - it is for this device,
 *  - its counter is above the last one accepted (a statement cannot be
 *    replayed, here or after a later one),
 *  - the signer is the installed key, or, on a provisioned device whose
 *    key slots hold no key any more, the key the policy recorded last
 *    (the statement then carries that key, checked against the hash),
 *  - and the signature verifies.
 * Then the counter is recorded first (so a power cut cannot make the
 * statement usable twice), and the action applied.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>

#include "imgauth.h"
#include "events.h"
#include "journal.h"
#include "keyops.h"
#include "stream.h"
#include "verifier.h"
#include "ia_der.h"
#include "ia_stmt.h"

/* The key that must have signed @st, copied to @der; 0 or a refusal. */
static const char *signer_key(struct imgauth *ia, const struct ia_stmt *st,
			      const struct ia_policy *pol, u8 *der, u32 *len)
{
	u8 hash[32];

	mutex_lock(&ia->state_lock);
	*len = ia->key.state == IMGAUTH_KEY_PRESENT ? ia->key.len : 0;
	memcpy(der, ia->key.der, *len);
	mutex_unlock(&ia->state_lock);
	if (*len) {
		if (ia_key_hash(der, *len, hash) ||
		    memcmp(hash, st->signer_hash, sizeof(hash)))
			return "statement refused: it is not signed by the installed image key";
		return NULL;
	}
	if (!(pol->flags & IA_POL_PROVISIONED))
		return "statement refused: no image key is installed to check it (install the key itself)";
	if (!st->signer_len)
		return "statement refused: the key slots hold no key: the statement must carry the last key (imgauthctl key rotate --include-signer)";
	if (memcmp(st->signer_hash, pol->key_hash, sizeof(hash)) ||
	    ia_key_hash(st->signer, st->signer_len, hash) ||
	    memcmp(hash, pol->key_hash, sizeof(hash)))
		return "statement refused: it is not signed by the last image key this device had";
	*len = st->signer_len;
	memcpy(der, st->signer, *len);
	return NULL;
}

/* The DSA signature over the body, with the signer's hash. */
static int check_signature(const struct ia_stmt *st, const u8 *der, u32 len,
			   struct ia_verdict *vd)
{
	struct ia_dsa_pub pub;
	struct ia_hasher hs = { };
	int ret;

	if (ia_dsa_pub_parse(&pub, der, len))
		return -EINVAL;
	ret = ia_hasher_init(&hs, ia_dsa_hash_name(pub.qbits));
	if (!ret)
		ret = ia_hasher_digest(&hs, st->body, st->body_len, vd->digest);
	ia_hasher_free(&hs);
	if (ret < 0)
		return ret;
	vd->dlen = ret;
	return ia_verify_digest(der, len, st->sig, st->sig_len, vd->digest,
				vd->dlen);
}

/* Apply the action; the counter is already recorded in @pol. */
static int apply(struct imgauth *ia, const struct ia_stmt *st,
		 struct ia_policy *pol, struct ia_verdict *vd, int *jev)
{
	const char *why;
	char what[64];
	int ret;

	switch (st->action) {
	case IA_STMT_ROTATE:
		*jev = IA_JEV_KEY_ROTATE;
		ret = ia_key_validate(st->newkey, st->newkey_len, what,
				      sizeof(what), &why);
		if (ret) {
			ia_verdict_set(vd, IMGAUTH_E_KEY, "%s", what);
			vd->why = why;
			return ret;
		}
		ret = ia_key_hash(st->newkey, st->newkey_len, pol->key_hash);
		if (!ret)
			ret = ia_policy_commit(ia, pol);
		if (!ret)
			ret = ia_keys_write(ia, st->newkey, st->newkey_len);
		if (!ret)
			ia_verdict_set(vd, IMGAUTH_OK,
				       "image key rotated: %s, %u bytes in KEY1..KEY3 (statement %u)",
				       what, st->newkey_len, st->counter);
		return ret;
	case IA_STMT_DELETE:
		*jev = IA_JEV_KEY_DELETE;
		pol->flags &= ~(IA_POL_LOCKED | IA_POL_PROVISIONED);
		ret = ia_policy_commit(ia, pol);
		if (!ret)
			ret = ia_keys_write(ia, NULL, 0);
		if (!ret)
			ia_verdict_set(vd, IMGAUTH_OK,
				       "image key deleted by statement %u: unlocked, not provisioned; images are no longer authenticated",
				       st->counter);
		return ret;
	case IA_STMT_UNLOCK:
		*jev = IA_JEV_KEY_UNLOCK;
		pol->flags &= ~IA_POL_LOCKED;
		ret = ia_policy_commit(ia, pol);
		if (!ret)
			ia_verdict_set(vd, IMGAUTH_OK,
				       "image key unlocked by statement %u", st->counter);
		return ret;
	case IA_STMT_UNPROVISION:
		*jev = IA_JEV_PROVISION;
		pol->flags &= ~IA_POL_PROVISIONED;
		ret = ia_policy_commit(ia, pol);
		if (!ret)
			ia_verdict_set(vd, IMGAUTH_OK,
				       "provisioning lifted by statement %u: blank key slots mean no authentication again",
				       st->counter);
		return ret;
	}
	return -EINVAL;
}

/* The journal event of a statement, refused or applied. */
static int stmt_jev(int action)
{
	switch (action) {
	case IA_STMT_ROTATE:
		return IA_JEV_KEY_ROTATE;
	case IA_STMT_DELETE:
		return IA_JEV_KEY_DELETE;
	case IA_STMT_UNLOCK:
		return IA_JEV_KEY_UNLOCK;
	case IA_STMT_UNPROVISION:
		return IA_JEV_PROVISION;
	}
	return IA_JEV_KEY_SET;
}

/* Checks before anything is written: a static reason, or NULL. */
static const char *refusal(struct imgauth *ia, const struct ia_stmt *st,
			   const struct ia_policy *pol)
{
	if (ia_session_open(ia))
		return "statement refused for now: an install session is open";
	if (!ia_stmt_for_device(st, ia->id.serial))
		return "statement refused: it is for another device (serial)";
	if (st->counter <= pol->counter &&
	    (pol->state != IMGAUTH_POLICY_DEFAULT || pol->counter))
		return "statement refused: replayed (its counter is not above the last one accepted)";
	return NULL;
}

int ia_key_statement(struct imgauth *ia, const u8 *buf, u32 len,
		     struct ia_verdict *vd)
{
	struct ia_policy pol;
	struct ia_stmt st;
	int ret, err, jev = IA_JEV_KEY_SET;
	const char *why;
	u32 keylen;
	u8 *der;

	memset(vd, 0, sizeof(*vd));
	err = ia_stmt_parse(&st, buf, len);
	if (err) {
		vd->why = ia_stmt_strerror(err);
		ia_verdict_set(vd, IMGAUTH_E_STATEMENT, "%s", vd->why);
		vd->why = ia_stmt_strerror(err);
		ret = -EINVAL;
		goto report;
	}
	jev = stmt_jev(st.action);
	der = kmalloc(IMGAUTH_KEY_MAX, GFP_KERNEL);
	if (!der)
		return -ENOMEM;
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		kfree(der);
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ia_policy_get(ia, &pol);
	why = refusal(ia, &st, &pol);
	if (!why)
		why = signer_key(ia, &st, &pol, der, &keylen);
	if (!why) {
		ret = check_signature(&st, der, keylen, vd);
		if (ret == -EKEYREJECTED || ret == -EBADMSG || ret == -EINVAL)
			why = "statement refused: PKI: DSA verify fails.";
		else if (ret)
			ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
				       "cannot check the statement (%d)", ret);
	}
	if (why) {
		ia_verdict_set(vd, IMGAUTH_E_STATEMENT, "%s", why);
		vd->why = why;
		ret = -EKEYREJECTED;
	} else if (!ret) {
		pol.counter = st.counter;
		down_write(&ia->flash_lock);
		ret = apply(ia, &st, &pol, vd, &jev);
		up_write(&ia->flash_lock);
		if (ret && !vd->status)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "writing NVRAM failed (%d) while applying the %s statement",
				       ret, ia_stmt_action_name(st.action));
	}
	ia_journal(ia, jev, IMGAUTH_TARGET_NONE, vd->status, 0, 0, st.counter,
		   "statement %s: %s", ia_stmt_action_name(st.action),
		   ia_status_name(vd->status));
	mutex_unlock(&ia->op_lock);
	kfree(der);
report:
	ia_notify(ia, IMGAUTH_EV_POLICY, IMGAUTH_TARGET_NONE, vd->status, "%s",
		  vd->msg);
	return ret;
}
