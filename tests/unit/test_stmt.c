// SPDX-License-Identifier: GPL-2.0
/*
 * Key statements (lib/ia_stmt.c): the byte layout, encode/parse round
 * trips for every action, the boundary lengths, every error class with
 * the rule it checks, every truncation (in exact-size buffers, so ASan
 * sees an overread), the serial rule, and a statement signed with a real
 * DSA key whose signature OpenSSL verifies over exactly st.body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ia_der.h"
#include "ia_stmt.h"
#include "ossl.h"

#include "check.h"

#include "key1024.h"

/* The smallest and the largest strict DER Dss-Sig-Value. */
static const u8 sig_min[] = { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 };
static u8 sig_max[IMGAUTH_SIG_MAX];

static u8 hash_a[32], big_a[IMGAUTH_KEY_MAX + 1], big_b[IMGAUTH_KEY_MAX + 1];

static void sha256(const void *d, size_t n, u8 out[32])
{
	unsigned int len = 32;

	if (EVP_Digest(d, n, out, &len, EVP_sha256(), NULL) != 1 || len != 32) {
		fprintf(stderr, "EVP_Digest failed\n");
		exit(2);
	}
}

static void setup(void)
{
	size_t i;

	/* SEQUENCE { INTEGER 00 ff*32, INTEGER 00 ff*32 }: 2 + 2 * 35 */
	sig_max[0] = 0x30;
	sig_max[1] = 70;
	for (i = 0; i < 2; i++) {
		u8 *p = sig_max + 2 + 35 * i;

		p[0] = 0x02;
		p[1] = 33;
		p[2] = 0;
		memset(p + 3, 0xff, 32);
	}
	sha256(key1024, sizeof(key1024), hash_a);
	for (i = 0; i < sizeof(big_a); i++) {
		big_a[i] = (u8)(i * 7 + 1);
		big_b[i] = (u8)(i * 13 + 5);
	}
}

/* Body plus signature, in a malloc()ed buffer of exactly that size. */
static u8 *make(size_t *len, int action, u32 counter, const char *serial,
		const u8 *newkey, u32 newkey_len, const u8 *signer, u32 signer_len,
		const u8 *sig, size_t sig_len)
{
	u8 body[IA_STMT_BODY_MAX], *buf;
	int n;

	n = ia_stmt_encode_body(body, sizeof(body), action, counter, serial,
				hash_a, newkey, newkey_len, signer, signer_len);
	if (n < 0) {
		fprintf(stderr, "make: %s\n", ia_stmt_strerror(n));
		exit(2);
	}
	*len = (size_t)n + sig_len;
	buf = malloc(*len);
	if (!buf)
		exit(2);
	memcpy(buf, body, (size_t)n);
	memcpy(buf + n, sig, sig_len);
	return buf;
}

/* Parse a copy of exactly @len bytes, so reading past them is caught. */
static int parse_exact(struct ia_stmt *st, const u8 *buf, size_t len)
{
	u8 *copy = malloc(len ? len : 1);
	int err;

	if (!copy)
		exit(2);
	if (len)
		memcpy(copy, buf, len);
	err = ia_stmt_parse(st, copy, len);
	free(copy);
	return err;
}

