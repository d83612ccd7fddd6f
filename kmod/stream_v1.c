// SPDX-License-Identifier: GPL-2.0
/*
 * v1 images in an install session: pass 1 as the image arrives.
 *
 * A v1 image is signed at its end, so no byte of it may be programmed
 * before its last byte has arrived and the signature is checked; and the
 * kernel does not hold it whole.  Installed from a buffer (install.c) it
 * is copied twice: to verify, then to program.  Over TFTP the tool has to
 * hold it whole anyway, so pass 1 need not wait for the download: BEGIN
 * brings the first 64 KiB piece and the total length, each CHUNK the next
 * piece, in order, each copied once into the kernel, checked and hashed
 * (ia_v1_pass), and a secret-keyed tag of it kept.  END brings the whole
 * image, in the caller's memory: the checksum and the signature are
 * checked and pass 2 (install.c) copies each piece again, proves by its
 * tag that it is the piece pass 1 saw, and only then programs it.  Nothing
 * is erased before END, so an abandoned session changes nothing on flash.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "image.h"
#include "install.h"
#include "stream.h"

bool ia_stream_is_v1(const u8 *prefix, u64 len)
{
	return len >= 4 && ia_get_be32(prefix) == IMGAUTH_IMAGE_MAGIC;
}

int ia_stream_v1_begin(struct ia_stream *st, struct imgauth *ia, int target,
		       u32 flags, u8 *first, u32 len, u64 total)
{
	struct ia_stream_v1 *v;
	int ret;

	memset(st, 0, sizeof(*st));
	st->ia = ia;
	st->target = target;
	st->flags = flags;
	st->write = !(flags & IMGAUTH_INSTALL_DRY_RUN);
	/* Owned from now on, as a v2 prefix is: freed with the stream. */
	st->prefix = first;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	st->piece = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!v || !st->piece) {
		kfree(v);
		return -ENOMEM;
	}
	st->v1 = v;
	v->total = total;
	if (len != min_t(u64, total, IA_CHUNK)) {
		ia_verdict_set(&st->vd, IMGAUTH_E_LAYOUT,
			       "a v1 session begins with the first %llu bytes of the image, not %u",
			       min_t(u64, total, IA_CHUNK), len);
		return 0;
	}
	ret = ia_v1_begin(&v->pass, ia, target, first, len, total, &st->vd,
			  st->write ? &v->tags : NULL);
	if (!ret && !v->pass.open && ia_status_ok(st->vd.status))
		ret = -EINVAL;	/* no verdict, no pass: cannot happen */
	return ret;
}

int ia_stream_v1_chunk(struct ia_stream *st, const void __user *data,
		       u64 len)
{
	struct ia_stream_v1 *v = st->v1;
	u64 off = v->pass.next;
	u64 want = off < v->total ? min_t(u64, IA_CHUNK, v->total - off) : 0;
	int ret;

	/* Past the last piece there is none: not even an empty one. */
	if (off >= v->total || len != want) {
		ia_verdict_set(&st->vd, IMGAUTH_E_LAYOUT,
			       "piece at offset %llu: %llu bytes, the image has %llu there",
			       off, len, want);
		return -EINVAL;
	}
	/* Copied once into the kernel: what is checked is what is hashed. */
	if (copy_from_user(st->piece, data, len)) {
		ia_verdict_set(&st->vd, IMGAUTH_E_CHANGED,
			       "piece at offset %llu could not be read; nothing was changed",
			       off);
		return -EFAULT;
	}
	ret = ia_v1_piece(&v->pass, &st->vd, off, st->piece, len);
	if (ret)
		ia_verdict_set(&st->vd, IMGAUTH_E_INTERNAL,
			       "cannot hash the image (%d); nothing was changed",
			       ret);
	cond_resched();
	return ret;
}

int ia_stream_v1_end(struct ia_stream *st, const void __user *data, u64 len)
{
	struct ia_stream_v1 *v = st->v1;
	struct ia_verdict *vd = &st->vd;
	struct ia_rec rec;
	int ret;

	if (v->pass.next != v->total) {
		ia_verdict_set(vd, IMGAUTH_E_LENGTH,
			       "the image ended after %llu of its %llu bytes; nothing was changed",
			       v->pass.next, v->total);
		return -EINVAL;
	}
	if (len != v->total) {
		ia_verdict_set(vd, IMGAUTH_E_LAYOUT,
			       "END brings %llu bytes, the session's image has %llu; nothing was changed",
			       len, v->total);
		return -EINVAL;
	}
	/*
	 * Between the session's calls op_lock was free: a commit or a boot
	 * fallback may have made the slot this session writes the active
	 * one.  Its image is then the one that boots: leave it.
	 */
	ia_rec_get(st->ia, &rec);
	if (st->write && rec.active == st->target) {
		ia_verdict_set(vd, IMGAUTH_E_BUSY,
			       "%s became the active image during the session; nothing was changed",
			       ia_target_name(st->target));
		return -EBUSY;
	}
	ret = ia_v1_end(&v->pass, vd);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
			       "the image could not be checked (%d); nothing was changed",
			       ret);
		return ret;
	}
	/* The floor may have been raised while the pieces came. */
	if (ia_status_ok(vd->status) &&
	    !ia_image_floor_holds(st->ia, st->target, vd))
		return -EINVAL;
	pr_info("%s: %s new flash image (%08x,%llu)\n",
		ia_target_name(st->target), st->write ? "update" : "verify",
		vd->hdr.cksum, v->total);
	if (!ia_status_ok(vd->status) || !st->write)
		return ia_status_errno(vd->status);
	/* Pass 2 from the caller's whole image, each piece proven first. */
	ret = ia_install_program_user(st->ia, st->target, data, len, &v->tags,
				      st->flags, vd);
	return ret ? ret : ia_status_errno(vd->status);
}

void ia_stream_v1_free(struct ia_stream *st)
{
	struct ia_stream_v1 *v = st->v1;

	if (!v)
		return;
	ia_v1_free(&v->pass);
	ia_chunks_free(&v->tags);
	kfree(v);
	st->v1 = NULL;
}

u64 ia_stream_len(const struct ia_stream *st)
{
	return st->v1 ? st->v1->total :
			st->lay.payload_off + st->lay.hdr.size;
}
