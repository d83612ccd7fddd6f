// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, for tests only (module parameter fault_inject=1).
 *
 * /sys/kernel/debug/imgauth/
 *	ops         erase and program operations issued so far (read-only)
 *	cut_at      the operation number that is cut, 0 for none: it does
 *	            part of its work (cut_keep percent of a program, of a
 *	            multi-block erase) and fails, and from then on every erase
 *	            and program fails with -EIO, as if power had gone.  Reload
 *	            the module on the same flash to see what a power cut leaves.
 *	cut_keep    how much of the cut operation lands, in percent (default
 *	            50; 0: a program cut before its first byte, right after
 *	            the erase before it)
 *	frozen      1 after a cut; writing 0 thaws the flash
 *	reads       reads issued so far (read-only)
 *	euclean_at  the read number that reports corrected bit flips
 *	            (-EUCLEAN, the data itself is good), 0 for none
 *	eio_read_at the read number that fails with -EIO, 0 for none
 *	eio_read_count  how many reads from eio_read_at on fail (0 or 1:
 *	            that one only), to fail both copies of a record
 *	stuck_at    the operation number of a program that lands with one
 *	            bit left erased (a cell that would not program) and
 *	            reports success, as a worn chip does: only the read-back
 *	            can tell; 0 for none
 *
 * cut_at, cut_keep, euclean_at, eio_read_at and eio_read_count can also be
 * given at load (module parameters fault_cut_at, fault_cut_keep,
 * fault_euclean_at, fault_eio_read_at, fault_eio_read_count), so that
 * what the load itself does can be cut, see bit flips or fail a read:
 * formatting blank key slots, the reads of the NVRAM records and the
 * scrub they start.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "fault.h"

struct ia_fault {
	spinlock_t lock;	/* the counters and the cut */
	u64 ops;
	u64 cut_at;
	u64 cut_keep;
	bool frozen;
	u64 reads;
	u64 euclean_at;
	u64 eio_read_at;
	u64 eio_read_count;
	u64 stuck_at;
	struct dentry *dir;
};

int ia_fault_op(struct ia_fault *f)
{
	int ret = 0;

	if (!f)
		return 0;
	spin_lock(&f->lock);
	if (f->frozen) {
		ret = -EIO;
	} else if (++f->ops == f->cut_at) {
		f->frozen = true;
		ret = 1;
	}
	spin_unlock(&f->lock);
	if (ret == 1)
		pr_warn("fault: power cut at flash operation %llu\n", f->cut_at);
	return ret;
}

int ia_fault_read(struct ia_fault *f)
{
	int ret = 0;

	if (!f)
		return 0;
	spin_lock(&f->lock);
	++f->reads;
	if (f->reads == f->euclean_at)
		ret = -EUCLEAN;
	else if (f->eio_read_at && f->reads >= f->eio_read_at &&
		 f->reads - f->eio_read_at < max_t(u64, f->eio_read_count, 1))
		ret = -EIO;
	spin_unlock(&f->lock);
	return ret;
}

bool ia_fault_stuck(struct ia_fault *f)
{
	bool ret;

	if (!f)
		return false;
	spin_lock(&f->lock);
	ret = f->stuck_at && f->ops == f->stuck_at;
	spin_unlock(&f->lock);
	return ret;
}

u64 ia_fault_cut_part(struct ia_fault *f, u64 len, u64 unit)
{
	u64 keep = min_t(u64, READ_ONCE(f->cut_keep), 100);

	return rounddown(div64_u64(len * keep, 100), unit);
}

struct ia_fault *ia_fault_create(u64 cut_at, u64 cut_keep, u64 euclean_at,
				 u64 eio_read_at, u64 eio_read_count)
{
	struct ia_fault *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&f->lock);
	f->cut_at = cut_at;
	f->cut_keep = cut_keep;
	f->euclean_at = euclean_at;
	f->eio_read_at = eio_read_at;
	f->eio_read_count = eio_read_count;
	f->dir = debugfs_create_dir("imgauth", NULL);
	if (IS_ERR(f->dir)) {
		int ret = PTR_ERR(f->dir);

		kfree(f);
		return ERR_PTR(ret);
	}
	debugfs_create_u64("ops", 0400, f->dir, &f->ops);
	debugfs_create_u64("cut_at", 0600, f->dir, &f->cut_at);
	debugfs_create_u64("cut_keep", 0600, f->dir, &f->cut_keep);
	debugfs_create_bool("frozen", 0600, f->dir, &f->frozen);
	debugfs_create_u64("reads", 0400, f->dir, &f->reads);
	debugfs_create_u64("euclean_at", 0600, f->dir, &f->euclean_at);
	debugfs_create_u64("eio_read_at", 0600, f->dir, &f->eio_read_at);
	debugfs_create_u64("eio_read_count", 0600, f->dir, &f->eio_read_count);
	debugfs_create_u64("stuck_at", 0600, f->dir, &f->stuck_at);
	pr_warn("fault injection enabled: /sys/kernel/debug/imgauth (tests only)\n");
	return f;
}

void ia_fault_destroy(struct ia_fault *f)
{
	if (!f)
		return;
	debugfs_remove_recursive(f->dir);
	kfree(f);
}
