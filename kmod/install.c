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
 *     and the SHA-256 of every piece is kept (32 bytes per 64 KiB);
 *  2. program: mark the slot empty in the boot record, erase, then for
 *     each piece: copy it again, prove it is the piece pass 1 verified (its
 *     SHA-256), and only then program it, read it back and compare with
 *     the kernel's copy.
 *
 * No byte is programmed before it is proven to be a verified byte.  A
 * piece that differs (or faults) ends the install: what was programmed is
 * erased, so a refused install leaves the slot erased, never holding
 * bytes that were not verified.  Only after the last piece does a new
 * boot record select the slot.  A failure or a power cut at any point
 * leaves the previous record, hence the previous image, selected and
 * intact.  The boot loader has one region and no fallback: it is written
 * the same way, but a cut during pass 2 leaves no loader (as on the
 * hardware this follows, recovery is the boot ROM's).
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>

#include "imgauth.h"
#include "events.h"
#include "image.h"
#include "install.h"

/* The image slot an install writes: never the active one. */
static int inactive_slot(struct imgauth *ia)
{
	struct ia_rec rec;

	ia_rec_get(ia, &rec);
	return rec.active == IMGAUTH_TARGET_IMAGE0 ? IMGAUTH_TARGET_IMAGE1 :
						     IMGAUTH_TARGET_IMAGE0;
}

static int mark_empty(struct imgauth *ia, int target)
{
	struct ia_rec rec;

	ia_rec_get(ia, &rec);
	if (rec.region[target].state == IMGAUTH_REGION_EMPTY &&
	    !rec.region[target].len)
		return 0;
	memset(&rec.region[target], 0, sizeof(rec.region[target]));
	return ia_rec_commit(ia, &rec);
}

static int record_installed(struct imgauth *ia, int target, u64 len,
			    const struct ia_hdr *h, bool commit)
{
	struct ia_rec rec;

	ia_rec_get(ia, &rec);
	rec.region[target].len = len;
	/* The loader has nothing to select: written is committed. */
	if (target == IMGAUTH_TARGET_LOADER)
		commit = true;
	rec.region[target].state = commit ? IMGAUTH_REGION_VALID :
					    IMGAUTH_REGION_STAGED;
	rec.region[target].cksum = h->cksum;
	rec.region[target].sw_version = h->sw_version;
	rec.region[target].date = h->date;
	if (commit && target != IMGAUTH_TARGET_LOADER)
		rec.active = target;
	return ia_rec_commit(ia, &rec);
}

/* The buffers of pass 2: the piece to program and its read-back. */
struct pass2 {
	struct imgauth *ia;
	int target;
	const u8 __user *data;
	u64 len;
	struct ia_chunk_digests *chunks;
	u8 *piece;
	u8 *check;
};

/*
 * Program piece by piece, each proven before it is programmed.  Returns 0
 * when the whole image is on flash, else a status with @vd set; the
 * caller then erases what was programmed.
 */
static int program_pieces(struct pass2 *p, struct ia_verdict *vd)
{
	struct ia_storage *st = p->ia->st;
	const char *name = ia_target_name(p->target);
	u64 base = p->ia->region[p->target].offset, off;
	int ret;

	for (off = 0; off < p->len; off += IA_CHUNK) {
		size_t n = min_t(u64, IA_CHUNK, p->len - off);
		size_t padded = round_up(n, st->writesize);

		ret = copy_from_user(p->piece, p->data + off, n) ? -ESTALE :
		      ia_chunks_match(p->chunks, div_u64(off, IA_CHUNK),
				      p->piece, n);
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
		ret = ia_st_write(st, base + off, p->piece, padded);
		if (!ret)
			ret = ia_st_read(st, base + off, p->check, padded);
		if (ret) {
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "flash error %d writing %s at offset %llu; %s erased",
				       ret, name, off, name);
			return vd->status;
		}
		if (memcmp(p->piece, p->check, padded)) {
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "read-back of %s at offset %llu does not match what was programmed; %s erased",
				       name, off, name);
			return vd->status;
		}
		cond_resched();
	}
	ia_st_sync(st);
	return 0;
}

