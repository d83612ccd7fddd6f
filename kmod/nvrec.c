// SPDX-License-Identifier: GPL-2.0
/*
 * Two-copy NVRAM records: choose the current copy, commit a new one, and
 * tell honestly whether a commit that reported an error took effect.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "imgauth.h"
#include "nvrec.h"

int ia_nvrec_read(struct imgauth *ia, const struct ia_nvrec_desc *d,
		  u8 *buf, int *cur, bool *blank)
{
	bool ok[2];
	int i, ret;

	*blank = true;
	for (i = 0; i < 2; i++) {
		u8 *b = buf + i * d->size;

		/* An unreadable copy is a bad one: the other may do. */
		ret = ia_st_read(ia->st, ia->nvram[d->block[i]], b, d->size);
		if (ret) {
			pr_err("%s: copy %c unreadable (%d)\n", d->name,
			       'A' + i, ret);
			/*
			 * The driver may have filled @b all the same (mtd does
			 * on -EBADMSG): zeros, so that what could not be read
			 * never looks erased to a caller (the key policy takes
			 * an erased copy B for one never written).
			 */
			memset(b, 0, d->size);
			*blank = false;
			ok[i] = false;
			continue;
		}
		if (!ia_nvrec_erased(b, d->size))
			*blank = false;
		ok[i] = ia_nvrec_valid(b, d->size, d->magic);
	}
	*cur = ia_nvrec_pick(ok[0], ia_get_be32(buf + 4), ok[1],
			     ia_get_be32(buf + d->size + 4));
	return 0;
}

int ia_nvrec_commit(struct imgauth *ia, const struct ia_nvrec_desc *d,
		    struct ia_nvrec_state *st, u8 *b)
{
	int next = ia_nvrec_next_copy(st->copy, st->write_b_first);
	int now, ret, err;
	u32 seq = st->seq + 1;
	bool blank;
	u8 *copies;

	lockdep_assert_held_write(&ia->flash_lock);
	ia_nvrec_seal(b, d->size, d->magic, seq);
	ret = ia_st_rewrite_block(ia->st, ia->nvram[d->block[next]], b,
				  d->size);
	if (!ret)
		goto landed;
	/*
	 * The write or its read-back failed, but the new copy may still have
	 * landed: what the next boot will use is what flash holds now.
	 */
	copies = kmalloc(2 * d->size, GFP_KERNEL);
	if (!copies)
		goto failed;
	err = ia_nvrec_read(ia, d, copies, &now, &blank);
	if (!err && now == next && !memcmp(copies + next * d->size, b, d->size)) {
		kfree(copies);
		pr_warn("%s: write reported %d, but record %u is on flash and in effect\n",
			d->name, ret, seq);
		goto landed;
	}
	kfree(copies);
failed:
	pr_err("%s: write failed (%d), keeping record %u\n", d->name, ret,
	       st->seq);
	return ret;
landed:
	st->seq = seq;
	st->copy = next;
	st->write_b_first = false;
	return 0;
}
