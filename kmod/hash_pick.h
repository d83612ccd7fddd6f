/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fastest registered driver of each hash, measured once at load
 * (kmod/hash_pick.c).
 */
#ifndef _IMGAUTH_HASH_PICK_H
#define _IMGAUTH_HASH_PICK_H

#include <linux/types.h>

/*
 * Load the CPU's hash modules, time every registered driver of the
 * hashes images and keys use, keep the fastest of each, and write them
 * to @drivers for STATUS: "sha1=sha1-ni sha256=sha256-generic ...".
 * Called once, at module load, before any ia_hasher exists.
 */
void ia_hashers_setup(char *drivers, size_t len);

/* The driver to ask for @alg: the one picked, else @alg itself. */
const char *ia_hash_driver(const char *alg);

#endif
