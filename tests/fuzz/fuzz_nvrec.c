// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the NVRAM records the kernel decodes from flash at
 * every load (lib/ia_nvrec.c, lib/ia_bootrec.c, lib/ia_keyslot.c): what
 * a damaged or hostile flash can hold.  Besides memory safety it checks
 * the promises:
 *  - a copy is valid exactly when its magic and CRC match; sealing makes
 *    any bytes valid; which copy is current is the valid one with the
 *    newer sequence number (modulo 2^32), A on a tie;
 *  - a decoded boot record is safe whatever the bytes: active is image0,
 *    image1 or none and then holds something, states are known, only a
 *    committed image slot is on trial, an empty region has no length, no
 *    length exceeds its region (and exactly those beyond it are reported
 *    dropped), boot_file is terminated; decoding what it encodes gives
 *    the same record again;
 *  - a decoded key slot is ERASED exactly for all-0xff bytes, OK only with
 *    magic1, a CRC that matches, len <= IMGAUTH_KEY_MAX and a key that
 *    parses (or none), with der zero past len; encoding then decoding a
 *    slot gives the same fields;
 *  - the key policy's two copies (lib/ia_policy.c) classify as current
 *    exactly when one is valid (that one, as ia_nvrec_pick() says), as
 *    never written exactly when both are erased, as a first write cut
 *    short only with B erased and A's CRC word erased, else as damaged;
 *    a commit may go nowhere only when both copies read as zeros, and a
 *    damaged policy never rewrites a copy holding a CRC beside one that
 *    is erased or torn; the fields survive encode, seal and decode.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ia_bootrec.h"
#include "ia_crc32.h"
#include "ia_der.h"
#include "ia_keyslot.h"
#include "ia_nvrec.h"
#include "ia_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

/* The input as @n bytes, padded as if the rest were still erased. */
static void take(u8 *out, size_t n, const uint8_t *data, size_t size)
{
	memset(out, 0xff, n);
	memcpy(out, data, size < n ? size : n);
}

static void fuzz_framing(const u8 *a, const u8 *b)
{
	u8 c[IA_REC_SIZE];
	bool va = ia_nvrec_valid(a, IA_REC_SIZE, IA_REC_MAGIC);
	bool vb = ia_nvrec_valid(b, IA_REC_SIZE, IA_REC_MAGIC);
	u32 sa = ia_get_be32(a + 4), sb = ia_get_be32(b + 4);
	int cur = ia_nvrec_pick(va, sa, vb, sb);

	ASSERT(va == (ia_get_be32(a) == IA_REC_MAGIC &&
		      ia_get_be32(a + IA_REC_SIZE - 4) == ia_crc32(0, a, IA_REC_SIZE - 4)));
	if (!va && !vb)
		ASSERT(cur == -1);
	else if (va && vb)
		ASSERT(cur == ((u32)(sb - sa) - 1 < 0x7fffffffu ? 1 : 0));
	else
		ASSERT(cur == (va ? 0 : 1));
	memcpy(c, a, sizeof(c));
	ia_nvrec_seal(c, sizeof(c), IA_REC_MAGIC, sb + 1);
	ASSERT(ia_nvrec_valid(c, sizeof(c), IA_REC_MAGIC));
	ASSERT(!memcmp(c + 8, a + 8, IA_REC_SIZE - 12));
	/* The copy written next (seq + 1) wins over the current one. */
	ASSERT(ia_nvrec_pick(vb, sb, true, sb + 1) == 1);
	ASSERT(ia_nvrec_pick(true, sb + 1, vb, sb) == 0);
}

static bool same_region(const struct ia_rec_region *x, const struct ia_rec_region *y)
{
	return x->len == y->len && x->state == y->state && x->tries == y->tries &&
	       x->flags == y->flags && x->cksum == y->cksum &&
	       x->sw_version == y->sw_version && x->date == y->date;
}

