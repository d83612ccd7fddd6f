// SPDX-License-Identifier: GPL-2.0
/*
 * Strict DER for DSA (lib/ia_der.c): lengths, INTEGERs, trailing bytes,
 * the SubjectPublicKeyInfo of real keys and of broken ones, P1363, ranges.
 * Every case names the rule it checks; the process fails if one fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/imgauth.h>

#include "ia_der.h"

#include "check.h"

#include "key1024.h"

/* ---- a small DER writer to build test inputs ---- */

struct out {
	u8 b[4096];
	size_t len;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->len + n > sizeof(o->b)) {
		fprintf(stderr, "test buffer overflow\n");
		exit(2);
	}
	if (n)
		memcpy(o->b + o->len, p, n);
	o->len += n;
}

static void put_byte(struct out *o, u8 c)
{
	put(o, &c, 1);
}

/* Minimal definite length. */
static void put_len(struct out *o, size_t n)
{
	if (n < 0x80) {
		put_byte(o, (u8)n);
	} else if (n < 0x100) {
		put_byte(o, 0x81);
		put_byte(o, (u8)n);
	} else {
		put_byte(o, 0x82);
		put_byte(o, (u8)(n >> 8));
		put_byte(o, (u8)n);
	}
}

static void put_tlv(struct out *o, u8 tag, const struct out *content)
{
	put_byte(o, tag);
	put_len(o, content->len);
	put(o, content->b, content->len);
}

/* INTEGER from unsigned big-endian bytes, with a sign byte if needed. */
static void put_uint(struct out *o, const u8 *b, size_t n)
{
	struct out c = { .len = 0 };

	if (!n || (b[0] & 0x80))
		put_byte(&c, 0);
	put(&c, b, n);
	put_tlv(o, 0x02, &c);
}

static void put_ia_uint(struct out *o, struct ia_uint v)
{
	put_uint(o, v.b, v.len);
}

static const u8 oid_dsa[] = { 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01 };
static const u8 oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };

/* How build_spki() should deviate from a well-formed key. */
struct spki_opts {
	const u8 *oid;
	size_t oid_len;
	bool no_params;
	bool null_params;
	bool extra_param;	/* a fourth INTEGER in Dss-Parms */
	bool extra_alg;		/* something after the parameters */
	u8 unused_bits;
	bool extra_in_bits;	/* bytes after y inside the BIT STRING */
	bool negative_y;	/* y without its sign byte */
};

static void build_spki(struct out *o, struct ia_uint p, struct ia_uint q,
		       struct ia_uint g, struct ia_uint y,
		       const struct spki_opts *opt)
{
	struct out alg = { .len = 0 }, oid = { .len = 0 }, params = { .len = 0 };
	struct out bits = { .len = 0 }, spki = { .len = 0 };

	put(&oid, opt->oid ? opt->oid : oid_dsa,
	    opt->oid ? opt->oid_len : sizeof(oid_dsa));
	put_tlv(&alg, 0x06, &oid);
	put_ia_uint(&params, p);
	put_ia_uint(&params, q);
	put_ia_uint(&params, g);
	if (opt->extra_param)
		put_ia_uint(&params, g);
	if (opt->null_params) {
		put_byte(&alg, 0x05);
		put_byte(&alg, 0x00);
	} else if (!opt->no_params) {
		put_tlv(&alg, 0x30, &params);
	}
	if (opt->extra_alg) {
		put_byte(&alg, 0x05);
		put_byte(&alg, 0x00);
	}
	put_tlv(&spki, 0x30, &alg);
	put_byte(&bits, opt->unused_bits);
	if (opt->negative_y) {
		struct out c = { .len = 0 };

		put(&c, y.b, y.len);
		put_tlv(&bits, 0x02, &c);
	} else {
		put_ia_uint(&bits, y);
	}
	if (opt->extra_in_bits)
		put_byte(&bits, 0);
	put_tlv(&spki, 0x03, &bits);
	put_tlv(o, 0x30, &spki);
}

static int parse_hex(u8 *out, size_t cap, const char *hex)
{
	size_t n = 0;

	for (; *hex; hex++) {
		unsigned int v;

		if (*hex == ' ')
			continue;
		if (n / 2 >= cap || sscanf(hex, "%1x", &v) != 1)
			return -1;
		if (n % 2)
			out[n / 2] |= (u8)v;
		else
			out[n / 2] = (u8)(v << 4);
		n++;
	}
	return n % 2 ? -1 : (int)(n / 2);
}

