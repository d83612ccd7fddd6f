// SPDX-License-Identifier: GPL-2.0
/*
 * Everything imgauthctl does with OpenSSL: image keys and certificates,
 * image and key statement signatures, file fingerprints, SHA-256.
 *
 * OpenSSL 3 EVP interfaces only; the deprecated DSA_* and SHA1_* calls are
 * compiled out below so that none can creep back in.  What leaves here for
 * the kernel has also passed the kernel's own strict parser (lib/ia_der.c),
 * so a key that OpenSSL accepts but the kernel would refuse is refused now,
 * with the same words.
 */
#define OPENSSL_NO_DEPRECATED 1

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <linux/imgauth.h>

#include "ia_der.h"
#include "ossl.h"
#include "ossl_lib.h"
#include "util.h"

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* libcrypto cannot be loaded: @err says why. */
static bool lib_missing(char *err, size_t errlen)
{
	const char *why = ossl_lib_load();

	if (why)
		seterr(err, errlen, "%s", why);
	return why != NULL;
}

/* The reason of the last OpenSSL error, for messages; clears the queue. */
static const char *ossl_reason(void)
{
	static char buf[160];
	unsigned long e = ERR_peek_last_error();

	if (!e) {
		snprintf(buf, sizeof(buf), "unknown OpenSSL error");
	} else {
		const char *r = ERR_reason_error_string(e);

		if (r)
			snprintf(buf, sizeof(buf), "%s", r);
		else
			snprintf(buf, sizeof(buf), "OpenSSL error %lx", e);
	}
	ERR_clear_error();
	return buf;
}

/*
 * DSA and of a size imgauth supports; @what ("certificate key", "public
 * key", "private key") names the thing in messages.  *qbits gets N.
 */
static int check_dsa(EVP_PKEY *pkey, const char *what, int *qbits,
		     char *err, size_t errlen)
{
	BIGNUM *q = NULL;
	int pbits;

	if (!EVP_PKEY_is_a(pkey, "DSA")) {
		const char *type = EVP_PKEY_get0_type_name(pkey);

		seterr(err, errlen, "%s is %s, not DSA", what,
		       type ? type : "of an unknown type");
		return -1;
	}
	/* A DSA key may lack p, q, g ("inherited" parameters): unusable. */
	if (!EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_FFC_Q, &q)) {
		ERR_clear_error();
		seterr(err, errlen, "%s is DSA without domain parameters", what);
		return -1;
	}
	*qbits = BN_num_bits(q);
	BN_free(q);
	pbits = EVP_PKEY_get_bits(pkey);
	if (!((pbits == 1024 && *qbits == 160) ||
	      (pbits == 2048 && *qbits == 224) ||
	      (pbits == 2048 && *qbits == 256) ||
	      (pbits == 3072 && *qbits == 256))) {
		seterr(err, errlen,
		       "%s is DSA %d/%d: unsupported size (want 1024/160, 2048/224, 2048/256 or 3072/256)",
		       what, pbits, *qbits);
		return -1;
	}
	return 0;
}

/* PEM blocks that hold something else than what we want, by name. */
static bool pem_is_private(const char *name)
{
	return strstr(name, "PRIVATE KEY") != NULL;
}

static bool pem_is_cert(const char *name)
{
	return !strcmp(name, PEM_STRING_X509) ||
	       !strcmp(name, PEM_STRING_X509_OLD) ||
	       !strcmp(name, PEM_STRING_X509_TRUSTED);
}

/*
 * A certificate or a SubjectPublicKeyInfo, in DER, in full: trailing bytes
 * mean the file is not what we think it is.  *what says which it was.
 */
