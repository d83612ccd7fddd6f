// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The key policy record: its layout, and what its two copies mean at load
 * (lib/ia_policy.h).  Every power cut and read error this must survive is
 * enumerated by tests/unit/test_policy.c.
 */
#include "ia_nvrec.h"
#include "ia_policy.h"

#define OFF_SEQ		4
#define OFF_FLAGS	8
#define OFF_FLOOR	12
#define OFF_COUNTER	16
#define OFF_KEY_HASH	20
#define OFF_CRC		52

_Static_assert(OFF_CRC + 4 == IA_POL_SIZE, "the CRC is the last word");

void ia_pol_encode(u8 *b, const struct ia_pol_fields *p)
{
	memset(b, 0, IA_POL_SIZE);
	ia_put_be32(b + OFF_FLAGS, p->flags);
	ia_put_be32(b + OFF_FLOOR, p->floor);
	ia_put_be32(b + OFF_COUNTER, p->counter);
	memcpy(b + OFF_KEY_HASH, p->key_hash, sizeof(p->key_hash));
}

void ia_pol_decode(struct ia_pol_fields *p, const u8 *b)
{
	p->seq = ia_get_be32(b + OFF_SEQ);
	p->flags = ia_get_be32(b + OFF_FLAGS) & IA_POL_FLAGS;
	p->floor = ia_get_be32(b + OFF_FLOOR);
	p->counter = ia_get_be32(b + OFF_COUNTER);
	memcpy(p->key_hash, b + OFF_KEY_HASH, sizeof(p->key_hash));
}

/*
 * A first write cut short: copy A torn, B erased.  The first commit writes
 * copy A (no copy is current yet), and programming
 * runs from the first byte to the CRC, the last word, so a power cut
 * during it leaves B erased and A with its CRC word still erased, whatever
 * else of A was programmed (also none of the magic, or a byte half-way),
 * or erased again by a later first write cut in its erase.  Such a record
 * was never in effect: the policy is the default one, as before the
 * commit, not a damaged one, which would lock the key and provision the
 * device on its next load (and a device with no key would then refuse
 * every image, with no statement able to lift it).
 *
 * No copy that was ever complete looks like this: a completed A that is
 * damaged later keeps its CRC word (bits are cleared, not set, without an
 * erase), one that cannot be read comes back as zeros, and A is erased
 * only when it is not the current copy (B is then current, so not erased:
 * lib/ia_nvrec.h, ia_nvrec_next_copy()).  A cut inside the CRC word
 * itself (a word half-programmed) is the one tear this cannot tell from
 * damage, and fails closed.
 */
/* What a copy is, for the choice of the one to rewrite and for the log. */
enum copy_kind { COPY_EMPTY, COPY_TORN, COPY_DAMAGED, COPY_UNREADABLE };

static enum copy_kind kind(const u8 *c)
{
	size_t i;

	if (ia_nvrec_erased(c, IA_POL_SIZE))
		return COPY_EMPTY;
	if (ia_nvrec_erased(c + OFF_CRC, 4))
		return COPY_TORN;
	for (i = 0; i < IA_POL_SIZE; i++)
		if (c[i])
			return COPY_DAMAGED;
	return COPY_UNREADABLE;
}

static const char *const kind_name[] = {
	[COPY_EMPTY] = "erased",
	[COPY_TORN] = "torn",
	[COPY_DAMAGED] = "damaged",
	[COPY_UNREADABLE] = "unreadable",
};

/*
 * Which copy a damaged policy's next commit may rewrite.  A cut in it can
 * leave that copy erased, or torn with its CRC word erased, so rewriting a
 * copy that might hold the only completed record could leave what looks
 * like a policy never written (both erased) or a first write cut short:
 * the default policy, fail open.  A copy that is erased or torn, as read,
 * never held a completed record (bits are not set without an erase), so
 * rewriting it loses nothing: that one, A first.  Failing that, a copy
 * that could not be read: the other, read as damaged, keeps its CRC word
 * whatever the cut, so the policy stays damaged.  Both read as damaged:
 * either (B).  Both unreadable: none, since either may hold the record
 * and the other be erased; the policy stays damaged until they read.
 */
static int damaged_rewrite(enum copy_kind a, enum copy_kind b)
{
	if (a == COPY_EMPTY || a == COPY_TORN)
		return 0;
	if (b == COPY_EMPTY || b == COPY_TORN)
		return 1;
	if (a == COPY_UNREADABLE && b == COPY_UNREADABLE)
		return -1;
	if (a == COPY_UNREADABLE)
		return 0;
	return 1;
}

void ia_pol_classify(struct ia_pol_load *out, const u8 *buf)
{
	enum copy_kind a = kind(buf), b = kind(buf + IA_POL_SIZE);

	out->copy = ia_nvrec_pick(ia_nvrec_valid(buf, IA_POL_SIZE, IA_POL_MAGIC),
				  ia_get_be32(buf + OFF_SEQ),
				  ia_nvrec_valid(buf + IA_POL_SIZE, IA_POL_SIZE, IA_POL_MAGIC),
				  ia_get_be32(buf + IA_POL_SIZE + OFF_SEQ));
	out->copy_state[0] = kind_name[a];
	out->copy_state[1] = kind_name[b];
	if (out->copy >= 0) {
		out->verdict = IA_POL_CURRENT;
		out->rewrite = ia_nvrec_next_copy(out->copy, false);
	} else if (a == COPY_EMPTY && b == COPY_EMPTY) {
		out->verdict = IA_POL_NEVER_WRITTEN;
		out->rewrite = 0;
	} else if (a == COPY_TORN && b == COPY_EMPTY) {
		out->verdict = IA_POL_FIRST_TORN;
		out->rewrite = 0;
	} else {
		out->verdict = IA_POL_DAMAGED;
		out->rewrite = damaged_rewrite(a, b);
	}
}
