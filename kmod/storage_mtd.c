// SPDX-License-Identifier: GPL-2.0
/*
 * MTD backend: the module's regions on one MTD device (a flash partition
 * on an appliance; mtdram or block2mtd in tests).
 *
 * imgauth must be the only writer of that MTD, or "no unverified byte
 * reaches flash" would hold only for writes that ask nicely.  So binding
 * claims it:
 *  - MTD_WRITEABLE is cleared.  The MTD core checks it on every erase and
 *    program (mtd_erase, mtd_write, mtd_writev, mtd_panic_write), and
 *    mtdchar refuses to open the device for writing without it, so
 *    flash_erase, flashcp, dd on /dev/mtdN fail with EACCES and writes
 *    through /dev/mtdblockN or any other kernel user fail with EROFS.
 *  - The same for every other MTD that overlaps it on the chip: the whole
 *    chip's device, parent partitions, sub-partitions, partitions added
 *    later (an MTD notifier sees each one come and go).
 *  - A device already in use is refused: every open holds a reference on
 *    the flash driver's module, and ours must be the only one (so an open
 *    device of the same driver elsewhere refuses too, and a built-in
 *    driver cannot be checked).  The flag is cleared first, so an open
 *    that comes after the check cannot write.
 *  - imgauth itself programs and erases through the driver's own
 *    operations on the master device, with the partition offset applied:
 *    the part of mtd_write()/mtd_erase() that a NOR flash needs.
 * Unbinding gives the flag back.  On NAND the regions are placed on good
 * blocks with spares (storage_nand.c).
 *
 * The MTD core is bound at run time with symbol_request() rather than by
 * link-time symbol references, so that "insmod imgauth.ko" works on a
 * system without mtd.ko loaded (RAM backend) and the MTD core is pulled in
 * only when mtd= asks for it.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mtd/mtd.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "storage.h"
#include "storage_mtd.h"

/* The MTD notifier callbacks carry no context: there is one device. */
static struct ia_mtd *ia_mtd_owner;

static void api_put(struct ia_mtd_api *api)
{
	if (api->get)
		symbol_put(get_mtd_device);
	if (api->get_nm)
		symbol_put(get_mtd_device_nm);
	if (api->put)
		symbol_put(put_mtd_device);
	if (api->read)
		symbol_put(mtd_read);
	if (api->point)
		symbol_put(mtd_point);
	if (api->unpoint)
		symbol_put(mtd_unpoint);
	if (api->notify_on)
		symbol_put(register_mtd_user);
	if (api->notify_off)
		symbol_put(unregister_mtd_user);
}

static int api_get(struct ia_mtd_api *api)
{
	api->get = symbol_request(get_mtd_device);
	api->get_nm = symbol_request(get_mtd_device_nm);
	api->put = symbol_request(put_mtd_device);
	api->read = symbol_request(mtd_read);
	api->point = symbol_request(mtd_point);
	api->unpoint = symbol_request(mtd_unpoint);
	api->notify_on = symbol_request(register_mtd_user);
	api->notify_off = symbol_request(unregister_mtd_user);
	if (api->get && api->get_nm && api->put && api->read &&
	    api->notify_on && api->notify_off)
		return 0;
	api_put(api);
	return -ENODEV;
}

int ia_mtd_read_raw(struct ia_mtd *m, u64 off, void *buf, size_t len)
{
	size_t retlen = 0;
	int ret;

	ret = m->api.read(m->mtd, off, len, &retlen, buf);
	/* -EUCLEAN: good data after correction; storage.c marks the block. */
	if ((!ret || ret == -EUCLEAN) && retlen != len)
		ret = -EIO;
	return ret;
}

int ia_mtd_write_raw(struct ia_mtd *m, u64 off, const void *buf, size_t len)
{
	struct mtd_info *mtd = m->mtd;
	struct mtd_info *master = mtd_get_master(mtd);
	loff_t to = mtd_get_master_ofs(mtd, off);
	size_t retlen = 0;
	int ret;

	if (master->_write_oob) {
		struct mtd_oob_ops ops = {
			.mode = MTD_OPS_PLACE_OOB,
			.len = len,
			.datbuf = (u8 *)buf,
		};

		ret = master->_write_oob(master, to, &ops);
		retlen = ops.retlen;
	} else if (master->_write) {
		ret = master->_write(master, to, len, &retlen, buf);
	} else {
		return -EROFS;
	}
	if (!ret && retlen != len)
		ret = -EIO;
	return ret;
}

int ia_mtd_erase_raw(struct ia_mtd *m, u64 off, u64 len)
{
	struct mtd_info *mtd = m->mtd;
	struct mtd_info *master = mtd_get_master(mtd);
	struct erase_info ei = {
		.addr = mtd_get_master_ofs(mtd, off),
		.len = len,
		.fail_addr = MTD_FAIL_ADDR_UNKNOWN,
	};
	int ret;

	if (!master->_erase)
		return -EROFS;
	ret = master->_erase(master, &ei);
	if (ret)
		pr_err("%s: erase at 0x%llx failed (%d)\n", m->st.name,
		       ei.fail_addr, ret);
	return ret;
}

