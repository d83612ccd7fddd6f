// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto API glue: DSA as the akcipher "dsa" (the 6.1 interface; the 6.13+
 * sig_alg one can sit beside it in a file like this).  Like ecdsa, verify
 * takes the DER signature followed by the digest in req->src, with
 * src_len = signature length and dst_len = digest length.  The public key
 * is a DER SubjectPublicKeyInfo, the format the key slots store.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <crypto/internal/akcipher.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dsa.h"

struct ia_dsa_ctx {
	u8 *der;		/* owns the bytes pub points into */
	struct ia_dsa_pub pub;
};

static int ia_dsa_set_pub_key(struct crypto_akcipher *tfm, const void *key,
			      unsigned int keylen)
{
	struct ia_dsa_ctx *ctx = akcipher_tfm_ctx(tfm);
	u8 *der;

	der = kmemdup(key, keylen, GFP_KERNEL);
	if (!der)
		return -ENOMEM;
	kfree(ctx->der);
	ctx->der = der;
	if (ia_dsa_pub_parse(&ctx->pub, der, keylen)) {
		kfree(ctx->der);
		ctx->der = NULL;
		return -EINVAL;
	}
	return 0;
}

static int ia_dsa_verify_req(struct akcipher_request *req)
{
	struct ia_dsa_ctx *ctx = akcipher_tfm_ctx(crypto_akcipher_reqtfm(req));
	unsigned int total = req->src_len + req->dst_len;
	struct ia_dsa_sig sig;
	int ret, nents;
	u8 *buf;

	if (!ctx->der)
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
	if (ia_dsa_sig_parse(&sig, buf, req->src_len)) {
		ret = -EBADMSG;
		goto out;
	}
	ret = ia_dsa_verify(&ctx->pub, &sig, buf + req->src_len, req->dst_len);
out:
	kfree(buf);
	return ret;
}

static unsigned int ia_dsa_max_size(struct crypto_akcipher *tfm)
{
	struct ia_dsa_ctx *ctx = akcipher_tfm_ctx(tfm);

	return IA_DSA_SIG_DER_MAX(ctx->pub.qbits);
}

static void ia_dsa_exit_tfm(struct crypto_akcipher *tfm)
{
	struct ia_dsa_ctx *ctx = akcipher_tfm_ctx(tfm);

	kfree(ctx->der);
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
		.cra_ctxsize = sizeof(struct ia_dsa_ctx),
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