/* ---- Dss-Sig-Value ---- */

static const struct {
	const char *hex;
	int err;
	const char *why;
} sig_cases[] = {
	{ "3006020101020101", IA_DER_OK, "smallest signature" },
	{ "3006020100020100", IA_DER_OK, "zeros parse; the range check refuses them" },
	{ "300702020080020101", IA_DER_OK, "sign byte before a set top bit" },
	{ "", IA_DER_TRUNCATED, "empty" },
	{ "30", IA_DER_TRUNCATED, "tag only" },
	{ "3007020101020101", IA_DER_TRUNCATED, "length beyond the input" },
	{ "3003020101", IA_DER_TRUNCATED, "s missing" },
	{ "30060201010201", IA_DER_TRUNCATED, "cut inside s" },
	{ "3084ffffffff", IA_DER_TRUNCATED, "4-byte length beyond the input" },
	{ "3106020101020101", IA_DER_BAD_TAG, "SET instead of SEQUENCE" },
	{ "3006030101020101", IA_DER_BAD_TAG, "BIT STRING instead of INTEGER" },
	{ "3006020101040101", IA_DER_BAD_TAG, "OCTET STRING for s" },
	{ "308106020101020101", IA_DER_BAD_LENGTH, "long form for a short length" },
	{ "30820006020101020101", IA_DER_BAD_LENGTH, "length with a leading zero byte" },
	{ "30800201010201010000", IA_DER_BAD_LENGTH, "indefinite length (BER)" },
	{ "3085000000000602010102 0101", IA_DER_BAD_LENGTH, "5-byte length" },
	{ "300702810101020101", IA_DER_BAD_LENGTH, "long form INTEGER length" },
	{ "3006020181020101", IA_DER_BAD_INTEGER, "negative r" },
	{ "30060201010201ff", IA_DER_BAD_INTEGER, "negative s" },
	{ "300702020001020101", IA_DER_BAD_INTEGER, "r padded with a zero byte" },
	{ "30080203000080020101", IA_DER_BAD_INTEGER, "r padded with two zero bytes" },
	{ "300702020000020101", IA_DER_BAD_INTEGER, "zero encoded in two bytes" },
	{ "30050200020101", IA_DER_BAD_INTEGER, "empty INTEGER" },
	{ "300602010102010100", IA_DER_TRAILING, "a byte after the SEQUENCE" },
	{ "3009020101020101020101", IA_DER_TRAILING, "a third INTEGER" },
};

static void test_sig_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(sig_cases) / sizeof(sig_cases[0]); i++) {
		u8 in[64], re[80];
		struct ia_dsa_sig sig;
		size_t relen;
		int n = parse_hex(in, sizeof(in), sig_cases[i].hex), err;

		if (n < 0) {
			CHECK(0, "bad test vector %s", sig_cases[i].hex);
			continue;
		}
		err = ia_dsa_sig_parse(&sig, in, (size_t)n);
		CHECK(err == sig_cases[i].err, "sig %s (%s): got %d (%s), want %d",
		      sig_cases[i].hex, sig_cases[i].why, err, ia_der_strerror(err),
		      sig_cases[i].err);
		if (err)
			continue;
		/* DER has one encoding: re-encoding gives the input back. */
		err = ia_dsa_sig_encode(re, sizeof(re), &relen, sig.r, sig.s);
		CHECK(!err && relen == (size_t)n && !memcmp(re, in, relen),
		      "sig %s: re-encoding differs", sig_cases[i].hex);
	}
}

/* Lengths in the long form where they are needed, and 64 KiB INTEGERs. */
static void test_sig_long(void)
{
	struct out o = { .len = 0 }, seq = { .len = 0 };
	struct ia_dsa_sig sig;
	u8 big[63];
	u8 *huge;
	size_t i;
	int err;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (u8)(i + 1);
	put_uint(&seq, big, sizeof(big));
	put_uint(&seq, big, sizeof(big));
	put_tlv(&o, 0x30, &seq);		/* 30 81 82 ... */
	CHECK(o.b[1] == 0x81 && o.b[2] == 0x82, "builder: long form expected");
	err = ia_dsa_sig_parse(&sig, o.b, o.len);
	CHECK(err == IA_DER_OK && sig.r.len == 63 && sig.s.len == 63,
	      "long-form SEQUENCE length: %s", ia_der_strerror(err));
	CHECK(ia_uint_bits(sig.r) == 62 * 8 + 1, "bits of r: %u", ia_uint_bits(sig.r));

	/* INTEGER of 0x10000 bytes: DER, but beyond what a u32 len allows here. */
	huge = malloc(0x10000 + 16);
	if (!huge) {
		CHECK(0, "out of memory");
		return;
	}
	memcpy(huge, "\x30\x83\x01\x00\x08\x02\x83\x01\x00\x00", 10);
	memset(huge + 10, 0x01, 0x10000);
	memcpy(huge + 10 + 0x10000, "\x02\x01\x01", 3);
	err = ia_dsa_sig_parse(&sig, huge, 10 + 0x10000 + 3);
	CHECK(err == IA_DER_RANGE, "64 KiB INTEGER: %s", ia_der_strerror(err));
	free(huge);
}

