// SPDX-License-Identifier: GPL-2.0
/*
 * The key policy's two NVRAM copies under every power cut, read error and
 * bit of wear a run of commits can meet, model-checked.  What a load makes
 * of the copies (ia_pol_classify()) and which copy a commit writes
 * (ia_nvrec_next_copy()) are lib/'s, as the module runs them; the commit
 * itself is modelled on ia_nvrec_commit() and ia_st_rewrite_block(): the
 * next sequence number, the copy erased, then programmed from its first
 * byte to the CRC, the last word.
 *
 * From a blank device, every path of up to DEPTH steps, each step one of:
 *  - a commit cut at any point: in its erase (any prefix or suffix of the
 *    old copy erased), in its programming (after any number of bytes, or
 *    with the last byte half-programmed), or not at all;
 *  - wear: a bit cleared in a copy;
 * and after each, a load in which either copy, or both, may fail to read
 * (then zeros, as ia_nvrec_read() leaves them), whose outcome the next
 * commit starts from, as the module's would.  What must hold at every
 * load:
 *  1. once any commit has completed, the policy is never the default one
 *     (never written, or a first write cut short): that would unlock the
 *     key and unprovision the device, whatever the cuts, errors and wear;
 *  2. a policy in effect is a record that was completed, never a torn one;
 *  3. with no read error and no wear on the way, power cuts alone never
 *     damage the policy: a load gives the last completed record, or the
 *     default one before any, never the fail-closed damaged state, save
 *     for the one tear that cannot be told from damage, a first write cut
 *     inside its CRC word.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ia_nvrec.h"
#include "ia_policy.h"

#include "check.h"

#define DEPTH		3
#define OFF_CRC		(IA_POL_SIZE - 4)
#define TABLE_BITS	23

struct dev {
	u8 c[2][IA_POL_SIZE];
};

/* What happened on the way to a state: enough to say what must hold. */
struct path {
	unsigned int completed;	/* bit id: record id's commit completed */
	int last;		/* id of the last completed commit, 0 for none */
	int next_id;		/* id of the next record committed */
	bool unclean;		/* a read error or wear on the way */
	bool crc_torn_first;	/* a first write cut inside its CRC word */
	char trace[400];	/* the steps, for a failure's message */
};

static void trace(struct path *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trace(struct path *p, const char *fmt, ...)
{
	size_t n = strlen(p->trace);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->trace + n, sizeof(p->trace) - n, fmt, ap);
	va_end(ap);
}

/* The module's struct ia_nvrec_state after a load. */
struct mem {
	int copy;
	u32 seq;
	bool write_b_first;
	bool no_rewrite;
};

static unsigned long loads, states, fail_open, not_completed, damaged_clean;

/* Record @id: its fields say which it is. */
static void record(u8 *b, int id, u32 seq)
{
	struct ia_pol_fields f = {
		.flags = id & 1 ? IA_POL_LOCKED : IA_POL_PROVISIONED,
		.floor = (u32)id,
		.counter = 100 + (u32)id,
	};

	memset(f.key_hash, id, sizeof(f.key_hash));
	ia_pol_encode(b, &f);
	ia_nvrec_seal(b, IA_POL_SIZE, IA_POL_MAGIC, seq);
}

/* Visited (state, steps left), by a 64-bit hash: paths converge a lot. */
static unsigned long long *seen;

static bool visit(const struct dev *d, const struct path *p, int depth)
{
	unsigned long long h = 1469598103934665603ull;
	const u8 *bytes = (const u8 *)d;
	size_t i, mask = (1u << TABLE_BITS) - 1;
	u8 tail[] = { (u8)p->completed, (u8)p->last, (u8)p->next_id,
		      p->unclean, p->crc_torn_first, (u8)depth };

	for (i = 0; i < sizeof(*d); i++)
		h = (h ^ bytes[i]) * 1099511628211ull;
	for (i = 0; i < sizeof(tail); i++)
		h = (h ^ tail[i]) * 1099511628211ull;
	h |= 1;
	for (i = h & mask; seen[i]; i = (i + 1) & mask)
		if (seen[i] == h)
			return false;
	if (++states > mask / 4 * 3) {
		fprintf(stderr, "test_policy: more states than the table holds\n");
		exit(2);
	}
	seen[i] = h;
	return true;
}

/* Load with copy A (bit 0) and/or B (bit 1) unreadable; check 1-3. */
static struct mem load(const struct dev *d, const struct path *p, int fail)
{
	u8 buf[2 * IA_POL_SIZE];
	struct ia_pol_load how;
	struct ia_pol_fields f;
	struct mem m = { .copy = -1 };
	u8 want[IA_POL_SIZE];
	int id;

