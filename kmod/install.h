/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Installing images (A/B for system images), checking what a region holds,
 * and activating a staged image.
 */
#ifndef _IMGAUTH_INSTALL_H
#define _IMGAUTH_INSTALL_H

#include <linux/types.h>

struct imgauth;
struct ia_verdict;
struct ia_hdr;

/*
 * Install the image at @data/@len from the loader device (@loader) or an
 * image device.  @flags are IMGAUTH_INSTALL_*.  *target gets the region
 * written.  Returns 0 or a negative errno; @vd always says why.
 */
int ia_install(struct imgauth *ia, bool loader, const void __user *data,
	       u64 len, u32 flags, struct ia_verdict *vd, int *target);

/* Verify what @target holds on flash, against the installed key. */
int ia_verify_region(struct imgauth *ia, int target, struct ia_verdict *vd);

/*
 * For stream.c: record @target empty (before it is erased), and record it
 * installed (committed or staged).  Caller holds op_lock and flash_lock.
 */
int ia_install_mark_empty(struct imgauth *ia, int target);
int ia_install_record(struct imgauth *ia, int target, u64 len,
		      const struct ia_hdr *h, bool commit);

/*
 * For stream.c: pass 2 of a v1 install whose pass 1 ran as its pieces
 * arrived (ia_v1_pass with @chunks): program the @len bytes at @data into
 * @target, each piece proven by its tag first, and record it.  Caller
 * holds op_lock.  Returns 0 or -errno; the outcome is in @vd.
 */
struct ia_chunk_digests;
int ia_install_program_user(struct imgauth *ia, int target,
			    const void __user *data, u64 len,
			    struct ia_chunk_digests *chunks, u32 flags,
			    struct ia_verdict *vd);

/*
 * The same without locking or reporting: the caller holds op_lock or
 * flash_lock for reading.  Returns 0 with the outcome in @vd, or -errno.
 */
int ia_verify_on_flash(struct imgauth *ia, int target, struct ia_verdict *vd);

/* Verify image slot @target on flash again and make it the one that boots. */
int ia_commit(struct imgauth *ia, int target, struct ia_verdict *vd);

#endif
