// SPDX-License-Identifier: GPL-2.0
/*
 * MTD backend: the module's regions on one MTD device (a flash partition
 * on an appliance; mtdram or block2mtd in tests).
 *
 * The MTD core is bound at run time with symbol_request() rather than by
 * link-time symbol references, so that "insmod imgauth.ko" works on a
 * system without mtd.ko loaded (RAM backend) and the MTD core is pulled in
 * only when mtd= asks for it.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mtd/mtd.h>
#include <linux/slab.h>

#include "storage.h"

struct ia_mtd_api {
	typeof(&get_mtd_device) get;
	typeof(&get_mtd_device_nm) get_nm;
	typeof(&put_mtd_device) put;
	typeof(&mtd_read) read;
	typeof(&mtd_write) write;
	typeof(&mtd_erase) erase;
};

struct ia_mtd {
	struct ia_storage st;
	struct mtd_info *mtd;
	struct ia_mtd_api api;
};

static struct ia_mtd *to_mtd(struct ia_storage *st)
{
	return container_of(st, struct ia_mtd, st);
}

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
	if (api->write)
		symbol_put(mtd_write);
	if (api->erase)
		symbol_put(mtd_erase);
}

static int api_get(struct ia_mtd_api *api)
{
	api->get = symbol_request(get_mtd_device);
	api->get_nm = symbol_request(get_mtd_device_nm);
	api->put = symbol_request(put_mtd_device);
	api->read = symbol_request(mtd_read);
	api->write = symbol_request(mtd_write);
	api->erase = symbol_request(mtd_erase);
	if (api->get && api->get_nm && api->put && api->read && api->write &&
	    api->erase)
		return 0;
	api_put(api);
	return -ENODEV;
}

static int mtd_backend_read(struct ia_storage *st, u64 off, void *buf,
			    size_t len)
{
	struct ia_mtd *m = to_mtd(st);
	size_t retlen = 0;
	int ret;

	ret = m->api.read(m->mtd, off, len, &retlen, buf);
	/* Bit flips that ECC corrected are not an error. */
	if (ret == -EUCLEAN)
		ret = 0;
	if (!ret && retlen != len)
		ret = -EIO;
	return ret;
}

static int mtd_backend_write(struct ia_storage *st, u64 off, const void *buf,
			     size_t len)
{
	struct ia_mtd *m = to_mtd(st);
	size_t retlen = 0;
	int ret;

	ret = m->api.write(m->mtd, off, len, &retlen, buf);
	if (!ret && retlen != len)
		ret = -EIO;
	return ret;
}

static int mtd_backend_erase(struct ia_storage *st, u64 off, u64 len)
{
	struct ia_mtd *m = to_mtd(st);
	struct erase_info ei = { .addr = off, .len = len };
	int ret;

	ret = m->api.erase(m->mtd, &ei);
	if (ret)
		pr_err("%s: erase at 0x%llx failed (%d)\n", st->name,
		       ei.fail_addr, ret);
	return ret;
}

static void mtd_backend_sync(struct ia_storage *st)
{
	mtd_sync(to_mtd(st)->mtd);
}

static void mtd_backend_destroy(struct ia_storage *st)
{
	struct ia_mtd *m = to_mtd(st);

	m->api.put(m->mtd);
	api_put(&m->api);
	kfree(m);
}

static const struct ia_storage_ops mtd_ops = {
	.read = mtd_backend_read,
	.write = mtd_backend_write,
	.erase = mtd_backend_erase,
	.sync = mtd_backend_sync,
	.destroy = mtd_backend_destroy,
};

/**
 * ia_storage_mtd_create() - use an MTD device as the module's flash
 * @spec: MTD index ("0") or name ("block2mtd: /dev/vda")
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
	if (!(m->mtd->flags & MTD_WRITEABLE)) {
		pr_err("mtd=%s: device is read-only\n", spec);
		ret = -EROFS;
		goto err_put;
	}
	if (!m->mtd->erasesize || !m->mtd->writesize ||
	    m->mtd->erasesize % m->mtd->writesize) {
		pr_err("mtd=%s: unusable geometry (erase %u, write %u)\n",
		       spec, m->mtd->erasesize, m->mtd->writesize);
		ret = -EINVAL;
		goto err_put;
	}
	m->st.ops = &mtd_ops;
	snprintf(m->st.name, sizeof(m->st.name), "mtd:%s", m->mtd->name);
	m->st.size = m->mtd->size;
	m->st.erasesize = m->mtd->erasesize;
	m->st.writesize = m->mtd->writesize;
	return &m->st;

err_put:
	m->api.put(m->mtd);
err_api:
	api_put(&m->api);
err_free:
	kfree(m);
	return ERR_PTR(ret);
}
