// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Install journal records and their hash chain.
 *
 * The CRC tells a torn record (power cut during an append) from a whole
 * one; the chain tells a whole record that was edited, removed or moved.
 * The chain hashes the raw bytes, and decoding accepts only what encoding
 * writes, so a record has one byte form and the check cannot be dodged by
 * re-encoding.  The hash comes from the caller: crypto_shash in the
 * kernel, OpenSSL in imgauthctl.
 */
#include "ia_journal.h"
#include "ia_crc32.h"

#define OFF_SEQ		4
#define OFF_TIME	8
#define OFF_EVENT	16
#define OFF_TARGET	18
#define OFF_STATUS	19
#define OFF_CKSUM	20
#define OFF_SW_VERSION	24
#define OFF_VALUE	28
#define OFF_TEXT	32
#define OFF_PREV	92
#define OFF_CRC		124

static u64 get_be64(const u8 *p)
{
	return (u64)ia_get_be32(p) << 32 | ia_get_be32(p + 4);
}

static void put_be64(u8 *p, u64 v)
{
	ia_put_be32(p, (u32)(v >> 32));
	ia_put_be32(p + 4, (u32)v);
}

const char *ia_journal_event_name(int event)
{
	switch (event) {
	case IA_JEV_INSTALL:
		return "install";
	case IA_JEV_KEY_SET:
		return "key-set";
	case IA_JEV_KEY_DELETE:
		return "key-delete";
	case IA_JEV_KEY_LOCK:
		return "key-lock";
	case IA_JEV_KEY_UNLOCK:
		return "key-unlock";
	case IA_JEV_KEY_ROTATE:
		return "key-rotate";
	case IA_JEV_FLOOR:
		return "floor";
	case IA_JEV_FALLBACK:
		return "fallback";
	case IA_JEV_RECOVERY:
		return "recovery";
	case IA_JEV_PROVISION:
		return "provision";
	case IA_JEV_COMMIT:
		return "commit";
	case IA_JEV_MARK_GOOD:
		return "mark-good";
	case IA_JEV_BOOT:
		return "boot";
	}
	return "unknown";
}

void ia_jrec_encode(u8 out[IA_JREC_LEN], const struct ia_jrec *r)
{
	u32 i;

	memcpy(out, IA_JREC_MAGIC, 4);
	ia_put_be32(out + OFF_SEQ, r->seq);
	put_be64(out + OFF_TIME, r->time);
	ia_put_be16(out + OFF_EVENT, r->event);
	out[OFF_TARGET] = r->target;
	out[OFF_STATUS] = r->status;
	ia_put_be32(out + OFF_CKSUM, r->cksum);
	ia_put_be32(out + OFF_SW_VERSION, r->sw_version);
	ia_put_be32(out + OFF_VALUE, r->value);
	/* Up to the first NUL, at most 59 characters: byte 91 stays 0. */
	memset(out + OFF_TEXT, 0, IA_JREC_TEXT_LEN);
	for (i = 0; i < IA_JREC_TEXT_LEN - 1 && r->text[i]; i++)
		out[OFF_TEXT + i] = (u8)r->text[i];
	memcpy(out + OFF_PREV, r->prev, IA_JREC_HASH_LEN);
	ia_put_be32(out + OFF_CRC, ia_crc32(0, out, OFF_CRC));
}

/* NUL-terminated within the field and NUL-padded after it. */
static bool text_valid(const u8 *t)
{
	u32 i = 0;

	while (i < IA_JREC_TEXT_LEN && t[i])
		i++;
	if (i == IA_JREC_TEXT_LEN)
		return false;
	for (; i < IA_JREC_TEXT_LEN; i++)
		if (t[i])
			return false;
	return true;
}

int ia_jrec_decode(struct ia_jrec *r, const u8 in[IA_JREC_LEN])
{
	u32 i = 0;

	while (i < IA_JREC_LEN && in[i] == 0xff)
		i++;
	if (i == IA_JREC_LEN)
		return IA_JREC_ERASED;
	if (memcmp(in, IA_JREC_MAGIC, 4) ||
	    ia_get_be32(in + OFF_CRC) != ia_crc32(0, in, OFF_CRC) ||
	    !text_valid(in + OFF_TEXT))
		return IA_JREC_TORN;

	r->seq = ia_get_be32(in + OFF_SEQ);
	r->time = get_be64(in + OFF_TIME);
	r->event = ia_get_be16(in + OFF_EVENT);
	r->target = in[OFF_TARGET];
	r->status = in[OFF_STATUS];
	r->cksum = ia_get_be32(in + OFF_CKSUM);
	r->sw_version = ia_get_be32(in + OFF_SW_VERSION);
	r->value = ia_get_be32(in + OFF_VALUE);
	memcpy(r->text, in + OFF_TEXT, IA_JREC_TEXT_LEN);
	memcpy(r->prev, in + OFF_PREV, IA_JREC_HASH_LEN);
	return IA_JREC_OK;
}

static bool all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static int chain_break(struct ia_jverify *v, u32 i, const char *why)
{
	v->bad_index = (int)i;
	v->why = why;
	return 1;
}

int ia_journal_verify(const u8 *raw, u32 n, ia_sha256_fn sha256, void *ctx,
		      struct ia_jverify *v)
{
	struct ia_jrec r;
	u8 hash[IA_JREC_HASH_LEN];
	u32 i;
	int err;

	v->checked = 0;
	v->first_seq = 0;
	v->last_seq = 0;
	v->bad_index = -1;
	v->why = NULL;

	/* bad_index is an int; a ring that large is not a journal. */
	if (n > 0x7fffffff)
		return -1;
	for (i = 0; i < n; i++) {
		const u8 *rec = raw + (size_t)i * IA_JREC_LEN;

		switch (ia_jrec_decode(&r, rec)) {
		case IA_JREC_OK:
			break;
		case IA_JREC_ERASED:
			return chain_break(v, i, "record is erased");
		default:
			return chain_break(v, i, "record is torn (bad magic, CRC or text)");
		}
		if (i == 0) {
			v->first_seq = r.seq;
			/* Only seq 1 is known to have nothing before it. */
			if (r.seq == 1 && !all_zero(r.prev, sizeof(r.prev)))
				return chain_break(v, i, "first record (seq 1) has a prev hash");
		} else {
			if (r.seq != v->last_seq + 1)
				return chain_break(v, i, "seq does not follow the record before");
			err = sha256(rec - IA_JREC_LEN, IA_JREC_LEN, hash, ctx);
			if (err) {
				v->bad_index = (int)i;
				v->why = "hash failed";
				return err < 0 ? err : -1;
			}
			if (memcmp(hash, r.prev, sizeof(hash)))
				return chain_break(v, i, "prev is not the hash of the record before");
		}
		v->last_seq = r.seq;
		v->checked++;
	}
	return 0;
}
