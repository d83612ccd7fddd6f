// SPDX-License-Identifier: GPL-2.0
/*
 * Installs that never brick, and never program a byte that was not
 * verified.
 *
 * The kernel cannot hold a whole image (memory must not grow with it), and
 * the caller's buffer can change at any moment (another thread,
 * userfaultfd), so an install copies the image in IA_CHUNK pieces twice:
 *
 *  1. verify: every check, signature included, on the bytes as they are
 *     copied; the header is decoded from the very bytes that are hashed,
 *     and a secret-keyed tag of every piece is kept (16 bytes per 64 KiB,
 *     struct ia_chunk_digests);
 *  2. program: mark the slot empty in the boot record, erase, then for
 *     each piece: copy it again, prove it is the piece pass 1 verified (its
 *     tag), and only then program it, read it back and compare with
 *     the kernel's copy.
 *
 * No byte is programmed before it is proven to be a verified byte.  A
 * piece that differs (or faults) ends the install: what was programmed is
 * erased, so a refused install leaves the slot erased, never holding
 * bytes that were not verified.  Only after the last piece does a new
 * boot record select the slot.  A failure or a power cut at any point
 * leaves the previous record, hence the previous image, selected and
 * intact.  The boot loader has one region and no fallback: it is copied
 * into the kernel once (loader_copy()), so only a flash error or a power
 * cut during pass 2 leaves no loader (as on the hardware this follows,
 * recovery is then the boot ROM's).
 *
 * op_lock is held throughout, so the key cannot change under an install;
 * flash_lock only around each change of flash, never while the caller's
 * memory is read.  A second install gets EBUSY instead of waiting.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>

#include "imgauth.h"
#include "events.h"
#include "image.h"
#include "install.h"
#include "stream.h"

/* The image slot an install writes: never the active one. */
static int inactive_slot(struct imgauth *ia)
{
	struct ia_rec rec;

	ia_rec_get(ia, &rec);
	return rec.active == IMGAUTH_TARGET_NONE ? IMGAUTH_TARGET_IMAGE0 :
						   ia_other_slot(rec.active);
}

int ia_install_mark_empty(struct imgauth *ia, int target)
{
	struct ia_rec rec;

	ia_rec_get(ia, &rec);
	if (rec.region[target].state == IMGAUTH_REGION_EMPTY &&
	    !rec.region[target].len)
		return 0;
	memset(&rec.region[target], 0, sizeof(rec.region[target]));
	return ia_rec_commit(ia, &rec);
}

int ia_install_record(struct imgauth *ia, int target, u64 len,
		      const struct ia_hdr *h, bool commit)
{
	struct ia_rec rec;
	int ret;

	ia_rec_get(ia, &rec);
	rec.region[target].len = len;
	rec.region[target].cksum = h->cksum;
	rec.region[target].sw_version = h->sw_version;
	rec.region[target].date = h->date;
	/* The loader has nothing to select: written is committed. */
	if (target == IMGAUTH_TARGET_LOADER)
		rec.region[target].state = IMGAUTH_REGION_VALID;
	else if (commit)
		ia_rec_select(&rec, target, ia->trial_boots);
	else
		rec.region[target].state = IMGAUTH_REGION_STAGED;
	ret = ia_rec_commit(ia, &rec);
	/* With trial boots the floor follows only once it is marked good. */
	if (!ret && commit && target != IMGAUTH_TARGET_LOADER &&
	    !ia->trial_boots)
		ia_policy_floor_follow(ia, h->sw_version);
	return ret;
}

/* Pass 2: where the pieces come from, and the buffers. */
struct pass2 {
	struct imgauth *ia;
	int target;
	const u8 __user *data;	/* the caller's image, or */
	const u8 *kcopy;	/* the verified kernel copy (boot loader) */
	u64 len;
	struct ia_chunk_digests *chunks;
	u8 *piece;
	u8 *check;
};

/*
 * The piece at @off, @n bytes, into p->piece, proven to be the verified
 * one: the kernel copy is; a piece copied from the caller again must have
 * the tag pass 1 kept.  No flash lock is held: the caller's page may
 * stall.
 */
static int get_piece(struct pass2 *p, u64 off, size_t n)
{
	if (p->kcopy) {
		memcpy(p->piece, p->kcopy + off, n);
		return 0;
	}
	if (copy_from_user(p->piece, p->data + off, n))
		return -ESTALE;
	return ia_chunks_match(p->chunks, div_u64(off, IA_CHUNK), p->piece, n);
}