static void test_layout(void)
{
	static const u8 want_hdr[16] = {
		'I', 'A', 'K', 'E', 'Y', 'S', 'T', '1',
		0x01,			/* action ROTATE */
		0x01,			/* flags: signer */
		0x00, 0x00,		/* reserved */
		0x01, 0x02, 0x03, 0x04,	/* counter */
	};
	u8 buf[IA_STMT_BODY_MAX];
	int n;

	n = ia_stmt_encode_body(buf, sizeof(buf), IA_STMT_ROTATE, 0x01020304,
				"SN-0042", hash_a, key1024, sizeof(key1024),
				big_a, 3);
	CHECK(n == (int)(IA_STMT_HDR_LEN + sizeof(key1024) + 3), "body length %d", n);
	CHECK(!memcmp(buf, want_hdr, sizeof(want_hdr)), "magic, action, flags, counter");
	CHECK(!memcmp(buf + 16, "SN-0042\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32),
	      "serial NUL-padded at 16");
	CHECK(!memcmp(buf + 48, hash_a, 32), "signer hash at 48");
	CHECK(buf[80] == sizeof(key1024) >> 8 && buf[81] == (sizeof(key1024) & 0xff),
	      "newkey_len at 80, big-endian");
	CHECK(buf[82] == 0 && buf[83] == 3, "signer_len at 82");
	CHECK(!memcmp(buf + 84, key1024, sizeof(key1024)), "newkey at 84");
	CHECK(!memcmp(buf + 84 + sizeof(key1024), big_a, 3), "signer after newkey");

	n = ia_stmt_encode_body(buf, sizeof(buf), IA_STMT_DELETE, 7, "any",
				hash_a, NULL, 0, NULL, 0);
	CHECK(n == IA_STMT_HDR_LEN && buf[8] == 2 && buf[9] == 0,
	      "delete without signer: %d", n);
}

static void test_roundtrip(void)
{
	static const struct {
		int action;
		const u8 *newkey;
		u32 newkey_len;
		const u8 *signer;
		u32 signer_len;
	} cases[] = {
		{ IA_STMT_ROTATE, key1024, sizeof(key1024), NULL, 0 },
		{ IA_STMT_ROTATE, key1024, sizeof(key1024), key1024, sizeof(key1024) },
		{ IA_STMT_DELETE, NULL, 0, NULL, 0 },
		{ IA_STMT_DELETE, NULL, 0, key1024, sizeof(key1024) },
		{ IA_STMT_UNLOCK, NULL, 0, NULL, 0 },
		{ IA_STMT_UNPROVISION, NULL, 0, key1024, sizeof(key1024) },
	};
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ia_stmt st;
		u8 *buf;
		int err;

		buf = make(&len, cases[i].action, 0xfffffff0u + (u32)i, "SN-0042",
			   cases[i].newkey, cases[i].newkey_len,
			   cases[i].signer, cases[i].signer_len, sig_min, sizeof(sig_min));
		err = ia_stmt_parse(&st, buf, len);
		CHECK(!err, "case %zu: %s", i, ia_stmt_strerror(err));
		if (err) {
			free(buf);
			continue;
		}
		CHECK(st.action == cases[i].action, "case %zu: action", i);
		CHECK(st.flags == (cases[i].signer_len ? IA_STMT_F_SIGNER : 0),
		      "case %zu: flags %x", i, st.flags);
		CHECK(st.counter == 0xfffffff0u + i, "case %zu: counter", i);
		CHECK(!strcmp(st.serial, "SN-0042"), "case %zu: serial", i);
		CHECK(!memcmp(st.signer_hash, hash_a, 32), "case %zu: signer hash", i);
		CHECK(st.newkey_len == cases[i].newkey_len &&
		      (cases[i].newkey_len ?
		       st.newkey == buf + IA_STMT_HDR_LEN &&
		       !memcmp(st.newkey, cases[i].newkey, st.newkey_len) :
		       st.newkey == NULL), "case %zu: newkey", i);
		CHECK(st.signer_len == cases[i].signer_len &&
		      (cases[i].signer_len ?
		       st.signer == buf + IA_STMT_HDR_LEN + st.newkey_len &&
		       !memcmp(st.signer, cases[i].signer, st.signer_len) :
		       st.signer == NULL), "case %zu: signer", i);
		CHECK(st.body == buf &&
		      st.body_len == IA_STMT_HDR_LEN + st.newkey_len + st.signer_len,
		      "case %zu: body", i);
		CHECK(st.sig == buf + st.body_len && st.sig_len == sizeof(sig_min) &&
		      st.body_len + st.sig_len == len, "case %zu: signature", i);
		free(buf);
	}
}

