// SPDX-License-Identifier: GPL-2.0
/*
 * Image verification, streamed: memory use does not depend on image size.
 * The checks run in the order of lib/ia_image.c (length, magic, platform,
 * layout), then the checksum, then the signature, and the first failure
 * is the verdict.  Each byte is read from its source once per pass: what
 * is checked is what is hashed.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/math64.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "imgauth.h"
#include "image.h"
#include "verifier.h"
#include "ia_crc32.h"
#include "ia_der.h"

static int user_src_read(struct ia_src *src, u64 off, void *buf, size_t len)
{
	struct ia_src_user *s = container_of(src, struct ia_src_user, base);

	return copy_from_user(buf, s->p + off, len) ? -EFAULT : 0;
}

void ia_src_user_init(struct ia_src_user *s, const void __user *p, u64 len)
{
	s->base.read = user_src_read;
	s->base.len = len;
	s->p = p;
}

static int kcopy_read(struct ia_src *src, u64 off, void *buf, size_t len)
{
	struct ia_src_kernel *s = container_of(src, struct ia_src_kernel, base);

	memcpy(buf, s->p + off, len);
	return 0;
}

void ia_src_kernel_init(struct ia_src_kernel *s, const u8 *p, u64 len)
{
	s->base.read = kcopy_read;
	s->base.len = len;
	s->p = p;
}

static int flash_src_read(struct ia_src *src, u64 off, void *buf, size_t len)
{
	struct ia_src_flash *s = container_of(src, struct ia_src_flash, base);

	return ia_st_read(s->ia->st, s->off + off, buf, len);
}

void ia_src_flash_init(struct ia_src_flash *s, struct imgauth *ia, int target,
		       u64 len)
{
	s->base.read = flash_src_read;
	s->base.len = len;
	s->ia = ia;
	s->off = ia->region[target].offset;
}

void ia_key_snapshot(struct imgauth *ia, struct ia_key_snap *k)
{
	mutex_lock(&ia->state_lock);
	k->state = ia->key.state;
	k->provisioned = ia->policy.flags & IA_POL_PROVISIONED;
	k->len = ia->key.state == IMGAUTH_KEY_PRESENT ? ia->key.len : 0;
	memcpy(k->der, ia->key.der, k->len);
	mutex_unlock(&ia->state_lock);
}

/* Images are hashed with the hash that goes with the key's q. */
const char *ia_key_snap_hash(const struct ia_key_snap *k)
{
	struct ia_dsa_pub pub;

	if (k->len && !ia_dsa_pub_parse(&pub, k->der, k->len))
		return ia_dsa_hash_name(pub.qbits);
	return "sha256";
}

int ia_key_snap_check(struct imgauth *ia, const struct ia_key_snap *k,
		      struct ia_verdict *vd)
{
	int ret;