static void test_sig_encode(void)
{
	const u8 r[] = { 0x80, 0x01 }, s[] = { 0x7f };
	struct ia_uint ur = { r, 2 }, us = { s, 1 }, zero = { NULL, 0 };
	u8 out[16];
	size_t len = 0;
	int err;

	err = ia_dsa_sig_encode(out, sizeof(out), &len, ur, us);
	CHECK(!err && len == 10 &&
	      !memcmp(out, "\x30\x08\x02\x03\x00\x80\x01\x02\x01\x7f", 10),
	      "encode sign byte");
	err = ia_dsa_sig_encode(out, sizeof(out), &len, zero, zero);
	CHECK(!err && len == 8 && !memcmp(out, "\x30\x06\x02\x01\x00\x02\x01\x00", 8),
	      "encode zeros");
	err = ia_dsa_sig_encode(out, 9, &len, ur, us);
	CHECK(err == IA_DER_NOSPACE, "encode into 9 bytes: %d", err);
}

/* ---- P1363 ---- */

static void test_p1363(void)
{
	u8 raw[128], der[160];
	struct ia_dsa_sig sig;
	size_t len;
	int err;

	memset(raw, 0, sizeof(raw));
	raw[19] = 1;				/* r = 1 */
	raw[20] = 0x80;				/* s = 0x80 << 152 */
	err = ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 40, 20);
	CHECK(!err, "p1363 20: %s", ia_der_strerror(err));
	CHECK(!ia_dsa_sig_parse(&sig, der, len) && sig.r.len == 1 &&
	      sig.s.len == 20 && ia_uint_bits(sig.s) == 160,
	      "p1363 20: leading zeros stripped, sign byte added");
	CHECK(len == 2 + 3 + 2 + 21, "p1363 20: length %zu", len);

	/* all zero: INTEGER 0 twice (the range check refuses it later) */
	memset(raw, 0, sizeof(raw));
	err = ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 64, 32);
	CHECK(!err && len == 8, "p1363 zeros: %s, %zu", ia_der_strerror(err), len);

	/* the longest signature of a 256-bit q is IA_DSA_SIG_DER_MAX(256) */
	memset(raw, 0xff, sizeof(raw));
	err = ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 64, 32);
	CHECK(!err && len == IA_DSA_SIG_DER_MAX(256) && len == IMGAUTH_SIG_MAX,
	      "p1363 256-bit max: %zu", len);
	err = ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 56, 28);
	CHECK(!err && len == IA_DSA_SIG_DER_MAX(224), "p1363 224-bit max: %zu", len);
	err = ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 40, 20);
	CHECK(!err && len == IA_DSA_SIG_DER_MAX(160), "p1363 160-bit max: %zu", len);

	/* wrong lengths */
	CHECK(ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 39, 20) == IA_DER_BAD_LENGTH,
	      "p1363 39 bytes");
	CHECK(ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 41, 20) == IA_DER_BAD_LENGTH,
	      "p1363 41 bytes");
	CHECK(ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 40, 32) == IA_DER_BAD_LENGTH,
	      "p1363 40 bytes for 32-byte q");
	CHECK(ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 0, 0) == IA_DER_BAD_LENGTH,
	      "p1363 qbytes 0");
	CHECK(ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 0, 20) == IA_DER_BAD_LENGTH,
	      "p1363 empty");
	/* 64-byte halves need two-byte lengths: not a DSA signature */
	CHECK(ia_dsa_sig_from_p1363(der, sizeof(der), &len, raw, 128, 64) == IA_DER_RANGE,
	      "p1363 64-byte halves");
	CHECK(ia_dsa_sig_from_p1363(der, 50, &len, raw, 64, 32) == IA_DER_NOSPACE,
	      "p1363 small buffer");
}

