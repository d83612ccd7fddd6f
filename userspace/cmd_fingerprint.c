// SPDX-License-Identifier: GPL-2.0
/*
 * imgauthctl key fingerprint FILE: is this the imagekey.cer Juniper
 * published?  Juniper's procedure says to compare md5sum, sha1sum and
 * sha256sum of the file with the values on its support site before
 * loading it; this does the three at once, against the table below.
 *
 * The table is data, and the matcher is exported (fingerprint_match())
 * so that tests/unit/test_fingerprint.c can feed it the published hashes:
 * no test can make a file that has them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ia_der.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "ossl.h"
#include "fetch.h"
#include "util.h"

/* Exported for the unit test; not part of any other interface. */
int fingerprint_match(const struct ossl_fingerprint *fp, int *partial);
const char *fingerprint_known_id(int idx);
const char *fingerprint_known_desc(int idx);

/* "exec pki test skey" shows the first 41 bytes of a key slot. */
#define SKEY_SHOW_BYTES 41

struct fp_known {
	const char *id;
	const char *desc;
	const char *md5, *sha1, *sha256;
};

/* From Juniper's "How to Update the New Image Authentication Key" (KB). */
static const struct fp_known fp_known[] = {
	{
		.id = "new",
		.desc = "the Juniper new image key (signs images since August 18, 2014)",
		.md5 = "99def4b80b75ed65aad52a5fc3ed1131",
		.sha1 = "06c3c15b88de548b18814d4389d18a20f65a5845",
		.sha256 = "02b107f0679bc5d5aa0ab49be52043bb31f2a010a980573c53dc3fc815e1d7f3",
	},
	{
		.id = "old",
		.desc = "the Juniper old image key (signed images before August 18, 2014)",
		.md5 = "ccfcd027e20c9cc38b5d8dac17c7199f",
		.sha1 = "2af0d97abbb58821650445cd517050fd0cfa2684",
		.sha256 = "bab2f722cbba13a73d9af4c17af9c34d62ac71b4c9e8bbb9bac5df1fdceb0261",
	},
};

#define FP_NKNOWN ((int)(sizeof(fp_known) / sizeof(fp_known[0])))

/*
 * The known key whose three hashes all match @fp, or -1.  An MD5 that
 * could not be computed (OpenSSL in FIPS mode: fp->md5 empty) is left
 * out; the two SHA still have to match.  *partial gets the known key that
 * most hashes, but not all, match (a collision attempt, most likely on
 * MD5, or a damaged table), or -1.
 */
int fingerprint_match(const struct ossl_fingerprint *fp, int *partial)
{
	int i, best = 0;

	*partial = -1;
	for (i = 0; i < FP_NKNOWN; i++) {
		const struct fp_known *k = &fp_known[i];
		bool md5 = !strcmp(fp->md5, k->md5);
		bool sha1 = !strcmp(fp->sha1, k->sha1);
		bool sha256 = !strcmp(fp->sha256, k->sha256);
		int hits = md5 + sha1 + sha256;

		if ((md5 || !fp->md5[0]) && sha1 && sha256)
			return i;
		if (hits > best) {
			best = hits;
			*partial = i;
		}
	}
	return -1;
}

const char *fingerprint_known_id(int idx)
{
	return idx >= 0 && idx < FP_NKNOWN ? fp_known[idx].id : NULL;
}

const char *fingerprint_known_desc(int idx)
{
	return idx >= 0 && idx < FP_NKNOWN ? fp_known[idx].desc : NULL;
}

/* Which hashes of @fp differ from known key @idx, for the warning. */
static void mismatch_names(char *buf, size_t n, const struct ossl_fingerprint *fp,
			   int idx)
{
	const struct fp_known *k = &fp_known[idx];

	snprintf(buf, n, "%s%s%s",
		 strcmp(fp->md5, k->md5) ? " md5" : "",
		 strcmp(fp->sha1, k->sha1) ? " sha1" : "",
		 strcmp(fp->sha256, k->sha256) ? " sha256" : "");
}

struct fp_key {
	bool ok;
	char err[256];
	uint8_t *spki;
	size_t spki_len;
	struct ia_dsa_pub pub;
};

static void fp_key_load(struct fp_key *k, const struct buf *b)
{
	k->ok = !ossl_load_public_key(b->data, b->len, &k->spki, &k->spki_len,
				      k->err, sizeof(k->err)) &&
		!ia_dsa_pub_parse(&k->pub, k->spki, k->spki_len);
}

