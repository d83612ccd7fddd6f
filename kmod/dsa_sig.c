// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto API glue for 6.13+: DSA as the sig_alg "dsa" (driver
 * "dsa-imgauth"), the twin of dsa_akcipher.c; Kbuild compiles the one that
 * matches the kernel.  verify() takes the DER Dss-Sig-Value and the digest
 * as flat buffers, set_pub_key() a DER SubjectPublicKeyInfo, the format the
 * key slots store.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <crypto/internal/sig.h>
#include <linux/module.h>

#include "compat.h"
#include "dsa.h"

#if !IA_HAVE_SIG_ALG
#error "struct sig_alg needs 6.13+: Kbuild should have picked dsa_akcipher.c"
#endif

static int ia_dsa_set_pub_key(struct crypto_sig *tfm, const void *key,
			      unsigned int keylen)
{
	return ia_dsa_key_set(crypto_sig_ctx(tfm), key, keylen);
}

static int ia_dsa_verify_sig(struct crypto_sig *tfm, const void *src,
			     unsigned int slen, const void *digest,
			     unsigned int dlen)
{
	return ia_dsa_key_verify(crypto_sig_ctx(tfm), src, slen, digest, dlen);
}

static unsigned int ia_dsa_key_size(struct crypto_sig *tfm)
{
	struct ia_dsa_key *key = crypto_sig_ctx(tfm);

	return ia_sig_key_size(key->pub.pbits);
}

/* Any digest length works (its leftmost N bits are used); up to SHA-512. */
static unsigned int ia_dsa_digest_size(struct crypto_sig *tfm)
{
	return 64;
}

static unsigned int ia_dsa_max_size(struct crypto_sig *tfm)
{
	struct ia_dsa_key *key = crypto_sig_ctx(tfm);

	return IA_DSA_SIG_DER_MAX(key->pub.qbits);
}

static void ia_dsa_exit_tfm(struct crypto_sig *tfm)
{
	ia_dsa_key_clear(crypto_sig_ctx(tfm));
}

static struct sig_alg ia_dsa_alg = {
	.verify = ia_dsa_verify_sig,
	.set_pub_key = ia_dsa_set_pub_key,
	.key_size = ia_dsa_key_size,
	.digest_size = ia_dsa_digest_size,
	.max_size = ia_dsa_max_size,
	.exit = ia_dsa_exit_tfm,
	.base = {
		.cra_name = "dsa",
		.cra_driver_name = IA_DSA_DRIVER,
		.cra_priority = 100,
		.cra_module = THIS_MODULE,
		.cra_ctxsize = sizeof(struct ia_dsa_key),
	},
};

int ia_dsa_register(void)
{
	return crypto_register_sig(&ia_dsa_alg);
}

void ia_dsa_unregister(void)
{
	crypto_unregister_sig(&ia_dsa_alg);
}
