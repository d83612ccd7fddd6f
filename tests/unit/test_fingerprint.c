// SPDX-License-Identifier: GPL-2.0
/*
 * The Juniper image key matcher of "key fingerprint" (cmd_fingerprint.c)
 * fed the published hashes directly, since no test file can have them;
 * and ossl_fingerprint() against the standard test vectors.
 */
#include <stdio.h>
#include <string.h>

#include "ossl.h"

/* Exported by cmd_fingerprint.c for this test. */
int fingerprint_match(const struct ossl_fingerprint *fp, int *partial);
const char *fingerprint_known_id(int idx);
const char *fingerprint_known_desc(int idx);

#include "check.h"

#define NEW_MD5 "99def4b80b75ed65aad52a5fc3ed1131"
#define NEW_SHA1 "06c3c15b88de548b18814d4389d18a20f65a5845"
#define NEW_SHA256 "02b107f0679bc5d5aa0ab49be52043bb31f2a010a980573c53dc3fc815e1d7f3"
#define OLD_MD5 "ccfcd027e20c9cc38b5d8dac17c7199f"
#define OLD_SHA1 "2af0d97abbb58821650445cd517050fd0cfa2684"
#define OLD_SHA256 "bab2f722cbba13a73d9af4c17af9c34d62ac71b4c9e8bbb9bac5df1fdceb0261"
#define OTHER_MD5 "d41d8cd98f00b204e9800998ecf8427e"
#define OTHER_SHA1 "da39a3ee5e6b4b0d3255bfef95601890afd80709"
#define OTHER_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static struct ossl_fingerprint fp(const char *md5, const char *sha1,
				  const char *sha256)
{
	struct ossl_fingerprint f;

	snprintf(f.md5, sizeof(f.md5), "%s", md5);
	snprintf(f.sha1, sizeof(f.sha1), "%s", sha1);
	snprintf(f.sha256, sizeof(f.sha256), "%s", sha256);
	return f;
}

/* match: the id all three hashes match, or NULL; partial likewise. */
static void expect(const char *why, struct ossl_fingerprint f,
		   const char *match, const char *partial)
{
	int p = 12345, m = fingerprint_match(&f, &p);
	const char *mid = m < 0 ? NULL : fingerprint_known_id(m);
	const char *pid = p < 0 ? NULL : fingerprint_known_id(p);

	CHECK(m >= -1 && p >= -1 && (m < 0 || mid) && (p < 0 || pid),
	      "%s: indexes %d, %d", why, m, p);
	CHECK((!match && !mid) || (match && mid && !strcmp(match, mid)),
	      "%s: match %s, want %s", why, mid ? mid : "none",
	      match ? match : "none");
	/* partial only matters when nothing matched */
	if (!match)
		CHECK((!partial && !pid) || (partial && pid && !strcmp(partial, pid)),
		      "%s: partial %s, want %s", why, pid ? pid : "none",
		      partial ? partial : "none");
}

static void test_match(void)
{
	expect("new key", fp(NEW_MD5, NEW_SHA1, NEW_SHA256), "new", NULL);
	expect("old key", fp(OLD_MD5, OLD_SHA1, OLD_SHA256), "old", NULL);
	expect("another file", fp(OTHER_MD5, OTHER_SHA1, OTHER_SHA256), NULL, NULL);

	/* one or two hashes are not enough: MD5 collisions are cheap */
	expect("new md5 only", fp(NEW_MD5, OTHER_SHA1, OTHER_SHA256), NULL, "new");
	expect("new sha1 only", fp(OTHER_MD5, NEW_SHA1, OTHER_SHA256), NULL, "new");
	expect("new sha256 only", fp(OTHER_MD5, OTHER_SHA1, NEW_SHA256), NULL, "new");
	expect("new md5+sha1", fp(NEW_MD5, NEW_SHA1, OTHER_SHA256), NULL, "new");
	expect("new sha1+sha256, wrong md5", fp(OTHER_MD5, NEW_SHA1, NEW_SHA256),
	       NULL, "new");
	expect("old md5 only", fp(OLD_MD5, OTHER_SHA1, OTHER_SHA256), NULL, "old");
	/* hashes of two different keys */
	expect("new md5, old sha", fp(NEW_MD5, OLD_SHA1, OLD_SHA256), NULL, "old");
	expect("mixed", fp(NEW_MD5, OLD_SHA1, NEW_SHA256), NULL, "new");

	/* MD5 unavailable (FIPS): both SHA must match */
	expect("no md5, new", fp("", NEW_SHA1, NEW_SHA256), "new", NULL);
	expect("no md5, sha1 only", fp("", NEW_SHA1, OTHER_SHA256), NULL, "new");
	expect("no md5, nothing", fp("", OTHER_SHA1, OTHER_SHA256), NULL, NULL);

	/* the table holds lower-case hex, as ossl_fingerprint() makes */
	expect("upper case", fp("99DEF4B80B75ED65AAD52A5FC3ED1131",
				"06C3C15B88DE548B18814D4389D18A20F65A5845",
				"02B107F0679BC5D5AA0AB49BE52043BB31F2A010A980573C53DC3FC815E1D7F3"),
	       NULL, NULL);

	CHECK(fingerprint_known_id(-1) == NULL && fingerprint_known_id(2) == NULL,
	      "ids out of range");
	CHECK(fingerprint_known_desc(0) && strstr(fingerprint_known_desc(0), "new"),
	      "description of the new key: %s", fingerprint_known_desc(0));
	CHECK(fingerprint_known_desc(1) && strstr(fingerprint_known_desc(1), "old"),
	      "description of the old key");
}

static void test_vectors(void)
{
	struct ossl_fingerprint f;

	CHECK(!ossl_fingerprint("", 0, &f), "hash of nothing");
	CHECK(!strcmp(f.md5, OTHER_MD5), "md5(\"\") = %s", f.md5);
	CHECK(!strcmp(f.sha1, OTHER_SHA1), "sha1(\"\") = %s", f.sha1);
	CHECK(!strcmp(f.sha256, OTHER_SHA256), "sha256(\"\") = %s", f.sha256);
	CHECK(!ossl_fingerprint("abc", 3, &f), "hash of abc");
	CHECK(!strcmp(f.md5, "900150983cd24fb0d6963f7d28e17f72"), "md5(abc) = %s", f.md5);
	CHECK(!strcmp(f.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
	      "sha1(abc) = %s", f.sha1);
	CHECK(!strcmp(f.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
	      "sha256(abc) = %s", f.sha256);
}

int main(void)
{
	test_match();
	test_vectors();
	return check_done("test_fingerprint");
}
