/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, kept here so the rest reads like one kernel.
 * Supported: 6.1, 6.12 and the newest Debian kernel (scripts/kernels.conf).
 */
#ifndef _IMGAUTH_COMPAT_H
#define _IMGAUTH_COMPAT_H

#include <linux/kernel.h>
#include <linux/mpi.h>
#include <linux/version.h>
#include <net/genetlink.h>

/* genl_family.pre_doit gets the split form of the op since 6.2. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
typedef struct genl_ops ia_genl_pre_ops;
#else
typedef struct genl_split_ops ia_genl_pre_ops;
#endif

/*
 * mac_pton() & co.: declared by <linux/kernel.h> itself on 6.1, by
 * <linux/hex.h> on 6.12 (which <linux/kernel.h> still includes there, but
 * no longer on 7.x).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/hex.h>
#endif

/*
 * 6.13 moved signature verification from struct akcipher_alg (verify on a
 * scatterlist request) to struct sig_alg (crypto_register_sig(),
 * crypto_sig_verify() on flat buffers).  Kbuild compiles dsa_sig.c or
 * dsa_akcipher.c to match; verifier.c calls whichever interface this is.
 */
#define IA_HAVE_SIG_ALG (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0))

/*
 * The sig_alg key_size() callback: bytes in 6.13 and 6.14, bits since 6.15
 * ("crypto: ecdsa - Fix NIST P521 key size reported by KEYCTL_PKEY_QUERY").
 */
static inline unsigned int ia_sig_key_size(unsigned int bits)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
	return bits;
#else
	return DIV_ROUND_UP(bits, 8);
#endif
}

/* mpi_mulm() returns void before 6.12 and an error code since. */
static inline int ia_mpi_mulm(struct gcry_mpi *w, struct gcry_mpi *u,
			      struct gcry_mpi *v, struct gcry_mpi *m)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
	mpi_mulm(w, u, v, m);
	return 0;
#else
	return mpi_mulm(w, u, v, m);
#endif
}

#endif
