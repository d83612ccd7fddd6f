// SPDX-License-Identifier: GPL-2.0
/*
 * Installs that never brick.
 *
 * A system image goes to the slot that is not active (the last known-good
 * image stays untouched) in three passes over the caller's buffer and the
 * flash, never holding more than one chunk in kernel memory:
 *
 *  1. verify: every check, signature included, before anything changes;
 *  2. write: mark the slot empty in the boot record, erase, program, and
 *     hash again what was written, so that a buffer changed by another
 *     thread after pass 1 is caught (-ESTALE);
 *  3. read back from flash and compare with pass 1;
 *
 * and only then does a new boot record select the slot.  A failure or a
 * power cut at any point leaves the previous record, hence the previous
 * image, selected and intact.  The boot loader has one region and no
 * fallback: it is written the same way, but a cut during pass 2 leaves no
 * loader (as on the hardware this follows, recovery is the boot ROM's).
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>

#include "imgauth.h"
#include "image.h"
#include "install.h"
#include "netlink.h"

struct writer {
	struct imgauth *ia;
	u64 base;
};

/* Program one piece; pad the last one with erased bytes to writesize. */
static int write_piece(void *ctx, u64 off, u8 *buf, size_t len)
{
	struct writer *w = ctx;
	struct ia_storage *st = w->ia->st;
	size_t padded = round_up(len, st->writesize);

	memset(buf + len, 0xff, padded - len);
	return ia_st_write(st, w->base + off, buf, padded);
}

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

static int program(struct imgauth *ia, int target, const void __user *data,
		   u64 len, u8 *chunk, struct ia_verdict *vd)
{
	struct ia_storage *st = ia->st;
	struct writer w = { ia, ia->region[target].offset };
	struct ia_src_user usrc;
	struct ia_src_flash fsrc;
	int ret;

	pr_info("%s: Program flash (%llu bytes) ...\n",
		ia_target_name(target), len);
	ret = mark_empty(ia, target);
	if (ret)
		goto flash_error;
	ret = ia_st_erase(st, w.base, round_up(len, st->erasesize));
	if (ret)
		goto flash_error;

	ia_src_user_init(&usrc, data, len);
	ret = ia_image_same(&usrc.base, vd, chunk, write_piece, &w);
	if (ret == -ESTALE || ret == -EFAULT) {
		ia_verdict_set(vd, IMGAUTH_E_CHANGED,
			       "the image changed while it was being installed; %s left empty",
			       ia_target_name(target));
		return 0;
	}
	if (ret)
		goto flash_error;
	ia_st_sync(st);

	ia_src_flash_init(&fsrc, ia, target, len);
	ret = ia_image_same(&fsrc.base, vd, chunk, NULL, NULL);
	if (ret == -ESTALE) {
		ia_verdict_set(vd, IMGAUTH_E_FLASH,
			       "read-back of %s does not match the image; %s left empty",
			       ia_target_name(target), ia_target_name(target));
		return 0;
	}
	if (ret)
		goto flash_error;
	return 0;

flash_error:
	ia_verdict_set(vd, IMGAUTH_E_FLASH, "flash error %d writing %s",
		       ret, ia_target_name(target));
	return 0;
}

