/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands' side of the conversation with the module: open it or say
 * why not, and the attribute-less requests.  Above nl.c and dev.c, below
 * every cmd_*.c.
 */
#ifndef IA_MODULE_H
#define IA_MODULE_H

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

/*
 * The size of region @node ("image0", "loader") from its device, the
 * bound of what may be fetched for it.  0, or the exit code after saying
 * why not (EXIT_NOMODULE when there is no device).
 */
int module_region_size(const char *node, uint64_t *size);

#endif
