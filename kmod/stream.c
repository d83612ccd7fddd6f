// SPDX-License-Identifier: GPL-2.0
/*
 * v2 images, one pass: the prefix (header, chunk table, signature) is
 * checked and its signature verified first; then each payload chunk is
 * hashed once, compared with its table entry, programmed, read back and
 * compared with the kernel's copy.  No chunk is programmed before it is
 * proven to be the verified one, so a refusal (a wrong chunk, a missing
 * one, a checksum that does not match) erases what was programmed and
 * leaves the slot recorded empty, as for v1.
 *
 * The same code runs an install from a buffer (one ioctl), an install
 * session whose chunks come in one ioctl each (TFTP receive, hashing and
 * programming overlap; neither side holds more than a chunk or two), a
 * dry run, and the verification of what a region holds.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/sched.h>
#include <linux/slab.h>

#include <linux/uaccess.h>

#include "events.h"
#include "image.h"
#include "install.h"
#include "journal.h"
#include "stream.h"
#include "ia_crc32.h"

static u64 stream_span(const struct ia_stream *st)
{
	return round_up(st->lay.payload_off + st->lay.hdr.size,
			st->ia->st->erasesize);
}

/* Program @len bytes of @buf (room for padding) at @off of the region. */
static int program_at(struct ia_stream *st, u64 off, u8 *buf, u32 len)
{
	struct imgauth *ia = st->ia;
	size_t padded = round_up(len, ia->st->writesize);
	u64 at = ia->region[st->target].offset + off;
	int ret;

	memset(buf + len, 0xff, padded - len);
	down_write(&ia->flash_lock);
	ret = ia_st_write(ia->st, at, buf, padded);
	if (!ret)
		ret = ia_st_readback(ia->st, at, buf, st->check, padded);
	up_write(&ia->flash_lock);
	return ret;
}

static void flash_failed(struct ia_stream *st, int ret, u64 off)
{
	const char *name = ia_target_name(st->target);

	if (ret == -EBADMSG)
		ia_verdict_set(&st->vd, IMGAUTH_E_FLASH,
			       "read-back of %s at offset %llu does not match what was programmed; %s erased",
			       name, off, name);
	else
		ia_verdict_set(&st->vd, IMGAUTH_E_FLASH,
			       "flash error %d writing %s at offset %llu; %s erased",
			       ret, name, off, name);
}

/* The signature over the prefix's signed part, with the installed key. */
static int authenticate(struct ia_stream *st)
{
	struct ia_verdict *vd = &st->vd;
	struct ia_hasher hs = { };
	struct ia_key_snap *k;
	int ret;

	k = kmalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	ia_key_snapshot(st->ia, k);
	vd->alg = ia_key_snap_hash(k);
	ret = ia_hasher_init(&hs, vd->alg);
	if (!ret)
		ret = ia_hasher_digest(&hs, st->prefix, st->lay.signed_len,
				       vd->digest);
	ia_hasher_free(&hs);
	if (ret >= 0) {
		vd->dlen = ret;
		vd->siglen = st->lay.sig_len;
		memcpy(vd->sig, st->prefix + st->lay.sig_off, vd->siglen);
		ret = ia_key_snap_check(st->ia, k, vd);
	}
	kfree(k);
	return ret;
}

/* Record the slot empty, erase it, program the verified prefix. */
static int prepare(struct ia_stream *st)
{
	struct imgauth *ia = st->ia;
	u64 base = ia->region[st->target].offset;
	u32 plen = st->lay.payload_off;
	int ret;

	pr_info("%s: Program flash (%llu bytes) ...\n",
		ia_target_name(st->target),
		st->lay.payload_off + st->lay.hdr.size);
	down_write(&ia->flash_lock);
	ret = ia_install_mark_empty(ia, st->target);
	if (!ret)
		ret = ia_st_erase(ia->st, base, stream_span(st));
	up_write(&ia->flash_lock);
	if (ret) {
		ia_verdict_set(&st->vd, IMGAUTH_E_FLASH,
			       "flash error %d preparing %s; it holds no image now",
			       ret, ia_target_name(st->target));
		return ret;
	}
	st->prepared = true;
	/* The prefix in pieces through the chunk buffer (it may be long). */
	for (u32 off = 0; off < plen; off += IA_CHUNK) {
		u32 n = min_t(u32, IA_CHUNK, plen - off);

		memcpy(st->piece, st->prefix + off, n);
		ret = program_at(st, off, st->piece, n);
		if (ret) {
			flash_failed(st, ret, off);
			return ret;
		}
	}
	return 0;
}