static void fp_text(const char *file, const struct ossl_fingerprint *fp,
		    int match, int partial, const struct fp_key *k)
{
	char head[2 * SKEY_SHOW_BYTES + 1], diff[32];

	if (fp->md5[0])
		printf("%s  %s\n", fp->md5, file);
	printf("%s  %s\n", fp->sha1, file);
	printf("%s  %s\n", fp->sha256, file);
	if (match >= 0) {
		printf("%s: %s\n", file, fp_known[match].desc);
	} else if (partial >= 0) {
		mismatch_names(diff, sizeof(diff), fp, partial);
		printf("%s: not a published Juniper image key\n", file);
		printf("%s: WARNING: some hashes match %s but%s do not: this is NOT that key\n",
		       file, fp_known[partial].desc, diff);
	} else {
		printf("%s: not a published Juniper image key\n", file);
	}
	if (!k->ok) {
		printf("%s: not a usable image key: %s\n", file, k->err);
		return;
	}
	hex_encode(head, k->spki, k->spki_len < SKEY_SHOW_BYTES ?
		   k->spki_len : SKEY_SHOW_BYTES);
	printf("%s: DSA %u/%u image key, len =%zu\n %s\n", file,
	       k->pub.pbits, k->pub.qbits, k->spki_len, head);
}

static void fp_json(const char *file, size_t len,
		    const struct ossl_fingerprint *fp, int match, int partial,
		    const struct fp_key *k)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "file", file);
	json_u64(&j, "length", len);
	if (fp->md5[0])
		json_str(&j, "md5", fp->md5);
	else
		json_null(&j, "md5");
	json_str(&j, "sha1", fp->sha1);
	json_str(&j, "sha256", fp->sha256);
	if (match >= 0) {
		json_str(&j, "juniper_key", fp_known[match].id);
		json_str(&j, "juniper_key_desc", fp_known[match].desc);
	} else {
		json_null(&j, "juniper_key");
		json_null(&j, "juniper_key_desc");
	}
	if (match < 0 && partial >= 0)
		json_str(&j, "partial_match", fp_known[partial].id);
	else
		json_null(&j, "partial_match");
	json_bool(&j, "key_ok", k->ok);
	if (k->ok) {
		json_null(&j, "key_error");
		json_str(&j, "key_type", "DSA");
		json_u64(&j, "key_pbits", k->pub.pbits);
		json_u64(&j, "key_qbits", k->pub.qbits);
		json_u64(&j, "key_der_len", k->spki_len);
		json_hex(&j, "key_der_head", k->spki,
			 k->spki_len < SKEY_SHOW_BYTES ? k->spki_len : SKEY_SHOW_BYTES);
		json_hex(&j, "key_der", k->spki, k->spki_len);
	} else {
		static const char *const keys[] = {
			"key_type", "key_pbits", "key_qbits", "key_der_len",
			"key_der_head", "key_der",
		};
		size_t i;

		json_str(&j, "key_error", k->err);
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			json_null(&j, keys[i]);
	}
	json_obj_end(&j);
}

static int key_fingerprint(const struct cmd_args *a)
{
	struct ossl_fingerprint fp;
	struct fp_key k = { 0 };
	const char *file = a->op[0];
	struct buf b = { 0 };
	int err, match, partial;

	err = read_file(file, &b, FETCH_KEY_MAX);
	if (err == -EFBIG) {
		errmsg("%s: larger than any key file (12288 bytes)", file);
		return EXIT_VERIFY;
	}
	if (err) {
		errmsg("%s: %s", file, strerror(-err));
		return exit_code_for_errno(err);
	}
	if (ossl_fingerprint(b.data, b.len, &fp)) {
		const char *why = ossl_unavailable();

		errmsg("%s: cannot compute SHA-1/SHA-256 with OpenSSL%s%s", file,
		       why ? ": " : "", why ? why : "");
		buf_free(&b);
		return EXIT_FAILURE_GENERIC;
	}
	match = fingerprint_match(&fp, &partial);
	fp_key_load(&k, &b);
	if (opt_json)
		fp_json(file, b.len, &fp, match, partial, &k);
	else
		fp_text(file, &fp, match, partial, &k);
	free(k.spki);
	buf_free(&b);
	/* A file that matches only some hashes of a published key is forged. */
	return match < 0 && partial >= 0 ? EXIT_VERIFY : EXIT_OK;
}

const struct cmd cmd_key_fingerprint = {
	.name = "key fingerprint",
	.operands = "FILE",
	.min_ops = 1, .max_ops = 1,
	.summary = "md5/sha1/sha256 of a key file, and whether Juniper published it",
	.help = "  Compares the hashes with the two image keys Juniper published and shows\n"
		"  the DSA key the file holds, as \"exec pki test skey\" would.",
	.complete = COMPLETE_FILE,
	.run = key_fingerprint,
};
