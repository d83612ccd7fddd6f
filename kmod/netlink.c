// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "imgauth": the control surface documented in
 * uapi/linux/imgauth.h.
 *
 * One privilege rule for every interface that changes state: the ioctls
 * and the commands marked IA_NL_ADMIN below need CAP_SYS_ADMIN, checked in
 * pre_doit against the socket's opener and the caller (netlink_capable).
 * Status, key slots, loader config and raw signature checks are open to
 * everyone.  Verifying a region is admin too: it holds flash still while
 * it reads and announces its verdict.  Image data does not travel over
 * netlink: installs go through the character devices.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/capability.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "imgauth.h"
#include "boot.h"
#include "compat.h"
#include "events.h"
#include "install.h"
#include "keyops.h"
#include "netlink.h"
#include "verifier.h"
#include "ia_der.h"
#include "ia_stmt.h"

static struct imgauth *nl_ia;
static struct genl_family ia_family;

/* genl_ops.internal_flags */
#define IA_NL_ADMIN	BIT(0)

/* Commands that take no attributes reject any. */
static const struct nla_policy none_policy[IMGAUTH_A_MAX + 1] = { };

static const struct nla_policy target_policy[IMGAUTH_A_MAX + 1] = {
	[IMGAUTH_A_TARGET] = NLA_POLICY_MAX(NLA_U32, IMGAUTH_TARGET_IMAGE1),
};

static const struct nla_policy key_set_policy[IMGAUTH_A_MAX + 1] = {
	[IMGAUTH_A_KEY] = { .type = NLA_BINARY, .len = IMGAUTH_KEY_MAX },
	[IMGAUTH_A_PROVISION] = { .type = NLA_FLAG },
};

static const struct nla_policy statement_policy[IMGAUTH_A_MAX + 1] = {
	[IMGAUTH_A_STATEMENT] = { .type = NLA_BINARY, .len = IA_STMT_MAX },
};

static const struct nla_policy floor_policy[IMGAUTH_A_MAX + 1] = {
	[IMGAUTH_A_SW_VERSION] = { .type = NLA_U32 },
};

static const struct nla_policy verify_sig_policy[IMGAUTH_A_MAX + 1] = {
	[IMGAUTH_A_KEY] = { .type = NLA_BINARY, .len = IMGAUTH_KEY_MAX },
	[IMGAUTH_A_MSG] = { .type = NLA_BINARY },
	[IMGAUTH_A_SIG] = { .type = NLA_BINARY, .len = 4096 },
	[IMGAUTH_A_SIG_FORMAT] = NLA_POLICY_MAX(NLA_U32, IMGAUTH_SIG_P1363),
	[IMGAUTH_A_HASH] = { .type = NLA_NUL_STRING, .len = 15 },
};

static const struct nla_policy ldrcfg_policy[IMGAUTH_LDRCFG_A_MAX + 1] = {
	[IMGAUTH_LDRCFG_A_BOOT_FILE] = { .type = NLA_NUL_STRING,
					 .len = IMGAUTH_BOOT_FILE_MAX - 1 },
	[IMGAUTH_LDRCFG_A_SELF_IP] = NLA_POLICY_EXACT_LEN(4),
	[IMGAUTH_LDRCFG_A_TFTP_IP] = NLA_POLICY_EXACT_LEN(4),
	[IMGAUTH_LDRCFG_A_NETMASK] = NLA_POLICY_EXACT_LEN(4),
	[IMGAUTH_LDRCFG_A_GATEWAY] = NLA_POLICY_EXACT_LEN(4),
};

static const struct nla_policy ldrcfg_set_policy[IMGAUTH_A_MAX + 1] = {
	[IMGAUTH_A_LOADER_CONFIG] = NLA_POLICY_NESTED(ldrcfg_policy),
};

