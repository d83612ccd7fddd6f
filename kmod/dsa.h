/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DSA (FIPS 186-4) verification on the kernel's MPI library, and its
 * registration with the crypto API as the akcipher "dsa".
 */
#ifndef _IMGAUTH_DSA_H
#define _IMGAUTH_DSA_H

#include <linux/types.h>

#include "ia_der.h"

/*
 * Verify (r, s) over @digest.  @pub and @sig come from the strict parsers
 * in lib/ia_der.c; the leftmost min(N, 8 * dlen) bits of the digest are
 * used.  Returns 0 when valid, -EKEYREJECTED when not, -ENOMEM.
 */
int ia_dsa_verify(const struct ia_dsa_pub *pub, const struct ia_dsa_sig *sig,
		  const u8 *digest, size_t dlen);

/*
 * q is prime (Miller-Rabin, random bases): 0, -EKEYREJECTED or -ENOMEM.
 * Verification relies on it: the inverse of s is s^(q-2).
 */
int ia_dsa_check_q_prime(const struct ia_dsa_pub *pub);

/* y^q = g^q = 1 (mod p): 0, -EKEYREJECTED or -ENOMEM. */
int ia_dsa_check_subgroup(const struct ia_dsa_pub *pub);

/* The crypto API algorithm "dsa", driver IA_DSA_DRIVER (dsa_akcipher.c). */
#define IA_DSA_DRIVER	"dsa-imgauth"
int ia_dsa_register(void);
void ia_dsa_unregister(void);

#endif