static EVP_PKEY *decode_der(const uint8_t *der, size_t len, bool cert_only,
			    bool key_only, const char **what,
			    char *err, size_t errlen)
{
	const unsigned char *p;
	EVP_PKEY *pkey;
	X509 *x;

	if (len > LONG_MAX) {
		seterr(err, errlen, "file too large");
		return NULL;
	}
	if (!key_only) {
		p = der;
		x = d2i_X509(NULL, &p, (long)len);
		if (x) {
			*what = "certificate key";
			if (p != der + len) {
				seterr(err, errlen,
				       "%zu trailing bytes after the certificate",
				       (size_t)(der + len - p));
				X509_free(x);
				return NULL;
			}
			pkey = X509_get_pubkey(x);
			X509_free(x);
			if (!pkey)
				seterr(err, errlen,
				       "certificate holds no usable public key: %s",
				       ossl_reason());
			return pkey;
		}
		ERR_clear_error();
		if (cert_only) {
			seterr(err, errlen, "not an X.509 certificate");
			return NULL;
		}
	}
	p = der;
	pkey = d2i_PUBKEY(NULL, &p, (long)len);
	if (pkey) {
		*what = "public key";
		if (p != der + len) {
			seterr(err, errlen, "%zu trailing bytes after the public key",
			       (size_t)(der + len - p));
			EVP_PKEY_free(pkey);
			return NULL;
		}
		return pkey;
	}
	ERR_clear_error();
	if (key_only) {
		seterr(err, errlen, "not a SubjectPublicKeyInfo");
		return NULL;
	}
	/* Say so when someone hands us the private key by mistake. */
	p = der;
	pkey = d2i_AutoPrivateKey(NULL, &p, (long)len);
	ERR_clear_error();
	if (pkey) {
		EVP_PKEY_free(pkey);
		seterr(err, errlen,
		       "this is a private key: give the certificate (imagekey.cer) or the public key");
		return NULL;
	}
	seterr(err, errlen,
	       "not an X.509 certificate or public key (DER or PEM)");
	return NULL;
}