/* Pass 2, under flash_lock.  The outcome is in @vd; returns 0 or -errno. */
static int program(struct pass2 *p, struct ia_verdict *vd)
{
	struct imgauth *ia = p->ia;
	struct ia_storage *st = ia->st;
	const char *name = ia_target_name(p->target);
	u64 base = ia->region[p->target].offset;
	u64 span = round_up(p->len, st->erasesize);
	int ret;

	pr_info("%s: Program flash (%llu bytes) ...\n", name, p->len);
	ret = mark_empty(ia, p->target);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "boot record write failed (%d); nothing was written to %s",
			       ret, name);
		return 0;
	}
	ret = ia_st_erase(st, base, span);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "flash error %d erasing %s; it is recorded as empty",
			       ret, name);
		return 0;
	}
	if (!program_pieces(p, vd))
		return 0;
	/* Refused: leave nothing of this image behind. */
	ret = ia_st_erase(st, base, span);
	if (ret)
		pr_err("%s: erasing the refused image failed (%d); the region is recorded as empty\n",
		       name, ret);
	ia_st_sync(st);
	return 0;
}

int ia_install(struct imgauth *ia, bool loader, const void __user *data,
	       u64 len, u32 flags, struct ia_verdict *vd, int *target)
{
	bool dry = flags & IMGAUTH_INSTALL_DRY_RUN;
	struct ia_chunk_digests chunks = { };
	struct ia_src_user usrc;
	struct pass2 p = { .ia = ia, .data = data, .len = len,
			   .chunks = &chunks };
	int ret;

	memset(vd, 0, sizeof(*vd));
	if (!dry && !mutex_trylock(&ia->op_lock)) {
		ia_verdict_set(vd, IMGAUTH_E_BUSY,
			       "another install or flash operation is in progress");
		pr_warn("%s: %s\n", loader ? "loader" : "image", vd->msg);
		ia_event(IMGAUTH_EV_INSTALL, IMGAUTH_TARGET_NONE, vd->status,
			 vd->msg);
		return -EBUSY;
	}
	p.piece = kvmalloc(IA_CHUNK, GFP_KERNEL);
	p.check = dry ? NULL : kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!p.piece || (!dry && !p.check)) {
		ret = -ENOMEM;
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "out of memory");
		goto out;
	}
	*target = loader ? IMGAUTH_TARGET_LOADER : inactive_slot(ia);
	p.target = *target;

	ia_src_user_init(&usrc, data, len);
	ret = ia_image_verify(ia, *target, &usrc.base, p.piece, vd,
			      dry ? NULL : &chunks);
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

	down_write(&ia->flash_lock);
	ret = program(&p, vd);
	if (!ret && ia_status_ok(vd->status)) {
		ret = record_installed(ia, *target, len, &vd->hdr,
				       !(flags & IMGAUTH_INSTALL_NO_COMMIT));
		if (ret)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "boot record write failed (%d); the previous image stays active",
				       ret);
	}
	up_write(&ia->flash_lock);
	if (ia_status_ok(vd->status))
		pr_info("%s: Done, %s\n", ia_target_name(*target),
			*target == IMGAUTH_TARGET_LOADER ? "boot loader installed" :
			flags & IMGAUTH_INSTALL_NO_COMMIT ? "staged" :
			"active system image");
	else
		pr_err("%s: %s\n", ia_target_name(*target), vd->msg);
event:
	ia_event(IMGAUTH_EV_INSTALL, *target, vd->status, vd->msg);
	if (!ret)
		ret = ia_status_errno(vd->status);
out:
	ia_chunks_free(&chunks);
	kvfree(p.check);
	kvfree(p.piece);
	if (!dry)
		mutex_unlock(&ia->op_lock);
	return ret;
}

/*
 * Verify what @target holds, against the installed key.  The caller holds
 * op_lock or flash_lock for reading, so the flash holds still.
 */
static int verify_on_flash(struct imgauth *ia, int target,
			   struct ia_verdict *vd)
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
	ret = verify_on_flash(ia, target, vd);
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
	ret = verify_on_flash(ia, target, vd);
	if (ret)
		goto out;
	if (ia_status_ok(vd->status)) {
		ia_rec_get(ia, &rec);
		rec.region[target].state = IMGAUTH_REGION_VALID;
		rec.active = target;
		down_write(&ia->flash_lock);
		ret = ia_rec_commit(ia, &rec);
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
	ia_report(ia, IMGAUTH_EV_COMMIT, target, vd);
out:
	mutex_unlock(&ia->op_lock);
	return ret;
}
