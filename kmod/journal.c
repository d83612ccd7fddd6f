// SPDX-License-Identifier: GPL-2.0
/*
 * The install journal on flash: two erase blocks used as a ring.
 *
 * Records are appended to the first free slot of the current block; when
 * it is full, the other block is erased and becomes the current one, so
 * the oldest half of the history goes first.  A record is 128 bytes,
 * programmed in one operation, so a power cut leaves at most one torn
 * record: written from its start, its tail (the CRC) still erased.  That
 * one is dropped and its sequence number reused, so the chain stays
 * whole.  A record whose CRC is programmed but wrong is damage or
 * tampering: it is kept, and the chain check reports it.  While the
 * current block is full the other one is about to be erased (perhaps a
 * power cut interrupted that), so its contents do not count.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "imgauth.h"
#include "events.h"
#include "journal.h"
#include "verifier.h"

enum slot_kind { SLOT_OK, SLOT_ERASED, SLOT_TORN, SLOT_DAMAGED };

/* A record per slot; on NAND a slot is a page (a page is written once). */
static u32 slot_size(struct imgauth *ia)
{
	return max_t(u32, IA_JREC_LEN, ia->st->writesize);
}

static u32 slots_per_block(struct imgauth *ia)
{
	return ia->st->erasesize / slot_size(ia);
}

static u64 slot_off(struct imgauth *ia, int block, u32 slot)
{
	return ia->nvram[IA_NV_JRN_0 + block] + (u64)slot * slot_size(ia);
}

static enum slot_kind classify(const u8 *raw, struct ia_jrec *r)
{
	switch (ia_jrec_decode(r, raw)) {
	case IA_JREC_OK:
		return SLOT_OK;
	case IA_JREC_ERASED:
		return SLOT_ERASED;
	}
	/* Cut while it was programmed: the tail is still erased. */
	return raw[IA_JREC_LEN - 1] == 0xff ? SLOT_TORN : SLOT_DAMAGED;
}

static int jrec_hash(const void *data, size_t len, u8 out[32])
{
	return ia_key_hash(data, len, out);
}

/* The newest record of a block and the slot after the last written one. */
struct block_scan {
	bool any;		/* holds a record that decodes */
	u32 max_seq;
	u32 max_slot;
	u32 end;		/* first slot after the last non-erased one */
};

static void scan_block(struct imgauth *ia, const u8 *b, struct block_scan *s)
{
	u32 i, n = slots_per_block(ia);
	struct ia_jrec r;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		enum slot_kind k = classify(b + i * slot_size(ia), &r);

		if (k != SLOT_ERASED)
			s->end = i + 1;
		if (k != SLOT_OK)
			continue;
		if (!s->any || ia_jseq_after(r.seq, s->max_seq)) {
			s->max_seq = r.seq;
			s->max_slot = i;
		}
		s->any = true;
	}
}

/* Both blocks, read whole: 2 * erasesize bytes. */
static u8 *read_blocks(struct imgauth *ia)
{
	u32 e = ia->st->erasesize;
	u8 *buf;
	int i, ret;

	buf = kvmalloc(2 * e, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < 2; i++) {
		ret = ia_st_read(ia->st, ia->nvram[IA_NV_JRN_0 + i],
				 buf + i * e, e);
		if (ret) {
			kvfree(buf);
			return ERR_PTR(ret);
		}
	}
	return buf;
}

int ia_journal_load(struct imgauth *ia)
{
	struct ia_journal *j = &ia->journal;
	struct block_scan s[2];
	u32 e = ia->st->erasesize;
	int cur, ret;
	u8 *buf;

	memset(j, 0, sizeof(*j));
	j->next_seq = 1;
	j->usable = true;
	buf = read_blocks(ia);
	if (IS_ERR(buf)) {
		/* Appends will erase and start over: log and go on. */
		pr_err("journal: unreadable (%ld): it starts over\n",
		       PTR_ERR(buf));
		j->next_slot = slots_per_block(ia);
		return 0;
	}
	scan_block(ia, buf, &s[0]);
	scan_block(ia, buf + e, &s[1]);
	if (!s[0].any && !s[1].any) {
		/* Empty, or garbage only: the first append erases it. */
		j->cur = s[0].end ? 1 : 0;
		j->next_slot = s[0].end ? slots_per_block(ia) : 0;
		goto out;
	}
	cur = !s[0].any ? 1 : !s[1].any ? 0 :
	      ia_jseq_after(s[1].max_seq, s[0].max_seq) ? 1 : 0;
	j->cur = cur;
	j->next_slot = s[cur].end;
	j->next_seq = s[cur].max_seq + 1;
	ret = jrec_hash(buf + cur * e + s[cur].max_slot * slot_size(ia),
			IA_JREC_LEN, j->last_hash);
	if (ret)
		pr_err("journal: cannot hash the newest record (%d)\n", ret);
	pr_info("journal: %u records, next #%u\n", s[cur].max_seq,
		j->next_seq);
out:
	kvfree(buf);
	return 0;
}

/*
 * Program @raw (a slot's worth: the record, then erased bytes) at the next
 * slot, switching blocks when the current one is full.
 */