static void fuzz_bootrec(const u8 *b, const u8 *sz)
{
	u64 size[IMGAUTH_NTARGETS];
	u32 len[IMGAUTH_NTARGETS], len2[IMGAUTH_NTARGETS], dropped;
	struct ia_rec r, r2;
	u8 enc[IA_REC_SIZE];
	int i;

	/* Region sizes from the input too: small ones make drops likely. */
	for (i = 0; i < IMGAUTH_NTARGETS; i++)
		size[i] = ia_get_be32(sz + 4 * i) >> (sz[12] % 32);
	memset(&r, 0x5a, sizeof(r));
	dropped = ia_rec_decode(&r, b, size, len);
	ASSERT(!(dropped >> IMGAUTH_NTARGETS));
	ASSERT(r.active == IMGAUTH_TARGET_IMAGE0 || r.active == IMGAUTH_TARGET_IMAGE1 ||
	       r.active == IMGAUTH_TARGET_NONE);
	if (r.active != IMGAUTH_TARGET_NONE)
		ASSERT(r.region[r.active].state != IMGAUTH_REGION_EMPTY);
	ASSERT(memchr(r.boot_file, 0, sizeof(r.boot_file)));
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const struct ia_rec_region *g = &r.region[i];
		u32 raw = ia_get_be32(b + 12 + 20 * i);

		ASSERT(g->state <= IMGAUTH_REGION_VALID);
		ASSERT(g->len <= size[i]);
		ASSERT(g->state != IMGAUTH_REGION_EMPTY || !g->len);
		ASSERT(!(g->flags & ~IA_REGION_TRIAL));
		if (g->flags || g->tries)
			ASSERT(i != IMGAUTH_TARGET_LOADER && g->state == IMGAUTH_REGION_VALID);
		ASSERT(!!(dropped & (1u << i)) == (raw > size[i]));
		if (dropped & (1u << i))
			ASSERT(len[i] == raw && g->state == IMGAUTH_REGION_EMPTY);
	}
	/* Once safe, the record survives its own encoding unchanged. */
	ia_rec_encode(enc, &r);
	ia_nvrec_seal(enc, sizeof(enc), IA_REC_MAGIC, r.seq);
	ASSERT(ia_nvrec_valid(enc, sizeof(enc), IA_REC_MAGIC));
	ASSERT(ia_rec_decode(&r2, enc, size, len2) == 0);
	ASSERT(r2.seq == r.seq && r2.active == r.active &&
	       !strcmp(r2.boot_file, r.boot_file) &&
	       !memcmp(r2.self_ip, r.self_ip, 4) && !memcmp(r2.tftp_ip, r.tftp_ip, 4) &&
	       !memcmp(r2.netmask, r.netmask, 4) && !memcmp(r2.gateway, r.gateway, 4));
	for (i = 0; i < IMGAUTH_NTARGETS; i++)
		ASSERT(same_region(&r2.region[i], &r.region[i]));
}

static void fuzz_keyslot(const u8 *buf)
{
	struct ia_slot s, s2;
	u8 enc[IA_SLOT_SIZE];
	struct ia_dsa_pub pub;
	size_t i;
	bool erased = true;

	ia_slot_decode(&s, buf);
	for (i = 0; i < IA_SLOT_SIZE; i++)
		erased = erased && buf[i] == 0xff;
	ASSERT((s.state == IMGAUTH_SLOT_ERASED) == erased);
	ASSERT(s.state == IMGAUTH_SLOT_OK || s.state == IMGAUTH_SLOT_BAD ||
	       s.state == IMGAUTH_SLOT_ERASED);
	ASSERT(s.magic1 == ia_get_be32(buf) && s.len == ia_get_be32(buf + 12));
	if (s.state != IMGAUTH_SLOT_OK) {
		/* Only a key that fails to parse got as far as being copied. */
		bool framed = s.magic1 == IMGAUTH_KEY_MAGIC1 && s.len <= IMGAUTH_KEY_MAX &&
			ia_get_be32(buf + IA_SLOT_SIZE - 4) ==
			ia_crc32(0, buf, IA_SLOT_SIZE - 4);

		ASSERT(!framed || erased ||
		       ia_dsa_pub_parse(&pub, buf + IA_SLOT_HDR, s.len) != IA_DER_OK);
		for (i = framed ? s.len : 0; i < sizeof(s.der); i++)
			ASSERT(!s.der[i]);
		return;
	}
	ASSERT(s.magic1 == IMGAUTH_KEY_MAGIC1 && s.len <= IMGAUTH_KEY_MAX);
	ASSERT(ia_get_be32(buf + IA_SLOT_SIZE - 4) == ia_crc32(0, buf, IA_SLOT_SIZE - 4));
	ASSERT(!s.len || ia_dsa_pub_parse(&pub, s.der, s.len) == IA_DER_OK);
	ASSERT(!memcmp(s.der, buf + IA_SLOT_HDR, s.len));
	for (i = s.len; i < sizeof(s.der); i++)
		ASSERT(!s.der[i]);
	/* What it holds, written again, reads back the same. */
	ia_slot_encode(enc, s.magic2, s.gen, s.der, s.len);
	ia_slot_decode(&s2, enc);
	ASSERT(s2.state == IMGAUTH_SLOT_OK && s2.magic2 == s.magic2 &&
	       s2.gen == s.gen && s2.len == s.len && !memcmp(s2.der, s.der, s.len));
}

/* The input's bytes as a slot with the header and CRC made right. */
static void fuzz_keyslot_fixed(const uint8_t *data, size_t size)
{
	u8 buf[IA_SLOT_SIZE];
	u32 len = size > 2 ? (u32)(data[0] << 8 | data[1]) % (IMGAUTH_KEY_MAX + 2) : 0;

	memset(buf, 0, sizeof(buf));
	if (size > 2)
		memcpy(buf + IA_SLOT_HDR, data + 2,
		       size - 2 < IMGAUTH_KEY_MAX ? size - 2 : IMGAUTH_KEY_MAX);
	ia_put_be32(buf, IMGAUTH_KEY_MAGIC1);
	ia_put_be32(buf + 12, len);
	ia_put_be32(buf + IA_SLOT_SIZE - 4, ia_crc32(0, buf, IA_SLOT_SIZE - 4));
	fuzz_keyslot(buf);
}

