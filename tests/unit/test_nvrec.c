// SPDX-License-Identifier: GPL-2.0
/*
 * The NVRAM records the kernel decodes at every load (lib/ia_nvrec.c,
 * lib/ia_bootrec.c, lib/ia_keyslot.c): the two-copy framing and which
 * copy wins (sequence numbers across the wrap), the boot record's byte
 * layout and every rule that makes a stored value safe, and the key
 * slot's states (erased, each way of being bad, a good key, no key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/imgauth.h>

#include "ia_bootrec.h"
#include "ia_crc32.h"
#include "ia_keyslot.h"
#include "ia_nvrec.h"

#include "check.h"
#include "key1024.h"

static void test_framing(void)
{
	u8 a[IA_REC_SIZE], b[IA_REC_SIZE];
	size_t i;

	CHECK(ia_nvrec_seq_newer(1, 0), "1 newer than 0");
	CHECK(!ia_nvrec_seq_newer(0, 1), "0 not newer than 1");
	CHECK(!ia_nvrec_seq_newer(5, 5), "equal is not newer");
	CHECK(ia_nvrec_seq_newer(0, 0xffffffff), "0 follows 0xffffffff");
	CHECK(ia_nvrec_seq_newer(0x7fffffff, 0), "2^31 - 1 ahead is newer");
	CHECK(!ia_nvrec_seq_newer(0x80000000, 0), "2^31 ahead is not");

	memset(a, 0x11, sizeof(a));
	ia_nvrec_seal(a, sizeof(a), IA_REC_MAGIC, 7);
	CHECK(ia_get_be32(a) == IA_REC_MAGIC && ia_get_be32(a + 4) == 7,
	      "seal writes magic and seq big-endian");
	CHECK(ia_get_be32(a + sizeof(a) - 4) == ia_crc32(0, a, sizeof(a) - 4),
	      "seal writes the CRC of what precedes it");
	CHECK(ia_nvrec_valid(a, sizeof(a), IA_REC_MAGIC), "sealed copy valid");
	CHECK(!ia_nvrec_valid(a, sizeof(a), IA_REC_MAGIC + 1), "other magic");
	for (i = 0; i < sizeof(a); i++) {
		memcpy(b, a, sizeof(a));
		b[i] ^= 0x40;
		CHECK(!ia_nvrec_valid(b, sizeof(b), IA_REC_MAGIC),
		      "byte %zu flipped still valid", i);
	}
	memset(b, 0xff, sizeof(b));
	CHECK(!ia_nvrec_valid(b, sizeof(b), IA_REC_MAGIC), "erased copy valid");
	CHECK(ia_nvrec_erased(b, sizeof(b)) && !ia_nvrec_erased(a, sizeof(a)),
	      "erased");
	CHECK(ia_nvrec_erased(b, 0), "nothing is erased");

	CHECK(ia_nvrec_pick(false, 0, false, 0) == -1, "none valid");
	CHECK(ia_nvrec_pick(true, 3, false, 9) == 0, "only A");
	CHECK(ia_nvrec_pick(false, 3, true, 1) == 1, "only B");
	CHECK(ia_nvrec_pick(true, 3, true, 4) == 1, "B newer");
	CHECK(ia_nvrec_pick(true, 4, true, 3) == 0, "A newer");
	CHECK(ia_nvrec_pick(true, 4, true, 4) == 0, "same seq: A");
	CHECK(ia_nvrec_pick(true, 0xffffffff, true, 0) == 1, "B newer across the wrap");
	CHECK(ia_nvrec_pick(true, 0, true, 0xffffffff) == 0, "A newer across the wrap");
}

static const u64 sizes[IMGAUTH_NTARGETS] = { 1 << 20, 24 << 20, 24 << 20 };

static struct ia_rec sample(void)
{
	struct ia_rec r;

	memset(&r, 0, sizeof(r));
	r.seq = 42;
	r.active = IMGAUTH_TARGET_IMAGE1;
	r.region[0] = (struct ia_rec_region){ 4096, IMGAUTH_REGION_VALID, 0, 0,
					      0x11111111, 0x01000400, 1700000000 };
	r.region[1] = (struct ia_rec_region){ 200078, IMGAUTH_REGION_STAGED, 0, 0,
					      0x22222222, 0x06030011, 1700000001 };
	r.region[2] = (struct ia_rec_region){ 300000, IMGAUTH_REGION_VALID, 2,
					      IA_REGION_TRIAL, 0x33333333,
					      0x06030013, 1700000002 };
	strcpy(r.boot_file, "ns5gt.6.3.0r17");
	memcpy(r.self_ip, "\x0a\x00\x00\x02", 4);
	memcpy(r.tftp_ip, "\x0a\x00\x00\x01", 4);
	memcpy(r.netmask, "\xff\xff\xff\x00", 4);
	memcpy(r.gateway, "\x0a\x00\x00\xfe", 4);
	r.copy = 1;
	return r;
}

static bool same_rec(const struct ia_rec *a, const struct ia_rec *b)
{
	int i;

	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const struct ia_rec_region *x = &a->region[i], *y = &b->region[i];

		if (x->len != y->len || x->state != y->state || x->tries != y->tries ||
		    x->flags != y->flags || x->cksum != y->cksum ||
		    x->sw_version != y->sw_version || x->date != y->date)
			return false;
	}
	return a->active == b->active && !strcmp(a->boot_file, b->boot_file) &&
	       !memcmp(a->self_ip, b->self_ip, 4) && !memcmp(a->tftp_ip, b->tftp_ip, 4) &&
	       !memcmp(a->netmask, b->netmask, 4) && !memcmp(a->gateway, b->gateway, 4);
}

static void test_bootrec(void)
{
	struct ia_rec r = sample(), d;
	u8 b[IA_REC_SIZE], b2[IA_REC_SIZE];
	u32 len[IMGAUTH_NTARGETS] = { 0 };
	u64 small[IMGAUTH_NTARGETS] = { 1 << 20, 200077, 300000 };

	ia_rec_encode(b, &r);
	CHECK(!ia_get_be32(b) && !ia_get_be32(b + 4) && !ia_get_be32(b + 152),
	      "magic, seq and CRC left to the framing");
	/* The documented offsets. */
	CHECK(b[8] == IMGAUTH_TARGET_IMAGE1 && !b[9] && !b[10] && !b[11], "active");
	CHECK(ia_get_be32(b + 12) == 4096 && b[16] == IMGAUTH_REGION_VALID,
	      "loader at 12");
	CHECK(ia_get_be32(b + 52) == 300000 && b[56] == 2 && b[57] == 2 &&
	      b[58] == IA_REGION_TRIAL && ia_get_be32(b + 60) == 0x33333333 &&
	      ia_get_be32(b + 64) == 0x06030013 && ia_get_be32(b + 68) == 1700000002,
	      "image1 at 52");
	CHECK(!strcmp((char *)b + 72, "ns5gt.6.3.0r17"), "boot file at 72");
	CHECK(!memcmp(b + 136, "\x0a\x00\x00\x02\x0a\x00\x00\x01\xff\xff\xff\x00\x0a\x00\x00\xfe", 16),
	      "addresses at 136");
	ia_nvrec_seal(b, sizeof(b), IA_REC_MAGIC, 42);
	memset(&d, 0x5a, sizeof(d));
	d.copy = 7;
	CHECK(ia_rec_decode(&d, b, sizes, len) == 0, "nothing dropped");
	CHECK(d.seq == 42 && same_rec(&d, &r), "round trip");
	CHECK(d.copy == 7, "copy not touched");
	ia_rec_encode(b2, &d);
	ia_nvrec_seal(b2, sizeof(b2), IA_REC_MAGIC, 42);
	CHECK(!memcmp(b, b2, sizeof(b)), "encode(decode(x)) == x");

	/* Lengths past a region: that region is empty, the active one none. */
	CHECK(ia_rec_decode(&d, b, small, len) == 1u << 1 && len[1] == 200078,
	      "image0 dropped for its length");
	CHECK(d.region[1].state == IMGAUTH_REGION_EMPTY && !d.region[1].len,
	      "dropped region empty");
	CHECK(d.active == IMGAUTH_TARGET_IMAGE1 && d.region[2].len == 300000,
	      "a length equal to the region is kept");
	small[2] = 299999;
	CHECK(ia_rec_decode(&d, b, small, len) == (1u << 1 | 1u << 2) &&
	      d.active == IMGAUTH_TARGET_NONE, "active slot dropped: none active");

	/* Stored values out of range. */
	memcpy(b2, b, sizeof(b));
	b2[8] = 0;		/* the loader cannot be active */
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(d.active == IMGAUTH_TARGET_NONE, "active loader");
	b2[8] = 7;
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(d.active == IMGAUTH_TARGET_NONE, "active 7");
	memcpy(b2, b, sizeof(b));
	b2[56] = 3;		/* image1's state */
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(d.region[2].state == IMGAUTH_REGION_EMPTY && !d.region[2].len &&
	      !d.region[2].tries && !d.region[2].flags &&
	      d.active == IMGAUTH_TARGET_NONE, "unknown state: empty, not active");
	memcpy(b2, b, sizeof(b));
	b2[17] = 3;		/* the loader on trial */
	b2[18] = 0xff;
	b2[58] = 0xfe;		/* unknown flags on image1 */
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(!d.region[0].tries && !d.region[0].flags, "the loader is never on trial");
	CHECK(d.region[2].flags == 0 && d.region[2].tries == 2, "unknown flags dropped");
	memcpy(b2, b, sizeof(b));
	b2[37] = 3;		/* a staged image0 on trial */
	b2[38] = IA_REGION_TRIAL;
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(!d.region[1].tries && !d.region[1].flags, "only committed slots on trial");
	memcpy(b2, b, sizeof(b));
	b2[36] = IMGAUTH_REGION_EMPTY;	/* empty image0 with a length */
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(!d.region[1].len, "an empty region has no length");
	memcpy(b2, b, sizeof(b));
	memset(b2 + 72, 'x', IMGAUTH_BOOT_FILE_MAX);
	ia_rec_decode(&d, b2, sizes, len);
	CHECK(strlen(d.boot_file) == IMGAUTH_BOOT_FILE_MAX - 1, "boot file terminated");
	memset(r.boot_file, 'y', sizeof(r.boot_file));
	ia_rec_encode(b2, &r);
	CHECK(b2[72 + IMGAUTH_BOOT_FILE_MAX - 1] == 0, "encoded boot file terminated");
}

