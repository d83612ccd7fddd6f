// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/major.h>

#include "outfile.h"

/*
 * The temporary's stdio buffer: small pieces (a TFTP get's 512-byte
 * blocks) gather in it; outfile_append() passes a piece of
 * APPEND_DIRECT_MIN or more by it.
 */
#define OUT_BUFSIZE	(1024 * 1024)
#define APPEND_DIRECT_MIN	(16 * 1024)
/* As the kernel counts symlink hops (MAXSYMLINKS). */
#define MAX_HOPS	40

/* The temporary a signal must remove; one output at a time. */
static char sig_tmp[PATH_MAX + 16];

static void on_signal(int sig)
{
	if (sig_tmp[0])
		unlink(sig_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void (*fn)(int))
{
	signal(SIGINT, fn);
	signal(SIGTERM, fn);
	signal(SIGHUP, fn);
}

/*
 * Follow @path through symlinks to what they name, which need not exist
 * yet (a dangling link is a file to create).  malloc()ed, or NULL.
 */
static char *resolve(const char *path)
{
	char *p = strdup(path), link[PATH_MAX];
	int hops;

	for (hops = 0; p && hops < MAX_HOPS; hops++) {
		struct stat st;
		char *slash, *next;
		ssize_t n;

		if (lstat(p, &st) || !S_ISLNK(st.st_mode))
			return p;
		n = readlink(p, link, sizeof(link) - 1);
		if (n < 0) {
			free(p);
			return NULL;
		}
		link[n] = '\0';
		slash = strrchr(p, '/');
		if (link[0] == '/' || !slash) {
			next = strdup(link);
		} else if (asprintf(&next, "%.*s/%s", (int)(slash - p), p, link) < 0) {
			next = NULL;
		}
		free(p);
		p = next;
	}
	if (p)
		errno = ELOOP;
	free(p);
	return NULL;
}

/*
 * Flash: nothing would verify what lands there.  Raw (/dev/mtdN),
 * nothing here erases it first (NOR would keep the old bits) and NAND
 * takes whole pages only; through mtdblock (/dev/mtdblockN), every
 * partial erase block costs a read, an erase and a program, and a power
 * cut in one loses the whole block.
 */
static bool is_mtd(const struct stat *st)
{
	if (S_ISCHR(st->st_mode))
		return major(st->st_rdev) == MTD_CHAR_MAJOR;
	return S_ISBLK(st->st_mode) && major(st->st_rdev) == MTD_BLOCK_MAJOR;
}

/*
 * Whether the open @fd may be written: 0, -ENOTBLK for MTD flash, or
 * -errno when what it is cannot be told (then it is not written either).
 */
static int check_fd(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	return is_mtd(&st) ? -ENOTBLK : 0;
}

static int open_in_place(struct outfile *o, const char *path)
{
	int err;

	o->f = fopen(path, "w");
	if (!o->f)
		return -errno;
	/* What was opened, should the path have changed since its stat. */
	err = check_fd(fileno(o->f));
	if (err) {
		fclose(o->f);
		o->f = NULL;
	}
	return err;
}

/* The mode and owner of the file replaced, or of a new one. */
static void take_mode(int fd, const struct stat *old, mode_t new_mode)
{
	mode_t mask;

	if (old) {
		/* Root replacing someone's file gives it back; others cannot.
		 * Owner first: chown clears the set-id bits chmod restores. */
		if (fchown(fd, old->st_uid, old->st_gid))
			errno = 0;
		fchmod(fd, old->st_mode & 07777);
		return;
	}
	if (!new_mode) {
		mask = umask(0);
		umask(mask);
		new_mode = 0666 & ~mask;
	}
	fchmod(fd, new_mode);
}

int outfile_open(struct outfile *o, const char *path, mode_t new_mode)
{
	struct stat st;
	bool exists;
	int fd, ret;

	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-")) {
		/* "-o - >/dev/mtd0" is the same raw write. */
		ret = check_fd(STDOUT_FILENO);
		if (ret)
			return ret;
		o->f = stdout;
		return 0;
	}
	o->path = resolve(path);
	if (!o->path)
		return -errno;
	exists = !stat(o->path, &st);
	if (exists && S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto fail;
	}
	/* Before opening: a claimed MTD would only say "Permission denied". */
	if (exists && is_mtd(&st)) {
		ret = -ENOTBLK;
		goto fail;
	}
	/* Renaming a temporary over /dev/null would replace the device. */
	if (exists && !S_ISREG(st.st_mode)) {
		ret = open_in_place(o, o->path);
		if (ret)
			goto fail;
		return 0;
	}
	if (asprintf(&o->tmp, "%s.XXXXXX", o->path) < 0) {
		o->tmp = NULL;
		ret = -ENOMEM;
		goto fail;
	}
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	take_mode(fd, exists ? &st : NULL, new_mode);
	snprintf(sig_tmp, sizeof(sig_tmp), "%s", o->tmp);
	catch_signals(on_signal);
	/* Past a file size limit, write() then fails and we clean up. */
	signal(SIGXFSZ, SIG_IGN);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		ret = -errno;
		close(fd);
		outfile_abort(o);
		return ret;
	}
	/*
	 * glibc ignores the size unless it is given the buffer: with NULL
	 * the stream gets st_blksize (4 KiB).  Without the memory, that
	 * small buffer does too.
	 */
	o->buf = malloc(OUT_BUFSIZE);
	if (o->buf)
		setvbuf(o->f, o->buf, _IOFBF, OUT_BUFSIZE);
	return 0;
