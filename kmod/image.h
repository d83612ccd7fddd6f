/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking an image wherever it is: in the caller's memory (install) or on
 * flash (verify, commit, boot-time checks).
 */
#ifndef _IMGAUTH_IMAGE_H
#define _IMGAUTH_IMAGE_H

#include <linux/siphash.h>
#include <linux/types.h>
#include <linux/imgauth.h>

#include "verifier.h"

struct imgauth;
struct ia_verdict;

/* A readable image of @len bytes. */
struct ia_src {
	int (*read)(struct ia_src *src, u64 off, void *buf, size_t len);
	u64 len;
};

struct ia_src_user {
	struct ia_src base;
	const u8 __user *p;
};

struct ia_src_kernel {
	struct ia_src base;
	const u8 *p;
};

struct ia_src_flash {
	struct ia_src base;
	struct imgauth *ia;
	u64 off;
};

void ia_src_user_init(struct ia_src_user *s, const void __user *p, u64 len);
void ia_src_kernel_init(struct ia_src_kernel *s, const u8 *p, u64 len);
void ia_src_flash_init(struct ia_src_flash *s, struct imgauth *ia, int target,
		       u64 len);

/* The key as it is at one moment, copied: it may change afterwards. */
struct ia_key_snap {
	int state;		/* enum imgauth_key_state */
	bool provisioned;
	u32 len;
	u8 der[IMGAUTH_KEY_MAX];
};

void ia_key_snapshot(struct imgauth *ia, struct ia_key_snap *k);
/* The hash images are signed with under that key ("sha1"...). */
const char *ia_key_snap_hash(const struct ia_key_snap *k);
/*
 * The signature verdict for vd->sig over vd->digest: authenticated, not
 * (no key: unless required), refused.  0, or -errno when it cannot run.
 */
int ia_key_snap_check(struct imgauth *ia, const struct ia_key_snap *k,
		      struct ia_verdict *vd);

struct ia_expect;
/* What region @target expects of an image (size, platform, floor). */
void ia_image_expect(struct imgauth *ia, int target, struct ia_expect *ex);
/*
 * The anti-rollback floor of now against @vd->hdr: false, with the
 * refusal in @vd, when the image is below it.  Install sessions ask again
 * at their end: the floor may have been raised since they began.
 */
bool ia_image_floor_holds(struct imgauth *ia, int target,
			  struct ia_verdict *vd);

/**
 * struct ia_chunk_digests - what the verification saw, piece by piece
 * @key: two SipHash-2-4 keys, random for each install
 * @d: the 128-bit tag (two SipHash values) of every IA_CHUNK piece, in order
 * @n: number of pieces
 *
 * An install copies the image from the caller twice (it cannot hold it
 * whole); these prove that each piece copied the second time, just before
 * it is programmed, is the piece that was verified.  The tags never leave
 * the kernel and their keys are secret and new for every install, so a
 * caller that changes a piece between the two copies would have to guess
 * a 128-bit keyed PRF value: a secret-keyed SipHash is enough, and it is
 * some thirty times cheaper than SHA-256 (the signature's hash does not
 * serve here: it covers the whole image, not each piece).
 */
struct ia_chunk_digests {
	siphash_key_t key[2];
	u64 (*d)[2];
	u32 n;
};

/* 0 when piece @i (@len bytes at @buf) is the one verified, -ESTALE not. */
int ia_chunks_match(struct ia_chunk_digests *c, u32 i, const u8 *buf,
		    size_t len);
/* Safe on a zeroed or half-initialised struct. */
void ia_chunks_free(struct ia_chunk_digests *c);

/**
 * struct ia_v1_pass - the verification of a v1 image, a piece at a time
 * @ia: device
 * @k: the key it is checked with, taken when it began
 * @hs: the signature's hash
 * @crc: the checksum so far
 * @len: the image's length
 * @next: the offset of the next piece
 * @chunks: where each piece's tag goes, or NULL
 * @open: begun, and its checks before the signature passed
 *
 * ia_v1_begin() with the first piece (the header is decoded from the very
 * bytes that are hashed), ia_v1_piece() with each next IA_CHUNK piece in
 * order (the last one shorter), ia_v1_end() for the checksum and the
 * signature; ia_v1_free() in any case.  ia_image_verify() runs them over
 * a source; an install session (stream.c) as the pieces arrive.
 */
struct ia_v1_pass {
	struct imgauth *ia;
	struct ia_key_snap *k;
	struct ia_hasher hs;
	u32 crc;
	u64 len;
	u64 next;
	struct ia_chunk_digests *chunks;
	bool open;
};

/*
 * Begin with @first, the first min(@len, IA_CHUNK) bytes of an image of
 * @len bytes for region @target: length, magic, platform, layout checks.
 * Returns 0 with @ps->open when the image may go on; with a refusal in
 * @vd and !@ps->open when not; or -errno.  With @chunks (zeroed by the
 * caller, freed by it with ia_chunks_free()), every piece's tag is kept.
 */
int ia_v1_begin(struct ia_v1_pass *ps, struct imgauth *ia, int target,
		const u8 *first, size_t n, u64 len, struct ia_verdict *vd,
		struct ia_chunk_digests *chunks);
/* The piece at @off (the next one), @n bytes. */
int ia_v1_piece(struct ia_v1_pass *ps, struct ia_verdict *vd, u64 off,
		const u8 *buf, size_t n);
/* Every piece came: checksum, then signature; the verdict in @vd. */
int ia_v1_end(struct ia_v1_pass *ps, struct ia_verdict *vd);
/* Safe on a zeroed, begun or ended pass. */
void ia_v1_free(struct ia_v1_pass *ps);

/*
 * Run every check on the image in @src, for region @target: length,
 * magic, platform, layout, checksum, signature.  Every byte is read once:
 * the header is decoded from the bytes that are hashed, the signature
 * comes from the same reads.  @chunk is an IA_CHUNK buffer.  With
 * @chunks (zeroed by the caller, freed by it with ia_chunks_free()), the
 * digest of each piece is kept once the length is known to fit the region.
 * Returns 0 with the outcome in @vd, or a negative errno when the check
 * itself could not run (fault, I/O error, no memory).
 */
int ia_image_verify(struct imgauth *ia, int target, struct ia_src *src,
		    u8 *chunk, struct ia_verdict *vd,
		    struct ia_chunk_digests *chunks);

#endif