int ia_stream_begin(struct ia_stream *st, struct imgauth *ia, int target,
		    u32 flags, bool write, u8 *prefix, u32 prefix_len,
		    u64 total)
{
	struct ia_verdict *vd = &st->vd;
	struct ia_expect ex;
	int status, ret;

	memset(st, 0, sizeof(*st));
	st->ia = ia;
	st->target = target;
	st->flags = flags;
	st->write = write;
	st->prefix = prefix;
	ia_image_expect(ia, target, &ex);
	status = ia_image_check_any(prefix, prefix_len, total, &ex, &st->lay,
				    vd->msg, sizeof(vd->msg));
	if (prefix_len >= IMGAUTH_HDR_LEN) {
		vd->hdr = st->lay.hdr;
		vd->have_hdr = true;
	}
	if (status) {
		vd->status = status;
		return 0;
	}
	if (st->lay.format != 2 || st->lay.payload_off != prefix_len ||
	    memchr_inv(prefix + st->lay.sig_off + st->lay.sig_len, 0,
		       prefix_len - st->lay.sig_off - st->lay.sig_len)) {
		ia_verdict_set(vd, IMGAUTH_E_LAYOUT,
			       "not the whole prefix of a v2 image (%u bytes, or padding not zero)",
			       prefix_len);
		return 0;
	}
	ret = authenticate(st);
	if (ret)
		return ret;
	if (!ia_status_ok(vd->status))
		return 0;
	/* The checksum starts with the header, cksum field zeroed. */
	st->crc = ia_hdr_crc_start(prefix);
	ret = ia_hasher_init(&st->sha, "sha256");
	if (ret)
		return ret;
	st->piece = kvmalloc(IA_CHUNK, GFP_KERNEL);
	st->check = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!st->piece || !st->check)
		return -ENOMEM;
	if (write)
		prepare(st);
	return 0;
}

int ia_stream_chunk(struct ia_stream *st, u8 *data, u32 len)
{
	struct ia_verdict *vd = &st->vd;
	u32 i = st->next, want = ia_v2_chunk_len(st->lay.hdr.size, i);
	u8 digest[IMGAUTH_V2_DIGEST_LEN];
	u64 off;
	int ret;

	if (i >= st->lay.nchunks || len != want) {
		ia_verdict_set(vd, IMGAUTH_E_LAYOUT,
			       "chunk %u: %u bytes, the image has %u there",
			       i, len, want);
		return -EINVAL;
	}
	ret = ia_hasher_digest(&st->sha, data, len, digest);
	if (ret < 0) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
			       "cannot hash chunk %u (%d)", i, ret);
		return ret;
	}
	if (memcmp(digest, st->prefix + st->lay.table_off +
		   (size_t)i * IMGAUTH_V2_DIGEST_LEN, sizeof(digest))) {
		ia_verdict_set(vd, IMGAUTH_E_SIGNATURE,
			       "chunk %u does not match its signed digest: " IA_MSG_BOGUS,
			       i);
		return -EKEYREJECTED;
	}
	st->crc = ia_crc32(st->crc, data, len);
	if (st->write) {
		off = st->lay.payload_off + (u64)i * IMGAUTH_V2_CHUNK;
		ret = program_at(st, off, data, len);
		if (ret) {
			flash_failed(st, ret, off);
			return ret;
		}
	}
	st->next++;
	cond_resched();
	return 0;
}

int ia_stream_end(struct ia_stream *st)
{
	struct ia_verdict *vd = &st->vd;
	int ret;

	if (st->next != st->lay.nchunks) {
		ia_verdict_set(vd, IMGAUTH_E_LENGTH,
			       "the image ended after %u of its %u chunks",
			       st->next, st->lay.nchunks);
		return -EINVAL;
	}
	if (st->crc != st->lay.hdr.cksum) {
		vd->status = IMGAUTH_E_CKSUM;
		ia_cksum_msg(vd->msg, sizeof(vd->msg), st->crc,
			     st->lay.hdr.cksum);
		return -EBADMSG;
	}
	/*
	 * A session's chunks come over minutes: the floor may have been
	 * raised meanwhile (mark-good, floor raise, a commit).  What is on
	 * the slot is then refused and erased, not recorded.
	 */
	if (!ia_image_floor_holds(st->ia, st->target, vd))
		return -EINVAL;
	if (!st->write)
		return 0;
	ia_st_sync(st->ia->st);
	down_write(&st->ia->flash_lock);
	ret = ia_install_record(st->ia, st->target,
				st->lay.payload_off + st->lay.hdr.size,
				&st->lay.hdr,
				!(st->flags & IMGAUTH_INSTALL_NO_COMMIT));
	up_write(&st->ia->flash_lock);
	if (ret)
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "boot record write failed (%d); the previous image stays active",
			       ret);
	return ret;
}

