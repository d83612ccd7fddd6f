/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rewriting erase blocks whose reads needed error correction (-EUCLEAN),
 * before the bit flips grow past what ECC corrects.
 */
#ifndef _IMGAUTH_SCRUB_H
#define _IMGAUTH_SCRUB_H

struct imgauth;

/* Hook the storage's scrub marks to a work item; 0 or -ENOMEM. */
int ia_scrub_init(struct imgauth *ia);
/* Stop and wait for the work item. */
void ia_scrub_exit(struct imgauth *ia);

#endif
