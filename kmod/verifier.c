// SPDX-License-Identifier: GPL-2.0
/*
 * Hashing and signature checking through the kernel crypto API.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>

#include "dsa.h"
#include "hash_pick.h"
#include "verifier.h"
#include "compat.h"

#if IA_HAVE_SIG_ALG
#include <crypto/sig.h>
#else
#include <crypto/akcipher.h>
#include <linux/scatterlist.h>
#endif

int ia_hasher_init(struct ia_hasher *h, const char *alg)
{
	int ret;

	h->desc = NULL;
	h->tfm = crypto_alloc_shash(ia_hash_driver(alg), 0, 0);
	/* The picked driver's module unloaded since: any driver will do. */
	if (IS_ERR(h->tfm) && strcmp(ia_hash_driver(alg), alg))
		h->tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(h->tfm)) {
		ret = PTR_ERR(h->tfm);
		h->tfm = NULL;
		pr_err("hash %s unavailable (%d)\n", alg, ret);
		return ret;
	}
	if (crypto_shash_digestsize(h->tfm) > 64) {
		ret = -EINVAL;
		goto err;
	}
	h->desc = kzalloc(sizeof(*h->desc) + crypto_shash_descsize(h->tfm),
			  GFP_KERNEL);
	if (!h->desc) {
		ret = -ENOMEM;
		goto err;
	}
	h->desc->tfm = h->tfm;
	ret = crypto_shash_init(h->desc);
	if (ret)
		goto err;
	return 0;
err:
	ia_hasher_free(h);
	return ret;
}

int ia_hasher_update(struct ia_hasher *h, const void *data, size_t len)
{
	return crypto_shash_update(h->desc, data, len);
}

int ia_hasher_final(struct ia_hasher *h, u8 *out)
{
	int ret = crypto_shash_final(h->desc, out);

	return ret ? ret : crypto_shash_digestsize(h->tfm);
}

int ia_hasher_digest(struct ia_hasher *h, const void *data, size_t len,
		     u8 *out)
{
	int ret = crypto_shash_digest(h->desc, data, len, out);

	return ret ? ret : crypto_shash_digestsize(h->tfm);
}

unsigned int ia_hasher_size(struct ia_hasher *h)
{
	return crypto_shash_digestsize(h->tfm);
}

const char *ia_hasher_driver(struct ia_hasher *h)
{
	return crypto_shash_driver_name(h->tfm);
}

void ia_hasher_free(struct ia_hasher *h)
{
	kfree_sensitive(h->desc);
	h->desc = NULL;
	if (h->tfm)
		crypto_free_shash(h->tfm);
	h->tfm = NULL;
}

/*
 * The module's own algorithm, by driver name: the generic "dsa" could be
 * another module's, and a lookup that misses must not load anything.
 */
#if IA_HAVE_SIG_ALG
int ia_verify_digest(const u8 *key, u32 key_len, const u8 *sig, u32 sig_len,
		     const u8 *digest, unsigned int dlen)
{
	struct crypto_sig *tfm;
	int ret;

	tfm = crypto_alloc_sig(IA_DSA_DRIVER, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_sig_set_pubkey(tfm, key, key_len);
	if (!ret)
		ret = crypto_sig_verify(tfm, sig, sig_len, digest, dlen);
	crypto_free_sig(tfm);
	return ret;
}
#else
int ia_verify_digest(const u8 *key, u32 key_len, const u8 *sig, u32 sig_len,
		     const u8 *digest, unsigned int dlen)
{
	struct crypto_akcipher *tfm;
	struct akcipher_request *req;
	struct scatterlist sg[2];
	DECLARE_CRYPTO_WAIT(wait);
	u8 *buf;
	int ret;

	tfm = crypto_alloc_akcipher(IA_DSA_DRIVER, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_akcipher_set_pub_key(tfm, key, key_len);
	if (ret)
		goto out_tfm;

	/* Scatterlists need linear-mapped memory, not the (vmapped) stack. */
	buf = kmalloc(sig_len + dlen, GFP_KERNEL);
	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	if (!buf || !req) {
		ret = -ENOMEM;
		goto out_req;
	}
	memcpy(buf, sig, sig_len);
	memcpy(buf + sig_len, digest, dlen);
	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], buf, sig_len);
	sg_set_buf(&sg[1], buf + sig_len, dlen);
	akcipher_request_set_crypt(req, sg, NULL, sig_len, dlen);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	ret = crypto_wait_req(crypto_akcipher_verify(req), &wait);
out_req:
	akcipher_request_free(req);
	kfree(buf);
out_tfm:
	crypto_free_akcipher(tfm);
	return ret;
}
#endif