int ia_install(struct imgauth *ia, bool loader, const void __user *data,
	       u64 len, u32 flags, struct ia_verdict *vd, int *target)
{
	bool dry = flags & IMGAUTH_INSTALL_DRY_RUN;
	struct ia_src_user usrc;
	u8 *chunk;
	int ret;

	memset(vd, 0, sizeof(*vd));
	if (!dry && !mutex_trylock(&ia->op_lock)) {
		ia_verdict_set(vd, IMGAUTH_E_BUSY,
			       "another install or flash operation is in progress");
		pr_warn("%s: %s\n", loader ? "loader" : "image", vd->msg);
		ia_nl_event(IMGAUTH_EV_INSTALL, IMGAUTH_TARGET_NONE,
			    vd->status, vd->msg);
		return -EBUSY;
	}
	chunk = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!chunk) {
		ret = -ENOMEM;
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "out of memory");
		goto out_unlock;
	}
	*target = loader ? IMGAUTH_TARGET_LOADER : inactive_slot(ia);

	ia_src_user_init(&usrc, data, len);
	ret = ia_image_verify(ia, *target, &usrc.base, chunk, vd);
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

	ret = program(ia, *target, data, len, chunk, vd);
	if (!ret && ia_status_ok(vd->status)) {
		ret = record_installed(ia, *target, len, &vd->hdr,
				       !(flags & IMGAUTH_INSTALL_NO_COMMIT));
		if (ret)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "boot record write failed (%d); the previous image stays active",
				       ret);
	}
	if (ia_status_ok(vd->status))
		pr_info("%s: Done, %s\n", ia_target_name(*target),
			*target == IMGAUTH_TARGET_LOADER ? "boot loader installed" :
			flags & IMGAUTH_INSTALL_NO_COMMIT ? "staged" :
			"active system image");
	else
		pr_err("%s: %s\n", ia_target_name(*target), vd->msg);
event:
	ia_nl_event(IMGAUTH_EV_INSTALL, *target, vd->status, vd->msg);
	if (!ret)
		ret = ia_status_errno(vd->status);
out:
	kvfree(chunk);
out_unlock:
	if (!dry)
		mutex_unlock(&ia->op_lock);
	return ret;
}

/*
 * Take op_lock (flash must not change under the check) and verify what
 * @target holds.  Returns 0 with the lock held and the outcome in @vd, or
 * a negative errno with the lock free and @vd saying so.
 */
static int lock_and_verify(struct imgauth *ia, int target,
			   struct ia_verdict *vd)
{
	struct ia_src_flash fsrc;
	struct ia_rec rec;
	u8 *chunk;
	int ret;

	memset(vd, 0, sizeof(*vd));
	ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted or out of memory");
	chunk = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret)
		goto out;
	ia_rec_get(ia, &rec);
	if (rec.region[target].state == IMGAUTH_REGION_EMPTY) {
		ia_verdict_set(vd, IMGAUTH_E_EMPTY, "%s holds no image",
			       ia_target_name(target));
		goto out;
	}
	ia_src_flash_init(&fsrc, ia, target, rec.region[target].len);
	ret = ia_image_verify(ia, target, &fsrc.base, chunk, vd);
	if (ret) {
		mutex_unlock(&ia->op_lock);
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL,
			       "%s could not be read (%d)", ia_target_name(target),
			       ret);
	}
out:
	kvfree(chunk);
	return ret;
}

int ia_verify_region(struct imgauth *ia, int target, struct ia_verdict *vd)
{
	int ret = lock_and_verify(ia, target, vd);

	if (ret)
		return ret;
	mutex_unlock(&ia->op_lock);
	ia_report(ia, IMGAUTH_EV_VERIFY, target, vd);
	return 0;
}

int ia_commit(struct imgauth *ia, int target, struct ia_verdict *vd)
{
	struct ia_rec rec;
	int ret;

	ret = lock_and_verify(ia, target, vd);
	if (ret)
		return ret;
	if (ia_status_ok(vd->status)) {
		ia_rec_get(ia, &rec);
		rec.region[target].state = IMGAUTH_REGION_VALID;
		rec.active = target;
		ret = ia_rec_commit(ia, &rec);
		if (ret)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "boot record write failed (%d)", ret);
		else
			ia_verdict_set(vd, vd->status,
				       "%s is now the active image (%s)",
				       ia_target_name(target),
				       vd->status == IMGAUTH_OK ?
				       IA_MSG_AUTH_OK : IA_MSG_NO_AUTH);
	}
	mutex_unlock(&ia->op_lock);
	ia_report(ia, IMGAUTH_EV_COMMIT, target, vd);
	return 0;
}
