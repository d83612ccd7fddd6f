// SPDX-License-Identifier: GPL-2.0
/*
 * NAND: blocks that are bad, or go bad.
 *
 * Each region of the layout (every NVRAM block, the loader, each image
 * slot) gets a pool of physical erase blocks: its own blocks and a few
 * spares.  Within a pool, the region's logical blocks are the pool's good
 * blocks in order.  A block that fails an erase or a program is marked bad
 * and the pool skips it from then on: only that region's later blocks
 * move, never another region's, so a bad block in the slot being written
 * costs that install (it fails with a flash error and the next one uses a
 * spare), never the active image.  The spares: 1 per NVRAM block (they
 * have copies elsewhere too), 1 in 32 plus 2 for the larger regions.
 *
 * Reads of pages whose bit flips ECC corrected return -EUCLEAN, which
 * storage.c turns into a scrub of the block.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/math64.h>
#include <linux/slab.h>

#include "storage_mtd.h"

struct ia_nand_pool {
	struct ia_pool p;
	u32 ngood;
	u32 *good;		/* physical block numbers, in order */
};

struct ia_nand {
	int n;
	struct ia_nand_pool pool[];
};

static u32 nand_spare(struct ia_storage *st, u32 blocks)
{
	return blocks <= 1 ? 1 : blocks / 32 + 2;
}

/* The good blocks of @np, from the bad-block table. */
static int pool_scan(struct ia_mtd *m, struct ia_nand_pool *np)
{
	u32 e = m->st.erasesize, first = div_u64(np->p.poff, e), i;

	np->ngood = 0;
	for (i = 0; i < np->p.pblocks; i++)
		if (!ia_mtd_isbad(m, (u64)(first + i) * e))
			np->good[np->ngood++] = first + i;
	if (np->ngood < np->p.lblocks) {
		pr_err("%s: %u of the %u blocks at 0x%llx are bad: the region needs %u\n",
		       m->st.name, np->p.pblocks - np->ngood, np->p.pblocks,
		       np->p.poff, np->p.lblocks);
		return -ENOSPC;
	}
	return 0;
}

static int nand_map(struct ia_storage *st, const struct ia_pool *pools, int n)
{
	struct ia_mtd *m = to_mtd(st);
	struct ia_nand *nand;
	u32 bad = 0;
	int i, ret;

	nand = kzalloc(struct_size(nand, pool, n), GFP_KERNEL);
	if (!nand)
		return -ENOMEM;
	nand->n = n;
	m->nand = nand;
	for (i = 0; i < n; i++) {
		struct ia_nand_pool *np = &nand->pool[i];

		np->p = pools[i];
		np->good = kcalloc(np->p.pblocks, sizeof(*np->good), GFP_KERNEL);
		if (!np->good)
			return -ENOMEM;
		ret = pool_scan(m, np);
		if (ret)
			return ret;
		bad += np->p.pblocks - np->ngood;
	}
	pr_info("%s: NAND, %u bad blocks skipped in the regions' pools\n",
		st->name, bad);
	return 0;
}

void ia_nand_free(struct ia_mtd *m)
{
	int i;

	if (!m->nand)
		return;
	for (i = 0; i < m->nand->n; i++)
		kfree(m->nand->pool[i].good);
	kfree(m->nand);
	m->nand = NULL;
}

/* The pool and physical block of logical offset @off. */
static int map_off(struct ia_mtd *m, u64 off, struct ia_nand_pool **pool,
		   u64 *phys)
{
	u32 e = m->st.erasesize;
	int i;

	for (i = 0; i < m->nand->n; i++) {
		struct ia_nand_pool *np = &m->nand->pool[i];
		u64 k;

		if (off < np->p.loff || off - np->p.loff >= (u64)np->p.lblocks * e)
			continue;
		k = div_u64(off - np->p.loff, e);
		if (k >= np->ngood)
			return -ENOSPC;
		*pool = np;
		*phys = (u64)np->good[k] * e + (off - np->p.loff) % e;
		return 0;
	}
	return -EINVAL;
}

/* A block failed to erase or program: mark it bad, let the pool skip it. */
static void went_bad(struct ia_mtd *m, struct ia_nand_pool *np, u64 phys)
{
	u64 blk = rounddown(phys, m->st.erasesize);
	int ret = ia_mtd_markbad(m, blk);

	pr_warn("%s: the block at 0x%llx went bad (%s): the region at 0x%llx skips it from now on\n",
		m->st.name, blk, ret ? "could not mark it" : "marked",
		np->p.loff);
	pool_scan(m, np);
}

/*
 * Run @fn on [off, off + len) one erase block at a time, each mapped.
 * -EUCLEAN from a read is kept (the data is good) and returned at the end.
 */
static int for_each_block(struct ia_mtd *m, u64 off, u64 len, void *buf,
			  int (*fn)(struct ia_mtd *m, u64 phys, void *buf,
				    u64 n),
			  bool writes)
{
	u32 e = m->st.erasesize;
	u8 *b = buf;
	int ret, euclean = 0;

	while (len) {
		struct ia_nand_pool *np;
		u64 phys, n = min_t(u64, len, e - off % e);

		ret = map_off(m, off, &np, &phys);
		if (ret)
			return ret;
		ret = fn(m, phys, b, n);
		if (ret == -EUCLEAN) {
			euclean = ret;
			ret = 0;
		}
		if (ret) {
			if (writes && ret == -EIO)
				went_bad(m, np, phys);
			return ret;
		}
		off += n;
		len -= n;
		if (b)
			b += n;
	}
	return euclean;
}

static int raw_read(struct ia_mtd *m, u64 phys, void *buf, u64 n)
{
	return ia_mtd_read_raw(m, phys, buf, n);
}

static int raw_write(struct ia_mtd *m, u64 phys, void *buf, u64 n)
{
	return ia_mtd_write_raw(m, phys, buf, n);
}

static int raw_erase(struct ia_mtd *m, u64 phys, void *buf, u64 n)
{
	return ia_mtd_erase_raw(m, phys, n);
}

static int nand_read(struct ia_storage *st, u64 off, void *buf, size_t len)
{
	return for_each_block(to_mtd(st), off, len, buf, raw_read, false);
}

static int nand_write(struct ia_storage *st, u64 off, const void *buf,
		      size_t len)
{
	return for_each_block(to_mtd(st), off, len, (void *)buf, raw_write,
			      true);
}

static int nand_erase(struct ia_storage *st, u64 off, u64 len)
{
	return for_each_block(to_mtd(st), off, len, NULL, raw_erase, true);
}

const struct ia_storage_ops ia_mtd_nand_ops = {
	.read = nand_read,
	.write = nand_write,
	.erase = nand_erase,
	.sync = ia_mtd_sync,
	.destroy = ia_mtd_destroy,
	.spare = nand_spare,
	.map = nand_map,
};