const char *ia_status_text(int status)
{
	switch (status) {
	case IMGAUTH_OK:
		return IA_MSG_AUTH_OK;
	case IMGAUTH_OK_UNAUTHENTICATED:
		return IA_MSG_NO_AUTH;
	case IMGAUTH_E_LENGTH:
		return "image length out of range for the region";
	case IMGAUTH_E_MAGIC:
		return "bad magic number";
	case IMGAUTH_E_PLATFORM:
		return "platform mismatch";
	case IMGAUTH_E_LAYOUT:
		return "header offset/size inconsistent with the length";
	case IMGAUTH_E_CKSUM:
		return IA_MSG_CORRUPT " (checksum mismatch)";
	case IMGAUTH_E_SIGFORMAT:
		return IA_MSG_DSA_FAIL " (signature is not strict DER) " IA_MSG_BOGUS;
	case IMGAUTH_E_SIGNATURE:
		return IA_MSG_DSA_FAIL " " IA_MSG_BOGUS;
	case IMGAUTH_E_NOKEY:
		return "no image key installed and this device requires one";
	case IMGAUTH_E_KEYSLOTS:
		return "image key slots damaged: install or delete the image key";
	case IMGAUTH_E_KEY:
		return "invalid image key";
	case IMGAUTH_E_FLASH:
		return "flash write or read-back failed";
	case IMGAUTH_E_BUSY:
		return "another install is in progress";
	case IMGAUTH_E_CHANGED:
		return "the image changed while it was being installed";
	case IMGAUTH_E_EMPTY:
		return "the region holds no image";
	case IMGAUTH_E_INTERNAL:
		return "the check could not run; nothing was changed";
	case IMGAUTH_E_ROLLBACK:
		return "image older than the installed anti-rollback floor";
	case IMGAUTH_E_LOCKED:
		return "the image key is locked: this change needs a statement signed by the current key";
	case IMGAUTH_E_STATEMENT:
		return "key statement refused";
	}
	return "unknown status";
}

/* extack keeps a pointer: only static strings may go there. */
static void set_extack(struct genl_info *info, const char *static_msg)
{
	if (info->extack)
		info->extack->_msg = static_msg;
}

static struct sk_buff *reply_new(struct genl_info *info, size_t size,
				 void **hdr)
{
	struct sk_buff *skb = genlmsg_new(size, GFP_KERNEL);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &ia_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static int reply_send(struct sk_buff *skb, void *hdr, struct genl_info *info)
{
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

/* Answer a verification: the outcome is the reply, not an error. */
static int reply_verdict(struct genl_info *info, const struct ia_verdict *vd)
{
	struct sk_buff *skb;
	void *hdr;

	skb = reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (!skb)
		return -ENOMEM;
	if (nla_put_u32(skb, IMGAUTH_A_STATUS, vd->status) ||
	    nla_put_string(skb, IMGAUTH_A_MESSAGE, vd->msg)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	return reply_send(skb, hdr, info);
}

/* Reply with a verdict, or fail with its errno and extack. */
static int verdict_or_error(struct genl_info *info, struct ia_verdict *vd,
			    int ret)
{
	if (!ret)
		ret = ia_status_errno(vd->status);
	if (ret) {
		set_extack(info, vd->why ?: ia_status_text(vd->status));
		return ret;
	}
	return reply_verdict(info, vd);
}

static int put_system(struct sk_buff *skb, struct imgauth *ia,
		      const struct ia_rec *rec, int key_state)
{
	struct nlattr *nest = nla_nest_start(skb, IMGAUTH_A_SYSTEM);
	struct ia_policy pol;

	ia_policy_get(ia, &pol);
	if (!nest ||
	    nla_put_string(skb, IMGAUTH_SYS_A_PRODUCT, ia->id.product) ||
	    nla_put_string(skb, IMGAUTH_SYS_A_SERIAL, ia->id.serial) ||
	    nla_put_string(skb, IMGAUTH_SYS_A_HW_VERSION, ia->id.hw_version) ||
	    nla_put(skb, IMGAUTH_SYS_A_MAC, 6, ia->id.mac) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_PLATFORM, ia->id.platform) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_CPU, ia->id.cpu) ||
	    nla_put_string(skb, IMGAUTH_SYS_A_BACKEND, ia->st->name) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_ACTIVE, rec->active) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_KEY_STATE, key_state) ||
	    nla_put_u8(skb, IMGAUTH_SYS_A_REQUIRE_KEY, ia->require_key) ||
	    nla_put_string(skb, IMGAUTH_SYS_A_MODULE_VERSION, IMGAUTH_VERSION) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_TRIAL_BOOTS, ia->trial_boots) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_LOADER_CHECK, ia->loader_check) ||
	    (ia->st->mtd_index >= 0 &&
	     nla_put_u32(skb, IMGAUTH_SYS_A_MTD_INDEX, ia->st->mtd_index)) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_POLICY_STATE, pol.state) ||
	    nla_put_u8(skb, IMGAUTH_SYS_A_LOCKED, !!(pol.flags & IA_POL_LOCKED)) ||
	    nla_put_u8(skb, IMGAUTH_SYS_A_PROVISIONED,
		       !!(pol.flags & IA_POL_PROVISIONED)) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_FLOOR, pol.floor) ||
	    nla_put_u32(skb, IMGAUTH_SYS_A_STMT_COUNTER, pol.counter) ||
	    nla_put_string(skb, IMGAUTH_SYS_A_HASH_DRIVERS, ia->hash_drivers))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_regions(struct sk_buff *skb, struct imgauth *ia,
		       const struct ia_rec *rec)
{
	struct nlattr *list, *one;
	int i;

	list = nla_nest_start(skb, IMGAUTH_A_REGIONS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const struct ia_rec_region *r = &rec->region[i];

		one = nla_nest_start(skb, i + 1);
		if (!one ||
		    nla_put_u32(skb, IMGAUTH_REGION_A_TARGET, i) ||
		    nla_put_u32(skb, IMGAUTH_REGION_A_STATE, r->state) ||
		    nla_put_u64_64bit(skb, IMGAUTH_REGION_A_SIZE,
				      ia->region[i].size, IMGAUTH_REGION_A_UNSPEC) ||
		    nla_put_u64_64bit(skb, IMGAUTH_REGION_A_USED, r->len,
				      IMGAUTH_REGION_A_UNSPEC) ||
		    nla_put_u32(skb, IMGAUTH_REGION_A_ERASESIZE,
				ia->st->erasesize) ||
		    nla_put_u32(skb, IMGAUTH_REGION_A_SEQ, rec->seq) ||
		    nla_put_u64_64bit(skb, IMGAUTH_REGION_A_OFFSET,
				      ia->region[i].offset,
				      IMGAUTH_REGION_A_UNSPEC) ||
		    nla_put_u8(skb, IMGAUTH_REGION_A_TRIAL,
			       !!(r->flags & IA_REGION_TRIAL)) ||
		    nla_put_u32(skb, IMGAUTH_REGION_A_TRIES, r->tries))
			return -EMSGSIZE;
		if (r->state != IMGAUTH_REGION_EMPTY &&
		    (nla_put_u32(skb, IMGAUTH_REGION_A_SW_VERSION,
				 r->sw_version) ||
		     nla_put_u32(skb, IMGAUTH_REGION_A_DATE, r->date) ||
		     nla_put_u32(skb, IMGAUTH_REGION_A_CKSUM, r->cksum)))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, list);
	return 0;
}

