/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the boot loader prints on the console for a boot check, in the
 * words of the ScreenOS loaders (../shared/seeds): sizes with thousands
 * separators, and the verdicts in their boot-time form.
 */
#ifndef IA_BOOTMSG_H
#define IA_BOOTMSG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "12,582,912" */
void bootmsg_size(char *buf, size_t n, uint64_t bytes);

/*
 * The verdict lines of a boot check:
 *	Image authenticated!
 *	Ignore image authentication!
 *	cksum = 18852bb0, p_hdr->cksum = 729e802 / ### image corrupted ###
 *	********Invalid DSA signature / ********Bogus image - not authenticated
 * or the kernel's @msg for the other checks.
 */
void bootmsg_verdict(FILE *f, uint32_t status, const char *msg);

/* "Done! (size = 12,582,912 bytes)" */
void bootmsg_done(FILE *f, uint64_t bytes);

#endif