/* Lengths at their limits: 1 and IMGAUTH_KEY_MAX keys, 8 and 72 byte signatures. */
static void test_boundaries(void)
{
	static const u32 ok_lens[] = { 1, IMGAUTH_KEY_MAX };
	struct ia_stmt st;
	size_t i, j, len;
	u8 *buf, body[IA_STMT_BODY_MAX + 1];
	int err, n;

	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			buf = make(&len, IA_STMT_ROTATE, 1, "any", big_a, ok_lens[i],
				   big_b, ok_lens[j], j ? sig_max : sig_min,
				   j ? sizeof(sig_max) : sizeof(sig_min));
			err = parse_exact(&st, buf, len);
			CHECK(!err && st.newkey_len == ok_lens[i] &&
			      st.signer_len == ok_lens[j] &&
			      st.sig_len == (j ? IMGAUTH_SIG_MAX : IMGAUTH_SIG_MIN),
			      "newkey %u, signer %u: %s", ok_lens[i], ok_lens[j],
			      ia_stmt_strerror(err));
			free(buf);
		}
	}
	/* the longest statement there is */
	buf = make(&len, IA_STMT_ROTATE, 1, "any", big_a, IMGAUTH_KEY_MAX, big_b,
		   IMGAUTH_KEY_MAX, sig_max, sizeof(sig_max));
	CHECK(len == IA_STMT_MAX, "IA_STMT_MAX is %d, longest is %zu", IA_STMT_MAX, len);
	free(buf);

	/* one over: the encoder refuses, and so does the parser */
	n = ia_stmt_encode_body(body, sizeof(body), IA_STMT_ROTATE, 1, "any", hash_a,
				big_a, IMGAUTH_KEY_MAX + 1, NULL, 0);
	CHECK(n == IA_STMT_E_LENGTHS, "encode newkey 1537: %d", n);
	n = ia_stmt_encode_body(body, sizeof(body), IA_STMT_ROTATE, 1, "any", hash_a,
				big_a, 1, big_b, IMGAUTH_KEY_MAX + 1);
	CHECK(n == IA_STMT_E_LENGTHS, "encode signer 1537: %d", n);

	/* exactly the room it needs */
	n = ia_stmt_encode_body(body, IA_STMT_HDR_LEN + 10, IA_STMT_ROTATE, 1, "any",
				hash_a, big_a, 10, NULL, 0);
	CHECK(n == IA_STMT_HDR_LEN + 10, "encode into exact room: %d", n);
	n = ia_stmt_encode_body(body, IA_STMT_HDR_LEN + 9, IA_STMT_ROTATE, 1, "any",
				hash_a, big_a, 10, NULL, 0);
	CHECK(n == IA_STMT_E_NOSPACE, "encode one byte short: %d", n);
	n = ia_stmt_encode_body(body, 0, IA_STMT_UNLOCK, 1, "any", hash_a,
				NULL, 0, NULL, 0);
	CHECK(n == IA_STMT_E_NOSPACE, "encode into nothing: %d", n);
}

/* A valid statement to break one field of; @len gets its length. */
static u8 *base(size_t *len, int action, bool signer)
{
	return make(len, action, 5, "SN-0042",
		    action == IA_STMT_ROTATE ? key1024 : NULL,
		    action == IA_STMT_ROTATE ? sizeof(key1024) : 0,
		    signer ? big_b : NULL, signer ? 100 : 0,
		    sig_min, sizeof(sig_min));
}

/* Parse @buf with byte @off set to @val. */
static int parse_with(const u8 *buf, size_t len, size_t off, u8 val)
{
	struct ia_stmt st;
	u8 *copy = malloc(len);
	int err;

	memcpy(copy, buf, len);
	copy[off] = val;
	err = ia_stmt_parse(&st, copy, len);
	free(copy);
	return err;
}

/* A header with its own serial field, parsed with a signature after it. */
static int parse_serial(const u8 field[32])
{
	struct ia_stmt st;
	size_t len;
	u8 *buf = base(&len, IA_STMT_UNLOCK, false);
	int err;

	memcpy(buf + 16, field, 32);
	err = parse_exact(&st, buf, len);
	if (!err)
		CHECK(!memcmp(st.serial, field, 32), "serial copy");
	free(buf);
	return err;
}

static void test_magic(void)
{
	struct ia_stmt st;
	size_t len, i;
	u8 *buf = base(&len, IA_STMT_UNLOCK, false);
	int err;

	for (i = 0; i < 8; i++) {
		err = parse_with(buf, len, i, buf[i] ^ 0x20);
		CHECK(err == IA_STMT_E_MAGIC, "magic byte %zu: %s", i, ia_stmt_strerror(err));
	}
	CHECK(parse_exact(&st, (const u8 *)"IAKEYST2", 8) == IA_STMT_E_MAGIC, "IAKEYST2");
	CHECK(parse_exact(&st, (const u8 *)"IAX", 3) == IA_STMT_E_MAGIC,
	      "3 bytes that are not a statement: bad magic");
	CHECK(parse_exact(&st, (const u8 *)"\x30\x82", 2) == IA_STMT_E_MAGIC,
	      "a DER key passed as a statement: bad magic");
	CHECK(parse_exact(&st, (const u8 *)"IAKEY", 5) == IA_STMT_E_TRUNCATED,
	      "a cut magic: truncated");
	CHECK(parse_exact(&st, NULL, 0) == IA_STMT_E_TRUNCATED, "empty: truncated");
	free(buf);
}

