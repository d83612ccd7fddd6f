/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streamable (v2) images on the tool's side: making one (image sign
 * --format v2), and feeding one to the kernel's install session as it
 * arrives (image install), never holding more than the prefix and one
 * chunk.
 */
#ifndef IA_V2IMAGE_H
#define IA_V2IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/imgauth.h>

#include "ia_image.h"
#include "util.h"

/*
 * Build the v2 image of @payload with header @h (magic, offset and
 * cksum are set here), signed with the private key at @key_path, into
 * @out.  0, or -1 with @err set.
 */
int v2_build(struct ia_hdr *h, const uint8_t *payload, size_t len,
	     const char *key_path, struct buf *out, size_t *sig_len,
	     char *err, size_t errlen);

/* An install session being fed (IMGAUTH_IOC_STREAM_*). */
struct v2_push {
	int fd;			/* the image device */
	uint32_t flags;		/* IMGAUTH_INSTALL_* */
	uint64_t max;		/* the most the prefix + payload may be */
	uint8_t *prefix;	/* until the session began */
	size_t plen, pwant;
	uint64_t total;		/* from the header */
	uint32_t size, next, nchunks;
	uint8_t *chunk;		/* IMGAUTH_V2_CHUNK bytes */
	size_t clen;
	int began, failed;
	struct imgauth_stream res;	/* the last step's answer */
	int err;		/* its -errno, 0 */
};

/* Start on the open device @fd; -ENOMEM. */
int v2_push_init(struct v2_push *p, int fd, uint32_t flags, uint64_t max);
/*
 * Feed the next @len bytes of the image.  0, or -errno once a step was
 * refused (p->res says why; the kernel ended the session).
 */
int v2_push_feed(struct v2_push *p, const void *data, size_t len);
/* The last bytes came: send what is pending and END.  0 or -errno. */
int v2_push_finish(struct v2_push *p);
void v2_push_free(struct v2_push *p);

#endif
