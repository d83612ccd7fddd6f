/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything imgauthctl does with OpenSSL 3 (EVP only): reading image keys
 * and certificates, signing and verifying images and key statements, file
 * fingerprints, the SHA-256 of the journal's chain.
 */
#ifndef IA_OSSL_H
#define IA_OSSL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Turn an imagekey.cer (X.509 certificate, DER or PEM) or a DSA public key
 * (PEM or DER SubjectPublicKeyInfo) into the DER SubjectPublicKeyInfo the
 * kernel stores.  *spki is malloc()ed.  Returns 0, or -1 with @err naming
 * the problem (not a certificate or key, not DSA, ...).
 */
int ossl_load_public_key(const void *buf, size_t len, uint8_t **spki,
			 size_t *spki_len, char *err, size_t errlen);

/*
 * Sign @len bytes with the DSA private key in @key_path (PEM, any format
 * OpenSSL reads); the digest follows q: SHA-1 for 160 bits, SHA-224 for
 * 224, SHA-256 for 256.  *sig (malloc()ed) is a DER Dss-Sig-Value.
 */
int ossl_sign(const char *key_path, const void *data, size_t len,
	      uint8_t **sig, size_t *sig_len, char *err, size_t errlen);

/*
 * A DSA private key held for several uses (a key statement names its
 * signer's public key, then is signed by it): loaded once, so that an
 * encrypted key asks for its passphrase once.
 */
struct ossl_key;

/* Load and check (DSA, a supported size); NULL with @err set. */
struct ossl_key *ossl_key_load(const char *key_path, char *err, size_t errlen);

/*
 * Its public half as the DER SubjectPublicKeyInfo the kernel stores for
 * it (what "key install" of its certificate sends), malloc()ed.
 */
int ossl_key_spki(const struct ossl_key *k, uint8_t **spki, size_t *spki_len,
		  char *err, size_t errlen);

/* As ossl_sign(), with the loaded key. */
int ossl_key_sign(const struct ossl_key *k, const void *data, size_t len,
		  uint8_t **sig, size_t *sig_len, char *err, size_t errlen);

void ossl_key_free(struct ossl_key *k);

/* SHA-256 of @len bytes; 0, or -1 (OpenSSL has none). */
int ossl_sha256(const void *data, size_t len, uint8_t out[32]);

/*
 * Verify a DER signature over @data with the key in @spki; the digest
 * follows q as for ossl_sign.  Returns 1 valid, 0 invalid, -1 error.
 */
int ossl_verify(const uint8_t *spki, size_t spki_len, const void *data,
		size_t len, const uint8_t *sig, size_t sig_len,
		char *err, size_t errlen);

struct ossl_fingerprint {
	char md5[33];
	char sha1[41];
	char sha256[65];
};

int ossl_fingerprint(const void *data, size_t len, struct ossl_fingerprint *fp);

/*
 * NULL when libcrypto is loaded (it is loaded on first use, see
 * ossl_lib.h; this call loads it if need be), else why it cannot be.
 * An ossl_*() call that failed for that reason failed because of the
 * system (exit status 1), not because of its input (a refused key).
 */
const char *ossl_unavailable(void);

#endif
