// SPDX-License-Identifier: GPL-2.0
/*
 * Bounds-checked access to the flash backend, the erase-program-verify
 * cycle that every NVRAM update goes through, the fault-injection hooks
 * and the marks of blocks to scrub.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/bitmap.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fault.h"
#include "storage.h"

static bool st_in_range(struct ia_storage *st, u64 off, u64 len)
{
	return off <= st->size && len <= st->size - off;
}

static void mark_for_scrub(struct ia_storage *st, u64 off, size_t len)
{
	u64 first = div_u64(off, st->erasesize);
	u64 last = div_u64(off + len - 1, st->erasesize), b;

	bool marked = false;

	if (!st->scrub_map || !len || READ_ONCE(st->scrubbing))
		return;
	for (b = first; b <= last; b++) {
		if (test_bit(b, st->scrubbed_map)) {
			pr_warn_ratelimited("%s: the erase block at 0x%llx needs correction again after it was rewritten: it is wearing out\n",
					    st->name, b * st->erasesize);
			continue;
		}
		if (!test_and_set_bit(b, st->scrub_map)) {
			pr_warn_ratelimited("%s: corrected bit flips in the erase block at 0x%llx: it will be rewritten\n",
					    st->name, b * st->erasesize);
			marked = true;
		}
	}
	if (marked && st->scrub_notify)
		st->scrub_notify(st->scrub_ctx);
}

u32 ia_st_spare(struct ia_storage *st, u32 blocks)
{
	return st->ops->spare ? st->ops->spare(st, blocks) : 0;
}

int ia_st_map(struct ia_storage *st, const struct ia_pool *pools, int n)
{
	return st->ops->map ? st->ops->map(st, pools, n) : 0;
}

/*
 * What a read of [@off, @off + @len) that returned @ret means: fault
 * injection may fail a good one, and corrected bit flips (-EUCLEAN) are
 * good data whose blocks get scrubbed.
 */
static int read_outcome(struct ia_storage *st, u64 off, size_t len, int ret)
{
	if (!ret)
		ret = ia_fault_read(st->fault);
	if (ret == -EUCLEAN) {
		mark_for_scrub(st, off, len);
		ret = 0;
	}
	return ret;
}

int ia_st_read(struct ia_storage *st, u64 off, void *buf, size_t len)
{
	if (!st_in_range(st, off, len))
		return -EINVAL;
	return read_outcome(st, off, len, st->ops->read(st, off, buf, len));
}

int ia_st_readback(struct ia_storage *st, u64 off, const void *buf,
		   void *check, size_t len)
{
	bool differs = false;
	int ret = -EOPNOTSUPP;

	if (!st_in_range(st, off, len))
		return -EINVAL;
	if (st->ops->compare)
		ret = st->ops->compare(st, off, buf, len);
	if (ret == -EBADMSG) {
		differs = true;
		ret = 0;
	} else if (ret == -EOPNOTSUPP) {
		ret = st->ops->read(st, off, check, len);
		/* Uncorrectable ECC is an I/O error, not a mismatch. */
		if (ret == -EBADMSG)
			ret = -EIO;
		if (!ret || ret == -EUCLEAN)
			differs = memcmp(buf, check, len) != 0;
	}
	/* A read like ia_st_read()'s; only a good one can differ. */
	ret = read_outcome(st, off, len, ret);
	if (!ret && differs)
		ret = -EBADMSG;
	return ret;
}

/*
 * Fault injection: program @buf with the lowest programmed (0) bit of its
 * first programmed byte left at 1, and report success.
 */
static int write_stuck(struct ia_storage *st, u64 off, const void *buf,
		       size_t len)
{
	u8 *copy = kvmalloc(len, GFP_KERNEL);
	size_t i;
	int ret;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	for (i = 0; i < len; i++) {
		if (copy[i] != 0xff) {
			/* b | (b + 1): the lowest 0 bit of b set */
			copy[i] |= copy[i] + 1;
			pr_warn("fault: program %zu bytes at 0x%llx with a stuck bit at +%zu\n",
				len, off, i);
			break;
		}
	}
	ret = st->ops->write(st, off, copy, len);
	kvfree(copy);
	return ret;
}

