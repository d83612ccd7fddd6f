// SPDX-License-Identifier: GPL-2.0
/*
 * Image verification, streamed: memory use does not depend on image size.
 * The checks run in the order of lib/ia_image.c (length, magic, platform,
 * layout), then the checksum, then the signature, and the first failure
 * is the verdict.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>

#include "imgauth.h"
#include "image.h"
#include "verifier.h"
#include "ia_crc32.h"
#include "ia_der.h"

static int user_read(struct ia_src *src, u64 off, void *buf, size_t len)
{
	struct ia_src_user *s = container_of(src, struct ia_src_user, base);

	return copy_from_user(buf, s->p + off, len) ? -EFAULT : 0;
}

void ia_src_user_init(struct ia_src_user *s, const void __user *p, u64 len)
{
	s->base.read = user_read;
	s->base.len = len;
	s->p = p;
}

static int flash_read(struct ia_src *src, u64 off, void *buf, size_t len)
{
	struct ia_src_flash *s = container_of(src, struct ia_src_flash, base);

	return ia_st_read(s->ia->st, s->off + off, buf, len);
}

void ia_src_flash_init(struct ia_src_flash *s, struct imgauth *ia, int target,
		       u64 len)
{
	s->base.read = flash_read;
	s->base.len = len;
	s->ia = ia;
	s->off = ia->region[target].offset;
}

/* The key as it is now, copied: it may change once op_lock is dropped. */
struct key_snap {
	int state;
	u32 len;
	u8 der[IMGAUTH_KEY_MAX];
};

static void key_snapshot(struct imgauth *ia, struct key_snap *k)
{
	mutex_lock(&ia->state_lock);
	k->state = ia->key.state;
	k->len = ia->key.state == IMGAUTH_KEY_PRESENT ? ia->key.len : 0;
	memcpy(k->der, ia->key.der, k->len);
	mutex_unlock(&ia->state_lock);
}

/* Images are hashed with the hash that goes with the key's q. */
static const char *image_hash(const struct key_snap *k)
{
	struct ia_dsa_pub pub;

	if (k->len && !ia_dsa_pub_parse(&pub, k->der, k->len))
		return ia_dsa_hash_name(pub.qbits);
	return "sha256";
}

/* Hash and CRC header + payload. */
static int digest_body(struct ia_src *src, const struct ia_hdr *h,
		       const char *alg, u8 *chunk, struct ia_verdict *vd,
		       u32 *crc)
{
	struct ia_hasher hs;
	u64 off, end = IMGAUTH_HDR_LEN + (u64)h->size;
	int ret;

	ret = ia_hasher_init(&hs, alg);
	if (ret)
		return ret;
	for (off = 0; off < end; off += IA_CHUNK) {
		size_t n = min_t(u64, IA_CHUNK, end - off);

		ret = src->read(src, off, chunk, n);
		if (ret)
			goto out;
		if (off == 0) {
			*crc = ia_crc32(ia_hdr_crc_start(chunk),
					chunk + IMGAUTH_HDR_LEN,
					n - IMGAUTH_HDR_LEN);
		} else {
			*crc = ia_crc32(*crc, chunk, n);
		}
		ret = ia_hasher_update(&hs, chunk, n);
		if (ret)
			goto out;
		cond_resched();
	}
	ret = ia_hasher_final(&hs, vd->digest);
	if (ret > 0) {
		vd->dlen = ret;
		ret = 0;
	}
out:
	ia_hasher_free(&hs);
	return ret;
}

static int check_signature(struct imgauth *ia, const struct key_snap *k,
			   struct ia_verdict *vd)
{
	int ret;