/**
 * ia_nl_status() - IMGAUTH_CMD_STATUS: identity, key state, regions
 * @skb: request
 * @info: request info
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct imgauth *ia = nl_ia;
	struct sk_buff *msg;
	struct ia_rec rec;
	int key_state;
	void *hdr;

	ia_rec_get(ia, &rec);
	mutex_lock(&ia->state_lock);
	key_state = ia->key.state;
	mutex_unlock(&ia->state_lock);

	msg = reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	if (put_system(msg, ia, &rec, key_state) ||
	    put_regions(msg, ia, &rec)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return reply_send(msg, hdr, info);
}

static int put_slot(struct sk_buff *skb, int idx, const struct ia_slot *s)
{
	struct nlattr *nest = nla_nest_start(skb, idx + 1);

	if (!nest ||
	    nla_put_u32(skb, IMGAUTH_SLOT_A_INDEX, idx + 1) ||
	    nla_put_u32(skb, IMGAUTH_SLOT_A_STATE, s->state) ||
	    nla_put_u32(skb, IMGAUTH_SLOT_A_MAGIC1, s->magic1) ||
	    nla_put_u32(skb, IMGAUTH_SLOT_A_MAGIC2, s->magic2) ||
	    nla_put_u32(skb, IMGAUTH_SLOT_A_GEN, s->gen) ||
	    nla_put_u32(skb, IMGAUTH_SLOT_A_LEN, s->len))
		return -EMSGSIZE;
	if (s->state == IMGAUTH_SLOT_OK &&
	    nla_put(skb, IMGAUTH_SLOT_A_DATA, s->len, s->der))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * ia_nl_key_get() - IMGAUTH_CMD_KEY_GET: the three slots as stored
 * @skb: request
 * @info: request info
 *
 * Reads the slots from flash, so a damaged slot shows as damaged.
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_key_get(struct sk_buff *skb, struct genl_info *info)
{
	struct imgauth *ia = nl_ia;
	struct ia_slot *slot;
	struct nlattr *list;
	struct sk_buff *msg;
	int i, ret, state;
	void *hdr;

	slot = kmalloc_array(IMGAUTH_NKEYSLOTS, sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return -ENOMEM;
	/* A reader: it may delay a key update, never make one fail. */
	ret = down_read_killable(&ia->flash_lock);
	if (ret)
		goto out;
	for (i = 0; i < IMGAUTH_NKEYSLOTS && !ret; i++)
		ret = ia_slot_read(ia, i, &slot[i]);
	up_read(&ia->flash_lock);
	if (ret)
		goto out;
	mutex_lock(&ia->state_lock);
	state = ia->key.state;
	mutex_unlock(&ia->state_lock);

	ret = -ENOMEM;
	msg = reply_new(info, IMGAUTH_NKEYSLOTS * (IMGAUTH_KEY_MAX + 128) +
			256, &hdr);
	if (!msg)
		goto out;
	ret = -EMSGSIZE;
	if (nla_put_u32(msg, IMGAUTH_A_KEY_STATE, state))
		goto out_free;
	list = nla_nest_start(msg, IMGAUTH_A_KEY_SLOTS);
	if (!list)
		goto out_free;
	for (i = 0; i < IMGAUTH_NKEYSLOTS; i++)
		if (put_slot(msg, i, &slot[i]))
			goto out_free;
	nla_nest_end(msg, list);
	ret = reply_send(msg, hdr, info);
	goto out;