int ia_st_write(struct ia_storage *st, u64 off, const void *buf, size_t len)
{
	size_t torn = 0;
	int cut;

	if (!st_in_range(st, off, len) || off % st->writesize ||
	    len % st->writesize)
		return -EINVAL;
	cut = ia_fault_op(st->fault);
	if (cut < 0)
		return cut;
	if (cut) {
		/* A power cut in the middle: the first part lands. */
		torn = ia_fault_cut_part(st->fault, len, st->writesize);
		if (torn)
			st->ops->write(st, off, buf, torn);
		return -EIO;
	}
	if (ia_fault_stuck(st->fault))
		return write_stuck(st, off, buf, len);
	return st->ops->write(st, off, buf, len);
}

int ia_st_erase(struct ia_storage *st, u64 off, u64 len)
{
	u64 torn;
	int cut;

	if (!st_in_range(st, off, len) || off % st->erasesize ||
	    len % st->erasesize)
		return -EINVAL;
	cut = ia_fault_op(st->fault);
	if (cut < 0)
		return cut;
	if (cut) {
		/* Cut in the middle of a multi-block erase: part is erased. */
		torn = ia_fault_cut_part(st->fault, len, st->erasesize);
		if (torn)
			st->ops->erase(st, off, torn);
		return -EIO;
	}
	return st->ops->erase(st, off, len);
}

void ia_st_sync(struct ia_storage *st)
{
	if (st->ops->sync)
		st->ops->sync(st);
}

void ia_st_destroy(struct ia_storage *st)
{
	if (!st)
		return;
	bitmap_free(st->scrub_map);
	bitmap_free(st->scrubbed_map);
	st->ops->destroy(st);
}

int ia_st_scrub_init(struct ia_storage *st)
{
	unsigned long nblocks = div_u64(st->size, st->erasesize);

	st->scrub_map = bitmap_zalloc(nblocks, GFP_KERNEL);
	st->scrubbed_map = bitmap_zalloc(nblocks, GFP_KERNEL);
	return st->scrub_map && st->scrubbed_map ? 0 : -ENOMEM;
}

bool ia_st_scrub_next(struct ia_storage *st, u64 *block_off)
{
	unsigned long nblocks, b;

	if (!st->scrub_map)
		return false;
	nblocks = div_u64(st->size, st->erasesize);
	for (b = find_first_bit(st->scrub_map, nblocks); b < nblocks;
	     b = find_next_bit(st->scrub_map, nblocks, b + 1)) {
		if (test_and_clear_bit(b, st->scrub_map)) {
			set_bit(b, st->scrubbed_map);
			*block_off = (u64)b * st->erasesize;
			return true;
		}
	}
	return false;
}

/* Erase, program @len bytes of @buf (a multiple of writesize), compare. */
static int erase_program_verify(struct ia_storage *st, u64 block_off,
				const u8 *buf, size_t len, u8 *check)
{
	int ret;

	ret = ia_st_erase(st, block_off, st->erasesize);
	if (ret)
		return ret;
	ret = ia_st_write(st, block_off, buf, len);
	if (ret)
		return ret;
	ia_st_sync(st);
	ret = ia_st_readback(st, block_off, buf, check, len);
	if (ret == -EBADMSG) {
		pr_err("%s: read-back mismatch at 0x%llx\n", st->name,
		       block_off);
		return -EIO;
	}
	return ret;
}

int ia_st_refresh_block(struct ia_storage *st, u64 block_off)
{
	u8 *buf, *check;
	int ret;

	buf = kvmalloc(st->erasesize, GFP_KERNEL);
	check = kvmalloc(st->erasesize, GFP_KERNEL);
	ret = -ENOMEM;
	if (!buf || !check)
		goto out;
	ret = ia_st_read(st, block_off, buf, st->erasesize);
	if (!ret)
		ret = erase_program_verify(st, block_off, buf, st->erasesize,
					   check);
out:
	kvfree(check);
	kvfree(buf);
	return ret;
}

int ia_st_rewrite_block(struct ia_storage *st, u64 block_off,
			const void *data, size_t len)
{
	size_t padded = round_up(len, st->writesize);
	u8 *buf;
	int ret;

	if (padded > st->erasesize)
		return -EINVAL;
	buf = kmalloc(2 * padded, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, data, len);
	memset(buf + len, 0xff, padded - len);
	ret = erase_program_verify(st, block_off, buf, padded, buf + padded);
	kfree(buf);
	return ret;
}
