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
 * exit_code_for_errno(); the sink may have said why already.
 */
int fetch_stream(const char *src, const char *what, const struct tftp_opts *o,
		 const struct fetch_limit *lim, tftp_sink_fn sink, void *ctx);

#endif
