// SPDX-License-Identifier: GPL-2.0
/*
 * Which crypto driver computes each hash, chosen by measuring them at
 * load, as the kernel's RAID-6 and XOR code choose theirs.
 *
 * The crypto API picks the registered driver of highest priority, which
 * is the fastest on the hardware the priorities were set for: SHA-NI over
 * AVX2 over SSSE3 over the generic C code.  Under emulation (QEMU's TCG,
 * where appliance images are built and tested) the SIMD drivers run
 * slower than the generic code: sha256-avx2 hashes a 12 MiB image in
 * about 250 ms there, sha256-generic in 190.  So every driver of the
 * algorithm that is registered is timed on the same buffer and the
 * fastest one is used by every ia_hasher from then on.  The timing takes
 * a few milliseconds on hardware and well under a second under TCG; it
 * runs once, at load, before any device exists.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <crypto/hash.h>
#include <linux/crypto.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "hash_pick.h"

/* The hashes images and keys use, and the x86 module that speeds each up. */
static const char *const pick_algs[][2] = {
	{ "sha1", "sha1-ssse3" },
	{ "sha224", "sha224-ssse3" },
	{ "sha256", "sha256-ssse3" },
	{ "sha384", "sha384-ssse3" },
	{ "sha512", "sha512-ssse3" },
};

/*
 * The driver name suffixes tried besides the default: the x86 variants
 * and the generic code.  Names not registered are skipped without loading
 * anything (CRYPTO_NOLOAD): each failed module lookup runs modprobe.
 */
static const char *const pick_suffixes[] = {
	"generic", "ssse3", "avx", "avx2", "ni", "lib",
};

#define PICK_BUF	(64 * 1024)
#define PICK_RUNS	3

static char picked[ARRAY_SIZE(pick_algs)][CRYPTO_MAX_ALG_NAME];

/*
 * Nanoseconds for the fastest of PICK_RUNS digests of @buf, or 0 when
 * @driver is not registered or its digest is not @ref (the default
 * driver's: one that is fast because it is wrong must not win).
 */
static u64 time_driver(const char *driver, const u8 *buf, const u8 *ref,
		       char *name, size_t name_len)
{
	struct crypto_shash *tfm;
	struct shash_desc *desc;
	u8 out[HASH_MAX_DIGESTSIZE];
	u64 best = 0;
	int i;

	tfm = crypto_alloc_shash(driver, 0, CRYPTO_NOLOAD);
	if (IS_ERR(tfm))
		return 0;
	desc = kzalloc(sizeof(*desc) + crypto_shash_descsize(tfm), GFP_KERNEL);
	if (!desc || crypto_shash_digestsize(tfm) > sizeof(out))
		goto out;
	desc->tfm = tfm;
	strscpy(name, crypto_shash_driver_name(tfm), name_len);
	for (i = 0; i < PICK_RUNS; i++) {
		u64 t0 = ktime_get_ns(), t;

		if (crypto_shash_digest(desc, buf, PICK_BUF, out)) {
			best = 0;
			break;
		}
		t = max_t(u64, ktime_get_ns() - t0, 1);
		if (ref && memcmp(out, ref, crypto_shash_digestsize(tfm))) {
			pr_warn("%s: wrong digest, not used\n", name);
			best = 0;
			break;
		}
		if (!best || t < best)
			best = t;
	}
out:
	kfree_sensitive(desc);
	crypto_free_shash(tfm);
	return best;
}

/* @alg's digest of @buf by the driver the crypto API prefers; false: none. */
static bool digest_of(const char *alg, const u8 *buf, u8 *out)
{
	struct crypto_shash *tfm = crypto_alloc_shash(alg, 0, 0);
	bool ok;

	if (IS_ERR(tfm))
		return false;
	ok = crypto_shash_digestsize(tfm) <= HASH_MAX_DIGESTSIZE &&
	     !crypto_shash_tfm_digest(tfm, buf, PICK_BUF, out);
	crypto_free_shash(tfm);
	return ok;
}

/* MB/s (10^6 bytes a second) for a log line. */
static unsigned long mb_per_s(u64 ns)
{
	return ns ? (unsigned long)div64_u64((u64)PICK_BUF * 1000, ns) : 0;
}

/* @name is "@alg-<one of pick_suffixes>": timed already. */
static bool is_named(const char *alg, const char *name)
{
	size_t n = strlen(alg), s;

	if (strncmp(name, alg, n) || name[n] != '-')
		return false;
	for (s = 0; s < ARRAY_SIZE(pick_suffixes); s++)
		if (!strcmp(name + n + 1, pick_suffixes[s]))
			return true;
	return false;
}

/* The fastest driver of pick_algs[@i] into picked[@i]; "" when none. */
static void pick_one(size_t i, const u8 *buf)
{
	const char *alg = pick_algs[i][0];
	char name[CRYPTO_MAX_ALG_NAME], tried[CRYPTO_MAX_ALG_NAME];
	char others[160] = "";
	u8 ref[HASH_MAX_DIGESTSIZE];
	size_t s, used = 0;
	u64 best = 0, t;

	/* Asking for one variant loads the CPU's module, if any. */
	crypto_has_shash(pick_algs[i][1], 0, 0);
	picked[i][0] = '\0';
	/* The reference: what the crypto API's priorities choose. */
	if (!digest_of(alg, buf, ref))
		return;		/* then that is what ia_hasher_init() gets */
	for (s = 0; s <= ARRAY_SIZE(pick_suffixes); s++) {
		/* Last, the default, whatever new name a kernel gives it. */
		if (s < ARRAY_SIZE(pick_suffixes))
			snprintf(tried, sizeof(tried), "%s-%s", alg,
				 pick_suffixes[s]);
		else
			strscpy(tried, alg, sizeof(tried));
		t = time_driver(tried, buf, ref, name, sizeof(name));
		if (!t)
			continue;
		/* The default is most often one of the named ones. */
		if (s == ARRAY_SIZE(pick_suffixes) && is_named(alg, name))
			continue;
		if (!best || t < best) {
			if (best)
				used += scnprintf(others + used,
						  sizeof(others) - used,
						  " %s %lu", picked[i],
						  mb_per_s(best));
			best = t;
			strscpy(picked[i], name, sizeof(picked[i]));
		} else {
			used += scnprintf(others + used, sizeof(others) - used,
					  " %s %lu", name, mb_per_s(t));
		}
	}
	if (best)
		pr_info("%s: using %s (%lu MB/s;%s)\n", alg, picked[i],
			mb_per_s(best), used ? others : " the only one");
}

void ia_hashers_setup(char *drivers, size_t len)
{
	size_t i, used = 0;
	u8 *buf;

	drivers[0] = '\0';
	buf = kvmalloc(PICK_BUF, GFP_KERNEL);
	if (!buf)
		return;		/* the crypto API's choice, then */
	for (i = 0; i < PICK_BUF; i++)
		buf[i] = (u8)(i * 131 + 7);
	for (i = 0; i < ARRAY_SIZE(pick_algs); i++) {
		pick_one(i, buf);
		if (picked[i][0])
			used += scnprintf(drivers + used, len - used, "%s%s=%s",
					  used ? " " : "", pick_algs[i][0],
					  picked[i]);
	}
	kvfree(buf);
	pr_info("hashes: %s\n", drivers);
}

const char *ia_hash_driver(const char *alg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pick_algs); i++)
		if (!strcmp(alg, pick_algs[i][0]))
			return picked[i][0] ? picked[i] : alg;
	return alg;
}
