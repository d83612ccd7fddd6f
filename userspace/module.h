/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands' side of the conversation with the module: open it or say
 * why not, the attribute-less requests, commands answered by a verdict
 * and the key policy.  Above nl.c and dev.c, below every cmd_*.c.
 */
#ifndef IA_MODULE_H
#define IA_MODULE_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

/*
 * Open the netlink conversation with the module; on failure print why and
 * return the exit code (EXIT_NOMODULE when it is not loaded), else 0.
 */
int open_module(struct nl *nl);

/*
 * One attribute-less netlink command to the module (status, key slots,
 * key delete, loader config), replies to @cb.  On failure prints
 * "@what: reason" and returns the exit code, else 0.
 */
int module_request(uint8_t cmd, const char *what, nl_reply_fn cb, void *data);

/* What a command answered with a verdict said. */
struct module_verdict {
	uint32_t status;		/* enum imgauth_status */
	char msg[IMGAUTH_MSG_LEN];	/* the kernel's words */
	int err;			/* a refusal: -errno, else 0 */
	char why[256];			/* and the kernel's reason (extack) */
};

/*
 * Command @cmd with at most one attribute (@attr, @len bytes of @val; no
 * attribute when @val is NULL), answered by IMGAUTH_A_STATUS and
 * IMGAUTH_A_MESSAGE (key lock, key statements, floor raise).  Returns 0
 * with *@v, or an exit code: a refusal (v->err, v->why) is said as
 * "@what: reason" unless @what is NULL.  An EINVAL refusal is EXIT_VERIFY:
 * the statement or value sent was rejected.
 */
int module_verdict(uint8_t cmd, uint16_t attr, const void *val, size_t len,
		   const char *what, struct module_verdict *v);

/* The key policy as STATUS reports it. */
struct module_policy {
	uint32_t state;		/* enum imgauth_policy_state */
	bool locked, provisioned;
	uint32_t floor;		/* sw_version; 0: none */
	uint32_t counter;	/* last key statement accepted */
	char serial[64];	/* the device's, what statements name */
};

/* STATUS into *@p; 0, or the exit code after saying "@what: reason". */
int module_policy(struct module_policy *p, const char *what);

/*
 * The size of region @node ("image0", "loader") from its device, the
 * bound of what may be fetched for it.  0, or the exit code after saying
 * why not (EXIT_NOMODULE when there is no device).
 */
int module_region_size(const char *node, uint64_t *size);

#endif
