/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DSA (FIPS 186-4) verification on the kernel's MPI library, and its
 * registration with the crypto API as "dsa" (an akcipher or, on 6.13+, a sig).
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

/*
 * The module's own users allocate the algorithm by driver name, so that no
 * other "dsa" can stand in.  It is an akcipher before 6.13 (dsa_akcipher.c)
 * and a sig since (dsa_sig.c); both keep their key in a struct ia_dsa_key
 * (dsa_key.c).
 */
struct ia_dsa_key {
	u8 *der;		/* owns the bytes pub points into */
	struct ia_dsa_pub pub;
};

/*
 * Replace @key by the DER SubjectPublicKeyInfo @der; on failure @key is
 * left empty.  Returns 0, -EINVAL (not a DSA key we accept) or -ENOMEM.
 */
int ia_dsa_key_set(struct ia_dsa_key *key, const void *der, unsigned int len);
void ia_dsa_key_clear(struct ia_dsa_key *key);

/*
 * Verify the DER Dss-Sig-Value @sig over @digest (1 to 64 bytes) with
 * @key.  Returns 0 valid, -EKEYREJECTED not valid, -EBADMSG not strict
 * DER, -EINVAL no key or bad lengths, -ENOMEM.
 */
int ia_dsa_key_verify(const struct ia_dsa_key *key, const u8 *sig,
		      unsigned int slen, const u8 *digest, unsigned int dlen);

#endif