fail:
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return ret;
}

const char *outfile_strerror(int err)
{
	if (err == -ENOTBLK)
		return "an MTD flash device, which is not written raw (not erased first, not verified; nor through mtdblock): write a file and use flashcp or nandwrite, or \"image install\" for an imgauth region";
	return strerror(err < 0 ? -err : err);
}

static void forget(struct outfile *o)
{
	if (o->tmp) {
		catch_signals(SIG_DFL);
		sig_tmp[0] = '\0';
	}
	free(o->tmp);
	free(o->path);
	/* Only once the stream that used it is closed. */
	free(o->buf);
	memset(o, 0, sizeof(*o));
}

int outfile_commit(struct outfile *o)
{
	int ret = 0;

	if (fflush(o->f) || ferror(o->f))
		ret = -(errno ? errno : EIO);
	/* The data must be on disk before the name points at it. */
	if (!ret && o->tmp && fsync(fileno(o->f)))
		ret = -errno;
	if (o->f != stdout && fclose(o->f) && !ret)
		ret = -errno;
	o->f = NULL;
	if (o->tmp) {
		if (!ret && rename(o->tmp, o->path))
			ret = -errno;
		if (ret)
			unlink(o->tmp);
	}
	forget(o);
	return ret;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	else if (o->f)
		fflush(o->f);
	if (o->tmp)
		unlink(o->tmp);
	forget(o);
}

/*
 * Into the temporary (a regular file), a large piece is written as it
 * is: copying it into the stream's buffer first would touch every byte
 * once more for no fewer system calls worth having.  Written in place (a
 * device, a FIFO, stdout), everything goes through the buffer, whose
 * writes are multiples of st_blksize, as a device may want them; a
 * 65464-byte TFTP block is not one.
 */
int outfile_append(struct outfile *o, const void *data, size_t len)
{
	const char *p = data;

	errno = 0;
	if (!o->tmp || len < APPEND_DIRECT_MIN) {
		if (len && fwrite(data, 1, len, o->f) != len)
			return -(errno ? errno : EIO);
		return 0;
	}
	/* What the buffer holds goes first, so the order stays. */
	if (fflush(o->f))
		return -(errno ? errno : EIO);
	while (len) {
		ssize_t n = write(fileno(o->f), p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int outfile_write(const char *path, const void *data, size_t len,
		  mode_t new_mode)
{
	struct outfile out;
	int err;

	err = outfile_open(&out, path, new_mode);
	if (err)
		return err;
	errno = 0;
	if (len && fwrite(data, 1, len, out.f) != len) {
		err = -(errno ? errno : EIO);
		outfile_abort(&out);
		return err;
	}
	return outfile_commit(&out);
}