/* Every cut of a valid statement fails, with the error its length explains. */
static void test_truncations(void)
{
	struct ia_stmt st;
	size_t len, cut, body_len;
	u8 *buf = make(&len, IA_STMT_ROTATE, 9, "any", key1024, sizeof(key1024),
		       big_b, 40, sig_max, sizeof(sig_max));
	int err, want;

	body_len = len - sizeof(sig_max);
	CHECK(!parse_exact(&st, buf, len), "the whole statement parses");
	for (cut = 0; cut < len; cut++) {
		err = parse_exact(&st, buf, cut);
		if (cut < body_len)
			want = IA_STMT_E_TRUNCATED;
		else if (cut - body_len < IMGAUTH_SIG_MIN)
			want = IA_STMT_E_SIGLEN;
		else
			want = IA_STMT_E_SIGDER;	/* a cut DER element */
		CHECK(err == want, "cut to %zu of %zu: got %s, want %s", cut, len,
		      ia_stmt_strerror(err), ia_stmt_strerror(want));
	}
	free(buf);
}

static void test_action_flags(void)
{
	static const u8 bad_actions[] = { 0, 5, 6, 0x80, 0xff };
	static const u8 bad_flags[] = { 0x02, 0x03, 0x80, 0xfe, 0xff };
	size_t len, i;
	u8 *buf = base(&len, IA_STMT_UNLOCK, false);
	u8 *sbuf, body[IA_STMT_BODY_MAX];
	int err;

	for (i = 0; i < sizeof(bad_actions); i++) {
		err = parse_with(buf, len, 8, bad_actions[i]);
		CHECK(err == IA_STMT_E_ACTION, "action %u: %s", bad_actions[i],
		      ia_stmt_strerror(err));
	}
	for (i = 0; i < sizeof(bad_flags); i++) {
		err = parse_with(buf, len, 9, bad_flags[i]);
		CHECK(err == IA_STMT_E_FLAGS, "flags %02x: %s", bad_flags[i],
		      ia_stmt_strerror(err));
	}
	CHECK(parse_with(buf, len, 10, 0x01) == IA_STMT_E_FLAGS, "reserved high byte");
	CHECK(parse_with(buf, len, 11, 0x80) == IA_STMT_E_FLAGS, "reserved low byte");
	/* a flag that is known but not backed by a signer: lengths */
	CHECK(parse_with(buf, len, 9, IA_STMT_F_SIGNER) == IA_STMT_E_LENGTHS,
	      "F_SIGNER with signer_len 0");
	/* the first failing check is the one reported: action before flags */
	buf[9] = 0x80;
	CHECK(parse_with(buf, len, 8, 0) == IA_STMT_E_ACTION, "action reported first");
	free(buf);

	/* a known flag with its signer parses; without the flag it is extra bytes */
	sbuf = base(&len, IA_STMT_UNLOCK, true);
	CHECK(parse_with(sbuf, len, 9, IA_STMT_F_SIGNER) == IA_STMT_OK, "F_SIGNER with signer");
	CHECK(parse_with(sbuf, len, 9, 0) == IA_STMT_E_LENGTHS, "signer_len without F_SIGNER");
	free(sbuf);

	CHECK(ia_stmt_encode_body(body, sizeof(body), 0, 1, "any", hash_a, NULL, 0,
				  NULL, 0) == IA_STMT_E_ACTION, "encode action 0");
	CHECK(ia_stmt_encode_body(body, sizeof(body), 5, 1, "any", hash_a, NULL, 0,
				  NULL, 0) == IA_STMT_E_ACTION, "encode action 5");
	CHECK(ia_stmt_encode_body(body, sizeof(body), -1, 1, "any", hash_a, NULL, 0,
				  NULL, 0) == IA_STMT_E_ACTION, "encode action -1");
	CHECK(ia_stmt_encode_body(body, sizeof(body), 256 + IA_STMT_UNLOCK, 1, "any",
				  hash_a, NULL, 0, NULL, 0) == IA_STMT_E_ACTION,
	      "encode action 259 (not truncated to a u8)");
}

