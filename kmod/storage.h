/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flash backends behind one small interface: MTD on real appliances (and
 * mtdram/block2mtd in tests), RAM when the module is loaded bare.
 */
#ifndef _IMGAUTH_STORAGE_H
#define _IMGAUTH_STORAGE_H

#include <linux/types.h>

struct ia_storage;
struct ia_fault;
struct ia_pool;

/**
 * struct ia_storage_ops - what a backend provides
 * @read: read @len bytes at @off; -EUCLEAN means the data is good but
 *	needed error correction (the block should be rewritten)
 * @write: program @len bytes at @off; @off and @len are multiples of
 *	writesize and the range was erased
 * @erase: erase [@off, @off + @len), whole erase blocks
 * @compare: compare @len bytes at @off with @buf where the flash is
 *	ordinary memory, without copying them out: 0 when equal, -EBADMSG
 *	when not, -EOPNOTSUPP to have the caller read and compare instead
 *	(never -EUCLEAN: a backend with ECC reads); NULL: always read
 * @sync: make previous writes durable
 * @destroy: release the backend
 * @spare: NAND: how many spare erase blocks a region of @blocks needs
 *	(for blocks that are or go bad); NULL: none
 * @map: NAND: place the regions (struct ia_pool) on good blocks; NULL:
 *	logical offsets are physical ones
 *
 * Offsets are checked against the size by the callers in storage.c.
 */
struct ia_storage_ops {
	int (*read)(struct ia_storage *st, u64 off, void *buf, size_t len);
	int (*write)(struct ia_storage *st, u64 off, const void *buf,
		     size_t len);
	int (*erase)(struct ia_storage *st, u64 off, u64 len);
	int (*compare)(struct ia_storage *st, u64 off, const void *buf,
		       size_t len);
	void (*sync)(struct ia_storage *st);
	void (*destroy)(struct ia_storage *st);
	u32 (*spare)(struct ia_storage *st, u32 blocks);
	int (*map)(struct ia_storage *st, const struct ia_pool *pools, int n);
};

/**
 * struct ia_pool - one region of the layout on a flash with bad blocks
 * @loff: its logical offset (what the rest of the module uses)
 * @lblocks: its size in erase blocks
 * @poff: the physical offset of its pool of blocks
 * @pblocks: the pool's size: @lblocks and the spares
 */
struct ia_pool {
	u64 loff;
	u32 lblocks;
	u64 poff;
	u32 pblocks;
};

/**
 * struct ia_storage - one flash device
 * @ops: the backend
 * @name: "ram" or "mtd:NAME"
 * @size: bytes
 * @erasesize: erase block size
 * @writesize: programming unit
 * @mtd_index: the MTD device number, -1 for RAM
 * @fault: fault injection (fault.c), NULL unless the module enables it
 * @scrub_map: erase blocks whose data needed error correction when read
 * @scrubbed_map: erase blocks rewritten once already since load: a block
 *	that needs correction again is worn, and is not rewritten again (a
 *	stuck bit would otherwise have it rewritten forever)
 * @scrubbing: a scrub is reading its own block: no new marks
 * @scrub_notify: called (from any context that may sleep) when a bit was
 *	set in @scrub_map
 * @scrub_ctx: its argument
 */
struct ia_storage {
	const struct ia_storage_ops *ops;
	char name[40];
	u64 size;
	u32 erasesize;
	u32 writesize;
	int mtd_index;
	struct ia_fault *fault;
	unsigned long *scrub_map;
	unsigned long *scrubbed_map;
	bool scrubbing;
	void (*scrub_notify)(void *ctx);
	void *scrub_ctx;
};

struct ia_storage *ia_storage_ram_create(u64 size, u32 erasesize);
struct ia_storage *ia_storage_mtd_create(const char *spec);

/*
 * Reads that needed error correction succeed (the data is good) and mark
 * their erase blocks for scrubbing; see ia_st_scrub_next().
 */
/* Spare blocks a region of @blocks erase blocks needs (0 but on NAND). */
u32 ia_st_spare(struct ia_storage *st, u32 blocks);
/* Place the regions; after it, offsets are logical.  0 or -errno. */
int ia_st_map(struct ia_storage *st, const struct ia_pool *pools, int n);

int ia_st_read(struct ia_storage *st, u64 off, void *buf, size_t len);
int ia_st_write(struct ia_storage *st, u64 off, const void *buf, size_t len);
/**
 * ia_st_readback() - read back what was just programmed and compare
 * @st: the flash
 * @off: where it was programmed
 * @buf: what was programmed there (@len bytes)
 * @check: room for @len bytes, for the read-back when the backend cannot
 *	compare in place
 * @len: bytes
 *
 * Counts as one read, for -EUCLEAN (marked for scrubbing, then good) and
 * fault injection, like ia_st_read().
 *
 * Return: 0 when flash holds @buf, -EBADMSG when it does not, else the
 * read's error (uncorrectable ECC is -EIO).
 */
int ia_st_readback(struct ia_storage *st, u64 off, const void *buf,
		   void *check, size_t len);
int ia_st_erase(struct ia_storage *st, u64 off, u64 len);
void ia_st_sync(struct ia_storage *st);
void ia_st_destroy(struct ia_storage *st);

/* Allocate the scrub map; 0 or -ENOMEM. */
int ia_st_scrub_init(struct ia_storage *st);

/*
 * Take the next erase block marked for scrubbing: true with its offset in
 * *@block_off (and its mark cleared), false when none is marked.
 */
bool ia_st_scrub_next(struct ia_storage *st, u64 *block_off);

/*
 * Rewrite one whole erase block with what it holds now: read, erase,
 * program, read back and compare.  The caller knows that a power cut in
 * the middle leaves a copy elsewhere.
 */
int ia_st_refresh_block(struct ia_storage *st, u64 block_off);

/*
 * Replace the start of one erase block with @len bytes: erase, program
 * (padded to writesize with 0xff), read back and compare.  For NVRAM.
 */
int ia_st_rewrite_block(struct ia_storage *st, u64 block_off,
			const void *data, size_t len);

#endif
