/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot hook's conversation with the module: the boot check
 * (IMGAUTH_CMD_BOOT), the facts of the device and its regions
 * (IMGAUTH_CMD_STATUS), a region verified or committed, and mark-good.
 * Each function says why it failed and returns the exit code, else 0.
 */
#ifndef IA_BOOTINFO_H
#define IA_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/imgauth.h>

/* One region the kernel verified, in the order it did. */
struct boot_check {
	uint32_t role;		/* enum imgauth_boot_role */
	uint32_t target;
	uint32_t status;	/* enum imgauth_status */
	uint64_t used;		/* bytes read */
	char msg[IMGAUTH_MSG_LEN];
};

#define BOOT_MAX_CHECKS	8

struct boot_reply {
	uint32_t outcome;	/* enum imgauth_boot_outcome */
	uint32_t target;	/* the slot to boot, IMGAUTH_TARGET_NONE */
	uint32_t key_state;
	int tries;		/* trial boots left, -1: not on trial */
	int n;
	struct boot_check check[BOOT_MAX_CHECKS];
};

struct boot_region {
	uint32_t state;		/* enum imgauth_region_state */
	uint32_t sw_version;	/* have_hdr only */
	uint64_t size, used, offset;
	bool have_hdr, trial;
	uint32_t tries;
};

struct boot_dev {
	char serial[64], hw[64];
	uint8_t mac[6];
	int mtd;		/* MTD index, -1: RAM */
	uint32_t active, key_state, loader_check, trial_boots;
	struct boot_region region[IMGAUTH_NTARGETS];
};

/* A verdict on one region. */
struct boot_verdict {
	uint32_t status;
	char msg[IMGAUTH_MSG_LEN];
};

int bootinfo_boot(struct boot_reply *r);
int bootinfo_status(struct boot_dev *d);

/*
 * IMGAUTH_CMD_VERIFY (@commit false: the verdict is the reply) or
 * _INSTALL_COMMIT of @target (a refused commit is an error).
 */
int bootinfo_region(int target, bool commit, struct boot_verdict *v);

int bootinfo_mark_good(struct boot_verdict *v);

/* "loader", "image0", "image1" (or "none"). */
const char *bootinfo_target_name(uint32_t target);

#endif