void ia_stream_free(struct ia_stream *st, bool erase)
{
	struct imgauth *ia = st->ia;
	int ret;

	if (st->prepared && erase) {
		down_write(&ia->flash_lock);
		ret = ia_st_erase(ia->st, ia->region[st->target].offset,
				  stream_span(st));
		ia_st_sync(ia->st);
		up_write(&ia->flash_lock);
		if (ret)
			pr_err("%s: erasing the refused image failed (%d); the region is recorded as empty\n",
			       ia_target_name(st->target), ret);
	}
	ia_stream_v1_free(st);
	ia_hasher_free(&st->sha);
	kvfree(st->check);
	kvfree(st->piece);
	kvfree(st->prefix);
	st->check = st->piece = st->prefix = NULL;
	st->prepared = false;
}

/*
 * The prefix of the v2 image in @src: its first 48 bytes say how long it
 * is; it is read once, whole, and bounded by what the region could hold.
 */
static u8 *read_prefix(struct imgauth *ia, int target, struct ia_src *src,
		       u32 *plen)
{
	u64 region = ia->region[target].size;
	u64 bound = ia_v2_payload_off(DIV_ROUND_UP(region, IMGAUTH_V2_CHUNK));
	u8 hdr[IMGAUTH_V2_HDR_LEN];
	u64 want;
	u8 *p;
	int ret;

	*plen = min_t(u64, src->len, IMGAUTH_V2_HDR_LEN);
	ret = src->read(src, 0, hdr, *plen);
	if (ret)
		return ERR_PTR(ret);
	want = *plen == IMGAUTH_V2_HDR_LEN ?
	       ia_v2_payload_off(ia_get_be32(hdr + IMGAUTH_HDR_LEN + 4)) : 0;
	/* Not a prefix that fits: the checks will say why on the 48 bytes. */
	if (want > src->len || want > bound || want < IMGAUTH_V2_HDR_LEN)
		want = *plen;
	p = kvmalloc(max_t(u64, want, 1), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	memcpy(p, hdr, *plen);
	if (want > *plen) {
		ret = src->read(src, *plen, p + *plen, want - *plen);
		if (ret) {
			kvfree(p);
			return ERR_PTR(ret);
		}
	}
	*plen = want;
	return p;
}

int ia_stream_src(struct imgauth *ia, int target, u32 flags, bool write,
		  struct ia_src *src, struct ia_verdict *vd)
{
	struct ia_stream *st;
	u32 plen, i;
	u8 *prefix;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	prefix = read_prefix(ia, target, src, &plen);
	if (IS_ERR(prefix)) {
		ret = PTR_ERR(prefix);
		goto out_free;
	}
	ret = ia_stream_begin(st, ia, target, flags, write, prefix, plen,
			      src->len);
	for (i = 0; !ret && ia_status_ok(st->vd.status) &&
	     i < st->lay.nchunks; i++) {
		u32 n = ia_v2_chunk_len(st->lay.hdr.size, i);

		ret = src->read(src, st->lay.payload_off +
				(u64)i * IMGAUTH_V2_CHUNK, st->piece, n);
		if (ret) {
			/* A buffer that faults now was there a moment ago. */
			ia_verdict_set(&st->vd, ret == -EFAULT ?
				       IMGAUTH_E_CHANGED : IMGAUTH_E_INTERNAL,
				       "chunk %u could not be read (%d)%s", i,
				       ret, write ? "; the slot was erased" : "");
			ret = 0;
			break;
		}
		ret = ia_stream_chunk(st, st->piece, n);
		/* Refusals are verdicts, not errors of the call. */
		if (ret && ret != -ENOMEM)
			ret = 0;
	}
	if (!ret && ia_status_ok(st->vd.status))
		ret = ia_stream_end(st);
	if (ret && ret != -ENOMEM && st->vd.status)
		ret = 0;
	*vd = st->vd;
	ia_stream_free(st, !ia_status_ok(vd->status) || ret);
out_free:
	kfree(st);
	return ret;
}

bool ia_session_open(struct imgauth *ia)
{
	return test_bit(IA_BUSY_SESSION, &ia->installing);
}

/* Log, journal and announce how a session ended. */
static void session_report(struct ia_stream *st)
{
	struct imgauth *ia = st->ia;
	struct ia_verdict *vd = &st->vd;

	ia_log_verdict(st->target, vd);
	if (st->write && ia_status_ok(vd->status))
		pr_info("%s: Done, %s\n", ia_target_name(st->target),
			st->flags & IMGAUTH_INSTALL_NO_COMMIT ? "staged" :
			"active system image");
	if (st->write)
		ia_journal(ia, st->flags & IMGAUTH_INSTALL_RECOVERY ?
			   IA_JEV_RECOVERY : IA_JEV_INSTALL, st->target,
			   vd->status, vd->hdr.cksum, vd->hdr.sw_version,
			   ia_stream_len(st), "%s %s (streamed)", ia_target_name(st->target),
			   ia_status_name(vd->status));
	ia_event(IMGAUTH_EV_INSTALL, st->target, vd->status, vd->msg);
}

/* End the session in *@slot; with @refused its slot is erased. */
static void session_close(struct imgauth *ia, struct ia_stream **slot,
			  bool refused)
{
	struct ia_stream *st = *slot;

	ia_stream_free(st, refused);
	kfree(st);
	*slot = NULL;
	clear_bit(IA_BUSY_SESSION, &ia->installing);
	clear_bit(IA_BUSY_INSTALL, &ia->installing);
}

static void layout_refused(struct ia_verdict *vd, u64 plen, int target,
			   u64 bound)
{
	ia_verdict_set(vd, IMGAUTH_E_LAYOUT,
		       "v2 prefix of %llu bytes: a v2 image for %s has one of %u to %llu bytes",
		       plen, ia_target_name(target), IMGAUTH_V2_HDR_LEN, bound);
}

int ia_session_begin(struct imgauth *ia, struct ia_stream **slot, u32 flags,
		     const void __user *prefix, u64 plen, u64 total,
		     struct ia_verdict *vd, int *target)
{
	u64 bound;
	struct ia_stream *st;
	struct ia_rec rec;
	u8 *p;
	int ret;

	memset(vd, 0, sizeof(*vd));
	if (*slot)
		return -EALREADY;
	if (test_and_set_bit(IA_BUSY_INSTALL, &ia->installing)) {
		ia_verdict_set(vd, IMGAUTH_E_BUSY, "another install is in progress");
		return -EBUSY;
	}
	set_bit(IA_BUSY_SESSION, &ia->installing);
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret)
		goto out_busy;
	ia_rec_get(ia, &rec);
	*target = rec.active == IMGAUTH_TARGET_NONE ? IMGAUTH_TARGET_IMAGE0 :
						      ia_other_slot(rec.active);
	bound = ia_v2_payload_off(DIV_ROUND_UP(ia->region[*target].size,
					       IMGAUTH_V2_CHUNK));
	/*
	 * A v1 image's first piece or a v2 image's prefix, bounded before it
	 * costs memory; which one is decided on the copy.  A prefix no v2
	 * image for this slot has is a malformed image: say so, or the
	 * caller is left with a status of 0 ("authenticated").
	 */
	ret = -EINVAL;
	if (!plen || plen > max_t(u64, bound, IA_CHUNK)) {
		layout_refused(vd, plen, *target, bound);
		goto out_unlock;
	}
	ret = -ENOMEM;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	p = kvmalloc(plen, GFP_KERNEL);
	if (!st || !p) {
		kfree(st);
		kvfree(p);
		goto out_unlock;
	}
	/* The prefix is copied once; everything is decided on the copy. */
	if (copy_from_user(p, prefix, plen)) {
		kfree(st);
		kvfree(p);
		ret = -EFAULT;
		goto out_unlock;
	}
	if (ia_stream_is_v1(p, plen)) {
		ret = ia_stream_v1_begin(st, ia, *target, flags, p, plen, total);
	} else if (plen < IMGAUTH_V2_HDR_LEN || plen > bound) {
		layout_refused(vd, plen, *target, bound);
		kfree(st);
		kvfree(p);
		ret = -EINVAL;
		goto out_unlock;
	} else {
		ret = ia_stream_begin(st, ia, *target, flags,
				      !(flags & IMGAUTH_INSTALL_DRY_RUN), p,
				      plen, total);
	}
	*vd = st->vd;
	*slot = st;
	if (ret || !ia_status_ok(st->vd.status)) {
		if (!ret)
			ret = ia_status_errno(st->vd.status);
		session_report(st);
		session_close(ia, slot, true);
	}
	mutex_unlock(&ia->op_lock);
	return ret;
out_unlock:
	mutex_unlock(&ia->op_lock);
out_busy:
	clear_bit(IA_BUSY_SESSION, &ia->installing);
	clear_bit(IA_BUSY_INSTALL, &ia->installing);
	return ret;
}