bool ia_mtd_isbad(struct ia_mtd *m, u64 off)
{
	struct mtd_info *master = mtd_get_master(m->mtd);

	return master->_block_isbad &&
	       master->_block_isbad(master, mtd_get_master_ofs(m->mtd, off)) > 0;
}

/* Not through mtd_block_markbad(): it wants MTD_WRITEABLE, cleared here. */
int ia_mtd_markbad(struct ia_mtd *m, u64 off)
{
	struct mtd_info *master = mtd_get_master(m->mtd);

	if (!master->_block_markbad)
		return -EOPNOTSUPP;
	return master->_block_markbad(master, mtd_get_master_ofs(m->mtd, off));
}

static int mtd_backend_read(struct ia_storage *st, u64 off, void *buf,
			    size_t len)
{
	return ia_mtd_read_raw(to_mtd(st), off, buf, len);
}

/*
 * The read-back on mtdram, whose contents are vmalloc()ed kernel memory
 * that mtd_point() maps: compare in place instead of copying the bytes out
 * first.  Only mtdram: other MTD_RAM drivers (physmap's map_ram, plat-ram)
 * point into ioremap()ed device memory, where memcmp()'s loads are not
 * allowed everywhere, and block2mtd has no mapping.  Everywhere else, and
 * whenever the mapping is refused or partial, the caller reads.
 */
static bool maps_kernel_memory(struct mtd_info *mtd)
{
	struct mtd_info *master = mtd_get_master(mtd);

	return master->type == MTD_RAM && master->owner &&
	       !strcmp(module_name(master->owner), "mtdram");
}

static int mtd_backend_compare(struct ia_storage *st, u64 off,
			       const void *buf, size_t len)
{
	struct ia_mtd *m = to_mtd(st);
	size_t retlen = 0;
	void *virt = NULL;
	int ret;

	if (!m->api.point || !m->api.unpoint || !maps_kernel_memory(m->mtd))
		return -EOPNOTSUPP;
	if (m->api.point(m->mtd, off, len, &retlen, &virt, NULL))
		return -EOPNOTSUPP;
	ret = -EOPNOTSUPP;
	if (retlen == len && virt) {
		ret = memcmp(virt, buf, len) ? -EBADMSG : 0;
		pr_info_once("%s: read-back compared in place (mtd_point)\n",
			     st->name);
	}
	if (retlen)
		m->api.unpoint(m->mtd, off, retlen);
	return ret;
}

static int mtd_backend_write(struct ia_storage *st, u64 off, const void *buf,
			     size_t len)
{
	return ia_mtd_write_raw(to_mtd(st), off, buf, len);
}

static int mtd_backend_erase(struct ia_storage *st, u64 off, u64 len)
{
	return ia_mtd_erase_raw(to_mtd(st), off, len);
}

void ia_mtd_sync(struct ia_storage *st)
{
	mtd_sync(to_mtd(st)->mtd);
}

static bool mtd_overlap(struct mtd_info *a, struct mtd_info *b)
{
	u64 a0, b0;

	if (mtd_get_master(a) != mtd_get_master(b))
		return false;
	a0 = mtd_get_master_ofs(a, 0);
	b0 = mtd_get_master_ofs(b, 0);
	return a0 < b0 + b->size && b0 < a0 + a->size;
}

/* Every MTD registered, now and later: make the overlapping ones read-only. */
static void overlap_add(struct mtd_info *mtd)
{
	struct ia_mtd *m = ia_mtd_owner;
	struct ia_mtd_overlap *o;

	if (!m || mtd == m->mtd || !mtd_overlap(mtd, m->mtd) ||
	    !(mtd->flags & MTD_WRITEABLE))
		return;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o) {
		pr_err("mtd%d \"%s\" overlaps imgauth's flash and could not be made read-only\n",
		       mtd->index, mtd->name);
		return;
	}
	mtd->flags &= ~MTD_WRITEABLE;
	o->mtd = mtd;
	list_add(&o->list, &m->overlaps);
	pr_info("mtd%d \"%s\" overlaps imgauth's flash: read-only while imgauth owns it\n",
		mtd->index, mtd->name);
}

/* An MTD goes away, or imgauth lets go: give the flag back. */
static void overlap_remove(struct mtd_info *mtd)
{
	struct ia_mtd *m = ia_mtd_owner;
	struct ia_mtd_overlap *o, *tmp;

	if (!m)
		return;
	list_for_each_entry_safe(o, tmp, &m->overlaps, list) {
		if (o->mtd != mtd)
			continue;
		mtd->flags |= MTD_WRITEABLE;
		list_del(&o->list);
		kfree(o);
	}
}