static void test_keyslot(void)
{
	u8 buf[IA_SLOT_SIZE], bad[IA_SLOT_SIZE];
	struct ia_slot s;

	CHECK(IA_SLOT_SIZE == 16 + IMGAUTH_KEY_MAX + 4, "slot size");
	memset(buf, 0xff, sizeof(buf));
	ia_slot_decode(&s, buf);
	CHECK(s.state == IMGAUTH_SLOT_ERASED, "erased slot: %d", s.state);

	ia_slot_encode(buf, 0, 9, key1024, sizeof(key1024));
	CHECK(ia_get_be32(buf) == IMGAUTH_KEY_MAGIC1 && !ia_get_be32(buf + 4) &&
	      ia_get_be32(buf + 8) == 9 && ia_get_be32(buf + 12) == sizeof(key1024) &&
	      !memcmp(buf + 16, key1024, sizeof(key1024)), "slot layout");
	ia_slot_decode(&s, buf);
	CHECK(s.state == IMGAUTH_SLOT_OK && s.gen == 9 && s.len == sizeof(key1024) &&
	      !memcmp(s.der, key1024, sizeof(key1024)) &&
	      !s.der[sizeof(key1024)], "good key slot");

	/* No key (ScreenOS's "never written" and a deleted key). */
	ia_slot_encode(buf, IMGAUTH_KEY_MAGIC2_BLANK, 0, NULL, 0);
	ia_slot_decode(&s, buf);
	CHECK(s.state == IMGAUTH_SLOT_OK && !s.len &&
	      s.magic2 == IMGAUTH_KEY_MAGIC2_BLANK, "blank key slot");

	ia_slot_encode(buf, 0, 9, key1024, sizeof(key1024));
	memcpy(bad, buf, sizeof(buf));
	bad[0] ^= 1;
	ia_slot_decode(&s, bad);
	CHECK(s.state == IMGAUTH_SLOT_BAD, "bad magic1");
	memcpy(bad, buf, sizeof(buf));
	bad[100] ^= 1;
	ia_slot_decode(&s, bad);
	CHECK(s.state == IMGAUTH_SLOT_BAD, "CRC");
	memcpy(bad, buf, sizeof(buf));
	ia_put_be32(bad + 12, IMGAUTH_KEY_MAX + 1);
	ia_put_be32(bad + IA_SLOT_SIZE - 4, ia_crc32(0, bad, IA_SLOT_SIZE - 4));
	ia_slot_decode(&s, bad);
	CHECK(s.state == IMGAUTH_SLOT_BAD && !s.der[0], "len past the key area");
	/* Right CRC, but not a DSA key: bad, not trusted. */
	memset(buf, 0x30, sizeof(buf));
	ia_slot_encode(bad, 0, 1, buf, 200);
	ia_slot_decode(&s, bad);
	CHECK(s.state == IMGAUTH_SLOT_BAD, "not a key");
	/* Truncated key, CRC fixed. */
	ia_slot_encode(bad, 0, 1, key1024, sizeof(key1024) - 1);
	ia_slot_decode(&s, bad);
	CHECK(s.state == IMGAUTH_SLOT_BAD, "truncated key");
}

int main(void)
{
	test_framing();
	test_bootrec();
	test_keyslot();
	return check_done("test_nvrec");
}
