// SPDX-License-Identifier: GPL-2.0
/*
 * Install journal records and their chain (lib/ia_journal.c): the byte
 * layout, encode/decode round trips, erased and torn records (every
 * half-programmed prefix, every flipped bit), the text rule, and the
 * chain check with SHA-256 from OpenSSL: a good chain, an edited record
 * with and without its CRC fixed, a deleted middle record, a swapped
 * order, a torn last record, a window of a wrapped ring, the seq wrap,
 * the first record rule and a failing hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <linux/imgauth.h>

#include "ia_crc32.h"
#include "ia_journal.h"

#include "check.h"

static int calls;

static int sha256(const void *data, size_t len, u8 out[32], void *ctx)
{
	unsigned int n = 32;

	(void)ctx;
	calls++;
	return EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) == 1 && n == 32 ? 0 : -5;
}

/* Fails on the @ctx'th call (counting from 1). */
static int sha256_failing(const void *data, size_t len, u8 out[32], void *ctx)
{
	int *left = ctx;

	if (--*left == 0)
		return -12;
	return sha256(data, len, out, NULL);
}

static void rec_init(struct ia_jrec *r, u32 seq, const u8 prev[32])
{
	memset(r, 0, sizeof(*r));
	r->seq = seq;
	r->time = 1700000000ull + seq;
	r->event = (u16)(seq % 13 + 1);
	r->target = IMGAUTH_TARGET_IMAGE1;
	r->status = IMGAUTH_OK;
	r->cksum = 0x954806c3u ^ seq;
	r->sw_version = 0x06030011;
	r->value = seq * 3;
	snprintf(r->text, sizeof(r->text), "record %u", seq);
	if (prev)
		memcpy(r->prev, prev, 32);
}

/* @n chained records from @seq0 into @raw; the first gets @prev0 (NULL: zeros). */
static void build_chain(u8 *raw, u32 n, u32 seq0, const u8 *prev0)
{
	struct ia_jrec r;
	u8 prev[32];
	u32 i;

	if (prev0)
		memcpy(prev, prev0, 32);
	else
		memset(prev, 0, 32);
	for (i = 0; i < n; i++) {
		rec_init(&r, seq0 + i, prev);
		ia_jrec_encode(raw + i * IA_JREC_LEN, &r);
		sha256(raw + i * IA_JREC_LEN, IA_JREC_LEN, prev, NULL);
	}
}

static int verify(const u8 *raw, u32 n, struct ia_jverify *v)
{
	return ia_journal_verify(raw, n, sha256, NULL, v);
}

static void test_layout(void)
{
	struct ia_jrec r, d;
	u8 raw[IA_JREC_LEN], prev[32];
	size_t i;

	for (i = 0; i < 32; i++)
		prev[i] = (u8)(0xa0 + i);
	memset(&r, 0, sizeof(r));
	r.seq = 0x01020304;
	r.time = 0x1122334455667788ull;
	r.event = 0xa1b2;
	r.target = IMGAUTH_TARGET_LOADER;
	r.status = IMGAUTH_E_SIGNATURE;
	r.cksum = 0xdeadbeef;
	r.sw_version = 0x06030011;
	r.value = 0xcafef00d;
	strcpy(r.text, "install image1: PKI: DSA verify fails.");
	memcpy(r.prev, prev, 32);
	ia_jrec_encode(raw, &r);

	CHECK(!memcmp(raw, "IAJ1", 4), "magic at 0");
	CHECK(!memcmp(raw + 4, "\x01\x02\x03\x04", 4), "seq at 4, big-endian");
	CHECK(!memcmp(raw + 8, "\x11\x22\x33\x44\x55\x66\x77\x88", 8), "time at 8");
	CHECK(raw[16] == 0xa1 && raw[17] == 0xb2, "event at 16");
	CHECK(raw[18] == IMGAUTH_TARGET_LOADER && raw[19] == IMGAUTH_E_SIGNATURE,
	      "target, status at 18, 19");
	CHECK(!memcmp(raw + 20, "\xde\xad\xbe\xef", 4), "cksum at 20");
	CHECK(!memcmp(raw + 24, "\x06\x03\x00\x11", 4), "sw_version at 24");
	CHECK(!memcmp(raw + 28, "\xca\xfe\xf0\x0d", 4), "value at 28");
	CHECK(!strcmp((char *)raw + 32, r.text), "text at 32");
	for (i = 32 + strlen(r.text); i < 92; i++)
		CHECK(raw[i] == 0, "text padding at %zu", i);
	CHECK(!memcmp(raw + 92, prev, 32), "prev at 92");
	CHECK(ia_get_be32(raw + 124) == ia_crc32(0, raw, 124), "CRC-32 of 0..123 at 124");

	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_OK, "decode");
	CHECK(d.seq == r.seq && d.time == r.time && d.event == r.event &&
	      d.target == r.target && d.status == r.status && d.cksum == r.cksum &&
	      d.sw_version == r.sw_version && d.value == r.value &&
	      !strcmp(d.text, r.text) && !memcmp(d.prev, prev, 32), "decode: fields");
}

