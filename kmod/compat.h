/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, kept here so the rest reads like one kernel.
 */
#ifndef _IMGAUTH_COMPAT_H
#define _IMGAUTH_COMPAT_H

#include <linux/mpi.h>
#include <linux/version.h>
#include <net/genetlink.h>

/* genl_family.pre_doit gets the split form of the op since 6.2. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
typedef struct genl_ops ia_genl_pre_ops;
#else
typedef struct genl_split_ops ia_genl_pre_ops;
#endif

/* mpi_mulm() returns void before 6.13 and an error code since. */
static inline int ia_mpi_mulm(struct gcry_mpi *w, struct gcry_mpi *u,
			      struct gcry_mpi *v, struct gcry_mpi *m)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
	mpi_mulm(w, u, v, m);
	return 0;
#else
	return mpi_mulm(w, u, v, m);
#endif
}

#endif
