// SPDX-License-Identifier: GPL-2.0
/*
 * Bounds-checked access to the flash backend, and the erase-program-verify
 * cycle that every NVRAM update goes through.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "storage.h"

static bool st_in_range(struct ia_storage *st, u64 off, u64 len)
{
	return off <= st->size && len <= st->size - off;
}

int ia_st_read(struct ia_storage *st, u64 off, void *buf, size_t len)
{
	if (!st_in_range(st, off, len))
		return -EINVAL;
	return st->ops->read(st, off, buf, len);
}

int ia_st_write(struct ia_storage *st, u64 off, const void *buf, size_t len)
{
	if (!st_in_range(st, off, len) || off % st->writesize ||
	    len % st->writesize)
		return -EINVAL;
	return st->ops->write(st, off, buf, len);
}

int ia_st_erase(struct ia_storage *st, u64 off, u64 len)
{
	if (!st_in_range(st, off, len) || off % st->erasesize ||
	    len % st->erasesize)
		return -EINVAL;
	return st->ops->erase(st, off, len);
}

void ia_st_sync(struct ia_storage *st)
{
	if (st->ops->sync)
		st->ops->sync(st);
}

void ia_st_destroy(struct ia_storage *st)
{
	if (st)
		st->ops->destroy(st);
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

	ret = ia_st_erase(st, block_off, st->erasesize);
	if (ret)
		goto out;
	ret = ia_st_write(st, block_off, buf, padded);
	if (ret)
		goto out;
	ia_st_sync(st);
	ret = ia_st_read(st, block_off, buf + padded, padded);
	if (ret)
		goto out;
	if (memcmp(buf, buf + padded, padded)) {
		pr_err("%s: read-back mismatch at 0x%llx\n", st->name,
		       block_off);
		ret = -EIO;
	}
out:
	kfree(buf);
	return ret;
}
