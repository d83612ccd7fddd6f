// SPDX-License-Identifier: GPL-2.0
/*
 * The boot-time check, run once per boot by the init's hook (imgauthctl
 * boot) through IMGAUTH_CMD_BOOT, entirely under op_lock:
 *
 *  1. with loader_check=boot (ISG/NetScreen), verify the boot loader;
 *  2. if the selected image is on trial: with tries left, count this boot
 *     (a new boot record, so a power cut counts at most one boot too
 *     many, never one too few); with none left, its trial failed: select
 *     the other slot again if it holds a committed image that verifies,
 *     and record the failed one as merely staged;
 *  3. verify the selected image; if it fails, verify the other slot and,
 *     when that holds a committed image that verifies, select it.
 *
 * The hook then boots the slot it is told, or starts recovery when
 * nothing verifies.  Every decision is a boot record commit: power-cut
 * safe like an install.  "imgauthctl boot mark-good" (IMGAUTH_CMD_MARK_GOOD)
 * ends a trial once the system runs well.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>

#include "boot.h"
#include "journal.h"
#include "events.h"
#include "install.h"

/* Verify @target as check number res->n; true when it may boot. */
static int check_region(struct imgauth *ia, struct ia_boot_result *res,
			int role, int target, bool *ok)
{
	struct ia_boot_check *c = &res->check[res->n++];
	struct ia_rec rec;
	int ret;

	ia_rec_get(ia, &rec);
	c->role = role;
	c->target = target;
	c->used = rec.region[target].len;
	ret = ia_verify_on_flash(ia, target, &c->vd);
	if (ret)
		return ret;
	ia_log_verdict(target, &c->vd);
	*ok = ia_status_ok(c->vd.status);
	return 0;
}

/* Select @target in a new boot record; flash_lock is taken here. */
static int commit_record(struct imgauth *ia, struct ia_rec *rec)
{
	int ret;

	down_write(&ia->flash_lock);
	ret = ia_rec_commit(ia, rec);
	up_write(&ia->flash_lock);
	return ret;
}

/*
 * Step 2.  Returns 0 with *@done when the trial decided the boot (it
 * expired and the other slot was selected), or -errno.
 */
static int account_trial(struct imgauth *ia, struct ia_boot_result *res,
			 int primary, bool *done)
{
	int other = ia_other_slot(primary);
	struct ia_rec rec;
	bool ok = false;
	int ret;

	*done = false;
	ia_rec_get(ia, &rec);
	if (!(rec.region[primary].flags & IA_REGION_TRIAL))
		return 0;
	if (rec.region[primary].tries) {
		rec.region[primary].tries--;
		ret = commit_record(ia, &rec);
		if (ret)
			return ret;
		res->tries = rec.region[primary].tries;
		pr_info("%s: trial boot, %u left before it must be marked good\n",
			ia_target_name(primary), rec.region[primary].tries);
		return 0;
	}
	if (rec.region[other].state == IMGAUTH_REGION_VALID) {
		ret = check_region(ia, res, IMGAUTH_ROLE_DEFAULT, other, &ok);
		if (ret)
			return ret;
	}
	if (!ok) {
		res->tries = 0;
		pr_warn("%s: its trial ran out, but %s holds no image that verifies: booting it anyway\n",
			ia_target_name(primary), ia_target_name(other));
		return 0;
	}
	ia_rec_get(ia, &rec);
	rec.region[primary].state = IMGAUTH_REGION_STAGED;
	rec.region[primary].flags = 0;
	rec.active = other;
	ret = commit_record(ia, &rec);
	if (ret)
		return ret;
	res->outcome = IMGAUTH_BOOT_TRIAL_EXPIRED;
	res->target = other;
	*done = true;
	ia_journal(ia, IA_JEV_FALLBACK, other, IMGAUTH_OK,
		   rec.region[other].cksum, rec.region[other].sw_version, primary,
		   "trial of %s ran out: back to %s", ia_target_name(primary),
		   ia_target_name(other));
	ia_notify(ia, IMGAUTH_EV_BOOT, other, res->check[res->n - 1].vd.status,
		  "%s was never marked good in its trial boots: %s is the active image again",
		  ia_target_name(primary), ia_target_name(other));
	return 0;
}