void ia_mtd_destroy(struct ia_storage *st)
{
	struct ia_mtd *m = to_mtd(st);

	if (m->notifying)
		m->api.notify_off(&m->notifier);
	ia_mtd_owner = NULL;
	if (m->claimed)
		m->mtd->flags |= MTD_WRITEABLE;
	ia_nand_free(m);
	m->api.put(m->mtd);
	api_put(&m->api);
	kfree(m);
}

static const struct ia_storage_ops mtd_ops = {
	.read = mtd_backend_read,
	.write = mtd_backend_write,
	.erase = mtd_backend_erase,
	.compare = mtd_backend_compare,
	.sync = ia_mtd_sync,
	.destroy = ia_mtd_destroy,
};

/* Make imgauth the only writer of the device; see the top of the file. */
static int claim(struct ia_mtd *m, const char *spec)
{
	struct mtd_info *mtd = m->mtd;
	struct module *owner = mtd_get_master(mtd)->owner;
	int refs;

	mtd->flags &= ~MTD_WRITEABLE;
	/* Openers that come after this see the flag cleared. */
	smp_mb();
	refs = owner ? module_refcount(owner) : 1;
	if (refs > 1) {
		mtd->flags |= MTD_WRITEABLE;
		pr_err("mtd=%s: \"%s\" is in use (%d other references to %s: open, mounted or attached): imgauth must be its only writer; close it and load again\n",
		       spec, mtd->name, refs - 1, module_name(owner));
		return -EBUSY;
	}
	if (!owner)
		pr_warn("mtd=%s: built-in flash driver: cannot tell whether \"%s\" was already open\n",
			spec, mtd->name);
	m->claimed = true;
	/* Now every overlapping MTD, present and future. */
	INIT_LIST_HEAD(&m->overlaps);
	m->notifier.add = overlap_add;
	m->notifier.remove = overlap_remove;
	ia_mtd_owner = m;
	m->api.notify_on(&m->notifier);
	m->notifying = true;
	return 0;
}

/* What the MTD must be before imgauth can use it. */
static int check_device(struct mtd_info *mtd, const char *spec)
{
	if (mtd->flags & MTD_SLC_ON_MLC_EMULATION) {
		pr_err("mtd=%s: \"%s\" emulates SLC on MLC NAND, which imgauth does not support\n",
		       spec, mtd->name);
		return -EOPNOTSUPP;
	}
	if (!(mtd->flags & MTD_WRITEABLE)) {
		pr_err("mtd=%s: \"%s\" is read-only (or already bound by imgauth)\n",
		       spec, mtd->name);
		return -EROFS;
	}
	/* Offsets are rounded with round_up(): powers of two only. */
	if (!is_power_of_2(mtd->erasesize) || !is_power_of_2(mtd->writesize) ||
	    mtd->erasesize % mtd->writesize) {
		pr_err("mtd=%s: unusable geometry (erase %u, write %u)\n",
		       spec, mtd->erasesize, mtd->writesize);
		return -EINVAL;
	}
	return 0;
}

/**
 * ia_storage_mtd_create() - use an MTD device as the module's flash
 * @spec: MTD index ("0") or name ("block2mtd: /dev/vda")
 *
 * The device is claimed: nothing but imgauth can write it until the
 * backend is destroyed.
 *
 * Return: the backend or an ERR_PTR.
 */
struct ia_storage *ia_storage_mtd_create(const char *spec)
{
	struct ia_mtd *m;
	unsigned int idx;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	ret = api_get(&m->api);
	if (ret) {
		pr_err("mtd=%s: the MTD core is not available\n", spec);
		goto err_free;
	}
	if (!kstrtouint(spec, 0, &idx))
		m->mtd = m->api.get(NULL, idx);
	else
		m->mtd = m->api.get_nm(spec);
	if (IS_ERR(m->mtd)) {
		ret = PTR_ERR(m->mtd);
		pr_err("mtd=%s: no such MTD device (%d)\n", spec, ret);
		goto err_api;
	}
	ret = check_device(m->mtd, spec);
	if (ret)
		goto err_put;
	ret = claim(m, spec);
	if (ret)
		goto err_put;
	/* NAND: regions on good blocks, with spares (storage_nand.c). */
	m->st.ops = mtd_type_is_nand(m->mtd) ? &ia_mtd_nand_ops : &mtd_ops;
	snprintf(m->st.name, sizeof(m->st.name), "mtd:%s", m->mtd->name);
	m->st.size = m->mtd->size;
	m->st.erasesize = m->mtd->erasesize;
	m->st.writesize = m->mtd->writesize;
	m->st.mtd_index = m->mtd->index;
	return &m->st;

err_put:
	m->api.put(m->mtd);
err_api:
	api_put(&m->api);
err_free:
	kfree(m);
	return ERR_PTR(ret);
}
