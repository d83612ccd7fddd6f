// SPDX-License-Identifier: GPL-2.0
/*
 * DSA signature verification, FIPS 186-4 section 4.7:
 *
 *	w  = s^-1 mod q
 *	u1 = z * w mod q,  u2 = r * w mod q
 *	v  = (g^u1 * y^u2 mod p) mod q,  valid iff v = r
 *
 * Only MPI calls that later kernels still export are used: the inverse is
 * s^(q-2) by Fermat (q is prime) rather than mpi_invm, q - 2 is computed on
 * the big-endian bytes, and "mod q" of a p-sized value is a multiplication
 * by one modulo q.  Range checks (0 < r, s < q; 1 < g, y < p) happened in
 * the parsers before any arithmetic.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/mpi.h>
#include <linux/slab.h>

#include "compat.h"
#include "dsa.h"

static struct gcry_mpi *mpi_from(struct ia_uint v)
{
	static const u8 zero;

	return v.len ? mpi_read_raw_data(v.b, v.len) :
		       mpi_read_raw_data(&zero, 1);
}

/* q - 2 as an MPI; q is odd and at least 160 bits, so no underflow. */
static struct gcry_mpi *q_minus_2(struct ia_uint q)
{
	u8 *b;
	struct gcry_mpi *m;
	int i, borrow = 2;

	b = kmemdup(q.b, q.len, GFP_KERNEL);
	if (!b)
		return NULL;
	for (i = q.len - 1; i >= 0 && borrow; i--) {
		int d = b[i] - borrow;

		borrow = d < 0;
		b[i] = (u8)(d + (borrow ? 256 : 0));
	}
	m = mpi_read_raw_data(b, q.len);
	kfree(b);
	return m;
}

enum { P, Q, G, Y, R, S, Z, QM2, ONE, W, U1, U2, T1, T2, V, VQ, NMPI };

static void mpis_free(struct gcry_mpi **m)
{
	int i;

	for (i = 0; i < NMPI; i++)
		mpi_free(m[i]);
}

int ia_dsa_verify(const struct ia_dsa_pub *pub, const struct ia_dsa_sig *sig,
		  const u8 *digest, size_t dlen)
{
	static const u8 one = 1;
	struct ia_uint z = { digest, min_t(size_t, dlen, pub->qbits / 8) };
	struct gcry_mpi *m[NMPI] = { };
	int i, ret = -ENOMEM;

	if (ia_dsa_sig_check(sig, pub))
		return -EKEYREJECTED;

	m[P] = mpi_from(pub->p);
	m[Q] = mpi_from(pub->q);
	m[G] = mpi_from(pub->g);
	m[Y] = mpi_from(pub->y);
	m[R] = mpi_from(sig->r);
	m[S] = mpi_from(sig->s);
	/* Leading zero bytes of the digest are fine for mpi_read_raw_data. */
	m[Z] = z.len ? mpi_read_raw_data(z.b, z.len) : mpi_from(z);
	m[QM2] = q_minus_2(pub->q);
	m[ONE] = mpi_read_raw_data(&one, 1);
	for (i = W; i < NMPI; i++)
		m[i] = mpi_alloc(0);
	for (i = 0; i < NMPI; i++)
		if (!m[i])
			goto out;

	if (mpi_powm(m[W], m[S], m[QM2], m[Q]) ||
	    ia_mpi_mulm(m[U1], m[Z], m[W], m[Q]) ||
	    ia_mpi_mulm(m[U2], m[R], m[W], m[Q]) ||
	    mpi_powm(m[T1], m[G], m[U1], m[P]) ||
	    mpi_powm(m[T2], m[Y], m[U2], m[P]) ||
	    ia_mpi_mulm(m[V], m[T1], m[T2], m[P]) ||
	    ia_mpi_mulm(m[VQ], m[V], m[ONE], m[Q]))
		goto out;

	ret = mpi_cmp(m[VQ], m[R]) ? -EKEYREJECTED : 0;
out:
	mpis_free(m);
	return ret;
}

int ia_dsa_check_subgroup(const struct ia_dsa_pub *pub)
{
	static const u8 one_byte = 1;
	struct gcry_mpi *p, *q, *g, *y, *t, *one;
	int ret = -ENOMEM;

	p = mpi_from(pub->p);
	q = mpi_from(pub->q);
	g = mpi_from(pub->g);
	y = mpi_from(pub->y);
	one = mpi_read_raw_data(&one_byte, 1);
	t = mpi_alloc(0);
	if (!p || !q || !g || !y || !one || !t)
		goto out;
	if (mpi_powm(t, g, q, p))
		goto out;
	ret = -EKEYREJECTED;
	if (mpi_cmp(t, one))
		goto out;
	ret = -ENOMEM;
	if (mpi_powm(t, y, q, p))
		goto out;
	ret = mpi_cmp(t, one) ? -EKEYREJECTED : 0;
out:
	mpi_free(t);
	mpi_free(one);
	mpi_free(y);
	mpi_free(g);
	mpi_free(q);
	mpi_free(p);
	return ret;
}
