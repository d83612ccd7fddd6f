// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the install journal codec and chain check the
 * kernel runs over what it finds in NVRAM (lib/ia_journal.c).  Besides
 * memory safety it checks the promises:
 *  - decoding any 128 bytes gives OK, ERASED (exactly all 0xff) or TORN,
 *    and an OK record encodes back to exactly those bytes (also for
 *    input given the right magic and CRC, so the text rule is reached);
 *  - any record encodes to bytes that decode to the same fields, with
 *    the text cut at its first NUL or 59 characters;
 *  - the chain check over any run of bytes returns 0 or 1 and points
 *    inside the run;
 *  - a chain built from the input holds; a flipped byte breaks it at its
 *    record; an edited and re-encoded record breaks it at the next one;
 *    a changed prev of the first record matters only for seq 1; a torn
 *    last record breaks it at the end and the run without it holds; a
 *    failing hash is passed on.
 *
 * The hash is a stand-in, NOT cryptographic (FNV-1a, spread over 32
 * bytes): the fuzzers link no crypto library, and this target tests
 * memory safety and the chain logic, not SHA-256's strength.  Where a
 * check needs two records to hash differently it compares the hashes
 * first, so a stand-in collision is not reported as a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ia_crc32.h"
#include "ia_journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

#define MAX_RUN 16

struct hash_ctx {
	u32 calls;
	u32 fail_at;		/* fail on this call (from 1); 0: never */
};

static int fake_sha256(const void *data, size_t len, u8 out[32], void *ctx)
{
	const u8 *p = data;
	u64 h = 0xcbf29ce484222325ull;
	struct hash_ctx *hc = ctx;
	size_t i;

	if (hc && ++hc->calls == hc->fail_at)
		return -5;
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	/* spread the 64 bits over 32 bytes (splitmix64 steps) */
	for (i = 0; i < 32; i += 8) {
		u64 z = (h += 0x9e3779b97f4a7c15ull), j;

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		z ^= z >> 31;
		for (j = 0; j < 8; j++)
			out[i + j] = (u8)(z >> (8 * j));
	}
	return 0;
}

static void fuzz_decode(const u8 *in)
{
	struct ia_jrec r;
	u8 again[IA_JREC_LEN];
	size_t i;
	int st = ia_jrec_decode(&r, in);

	ASSERT(st == IA_JREC_OK || st == IA_JREC_ERASED || st == IA_JREC_TORN);
	if (st == IA_JREC_ERASED) {
		for (i = 0; i < IA_JREC_LEN; i++)
			ASSERT(in[i] == 0xff);
		return;
	}
	if (st != IA_JREC_OK)
		return;
	ASSERT(!memcmp(in, IA_JREC_MAGIC, 4) && !r.text[IA_JREC_TEXT_LEN - 1]);
	ASSERT(ia_journal_event_name(r.event));
	ia_jrec_encode(again, &r);
	ASSERT(!memcmp(again, in, IA_JREC_LEN));
}

/* The input with the right magic and CRC: OK exactly when the text is canonical. */
static void fuzz_decode_fixed(const u8 *in)
{
	u8 rec[IA_JREC_LEN];
	struct ia_jrec r;
	size_t i = 0;
	bool canonical;

	memcpy(rec, in, IA_JREC_LEN);
	memcpy(rec, IA_JREC_MAGIC, 4);
	ia_put_be32(rec + 124, ia_crc32(0, rec, 124));
	while (i < IA_JREC_TEXT_LEN && rec[32 + i])
		i++;
	canonical = i < IA_JREC_TEXT_LEN;
	for (; i < IA_JREC_TEXT_LEN; i++)
		canonical = canonical && !rec[32 + i];
	ASSERT(ia_jrec_decode(&r, rec) == (canonical ? IA_JREC_OK : IA_JREC_TORN));
	fuzz_decode(rec);
}