	memcpy(buf, d->c[0], IA_POL_SIZE);
	memcpy(buf + IA_POL_SIZE, d->c[1], IA_POL_SIZE);
	if (fail & 1)
		memset(buf, 0, IA_POL_SIZE);
	if (fail & 2)
		memset(buf + IA_POL_SIZE, 0, IA_POL_SIZE);
	ia_pol_classify(&how, buf);
	loads++;

	if (p->completed && (how.verdict == IA_POL_NEVER_WRITTEN ||
			     how.verdict == IA_POL_FIRST_TORN)) {
		if (!fail_open++)
			CHECK(0, "fail open: records %#x were completed (last %d), the load gives the default policy (verdict %d, read errors %d), after: %s",
			      p->completed, p->last, how.verdict, fail, p->trace);
	}
	if (how.verdict == IA_POL_CURRENT) {
		ia_pol_decode(&f, buf + how.copy * IA_POL_SIZE);
		id = (int)f.floor;
		if (id < 1 || id > 31 || !(p->completed & 1u << id)) {
			if (!not_completed++)
				CHECK(0, "the policy in effect is record %d, never completed (completed %#x), after: %s",
				      id, p->completed, p->trace);
		} else {
			record(want, id, f.seq);
			CHECK(!memcmp(want, buf + how.copy * IA_POL_SIZE, IA_POL_SIZE),
			      "record %d loads with other fields", id);
		}
		m.copy = how.copy;
		m.seq = f.seq;
		CHECK(how.rewrite == !how.copy, "a commit writes the copy not current");
		if (!p->unclean && !fail)
			CHECK(id == p->last, "after cuts alone, record %d is in effect, not the last completed, %d",
			      id, p->last);
	} else {
		CHECK(how.rewrite >= 0 || how.verdict == IA_POL_DAMAGED,
		      "only a damaged policy may be left as it is");
		CHECK(how.verdict == IA_POL_DAMAGED || how.rewrite == 0,
		      "no policy yet: A is written first");
		/* As kmod/policy.c keeps it. */
		m.write_b_first = how.verdict == IA_POL_DAMAGED && how.rewrite == 1;
		m.no_rewrite = how.rewrite < 0;
		if (!p->unclean && !fail && !p->crc_torn_first) {
			if (how.verdict == IA_POL_DAMAGED && !damaged_clean++)
				CHECK(0, "power cuts alone damaged the policy (completed %#x), after: %s",
				      p->completed, p->trace);
			CHECK(p->completed || how.verdict != IA_POL_CURRENT,
			      "a policy in effect before any commit");
		}
	}
	return m;
}

static void explore(const struct dev *d, const struct path *p, int depth);

/* Go on from @d2 after a commit of record p->next_id cut as it left it. */
static void step(const struct dev *d2, const struct path *p, bool complete,
		 bool in_crc, bool first, int depth, const char *how, size_t k)
{
	struct path q = *p;

	trace(&q, "commit %d %s %zu; ", q.next_id, how, k);

	if (complete) {
		q.completed |= 1u << q.next_id;
		q.last = q.next_id;
	}
	/* A first write cut in its CRC word: the one tear taken for damage. */
	if (in_crc && first)
		q.crc_torn_first = true;
	q.next_id++;
	explore(d2, &q, depth - 1);
}

/* Commit the next record from what the load @m made of @d, cut everywhere. */
static void commit_cuts(const struct dev *d, const struct path *p,
			const struct mem *m, int depth)
{
	int n = ia_nvrec_next_copy(m->copy, m->write_b_first);
	bool first = !p->completed && !p->unclean;
	u8 rec[IA_POL_SIZE];
	struct dev d2;
	size_t k;
	int half;

	record(rec, p->next_id, m->seq + 1);
	/* Cut in the erase: part of the old copy erased. */
	for (k = 0; k < IA_POL_SIZE; k++) {
		d2 = *d;
		memset(d2.c[n], 0xff, k);
		step(&d2, p, false, false, first, depth, "erase-prefix", k);
		d2 = *d;
		memset(d2.c[n] + k, 0xff, IA_POL_SIZE - k);
		step(&d2, p, false, false, first, depth, "erase-suffix-from", k);
	}
	/* Cut in the programming: k bytes done, byte k maybe half-way. */
	for (k = 0; k < IA_POL_SIZE; k++) {
		for (half = 0; half < 3; half++) {
			u8 part = half == 0 ? 0xff : rec[k] | (half == 1 ? 0xf0 : 0x0f);

			if (half && (part == 0xff || part == rec[k]))
				continue;
			d2 = *d;
			memset(d2.c[n], 0xff, IA_POL_SIZE);
			memcpy(d2.c[n], rec, k);
			d2.c[n][k] = part;
			step(&d2, p, false, k >= OFF_CRC && (half || k > OFF_CRC), first,
			     depth, half ? "cut-half-at" : "cut-at", k);
		}
	}
	d2 = *d;
	memcpy(d2.c[n], rec, IA_POL_SIZE);
	step(&d2, p, true, false, first, depth, "complete", IA_POL_SIZE);
}

