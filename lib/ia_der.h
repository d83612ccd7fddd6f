/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Strict DER for DSA: the SubjectPublicKeyInfo that the key slots hold and
 * the Dss-Sig-Value that ends every image.  Shared by kernel and userspace.
 */
#ifndef IA_DER_H
#define IA_DER_H

#include "ia_types.h"

enum ia_der_err {
	IA_DER_OK = 0,
	IA_DER_TRUNCATED = -1,		/* ends inside an element */
	IA_DER_BAD_TAG = -2,		/* unexpected element type */
	IA_DER_BAD_LENGTH = -3,		/* indefinite or non-minimal length */
	IA_DER_BAD_INTEGER = -4,	/* empty, negative or padded INTEGER */
	IA_DER_TRAILING = -5,		/* bytes after the structure */
	IA_DER_NOT_DSA = -6,		/* algorithm is not id-dsa */
	IA_DER_BAD_SIZE = -7,		/* (L, N) not 1024/160, 2048/224,
					 * 2048/256 or 3072/256 */
	IA_DER_RANGE = -8,		/* g, y, r or s out of range */
	IA_DER_NOSPACE = -9,		/* output buffer too small */
};

const char *ia_der_strerror(int err);

/* An unsigned big-endian integer without leading zeros; len 0 is zero. */
struct ia_uint {
	const u8 *b;
	u32 len;
};

u32 ia_uint_bits(struct ia_uint v);
int ia_uint_cmp(struct ia_uint a, struct ia_uint b);

struct ia_dsa_pub {
	struct ia_uint p, q, g, y;
	u32 pbits, qbits;
};

struct ia_dsa_sig {
	struct ia_uint r, s;
};

/*
 * Parse a DER SubjectPublicKeyInfo holding a DSA key with explicit domain
 * parameters; checks the (L, N) pair and 1 < g < p, 1 < y < p.  The result
 * points into @der.
 */
int ia_dsa_pub_parse(struct ia_dsa_pub *pub, const u8 *der, size_t len);

/* Parse a strict DER Dss-Sig-Value; no range checks. */
int ia_dsa_sig_parse(struct ia_dsa_sig *sig, const u8 *der, size_t len);

/* 0 < r < q and 0 < s < q. */
int ia_dsa_sig_check(const struct ia_dsa_sig *sig, const struct ia_dsa_pub *pub);

/* DER-encode (r, s); *outlen gets the length. */
int ia_dsa_sig_encode(u8 *der, size_t cap, size_t *outlen,
		      struct ia_uint r, struct ia_uint s);

/*
 * Convert an IEEE P1363 signature (r || s, each exactly @qbytes long) to
 * DER; any other length is IA_DER_BAD_LENGTH.
 */
int ia_dsa_sig_from_p1363(u8 *der, size_t cap, size_t *outlen,
			  const u8 *raw, size_t rawlen, u32 qbytes);

/* Hash that signs images for a key of this N: "sha1", "sha224", "sha256". */
const char *ia_dsa_hash_name(u32 qbits);

/* Longest DER Dss-Sig-Value for N-bit q. */
#define IA_DSA_SIG_DER_MAX(qbits) (2 + 2 * (2 + 1 + ((qbits) + 7) / 8))

#endif /* IA_DER_H */