/* ---- SubjectPublicKeyInfo ---- */

/* @v minus one (v > 0, no borrow past the top), in @buf. */
static struct ia_uint uint_dec(u8 *buf, struct ia_uint v)
{
	struct ia_uint r = { buf, v.len };
	u32 i = v.len;

	memcpy(buf, v.b, v.len);
	while (i--) {
		if (buf[i]--)
			break;
	}
	while (r.len && !r.b[0]) {
		r.b++;
		r.len--;
	}
	return r;
}

static void test_spki(void)
{
	static const struct spki_opts plain;
	struct ia_dsa_pub pub, pub2;
	struct ia_uint one, zero = { NULL, 0 }, tmp;
	struct out o;
	u8 b1[] = { 1 }, pbuf[512], qbuf[64], sbuf[64], ybuf[512];
	size_t i;
	int err;

	one.b = b1;
	one.len = 1;
	err = ia_dsa_pub_parse(&pub, key1024, sizeof(key1024));
	CHECK(!err, "embedded key: %s", ia_der_strerror(err));
	if (err)
		return;
	CHECK(pub.pbits == 1024 && pub.qbits == 160 && pub.p.len == 128 &&
	      pub.q.len == 20, "embedded key: %u/%u", pub.pbits, pub.qbits);
	CHECK(!strcmp(ia_dsa_hash_name(pub.qbits), "sha1"), "hash of 160");

	/* the builder reproduces the key exactly, so its variants are fair */
	o.len = 0;
	build_spki(&o, pub.p, pub.q, pub.g, pub.y, &plain);
	CHECK(o.len == sizeof(key1024) && !memcmp(o.b, key1024, o.len),
	      "builder does not reproduce the key");

	/* every truncation fails, never reads past the end (ASan) */
	for (i = 0; i < sizeof(key1024); i++) {
		u8 *cut = malloc(i ? i : 1);

		memcpy(cut, key1024, i);
		err = ia_dsa_pub_parse(&pub2, cut, i);
		CHECK(err != IA_DER_OK, "key cut to %zu bytes parsed", i);
		free(cut);
	}
	/* a byte after it */
	memcpy(o.b, key1024, sizeof(key1024));
	o.b[sizeof(key1024)] = 0;
	CHECK(ia_dsa_pub_parse(&pub2, o.b, sizeof(key1024) + 1) == IA_DER_TRAILING,
	      "byte after the key");

#define SPKI_CASE(want, why, P, Q, G, Y, ...) do {				\
	struct spki_opts so = { __VA_ARGS__ };					\
	o.len = 0;								\
	build_spki(&o, P, Q, G, Y, &so);					\
	err = ia_dsa_pub_parse(&pub2, o.b, o.len);				\
	CHECK(err == (want), "%s: got %s, want %s", why,			\
	      ia_der_strerror(err), ia_der_strerror(want));			\
} while (0)

	SPKI_CASE(IA_DER_NOT_DSA, "rsaEncryption OID", pub.p, pub.q, pub.g, pub.y,
		  .oid = oid_rsa, .oid_len = sizeof(oid_rsa));
	SPKI_CASE(IA_DER_NOT_DSA, "OID prefix", pub.p, pub.q, pub.g, pub.y,
		  .oid = oid_dsa, .oid_len = sizeof(oid_dsa) - 1);
	SPKI_CASE(IA_DER_TRUNCATED, "no parameters", pub.p, pub.q, pub.g, pub.y,
		  .no_params = true);
	SPKI_CASE(IA_DER_BAD_TAG, "NULL parameters", pub.p, pub.q, pub.g, pub.y,
		  .null_params = true);
	SPKI_CASE(IA_DER_TRAILING, "fourth parameter", pub.p, pub.q, pub.g, pub.y,
		  .extra_param = true);
	SPKI_CASE(IA_DER_TRAILING, "after the parameters", pub.p, pub.q, pub.g, pub.y,
		  .extra_alg = true);
	SPKI_CASE(IA_DER_BAD_LENGTH, "unused bits", pub.p, pub.q, pub.g, pub.y,
		  .unused_bits = 1);
	SPKI_CASE(IA_DER_TRAILING, "after y in the BIT STRING", pub.p, pub.q, pub.g,
		  pub.y, .extra_in_bits = true);
	SPKI_CASE(IA_DER_OK, "sanity: the same again", pub.p, pub.q, pub.g, pub.y,
		  .oid = NULL);

	/* values: 1 < g < p, 1 < y < p */
	SPKI_CASE(IA_DER_RANGE, "g = 1", pub.p, pub.q, one, pub.y, .oid = NULL);
	SPKI_CASE(IA_DER_RANGE, "g = 0", pub.p, pub.q, zero, pub.y, .oid = NULL);
	SPKI_CASE(IA_DER_RANGE, "g = p", pub.p, pub.q, pub.p, pub.y, .oid = NULL);
	SPKI_CASE(IA_DER_RANGE, "y = 1", pub.p, pub.q, pub.g, one, .oid = NULL);
	SPKI_CASE(IA_DER_RANGE, "y = p", pub.p, pub.q, pub.g, pub.p, .oid = NULL);
	tmp = uint_dec(pbuf, pub.p);
	SPKI_CASE(IA_DER_OK, "y = p - 1", pub.p, pub.q, pub.g, tmp, .oid = NULL);
	/* p and q must be odd: p - 1 is even, same size */
	SPKI_CASE(IA_DER_RANGE, "even p", tmp, pub.q, pub.g, pub.y, .oid = NULL);
	tmp = uint_dec(qbuf, pub.q);
	SPKI_CASE(IA_DER_RANGE, "even q", pub.p, tmp, pub.g, pub.y, .oid = NULL);
	/* sizes */
	tmp.b = pub.q.b + 1;
	tmp.len = pub.q.len - 1;
	SPKI_CASE(IA_DER_BAD_SIZE, "152-bit q", pub.p, tmp, pub.g, pub.y, .oid = NULL);
	tmp.b = pub.p.b + 1;
	tmp.len = pub.p.len - 1;
	SPKI_CASE(IA_DER_BAD_SIZE, "1016-bit p", tmp, pub.q, pub.g, pub.y, .oid = NULL);
	memset(pbuf, 0xff, 384);
	tmp.b = pbuf;
	tmp.len = 256;
	SPKI_CASE(IA_DER_BAD_SIZE, "2048/160", tmp, pub.q, pub.g, pub.y, .oid = NULL);
	memset(sbuf, 0xff, 32);
	SPKI_CASE(IA_DER_OK, "2048/256 shape", tmp, ((struct ia_uint){ sbuf, 32 }),
		  pub.g, pub.y, .oid = NULL);
	SPKI_CASE(IA_DER_BAD_SIZE, "1024/256", pub.p, ((struct ia_uint){ sbuf, 32 }),
		  pub.g, pub.y, .oid = NULL);
	SPKI_CASE(IA_DER_BAD_SIZE, "3072/224", ((struct ia_uint){ pbuf, 384 }),
		  ((struct ia_uint){ sbuf, 28 }), pub.g, pub.y, .oid = NULL);
	SPKI_CASE(IA_DER_BAD_SIZE, "q = 0", pub.p, zero, pub.g, pub.y, .oid = NULL);

	/* y = p - 1 (top bit set) written without its sign byte */
	tmp = uint_dec(ybuf, pub.p);
	SPKI_CASE(IA_DER_BAD_INTEGER, "negative y", pub.p, pub.q, pub.g, tmp,
		  .negative_y = true);