out_free:
	nlmsg_free(msg);
out:
	kfree(slot);
	return ret;
}

/**
 * ia_nl_key_set() - IMGAUTH_CMD_KEY_SET: validate and store IMGAUTH_A_KEY
 * @skb: request
 * @info: request info
 *
 * Return: 0 or negative errno with an extack message.
 */
static int ia_nl_key_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *key = info->attrs[IMGAUTH_A_KEY];
	struct ia_verdict *vd;
	int ret;

	if (!key) {
		NL_SET_ERR_MSG_ATTR(info->extack, key, "IMGAUTH_A_KEY missing");
		return -EINVAL;
	}
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = ia_key_set(nl_ia, nla_data(key), nla_len(key),
			 nla_get_flag(info->attrs[IMGAUTH_A_PROVISION]), vd);
	if (ret)
		set_extack(info, vd->why ?: ia_status_text(vd->status));
	kfree(vd);
	return ret;
}

/**
 * ia_nl_key_delete() - IMGAUTH_CMD_KEY_DELETE: zero the three slots
 * @skb: request
 * @info: request info
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_key_delete(struct sk_buff *skb, struct genl_info *info)
{
	struct ia_verdict *vd;
	int ret;

	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = ia_key_delete(nl_ia, vd);
	if (ret)
		set_extack(info, vd->why ?: ia_status_text(vd->status));
	kfree(vd);
	return ret;
}

static int get_target(struct genl_info *info, bool images_only)
{
	struct nlattr *a = info->attrs[IMGAUTH_A_TARGET];

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "IMGAUTH_A_TARGET missing");
		return -EINVAL;
	}
	if (images_only && nla_get_u32(a) == IMGAUTH_TARGET_LOADER) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "only image0 and image1 can be committed");
		return -EINVAL;
	}
	return nla_get_u32(a);
}

/**
 * ia_nl_verify() - IMGAUTH_CMD_VERIFY: check what a region holds
 * @skb: request
 * @info: request info
 *
 * Replies with IMGAUTH_A_STATUS and IMGAUTH_A_MESSAGE.
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_verify(struct sk_buff *skb, struct genl_info *info)
{
	struct ia_verdict *vd;
	int target, ret;

	target = get_target(info, false);
	if (target < 0)
		return target;
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = ia_verify_region(nl_ia, target, vd);
	if (!ret)
		ret = reply_verdict(info, vd);
	kfree(vd);
	return ret;
}

/**
 * ia_nl_install_commit() - IMGAUTH_CMD_INSTALL_COMMIT: activate a slot
 * @skb: request
 * @info: request info
 *
 * The slot is verified on flash again first; a slot that fails is not
 * activated (error with extack).
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_install_commit(struct sk_buff *skb, struct genl_info *info)
{
	struct ia_verdict *vd;
	int target, ret;

	target = get_target(info, true);
	if (target < 0)
		return target;
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = ia_commit(nl_ia, target, vd);
	if (!ret)
		ret = ia_status_errno(vd->status);
	if (ret)
		set_extack(info, vd->why ?: ia_status_text(vd->status));
	else
		ret = reply_verdict(info, vd);
	kfree(vd);
	return ret;
}

static const char *const hash_names[] = {
	"sha1", "sha224", "sha256", "sha384", "sha512",
};

static const char *pick_hash(struct nlattr *a, const struct ia_dsa_pub *pub)
{
	int i;

	if (!a)
		return ia_dsa_hash_name(pub->qbits);
	for (i = 0; i < ARRAY_SIZE(hash_names); i++)
		if (!strcmp(nla_data(a), hash_names[i]))
			return hash_names[i];
	return NULL;
}

/* The installed key, copied, or NULL (and *len 0) when there is none. */
static u8 *installed_key(struct imgauth *ia, u32 *len)
{
	u8 *der = NULL;

	mutex_lock(&ia->state_lock);
	*len = 0;
	if (ia->key.state == IMGAUTH_KEY_PRESENT) {
		der = kmemdup(ia->key.der, ia->key.len, GFP_KERNEL);
		if (der)
			*len = ia->key.len;
	}
	mutex_unlock(&ia->state_lock);
	return der;
}

