// SPDX-License-Identifier: GPL-2.0
/*
 * Loading libcrypto on first use (why: ossl_lib.h).  Once per process,
 * under pthread_once: the table is written before any caller reads it.
 */
#define OSSL_LIB_LOADER 1
#define OPENSSL_NO_DEPRECATED 1

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ossl_lib.h"

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
struct ossl_lib libcrypto;
static int load_rc = -1;
static char load_err[256];

static void load(void)
{
	/* Not unloaded: the functions stay bound until exit. */
	void *h = dlopen(OSSL_LIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	void *sym;

	if (!h) {
		snprintf(load_err, sizeof(load_err),
			 "cannot load OpenSSL (%s): %s (install libssl3)",
			 OSSL_LIB_SONAME, dlerror());
		return;
	}
	/* memcpy: ISO C has no conversion from void * to a function pointer. */
#define OSSL_LIB_BIND(name)						\
	sym = dlvsym(h, #name, OSSL_LIB_VERSION);			\
	if (!sym)							\
		goto missing;						\
	memcpy(&libcrypto.name, &sym, sizeof(libcrypto.name));
	OSSL_LIB_FUNCS(OSSL_LIB_BIND)
#undef OSSL_LIB_BIND
	load_rc = 0;
	return;
missing:
	snprintf(load_err, sizeof(load_err),
		 "OpenSSL's %s lacks a function imgauthctl needs: %s",
		 OSSL_LIB_SONAME, dlerror());
}

const char *ossl_lib_load(void)
{
	pthread_once(&load_once, load);
	return load_rc ? load_err : NULL;
}