static void test_serial(void)
{
	u8 f[32], body[IA_STMT_BODY_MAX];
	char s[40];
	int err, c;

	memset(f, 0, sizeof(f));
	memcpy(f, "any", 3);
	CHECK(parse_serial(f) == IA_STMT_OK, "\"any\"");
	memset(f, 0, sizeof(f));
	f[0] = 'x';
	CHECK(parse_serial(f) == IA_STMT_OK, "one character");
	memset(f, 'A', 31);
	CHECK(parse_serial(f) == IA_STMT_OK, "31 characters");
	memset(f, 0, sizeof(f));
	memcpy(f, "S N~!", 5);
	CHECK(parse_serial(f) == IA_STMT_OK, "space and punctuation are printable");

	memset(f, 0, sizeof(f));
	CHECK(parse_serial(f) == IA_STMT_E_SERIAL, "empty serial");
	memset(f, 'A', 32);
	CHECK(parse_serial(f) == IA_STMT_E_SERIAL, "32 characters, no NUL");
	memset(f, 0, sizeof(f));
	memcpy(f, "ab\0c", 4);
	CHECK(parse_serial(f) == IA_STMT_E_SERIAL, "NUL inside");
	memset(f, 0, sizeof(f));
	memcpy(f, "any", 3);
	f[31] = 'x';
	CHECK(parse_serial(f) == IA_STMT_E_SERIAL, "byte after the padding");
	/* every byte that is not printable ASCII (NUL ends the serial) */
	for (c = 1; c < 256; c++) {
		if (c >= 0x20 && c <= 0x7e)
			continue;
		memset(f, 0, sizeof(f));
		memcpy(f, "SN", 2);
		f[1] = (u8)c;
		err = parse_serial(f);
		CHECK(err == IA_STMT_E_SERIAL, "serial byte %02x: %s", c, ia_stmt_strerror(err));
	}

	/* the encoder applies the same rule */
	memset(s, 'A', sizeof(s));
	s[31] = '\0';
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, s, hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_HDR_LEN, "encode 31 characters");
	s[31] = 'A';
	s[32] = '\0';
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, s, hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_E_SERIAL, "encode 32 characters");
	s[32] = 'A';
	s[39] = '\0';	/* the encoder stops looking after 32 */
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, s, hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_E_SERIAL, "encode 39 characters");
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, "", hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_E_SERIAL, "encode empty");
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, NULL, hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_E_SERIAL, "encode NULL");
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, "a\tb", hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_E_SERIAL, "encode a tab");
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, "caf\xc3\xa9",
				  hash_a, NULL, 0, NULL, 0) == IA_STMT_E_SERIAL,
	      "encode UTF-8");
}

/* A statement with these lengths (zero keys) and a minimal signature. */
static int parse_lens(int action, u8 flags, u32 newkey_len, u32 signer_len)
{
	struct ia_stmt st;
	size_t len = IA_STMT_HDR_LEN + newkey_len + signer_len + sizeof(sig_min);
	u8 *buf = calloc(1, len);
	int err;

	memcpy(buf, IA_STMT_MAGIC, 8);
	buf[8] = (u8)action;
	buf[9] = flags;
	memcpy(buf + 16, "any", 3);
	ia_put_be16(buf + 80, (u16)newkey_len);
	ia_put_be16(buf + 82, (u16)signer_len);
	memcpy(buf + len - sizeof(sig_min), sig_min, sizeof(sig_min));
	err = ia_stmt_parse(&st, buf, len);
	free(buf);
	return err;
}

