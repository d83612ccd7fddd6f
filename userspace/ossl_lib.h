/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenSSL's libcrypto, loaded when a command first needs it.
 *
 * Linked, libcrypto costs every run of imgauthctl about half a
 * millisecond before main(): mapping it and its ~17 000 relocations.
 * Most commands (tftp, system, the device queries fleet tools poll) never
 * call it, so it is dlopen()ed on the first ossl_*() call instead, and
 * each function is bound to the version (OPENSSL_3.0.0) the linker would
 * have bound.  Whoever copies imgauthctl somewhere (an initramfs, a guest)
 * copies libcrypto.so.3 too: OSSL_LIB_SONAME is its name.
 *
 * Included by ossl.c after the OpenSSL headers, and only there: from then
 * on each OpenSSL name is its pointer in the loaded table (header macros
 * such as OPENSSL_free expand to these names, so they follow).
 */
#ifndef IA_OSSL_LIB_H
#define IA_OSSL_LIB_H

#include <stddef.h>

#define OSSL_LIB_SONAME		"libcrypto.so.3"
#define OSSL_LIB_VERSION	"OPENSSL_3.0.0"

/* X(name): every libcrypto function imgauthctl calls. */
#define OSSL_LIB_FUNCS(X)						\
	X(BIO_free) X(BIO_new_file) X(BIO_new_mem_buf)			\
	X(BN_free) X(BN_num_bits) X(CRYPTO_free)			\
	X(ERR_clear_error) X(ERR_peek_last_error)			\
	X(ERR_reason_error_string)					\
	X(EVP_Digest) X(EVP_DigestSign) X(EVP_DigestSignInit_ex)	\
	X(EVP_DigestVerify) X(EVP_DigestVerifyInit_ex)			\
	X(EVP_MD_CTX_free) X(EVP_MD_CTX_new)				\
	X(EVP_MD_fetch) X(EVP_MD_free)					\
	X(EVP_PKEY_free) X(EVP_PKEY_get0_type_name)			\
	X(EVP_PKEY_get_bits) X(EVP_PKEY_get_bn_param) X(EVP_PKEY_is_a)	\
	X(OSSL_DECODER_CTX_free) X(OSSL_DECODER_CTX_new_for_pkey)	\
	X(OSSL_DECODER_CTX_set_pem_password_cb) X(OSSL_DECODER_from_bio) \
	X(PEM_def_callback) X(PEM_read_bio)				\
	X(X509_free) X(X509_get_pubkey)					\
	X(d2i_AutoPrivateKey) X(d2i_PUBKEY) X(d2i_X509) X(i2d_PUBKEY)

/* The table: each member has the type of the function it points to. */
struct ossl_lib {
#define OSSL_LIB_MEMBER(name) __typeof__(&name) name;
	OSSL_LIB_FUNCS(OSSL_LIB_MEMBER)
#undef OSSL_LIB_MEMBER
};

/*
 * The table.  Filled once, by the first ossl_lib_load(); pthread_once
 * orders that before whatever a caller does after its own call.
 */
extern struct ossl_lib libcrypto;

/*
 * Load libcrypto, on the first call only (thread-safe).  NULL, or why it
 * cannot be loaded or lacks a function (the same words on every call).
 * Every ossl_*() entry point calls it before its first OpenSSL call.
 */
const char *ossl_lib_load(void);

#ifndef OSSL_LIB_LOADER
/*
 * The compiler keeps this list honest: a name used here but missing from
 * OSSL_LIB_FUNCS has no member, and one used without a line here is an
 * undefined symbol at link time (imgauthctl does not link libcrypto).
 */
#define BIO_free			(libcrypto.BIO_free)
#define BIO_new_file			(libcrypto.BIO_new_file)
#define BIO_new_mem_buf			(libcrypto.BIO_new_mem_buf)
#define BN_free				(libcrypto.BN_free)
#define BN_num_bits			(libcrypto.BN_num_bits)
#define CRYPTO_free			(libcrypto.CRYPTO_free)
#define ERR_clear_error			(libcrypto.ERR_clear_error)
#define ERR_peek_last_error		(libcrypto.ERR_peek_last_error)
#define ERR_reason_error_string		(libcrypto.ERR_reason_error_string)
#define EVP_Digest			(libcrypto.EVP_Digest)
#define EVP_DigestSign			(libcrypto.EVP_DigestSign)
#define EVP_DigestSignInit_ex		(libcrypto.EVP_DigestSignInit_ex)
#define EVP_DigestVerify		(libcrypto.EVP_DigestVerify)
#define EVP_DigestVerifyInit_ex		(libcrypto.EVP_DigestVerifyInit_ex)
#define EVP_MD_CTX_free			(libcrypto.EVP_MD_CTX_free)
#define EVP_MD_CTX_new			(libcrypto.EVP_MD_CTX_new)
#define EVP_MD_fetch			(libcrypto.EVP_MD_fetch)
#define EVP_MD_free			(libcrypto.EVP_MD_free)
#define EVP_PKEY_free			(libcrypto.EVP_PKEY_free)
#define EVP_PKEY_get0_type_name		(libcrypto.EVP_PKEY_get0_type_name)
#define EVP_PKEY_get_bits		(libcrypto.EVP_PKEY_get_bits)
#define EVP_PKEY_get_bn_param		(libcrypto.EVP_PKEY_get_bn_param)
#define EVP_PKEY_is_a			(libcrypto.EVP_PKEY_is_a)
#define OSSL_DECODER_CTX_free		(libcrypto.OSSL_DECODER_CTX_free)
#define OSSL_DECODER_CTX_new_for_pkey	(libcrypto.OSSL_DECODER_CTX_new_for_pkey)
#define OSSL_DECODER_CTX_set_pem_password_cb \
	(libcrypto.OSSL_DECODER_CTX_set_pem_password_cb)
#define OSSL_DECODER_from_bio		(libcrypto.OSSL_DECODER_from_bio)
#define PEM_def_callback		(libcrypto.PEM_def_callback)
#define PEM_read_bio			(libcrypto.PEM_read_bio)
#define X509_free			(libcrypto.X509_free)
#define X509_get_pubkey			(libcrypto.X509_get_pubkey)
#define d2i_AutoPrivateKey		(libcrypto.d2i_AutoPrivateKey)
#define d2i_PUBKEY			(libcrypto.d2i_PUBKEY)
#define d2i_X509			(libcrypto.d2i_X509)
#define i2d_PUBKEY			(libcrypto.i2d_PUBKEY)
#endif

#endif