/* The first CERTIFICATE or PUBLIC KEY block of a PEM file. */
static EVP_PKEY *decode_pem(const void *buf, size_t len, const char **what,
			    char *err, size_t errlen)
{
	bool saw_private = false, saw_any = false;
	EVP_PKEY *pkey = NULL;
	BIO *bio;

	if (len > INT_MAX) {
		seterr(err, errlen, "file too large");
		return NULL;
	}
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	for (;;) {
		char *name = NULL, *header = NULL;
		unsigned char *data = NULL;
		long dlen = 0;
		bool cert, key;

		if (!PEM_read_bio(bio, &name, &header, &data, &dlen)) {
			ERR_clear_error();
			break;
		}
		saw_any = true;
		cert = pem_is_cert(name);
		key = !strcmp(name, PEM_STRING_PUBLIC);
		saw_private |= pem_is_private(name);
		if (cert || key) {
			if (errlen)
				err[0] = '\0';
			pkey = decode_der(data, (size_t)dlen, cert, key, what,
					  err, errlen);
			if (!pkey && errlen)
				snprintf(err + strlen(err), errlen - strlen(err),
					 " in the PEM \"%s\" block", name);
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		if (cert || key)
			break;
	}
	BIO_free(bio);
	if (pkey || (errlen && err[0]))
		return pkey;
	if (saw_private)
		seterr(err, errlen,
		       "PEM file holds a private key only: give the certificate (imagekey.cer) or the public key");
	else if (saw_any)
		seterr(err, errlen,
		       "PEM file holds no CERTIFICATE or PUBLIC KEY block");
	else
		seterr(err, errlen, "malformed PEM");
	return NULL;
}

static bool looks_like_pem(const void *buf, size_t len)
{
	return memmem(buf, len, "-----BEGIN ", 11) != NULL;
}

int ossl_load_public_key(const void *buf, size_t len, uint8_t **spki,
			 size_t *spki_len, char *err, size_t errlen)
{
	const char *what = "key";
	unsigned char *der = NULL;
	struct ia_dsa_pub pub;
	EVP_PKEY *pkey;
	int qbits, n, derr;

	*spki = NULL;
	*spki_len = 0;
	if (errlen)
		err[0] = '\0';
	if (lib_missing(err, errlen))
		return -1;
	if (!len) {
		seterr(err, errlen, "empty file");
		return -1;
	}
	if (looks_like_pem(buf, len))
		pkey = decode_pem(buf, len, &what, err, errlen);
	else
		pkey = decode_der(buf, len, false, false, &what, err, errlen);
	if (!pkey)
		return -1;
	if (check_dsa(pkey, what, &qbits, err, errlen)) {
		EVP_PKEY_free(pkey);
		return -1;
	}
	n = i2d_PUBKEY(pkey, &der);
	EVP_PKEY_free(pkey);
	if (n <= 0) {
		seterr(err, errlen, "cannot encode the public key: %s",
		       ossl_reason());
		return -1;
	}
	/* Exactly what the kernel will accept, and nothing it would not. */
	derr = ia_dsa_pub_parse(&pub, der, (size_t)n);
	if (derr) {
		seterr(err, errlen, "%s rejected: %s", what,
		       ia_der_strerror(derr));
		OPENSSL_free(der);
		return -1;
	}
	if ((size_t)n > IMGAUTH_KEY_MAX) {
		seterr(err, errlen, "%s too long: %d bytes, the key slots hold %d",
		       what, n, IMGAUTH_KEY_MAX);
		OPENSSL_free(der);
		return -1;
	}
	*spki = malloc((size_t)n);
	if (!*spki) {
		OPENSSL_free(der);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	memcpy(*spki, der, (size_t)n);
	*spki_len = (size_t)n;
	OPENSSL_free(der);
	return 0;
}

/*
 * A private key in any encoding OpenSSL decodes (PEM or DER, PKCS#8 or
 * traditional); an encrypted one asks for its passphrase on the terminal.
 */
static EVP_PKEY *load_private_key(const char *path, char *err, size_t errlen)
{
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY *pkey = NULL;
	BIO *bio;

	bio = BIO_new_file(path, "rb");
	if (!bio) {
		int e = errno;

		ERR_clear_error();
		seterr(err, errlen, "%s: %s", path, strerror(e ? e : EIO));
		return NULL;
	}
	dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, NULL, NULL, NULL,
					     OSSL_KEYMGMT_SELECT_KEYPAIR,
					     NULL, NULL);
	if (!dctx) {
		seterr(err, errlen, "%s: %s", path, ossl_reason());
		BIO_free(bio);
		return NULL;
	}
	OSSL_DECODER_CTX_set_pem_password_cb(dctx, PEM_def_callback, NULL);
	if (!OSSL_DECODER_from_bio(dctx, bio) || !pkey) {
		ERR_clear_error();
		seterr(err, errlen, "%s: not a private key OpenSSL can read",
		       path);
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	BIO_free(bio);
	return pkey;
}

struct ossl_key {
	EVP_PKEY *pkey;
	int qbits;
};

struct ossl_key *ossl_key_load(const char *key_path, char *err, size_t errlen)
{
	struct ossl_key *k;

	if (lib_missing(err, errlen))
		return NULL;
	k = calloc(1, sizeof(*k));
	if (!k) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	k->pkey = load_private_key(key_path, err, errlen);
	if (!k->pkey || check_dsa(k->pkey, "private key", &k->qbits, err, errlen)) {
		ossl_key_free(k);
		return NULL;
	}
	return k;
}

/* A key exists only once libcrypto is loaded: ossl_key_load(). */
void ossl_key_free(struct ossl_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

int ossl_key_spki(const struct ossl_key *k, uint8_t **spki, size_t *spki_len,
		  char *err, size_t errlen)
{
	unsigned char *der = NULL;
	struct ia_dsa_pub pub;
	int n, derr;

	*spki = NULL;
	*spki_len = 0;
	n = i2d_PUBKEY(k->pkey, &der);
	if (n <= 0) {
		seterr(err, errlen, "cannot encode the public key: %s",
		       ossl_reason());
		return -1;
	}
	/* The same bytes "key install" of its certificate would store. */
	derr = ia_dsa_pub_parse(&pub, der, (size_t)n);
	if (derr || (size_t)n > IMGAUTH_KEY_MAX) {
		seterr(err, errlen, "its public key is not one a key slot holds: %s",
		       derr ? ia_der_strerror(derr) : "too long");
		OPENSSL_free(der);
		return -1;
	}
	*spki = malloc((size_t)n);
	if (!*spki) {
		OPENSSL_free(der);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	memcpy(*spki, der, (size_t)n);
	*spki_len = (size_t)n;
	OPENSSL_free(der);
	return 0;
}

int ossl_key_sign(const struct ossl_key *k, const void *data, size_t len,
		  uint8_t **sig, size_t *sig_len, char *err, size_t errlen)
{
	EVP_MD_CTX *mctx = NULL;
	struct ia_dsa_sig parsed;
	unsigned char *out = NULL;
	size_t outlen = 0;
	int ret = -1, derr;

	*sig = NULL;
	*sig_len = 0;
	mctx = EVP_MD_CTX_new();
	if (!mctx) {
		seterr(err, errlen, "out of memory");
		goto out;
	}
	if (EVP_DigestSignInit_ex(mctx, NULL, ia_dsa_hash_name((u32)k->qbits),
				  NULL, NULL, k->pkey, NULL) != 1 ||
	    EVP_DigestSign(mctx, NULL, &outlen, data, len) != 1) {
		seterr(err, errlen, "DSA signing setup failed: %s",
		       ossl_reason());
		goto out;
	}
	out = malloc(outlen ? outlen : 1);
	if (!out) {
		seterr(err, errlen, "out of memory");
		goto out;
	}
	if (EVP_DigestSign(mctx, out, &outlen, data, len) != 1) {
		seterr(err, errlen, "DSA signing failed: %s", ossl_reason());
		goto out;
	}
	/* OpenSSL writes a DER Dss-Sig-Value; make sure the kernel agrees. */
	derr = ia_dsa_sig_parse(&parsed, out, outlen);
	if (derr) {
		seterr(err, errlen, "OpenSSL made a signature that is not strict DER: %s",
		       ia_der_strerror(derr));
		goto out;
	}
	*sig = out;
	*sig_len = outlen;
	out = NULL;
	ret = 0;
out:
	free(out);
	EVP_MD_CTX_free(mctx);
	return ret;
}

int ossl_sign(const char *key_path, const void *data, size_t len,
	      uint8_t **sig, size_t *sig_len, char *err, size_t errlen)
{
	struct ossl_key *k;
	int ret;

	*sig = NULL;
	*sig_len = 0;
	k = ossl_key_load(key_path, err, errlen);
	if (!k)
		return -1;
	ret = ossl_key_sign(k, data, len, sig, sig_len, err, errlen);
	ossl_key_free(k);
	return ret;
}

int ossl_verify(const uint8_t *spki, size_t spki_len, const void *data,
		size_t len, const uint8_t *sig, size_t sig_len,
		char *err, size_t errlen)
{
	const char *what = "public key";
	EVP_MD_CTX *mctx = NULL;
	EVP_PKEY *pkey;
	int qbits, ret = -1;

	if (errlen)
		err[0] = '\0';
	if (lib_missing(err, errlen))
		return -1;
	pkey = decode_der(spki, spki_len, false, true, &what, err, errlen);
	if (!pkey)
		return -1;
	if (check_dsa(pkey, what, &qbits, err, errlen))
		goto out;
	mctx = EVP_MD_CTX_new();
	if (!mctx) {
		seterr(err, errlen, "out of memory");
		goto out;
	}
	if (EVP_DigestVerifyInit_ex(mctx, NULL, ia_dsa_hash_name((u32)qbits),
				    NULL, NULL, pkey, NULL) != 1) {
		seterr(err, errlen, "DSA verification setup failed: %s",
		       ossl_reason());
		goto out;
	}
	/*
	 * 0 is a wrong signature, < 0 one OpenSSL could not even decode:
	 * for the image both mean "not authenticated".
	 */
	ret = EVP_DigestVerify(mctx, sig, sig_len, data, len) == 1;
	if (!ret)
		seterr(err, errlen, "DSA signature does not verify");
	ERR_clear_error();
out:
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(pkey);
	return ret;
}

static int digest_hex(const char *alg, const void *data, size_t len,
		      char *hex, size_t hexlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD *md_alg;
	int ok;

	hex[0] = '\0';
	md_alg = EVP_MD_fetch(NULL, alg, NULL);
	if (!md_alg) {
		ERR_clear_error();
		return -1;
	}
	ok = EVP_Digest(data, len, md, &mdlen, md_alg, NULL) == 1 &&
	     2 * (size_t)mdlen + 1 == hexlen;
	EVP_MD_free(md_alg);
	if (!ok) {
		ERR_clear_error();
		return -1;
	}
	hex_encode(hex, md, mdlen);
	return 0;
}

/*
 * MD5 is missing where OpenSSL runs in FIPS mode: md5 is then left empty
 * and the other two still count, since they identify the file anyway.
 */
int ossl_fingerprint(const void *data, size_t len, struct ossl_fingerprint *fp)
{
	memset(fp, 0, sizeof(*fp));
	if (ossl_lib_load())
		return -1;
	digest_hex("MD5", data, len, fp->md5, sizeof(fp->md5));
	if (digest_hex("SHA1", data, len, fp->sha1, sizeof(fp->sha1)) ||
	    digest_hex("SHA256", data, len, fp->sha256, sizeof(fp->sha256)))
		return -1;
	return 0;
}

int ossl_sha256(const void *data, size_t len, uint8_t out[32])
{
	unsigned int mdlen = 0;
	EVP_MD *md;
	int ok;

	if (ossl_lib_load())
		return -1;
	md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!md) {
		ERR_clear_error();
		return -1;
	}
	ok = EVP_Digest(data, len, out, &mdlen, md, NULL) == 1 && mdlen == 32;
	EVP_MD_free(md);
	if (!ok)
		ERR_clear_error();
	return ok ? 0 : -1;
}

const char *ossl_unavailable(void)
{
	return ossl_lib_load();
}