static bool all_bytes(const u8 *p, size_t n, u8 v)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

/* Erased or torn (CRC word erased): cannot hold a completed record. */
static bool incomplete(const u8 *c)
{
	return all_bytes(c + IA_POL_SIZE - 4, 4, 0xff);
}

static void fuzz_policy(const u8 *buf)
{
	const u8 *a = buf, *b = buf + IA_POL_SIZE;
	bool va = ia_nvrec_valid(a, IA_POL_SIZE, IA_POL_MAGIC);
	bool vb = ia_nvrec_valid(b, IA_POL_SIZE, IA_POL_MAGIC);
	int pick = ia_nvrec_pick(va, ia_get_be32(a + 4), vb, ia_get_be32(b + 4));
	struct ia_pol_fields f, g;
	struct ia_pol_load how;
	u8 enc[IA_POL_SIZE];

	ia_pol_classify(&how, buf);
	ASSERT(how.copy_state[0] && how.copy_state[1]);
	ASSERT(how.rewrite >= -1 && how.rewrite <= 1);
	switch (how.verdict) {
	case IA_POL_CURRENT:
		ASSERT(pick >= 0 && how.copy == pick);
		ASSERT(how.rewrite == ia_nvrec_next_copy(pick, false));
		break;
	case IA_POL_NEVER_WRITTEN:
		ASSERT(pick < 0 && all_bytes(buf, 2 * IA_POL_SIZE, 0xff));
		break;
	case IA_POL_FIRST_TORN:
		ASSERT(pick < 0 && all_bytes(b, IA_POL_SIZE, 0xff) &&
		       incomplete(a) && !all_bytes(a, IA_POL_SIZE, 0xff));
		break;
	case IA_POL_DAMAGED:
		ASSERT(pick < 0 && how.copy == -1);
		ASSERT(!all_bytes(buf, 2 * IA_POL_SIZE, 0xff));
		if (how.rewrite < 0)
			ASSERT(all_bytes(buf, 2 * IA_POL_SIZE, 0));
		/* Never the copy with a CRC while the other has none. */
		if (how.rewrite >= 0 && !incomplete(buf + how.rewrite * IA_POL_SIZE))
			ASSERT(!incomplete(buf + (1 - how.rewrite) * IA_POL_SIZE));
		break;
	default:
		ASSERT(0);
	}
	if (how.verdict != IA_POL_CURRENT)
		ASSERT(how.copy == -1);
	/* A copy's fields, written again, read back the same. */
	ia_pol_decode(&f, a);
	ia_pol_encode(enc, &f);
	ia_nvrec_seal(enc, sizeof(enc), IA_POL_MAGIC, f.seq);
	ASSERT(ia_nvrec_valid(enc, sizeof(enc), IA_POL_MAGIC));
	ia_pol_decode(&g, enc);
	ASSERT(g.seq == f.seq && g.flags == f.flags && !(g.flags & ~IA_POL_FLAGS) &&
	       g.floor == f.floor && g.counter == f.counter &&
	       !memcmp(g.key_hash, f.key_hash, sizeof(g.key_hash)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 pol[2 * IA_POL_SIZE];

	u8 a[IA_REC_SIZE], b[IA_REC_SIZE], slot[IA_SLOT_SIZE], sz[13];

	take(a, sizeof(a), data, size);
	take(b, sizeof(b), size > IA_REC_SIZE ? data + IA_REC_SIZE : data,
	     size > IA_REC_SIZE ? size - IA_REC_SIZE : 0);
	take(sz, sizeof(sz), size > 2 * IA_REC_SIZE ? data + 2 * IA_REC_SIZE : data,
	     size > 2 * IA_REC_SIZE ? size - 2 * IA_REC_SIZE : size);
	fuzz_framing(a, b);
	fuzz_bootrec(a, sz);
	/* The same bytes sealed: the decoder then sees what a valid copy holds. */
	ia_nvrec_seal(a, sizeof(a), IA_REC_MAGIC, ia_get_be32(a + 4));
	fuzz_bootrec(a, sz);
	take(slot, sizeof(slot), data, size);
	fuzz_keyslot(slot);
	fuzz_keyslot_fixed(data, size);
	take(pol, sizeof(pol), data, size);
	fuzz_policy(pol);
	/* Each copy sealed in turn: the valid-copy cases the bytes rarely hit. */
	ia_nvrec_seal(pol, IA_POL_SIZE, IA_POL_MAGIC, ia_get_be32(pol + 4));
	fuzz_policy(pol);
	ia_nvrec_seal(pol + IA_POL_SIZE, IA_POL_SIZE, IA_POL_MAGIC,
		      ia_get_be32(pol + IA_POL_SIZE + 4));
	fuzz_policy(pol);
	return 0;
}
