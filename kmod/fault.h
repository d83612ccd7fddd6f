/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection for the reliability tests: a simulated power cut at the
 * N-th flash operation, a read that reports corrected bit flips, and one
 * that fails (-EIO).
 * Only present when the module is loaded with fault_inject=1; the files
 * are in /sys/kernel/debug/imgauth/ (see fault.c).
 */
#ifndef _IMGAUTH_FAULT_H
#define _IMGAUTH_FAULT_H

#include <linux/types.h>

struct ia_fault;

/*
 * With the cut, the corrected read and the failed reads (@eio_read_count
 * of them from @eio_read_at) armed already (0: none), and @cut_keep
 * percent of the cut operation landing.
 */
struct ia_fault *ia_fault_create(u64 cut_at, u64 cut_keep, u64 euclean_at,
				 u64 eio_read_at, u64 eio_read_count);
void ia_fault_destroy(struct ia_fault *f);

/*
 * Count one erase or program operation.  Returns 0 to let it run, 1 when
 * this is the one that is cut (it may do part of its work, then fails),
 * -EIO when an earlier cut froze the flash.  @f may be NULL.
 */
int ia_fault_op(struct ia_fault *f);

/*
 * After ia_fault_op() of a program: whether it is the one that lands with
 * a bit stuck erased (debugfs stuck_at).  Programs run under flash_lock,
 * so the counter is still that program's.
 */
bool ia_fault_stuck(struct ia_fault *f);

/* How much of the cut operation, @len bytes, lands: a multiple of @unit. */
u64 ia_fault_cut_part(struct ia_fault *f, u64 len, u64 unit);

/*
 * Count one read (done already); the error it must report instead of 0:
 * -EUCLEAN (data good, corrected) or -EIO.  @f may be NULL.
 */
int ia_fault_read(struct ia_fault *f);

#endif
