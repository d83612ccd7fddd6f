// SPDX-License-Identifier: GPL-2.0
/*
 * v2 images: the format is lib/ia_image2.c's; this builds and streams.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ia_crc32.h"
#include "ia_image2.h"
#include "ossl.h"
#include "session.h"
#include "v2image.h"

/*
 * The signature's length is part of what it signs (the extension), and a
 * DER DSA signature's length varies by a byte or two: sign until a
 * signature has the length it was made for.
 */
#define V2_SIGN_TRIES	64

int v2_build(struct ia_hdr *h, const uint8_t *payload, size_t len,
	     const char *key_path, struct buf *out, size_t *sig_len,
	     char *err, size_t errlen)
{
	uint32_t n = (uint32_t)((len + IMGAUTH_V2_CHUNK - 1) / IMGAUTH_V2_CHUNK);
	uint64_t off = ia_v2_payload_off(n), signed_len;
	size_t guess = IMGAUTH_SIG_MAX, i;
	uint8_t *img, *sig = NULL;
	int tries;

	if (len > UINT32_MAX || off > SIZE_MAX - len) {
		snprintf(err, errlen, "payload too large for a v2 image");
		return -1;
	}
	signed_len = IMGAUTH_V2_HDR_LEN + (uint64_t)n * IMGAUTH_V2_DIGEST_LEN;
	img = calloc(1, off + len);
	if (!img) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->magic = IMGAUTH_IMAGE_MAGIC_V2;
	h->offset = (uint32_t)off;
	h->size = (uint32_t)len;
	h->cksum = 0;
	ia_hdr_encode(img, h);
	h->cksum = ia_crc32(ia_hdr_crc_start(img), payload, len);
	ia_hdr_encode(img, h);
	for (i = 0; i < n; i++) {
		size_t clen = ia_v2_chunk_len((uint32_t)len, (uint32_t)i);

		if (ossl_sha256(payload + i * IMGAUTH_V2_CHUNK, clen,
				img + IMGAUTH_V2_HDR_LEN + i * IMGAUTH_V2_DIGEST_LEN)) {
			const char *why = ossl_unavailable();

			snprintf(err, errlen, "SHA-256 failed%s%s",
				 why ? ": " : "", why ? why : "");
			goto fail;
		}
	}
	memcpy(img + off, payload, len);
	for (tries = 0; tries < V2_SIGN_TRIES; tries++) {
		size_t got = 0;

		ia_v2_ext_encode(img + IMGAUTH_HDR_LEN, n, (uint32_t)guess);
		free(sig);
		sig = NULL;
		if (ossl_sign(key_path, img, signed_len, &sig, &got, err, errlen))
			goto fail;
		if (got == guess) {
			memcpy(img + signed_len, sig, got);
			free(sig);
			*sig_len = got;
			buf_free(out);
			out->data = img;
			out->len = off + len;
			out->cap = out->len;
			return 0;
		}
		guess = got;
	}
	snprintf(err, errlen, "the signature length never settled in %d tries",
		 V2_SIGN_TRIES);
fail:
	free(sig);
	free(img);
	return -1;
}

int v2_push_init(struct v2_push *p, int fd, uint32_t flags, uint64_t max)
{
	memset(p, 0, sizeof(*p));
	p->fd = fd;
	p->flags = flags;
	p->max = max;
	p->pwant = IMGAUTH_V2_HDR_LEN;
	p->prefix = malloc(p->pwant);
	p->chunk = malloc(IMGAUTH_V2_CHUNK);
	if (!p->prefix || !p->chunk) {
		v2_push_free(p);
		return -ENOMEM;
	}
	return 0;
}

static int step(struct v2_push *p, unsigned long cmd, const void *data,
		uint64_t len)
{
	return session_step(p->fd, cmd, p->flags, data, len, p->total,
			    &p->res, &p->err, &p->failed);
}

/* 48 bytes in: how long the prefix is, and the image. */
static int prefix_size(struct v2_push *p)
{
	struct ia_hdr h;
	uint32_t n = ia_get_be32(p->prefix + IMGAUTH_HDR_LEN + 4);
	uint8_t *np;

	ia_hdr_decode(&h, p->prefix);
	p->pwant = ia_v2_payload_off(n);
	p->size = h.size;
	p->nchunks = n;
	p->total = p->pwant + h.size;
	/* The kernel refuses a bad layout; here only what to allocate. */
	if (p->total > p->max || p->pwant > p->max) {
		snprintf(p->res.message, sizeof(p->res.message),
			 "a %llu-byte v2 image: more than the slot holds",
			 (unsigned long long)p->total);
		p->res.status = IMGAUTH_E_LENGTH;
		p->err = -EFBIG;
		p->failed = 1;
		return p->err;
	}
	np = realloc(p->prefix, p->pwant);
	if (!np)
		return -ENOMEM;
	p->prefix = np;
	return 0;
}

int v2_push_feed(struct v2_push *p, const void *data, size_t len)
{
	const uint8_t *d = data;
	int ret;

	while (len && !p->failed) {
		size_t n;

		if (!p->began) {
			n = p->pwant - p->plen < len ? p->pwant - p->plen : len;
			memcpy(p->prefix + p->plen, d, n);
			p->plen += n;
			d += n;
			len -= n;
			if (p->plen < p->pwant)
				continue;
			if (p->pwant == IMGAUTH_V2_HDR_LEN) {
				ret = prefix_size(p);
				if (ret)
					return ret;
				if (p->pwant > p->plen)
					continue;
			}
			ret = step(p, IMGAUTH_IOC_STREAM_BEGIN, p->prefix, p->plen);
			if (ret)
				return ret;
			p->began = 1;
			continue;
		}
		{
			size_t want = ia_v2_chunk_len(p->size, p->next);

			if (!want) {
				/* More bytes than the header says. */
				p->res.status = IMGAUTH_E_LAYOUT;
				snprintf(p->res.message, sizeof(p->res.message),
					 "more data than the v2 header's size");
				p->err = -EMSGSIZE;
				p->failed = 1;
				return p->err;
			}
			n = want - p->clen < len ? want - p->clen : len;
			memcpy(p->chunk + p->clen, d, n);
			p->clen += n;
			d += n;
			len -= n;
			if (p->clen < want)
				continue;
			ret = step(p, IMGAUTH_IOC_STREAM_CHUNK, p->chunk, p->clen);
			if (ret)
				return ret;
			p->next++;
			p->clen = 0;
		}
	}
	return p->failed ? p->err : 0;
}

int v2_push_finish(struct v2_push *p)
{
	if (p->failed)
		return p->err;
	if (!p->began) {
		p->res.status = IMGAUTH_E_LENGTH;
		snprintf(p->res.message, sizeof(p->res.message),
			 "the image ended inside its v2 prefix (%zu of %zu bytes)",
			 p->plen, p->pwant);
		return -EINVAL;
	}
	/* A short last chunk: the kernel says it is short. */
	if (p->clen && step(p, IMGAUTH_IOC_STREAM_CHUNK, p->chunk, p->clen))
		return p->err;
	return step(p, IMGAUTH_IOC_STREAM_END, NULL, 0);
}

void v2_push_free(struct v2_push *p)
{
	free(p->prefix);
	free(p->chunk);
	p->prefix = p->chunk = NULL;
}