	switch (k->state) {
	case IMGAUTH_KEY_DAMAGED:
		ia_verdict_set(vd, IMGAUTH_E_KEYSLOTS,
			       "image key slots damaged: install or delete the image key");
		return 0;
	case IMGAUTH_KEY_NONE:
		if (ia->require_key)
			ia_verdict_set(vd, IMGAUTH_E_NOKEY,
				       "no image key installed and this device requires one (require_key=1)");
		else
			ia_verdict_set(vd, IMGAUTH_OK_UNAUTHENTICATED,
				       IA_MSG_NO_AUTH);
		return 0;
	}
	ret = ia_verify_digest(k->der, k->len, vd->sig, vd->siglen, vd->digest,
			       vd->dlen);
	switch (ret) {
	case 0:
		ia_verdict_set(vd, IMGAUTH_OK, IA_MSG_AUTH_OK);
		return 0;
	case -EKEYREJECTED:
		ia_verdict_set(vd, IMGAUTH_E_SIGNATURE,
			       IA_MSG_DSA_FAIL " " IA_MSG_BOGUS);
		return 0;
	case -EBADMSG:
		ia_verdict_set(vd, IMGAUTH_E_SIGFORMAT,
			       IA_MSG_DSA_FAIL " (signature is not a strict DER Dss-Sig-Value) "
			       IA_MSG_BOGUS);
		return 0;
	}
	pr_err("DSA verification could not run (%d)\n", ret);
	return ret;
}

int ia_image_verify(struct imgauth *ia, int target, struct ia_src *src,
		    u8 *chunk, struct ia_verdict *vd)
{
	struct ia_expect ex = {
		/* The boot record keeps 32-bit lengths. */
		.max_len = min_t(u64, ia->region[target].size, U32_MAX),
		.check_platform = true,
		.platform = ia->id.platform,
		.cpu = ia->id.cpu,
		.region = ia_target_name(target),
	};
	struct key_snap *k;
	u32 crc = 0;
	int status, ret;

	memset(vd, 0, sizeof(*vd));
	if (src->len >= IMGAUTH_HDR_LEN) {
		ret = src->read(src, 0, chunk, IMGAUTH_HDR_LEN);
		if (ret)
			return ret;
		ia_hdr_decode(&vd->hdr, chunk);
		vd->have_hdr = true;
	}
	status = ia_image_check(vd->have_hdr ? &vd->hdr : NULL, src->len, &ex,
				&vd->siglen, vd->msg, sizeof(vd->msg));
	if (status) {
		vd->status = status;
		return 0;
	}

	k = kmalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	key_snapshot(ia, k);
	vd->alg = image_hash(k);
	ret = digest_body(src, &vd->hdr, vd->alg, chunk, vd, &crc);
	if (ret)
		goto out;
	if (crc != vd->hdr.cksum) {
		vd->status = IMGAUTH_E_CKSUM;
		ia_cksum_msg(vd->msg, sizeof(vd->msg), crc, vd->hdr.cksum);
		goto out;
	}
	ret = src->read(src, src->len - vd->siglen, vd->sig, vd->siglen);
	if (ret)
		goto out;
	ret = check_signature(ia, k, vd);
out:
	kfree(k);
	return ret;
}

int ia_image_same(struct ia_src *src, const struct ia_verdict *vd, u8 *chunk,
		  int (*each)(void *ctx, u64 off, u8 *buf, size_t len),
		  void *ctx)
{
	u64 body = IMGAUTH_HDR_LEN + (u64)vd->hdr.size, off;
	struct ia_hasher hs;
	u8 *digest;
	int ret;

	if (src->len != body + vd->siglen)
		return -ESTALE;
	digest = kmalloc(64, GFP_KERNEL);
	if (!digest)
		return -ENOMEM;
	ret = ia_hasher_init(&hs, vd->alg);
	if (ret)
		goto out_free;
	for (off = 0; off < src->len; off += IA_CHUNK) {
		size_t n = min_t(u64, IA_CHUNK, src->len - off);
		size_t hashed = off < body ? min_t(u64, n, body - off) : 0;

		ret = src->read(src, off, chunk, n);
		if (ret)
			goto out;
		ret = ia_hasher_update(&hs, chunk, hashed);
		if (ret)
			goto out;
		if (hashed < n &&
		    memcmp(chunk + hashed, vd->sig + (off + hashed - body),
			   n - hashed)) {
			ret = -ESTALE;
			goto out;
		}
		if (each) {
			ret = each(ctx, off, chunk, n);
			if (ret)
				goto out;
		}
		cond_resched();
	}
	ret = ia_hasher_final(&hs, digest);
	if (ret < 0)
		goto out;
	ret = (ret == vd->dlen && !memcmp(digest, vd->digest, vd->dlen)) ?
	      0 : -ESTALE;
out:
	ia_hasher_free(&hs);
out_free:
	kfree(digest);
	return ret;
}
