// SPDX-License-Identifier: GPL-2.0
/*
 * ia-uffd-race: hand an image to IMGAUTH_IOC_INSTALL from memory that
 * changes between two kernel reads of the same page, deterministically.
 *
 *   ia-uffd-race [--offset N] [--dry-run] [--no-commit]
 *                --alt PAGE:FAULTS:FILE [--alt ...] IMAGE DEVICE
 *
 * IMAGE is placed N bytes into an anonymous mapping registered with
 * userfaultfd (missing pages).  Every kernel access to a page that is not
 * mapped faults; the handler then unmaps every other page
 * (MADV_DONTNEED) and supplies the faulting one.  So each read of a page
 * by the kernel after it read any other page is a new fault, and the
 * handler numbers the faults of each page.  Fault number k of mapping page
 * PAGE is served from FILE (same length as IMAGE) when k matches FAULTS
 * ("1": only the first, "2+": the second and later), from IMAGE
 * otherwise.  The kernel, blocked in the fault, cannot read on until the
 * page is served, so the order is exact.
 *
 * Prints every fault ("fault page 3 #2 alt"), then the ioctl's status,
 * target and message.  Exit: 0 when the install succeeded, 1 when it was
 * refused, 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/imgauth.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool_util.h"

#define MAX_ALT 8
#define MAX_PAGES 65536

struct alt {
	long page;
	int from;		/* first fault number served from data */
	int to;			/* last, or 0 for no end */
	unsigned char *data;
};

static struct alt alts[MAX_ALT];
static int nalts;
static unsigned char *image, *map;
static size_t image_len, map_len, page_size, offset;
static int uffd, stop_pipe[2];
static unsigned int faults[MAX_PAGES];

/* Fill @page of the mapping from @src (an image-sized buffer). */
static void fill(unsigned char *dst, long page, const unsigned char *src)
{
	size_t start = page * page_size, i;

	memset(dst, 0, page_size);
	for (i = 0; i < page_size; i++) {
		size_t at = start + i;

		if (at >= offset && at - offset < image_len)
			dst[i] = src[at - offset];
	}
}

static void *handler(void *arg)
{
	unsigned char *page = aligned_alloc(page_size, page_size);

	(void)arg;
	if (!page)
		die("aligned_alloc");
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = uffd, .events = POLLIN },
			{ .fd = stop_pipe[0], .events = POLLIN },
		};
		struct uffd_msg msg;
		struct uffdio_copy copy;
		const unsigned char *src = image;
		const char *what = "image";
		long p;
		int i;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pfd[1].revents)
			return NULL;
		if (read(uffd, &msg, sizeof(msg)) != sizeof(msg)) {
			if (errno == EAGAIN)
				continue;
			die("read uffd");
		}
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		p = (msg.arg.pagefault.address - (uintptr_t)map) / page_size;
		if (p < 0 || p >= MAX_PAGES)
			die("fault outside the mapping");
		faults[p]++;
		for (i = 0; i < nalts; i++) {
			if (alts[i].page == p && faults[p] >= (unsigned)alts[i].from &&
			    (!alts[i].to || faults[p] <= (unsigned)alts[i].to)) {
				src = alts[i].data;
				what = "alt";
			}
		}
		printf("fault page %ld #%u %s\n", p, faults[p], what);
		fflush(stdout);
		/* Every other page must fault again on its next read. */
		if (madvise(map, map_len, MADV_DONTNEED))
			die("madvise");
		fill(page, p, src);
		copy.dst = (uintptr_t)map + p * page_size;
		copy.src = (uintptr_t)page;
		copy.len = page_size;
		copy.mode = 0;
		copy.copy = 0;
		if (ioctl(uffd, UFFDIO_COPY, &copy) && errno != EEXIST)
			die("UFFDIO_COPY");
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: ia-uffd-race [--offset N] [--dry-run] [--no-commit] "
		"--alt PAGE:FAULTS:FILE... IMAGE DEVICE\n");
	exit(2);
}

static void parse_alt(const char *arg)
{
	char *copy = strdup(arg), *page, *f, *file;
	size_t len;
	struct alt *a = &alts[nalts];

	if (nalts == MAX_ALT || !copy)
		usage();
	page = strtok(copy, ":");
	f = strtok(NULL, ":");
	file = strtok(NULL, "");
	if (!page || !f || !file)
		usage();
	a->page = strtol(page, NULL, 0);
	a->from = atoi(f);
	a->to = strchr(f, '+') ? 0 : a->from;
	if (a->from < 1)
		usage();
	a->data = slurp(file, &len);
	if (len != image_len) {
		fprintf(stderr, "%s: %zu bytes, the image has %zu\n", file, len,
			image_len);
		exit(2);
	}
	nalts++;
	free(copy);
}

int main(int argc, char **argv)
{
	struct imgauth_install arg = { .argsz = sizeof(arg) };
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	const char *alt_args[MAX_ALT];
	int i, nalt_args = 0, fd, ret, err;
	pthread_t thr;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--offset") && i + 1 < argc)
			offset = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--dry-run"))
			arg.flags |= IMGAUTH_INSTALL_DRY_RUN;
		else if (!strcmp(argv[i], "--no-commit"))
			arg.flags |= IMGAUTH_INSTALL_NO_COMMIT;
		else if (!strcmp(argv[i], "--alt") && i + 1 < argc && nalt_args < MAX_ALT)
			alt_args[nalt_args++] = argv[++i];
		else
			usage();
	}
	if (argc - i != 2)
		usage();
	page_size = sysconf(_SC_PAGESIZE);
	image = slurp(argv[i], &image_len);
	for (int k = 0; k < nalt_args; k++)
		parse_alt(alt_args[k]);
	map_len = (offset + image_len + page_size - 1) / page_size * page_size;
	if (map_len / page_size > MAX_PAGES)
		die("image too large");
	map = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		die("mmap");

	/* Kernel-mode faults too (not UFFD_USER_MODE_ONLY): root may. */
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0)
		die("userfaultfd");
	if (ioctl(uffd, UFFDIO_API, &api))
		die("UFFDIO_API");
	reg.range.start = (uintptr_t)map;
	reg.range.len = map_len;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");
	if (pipe(stop_pipe))
		die("pipe");
	if (pthread_create(&thr, NULL, handler, NULL))
		die("pthread_create");

	fd = open(argv[i + 1], O_RDWR);
	if (fd < 0)
		die(argv[i + 1]);
	arg.data = (uintptr_t)(map + offset);
	arg.len = image_len;
	ret = ioctl(fd, IMGAUTH_IOC_INSTALL, &arg);
	err = errno;
	if (write(stop_pipe[1], "x", 1) != 1)
		die("write");
	pthread_join(thr, NULL);
	printf("ioctl: %s\nstatus: %u\ntarget: %u\nmessage: %s\n",
	       ret ? strerror(err) : "ok", arg.status, arg.target, arg.message);
	return ret ? 1 : 0;
}
