/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking an image wherever it is: in the caller's memory (install) or on
 * flash (verify, commit, boot-time checks).
 */
#ifndef _IMGAUTH_IMAGE_H
#define _IMGAUTH_IMAGE_H

#include <linux/types.h>

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

struct ia_src_flash {
	struct ia_src base;
	struct imgauth *ia;
	u64 off;
};

void ia_src_user_init(struct ia_src_user *s, const void __user *p, u64 len);
void ia_src_flash_init(struct ia_src_flash *s, struct imgauth *ia, int target,
		       u64 len);

/*
 * Run every check on the image in @src, for region @target: length,
 * magic, platform, layout, checksum, signature.  @chunk is an IA_CHUNK
 * buffer.  Returns 0 with the outcome in @vd, or a negative errno when the
 * check itself could not run (fault, I/O error, no memory).
 */
int ia_image_verify(struct imgauth *ia, int target, struct ia_src *src,
		    u8 *chunk, struct ia_verdict *vd);

/*
 * Read @src again and compare it with what ia_image_verify() saw (the
 * digest of header and payload, and the signature bytes).  @each, when
 * given, gets every piece first (the install writes them to flash).
 * Returns 0 when identical, -ESTALE when not, or another -errno.
 */
int ia_image_same(struct ia_src *src, const struct ia_verdict *vd, u8 *chunk,
		  int (*each)(void *ctx, u64 off, u8 *buf, size_t len),
		  void *ctx);

#endif
