// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Strict DER decoding for DSA keys and signatures.
 *
 * Only what DSA needs: SEQUENCE, INTEGER, OBJECT IDENTIFIER and BIT STRING,
 * definite minimal lengths, minimal non-negative INTEGERs and nothing after
 * the outer element.  Anything BER allows but DER forbids is rejected, so
 * a signature has exactly one encoding and cannot be malleated.
 */
#include "ia_der.h"

#define DER_INTEGER	0x02
#define DER_BIT_STRING	0x03
#define DER_OID		0x06
#define DER_SEQUENCE	0x30

/* id-dsa, 1.2.840.10040.4.1 */
static const u8 oid_dsa[] = { 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01 };

struct der {
	const u8 *p;
	size_t left;
};

const char *ia_der_strerror(int err)
{
	switch (err) {
	case IA_DER_OK:
		return "ok";
	case IA_DER_TRUNCATED:
		return "truncated DER";
	case IA_DER_BAD_TAG:
		return "unexpected DER element";
	case IA_DER_BAD_LENGTH:
		return "bad DER length";
	case IA_DER_BAD_INTEGER:
		return "bad DER INTEGER (empty, negative or padded)";
	case IA_DER_TRAILING:
		return "trailing bytes after DER";
	case IA_DER_NOT_DSA:
		return "not a DSA key";
	case IA_DER_BAD_SIZE:
		return "unsupported DSA key size (want 1024/160, 2048/224, 2048/256 or 3072/256)";
	case IA_DER_RANGE:
		return "value out of range";
	case IA_DER_NOSPACE:
		return "output buffer too small";
	}
	return "unknown DER error";
}

/* Read one element of type @tag; @content gets its value bytes. */
static int der_next(struct der *d, u8 tag, struct der *content)
{
	size_t len;
	u8 b;

	if (d->left < 2)
		return IA_DER_TRUNCATED;
	if (d->p[0] != tag)
		return IA_DER_BAD_TAG;
	b = d->p[1];
	d->p += 2;
	d->left -= 2;
	if (b < 0x80) {
		len = b;
	} else {
		unsigned int n = b & 0x7f, i;

		/* 0x80 is BER's indefinite form; more than 4 bytes is absurd. */
		if (n == 0 || n > 4)
			return IA_DER_BAD_LENGTH;
		if (d->left < n)
			return IA_DER_TRUNCATED;
		if (d->p[0] == 0)
			return IA_DER_BAD_LENGTH;
		len = 0;
		for (i = 0; i < n; i++)
			len = len << 8 | d->p[i];
		if (len < 0x80)
			return IA_DER_BAD_LENGTH;
		d->p += n;
		d->left -= n;
	}
	if (len > d->left)
		return IA_DER_TRUNCATED;
	content->p = d->p;
	content->left = len;
	d->p += len;
	d->left -= len;
	return IA_DER_OK;
}

static int der_uint(struct der *d, struct ia_uint *v)
{
	struct der c;
	int err;

	err = der_next(d, DER_INTEGER, &c);
	if (err)
		return err;
	if (c.left == 0 || (c.p[0] & 0x80))
		return IA_DER_BAD_INTEGER;
	if (c.p[0] == 0 && c.left > 1) {
		if (!(c.p[1] & 0x80))
			return IA_DER_BAD_INTEGER;
		c.p++;
		c.left--;
	}
	if (c.left == 1 && c.p[0] == 0)
		c.left = 0;
	if (c.left > 0xffff)
		return IA_DER_RANGE;
	v->b = c.p;
	v->len = (u32)c.left;
	return IA_DER_OK;
}

u32 ia_uint_bits(struct ia_uint v)
{
	u32 bits;
	u8 top;

	if (!v.len)
		return 0;
	bits = (v.len - 1) * 8;
	for (top = v.b[0]; top; top >>= 1)
		bits++;
	return bits;
}

int ia_uint_cmp(struct ia_uint a, struct ia_uint b)
{
	u32 i;

	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	for (i = 0; i < a.len; i++)
		if (a.b[i] != b.b[i])
			return a.b[i] < b.b[i] ? -1 : 1;
	return 0;
}

static bool uint_is_one(struct ia_uint v)
{
	return v.len == 1 && v.b[0] == 1;
}

/* 1 < v < p */
static bool uint_in_group(struct ia_uint v, struct ia_uint p)
{
	return v.len && !uint_is_one(v) && ia_uint_cmp(v, p) < 0;
}