int ia_session_chunk(struct imgauth *ia, struct ia_stream **slot,
		     const void __user *data, u64 len, struct ia_verdict *vd)
{
	struct ia_stream *st;
	int ret;

	memset(vd, 0, sizeof(*vd));
	/*
	 * The session is looked up under op_lock: another thread on the same
	 * file may end it (a wrong chunk, END) and free it while this one
	 * waits for the lock.
	 */
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret)
		return ret;
	st = *slot;
	if (!st) {
		mutex_unlock(&ia->op_lock);
		return -ENOENT;
	}
	/*
	 * No chunk is longer than IMGAUTH_V2_CHUNK: a longer one is a layout
	 * error that ends the session like any other wrong chunk, rather
	 * than an error that leaves it open with the slot half written.
	 */
	if (st->v1) {
		ret = ia_stream_v1_chunk(st, data, len);
	} else if (len > IMGAUTH_V2_CHUNK) {
		ia_verdict_set(&st->vd, IMGAUTH_E_LAYOUT,
			       "chunk %u: %llu bytes, more than a chunk (%u); %s erased",
			       st->next, len, IMGAUTH_V2_CHUNK,
			       ia_target_name(st->target));
		ret = -EINVAL;
	} else if (copy_from_user(st->piece, data, len)) {
		/* Copied once into the kernel: what is hashed is what is programmed. */
		ia_verdict_set(&st->vd, IMGAUTH_E_CHANGED,
			       "chunk %u could not be read; %s erased", st->next,
			       ia_target_name(st->target));
		ret = -EFAULT;
	} else {
		ret = ia_stream_chunk(st, st->piece, len);
	}
	*vd = st->vd;
	if (ret) {
		session_report(st);
		session_close(ia, slot, true);
	}
	mutex_unlock(&ia->op_lock);
	return ret;
}

