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

#include "imgauth.h"
#include "chardev.h"
#include "compat.h"
#include "dsa.h"
#include "fault.h"
#include "hash_pick.h"
#include "netlink.h"
#include "scrub.h"
#include "verifier.h"

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

static uint trial_boots = 3;
module_param(trial_boots, uint, 0444);
MODULE_PARM_DESC(trial_boots, "Boots a newly committed image gets before it must be marked good (0: no trial; at most 255)");

static char *loader_check = "install";
module_param(loader_check, charp, 0444);
MODULE_PARM_DESC(loader_check, "When the boot loader is verified: \"install\" (SSG) or also at every \"boot\" (ISG/NetScreen)");

static bool fault_inject;
module_param(fault_inject, bool, 0444);
MODULE_PARM_DESC(fault_inject, "Tests only: power-cut and bit-flip injection in debugfs (imgauth/)");
static unsigned long long fault_cut_at;
module_param(fault_cut_at, ullong, 0444);
MODULE_PARM_DESC(fault_cut_at, "Tests only, with fault_inject: cut power at this flash operation, counted from the load");
static unsigned long long fault_cut_keep = 50;
module_param(fault_cut_keep, ullong, 0444);
MODULE_PARM_DESC(fault_cut_keep, "Tests only, with fault_inject: percent of the cut operation that lands (default 50)");
static unsigned long long fault_euclean_at;
module_param(fault_euclean_at, ullong, 0444);
MODULE_PARM_DESC(fault_euclean_at, "Tests only, with fault_inject: this read, counted from the load, reports corrected bit flips");
static unsigned long long fault_eio_read_at;
module_param(fault_eio_read_at, ullong, 0444);
MODULE_PARM_DESC(fault_eio_read_at, "Tests only, with fault_inject: this read, counted from the load, fails with -EIO (its buffer filled)");
static unsigned long long fault_eio_read_count;
module_param(fault_eio_read_count, ullong, 0444);
MODULE_PARM_DESC(fault_eio_read_count, "Tests only, with fault_inject: how many reads from fault_eio_read_at on fail (0 or 1: that one)");

static struct imgauth ia_dev;

/* The erase block of the RAM flash: that of the NOR on the real boxes. */
#define IA_RAM_ERASESIZE	(64 * 1024)

/*
 * Lay out NVRAM, loader and the two image slots on whole erase blocks.
 * Every region gets at least one block: a size of 0 would let one region
 * overlap the next (a loader install would write over image0).  On NAND
 * each region also gets spare blocks (ia_st_spare()), and the storage
 * places it on good ones (ia_st_map()); elsewhere logical is physical.
 */
static int layout(struct imgauth *ia)
{
	struct ia_pool pools[IA_NV_BLOCKS + IMGAUTH_NTARGETS];
	struct ia_storage *st = ia->st;
	u64 e = st->erasesize, phys = div_u64(st->size, st->erasesize);
	u64 ldr_b, img_b, fixed, rest, pc = 0, off = 0;
	u32 nv_spare = ia_st_spare(st, 1);
	int i, n = 0;

	if (IA_CHUNK % st->writesize || e < IA_SLOT_SIZE ||
	    e < IA_REC_SIZE) {
		pr_err("%s: erase size %u / write size %u not supported\n",
		       st->name, st->erasesize, st->writesize);
		return -EINVAL;
	}
	if (!loader_size) {
		pr_err("loader_size=0: the boot loader region needs at least one erase block (%llu bytes)\n",
		       e);
		return -EINVAL;
	}
	ldr_b = DIV_ROUND_UP((u64)loader_size, e);
	fixed = IA_NV_BLOCKS * (1 + nv_spare) + ldr_b + ia_st_spare(st, ldr_b);
	if (fixed >= phys) {
		pr_err("%s: %llu bytes cannot hold NVRAM (%llu) and a %llu-byte boot loader region (loader_size=%u)\n",
		       st->name, st->size, IA_NV_BLOCKS * e, ldr_b * e,
		       loader_size);
		return -ENOSPC;
	}
	rest = div_u64(phys - fixed, 2);
	for (img_b = rest; img_b && img_b + ia_st_spare(st, img_b) > rest;)
		img_b--;
	if (img_b < 4) {
		pr_err("%s: %llu bytes is too small for two image slots of at least %llu bytes after a %llu-byte loader region\n",
		       st->name, st->size, 4 * e, ldr_b * e);
		return -ENOSPC;
	}
	for (i = 0; i < IA_NV_BLOCKS; i++, off += e) {
		ia->nvram[i] = off;
		pools[n++] = (struct ia_pool){ off, 1, pc * e, 1 + nv_spare };
		pc += 1 + nv_spare;
	}
	ia->region[IMGAUTH_TARGET_LOADER] =
		(struct ia_region){ "loader", off, ldr_b * e };
	ia->region[IMGAUTH_TARGET_IMAGE0] =
		(struct ia_region){ "image0", off + ldr_b * e, img_b * e };
	ia->region[IMGAUTH_TARGET_IMAGE1] =
		(struct ia_region){ "image1", off + (ldr_b + img_b) * e,
				    img_b * e };
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		u32 blocks = div_u64(ia->region[i].size, e);
		u32 pool = blocks + ia_st_spare(st, blocks);

		pools[n++] = (struct ia_pool){ ia->region[i].offset, blocks,
					       pc * e, pool };
		pc += pool;
	}
	pr_info("%s: %llu bytes, erase block %u: nvram %llu, loader %llu, image0/1 %llu each\n",
		st->name, st->size, st->erasesize, off, ldr_b * e, img_b * e);
	return ia_st_map(st, pools, n);
}

