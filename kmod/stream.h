/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streamable (v2) images: the signature covers the header and a table of
 * per-chunk SHA-256 digests, so each payload chunk is checked against the
 * table when it arrives, programmed, read back and compared, and thrown
 * away: every byte is copied from the caller once, hashed once, and
 * programmed only after it was proven to be a verified byte.
 */
#ifndef _IMGAUTH_STREAM_H
#define _IMGAUTH_STREAM_H

#include "imgauth.h"
#include "image.h"
#include "verifier.h"
#include "ia_image2.h"

/**
 * struct ia_stream_v1 - a v1 image in an install session (stream_v1.c)
 * @pass: its verification, a piece at a time
 * @tags: each piece's tag, for pass 2
 * @total: its length
 */
struct ia_stream_v1 {
	struct ia_v1_pass pass;
	struct ia_chunk_digests tags;
	u64 total;
};

/**
 * struct ia_stream - one v2 image being installed or verified
 * @ia: device
 * @target: the region written (or checked)
 * @flags: IMGAUTH_INSTALL_*; with DRY_RUN nothing is written
 * @write: flash is being written (not a dry run, not a verification)
 * @lay: the image's layout, from the verified prefix
 * @prefix: header, extension, chunk table and signature area, verified
 * @next: the next payload chunk expected
 * @crc: the checksum of header and payload so far
 * @sha: SHA-256 for the chunks
 * @piece: IA_CHUNK bytes: the chunk being checked
 * @check: IA_CHUNK bytes: its read-back
 * @prepared: the slot is recorded empty and erased: abort must erase it
 * @v1: a v1 image (stream_v1.c; @lay, @next, @crc and @sha unused), or NULL
 * @vd: the verdict so far
 */
struct ia_stream {
	struct imgauth *ia;
	int target;
	u32 flags;
	bool write;
	struct ia_layout lay;
	u8 *prefix;
	u32 next;
	u32 crc;
	struct ia_hasher sha;
	u8 *piece;
	u8 *check;
	bool prepared;
	struct ia_stream_v1 *v1;
	struct ia_verdict vd;
};

/*
 * Start: @prefix (kmalloc()ed, @prefix_len bytes, owned by the stream from
 * now on) must be the whole prefix of a v2 image of @total bytes.  Checks
 * it and its signature with the installed key; when @write, records the
 * slot empty, erases it and programs the prefix.  Caller holds op_lock.
 * Returns 0 (the verdict in st->vd says whether to go on) or -errno.
 */
int ia_stream_begin(struct ia_stream *st, struct imgauth *ia, int target,
		    u32 flags, bool write, u8 *prefix, u32 prefix_len,
		    u64 total);

/*
 * The next chunk, @len bytes at @data (a kernel buffer of at least
 * IA_CHUNK bytes, which may be padded).  0 when it was the verified chunk
 * (and is on flash when writing), else the verdict in st->vd is a refusal.
 */
int ia_stream_chunk(struct ia_stream *st, u8 *data, u32 len);

/* Every chunk came: check the checksum, and when writing record the image. */
int ia_stream_end(struct ia_stream *st);

/* Release; with @erase, a prepared slot is erased (refused or abandoned). */
void ia_stream_free(struct ia_stream *st, bool erase);

/*
 * v1 images in a session (stream_v1.c).  The session is v1 when its
 * first bytes have the v1 magic.  Begin with the first min(@total,
 * IA_CHUNK) bytes at @first (owned by the stream from now on); each chunk
 * is the next IA_CHUNK piece; END brings the whole image of @total bytes
 * at @data, whose pieces must be the ones the chunks brought.  Caller
 * holds op_lock.  0 or -errno, the verdict in st->vd.
 */
bool ia_stream_is_v1(const u8 *prefix, u64 len);
int ia_stream_v1_begin(struct ia_stream *st, struct imgauth *ia, int target,
		       u32 flags, u8 *first, u32 len, u64 total);
int ia_stream_v1_chunk(struct ia_stream *st, const void __user *data,
		       u64 len);
int ia_stream_v1_end(struct ia_stream *st, const void __user *data, u64 len);
void ia_stream_v1_free(struct ia_stream *st);
/* The length of the image in the session. */
u64 ia_stream_len(const struct ia_stream *st);

/*
 * Install sessions (IMGAUTH_IOC_STREAM_*): one per open file, in *@slot.
 * BEGIN takes the device's install bit (a second install gets EBUSY) and
 * holds it until END or ABORT; op_lock is taken in each call, so other
 * operations run between chunks, but the key cannot change meanwhile
 * (ia_session_open() says so to keyops.c).  Each returns 0 or -errno; @vd
 * says what happened; a refusal ends the session and erases the slot.
 */
int ia_session_begin(struct imgauth *ia, struct ia_stream **slot, u32 flags,
		     const void __user *prefix, u64 plen, u64 total,
		     struct ia_verdict *vd, int *target);
int ia_session_chunk(struct imgauth *ia, struct ia_stream **slot,
		     const void __user *data, u64 len, struct ia_verdict *vd);
int ia_session_end(struct imgauth *ia, struct ia_stream **slot,
		   const void __user *data, u64 len, struct ia_verdict *vd,
		   int *target);
void ia_session_abort(struct imgauth *ia, struct ia_stream **slot);
/* True while any install session is open (key changes must wait). */
bool ia_session_open(struct imgauth *ia);

/* A v2 image from any source (user buffer, flash), start to end. */
struct ia_src;
int ia_stream_src(struct imgauth *ia, int target, u32 flags, bool write,
		  struct ia_src *src, struct ia_verdict *vd);

#endif