static int boot_locked(struct imgauth *ia, struct ia_boot_result *res)
{
	struct ia_rec rec;
	int primary, other, ret;
	bool ok = false, done, loader_ok = true;

	if (ia->loader_check == IMGAUTH_LOADER_CHECK_BOOT) {
		ret = check_region(ia, res, IMGAUTH_ROLE_LOADER,
				   IMGAUTH_TARGET_LOADER, &loader_ok);
		if (ret)
			return ret;
	}
	ia_rec_get(ia, &rec);
	primary = rec.active == IMGAUTH_TARGET_NONE ? IMGAUTH_TARGET_IMAGE0 :
						      rec.active;
	other = ia_other_slot(primary);
	/*
	 * A loader that does not verify stops this boot until it is
	 * replaced: it is not a trial boot of the image.
	 */
	if (rec.active != IMGAUTH_TARGET_NONE && loader_ok) {
		ret = account_trial(ia, res, primary, &done);
		if (ret || done)
			return ret;
	}

	ret = check_region(ia, res, IMGAUTH_ROLE_PRIMARY, primary, &ok);
	if (ret)
		return ret;
	if (ok) {
		res->outcome = IMGAUTH_BOOT_PRIMARY;
		res->target = primary;
		return 0;
	}
	ia_rec_get(ia, &rec);
	ok = false;
	if (rec.region[other].state == IMGAUTH_REGION_VALID) {
		ret = check_region(ia, res, IMGAUTH_ROLE_DEFAULT, other, &ok);
		if (ret)
			return ret;
	}
	if (!ok) {
		res->outcome = IMGAUTH_BOOT_NONE;
		ia_journal(ia, IA_JEV_BOOT, IMGAUTH_TARGET_NONE,
			   res->check[res->n - 1].vd.status, 0, 0, 0,
			   "boot: nothing verifies, recovery needed");
		ia_notify(ia, IMGAUTH_EV_BOOT, IMGAUTH_TARGET_NONE,
			  res->check[res->n - 1].vd.status,
			  "no system image on flash verifies: recovery needed");
		return 0;
	}
	ia_rec_get(ia, &rec);
	ia_rec_select(&rec, other, 0);
	ret = commit_record(ia, &rec);
	if (ret)
		return ret;
	res->outcome = IMGAUTH_BOOT_FALLBACK;
	res->target = other;
	res->tries = -1;
	ia_journal(ia, IA_JEV_FALLBACK, other, IMGAUTH_OK,
		   rec.region[other].cksum, rec.region[other].sw_version, primary,
		   "%s does not verify: booting %s", ia_target_name(primary),
		   ia_target_name(other));
	ia_notify(ia, IMGAUTH_EV_BOOT, other, res->check[res->n - 1].vd.status,
		  "%s does not verify: the default image %s is the active image now",
		  ia_target_name(primary), ia_target_name(other));
	return 0;
}

int ia_boot(struct imgauth *ia, struct ia_boot_result *res)
{
	int ret;

	memset(res, 0, sizeof(*res));
	res->outcome = IMGAUTH_BOOT_NONE;
	res->target = IMGAUTH_TARGET_NONE;
	res->tries = -1;
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret)
		return ret;
	mutex_lock(&ia->state_lock);
	res->key_state = ia->key.state;
	mutex_unlock(&ia->state_lock);
	ret = boot_locked(ia, res);
	mutex_unlock(&ia->op_lock);
	return ret;
}

int ia_mark_good(struct imgauth *ia, struct ia_verdict *vd)
{
	struct ia_rec rec;
	int target, ret;

	memset(vd, 0, sizeof(*vd));
	ret = mutex_lock_interruptible(&ia->op_lock);
	if (ret) {
		ia_verdict_set(vd, IMGAUTH_E_INTERNAL, "interrupted");
		return ret;
	}
	ia_rec_get(ia, &rec);
	target = rec.active;
	if (target == IMGAUTH_TARGET_NONE) {
		ia_verdict_set(vd, IMGAUTH_E_EMPTY, "no image is active");
	} else if (!(rec.region[target].flags & IA_REGION_TRIAL)) {
		/*
		 * A power cut after the record of an earlier mark-good and
		 * before the floor's left the floor behind the known-good
		 * image: it follows now (nothing is written when it is there).
		 */
		down_write(&ia->flash_lock);
		ia_policy_floor_follow(ia, rec.region[target].sw_version);
		up_write(&ia->flash_lock);
		ia_verdict_set(vd, IMGAUTH_OK, "%s is already the known-good image",
			       ia_target_name(target));
	} else {
		rec.region[target].flags = 0;
		rec.region[target].tries = 0;
		down_write(&ia->flash_lock);
		ret = ia_rec_commit(ia, &rec);
		if (!ret)
			ia_policy_floor_follow(ia, rec.region[target].sw_version);
		up_write(&ia->flash_lock);
		if (ret)
			ia_verdict_set(vd, IMGAUTH_E_FLASH,
				       "boot record write failed (%d): %s stays on trial",
				       ret, ia_target_name(target));
		else
			ia_verdict_set(vd, IMGAUTH_OK,
				       "%s marked good: it is the known-good image now",
				       ia_target_name(target));
		ia_journal(ia, IA_JEV_MARK_GOOD, target, vd->status,
			   rec.region[target].cksum,
			   rec.region[target].sw_version, 0, "mark-good %s: %s",
			   ia_target_name(target), ia_status_name(vd->status));
	}
	mutex_unlock(&ia->op_lock);
	ia_notify(ia, IMGAUTH_EV_MARK_GOOD, target, vd->status, "%s", vd->msg);
	return ret;
}