static struct ia_storage *storage_create(void)
{
	if (mtd && *mtd)
		return ia_storage_mtd_create(mtd);
	if (!ram_size || ram_size % IA_RAM_ERASESIZE) {
		pr_err("ram_size=%lu: must be a non-zero multiple of %u\n",
		       ram_size, IA_RAM_ERASESIZE);
		return ERR_PTR(-EINVAL);
	}
	return ia_storage_ram_create(ram_size, IA_RAM_ERASESIZE);
}

/* Read NVRAM: the boot record and the key slots (repairing them). */
static int nvram_load(struct imgauth *ia)
{
	int ret;

	mutex_lock(&ia->op_lock);
	down_write(&ia->flash_lock);
	ret = ia_rec_load(ia);
	if (!ret)
		ret = ia_policy_load(ia);
	if (!ret)
		ret = ia_keys_load(ia);
	if (!ret)
		ret = ia_journal_load(ia);
	/*
	 * A damaged (or wiped) policy lost its statement counter: the
	 * journal still knows the last one accepted.
	 */
	if (!ret && ia->policy.state != IMGAUTH_POLICY_OK) {
		ia->policy.counter = ia_journal_max_counter(ia);
		if (ia->policy.counter)
			pr_warn("key policy: statements must count above %u (the journal's last)\n",
				ia->policy.counter);
	}
	up_write(&ia->flash_lock);
	mutex_unlock(&ia->op_lock);
	return ret;
}

/* The boot policies of the module parameters. */
static int policies(struct imgauth *ia)
{
	if (trial_boots > U8_MAX) {
		pr_err("trial_boots=%u: at most %u\n", trial_boots, U8_MAX);
		return -EINVAL;
	}
	ia->trial_boots = trial_boots;
	if (!strcmp(loader_check, "install")) {
		ia->loader_check = IMGAUTH_LOADER_CHECK_INSTALL;
	} else if (!strcmp(loader_check, "boot")) {
		ia->loader_check = IMGAUTH_LOADER_CHECK_BOOT;
	} else {
		pr_err("loader_check=%s: must be \"install\" or \"boot\"\n",
		       loader_check);
		return -EINVAL;
	}
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
	init_rwsem(&ia->flash_lock);
	mutex_init(&ia->state_lock);
	ia->require_key = require_key;
	ret = identity(ia);
	if (!ret)
		ret = policies(ia);
	if (ret)
		return ret;

	ia->st = storage_create();
	if (IS_ERR(ia->st))
		return PTR_ERR(ia->st);
	ret = layout(ia);
	if (ret)
		goto err_storage;
	if (fault_inject) {
		ia->st->fault = ia_fault_create(fault_cut_at, fault_cut_keep,
						  fault_euclean_at,
						  fault_eio_read_at,
						  fault_eio_read_count);
		if (IS_ERR(ia->st->fault)) {
			ret = PTR_ERR(ia->st->fault);
			ia->st->fault = NULL;
			goto err_storage;
		}
	}
	ret = ia_scrub_init(ia);
	if (ret)
		goto err_fault;

	ia_hashers_setup(ia->hash_drivers, sizeof(ia->hash_drivers));
	ret = ia_dsa_register();
	if (ret) {
		pr_err("cannot register the dsa algorithm (%d)\n", ret);
		goto err_scrub;
	}
	ret = nvram_load(ia);
	if (ret)
		goto err_dsa;
	/* The device nodes last: once open, a file may outlive a failed init. */
	ret = ia_nl_init(ia);
	if (ret)
		goto err_dsa;
	ret = ia_cdev_init(ia);
	if (ret)
		goto err_nl;

	pr_info("ready: %s, platform %u cpu %u, image key %s%s\n",
		ia->st->name, ia->id.platform, ia->id.cpu,
		ia->key.state == IMGAUTH_KEY_PRESENT ? "installed" :
		ia->key.state == IMGAUTH_KEY_DAMAGED ? "DAMAGED" : "none",
		ia->require_key ? ", key required" : "");
	return 0;

err_nl:
	ia_nl_exit();
err_dsa:
	ia_dsa_unregister();
err_scrub:
	ia_scrub_exit(ia);
err_fault:
	ia_fault_destroy(ia->st->fault);
err_storage:
	ia_st_destroy(ia->st);
	return ret;
}

static void __exit imgauth_exit(void)
{
	struct imgauth *ia = &ia_dev;

	ia_cdev_exit();
	ia_nl_exit();
	ia_scrub_exit(ia);
	ia_dsa_unregister();
	ia_st_sync(ia->st);
	ia_fault_destroy(ia->st->fault);
	ia_st_destroy(ia->st);
}

module_init(imgauth_init);
module_exit(imgauth_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Signed firmware installation: flash, image key slots, in-kernel DSA");
MODULE_AUTHOR("imgauth developers");
MODULE_VERSION(IMGAUTH_VERSION);
/*
 * No MODULE_ALIAS_CRYPTO or MODULE_ALIAS_GENL_FAMILY: loading imgauth
 * binds flash and may write NVRAM, which must happen because an admin
 * loaded it, never because anyone looked up "dsa" or the netlink family.
 */
