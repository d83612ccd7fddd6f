// SPDX-License-Identifier: GPL-2.0
/*
 * Scrubbing: an erase block whose read reported corrected bit flips is
 * rewritten with its (corrected) contents, from a work item that takes
 * op_lock and flash_lock like any other writer (an install waits for it,
 * never fails because of it).  Each block is rewritten at most once per
 * load: one that needs correction again is reported as wearing out.
 *
 * A rewrite is an erase followed by a program, so a power cut in between
 * loses that block.  Each block is therefore rewritten only where a copy
 * elsewhere survives such a cut:
 *  - a key slot: the two other slots hold the key (and repair it at load);
 *  - the boot record copy that is not current: the current one stays;
 *  - the current boot record copy: by committing the record twice, which
 *    rewrites first the other copy and then this one, so that one good
 *    copy of the newest record exists at every moment;
 *  - the current key policy copy: the same way (rewritten in place, a cut
 *    would leave the older copy in effect: an earlier lock, floor or
 *    statement counter);
 *  - an image slot when the other slot holds a committed image, or when
 *    it is not the active one: the device stays bootable;
 *  - never the boot loader, which has no second copy: it is only logged,
 *    with the advice to install the loader again.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/sched.h>
#include <linux/workqueue.h>

#include "imgauth.h"
#include "scrub.h"

static bool in_region(const struct ia_region *r, u64 off)
{
	return off >= r->offset && off - r->offset < r->size;
}

static int refresh_record(struct imgauth *ia)
{
	struct ia_rec rec;
	int i, ret = 0;

	for (i = 0; i < 2 && !ret; i++) {
		ia_rec_get(ia, &rec);
		ret = ia_rec_commit(ia, &rec);
	}
	return ret;
}

static int refresh_policy(struct imgauth *ia)
{
	struct ia_policy p;
	int i, ret = 0;

	for (i = 0; i < 2 && !ret; i++) {
		ia_policy_get(ia, &p);
		ret = ia_policy_commit(ia, &p);
	}
	return ret;
}

static void scrub_block(struct imgauth *ia, u64 off)
{
	struct ia_storage *st = ia->st;
	struct ia_policy pol;
	struct ia_rec rec;
	int i, ret;

	ia_rec_get(ia, &rec);
	if (in_region(&ia->region[IMGAUTH_TARGET_LOADER], off)) {
		pr_warn("%s: boot loader block at 0x%llx has corrected bit flips; it has no second copy, so it is not rewritten: install the boot loader again to refresh it\n",
			st->name, off);
		return;
	}
	for (i = IMGAUTH_TARGET_IMAGE0; i <= IMGAUTH_TARGET_IMAGE1; i++) {
		int other = i == IMGAUTH_TARGET_IMAGE0 ? IMGAUTH_TARGET_IMAGE1 :
							 IMGAUTH_TARGET_IMAGE0;

		if (in_region(&ia->region[i], off) && rec.active == i &&
		    rec.region[other].state != IMGAUTH_REGION_VALID) {
			pr_warn("%s: block at 0x%llx of the only bootable image (%s) has corrected bit flips; not rewritten while %s holds no image\n",
				st->name, off, ia_target_name(i),
				ia_target_name(other));
			return;
		}
	}
	ia_policy_get(ia, &pol);
	if (rec.copy >= 0 && off == ia->nvram[ia_rec_block(&rec)]) {
		ret = refresh_record(ia);
	} else if (pol.st.copy >= 0 &&
		   off == ia->nvram[pol.st.copy ? IA_NV_POL_B : IA_NV_POL_A]) {
		ret = refresh_policy(ia);
	} else if (pol.state != IMGAUTH_POLICY_OK &&
		 (off == ia->nvram[IA_NV_POL_A] || off == ia->nvram[IA_NV_POL_B])) {
		/*
		 * A key policy not in effect (damaged, or a first write cut
		 * short) is left as it is: rewritten in place and cut, a
		 * damaged copy could read as never written (policy.c).
		 */
		pr_warn("%s: block at 0x%llx of a key policy not in effect has corrected bit flips; not rewritten\n",
			st->name, off);
		return;
	} else {
		ret = ia_st_refresh_block(st, off);
	}
	if (ret)
		pr_err("%s: rewriting the block at 0x%llx failed (%d)\n",
		       st->name, off, ret);
	else
		pr_info("%s: block at 0x%llx rewritten (scrubbed)\n", st->name,
			off);
}

static void scrub_work(struct work_struct *work)
{
	struct imgauth *ia = container_of(work, struct imgauth, scrub_work);
	u64 off;

	mutex_lock(&ia->op_lock);
	down_write(&ia->flash_lock);
	/* Its own reads must not mark blocks again. */
	WRITE_ONCE(ia->st->scrubbing, true);
	while (ia_st_scrub_next(ia->st, &off)) {
		scrub_block(ia, off);
		cond_resched();
	}
	WRITE_ONCE(ia->st->scrubbing, false);
	up_write(&ia->flash_lock);
	mutex_unlock(&ia->op_lock);
}

static void scrub_notify(void *ctx)
{
	struct imgauth *ia = ctx;

	schedule_work(&ia->scrub_work);
}

int ia_scrub_init(struct imgauth *ia)
{
	int ret = ia_st_scrub_init(ia->st);

	if (ret)
		return ret;
	INIT_WORK(&ia->scrub_work, scrub_work);
	ia->st->scrub_ctx = ia;
	ia->st->scrub_notify = scrub_notify;
	return 0;
}

void ia_scrub_exit(struct imgauth *ia)
{
	ia->st->scrub_notify = NULL;
	cancel_work_sync(&ia->scrub_work);
}