static int append_raw(struct imgauth *ia, const u8 *raw)
{
	struct ia_journal *j = &ia->journal;
	u32 size = slot_size(ia);
	u8 *check;
	u64 off;
	int ret;

	if (j->next_slot >= slots_per_block(ia)) {
		int other = j->cur ^ 1;

		ret = ia_st_erase(ia->st, ia->nvram[IA_NV_JRN_0 + other],
				  ia->st->erasesize);
		if (ret)
			return ret;
		j->cur = other;
		j->next_slot = 0;
	}
	off = slot_off(ia, j->cur, j->next_slot);
	/* Whatever happens, this slot is used: never program it twice. */
	j->next_slot++;
	check = kmalloc(size, GFP_KERNEL);
	if (!check)
		return -ENOMEM;
	ret = ia_st_write(ia->st, off, raw, size);
	if (!ret)
		ret = ia_st_readback(ia->st, off, raw, check, size);
	if (ret == -EBADMSG)
		ret = -EIO;
	kfree(check);
	return ret;
}

static __printf(9, 0)
void journal_append(struct imgauth *ia, bool locked, int event,
			   int target, int status, u32 cksum, u32 sw_version,
			   u32 value, const char *fmt, va_list ap)
{
	struct ia_journal *j = &ia->journal;
	struct ia_jrec r = {
		.time = ktime_get_real_seconds(),
		.event = event,
		.target = target,
		.status = status,
		.cksum = cksum,
		.sw_version = sw_version,
		.value = value,
	};
	u32 size = slot_size(ia);
	u8 *raw;
	int ret;

	lockdep_assert_held(&ia->op_lock);
	if (!j->usable)
		return;
	raw = kmalloc(size, GFP_KERNEL);
	if (!raw)
		return;
	vsnprintf(r.text, sizeof(r.text), fmt, ap);
	r.seq = j->next_seq;
	if (r.seq != 1)
		memcpy(r.prev, j->last_hash, sizeof(r.prev));
	ia_jrec_encode(raw, &r);
	memset(raw + IA_JREC_LEN, 0xff, size - IA_JREC_LEN);

	if (!locked)
		down_write(&ia->flash_lock);
	ret = append_raw(ia, raw);
	if (!locked)
		up_write(&ia->flash_lock);
	if (ret) {
		pr_err("journal: appending #%u failed (%d): %s\n", r.seq, ret,
		       r.text);
		kfree(raw);
		return;
	}
	if (jrec_hash(raw, IA_JREC_LEN, j->last_hash))
		pr_err("journal: cannot hash record #%u\n", r.seq);
	kfree(raw);
	j->next_seq++;
	ia_event(IMGAUTH_EV_JOURNAL, target, status, r.text);
}

void ia_journal(struct imgauth *ia, int event, int target, int status,
		u32 cksum, u32 sw_version, u32 value, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	journal_append(ia, false, event, target, status, cksum, sw_version,
		       value, fmt, ap);
	va_end(ap);
}

void ia_journal_locked(struct imgauth *ia, int event, int target, int status,
		       u32 cksum, u32 sw_version, u32 value,
		       const char *fmt, ...)
{
	va_list ap;

	lockdep_assert_held_write(&ia->flash_lock);
	va_start(ap, fmt);
	journal_append(ia, true, event, target, status, cksum, sw_version,
		       value, fmt, ap);
	va_end(ap);
}

u32 ia_journal_max_counter(struct imgauth *ia)
{
	u32 e = ia->st->erasesize, i, max = 0;
	struct ia_jrec r;
	u8 *buf;

	buf = ia->journal.usable ? read_blocks(ia) : NULL;
	if (IS_ERR_OR_NULL(buf))
		return 0;
	for (i = 0; i < 2 * (e / slot_size(ia)); i++) {
		if (classify(buf + (size_t)i * slot_size(ia), &r) != SLOT_OK ||
		    r.status != IMGAUTH_OK)
			continue;
		if (r.event == IA_JEV_KEY_ROTATE || r.event == IA_JEV_KEY_DELETE ||
		    r.event == IA_JEV_KEY_UNLOCK || r.event == IA_JEV_PROVISION)
			max = max(max, r.value);
	}
	kvfree(buf);
	return max;
}

/* Append the usable records of @b (one block) to @out. */
static u32 collect(struct imgauth *ia, const u8 *b, u8 *out)
{
	u32 i, n = 0, slots = slots_per_block(ia);
	struct ia_jrec r;

	for (i = 0; i < slots; i++) {
		const u8 *raw = b + i * slot_size(ia);
		enum slot_kind k = classify(raw, &r);

		if (k == SLOT_OK || k == SLOT_DAMAGED)
			memcpy(out + (size_t)n++ * IA_JREC_LEN, raw,
			       IA_JREC_LEN);
	}
	return n;
}

u8 *ia_journal_snapshot(struct imgauth *ia, u32 *n)
{
	struct ia_journal *j = &ia->journal;
	u32 e = ia->st->erasesize;
	u8 *blocks, *out;
	int ret, cur, other;

	*n = 0;
	out = kvmalloc(2 * e, GFP_KERNEL);
	if (!out)
		return ERR_PTR(-ENOMEM);
	ret = down_read_killable(&ia->flash_lock);
	if (ret) {
		kvfree(out);
		return ERR_PTR(ret);
	}
	cur = j->cur;
	other = cur ^ 1;
	blocks = j->usable ? read_blocks(ia) : NULL;
	/* The other block counts only while the current one is not full. */
	if (!IS_ERR_OR_NULL(blocks)) {
		if (j->next_slot < slots_per_block(ia))
			*n = collect(ia, blocks + other * e, out);
		*n += collect(ia, blocks + cur * e,
			      out + (size_t)*n * IA_JREC_LEN);
	}
	up_read(&ia->flash_lock);
	if (IS_ERR(blocks)) {
		kvfree(out);
		return ERR_CAST(blocks);
	}
	kvfree(blocks);
	return out;
}
