// SPDX-License-Identifier: GPL-2.0
/*
 * The public key a crypto API tfm of "dsa" holds, and the checks of a
 * verify request: shared by the glue of either interface, dsa_akcipher.c
 * (before 6.13) and dsa_sig.c (since).
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "dsa.h"

int ia_dsa_key_set(struct ia_dsa_key *key, const void *der, unsigned int len)
{
	u8 *copy;

	ia_dsa_key_clear(key);
	copy = kmemdup(der, len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	if (ia_dsa_pub_parse(&key->pub, copy, len)) {
		kfree(copy);
		return -EINVAL;
	}
	key->der = copy;
	return 0;
}

void ia_dsa_key_clear(struct ia_dsa_key *key)
{
	kfree(key->der);
	key->der = NULL;
	memset(&key->pub, 0, sizeof(key->pub));
}

int ia_dsa_key_verify(const struct ia_dsa_key *key, const u8 *sig,
		      unsigned int slen, const u8 *digest, unsigned int dlen)
{
	struct ia_dsa_sig s;

	if (!key->der)
		return -EINVAL;
	if (!dlen || slen > 4096 || dlen > 64)
		return -EINVAL;
	if (ia_dsa_sig_parse(&s, sig, slen))
		return -EBADMSG;
	return ia_dsa_verify(&key->pub, &s, digest, dlen);
}