int ia_dsa_pub_parse(struct ia_dsa_pub *pub, const u8 *der, size_t len)
{
	struct der d = { der, len }, spki, alg, oid, params, bits;
	int err;

	err = der_next(&d, DER_SEQUENCE, &spki);
	if (err)
		return err;
	if (d.left)
		return IA_DER_TRAILING;
	err = der_next(&spki, DER_SEQUENCE, &alg);
	if (err)
		return err;
	err = der_next(&alg, DER_OID, &oid);
	if (err)
		return err;
	if (oid.left != sizeof(oid_dsa) ||
	    memcmp(oid.p, oid_dsa, sizeof(oid_dsa)))
		return IA_DER_NOT_DSA;
	/* Parameters are mandatory: a key that inherits them is useless. */
	err = der_next(&alg, DER_SEQUENCE, &params);
	if (err)
		return err;
	if (alg.left)
		return IA_DER_TRAILING;
	err = der_uint(&params, &pub->p);
	if (!err)
		err = der_uint(&params, &pub->q);
	if (!err)
		err = der_uint(&params, &pub->g);
	if (err)
		return err;
	if (params.left)
		return IA_DER_TRAILING;
	err = der_next(&spki, DER_BIT_STRING, &bits);
	if (err)
		return err;
	if (spki.left)
		return IA_DER_TRAILING;
	if (bits.left < 1)
		return IA_DER_TRUNCATED;
	if (bits.p[0] != 0)		/* unused-bits count */
		return IA_DER_BAD_LENGTH;
	bits.p++;
	bits.left--;
	err = der_uint(&bits, &pub->y);
	if (err)
		return err;
	if (bits.left)
		return IA_DER_TRAILING;

	pub->pbits = ia_uint_bits(pub->p);
	pub->qbits = ia_uint_bits(pub->q);
	if (!((pub->pbits == 1024 && pub->qbits == 160) ||
	      (pub->pbits == 2048 && pub->qbits == 224) ||
	      (pub->pbits == 2048 && pub->qbits == 256) ||
	      (pub->pbits == 3072 && pub->qbits == 256)))
		return IA_DER_BAD_SIZE;
	/* p and q are odd primes; an even one is certainly not. */
	if (!(pub->p.b[pub->p.len - 1] & 1) || !(pub->q.b[pub->q.len - 1] & 1))
		return IA_DER_RANGE;
	if (!uint_in_group(pub->g, pub->p) || !uint_in_group(pub->y, pub->p))
		return IA_DER_RANGE;
	return IA_DER_OK;
}

int ia_dsa_sig_parse(struct ia_dsa_sig *sig, const u8 *der, size_t len)
{
	struct der d = { der, len }, seq;
	int err;

	err = der_next(&d, DER_SEQUENCE, &seq);
	if (err)
		return err;
	if (d.left)
		return IA_DER_TRAILING;
	err = der_uint(&seq, &sig->r);
	if (!err)
		err = der_uint(&seq, &sig->s);
	if (err)
		return err;
	if (seq.left)
		return IA_DER_TRAILING;
	return IA_DER_OK;
}

int ia_dsa_sig_check(const struct ia_dsa_sig *sig, const struct ia_dsa_pub *pub)
{
	if (!sig->r.len || ia_uint_cmp(sig->r, pub->q) >= 0)
		return IA_DER_RANGE;
	if (!sig->s.len || ia_uint_cmp(sig->s, pub->q) >= 0)
		return IA_DER_RANGE;
	return IA_DER_OK;
}

static size_t der_uint_len(struct ia_uint v)
{
	/* INTEGER 0 is one zero byte; a set top bit needs a sign byte. */
	return v.len ? v.len + (v.b[0] >> 7) : 1;
}

static u8 *der_put_uint(u8 *out, struct ia_uint v)
{
	size_t n = der_uint_len(v);

	*out++ = DER_INTEGER;
	*out++ = (u8)n;
	if (n > v.len)
		*out++ = 0;
	/* Zero may come as { NULL, 0 }: memcpy() from NULL is undefined. */
	if (v.len)
		memcpy(out, v.b, v.len);
	return out + v.len;
}

int ia_dsa_sig_encode(u8 *der, size_t cap, size_t *outlen,
		      struct ia_uint r, struct ia_uint s)
{
	size_t rl = der_uint_len(r), sl = der_uint_len(s), body;
	u8 *out = der;

	/* Single-byte lengths cover every q this code supports. */
	if (rl > 0x7d || sl > 0x7d)
		return IA_DER_RANGE;
	body = 2 + rl + 2 + sl;
	if (body > 0x7f)
		return IA_DER_RANGE;
	if (cap < 2 + body)
		return IA_DER_NOSPACE;
	*out++ = DER_SEQUENCE;
	*out++ = (u8)body;
	out = der_put_uint(out, r);
	out = der_put_uint(out, s);
	*outlen = (size_t)(out - der);
	return IA_DER_OK;
}

static struct ia_uint uint_strip(const u8 *b, u32 len)
{
	struct ia_uint v = { b, len };

	while (v.len && !v.b[0]) {
		v.b++;
		v.len--;
	}
	return v;
}

int ia_dsa_sig_from_p1363(u8 *der, size_t cap, size_t *outlen,
			  const u8 *raw, size_t rawlen, u32 qbytes)
{
	if (!qbytes || rawlen != 2 * (size_t)qbytes)
		return IA_DER_BAD_LENGTH;
	return ia_dsa_sig_encode(der, cap, outlen, uint_strip(raw, qbytes),
				 uint_strip(raw + qbytes, qbytes));
}

const char *ia_dsa_hash_name(u32 qbits)
{
	switch (qbits) {
	case 160:
		return "sha1";
	case 224:
		return "sha224";
	case 256:
		return "sha256";
	}
	return NULL;
}