/* Any field values (taken raw from the input) encode and decode back. */
static void fuzz_encode(const u8 *in)
{
	struct ia_jrec r, d;
	u8 raw[IA_JREC_LEN];
	size_t tl;

	memcpy(&r, in, sizeof(r) < IA_JREC_LEN ? sizeof(r) : IA_JREC_LEN);
	ia_jrec_encode(raw, &r);
	ASSERT(ia_jrec_decode(&d, raw) == IA_JREC_OK);
	ASSERT(d.seq == r.seq && d.time == r.time && d.event == r.event &&
	       d.target == r.target && d.status == r.status && d.cksum == r.cksum &&
	       d.sw_version == r.sw_version && d.value == r.value &&
	       !memcmp(d.prev, r.prev, sizeof(r.prev)));
	for (tl = 0; tl < IA_JREC_TEXT_LEN - 1 && r.text[tl]; tl++)
		;
	ASSERT(!memcmp(d.text, r.text, tl) && !d.text[tl]);
}

static void fuzz_verify_raw(const u8 *raw, size_t size)
{
	struct ia_jverify v;
	u32 n = (u32)(size / IA_JREC_LEN);
	int ret;

	ret = ia_journal_verify(raw, n, fake_sha256, NULL, &v);
	ASSERT(ret == 0 || ret == 1);
	if (ret == 0) {
		ASSERT(v.bad_index == -1 && !v.why && v.checked == n);
	} else {
		ASSERT(v.bad_index >= 0 && (u32)v.bad_index < n && v.why);
		ASSERT(v.checked == (u32)v.bad_index);
	}
}

/* Decode record @i, apply @edit, encode it back. */
static void reencode(u8 *raw, u32 i, void (*edit)(struct ia_jrec *, u32), u32 arg)
{
	struct ia_jrec r;

	ASSERT(ia_jrec_decode(&r, raw + i * IA_JREC_LEN) == IA_JREC_OK);
	edit(&r, arg);
	ia_jrec_encode(raw + i * IA_JREC_LEN, &r);
}

static void edit_value(struct ia_jrec *r, u32 x)
{
	r->value ^= x | 1;
}

static void edit_prev(struct ia_jrec *r, u32 x)
{
	r->prev[x % 32] ^= 1;
}

static bool same_hash(const u8 *a, const u8 *b)
{
	u8 ha[32], hb[32];

	fake_sha256(a, IA_JREC_LEN, ha, NULL);
	fake_sha256(b, IA_JREC_LEN, hb, NULL);
	return !memcmp(ha, hb, 32);
}

/*
 * A chain of up to MAX_RUN records whose fields come from the input.
 *   d[0]: run length and the flip mask, d[1..4]: first seq, d[5..6]: the
 *   byte to flip, d[7]: where the last record is torn, d[8]: the record
 *   to edit, d[9]: the hash call that fails; the rest fills the fields.
 */
