/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streaming verification: hash as the data goes by (crypto_shash), then
 * check the signature through the crypto API: the module's "dsa", an
 * akcipher before 6.13 and a sig since.
 */
#ifndef _IMGAUTH_VERIFIER_H
#define _IMGAUTH_VERIFIER_H

#include <crypto/hash.h>
#include <linux/types.h>

struct ia_hasher {
	struct crypto_shash *tfm;
	struct shash_desc *desc;
};

/* Start hashing with @alg ("sha1", "sha256", ...). */
int ia_hasher_init(struct ia_hasher *h, const char *alg);
int ia_hasher_update(struct ia_hasher *h, const void *data, size_t len);
/* Finish into @out (at least 64 bytes); returns the digest size or -errno. */
int ia_hasher_final(struct ia_hasher *h, u8 *out);
/* One-shot digest of @len bytes into @out; the digest size or -errno. */
int ia_hasher_digest(struct ia_hasher *h, const void *data, size_t len,
		     u8 *out);
unsigned int ia_hasher_size(struct ia_hasher *h);
/* The crypto driver doing the work, e.g. "sha256-avx2". */
const char *ia_hasher_driver(struct ia_hasher *h);

void ia_hasher_free(struct ia_hasher *h);

/*
 * Verify a DER signature of @sig_len bytes over a digest with the DER
 * SubjectPublicKeyInfo @key, through imgauth's own "dsa" algorithm, asked
 * for by its driver name (IA_DSA_DRIVER) so that no other module's "dsa"
 * can stand in for it and a lookup never loads a module.  Returns 0 valid, -EKEYREJECTED not valid,
 * -EBADMSG signature not strict DER, -EINVAL key unusable, other -errno.
 */
int ia_verify_digest(const u8 *key, u32 key_len, const u8 *sig, u32 sig_len,
		     const u8 *digest, unsigned int dlen);

#endif