/* Program one proven piece and compare its read-back, under flash_lock. */
static int put_piece(struct pass2 *p, u64 off, size_t padded)
{
	struct imgauth *ia = p->ia;
	u64 at = ia->region[p->target].offset + off;
	int ret;

	down_write(&ia->flash_lock);
	ret = ia_st_write(ia->st, at, p->piece, padded);
	if (!ret)
		ret = ia_st_readback(ia->st, at, p->piece, p->check, padded);
	up_write(&ia->flash_lock);
	return ret;
}

/*
 * Program piece by piece, each proven before it is programmed.  Returns 0
 * when the whole image is on flash, else a status with @vd set; the
 * caller then erases what was programmed.
 */
static int program_pieces(struct pass2 *p, struct ia_verdict *vd)
{
	struct ia_storage *st = p->ia->st;
	const char *name = ia_target_name(p->target);
	u64 off;
	int ret;

	for (off = 0; off < p->len; off += IA_CHUNK) {
		size_t n = min_t(u64, IA_CHUNK, p->len - off);
		size_t padded = round_up(n, st->writesize);

		ret = get_piece(p, off, n);
		if (ret == -ESTALE) {
			ia_verdict_set(vd, IMGAUTH_E_CHANGED,
				       "the image changed while it was being installed (the piece at offset %llu is not the one verified); %s erased",
				       off, name);
			return vd->status;
		}
		if (ret) {
			ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
				       "cannot hash the image (%d); %s erased",
				       ret, name);
			return vd->status;
		}
		memset(p->piece + n, 0xff, padded - n);
		ret = put_piece(p, off, padded);
		if (ret == -EBADMSG) {
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "read-back of %s at offset %llu does not match what was programmed; %s erased",
				       name, off, name);
			return vd->status;
		}
		if (ret) {
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "flash error %d writing %s at offset %llu; %s erased",
				       ret, name, off, name);
			return vd->status;
		}
		cond_resched();
	}
	ia_st_sync(st);
	return 0;
}

/*
 * Pass 2, then the boot record.  flash_lock is taken for each change of
 * flash, never while the caller's memory is read (readers see the slot
 * recorded as empty meanwhile).  The outcome is in @vd; returns 0 or
 * -errno.
 */
static int program(struct pass2 *p, struct ia_verdict *vd, u32 flags)
{
	struct imgauth *ia = p->ia;
	struct ia_storage *st = ia->st;
	const char *name = ia_target_name(p->target);
	u64 base = ia->region[p->target].offset;
	u64 span = round_up(p->len, st->erasesize);
	int ret;

	pr_info("%s: Program flash (%llu bytes) ...\n", name, p->len);
	down_write(&ia->flash_lock);
	ret = ia_install_mark_empty(ia, p->target);
	if (!ret)
		ret = ia_st_erase(st, base, span);
	up_write(&ia->flash_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "flash error %d preparing %s; it holds no image now",
			       ret, name);
		return 0;
	}
	if (program_pieces(p, vd)) {
		/* Refused: leave nothing of this image behind. */
		down_write(&ia->flash_lock);
		ret = ia_st_erase(st, base, span);
		if (ret)
			pr_err("%s: erasing the refused image failed (%d); the region is recorded as empty\n",
			       name, ret);
		ia_st_sync(st);
		up_write(&ia->flash_lock);
		return 0;
	}
	down_write(&ia->flash_lock);
	ret = ia_install_record(ia, p->target, p->len, &vd->hdr,
			       !(flags & IMGAUTH_INSTALL_NO_COMMIT));
	up_write(&ia->flash_lock);
	if (ret)
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "boot record write failed (%d); the previous image stays active",
			       ret);
	return ret;
}

int ia_install_program_user(struct imgauth *ia, int target,
			    const void __user *data, u64 len,
			    struct ia_chunk_digests *chunks, u32 flags,
			    struct ia_verdict *vd)
{
	struct pass2 p = { .ia = ia, .target = target, .data = data,
			   .len = len, .chunks = chunks };
	int ret = -ENOMEM;

	p.piece = kvmalloc(IA_CHUNK, GFP_KERNEL);
	p.check = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (p.piece && p.check)
		ret = program(&p, vd, flags);
	else
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
			       "out of memory; nothing was changed");
	kvfree(p.check);
	kvfree(p.piece);
	return ret;
}

/*
 * The boot loader has no second region and no selection step: what a
 * refused install leaves there is what the boot ROM runs.  So it is
 * copied from the caller once, into the kernel, verified and programmed
 * from that copy: a changing buffer cannot make pass 2 fail, and the old
 * loader is only erased for the verified new one.  Its size is bounded by
 * the loader region.  Returns the copy, NULL to stream from the caller (an
 * image too large for the region: the checks refuse it), or an ERR_PTR.
 */
