/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Getting an image or key from where the admin says: a local path or a
 * tftp://HOST[:PORT]/PATH URL, with the ScreenOS console lines, and never
 * more than the destination holds.
 */
#ifndef IA_FETCH_H
#define IA_FETCH_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/imgauth.h>

#include "tftp.h"
#include "util.h"

/*
 * The most a key file can be: a certificate around a key that fills a
 * slot (IMGAUTH_KEY_MAX of DER), as PEM, with room for names, extensions,
 * a CA's signature and the text openssl may put before it.
 */
#define FETCH_KEY_MAX		(8 * IMGAUTH_KEY_MAX)
/*
 * The most an image can be when no device says how large its region is
 * (offline verification): more than any imgauth flash region, little
 * enough to hold in memory.
 */
#define FETCH_IMAGE_MAX_OFFLINE	(256ull << 20)

/* The largest image the header can describe: size is 32 bits. */
#define FETCH_IMAGE_FILE_MAX	(IMGAUTH_HDR_LEN + 0xffffffffull + IMGAUTH_SIG_MAX)

/* What bounds a fetch, for the messages: "the image0 region". */
struct fetch_limit {
	uint64_t max;		/* bytes; 0: none */
	const char *what;
};

/*
 * A local image file or region device, no more than @max bytes (what the
 * format can describe); says why not.  0 or an exit code (EXIT_VERIFY
 * when larger).
 */
int fetch_load(const char *path, struct buf *b, uint64_t max);

/* True when @src is a tftp:// URL (any case: TFTP:// too). */
bool fetch_is_url(const char *src);

/*
 * Read @src into @out.  @what names it in "Load @what from TFTP ..."
 * ("software", "file ").  Console lines go to cli_say().  More than
 * @lim->max bytes is refused: before the first block when the server
 * announces the size, else when the bound is passed.  Returns an exit
 * code (EXIT_OK, ..., EXIT_VERIFY when too large).
 */
int fetch_source(const char *src, const char *what, const struct tftp_opts *o,
		 const struct fetch_limit *lim, struct buf *out);

/*
 * The same, handing the bytes to @sink as they come (a local file in
 * 64 KiB pieces) instead of collecting them: nothing is held here.  A
 * sink's error ends the transfer and is returned as an exit code through
 * exit_code_for_errno(); the sink may have said why already.  With
 * @stats, a TFTP transfer fills it as it goes: the sink may read the size
 * the server announced (@stats->tsize, 0: none) from its first bytes on.
 */
int fetch_stream(const char *src, const char *what, const struct tftp_opts *o,
		 const struct fetch_limit *lim, tftp_sink_fn sink, void *ctx,
		 struct tftp_stats *stats);

/*
 * A local regular file, mapped (PROT_READ, MAP_PRIVATE) instead of read:
 * for the kernel to copy from, never the tool to touch.  A file truncated
 * while mapped faults on access: SIGBUS in here, EFAULT in the kernel's
 * copy_from_user() (which refuses the install cleanly).  So whatever the
 * tool needs of the image itself (its format, the header lines) comes
 * from @head, the first bytes copied by pread().
 */
struct fetch_map {
	const void *data;	/* the mapping; NULL: not mapped */
	size_t len;		/* the file's size when mapped */
	uint8_t head[IMGAUTH_HDR_LEN];	/* its first bytes, a copy */
	size_t head_len;	/* how many of them there were */
};

/*
 * Map @src when it is a non-empty regular file of no more than @lim->max
 * bytes: EXIT_OK with @m->data set.  EXIT_OK with @m->data NULL when it is
 * not one (a pipe, a device, an empty file, one that cannot be mapped,
 * one that does not exist): fetch_source() or fetch_stream() then take it,
 * with their messages.  A file larger than @lim->max is refused as they
 * refuse it (EXIT_VERIFY, the same words).
 */
int fetch_map(const char *src, const struct fetch_limit *lim,
	      struct fetch_map *m);
void fetch_unmap(struct fetch_map *m);

#endif