/* Wear: one bit cleared in a copy that holds something. */
static void wear(const struct dev *d, const struct path *p, int depth)
{
	static const size_t at[] = { 0, 5, 9, 21, OFF_CRC + 1 };
	struct path q = *p;
	struct dev d2;
	size_t i;
	int c;

	q.unclean = true;
	trace(&q, "wear; ");
	for (c = 0; c < 2; c++) {
		for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
			u8 v = d->c[c][at[i]];

			if (!v)
				continue;
			d2 = *d;
			d2.c[c][at[i]] = v & (u8)(v - 1);
			explore(&d2, &q, depth - 1);
		}
	}
}

static void explore(const struct dev *d, const struct path *p, int depth)
{
	struct path q;
	struct mem m;
	int fail;

	if (!visit(d, p, depth))
		return;
	for (fail = 0; fail < 4; fail++) {
		m = load(d, p, fail);
		if (!depth || m.no_rewrite)	/* the module refuses the commit */
			continue;
		q = *p;
		q.unclean = q.unclean || fail;
		trace(&q, "load (read errors %d: %s copy %d); ", fail,
		      m.copy >= 0 ? "current" : m.write_b_first ? "B next" : "A next", m.copy);
		commit_cuts(d, &q, &m, depth);
	}
	if (depth)
		wear(d, p, depth);
}

/* The layout and the verdicts on hand-made copies. */
static void test_layout(void)
{
	u8 buf[2 * IA_POL_SIZE];
	struct ia_pol_fields f;
	struct ia_pol_load how;

	record(buf, 3, 9);
	CHECK(ia_nvrec_valid(buf, IA_POL_SIZE, IA_POL_MAGIC), "sealed record valid");
	CHECK(ia_get_be32(buf) == 0x4941504c, "magic IAPL");
	ia_pol_decode(&f, buf);
	CHECK(f.seq == 9 && f.flags == IA_POL_LOCKED && f.floor == 3 && f.counter == 103 &&
	      f.key_hash[0] == 3 && f.key_hash[31] == 3, "decode gives the fields");
	ia_put_be32(buf + 8, 0xffffff00u | IA_POL_PROVISIONED);
	ia_pol_decode(&f, buf);
	CHECK(f.flags == IA_POL_PROVISIONED, "unknown flag bits dropped");

	memset(buf, 0xff, sizeof(buf));
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_NEVER_WRITTEN && how.copy == -1, "blank");
	memset(buf, 0, IA_POL_SIZE);
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_DAMAGED && how.rewrite == 1,
	      "A unreadable, B erased: damaged, B next");
	memset(buf, 0xff, IA_POL_SIZE);
	memset(buf + IA_POL_SIZE, 0, IA_POL_SIZE);
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_DAMAGED && how.rewrite == 0,
	      "A erased, B unreadable: damaged, A next");
	memset(buf, 0, sizeof(buf));
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_DAMAGED && how.rewrite == -1,
	      "both unreadable: damaged, neither rewritten");
	memset(buf, 0xff, sizeof(buf));
	buf[0] = 'I';
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_FIRST_TORN, "one byte of a first write: torn");
	record(buf, 1, 1);
	memset(buf + OFF_CRC, 0xff, 4);
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_FIRST_TORN, "all but the CRC: torn");
	record(buf + IA_POL_SIZE, 2, 2);
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_CURRENT && how.copy == 1, "B current beside a torn A");
	record(buf, 1, 1);
	buf[11] &= 0xfe;
	memset(buf + IA_POL_SIZE, 0xff, IA_POL_SIZE);
	ia_pol_classify(&how, buf);
	CHECK(how.verdict == IA_POL_DAMAGED, "a worn completed A: damaged, not torn");
}

int main(void)
{
	struct dev blank;
	struct path p = { .next_id = 1 };

	test_layout();
	seen = calloc((size_t)1 << TABLE_BITS, sizeof(*seen));
	if (!seen)
		return 2;
	memset(&blank, 0xff, sizeof(blank));
	explore(&blank, &p, DEPTH);
	printf("test_policy: %lu states, %lu loads; fail open %lu, not completed %lu, damaged by cuts %lu\n",
	       states, loads, fail_open, not_completed, damaged_clean);
	CHECK(states > 100000, "the model explored only %lu states", states);
	free(seen);
	return check_done("test_policy");
}