/* Random fields round-trip; an OK record encodes back to its bytes. */
static void test_roundtrip(void)
{
	unsigned int seed = 11;
	int k;

	for (k = 0; k < 2000; k++) {
		struct ia_jrec r, d;
		u8 raw[IA_JREC_LEN], again[IA_JREC_LEN];
		size_t i, tl;

		for (i = 0; i < sizeof(r); i++)
			((u8 *)&r)[i] = (u8)rand_r(&seed);
		/* a text of 0..59 characters, then garbage the encoder must drop */
		tl = (size_t)rand_r(&seed) % IA_JREC_TEXT_LEN;
		for (i = 0; i < tl; i++)
			r.text[i] = (char)(1 + rand_r(&seed) % 255);
		if (tl < IA_JREC_TEXT_LEN)
			r.text[tl] = '\0';
		ia_jrec_encode(raw, &r);
		CHECK(ia_jrec_decode(&d, raw) == IA_JREC_OK, "round trip %d decodes", k);
		CHECK(d.seq == r.seq && d.time == r.time && d.event == r.event &&
		      d.target == r.target && d.status == r.status &&
		      d.cksum == r.cksum && d.sw_version == r.sw_version &&
		      d.value == r.value && !memcmp(d.prev, r.prev, 32),
		      "round trip %d: fields", k);
		CHECK(strlen(d.text) == tl && !memcmp(d.text, r.text, tl),
		      "round trip %d: text", k);
		for (i = tl; i < IA_JREC_TEXT_LEN; i++)
			CHECK(!d.text[i], "round trip %d: padding %zu", k, i);
		ia_jrec_encode(again, &d);
		CHECK(!memcmp(raw, again, IA_JREC_LEN), "round trip %d: re-encode", k);
	}
}

static void test_text(void)
{
	struct ia_jrec r, d;
	u8 raw[IA_JREC_LEN];

	/* 60 characters without a NUL: 59 kept, byte 91 is 0 */
	rec_init(&r, 1, NULL);
	memset(r.text, 'x', sizeof(r.text));
	ia_jrec_encode(raw, &r);
	CHECK(raw[91] == 0 && raw[90] == 'x', "60 characters: 59 kept");
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_OK && strlen(d.text) == 59,
	      "60 characters decode as 59");
	/* empty text */
	r.text[0] = '\0';
	ia_jrec_encode(raw, &r);
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_OK && !d.text[0], "empty text");

	/* what the encoder never writes is not a record, even with its CRC */
	rec_init(&r, 1, NULL);
	ia_jrec_encode(raw, &r);
	raw[91] = 'y';
	ia_put_be32(raw + 124, ia_crc32(0, raw, 124));
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_TORN, "byte 91 not 0, CRC fixed");
	ia_jrec_encode(raw, &r);
	raw[80] = 'z';		/* after the NUL of "record 1" */
	ia_put_be32(raw + 124, ia_crc32(0, raw, 124));
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_TORN, "bytes after the NUL, CRC fixed");
	ia_jrec_encode(raw, &r);
	memset(raw + 32, 'w', 59);	/* 59 characters, NUL at 91: valid */
	ia_put_be32(raw + 124, ia_crc32(0, raw, 124));
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_OK && strlen(d.text) == 59,
	      "59 characters with CRC");
}