/**
 * ia_nl_verify_sig() - IMGAUTH_CMD_VERIFY_SIG: raw DSA verification
 * @skb: request
 * @info: request info
 *
 * Hashes IMGAUTH_A_MSG with IMGAUTH_A_HASH (default: the hash that goes
 * with the key's q) and checks IMGAUTH_A_SIG (DER, or P1363 r || s) with
 * IMGAUTH_A_KEY (default: the installed key) through the "dsa" akcipher.
 * No side effects; the outcome is the reply.
 *
 * Return: 0 or negative errno (bad key or arguments, with extack).
 */
static int ia_nl_verify_sig(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ia_verdict *vd = NULL;
	struct ia_dsa_pub pub;
	struct ia_hasher hs;
	const u8 *sig;
	size_t siglen;
	u8 *key, *der = NULL;
	const char *alg;
	u32 keylen;
	int ret, err;

	if (!a[IMGAUTH_A_MSG] || !a[IMGAUTH_A_SIG]) {
		NL_SET_ERR_MSG(info->extack, "IMGAUTH_A_MSG and IMGAUTH_A_SIG are required");
		return -EINVAL;
	}
	if (a[IMGAUTH_A_KEY]) {
		keylen = nla_len(a[IMGAUTH_A_KEY]);
		key = kmemdup(nla_data(a[IMGAUTH_A_KEY]), keylen, GFP_KERNEL);
		if (!key)
			return -ENOMEM;
	} else {
		key = installed_key(nl_ia, &keylen);
		if (!key) {
			NL_SET_ERR_MSG(info->extack, "no image key installed and none given");
			return -ENOKEY;
		}
	}
	err = ia_dsa_pub_parse(&pub, key, keylen);
	if (err) {
		set_extack(info, ia_der_strerror(err));
		ret = -EINVAL;
		goto out;
	}
	alg = pick_hash(a[IMGAUTH_A_HASH], &pub);
	if (!alg) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IMGAUTH_A_HASH],
				    "hash must be sha1, sha224, sha256, sha384 or sha512");
		ret = -EINVAL;
		goto out;
	}
	vd = kzalloc(sizeof(*vd), GFP_KERNEL);
	der = kmalloc(IA_DSA_SIG_DER_MAX(256), GFP_KERNEL);
	if (!vd || !der) {
		ret = -ENOMEM;
		goto out;
	}

	sig = nla_data(a[IMGAUTH_A_SIG]);
	siglen = nla_len(a[IMGAUTH_A_SIG]);
	if (a[IMGAUTH_A_SIG_FORMAT] &&
	    nla_get_u32(a[IMGAUTH_A_SIG_FORMAT]) == IMGAUTH_SIG_P1363) {
		if (ia_dsa_sig_from_p1363(der, IA_DSA_SIG_DER_MAX(256), &siglen,
					  sig, siglen,
					  DIV_ROUND_UP(pub.qbits, 8))) {
			ia_verdict_set(vd, IMGAUTH_E_SIGFORMAT,
				       IA_MSG_DSA_FAIL " (P1363 signature of wrong length)");
			goto reply;
		}
		sig = der;
	}

	ret = ia_hasher_init(&hs, alg);
	if (ret)
		goto out;
	ret = ia_hasher_update(&hs, nla_data(a[IMGAUTH_A_MSG]),
			       nla_len(a[IMGAUTH_A_MSG]));
	if (!ret)
		ret = ia_hasher_final(&hs, vd->digest);
	ia_hasher_free(&hs);
	if (ret < 0)
		goto out;
	vd->dlen = ret;

	ret = ia_verify_digest(key, keylen, sig, siglen, vd->digest, vd->dlen);
	if (!ret)
		ia_verdict_set(vd, IMGAUTH_OK, "DSA %u/%u %s: signature valid",
			       pub.pbits, pub.qbits, alg);
	else if (ret == -EKEYREJECTED)
		ia_verdict_set(vd, IMGAUTH_E_SIGNATURE, IA_MSG_DSA_FAIL);
	else if (ret == -EBADMSG)
		ia_verdict_set(vd, IMGAUTH_E_SIGFORMAT,
			       IA_MSG_DSA_FAIL " (signature is not strict DER)");
	else
		goto out;
reply:
	ret = reply_verdict(info, vd);
out:
	kfree(der);
	kfree(vd);
	kfree(key);
	return ret;
}