	switch (k->state) {
	case IMGAUTH_KEY_DAMAGED:
		ia_verdict_set(vd, IMGAUTH_E_KEYSLOTS,
			       "image key slots damaged: install or delete the image key");
		return 0;
	case IMGAUTH_KEY_NONE:
		if (k->provisioned)
			ia_verdict_set(vd, IMGAUTH_E_NOKEY,
				       "this device is provisioned and must have an image key, but its key slots hold none: refused (a statement signed by the last key lifts this)");
		else if (ia->require_key)
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

static int chunks_init(struct ia_chunk_digests *c, u64 len)
{
	c->n = DIV_ROUND_UP(len, IA_CHUNK);
	c->d = kvmalloc_array(c->n, sizeof(*c->d), GFP_KERNEL);
	if (!c->d)
		return -ENOMEM;
	/*
	 * The tags are only as strong as their keys are secret: wait for a
	 * seeded RNG (an early recovery install might otherwise come first).
	 */
	return get_random_bytes_wait(c->key, sizeof(c->key));
}

void ia_chunks_free(struct ia_chunk_digests *c)
{
	kvfree(c->d);
	memzero_explicit(c->key, sizeof(c->key));
	c->d = NULL;
	c->n = 0;
}

static void chunk_tag(const struct ia_chunk_digests *c, const u8 *buf,
		      size_t len, u64 tag[2])
{
	tag[0] = siphash(buf, len, &c->key[0]);
	tag[1] = siphash(buf, len, &c->key[1]);
}

int ia_chunks_match(struct ia_chunk_digests *c, u32 i, const u8 *buf,
		    size_t len)
{
	u64 tag[2];

	if (i >= c->n)
		return -ESTALE;
	chunk_tag(c, buf, len, tag);
	/* Not secret once compared: the tags never leave the kernel. */
	return tag[0] == c->d[i][0] && tag[1] == c->d[i][1] ? 0 : -ESTALE;
}

/*
 * One piece of the image at @off, @n bytes in @buf: header and payload
 * bytes go to the hash and the CRC, signature bytes to @vd->sig, and the
 * whole piece to @chunks.
 */
static int take_piece(struct ia_hasher *hs, u32 *crc, struct ia_verdict *vd,
		      struct ia_chunk_digests *chunks, u64 off, const u8 *buf,
		      size_t n)
{
	u64 body = IMGAUTH_HDR_LEN + (u64)vd->hdr.size;
	size_t hashed = off < body ? min_t(u64, n, body - off) : 0;
	int ret;

	if (off == 0)
		*crc = ia_crc32(ia_hdr_crc_start(buf), buf + IMGAUTH_HDR_LEN,
				hashed - IMGAUTH_HDR_LEN);
	else
		*crc = ia_crc32(*crc, buf, hashed);
	ret = ia_hasher_update(hs, buf, hashed);
	if (ret)
		return ret;
	if (hashed < n)
		memcpy(vd->sig + (off + hashed - body), buf + hashed,
		       n - hashed);
	if (chunks) {
		u64 i = div_u64(off, IA_CHUNK);

		if (WARN_ON_ONCE(i >= chunks->n))
			return -EINVAL;
		chunk_tag(chunks, buf, n, chunks->d[i]);
	}
	return 0;
}

bool ia_image_floor_holds(struct imgauth *ia, int target,
			  struct ia_verdict *vd)
{
	struct ia_expect ex;
	int status;

	ia_image_expect(ia, target, &ex);
	status = ia_image_check_floor(&vd->hdr, &ex, vd->msg, sizeof(vd->msg));
	if (status)
		vd->status = status;
	return !status;
}

void ia_image_expect(struct imgauth *ia, int target, struct ia_expect *ex)
{
	memset(ex, 0, sizeof(*ex));
	/* The boot record keeps 32-bit lengths. */
	ex->max_len = min_t(u64, ia->region[target].size, U32_MAX);
	ex->check_platform = true;
	ex->platform = ia->id.platform;
	ex->cpu = ia->id.cpu;
	ex->region = ia_target_name(target);
	/* The floor guards system images; loaders have their own versions. */
	if (target != IMGAUTH_TARGET_LOADER) {
		mutex_lock(&ia->state_lock);
		ex->min_sw_version = ia->policy.floor;
		mutex_unlock(&ia->state_lock);
	}
}

int ia_v1_begin(struct ia_v1_pass *ps, struct imgauth *ia, int target,
		const u8 *first, size_t n, u64 len, struct ia_verdict *vd,
		struct ia_chunk_digests *chunks)
{
	struct ia_expect ex;
	int status, ret;

	memset(ps, 0, sizeof(*ps));
	memset(vd, 0, sizeof(*vd));
	ps->ia = ia;
	ps->len = len;
	ia_image_expect(ia, target, &ex);
	if (WARN_ON_ONCE(!ex.max_len))
		return -EINVAL;
	if (WARN_ON_ONCE(n != min_t(u64, len, IA_CHUNK)))
		return -EINVAL;
	/* The first piece is read once: its header is what gets hashed. */
	if (len >= IMGAUTH_HDR_LEN) {
		ia_hdr_decode(&vd->hdr, first);
		vd->have_hdr = true;
	}
	status = ia_image_check(vd->have_hdr ? &vd->hdr : NULL, len, &ex,
				&vd->siglen, vd->msg, sizeof(vd->msg));
	if (status) {
		vd->status = status;
		return 0;
	}
	if (chunks) {
		ret = chunks_init(chunks, len);
		if (ret)
			return ret;
		ps->chunks = chunks;
	}
	ps->k = kmalloc(sizeof(*ps->k), GFP_KERNEL);
	if (!ps->k)
		return -ENOMEM;
	ia_key_snapshot(ia, ps->k);
	vd->alg = ia_key_snap_hash(ps->k);
	ret = ia_hasher_init(&ps->hs, vd->alg);
	if (ret)
		return ret;
	ps->open = true;
	return ia_v1_piece(ps, vd, 0, first, n);
}

int ia_v1_piece(struct ia_v1_pass *ps, struct ia_verdict *vd, u64 off,
		const u8 *buf, size_t n)
{
	int ret;

	if (WARN_ON_ONCE(!ps->open || off != ps->next || off >= ps->len ||
			 n != min_t(u64, ps->len - off, IA_CHUNK)))
		return -EINVAL;
	ret = take_piece(&ps->hs, &ps->crc, vd, ps->chunks, off, buf, n);
	if (!ret)
		ps->next += n;
	return ret;
}

int ia_v1_end(struct ia_v1_pass *ps, struct ia_verdict *vd)
{
	int ret;

	if (WARN_ON_ONCE(!ps->open || ps->next != ps->len))
		return -EINVAL;
	ret = ia_hasher_final(&ps->hs, vd->digest);
	if (ret < 0)
		return ret;
	vd->dlen = ret;
	if (ps->crc != vd->hdr.cksum) {
		vd->status = IMGAUTH_E_CKSUM;
		ia_cksum_msg(vd->msg, sizeof(vd->msg), ps->crc, vd->hdr.cksum);
		return 0;
	}
	return ia_key_snap_check(ps->ia, ps->k, vd);
}

void ia_v1_free(struct ia_v1_pass *ps)
{
	ia_hasher_free(&ps->hs);
	kfree(ps->k);
	ps->k = NULL;
	ps->open = false;
}

int ia_image_verify(struct imgauth *ia, int target, struct ia_src *src,
		    u8 *chunk, struct ia_verdict *vd,
		    struct ia_chunk_digests *chunks)
{
	struct ia_v1_pass ps;
	size_t n = min_t(u64, src->len, IA_CHUNK);
	u64 off;
	int ret;

	memset(vd, 0, sizeof(*vd));
	/* Too short for a header: the checks say so without a read. */
	if (src->len >= IMGAUTH_HDR_LEN) {
		ret = src->read(src, 0, chunk, n);
		if (ret)
			return ret;
	}
	ret = ia_v1_begin(&ps, ia, target, chunk, n, src->len, vd, chunks);
	if (ret || !ps.open)
		goto out;
	for (off = n; off < src->len; off += IA_CHUNK) {
		n = min_t(u64, IA_CHUNK, src->len - off);
		ret = src->read(src, off, chunk, n);
		if (ret)
			goto out;
		ret = ia_v1_piece(&ps, vd, off, chunk, n);
		if (ret)
			goto out;
		cond_resched();
	}
	ret = ia_v1_end(&ps, vd);
out:
	ia_v1_free(&ps);
	return ret;
}