static void test_erased_torn(void)
{
	struct ia_jrec r, d;
	u8 raw[IA_JREC_LEN], half[IA_JREC_LEN];
	size_t i, k;
	int st;

	memset(raw, 0xff, sizeof(raw));
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_ERASED, "all 0xff: erased");
	raw[127] = 0xfe;
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_TORN, "one bit programmed: torn");
	memset(raw, 0, sizeof(raw));
	CHECK(ia_jrec_decode(&d, raw) == IA_JREC_TORN, "all zero: torn");

	rec_init(&r, 7, NULL);
	ia_jrec_encode(raw, &r);
	/* a power cut k bytes into programming: the rest still erased */
	for (k = 0; k < IA_JREC_LEN; k++) {
		memcpy(half, raw, k);
		memset(half + k, 0xff, IA_JREC_LEN - k);
		st = ia_jrec_decode(&d, half);
		CHECK(st == (k ? IA_JREC_TORN : IA_JREC_ERASED),
		      "programmed %zu of 128 bytes: %d", k, st);
	}
	/* every single bit flipped is caught (CRC-32 catches bursts <= 32 bits) */
	for (i = 0; i < IA_JREC_LEN * 8; i++) {
		memcpy(half, raw, IA_JREC_LEN);
		half[i / 8] ^= (u8)(1 << (i % 8));
		st = ia_jrec_decode(&d, half);
		CHECK(st == IA_JREC_TORN, "bit %zu flipped: %d", i, st);
	}
	/* the right magic is required even with a matching CRC */
	memcpy(half, raw, IA_JREC_LEN);
	memcpy(half, "IAJ2", 4);
	ia_put_be32(half + 124, ia_crc32(0, half, 124));
	CHECK(ia_jrec_decode(&d, half) == IA_JREC_TORN, "IAJ2 with its CRC");
}

static void test_chain_good(void)
{
	u8 raw[8 * IA_JREC_LEN];
	struct ia_jverify v;
	int ret;

	build_chain(raw, 8, 1, NULL);
	calls = 0;
	ret = verify(raw, 8, &v);
	CHECK(ret == 0 && v.bad_index == -1 && !v.why, "good chain: %d %s", ret, v.why);
	CHECK(v.checked == 8 && v.first_seq == 1 && v.last_seq == 8,
	      "good chain: %u records, %u..%u", v.checked, v.first_seq, v.last_seq);
	CHECK(calls == 7, "one hash per link: %d", calls);

	ret = verify(raw, 1, &v);
	CHECK(ret == 0 && v.checked == 1 && v.first_seq == 1 && v.last_seq == 1,
	      "one record");
	ret = verify(NULL, 0, &v);
	CHECK(ret == 0 && v.checked == 0 && v.bad_index == -1, "no records");

	/* a window of a ring that wrapped: its first prev cannot be checked */
	ret = verify(raw + 3 * IA_JREC_LEN, 5, &v);
	CHECK(ret == 0 && v.first_seq == 4 && v.last_seq == 8 && v.checked == 5,
	      "records 4..8 alone: %d %s", ret, v.why);
}

/* The chain across the wrap of seq. */
static void test_chain_wrap(void)
{
	u8 raw[4 * IA_JREC_LEN], prev[32];
	struct ia_jverify v;
	int ret;

	memset(prev, 0x5a, sizeof(prev));
	build_chain(raw, 4, 0xfffffffeu, prev);
	ret = verify(raw, 4, &v);
	CHECK(ret == 0 && v.first_seq == 0xfffffffeu && v.last_seq == 1,
	      "seq 0xfffffffe..1: %d %s", ret, v.why);

	CHECK(ia_jseq_after(1, 0) && !ia_jseq_after(0, 1), "1 after 0");
	CHECK(ia_jseq_after(0, 0xffffffffu), "0 after 0xffffffff");
	CHECK(!ia_jseq_after(5, 5), "not after itself");
	CHECK(ia_jseq_after(0x7fffffffu, 0) && !ia_jseq_after(0x80000000u, 0),
	      "half the space ahead");
}