static void test_lengths(void)
{
	u8 body[IA_STMT_BODY_MAX];
	int a;

	CHECK(parse_lens(IA_STMT_ROTATE, 0, 1, 0) == IA_STMT_OK, "rotate, 1-byte key");
	CHECK(parse_lens(IA_STMT_ROTATE, 0, 0, 0) == IA_STMT_E_LENGTHS, "rotate without a key");
	CHECK(parse_lens(IA_STMT_ROTATE, 0, IMGAUTH_KEY_MAX + 1, 0) == IA_STMT_E_LENGTHS,
	      "rotate, 1537-byte key");
	CHECK(parse_lens(IA_STMT_ROTATE, 0, 0xffff, 0) == IA_STMT_E_LENGTHS,
	      "rotate, 65535-byte key");
	CHECK(parse_lens(IA_STMT_ROTATE, 1, 1, IMGAUTH_KEY_MAX) == IA_STMT_OK,
	      "rotate, longest signer");
	CHECK(parse_lens(IA_STMT_ROTATE, 1, 1, IMGAUTH_KEY_MAX + 1) == IA_STMT_E_LENGTHS,
	      "rotate, 1537-byte signer");
	CHECK(parse_lens(IA_STMT_ROTATE, 1, 1, 0) == IA_STMT_E_LENGTHS,
	      "F_SIGNER, no signer");
	CHECK(parse_lens(IA_STMT_ROTATE, 0, 1, 1) == IA_STMT_E_LENGTHS,
	      "signer without F_SIGNER");
	for (a = IA_STMT_DELETE; a <= IA_STMT_UNPROVISION; a++) {
		CHECK(parse_lens(a, 0, 0, 0) == IA_STMT_OK, "%s, bare",
		      ia_stmt_action_name(a));
		CHECK(parse_lens(a, 0, 1, 0) == IA_STMT_E_LENGTHS, "%s with a new key",
		      ia_stmt_action_name(a));
		CHECK(parse_lens(a, 1, 0, 1) == IA_STMT_OK, "%s with a signer",
		      ia_stmt_action_name(a));
		CHECK(ia_stmt_encode_body(body, sizeof(body), a, 1, "any", hash_a,
					  key1024, sizeof(key1024), NULL, 0) ==
		      IA_STMT_E_LENGTHS, "encode %s with a new key", ia_stmt_action_name(a));
	}
	/* lengths that promise more than the buffer holds: truncated */
	{
		struct ia_stmt st;
		size_t len;
		u8 *buf = base(&len, IA_STMT_UNLOCK, true);	/* signer 100 */

		CHECK(parse_with(buf, len, 83, 101) == IA_STMT_E_SIGLEN,
		      "signer one longer: 7 bytes left for the signature");
		CHECK(parse_with(buf, len, 83, 100 + 8 + 1) == IA_STMT_E_TRUNCATED,
		      "signer longer than what follows");
		CHECK(parse_with(buf, len, 83, 99) == IA_STMT_E_SIGDER,
		      "signer one shorter: a 9-byte signature that is not DER");
		CHECK(!parse_exact(&st, buf, len), "sanity");
		free(buf);
	}
	/* NULL key with a length */
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_ROTATE, 1, "any", hash_a,
				  NULL, 10, NULL, 0) == IA_STMT_E_LENGTHS, "encode NULL newkey");
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_UNLOCK, 1, "any", hash_a,
				  NULL, 0, NULL, 10) == IA_STMT_E_LENGTHS, "encode NULL signer");
	CHECK(ia_stmt_encode_body(body, sizeof(body), IA_STMT_ROTATE, 1, "any", hash_a,
				  NULL, 0, NULL, 0) == IA_STMT_E_LENGTHS, "encode rotate without key");
}

static void test_signature(void)
{
	static const struct {
		const char *der;
		size_t len;
		int err;
		const char *why;
	} cases[] = {
		{ "", 0, IA_STMT_E_SIGLEN, "no signature" },
		{ "\x30\x05\x02\x01\x01\x02\x00", 7, IA_STMT_E_SIGLEN, "7 bytes" },
		{ "\x30\x06\x02\x01\x01\x02\x01\x01", 8, IA_STMT_OK, "8 bytes" },
		{ "\x30\x06\x02\x01\x81\x02\x01\x01", 8, IA_STMT_E_SIGDER, "negative r" },
		{ "\x30\x06\x02\x01\x01\x02\x01\xff", 8, IA_STMT_E_SIGDER, "negative s" },
		{ "\x31\x06\x02\x01\x01\x02\x01\x01", 8, IA_STMT_E_SIGDER, "SET" },
		{ "\x30\x81\x06\x02\x01\x01\x02\x01\x01", 9, IA_STMT_E_SIGDER,
		  "long-form length (BER)" },
		{ "\x30\x07\x02\x02\x00\x01\x02\x01\x01", 9, IA_STMT_E_SIGDER, "padded r" },
		{ "\x30\x06\x02\x01\x01\x02\x01\x01\x00", 9, IA_STMT_E_SIGDER,
		  "a byte after the signature" },
		{ "\x30\x80\x02\x01\x01\x02\x01\x01\x00\x00", 10, IA_STMT_E_SIGDER,
		  "indefinite length" },
		{ "\x00\x00\x00\x00\x00\x00\x00\x00", 8, IA_STMT_E_SIGDER, "zeros" },
	};
	struct ia_stmt st;
	size_t i, len;
	u8 *buf, tail[IMGAUTH_SIG_MAX + 1];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int err;

		buf = make(&len, IA_STMT_DELETE, 3, "any", NULL, 0, NULL, 0,
			   (const u8 *)cases[i].der, cases[i].len);
		err = parse_exact(&st, buf, len);
		CHECK(err == cases[i].err, "%s: got %s, want %s", cases[i].why,
		      ia_stmt_strerror(err), ia_stmt_strerror(cases[i].err));
		free(buf);
	}
	/* 72 bytes parse, 73 are out of range before any DER is looked at */
	buf = make(&len, IA_STMT_DELETE, 3, "any", NULL, 0, NULL, 0, sig_max, sizeof(sig_max));
	CHECK(!parse_exact(&st, buf, len) && st.sig_len == 72, "72-byte signature");
	free(buf);
	memcpy(tail, sig_max, sizeof(sig_max));
	tail[IMGAUTH_SIG_MAX] = 0;
	buf = make(&len, IA_STMT_DELETE, 3, "any", NULL, 0, NULL, 0, tail, sizeof(tail));
	CHECK(parse_exact(&st, buf, len) == IA_STMT_E_SIGLEN, "73-byte signature");
	free(buf);
}

