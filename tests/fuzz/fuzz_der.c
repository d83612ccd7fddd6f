// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the strict DER code the kernel runs on untrusted
 * images and keys (lib/ia_der.c).  Besides memory safety it checks what
 * the parsers promise: a parsed Dss-Sig-Value re-encodes to exactly the
 * input (DER has one encoding, so signatures cannot be malleated); a
 * parsed key has a supported size and 1 < g, y < p; a P1363 conversion
 * parses back to the same r and s.
 *
 * First input byte: the q size for the P1363 conversion; the rest is the
 * DER (or raw signature) under test.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/imgauth.h>
#include "ia_der.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A DSA 1024/160 key, for the range checks of parsed signatures. */
#include "key1024.h"

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

static bool inside(struct ia_uint v, const u8 *buf, size_t len)
{
	return !v.len || (v.b >= buf && v.b + v.len <= buf + len);
}

/* Minimal: no leading zero byte. */
static bool minimal(struct ia_uint v)
{
	return !v.len || v.b[0];
}

static void fuzz_pub(const u8 *d, size_t n)
{
	struct ia_dsa_pub pub;

	if (ia_dsa_pub_parse(&pub, d, n))
		return;
	ASSERT((pub.pbits == 1024 && pub.qbits == 160) ||
	       (pub.pbits == 2048 && pub.qbits == 224) ||
	       (pub.pbits == 2048 && pub.qbits == 256) ||
	       (pub.pbits == 3072 && pub.qbits == 256));
	ASSERT(inside(pub.p, d, n) && inside(pub.q, d, n) &&
	       inside(pub.g, d, n) && inside(pub.y, d, n));
	ASSERT(minimal(pub.p) && minimal(pub.q) && minimal(pub.g) && minimal(pub.y));
	ASSERT(ia_uint_bits(pub.p) == pub.pbits && ia_uint_bits(pub.q) == pub.qbits);
	ASSERT(ia_uint_cmp(pub.g, pub.p) < 0 && ia_uint_cmp(pub.y, pub.p) < 0);
	/* minimal encodings: more than one bit is more than 1 */
	ASSERT(ia_uint_bits(pub.g) > 1 && ia_uint_bits(pub.y) > 1);
	ASSERT(pub.p.b[pub.p.len - 1] & 1);
	ASSERT(ia_dsa_hash_name(pub.qbits) != NULL);
}

static void fuzz_sig(const u8 *d, size_t n, const struct ia_dsa_pub *pub)
{
	struct ia_dsa_sig sig;
	u8 out[300];
	size_t len;
	int err;

	if (ia_dsa_sig_parse(&sig, d, n))
		return;
	ASSERT(inside(sig.r, d, n) && inside(sig.s, d, n));
	ASSERT(minimal(sig.r) && minimal(sig.s));
	err = ia_dsa_sig_encode(out, sizeof(out), &len, sig.r, sig.s);
	/* The encoder only does short lengths; then it must round-trip. */
	if (!err)
		ASSERT(len == n && !memcmp(out, d, n));
	else
		ASSERT(err == IA_DER_RANGE && n > 2 + 0x7f);
	err = ia_dsa_sig_check(&sig, pub);
	if (!err)
		ASSERT(sig.r.len && sig.s.len &&
		       ia_uint_cmp(sig.r, pub->q) < 0 && ia_uint_cmp(sig.s, pub->q) < 0);
	else
		ASSERT(err == IA_DER_RANGE);
}

static struct ia_uint strip(const u8 *b, size_t n)
{
	struct ia_uint v = { b, (u32)n };

	while (v.len && !v.b[0]) {
		v.b++;
		v.len--;
	}
	return v;
}

static void fuzz_p1363(const u8 *d, size_t n, u32 qbytes)
{
	struct ia_dsa_sig sig;
	u8 der[300];
	size_t len;
	int err;

	err = ia_dsa_sig_from_p1363(der, sizeof(der), &len, d, n, qbytes);
	if (err) {
		ASSERT(err == IA_DER_BAD_LENGTH || err == IA_DER_RANGE ||
		       err == IA_DER_NOSPACE);
		ASSERT(err != IA_DER_BAD_LENGTH || !qbytes || n != 2 * (size_t)qbytes);
		return;
	}
	ASSERT(n == 2 * (size_t)qbytes && len <= sizeof(der));
	if (qbytes == 20 || qbytes == 28 || qbytes == 32)
		ASSERT(len <= IA_DSA_SIG_DER_MAX(qbytes * 8));
	ASSERT(!ia_dsa_sig_parse(&sig, der, len));
	ASSERT(!ia_uint_cmp(sig.r, strip(d, qbytes)));
	ASSERT(!ia_uint_cmp(sig.s, strip(d + qbytes, qbytes)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ia_dsa_pub pub;
	static bool have_pub;
	u32 qbytes;

	if (!have_pub) {
		ASSERT(!ia_dsa_pub_parse(&pub, key1024, sizeof(key1024)));
		have_pub = true;
	}
	if (!size)
		return 0;
	/* mostly the real sizes, sometimes anything */
	switch (data[0] & 3) {
	case 0: qbytes = 20; break;
	case 1: qbytes = 28; break;
	case 2: qbytes = 32; break;
	default: qbytes = data[0] >> 2; break;
	}
	data++;
	size--;
	fuzz_pub(data, size);
	fuzz_sig(data, size, &pub);
	fuzz_p1363(data, size, qbytes);
	/* the signature as it ends an image: after a key-sized prefix */
	if (size > IMGAUTH_SIG_MAX)
		fuzz_sig(data + size - IMGAUTH_SIG_MAX, IMGAUTH_SIG_MAX, &pub);
	return 0;
}
