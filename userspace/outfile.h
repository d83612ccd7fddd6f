/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output files that are replaced whole or not at all ("image sign -o",
 * "tftp get -o", "key rotate -o"): written as a temporary FILE.XXXXXX in the same
 * directory, then renamed over FILE.  A symlink is followed, so the file
 * it names is replaced and the link stays; an existing file keeps its
 * mode (and, for root, its owner).  Devices and FIFOs are written in
 * place, "-" is stdout, but not MTD flash (/dev/mtdN, /dev/mtdblockN): nothing
 * here erases it first (so NOR would keep old bits), NAND takes whole
 * pages only, and raw flash is flashcp's or nandwrite's job, or for an
 * imgauth region "image install", which verifies.  No temporary survives
 * an error or SIGINT, SIGTERM or SIGHUP.
 */
#ifndef IA_OUTFILE_H
#define IA_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct outfile {
	FILE *f;
	char *path;		/* what is replaced: the symlink's target */
	char *tmp;		/* the temporary, NULL when written in place */
	char *buf;		/* the temporary's stdio buffer, or NULL */
};

/*
 * Open @path for writing.  @new_mode is the mode of a file that does not
 * exist yet; 0 means 0666 less the umask.  0 or -errno: -ENOTBLK for an
 * MTD flash device.
 */
int outfile_open(struct outfile *o, const char *path, mode_t new_mode);

/* strerror() for what these return, in its own words for -ENOTBLK. */
const char *outfile_strerror(int err);

/* @len bytes of @data after what was written; 0 or -errno. */
int outfile_append(struct outfile *o, const void *data, size_t len);

/* Flush, sync and rename into place; 0 or -errno (the temporary is gone). */
int outfile_commit(struct outfile *o);

/* Drop what was written; the old file stays as it was. */
void outfile_abort(struct outfile *o);

/* All of @data as @path, whole or not at all: open, write, commit. */
int outfile_write(const char *path, const void *data, size_t len,
		  mode_t new_mode);

#endif