static void test_for_device(void)
{
	struct ia_stmt st;
	size_t len;
	u8 *buf = make(&len, IA_STMT_UNLOCK, 1, "any", NULL, 0, NULL, 0, sig_min,
		       sizeof(sig_min));

	CHECK(!ia_stmt_parse(&st, buf, len), "parse any");
	CHECK(ia_stmt_for_device(&st, "0000000000000000"), "any: default serial");
	CHECK(ia_stmt_for_device(&st, "SN-0042"), "any: another serial");
	CHECK(ia_stmt_for_device(&st, NULL), "any: a device without a serial");
	free(buf);

	buf = make(&len, IA_STMT_UNLOCK, 1, "SN-0042", NULL, 0, NULL, 0, sig_min,
		   sizeof(sig_min));
	CHECK(!ia_stmt_parse(&st, buf, len), "parse SN-0042");
	CHECK(ia_stmt_for_device(&st, "SN-0042"), "equal serial");
	CHECK(!ia_stmt_for_device(&st, "SN-00421"), "longer device serial");
	CHECK(!ia_stmt_for_device(&st, "SN-004"), "shorter device serial");
	CHECK(!ia_stmt_for_device(&st, "sn-0042"), "case differs");
	CHECK(!ia_stmt_for_device(&st, ""), "empty device serial");
	CHECK(!ia_stmt_for_device(&st, "any"), "a device named \"any\" is not every device");
	CHECK(!ia_stmt_for_device(&st, NULL), "no device serial");
	free(buf);

	buf = make(&len, IA_STMT_UNLOCK, 1, "ANY", NULL, 0, NULL, 0, sig_min,
		   sizeof(sig_min));
	CHECK(!ia_stmt_parse(&st, buf, len) && !ia_stmt_for_device(&st, "SN-0042"),
	      "\"ANY\" is a serial, not the wildcard");
	free(buf);
}

static void test_names(void)
{
	const char *seen[16];
	int e, a, n = 0, i;

	for (e = IA_STMT_E_NOSPACE; e <= IA_STMT_OK; e++) {
		const char *s = ia_stmt_strerror(e);

		CHECK(strcmp(s, "statement: unknown error"), "no message for %d", e);
		CHECK(e == IA_STMT_OK || !strncmp(s, "statement: ", 11), "prefix of %d", e);
		for (i = 0; i < n; i++)
			CHECK(strcmp(seen[i], s), "%d shares its message", e);
		seen[n++] = s;
	}
	CHECK(!strcmp(ia_stmt_strerror(-100), "statement: unknown error"), "unknown -100");
	CHECK(!strcmp(ia_stmt_strerror(1), "statement: unknown error"), "unknown 1");
	CHECK(!strcmp(ia_stmt_strerror(IA_STMT_E_MAGIC), "statement: bad magic"), "bad magic");

	CHECK(!strcmp(ia_stmt_action_name(IA_STMT_ROTATE), "rotate"), "rotate");
	CHECK(!strcmp(ia_stmt_action_name(IA_STMT_DELETE), "delete"), "delete");
	CHECK(!strcmp(ia_stmt_action_name(IA_STMT_UNLOCK), "unlock"), "unlock");
	CHECK(!strcmp(ia_stmt_action_name(IA_STMT_UNPROVISION), "unprovision"), "unprovision");
	for (a = -1; a < 300; a += 1) {
		if (a >= IA_STMT_ROTATE && a <= IA_STMT_UNPROVISION)
			continue;
		CHECK(!strcmp(ia_stmt_action_name(a), "unknown"), "action %d", a);
	}
}

