/* SPDX-License-Identifier: GPL-2.0 */
/*
 * imgauth: the device state every part of the module shares.
 */
#ifndef _IMGAUTH_H
#define _IMGAUTH_H

#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/imgauth.h>

#include "ia_image.h"
#include "storage.h"
#include "bootrec.h"
#include "keyslot.h"
#include "policy.h"
#include "journal.h"

/* struct imgauth.installing */
#define IA_BUSY_INSTALL		0
#define IA_BUSY_SESSION		1

/* Image data moves through the kernel in pieces of this size, never whole. */
#define IA_CHUNK		(64 * 1024)

/*
 * NVRAM erase blocks, in order: three key slots, two boot record copies,
 * two key policy copies, and the two blocks of the install journal's ring.
 */
enum ia_nvram_block {
	IA_NV_KEY1,
	IA_NV_KEY2,
	IA_NV_KEY3,
	IA_NV_REC_A,
	IA_NV_REC_B,
	IA_NV_POL_A,
	IA_NV_POL_B,
	IA_NV_JRN_0,
	IA_NV_JRN_1,
	IA_NV_BLOCKS
};

struct ia_region {
	const char *name;
	u64 offset;
	u64 size;
};

/* Who this device is: module parameters, fixed after load. */
struct ia_identity {
	const char *product;
	const char *serial;
	const char *hw_version;
	u8 mac[6];
	u16 platform;
	u8 cpu;
};

/**
 * struct imgauth - the one imgauth device
 * @st: flash backend
 * @region: loader, image0, image1 on @st
 * @nvram: offsets of the NVRAM blocks on @st
 * @op_lock: held by every operation that changes flash or key slots, from
 *	its checks to its last write, so that an install never sees the key
 *	change under it; everyone waits for it.  Readers never take it.
 * @installing: IA_BUSY_INSTALL while an install runs (a second one gets
 *	EBUSY rather than waiting behind it), IA_BUSY_SESSION while an
 *	install session is open (key changes refuse)
 * @flash_lock: taken for writing around every erase and program (inside
 *	@op_lock), for reading by whoever reads flash and needs it to hold
 *	still: key slots, a region being verified.  Readers only delay
 *	writers, never make them fail.
 * @state_lock: protects @key, @rec and @policy, the cached NVRAM state
 * @key: the image key as the slots hold it
 * @rec: the current boot record
 * @policy: the key policy: lock, anti-rollback floor, provisioning
 * @journal: where the install journal goes on (under op_lock)
 * @id: device identity
 * @require_key: refuse images when no key is installed
 * @trial_boots: boots a newly committed image gets before it must be
 *	marked good (0: no trial)
 * @loader_check: enum imgauth_loader_check
 * @hash_drivers: which crypto driver each hash gets, for STATUS
 * @scrub_work: rewrites erase blocks that needed error correction
 */
struct imgauth {
	struct ia_storage *st;
	struct ia_region region[IMGAUTH_NTARGETS];
	u64 nvram[IA_NV_BLOCKS];
	struct mutex op_lock;
	unsigned long installing;
	struct rw_semaphore flash_lock;
	struct mutex state_lock;
	struct ia_key key;
	struct ia_rec rec;
	struct ia_policy policy;
	struct ia_journal journal;
	struct ia_identity id;
	bool require_key;
	u8 trial_boots;
	int loader_check;
	char hash_drivers[160];
	struct work_struct scrub_work;
};

/**
 * struct ia_verdict - the outcome of checking one image
 * @status: enum imgauth_status
 * @msg: one line for the caller: ioctl message, event
 * @why: the reason as a static string, for extack (which keeps only a
 *	pointer), or NULL: the status's fixed sentence is used
 * @have_hdr: @hdr holds the decoded header
 * @hdr: the image header
 * @alg: the hash of header and payload: the one the key's q implies
 * @digest: that hash
 * @dlen: its length
 * @sig: the trailing signature bytes
 * @siglen: their number
 */
struct ia_verdict {
	int status;
	char msg[IMGAUTH_MSG_LEN];
	const char *why;
	bool have_hdr;
	struct ia_hdr hdr;
	const char *alg;
	u8 digest[64];
	unsigned int dlen;
	u8 sig[IMGAUTH_SIG_MAX];
	u32 siglen;
};

static inline bool ia_status_ok(int status)
{
	return status == IMGAUTH_OK || status == IMGAUTH_OK_UNAUTHENTICATED;
}

/* errno an operation returns for a verdict status. */
int ia_status_errno(int status);

/* report.c: the kernel log lines and the netlink event of a verdict. */
__printf(3, 4)
void ia_verdict_set(struct ia_verdict *vd, int status, const char *fmt, ...);
void ia_log_verdict(int target, const struct ia_verdict *vd);
void ia_report(struct imgauth *ia, int event, int target,
	       const struct ia_verdict *vd);
__printf(5, 6)
void ia_notify(struct imgauth *ia, int event, int target, int status,
	       const char *fmt, ...);

static inline const char *ia_target_name(int target)
{
	switch (target) {
	case IMGAUTH_TARGET_LOADER:
		return "loader";
	case IMGAUTH_TARGET_IMAGE0:
		return "image0";
	case IMGAUTH_TARGET_IMAGE1:
		return "image1";
	}
	return "none";
}

#endif /* _IMGAUTH_H */
