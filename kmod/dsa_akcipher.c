// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto API glue before 6.13: DSA as the akcipher "dsa" (driver
 * "dsa-imgauth"); dsa_sig.c is its sig_alg twin for 6.13+, and Kbuild
 * compiles the one that matches the kernel.  Like ecdsa, verify takes the
 * DER signature followed by the digest in req->src, with src_len =
 * signature length and dst_len = digest length.  The public key is a DER
 * SubjectPublicKeyInfo, the format the key slots store.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <crypto/internal/akcipher.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "compat.h"
#include "dsa.h"

#if IA_HAVE_SIG_ALG
#error "akcipher has no verify since 6.13: Kbuild should have picked dsa_sig.c"
#endif

static int ia_dsa_set_pub_key(struct crypto_akcipher *tfm, const void *key,
			      unsigned int keylen)
{
	return ia_dsa_key_set(akcipher_tfm_ctx(tfm), key, keylen);
}

static int ia_dsa_verify_req(struct akcipher_request *req)
{
	struct ia_dsa_key *key = akcipher_tfm_ctx(crypto_akcipher_reqtfm(req));
	unsigned int total = req->src_len + req->dst_len;
	int ret, nents;
	u8 *buf;

	if (!key->der)
		return -EINVAL;
	if (!req->dst_len || req->src_len > 4096 || req->dst_len > 64)
		return -EINVAL;
	nents = sg_nents_for_len(req->src, total);
	if (nents < 0)
		return nents;
	buf = kmalloc(total, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (sg_pcopy_to_buffer(req->src, nents, buf, total, 0) != total) {
		ret = -EINVAL;
		goto out;
	}
	ret = ia_dsa_key_verify(key, buf, req->src_len, buf + req->src_len,
				req->dst_len);
out:
	kfree(buf);
	return ret;
}

static unsigned int ia_dsa_max_size(struct crypto_akcipher *tfm)
{
	struct ia_dsa_key *key = akcipher_tfm_ctx(tfm);

	return IA_DSA_SIG_DER_MAX(key->pub.qbits);
}

static void ia_dsa_exit_tfm(struct crypto_akcipher *tfm)
{
	ia_dsa_key_clear(akcipher_tfm_ctx(tfm));
}

static struct akcipher_alg ia_dsa_alg = {
	.verify = ia_dsa_verify_req,
	.set_pub_key = ia_dsa_set_pub_key,
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
	return crypto_register_akcipher(&ia_dsa_alg);
}

void ia_dsa_unregister(void)
{
	crypto_unregister_akcipher(&ia_dsa_alg);
}