static void expect_break(const u8 *raw, u32 n, int index, const char *what,
			 const char *why_has)
{
	struct ia_jverify v;
	int ret = verify(raw, n, &v);

	CHECK(ret == 1 && v.bad_index == index && v.why && strstr(v.why, why_has),
	      "%s: got %d at %d (%s), want 1 at %d (%s)", what, ret, v.bad_index,
	      v.why ? v.why : "-", index, why_has);
	CHECK(ret != 1 || v.checked == (u32)index, "%s: %u checked", what, v.checked);
}

static void test_chain_attacks(void)
{
	u8 raw[6 * IA_JREC_LEN], bad[6 * IA_JREC_LEN], tmp[IA_JREC_LEN];
	struct ia_jrec r;
	struct ia_jverify v;

	build_chain(raw, 6, 1, NULL);

	/* edited on flash, CRC not fixed: that record does not decode */
	memcpy(bad, raw, sizeof(raw));
	bad[2 * IA_JREC_LEN + 28] ^= 1;
	expect_break(bad, 6, 2, "edited value", "torn");

	/* edited and re-encoded (CRC fixed): the next record's prev gives it away */
	memcpy(bad, raw, sizeof(raw));
	CHECK(ia_jrec_decode(&r, bad + 2 * IA_JREC_LEN) == IA_JREC_OK, "decode record 3");
	r.status = IMGAUTH_OK;
	r.value ^= 0x100;
	ia_jrec_encode(bad + 2 * IA_JREC_LEN, &r);
	expect_break(bad, 6, 3, "edited and re-encoded", "prev");
	/* ... and the last record edited so cannot be told: nothing comes after */
	memcpy(bad, raw, sizeof(raw));
	ia_jrec_decode(&r, bad + 5 * IA_JREC_LEN);
	r.value ^= 0x100;
	ia_jrec_encode(bad + 5 * IA_JREC_LEN, &r);
	CHECK(verify(bad, 6, &v) == 0, "an edited newest record holds (the limit of a chain)");

	/* a middle record deleted */
	memcpy(bad, raw, 2 * IA_JREC_LEN);
	memcpy(bad + 2 * IA_JREC_LEN, raw + 3 * IA_JREC_LEN, 3 * IA_JREC_LEN);
	expect_break(bad, 5, 2, "record 3 deleted", "seq");

	/* ... and the ones after renumbered and re-encoded: prev gives it away */
	{
		u32 i;

		for (i = 2; i < 5; i++) {
			ia_jrec_decode(&r, bad + i * IA_JREC_LEN);
			r.seq = i + 1;
			ia_jrec_encode(bad + i * IA_JREC_LEN, &r);
		}
		expect_break(bad, 5, 2, "record 3 deleted, the rest renumbered", "prev");
	}

	/* two records swapped */
	memcpy(bad, raw, sizeof(raw));
	memcpy(tmp, bad + 2 * IA_JREC_LEN, IA_JREC_LEN);
	memcpy(bad + 2 * IA_JREC_LEN, bad + 3 * IA_JREC_LEN, IA_JREC_LEN);
	memcpy(bad + 3 * IA_JREC_LEN, tmp, IA_JREC_LEN);
	expect_break(bad, 6, 2, "records 3 and 4 swapped", "seq");

	/* a record repeated (replayed) */
	memcpy(bad, raw, 3 * IA_JREC_LEN);
	memcpy(bad + 3 * IA_JREC_LEN, raw + 2 * IA_JREC_LEN, IA_JREC_LEN);
	expect_break(bad, 4, 3, "record 3 twice", "seq");

	/* an erased slot inside the run */
	memcpy(bad, raw, sizeof(raw));
	memset(bad + 4 * IA_JREC_LEN, 0xff, IA_JREC_LEN);
	expect_break(bad, 6, 4, "erased slot in the run", "erased");

	/* the prev of a record zeroed and re-encoded: no longer linked */
	memcpy(bad, raw, sizeof(raw));
	ia_jrec_decode(&r, bad + 4 * IA_JREC_LEN);
	memset(r.prev, 0, 32);
	ia_jrec_encode(bad + 4 * IA_JREC_LEN, &r);
	expect_break(bad, 6, 4, "prev zeroed", "prev");
}

