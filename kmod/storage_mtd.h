/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the MTD backend: the device, and its raw operations on physical
 * offsets, which storage_nand.c builds its bad-block handling on.
 */
#ifndef _IMGAUTH_STORAGE_MTD_H
#define _IMGAUTH_STORAGE_MTD_H

#include <linux/list.h>
#include <linux/mtd/mtd.h>

#include "storage.h"

struct ia_mtd_api {
	typeof(&get_mtd_device) get;
	typeof(&get_mtd_device_nm) get_nm;
	typeof(&put_mtd_device) put;
	typeof(&mtd_read) read;
	typeof(&mtd_point) point;	/* optional: see mtd_backend_compare() */
	typeof(&mtd_unpoint) unpoint;
	typeof(&register_mtd_user) notify_on;
	typeof(&unregister_mtd_user) notify_off;
};

/* An overlapping MTD whose MTD_WRITEABLE flag imgauth cleared. */
struct ia_mtd_overlap {
	struct list_head list;
	struct mtd_info *mtd;
};

struct ia_nand;

struct ia_mtd {
	struct ia_storage st;
	struct mtd_info *mtd;
	struct ia_mtd_api api;
	bool claimed;
	struct mtd_notifier notifier;
	bool notifying;
	struct list_head overlaps;	/* under the MTD core's table mutex */
	struct ia_nand *nand;		/* NAND: the regions' block pools */
};

static inline struct ia_mtd *to_mtd(struct ia_storage *st)
{
	return container_of(st, struct ia_mtd, st);
}

/* Physical offsets; -EUCLEAN from a read means good data, corrected. */
int ia_mtd_read_raw(struct ia_mtd *m, u64 off, void *buf, size_t len);
int ia_mtd_write_raw(struct ia_mtd *m, u64 off, const void *buf, size_t len);
int ia_mtd_erase_raw(struct ia_mtd *m, u64 off, u64 len);
bool ia_mtd_isbad(struct ia_mtd *m, u64 off);
int ia_mtd_markbad(struct ia_mtd *m, u64 off);
void ia_mtd_sync(struct ia_storage *st);
void ia_mtd_destroy(struct ia_storage *st);

/* storage_nand.c */
extern const struct ia_storage_ops ia_mtd_nand_ops;
void ia_nand_free(struct ia_mtd *m);

#endif
