/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot-time check: which image slot boots, decided in the kernel on
 * verified flash, with trial boots and fallback.
 */
#ifndef _IMGAUTH_BOOT_H
#define _IMGAUTH_BOOT_H

#include "imgauth.h"

/* One region verified by the boot check. */
struct ia_boot_check {
	int role;		/* enum imgauth_boot_role */
	int target;
	u32 used;		/* bytes read: the recorded length */
	struct ia_verdict vd;
};

/**
 * struct ia_boot_result - what ia_boot() decided
 * @outcome: enum imgauth_boot_outcome
 * @target: the slot to boot, IMGAUTH_TARGET_NONE for none
 * @tries: trial boots left for @target, -1 when it is not on trial
 * @key_state: enum imgauth_key_state at the time of the checks
 * @n: checks that ran, in @check
 * @check: loader (loader_check=boot), the other image when a trial ran
 *	out, the selected image, the other image when that failed: four at
 *	most (a trial that ran out with the other image failing verifies it
 *	twice)
 */
struct ia_boot_result {
	int outcome;
	int target;
	int tries;
	int key_state;
	int n;
	struct ia_boot_check check[4];
};

/*
 * Run the boot check (IMGAUTH_CMD_BOOT).  Returns 0 with @res filled, or
 * -errno when it could not run (interrupted, no memory, read errors).
 */
int ia_boot(struct imgauth *ia, struct ia_boot_result *res);

/* End the active image's trial (IMGAUTH_CMD_MARK_GOOD); @vd says how. */
int ia_mark_good(struct imgauth *ia, struct ia_verdict *vd);

#endif