static int put_ldrcfg(struct sk_buff *skb, const struct ia_rec *rec)
{
	struct nlattr *nest = nla_nest_start(skb, IMGAUTH_A_LOADER_CONFIG);

	if (!nest ||
	    nla_put_string(skb, IMGAUTH_LDRCFG_A_BOOT_FILE, rec->boot_file) ||
	    nla_put(skb, IMGAUTH_LDRCFG_A_SELF_IP, 4, rec->self_ip) ||
	    nla_put(skb, IMGAUTH_LDRCFG_A_TFTP_IP, 4, rec->tftp_ip) ||
	    nla_put(skb, IMGAUTH_LDRCFG_A_NETMASK, 4, rec->netmask) ||
	    nla_put(skb, IMGAUTH_LDRCFG_A_GATEWAY, 4, rec->gateway))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * ia_nl_ldrcfg_get() - IMGAUTH_CMD_LOADER_CONFIG_GET
 * @skb: request
 * @info: request info
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_ldrcfg_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct ia_rec rec;
	void *hdr;

	ia_rec_get(nl_ia, &rec);
	msg = reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	if (put_ldrcfg(msg, &rec)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return reply_send(msg, hdr, info);
}

/**
 * ia_nl_ldrcfg_set() - IMGAUTH_CMD_LOADER_CONFIG_SET: "Save loader config"
 * @skb: request
 * @info: request info
 *
 * Attributes present in the nest replace the stored values.
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_ldrcfg_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IMGAUTH_LDRCFG_A_MAX + 1];
	struct imgauth *ia = nl_ia;
	struct ia_rec rec;
	int ret;

	if (!info->attrs[IMGAUTH_A_LOADER_CONFIG]) {
		NL_SET_ERR_MSG(info->extack, "IMGAUTH_A_LOADER_CONFIG missing");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, IMGAUTH_LDRCFG_A_MAX,
			       info->attrs[IMGAUTH_A_LOADER_CONFIG],
			       ldrcfg_policy, info->extack);
	if (ret)
		return ret;
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret)
		return ret;
	ia_rec_get(ia, &rec);
	if (tb[IMGAUTH_LDRCFG_A_BOOT_FILE])
		nla_strscpy(rec.boot_file, tb[IMGAUTH_LDRCFG_A_BOOT_FILE],
			    sizeof(rec.boot_file));
	if (tb[IMGAUTH_LDRCFG_A_SELF_IP])
		nla_memcpy(rec.self_ip, tb[IMGAUTH_LDRCFG_A_SELF_IP], 4);
	if (tb[IMGAUTH_LDRCFG_A_TFTP_IP])
		nla_memcpy(rec.tftp_ip, tb[IMGAUTH_LDRCFG_A_TFTP_IP], 4);
	if (tb[IMGAUTH_LDRCFG_A_NETMASK])
		nla_memcpy(rec.netmask, tb[IMGAUTH_LDRCFG_A_NETMASK], 4);
	if (tb[IMGAUTH_LDRCFG_A_GATEWAY])
		nla_memcpy(rec.gateway, tb[IMGAUTH_LDRCFG_A_GATEWAY], 4);
	down_write(&ia->flash_lock);
	ret = ia_rec_commit(ia, &rec);
	up_write(&ia->flash_lock);
	mutex_unlock(&ia->op_lock);
	if (ret) {
		set_extack(info, ia_status_text(IMGAUTH_E_FLASH));
		return ret;
	}
	ia_notify(ia, IMGAUTH_EV_LOADER_CONFIG, IMGAUTH_TARGET_NONE,
		  IMGAUTH_OK, "Save loader config (%u bytes)... Done",
		  IA_REC_SIZE);
	return 0;
}

static int put_check(struct sk_buff *skb, int idx,
		     const struct ia_boot_check *c)
{
	struct nlattr *nest = nla_nest_start(skb, idx + 1);

	if (!nest ||
	    nla_put_u32(skb, IMGAUTH_CHECK_A_ROLE, c->role) ||
	    nla_put_u32(skb, IMGAUTH_CHECK_A_TARGET, c->target) ||
	    nla_put_u32(skb, IMGAUTH_CHECK_A_STATUS, c->vd.status) ||
	    nla_put_string(skb, IMGAUTH_CHECK_A_MESSAGE, c->vd.msg) ||
	    nla_put_u64_64bit(skb, IMGAUTH_CHECK_A_USED, c->used,
			      IMGAUTH_CHECK_A_UNSPEC))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_boot(struct sk_buff *skb, const struct ia_boot_result *res)
{
	struct nlattr *nest, *list;
	int i;

	nest = nla_nest_start(skb, IMGAUTH_A_BOOT);
	if (!nest ||
	    nla_put_u32(skb, IMGAUTH_BOOT_A_OUTCOME, res->outcome) ||
	    nla_put_u32(skb, IMGAUTH_BOOT_A_TARGET, res->target) ||
	    nla_put_u32(skb, IMGAUTH_BOOT_A_KEY_STATE, res->key_state) ||
	    (res->tries >= 0 &&
	     nla_put_u32(skb, IMGAUTH_BOOT_A_TRIES, res->tries)))
		return -EMSGSIZE;
	list = nla_nest_start(skb, IMGAUTH_BOOT_A_CHECKS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < res->n; i++)
		if (put_check(skb, i, &res->check[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, list);
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * ia_nl_boot() - IMGAUTH_CMD_BOOT: the boot-time check
 * @skb: request
 * @info: request info
 *
 * Counts a trial boot, falls back when needed, verifies the selected and
 * (if it fails) the other image on flash, selecting one that verifies.
 * Replies with IMGAUTH_A_BOOT: the outcome, the slot to boot and every
 * check in the order it ran.
 *
 * Return: 0 or negative errno.
 */
static int ia_nl_boot(struct sk_buff *skb, struct genl_info *info)
{
	struct ia_boot_result *res;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	res = kmalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	ret = ia_boot(nl_ia, res);
	if (ret)
		goto out;
	ret = -ENOMEM;
	msg = reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (!msg)
		goto out;
	ret = put_boot(msg, res);
	if (ret) {
		nlmsg_free(msg);
		goto out;
	}
	ret = reply_send(msg, hdr, info);
out:
	kfree(res);
	return ret;
}

/**
 * ia_nl_mark_good() - IMGAUTH_CMD_MARK_GOOD: end the active image's trial
 * @skb: request
 * @info: request info
 *
 * Return: 0 with IMGAUTH_A_STATUS and IMGAUTH_A_MESSAGE, or negative errno.
 */
static int ia_nl_mark_good(struct sk_buff *skb, struct genl_info *info)
{
	struct ia_verdict *vd;
	int ret;

	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = verdict_or_error(info, vd, ia_mark_good(nl_ia, vd));
	kfree(vd);
	return ret;
}

/**
 * ia_nl_key_lock() - IMGAUTH_CMD_KEY_LOCK: lock the key policy
 * @skb: request
 * @info: request info
 *
 * Return: 0 with the verdict, or negative errno (no key installed).
 */
static int ia_nl_key_lock(struct sk_buff *skb, struct genl_info *info)
{
	struct ia_verdict *vd;
	int ret;

	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = verdict_or_error(info, vd, ia_key_lock(nl_ia, vd));
	kfree(vd);
	return ret;
}

/**
 * ia_nl_floor_raise() - IMGAUTH_CMD_FLOOR_RAISE: raise the anti-rollback floor
 * @skb: request
 * @info: request info
 *
 * Return: 0 with the verdict, or negative errno (lower than the floor).
 */
static int ia_nl_floor_raise(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *v = info->attrs[IMGAUTH_A_SW_VERSION];
	struct ia_verdict *vd;
	int ret;

	if (!v) {
		NL_SET_ERR_MSG(info->extack, "IMGAUTH_A_SW_VERSION missing");
		return -EINVAL;
	}
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = verdict_or_error(info, vd,
			       ia_floor_raise(nl_ia, nla_get_u32(v), vd));
	kfree(vd);
	return ret;
}

/**
 * ia_nl_key_statement() - IMGAUTH_CMD_KEY_STATEMENT: apply a key statement
 * @skb: request
 * @info: request info
 *
 * Return: 0 with the verdict, or negative errno with extack (malformed,
 * wrong signer, other device, replayed, or the key it brings is invalid).
 */
static int ia_nl_key_statement(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a = info->attrs[IMGAUTH_A_STATEMENT];
	struct ia_verdict *vd;
	int ret;

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "IMGAUTH_A_STATEMENT missing");
		return -EINVAL;
	}
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	ret = verdict_or_error(info, vd, ia_key_statement(nl_ia, nla_data(a),
							  nla_len(a), vd));
	kfree(vd);
	return ret;
}