#undef SPKI_CASE
}

static void test_sig_range(void)
{
	struct ia_dsa_pub pub;
	struct ia_dsa_sig sig;
	u8 qm1[32], big[21];
	struct ia_uint one = { (const u8 *)"\x01", 1 }, zero = { NULL, 0 };

	if (ia_dsa_pub_parse(&pub, key1024, sizeof(key1024)))
		return;
	sig.r = one;
	sig.s = one;
	CHECK(!ia_dsa_sig_check(&sig, &pub), "r = s = 1");
	sig.r = uint_dec(qm1, pub.q);
	CHECK(!ia_dsa_sig_check(&sig, &pub), "r = q - 1");
	sig.r = pub.q;
	CHECK(ia_dsa_sig_check(&sig, &pub) == IA_DER_RANGE, "r = q");
	sig.r = one;
	sig.s = pub.q;
	CHECK(ia_dsa_sig_check(&sig, &pub) == IA_DER_RANGE, "s = q");
	sig.s = zero;
	CHECK(ia_dsa_sig_check(&sig, &pub) == IA_DER_RANGE, "s = 0");
	sig.s = one;
	sig.r = zero;
	CHECK(ia_dsa_sig_check(&sig, &pub) == IA_DER_RANGE, "r = 0");
	memset(big, 0, sizeof(big));
	big[0] = 1;
	sig.r = (struct ia_uint){ big, sizeof(big) };
	CHECK(ia_dsa_sig_check(&sig, &pub) == IA_DER_RANGE, "r longer than q");
}