/* A power cut during the append of record 7: the run without it holds. */
static void test_torn_last(void)
{
	u8 raw[7 * IA_JREC_LEN];
	struct ia_jrec r;
	struct ia_jverify v;
	size_t k;

	build_chain(raw, 7, 1, NULL);
	for (k = 1; k < IA_JREC_LEN; k += 9) {
		build_chain(raw, 7, 1, NULL);
		memset(raw + 6 * IA_JREC_LEN + k, 0xff, IA_JREC_LEN - k);
		CHECK(ia_jrec_decode(&r, raw + 6 * IA_JREC_LEN) == IA_JREC_TORN,
		      "half-programmed (%zu bytes) decodes as torn", k);
		expect_break(raw, 7, 6, "torn last record in the run", "torn");
		CHECK(verify(raw, 6, &v) == 0 && v.last_seq == 6,
		      "dropped, the chain holds (%zu bytes)", k);
	}
}

static void test_first_record(void)
{
	u8 raw[3 * IA_JREC_LEN], prev[32];
	struct ia_jrec r;
	struct ia_jverify v;

	/* seq 1 must have an all-zero prev */
	memset(prev, 0, sizeof(prev));
	prev[31] = 1;
	build_chain(raw, 3, 1, prev);
	expect_break(raw, 3, 0, "seq 1 with a prev", "first");

	/* any other first seq: its prev is not checkable, zero or not */
	build_chain(raw, 3, 2, prev);
	CHECK(verify(raw, 3, &v) == 0 && v.first_seq == 2, "seq 2 first, some prev");
	build_chain(raw, 3, 2, NULL);
	CHECK(verify(raw, 3, &v) == 0, "seq 2 first, zero prev");

	/* the rule is for the first record only: seq 1 later is just a seq error */
	build_chain(raw, 3, 1, NULL);
	ia_jrec_decode(&r, raw + IA_JREC_LEN);
	r.seq = 1;
	ia_jrec_encode(raw + IA_JREC_LEN, &r);
	expect_break(raw, 3, 1, "seq 1 twice", "seq");

	/* the first record can be torn too */
	build_chain(raw, 3, 1, NULL);
	raw[5] ^= 0x40;
	expect_break(raw, 3, 0, "first record torn", "torn");
	verify(raw, 3, &v);
	CHECK(v.first_seq == 0 && v.checked == 0, "a first record that does not decode has no seq");
}

static void test_hash_error(void)
{
	u8 raw[4 * IA_JREC_LEN];
	struct ia_jverify v;
	int left, ret;

	build_chain(raw, 4, 1, NULL);
	left = 2;
	ret = ia_journal_verify(raw, 4, sha256_failing, &left, &v);
	CHECK(ret == -12, "hash error passed on: %d", ret);
	CHECK(v.bad_index == 2 && v.checked == 2 && v.why, "hash error at record 2: %d",
	      v.bad_index);
	left = 100;
	CHECK(ia_journal_verify(raw, 4, sha256_failing, &left, &v) == 0,
	      "ctx reaches the hash");
}

static void test_event_names(void)
{
	static const char *const want[] = {
		NULL, "install", "key-set", "key-delete", "key-lock", "key-unlock",
		"key-rotate", "floor", "fallback", "recovery", "provision", "commit",
		"mark-good", "boot",
	};
	int e;

	for (e = 1; e <= IA_JEV_BOOT; e++)
		CHECK(!strcmp(ia_journal_event_name(e), want[e]), "event %d: %s", e,
		      ia_journal_event_name(e));
	CHECK(IA_JEV_INSTALL == 1 && IA_JEV_KEY_ROTATE == 6 && IA_JEV_FLOOR == 7 &&
	      IA_JEV_BOOT == 13, "event numbers");
	CHECK(!strcmp(ia_journal_event_name(0), "unknown"), "event 0");
	CHECK(!strcmp(ia_journal_event_name(14), "unknown"), "event 14");
	CHECK(!strcmp(ia_journal_event_name(-1), "unknown"), "event -1");
	CHECK(!strcmp(ia_journal_event_name(0xffff), "unknown"), "event 0xffff");
}

int main(void)
{
	test_layout();
	test_roundtrip();
	test_text();
	test_erased_torn();
	test_chain_good();
	test_chain_wrap();
	test_chain_attacks();
	test_torn_last();
	test_first_record();
	test_hash_error();
	test_event_names();
	return check_done("test_journal");
}
