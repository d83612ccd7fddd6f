// SPDX-License-Identifier: GPL-2.0
/*
 * ia-stream-race: two threads on one install session, ordered with
 * userfaultfd so that one ends the session while the other waits for it.
 *
 *   ia-stream-race IMAGE DEVICE
 *
 * IMAGE is a v2 image of two or more chunks.  After STREAM_BEGIN, thread A
 * sends chunk 0 from memory registered with userfaultfd: the kernel holds
 * the device's op_lock while it copies the chunk, and stops at the first
 * page.  Thread B then sends chunk 0 (the right bytes) on the same file and
 * waits for the lock.  The fault is answered with zeros: A's chunk does not
 * match its digest, which ends the session and frees it.  B must then find
 * no session (ENOENT); a module that looked the session up before taking
 * the lock uses the freed one.
 *
 * Prints "A: ..." and "B: ..." lines; exit 0 when A was refused and B got
 * ENOENT, 1 otherwise, 2 on setup errors.
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
#include <time.h>
#include <unistd.h>

#include "tool_util.h"

static int fd;

struct chunk_call {
	const void *data;
	uint32_t len;
	int ret;
	int err;
	struct imgauth_stream a;
};

static void *send_chunk(void *p)
{
	struct chunk_call *c = p;

	memset(&c->a, 0, sizeof(c->a));
	c->a.argsz = sizeof(c->a);
	c->a.data = (uintptr_t)c->data;
	c->a.len = c->len;
	c->ret = ioctl(fd, IMGAUTH_IOC_STREAM_CHUNK, &c->a);
	c->err = errno;
	return NULL;
}

static void report(const char *who, const struct chunk_call *c)
{
	printf("%s: %s status %u: %s\n", who, c->ret ? strerror(c->err) : "ok",
	       c->a.status, c->a.message);
}

int main(int argc, char **argv)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	struct chunk_call ca = { 0 }, cb = { 0 };
	struct imgauth_stream begin;
	struct pollfd pfd;
	struct uffd_msg msg;
	pthread_t ta, tb;
	unsigned char *img, *map, *zero;
	size_t len, page = sysconf(_SC_PAGESIZE);
	uint32_t off, n;
	int uffd;

	if (argc != 3) {
		fprintf(stderr, "usage: ia-stream-race IMAGE DEVICE\n");
		return 2;
	}
	img = slurp(argv[1], &len);
	if (len < 48)
		return 2;
	off = be32(img + 8);
	n = be32(img + 36);
	if (n < 2 || off + (size_t)IMGAUTH_V2_CHUNK > len) {
		fprintf(stderr, "need a v2 image of two chunks or more\n");
		return 2;
	}
	map = mmap(NULL, IMGAUTH_V2_CHUNK, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zero = aligned_alloc(page, page);
	if (map == MAP_FAILED || !zero)
		die("mmap");
	memset(zero, 0, page);
	/* Kernel-mode faults too (not UFFD_USER_MODE_ONLY): root may. */
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		die("userfaultfd");
	reg.range.start = (uintptr_t)map;
	reg.range.len = IMGAUTH_V2_CHUNK;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");

	fd = open(argv[2], O_RDWR);
	if (fd < 0)
		die(argv[2]);
	memset(&begin, 0, sizeof(begin));
	begin.argsz = sizeof(begin);
	begin.data = (uintptr_t)img;
	begin.len = off;
	begin.total = len;
	if (ioctl(fd, IMGAUTH_IOC_STREAM_BEGIN, &begin)) {
		printf("begin: %s status %u: %s\n", strerror(errno),
		       begin.status, begin.message);
		return 2;
	}

	ca.data = map;
	ca.len = IMGAUTH_V2_CHUNK;
	if (pthread_create(&ta, NULL, send_chunk, &ca))
		die("pthread_create");
	/* A is in the kernel, holding op_lock, when its first page faults. */
	pfd.fd = uffd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 20000) != 1 || read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT) {
		fprintf(stderr, "thread A never faulted\n");
		return 2;
	}
	cb.data = img + off;
	cb.len = IMGAUTH_V2_CHUNK;
	if (pthread_create(&tb, NULL, send_chunk, &cb))
		die("pthread_create");
	/*
	 * B cannot get past op_lock while A holds it; give it time to reach
	 * the lock (a B that is late takes the same path: no session).
	 */
	nanosleep(&(struct timespec){ .tv_nsec = 300 * 1000 * 1000 }, NULL);
	/* Zeros for every page A reads: the chunk does not match its digest. */
	for (;;) {
		struct uffdio_copy copy = {
			.dst = msg.arg.pagefault.address & ~(uint64_t)(page - 1),
			.src = (uintptr_t)zero, .len = page,
		};

		if (ioctl(uffd, UFFDIO_COPY, &copy) && errno != EEXIST)
			die("UFFDIO_COPY");
		if (poll(&pfd, 1, 2000) != 1)
			break;
		if (read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
		    msg.event != UFFD_EVENT_PAGEFAULT)
			break;
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	report("A", &ca);
	report("B", &cb);
	fflush(stdout);
	return ca.ret && cb.ret && cb.err == ENOENT ? 0 : 1;
}