static void test_uint(void)
{
	const u8 a[] = { 0x01, 0x00 }, b[] = { 0x80 }, c[] = { 0x01 }, d[] = { 0x01, 0x01 };

	CHECK(ia_uint_bits((struct ia_uint){ NULL, 0 }) == 0, "bits of 0");
	CHECK(ia_uint_bits((struct ia_uint){ c, 1 }) == 1, "bits of 1");
	CHECK(ia_uint_bits((struct ia_uint){ b, 1 }) == 8, "bits of 0x80");
	CHECK(ia_uint_bits((struct ia_uint){ a, 2 }) == 9, "bits of 0x100");
	CHECK(ia_uint_cmp((struct ia_uint){ a, 2 }, (struct ia_uint){ b, 1 }) > 0, "0x100 > 0x80");
	CHECK(ia_uint_cmp((struct ia_uint){ b, 1 }, (struct ia_uint){ a, 2 }) < 0, "0x80 < 0x100");
	CHECK(ia_uint_cmp((struct ia_uint){ a, 2 }, (struct ia_uint){ d, 2 }) < 0, "0x100 < 0x101");
	CHECK(ia_uint_cmp((struct ia_uint){ d, 2 }, (struct ia_uint){ d, 2 }) == 0, "equal");
	CHECK(ia_uint_cmp((struct ia_uint){ NULL, 0 }, (struct ia_uint){ c, 1 }) < 0, "0 < 1");
}

static void test_names(void)
{
	int e;

	CHECK(!strcmp(ia_dsa_hash_name(160), "sha1"), "sha1");
	CHECK(!strcmp(ia_dsa_hash_name(224), "sha224"), "sha224");
	CHECK(!strcmp(ia_dsa_hash_name(256), "sha256"), "sha256");
	CHECK(ia_dsa_hash_name(192) == NULL && ia_dsa_hash_name(0) == NULL,
	      "no hash for other q sizes");
	for (e = IA_DER_NOSPACE; e <= IA_DER_OK; e++)
		CHECK(strcmp(ia_der_strerror(e), "unknown DER error"),
		      "no message for %d", e);
	CHECK(!strcmp(ia_der_strerror(1), "unknown DER error"), "unknown 1");
	CHECK(!strcmp(ia_der_strerror(-100), "unknown DER error"), "unknown -100");
}

/* The keys tests/lib/fixtures.sh made, when they are there. */
static void test_fixture_keys(void)
{
	static const struct {
		const char *file;
		int err;
		u32 pbits, qbits;
	} keys[] = {
		{ "dsa1024_160.pub.der", IA_DER_OK, 1024, 160 },
		{ "dsa2048_224.pub.der", IA_DER_OK, 2048, 224 },
		{ "dsa2048_256.pub.der", IA_DER_OK, 2048, 256 },
		{ "dsa3072_256.pub.der", IA_DER_OK, 3072, 256 },
		{ "dsa1536_160.pub.der", IA_DER_BAD_SIZE, 0, 0 },
		{ "rsa2048.pub.der", IA_DER_NOT_DSA, 0, 0 },
	};
	const char *dir = getenv("FIXTURE_KEYS");
	size_t i, found = 0;

	if (!dir)
		dir = "build/fixtures/keys";
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct ia_dsa_pub pub;
		char path[512];
		u8 buf[4096];
		size_t n;
		FILE *f;
		int err;

		snprintf(path, sizeof(path), "%s/%s", dir, keys[i].file);
		f = fopen(path, "rb");
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		found++;
		err = ia_dsa_pub_parse(&pub, buf, n);
		CHECK(err == keys[i].err, "%s: %s", path, ia_der_strerror(err));
		if (!err)
			CHECK(pub.pbits == keys[i].pbits && pub.qbits == keys[i].qbits,
			      "%s: %u/%u", path, pub.pbits, pub.qbits);
	}
	if (!found)
		printf("test_der: no fixture keys in %s, skipped those\n", dir);
}

int main(void)
{
	test_sig_cases();
	test_sig_long();
	test_sig_encode();
	test_p1363();
	test_uint();
	test_spki();
	test_sig_range();
	test_names();
	test_fixture_keys();
	return check_done("test_der");
}