/* LOG_GET dump state in cb->args: the snapshot, its length, the next. */
enum { LOG_SNAP, LOG_N, LOG_NEXT };

static int ia_nl_log_start(struct netlink_callback *cb)
{
	u32 n;
	u8 *snap = ia_journal_snapshot(nl_ia, &n);

	if (IS_ERR(snap))
		return PTR_ERR(snap);
	cb->args[LOG_SNAP] = (long)snap;
	cb->args[LOG_N] = n;
	cb->args[LOG_NEXT] = 0;
	return 0;
}

/**
 * ia_nl_log_dump() - IMGAUTH_CMD_LOG_GET: the install journal, oldest first
 * @skb: the message to fill
 * @cb: dump state (a snapshot taken at the start)
 *
 * Each message holds an IMGAUTH_A_JOURNAL nest of raw records
 * (IMGAUTH_A_JREC, 128 bytes each), as many as fit.
 *
 * Return: the length of @skb, 0 when done, or negative errno.
 */
static int ia_nl_log_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const u8 *snap = (const u8 *)cb->args[LOG_SNAP];
	long n = cb->args[LOG_N], i = cb->args[LOG_NEXT];
	struct nlattr *nest;
	void *hdr;

	if (i >= n)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &ia_family, NLM_F_MULTI, IMGAUTH_CMD_LOG_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, IMGAUTH_A_JOURNAL);
	if (!nest)
		goto cancel;
	for (; i < n; i++)
		if (nla_put(skb, IMGAUTH_A_JREC, IA_JREC_LEN,
			    snap + i * IA_JREC_LEN))
			break;
	if (i == cb->args[LOG_NEXT])
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	cb->args[LOG_NEXT] = i;
	return skb->len;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ia_nl_log_done(struct netlink_callback *cb)
{
	kvfree((void *)cb->args[LOG_SNAP]);
	return 0;
}