int ia_session_end(struct imgauth *ia, struct ia_stream **slot,
		   const void __user *data, u64 len, struct ia_verdict *vd,
		   int *target)
{
	struct ia_stream *st;
	int ret;

	memset(vd, 0, sizeof(*vd));
	mutex_lock(&ia->op_lock);
	st = *slot;	/* under op_lock, as in ia_session_chunk() */
	if (!st) {
		mutex_unlock(&ia->op_lock);
		return -ENOENT;
	}
	/* v2 programmed as it went; v1 programs now, from @data. */
	ret = st->v1 ? ia_stream_v1_end(st, data, len) : ia_stream_end(st);
	*vd = st->vd;
	*target = st->target;
	if (!ret)
		ret = ia_status_errno(vd->status);
	session_report(st);
	session_close(ia, slot, ret != 0);
	mutex_unlock(&ia->op_lock);
	return ret;
}

void ia_session_abort(struct imgauth *ia, struct ia_stream **slot)
{
	struct ia_stream *st;

	mutex_lock(&ia->op_lock);
	st = *slot;	/* under op_lock, as in ia_session_chunk() */
	if (!st) {
		mutex_unlock(&ia->op_lock);
		return;
	}
	if (st->v1)
		ia_verdict_set(&st->vd, IMGAUTH_E_CHANGED,
			       "install session abandoned after %llu of %llu bytes; nothing was changed",
			       st->v1->pass.next, st->v1->total);
	else
		ia_verdict_set(&st->vd, IMGAUTH_E_CHANGED,
			       "install session abandoned after %u of %u chunks; %s erased",
			       st->next, st->lay.nchunks,
			       ia_target_name(st->target));
	session_report(st);
	session_close(ia, slot, true);
	mutex_unlock(&ia->op_lock);
}