static u8 *loader_copy(struct imgauth *ia, const void __user *data, u64 len)
{
	u8 *k;

	if (len > ia->region[IMGAUTH_TARGET_LOADER].size)
		return NULL;
	k = kvmalloc(max_t(u64, len, 1), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(k, data, len)) {
		kvfree(k);
		return ERR_PTR(-EFAULT);
	}
	return k;
}

/*
 * Which format: the first 4 bytes only choose the code path; each path
 * decodes and checks everything from its own single read.
 */
static bool is_v2(struct ia_src *src)
{
	u8 magic[4];

	return src->len >= sizeof(magic) &&
	       !src->read(src, 0, magic, sizeof(magic)) &&
	       ia_get_be32(magic) == IMGAUTH_IMAGE_MAGIC_V2;
}

/*
 * A v2 image, one pass.  The boot loader's kernel copy is checked whole
 * before its region is touched (it has no second copy to fall back to).
 */
static int install_v2(struct imgauth *ia, int target, u32 flags, bool dry,
		      bool whole_first, struct ia_src *src,
		      struct ia_verdict *vd)
{
	int ret;

	if (!dry && whole_first) {
		ret = ia_stream_src(ia, target, flags, false, src, vd);
		if (ret || !ia_status_ok(vd->status))
			return ret;
	}
	return ia_stream_src(ia, target, flags, !dry, src, vd);
}

int ia_install(struct imgauth *ia, bool loader, const void __user *data,
	       u64 len, u32 flags, struct ia_verdict *vd, int *target)
{
	bool dry = flags & IMGAUTH_INSTALL_DRY_RUN;
	struct ia_chunk_digests chunks = { };
	struct ia_src_kernel ksrc;
	struct ia_src_user usrc;
	struct ia_src *src = &usrc.base;
	struct pass2 p = { .ia = ia, .data = data, .len = len,
			   .chunks = &chunks };
	u8 *kcopy = NULL;
	int ret;

	memset(vd, 0, sizeof(*vd));
	/* One install at a time; other writers are waited for below. */
	if (!dry && test_and_set_bit(IA_BUSY_INSTALL, &ia->installing)) {
		ia_verdict_set(vd, IMGAUTH_E_BUSY,
			       "another install is in progress");
		pr_warn("%s: %s\n", loader ? "loader" : "image", vd->msg);
		ia_event(IMGAUTH_EV_INSTALL, IMGAUTH_TARGET_NONE, vd->status,
			 vd->msg);
		return -EBUSY;
	}
	if (!dry) {
		ret = mutex_lock_interruptible(&ia->op_lock);
		if (ret) {
			ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
			goto out_busy;
		}
	}
	p.piece = kvmalloc(IA_CHUNK, GFP_KERNEL);
	p.check = dry ? NULL : kvmalloc(IA_CHUNK, GFP_KERNEL);
	ret = -ENOMEM;
	if (!p.piece || (!dry && !p.check)) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "out of memory");
		goto out;
	}
	if (loader) {
		kcopy = loader_copy(ia, data, len);
		if (IS_ERR(kcopy)) {
			ret = PTR_ERR(kcopy);
			kcopy = NULL;
			ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
				       "the image could not be read (%d); nothing was changed",
				       ret);
			goto out;
		}
	}
	*target = loader ? IMGAUTH_TARGET_LOADER : inactive_slot(ia);
	p.target = *target;
	p.kcopy = kcopy;

	if (kcopy) {
		ia_src_kernel_init(&ksrc, kcopy, len);
		src = &ksrc.base;
	} else {
		ia_src_user_init(&usrc, data, len);
	}
	if (is_v2(src)) {
		ret = install_v2(ia, *target, flags, dry, kcopy != NULL, src,
				 vd);
		if (ret) {
			ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
				       "the image could not be checked (%d); %s",
				       ret, dry ? "nothing was changed" :
				       "the slot holds no image");
			goto event;
		}
		if (vd->have_hdr)
			pr_info("%s: %s new v2 flash image (%08x,%llu)\n",
				ia_target_name(*target),
				dry ? "verify" : "update", vd->hdr.cksum, len);
		ia_log_verdict(*target, vd);
		if (!dry && ia_status_ok(vd->status))
			pr_info("%s: Done, %s\n", ia_target_name(*target),
				loader ? "boot loader installed" :
				flags & IMGAUTH_INSTALL_NO_COMMIT ? "staged" :
				"active system image");
		goto event;
	}
	ret = ia_image_verify(ia, *target, src, p.piece, vd,
			      dry || kcopy ? NULL : &chunks);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
			       "the image could not be checked (%d); nothing was changed",
			       ret);
		goto out;
	}
	if (vd->have_hdr && vd->status != IMGAUTH_E_LENGTH)
		pr_info("%s: %s new flash image (%08x,%llu)\n",
			ia_target_name(*target), dry ? "verify" : "update",
			vd->hdr.cksum, len);
	ia_log_verdict(*target, vd);
	if (!ia_status_ok(vd->status) || dry)
		goto event;

	ret = program(&p, vd, flags);
	if (ia_status_ok(vd->status))
		pr_info("%s: Done, %s\n", ia_target_name(*target),
			*target == IMGAUTH_TARGET_LOADER ? "boot loader installed" :
			flags & IMGAUTH_INSTALL_NO_COMMIT ? "staged" :
			"active system image");
	else
		pr_err("%s: %s\n", ia_target_name(*target), vd->msg);