/*
 * A statement as imgauthctl will make it: a fresh DSA key signs the body,
 * the signer's DER and hash go in, and OpenSSL verifies the signature
 * over exactly st.body; a flipped body byte no longer verifies.
 */
static void test_real_signature(void)
{
	EVP_PKEY_CTX *pctx = NULL, *kctx = NULL;
	EVP_PKEY *params = NULL, *key = NULL;
	EVP_MD_CTX *mctx = NULL;
	u8 *spki = NULL, *p, body[IA_STMT_BODY_MAX + IMGAUTH_SIG_MAX], hash[32];
	u8 sig[IMGAUTH_SIG_MAX + 16];
	size_t sig_len = sizeof(sig);
	struct ia_stmt st;
	char err[256];
	int spki_len, n;

	pctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
	if (!pctx || EVP_PKEY_paramgen_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, 1024) != 1 ||
	    EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pctx, 160) != 1 ||
	    EVP_PKEY_paramgen(pctx, &params) != 1) {
		CHECK(0, "DSA parameter generation");
		goto out;
	}
	kctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
	if (!kctx || EVP_PKEY_keygen_init(kctx) != 1 || EVP_PKEY_keygen(kctx, &key) != 1) {
		CHECK(0, "DSA key generation");
		goto out;
	}
	spki_len = i2d_PUBKEY(key, NULL);
	if (spki_len <= 0 || spki_len > IMGAUTH_KEY_MAX) {
		CHECK(0, "i2d_PUBKEY length %d", spki_len);
		goto out;
	}
	spki = malloc((size_t)spki_len);
	p = spki;
	if (!spki || i2d_PUBKEY(key, &p) != spki_len) {
		CHECK(0, "i2d_PUBKEY");
		goto out;
	}
	sha256(spki, (size_t)spki_len, hash);
	n = ia_stmt_encode_body(body, sizeof(body), IA_STMT_ROTATE, 2, "SN-0042", hash,
				key1024, sizeof(key1024), spki, (u32)spki_len);
	CHECK(n > 0, "encode: %s", ia_stmt_strerror(n));
	if (n <= 0)
		goto out;
	mctx = EVP_MD_CTX_new();
	if (!mctx || EVP_DigestSignInit_ex(mctx, NULL, "sha1", NULL, NULL, key, NULL) != 1 ||
	    EVP_DigestSign(mctx, sig, &sig_len, body, (size_t)n) != 1) {
		CHECK(0, "DSA sign");
		goto out;
	}
	memcpy(body + n, sig, sig_len);
	CHECK(!ia_stmt_parse(&st, body, (size_t)n + sig_len), "parse a signed statement");
	CHECK(st.body_len == (u32)n && st.sig_len == sig_len, "body and signature split");
	CHECK(st.signer_len == (u32)spki_len && !memcmp(st.signer, spki, st.signer_len),
	      "signer DER");
	sha256(st.signer, st.signer_len, hash);
	CHECK(!memcmp(hash, st.signer_hash, 32), "signer hash is SHA-256 of the signer DER");
	CHECK(ossl_verify(st.signer, st.signer_len, st.body, st.body_len, st.sig,
			  st.sig_len, err, sizeof(err)) == 1, "signature over st.body: %s", err);
	body[20] ^= 1;	/* a serial byte: "SN-0142" still parses */
	CHECK(!ia_stmt_parse(&st, body, (size_t)n + sig_len), "parse the edited statement");
	CHECK(ossl_verify(st.signer, st.signer_len, st.body, st.body_len, st.sig,
			  st.sig_len, err, sizeof(err)) == 0, "an edited body fails");
out:
	free(spki);
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(key);
	EVP_PKEY_free(params);
	EVP_PKEY_CTX_free(kctx);
	EVP_PKEY_CTX_free(pctx);
}

int main(void)
{
	setup();
	test_layout();
	test_roundtrip();
	test_boundaries();
	test_magic();
	test_truncations();
	test_action_flags();
	test_serial();
	test_lengths();
	test_signature();
	test_for_device();
	test_names();
	test_real_signature();
	return check_done("test_stmt");
}
