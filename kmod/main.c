// SPDX-License-Identifier: GPL-2.0
/*
 * imgauth: signed firmware installation for Linux appliances.
 *
 * Module parameters choose the flash (an MTD device, or RAM when none is
 * given, so that a bare insmod gives a working device) and the device's
 * identity; the flash is split into NVRAM (key slots, boot records), the
 * boot loader and two system image slots.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/crypto.h>
#include <net/genetlink.h>

#include "imgauth.h"
#include "chardev.h"
#include "compat.h"
#include "dsa.h"
#include "netlink.h"

static char *mtd;
module_param(mtd, charp, 0444);
MODULE_PARM_DESC(mtd, "MTD device (index or name) to use as flash; RAM when empty");

static ulong ram_size = 48 << 20;
module_param(ram_size, ulong, 0444);
MODULE_PARM_DESC(ram_size, "Size of the RAM flash in bytes (default 48 MiB)");

static uint loader_size = 1 << 20;
module_param(loader_size, uint, 0444);
MODULE_PARM_DESC(loader_size, "Boot loader region size in bytes (default 1 MiB)");

static bool require_key;
module_param(require_key, bool, 0444);
MODULE_PARM_DESC(require_key, "Refuse images while no image key is installed");

static ushort platform = 23;
module_param(platform, ushort, 0444);
MODULE_PARM_DESC(platform, "Platform type images must carry (default 23)");

static unsigned char cpu = 11;
module_param(cpu, byte, 0444);
MODULE_PARM_DESC(cpu, "CPU type images must carry (default 11)");

static char *product = "imgauth-appliance";
module_param(product, charp, 0444);
MODULE_PARM_DESC(product, "Product name shown by \"get system\"");

static char *serial = "0000000000000000";
module_param(serial, charp, 0444);
MODULE_PARM_DESC(serial, "Serial number (read-only after load)");

static char *hw_version = "1010(0)";
module_param(hw_version, charp, 0444);
MODULE_PARM_DESC(hw_version, "Hardware version (read-only after load)");

static char *mac = "00:00:00:00:00:00";
module_param(mac, charp, 0444);
MODULE_PARM_DESC(mac, "MAC address, aa:bb:cc:dd:ee:ff (read-only after load)");

static struct imgauth ia_dev;

/* Lay out NVRAM, loader and the two image slots on whole erase blocks. */
static int layout(struct imgauth *ia)
{
	struct ia_storage *st = ia->st;
	u64 e = st->erasesize, off = 0, ldr, img;
	int i;

	if (IA_CHUNK % st->writesize || e < IA_SLOT_SIZE ||
	    e < IA_REC_SIZE) {
		pr_err("%s: erase size %u / write size %u not supported\n",
		       st->name, st->erasesize, st->writesize);
		return -EINVAL;
	}
	for (i = 0; i < IA_NV_BLOCKS; i++, off += e)
		ia->nvram[i] = off;
	ldr = roundup(loader_size, e);
	if (off + ldr >= st->size) {
		pr_err("%s: %llu bytes is too small\n", st->name, st->size);
		return -ENOSPC;
	}
	img = rounddown((st->size - off - ldr) / 2, e);
	if (img < 4 * e) {
		pr_err("%s: %llu bytes is too small for two image slots\n",
		       st->name, st->size);
		return -ENOSPC;
	}
	ia->region[IMGAUTH_TARGET_LOADER] =
		(struct ia_region){ "loader", off, ldr };
	ia->region[IMGAUTH_TARGET_IMAGE0] =
		(struct ia_region){ "image0", off + ldr, img };
	ia->region[IMGAUTH_TARGET_IMAGE1] =
		(struct ia_region){ "image1", off + ldr + img, img };
	pr_info("%s: %llu bytes, erase block %u: nvram %llu, loader %llu, image0/1 %llu each\n",
		st->name, st->size, st->erasesize, off, ldr, img);
	return 0;
}

static int identity(struct imgauth *ia)
{
	ia->id.product = product;
	ia->id.serial = serial;
	ia->id.hw_version = hw_version;
	ia->id.platform = platform;
	ia->id.cpu = cpu;
	if (!mac_pton(mac, ia->id.mac)) {
		pr_err("mac=%s: not a MAC address\n", mac);
		return -EINVAL;
	}
	return 0;
}

static int __init imgauth_init(void)
{
	struct imgauth *ia = &ia_dev;
	int ret;

	mutex_init(&ia->op_lock);
	mutex_init(&ia->state_lock);
	ia->require_key = require_key;
	ret = identity(ia);
	if (ret)
		return ret;

	if (mtd && *mtd)
		ia->st = ia_storage_mtd_create(mtd);
	else
		ia->st = ia_storage_ram_create(ram_size, 64 * 1024);
	if (IS_ERR(ia->st))
		return PTR_ERR(ia->st);
	ret = layout(ia);
	if (ret)
		goto err_storage;

	ret = ia_dsa_register();
	if (ret) {
		pr_err("cannot register the dsa algorithm (%d)\n", ret);
		goto err_storage;
	}
	ret = ia_rec_load(ia);
	if (ret)
		goto err_dsa;
	ret = ia_keys_load(ia);
	if (ret)
		goto err_dsa;
	ret = ia_cdev_init(ia);
	if (ret)
		goto err_dsa;
	ret = ia_nl_init(ia);
	if (ret)
		goto err_cdev;

	pr_info("ready: %s, platform %u cpu %u, image key %s%s\n",
		ia->st->name, ia->id.platform, ia->id.cpu,
		ia->key.state == IMGAUTH_KEY_PRESENT ? "installed" :
		ia->key.state == IMGAUTH_KEY_DAMAGED ? "DAMAGED" : "none",
		ia->require_key ? ", key required" : "");
	return 0;

err_cdev:
	ia_cdev_exit();
err_dsa:
	ia_dsa_unregister();
err_storage:
	ia_st_destroy(ia->st);
	return ret;
}

static void __exit imgauth_exit(void)
{
	struct imgauth *ia = &ia_dev;

	ia_nl_exit();
	ia_cdev_exit();
	ia_dsa_unregister();
	ia_st_sync(ia->st);
	ia_st_destroy(ia->st);
}

module_init(imgauth_init);
module_exit(imgauth_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Signed firmware installation: flash, image key slots, in-kernel DSA");
MODULE_AUTHOR("imgauth developers");
MODULE_VERSION(IMGAUTH_VERSION);
MODULE_ALIAS_GENL_FAMILY(IMGAUTH_GENL_NAME);