event:
	if (!ret)
		ret = ia_status_errno(vd->status);
	if (!dry)
		ia_journal(ia, flags & IMGAUTH_INSTALL_RECOVERY ?
			   IA_JEV_RECOVERY : IA_JEV_INSTALL, *target,
			   vd->status, vd->hdr.cksum, vd->hdr.sw_version, len,
			   "%s %s", ia_target_name(*target),
			   ia_status_name(vd->status));
	ia_event(IMGAUTH_EV_INSTALL, *target, vd->status, vd->msg);
out:
	ia_chunks_free(&chunks);
	kvfree(kcopy);
	kvfree(p.check);
	kvfree(p.piece);
	if (!dry)
		mutex_unlock(&ia->op_lock);
out_busy:
	if (!dry)
		clear_bit(IA_BUSY_INSTALL, &ia->installing);
	return ret;
}

int ia_verify_on_flash(struct imgauth *ia, int target, struct ia_verdict *vd)
{
	struct ia_src_flash fsrc;
	struct ia_rec rec;
	u8 *chunk;
	int ret;

	memset(vd, 0, sizeof(*vd));
	ia_rec_get(ia, &rec);
	if (rec.region[target].state == IMGAUTH_REGION_EMPTY) {
		ia_verdict_set(vd, IMGAUTH_E_EMPTY, "%s holds no image",
			       ia_target_name(target));
		return 0;
	}
	chunk = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!chunk) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "out of memory");
		return -ENOMEM;
	}
	ia_src_flash_init(&fsrc, ia, target, rec.region[target].len);
	if (is_v2(&fsrc.base))
		ret = ia_stream_src(ia, target, 0, false, &fsrc.base, vd);
	else
		ret = ia_image_verify(ia, target, &fsrc.base, chunk, vd, NULL);
	if (ret)
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
			       "%s could not be read (%d)", ia_target_name(target),
			       ret);
	kvfree(chunk);
	return ret;
}

int ia_verify_region(struct imgauth *ia, int target, struct ia_verdict *vd)
{
	int ret;

	ret = down_read_killable(&ia->flash_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ret = ia_verify_on_flash(ia, target, vd);
	up_read(&ia->flash_lock);
	if (ret)
		return ret;
	ia_report(ia, IMGAUTH_EV_VERIFY, target, vd);
	return 0;
}

int ia_commit(struct imgauth *ia, int target, struct ia_verdict *vd)
{
	struct ia_rec rec;
	int ret;

	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	/* op_lock keeps every writer out: the slot holds still. */
	ret = ia_verify_on_flash(ia, target, vd);
	if (ret)
		goto out;
	if (ia_status_ok(vd->status)) {
		ia_rec_get(ia, &rec);
		ia_rec_select(&rec, target, ia->trial_boots);
		down_write(&ia->flash_lock);
		ret = ia_rec_commit(ia, &rec);
		if (!ret && !ia->trial_boots)
			ia_policy_floor_follow(ia, vd->hdr.sw_version);
		up_write(&ia->flash_lock);
		if (ret)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "boot record write failed (%d)", ret);
		else
			ia_verdict_set(vd, vd->status,
				       "%s is now the active image (%s)",
				       ia_target_name(target),
				       vd->status == IMGAUTH_OK ?
				       IA_MSG_AUTH_OK : IA_MSG_NO_AUTH);
		ret = 0;
	}
	ia_journal(ia, IA_JEV_COMMIT, target, vd->status, vd->hdr.cksum,
		   vd->hdr.sw_version, 0, "commit %s %s", ia_target_name(target),
		   ia_status_name(vd->status));
	ia_report(ia, IMGAUTH_EV_COMMIT, target, vd);
out:
	mutex_unlock(&ia->op_lock);
	return ret;
}
