/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Getting an image or key from where the admin says: a local path or a
 * tftp://HOST[:PORT]/PATH URL, with the ScreenOS console lines.
 */
#ifndef IA_FETCH_H
#define IA_FETCH_H

#include <stdbool.h>

#include "tftp.h"
#include "util.h"

/* True when @src is a tftp:// URL. */
bool fetch_is_url(const char *src);

/*
 * Read @src into @out.  @what names it in "Load @what from TFTP ..."
 * ("software", "file").  Messages go to stdout unless opt_quiet.
 * Returns an exit code (EXIT_OK, EXIT_TRANSFER, EXIT_USAGE).
 */
int fetch_source(const char *src, const char *what, const struct tftp_opts *o,
		 struct buf *out);

#endif