static void fuzz_chain(const u8 *d, size_t size)
{
	static u8 raw[MAX_RUN * IA_JREC_LEN], orig[IA_JREC_LEN];
	struct hash_ctx hc = { 0, 0 };
	struct ia_jverify v;
	struct ia_jrec r;
	u8 prev[32], mask, *last;
	u32 n, i, j, seq0;
	size_t flip, cut, k;
	int ret;

	n = 1 + d[0] % MAX_RUN;
	mask = (u8)(1 + d[0] % 255);
	seq0 = ia_get_be32(d + 1);
	flip = ia_get_be16(d + 5) % (n * IA_JREC_LEN);
	cut = 1 + d[7] % (IA_JREC_LEN - 1);
	j = d[8] % n;
	d += 10;
	size -= 10;
	memset(prev, 0, sizeof(prev));
	for (i = 0; i < n; i++) {
		size_t off = (i * 37) % size;

		for (k = 0; k < sizeof(r); k++)
			((u8 *)&r)[k] = d[(off + k) % size];
		r.seq = seq0 + i;
		/* the first record's prev comes from the input, unless seq 1 */
		if (i || r.seq == 1)
			memcpy(r.prev, prev, sizeof(prev));
		ia_jrec_encode(raw + i * IA_JREC_LEN, &r);
		fake_sha256(raw + i * IA_JREC_LEN, IA_JREC_LEN, prev, NULL);
	}
	ret = ia_journal_verify(raw, n, fake_sha256, &hc, &v);
	ASSERT(ret == 0 && v.checked == n && v.first_seq == seq0 &&
	       v.last_seq == seq0 + n - 1 && v.bad_index == -1 && !v.why);
	ASSERT(hc.calls == n - 1);

	/* a hash that fails on call k: passed on, at record k */
	if (n > 1) {
		hc.calls = 0;
		hc.fail_at = 1 + d[0] % (n - 1);
		ret = ia_journal_verify(raw, n, fake_sha256, &hc, &v);
		ASSERT(ret == -5 && (u32)v.bad_index == hc.fail_at && v.checked == hc.fail_at);
	}

	/* one byte flipped: the CRC catches it in that record */
	raw[flip] ^= mask;
	ret = ia_journal_verify(raw, n, fake_sha256, NULL, &v);
	ASSERT(ret == 1 && (size_t)v.bad_index == flip / IA_JREC_LEN &&
	       v.checked == flip / IA_JREC_LEN);
	raw[flip] ^= mask;

	/* record j edited and re-encoded: the one after it gives it away */
	memcpy(orig, raw + j * IA_JREC_LEN, IA_JREC_LEN);
	reencode(raw, j, edit_value, seq0);
	ret = ia_journal_verify(raw, n, fake_sha256, NULL, &v);
	if (j + 1 < n && !same_hash(orig, raw + j * IA_JREC_LEN))
		ASSERT(ret == 1 && (u32)v.bad_index == j + 1);
	else if (j + 1 == n)
		ASSERT(ret == 0);	/* nothing vouches for the newest record */
	memcpy(raw + j * IA_JREC_LEN, orig, IA_JREC_LEN);

	/* the first record's prev: checked for seq 1 only */
	memcpy(orig, raw, IA_JREC_LEN);
	reencode(raw, 0, edit_prev, seq0);
	ret = ia_journal_verify(raw, n, fake_sha256, NULL, &v);
	if (seq0 == 1)
		ASSERT(ret == 1 && v.bad_index == 0);
	else if (n == 1 || !same_hash(orig, raw))
		ASSERT(n == 1 ? ret == 0 : ret == 1 && v.bad_index == 1);
	memcpy(raw, orig, IA_JREC_LEN);

	/* record j's seq moved: it no longer follows, or the next does not */
	if (n > 1) {
		memcpy(orig, raw + j * IA_JREC_LEN, IA_JREC_LEN);
		ia_jrec_decode(&r, orig);
		r.seq += 1 + (u32)d[0] % 7;
		ia_jrec_encode(raw + j * IA_JREC_LEN, &r);
		ret = ia_journal_verify(raw, n, fake_sha256, NULL, &v);
		ASSERT(ret == 1 && (v.bad_index == (int)j || v.bad_index == (int)j + 1));
		memcpy(raw + j * IA_JREC_LEN, orig, IA_JREC_LEN);
	}

	/* a power cut during the last append; a tail already 0xff is not torn */
	last = raw + (n - 1) * IA_JREC_LEN;
	for (k = cut; k < IA_JREC_LEN && last[k] == 0xff; k++)
		;
	if (k == IA_JREC_LEN)
		return;
	memset(last + cut, 0xff, IA_JREC_LEN - cut);
	ASSERT(ia_jrec_decode(&r, last) == IA_JREC_TORN);
	ret = ia_journal_verify(raw, n, fake_sha256, NULL, &v);
	ASSERT(ret == 1 && (u32)v.bad_index == n - 1);
	ASSERT(ia_journal_verify(raw, n - 1, fake_sha256, NULL, &v) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 rec[IA_JREC_LEN];
	size_t n = size < IA_JREC_LEN ? size : IA_JREC_LEN;

	/* the first 128 bytes as a record, padded as if still erased */
	memset(rec, 0xff, sizeof(rec));
	memcpy(rec, data, n);
	fuzz_decode(rec);
	fuzz_decode_fixed(rec);
	fuzz_encode(rec);
	fuzz_verify_raw(data, size);
	if (size > 10)
		fuzz_chain(data, size);
	return 0;
}