/**
 * ia_nl_pre_doit() - the privilege rule, before every command
 * @ops: the command
 * @skb: request
 * @info: request info
 *
 * Return: 0, or -EPERM (with extack) for a state-changing command from a
 * caller without CAP_SYS_ADMIN.
 */
static int ia_nl_pre_doit(const ia_genl_pre_ops *ops, struct sk_buff *skb,
			  struct genl_info *info)
{
	if ((ops->internal_flags & IA_NL_ADMIN) &&
	    !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "this command changes flash or key slots: it needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

#define IA_OP(c, fn, pol, fl) {			\
	.cmd = (c),				\
	.doit = (fn),				\
	.policy = (pol),			\
	.maxattr = ARRAY_SIZE(pol) - 1,		\
	.internal_flags = (fl),			\
}

static const struct genl_ops ia_ops[] = {
	IA_OP(IMGAUTH_CMD_STATUS, ia_nl_status, none_policy, 0),
	IA_OP(IMGAUTH_CMD_KEY_GET, ia_nl_key_get, none_policy, 0),
	IA_OP(IMGAUTH_CMD_KEY_SET, ia_nl_key_set, key_set_policy, IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_KEY_DELETE, ia_nl_key_delete, none_policy,
	      IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_VERIFY, ia_nl_verify, target_policy, IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_VERIFY_SIG, ia_nl_verify_sig, verify_sig_policy, 0),
	IA_OP(IMGAUTH_CMD_INSTALL_COMMIT, ia_nl_install_commit, target_policy,
	      IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_LOADER_CONFIG_GET, ia_nl_ldrcfg_get, none_policy, 0),
	IA_OP(IMGAUTH_CMD_LOADER_CONFIG_SET, ia_nl_ldrcfg_set,
	      ldrcfg_set_policy, IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_BOOT, ia_nl_boot, none_policy, IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_MARK_GOOD, ia_nl_mark_good, none_policy, IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_KEY_LOCK, ia_nl_key_lock, none_policy, IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_KEY_STATEMENT, ia_nl_key_statement, statement_policy,
	      IA_NL_ADMIN),
	IA_OP(IMGAUTH_CMD_FLOOR_RAISE, ia_nl_floor_raise, floor_policy,
	      IA_NL_ADMIN),
	{
		.cmd = IMGAUTH_CMD_LOG_GET,
		.start = ia_nl_log_start,
		.dumpit = ia_nl_log_dump,
		.done = ia_nl_log_done,
		.policy = none_policy,
		.maxattr = ARRAY_SIZE(none_policy) - 1,
	},
};

static struct genl_family ia_family __ro_after_init = {
	.name = IMGAUTH_GENL_NAME,
	.version = IMGAUTH_GENL_VERSION,
	.maxattr = IMGAUTH_A_MAX,
	.module = THIS_MODULE,
	.ops = ia_ops,
	.n_ops = ARRAY_SIZE(ia_ops),
	.pre_doit = ia_nl_pre_doit,
	.mcgrps = ia_event_groups,
	.n_mcgrps = IA_N_EVENT_GROUPS,
	/* Handlers lock for themselves; an install must not hold genl_mutex. */
	.parallel_ops = true,
	.resv_start_op = IMGAUTH_CMD_UNSPEC,
};

int ia_nl_init(struct imgauth *ia)
{
	int ret;

	nl_ia = ia;
	ret = genl_register_family(&ia_family);
	if (!ret)
		ia_events_start(&ia_family);
	return ret;
}

void ia_nl_exit(void)
{
	ia_events_stop();
	genl_unregister_family(&ia_family);
}
