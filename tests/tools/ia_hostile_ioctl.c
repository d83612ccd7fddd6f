// SPDX-License-Identifier: GPL-2.0
/*
 * ia-hostile-ioctl: hostile ioctls on the imgauth character devices.
 *
 *   ia-hostile-ioctl DEVDIR V2IMAGE V1IMAGE
 *
 * DEVDIR is /dev/imgauth; V2IMAGE a good v2 image of at least two chunks,
 * V1IMAGE a good v1 image, both for this device.  Runs fixed cases, each
 * with the errno (and, where the kernel gives one, the status) it must
 * get: unknown numbers, each ioctl on the wrong kind of device, bad and
 * unaligned pointers, short, huge and unaligned argsz, bytes beyond what
 * the kernel knows, lengths past the region and past the address space,
 * and install-session abuse (CHUNK or END before BEGIN, BEGIN twice,
 * out-of-order, short, empty and oversized chunks, END without chunks,
 * ABORT twice, close in the middle).  Nothing here installs anything:
 * every session is refused or abandoned, installs are dry runs.
 *
 * Prints "case NAME: errno E status S" per case and "FAIL NAME: ..." for
 * each wrong answer, then "cases: N run, N failed".  Exit 0 when none
 * failed, 1 otherwise, 2 on setup errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/imgauth.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool_util.h"

#define ANY_STATUS 0xffffffffu
#define CHUNK IMGAUTH_V2_CHUNK

static const char *devdir;
static int ran, failed;
static long page;

static int dev(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", devdir, name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

/* The errno of an ioctl, 0 on success. */
static int call(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

static void check(const char *name, int got, int want, uint32_t status,
		  uint32_t want_status)
{
	ran++;
	printf("case %s: errno %d status %u\n", name, got, status);
	if (got != want || (want_status != ANY_STATUS && status != want_status)) {
		printf("FAIL %s: errno %d status %u, expected errno %d", name,
		       got, status, want);
		if (want_status != ANY_STATUS)
			printf(" status %u", want_status);
		printf("\n");
		failed++;
	}
}

/* A page whose next page is unmapped: for structures that end at its edge. */
static unsigned char *edge_page(void)
{
	unsigned char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p + page, page))
		exit(2);
	return p;
}

static const char *const region_devs[] = { "loader", "image0", "image1" };
static const char *const key_devs[] = { "key1", "key2", "key3" };

static void generic_cases(const unsigned char *v1, size_t v1len)
{
	static const unsigned long unknown[] = {
		_IO(IMGAUTH_IOC_MAGIC, 0), _IO(IMGAUTH_IOC_MAGIC, 9),
		_IO(IMGAUTH_IOC_MAGIC, 255), _IO('T', 1),
		_IOWR(IMGAUTH_IOC_MAGIC, 1, struct imgauth_install),
		_IOR(IMGAUTH_IOC_MAGIC, 4, struct imgauth_region_info),
	};
	unsigned char *edge = edge_page();
	char name[96];
	unsigned int i, d;

	for (d = 0; d < 6; d++) {
		const char *dn = d < 3 ? region_devs[d] : key_devs[d - 3];
		int fd = dev(dn), region = d < 3;
		struct imgauth_region_info ri;
		struct imgauth_install in;
		struct imgauth_key_update ku;
		unsigned char big[8192];

		for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
			snprintf(name, sizeof(name), "%s-unknown-ioctl-%#lx", dn,
				 unknown[i]);
			memset(&ri, 0, sizeof(ri));
			ri.argsz = sizeof(ri);
			check(name, call(fd, unknown[i], &ri), ENOTTY, 0, 0);
		}
		/* The wrong kind of device. */
		memset(&in, 0, sizeof(in));
		in.argsz = sizeof(in);
		in.flags = IMGAUTH_INSTALL_DRY_RUN;
		in.data = (uintptr_t)v1;
		in.len = v1len;
		memset(&ku, 0, sizeof(ku));
		ku.argsz = sizeof(ku);
		snprintf(name, sizeof(name), "%s-wrong-device", dn);
		check(name, region ? call(fd, IMGAUTH_IOC_KEY_DELETE, &ku) :
				     call(fd, IMGAUTH_IOC_INSTALL, &in),
		      ENOTTY, 0, 0);
		if (!region || d == 0) {
			struct imgauth_stream s = { .argsz = sizeof(s) };

			snprintf(name, sizeof(name), "%s-stream-begin", dn);
			check(name, call(fd, IMGAUTH_IOC_STREAM_BEGIN, &s), ENOTTY, 0, 0);
			snprintf(name, sizeof(name), "%s-stream-abort", dn);
			check(name, call(fd, IMGAUTH_IOC_STREAM_ABORT, NULL), ENOTTY, 0, 0);
		}
		/* Bad pointers to the argument itself. */
		snprintf(name, sizeof(name), "%s-info-null", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, NULL), EFAULT, 0, 0);
		snprintf(name, sizeof(name), "%s-info-kernel-pointer", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO,
				 (void *)(uintptr_t)0xffff888000000000ull), EFAULT, 0, 0);
		snprintf(name, sizeof(name), "%s-info-unmapped", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, edge + page), EFAULT, 0, 0);
		/* argsz: too short, larger than a page, huge. */
		for (i = 0; i < 4; i++) {
			static const uint32_t bad[] = { 0, 1, 3, 4097 };
			int want = bad[i] > 4096 ? E2BIG : EINVAL;
			unsigned long cmd = region ? IMGAUTH_IOC_INSTALL :
						     IMGAUTH_IOC_KEY_SET;

			memset(big, 0, sizeof(big));
			*(uint32_t *)big = bad[i];
			snprintf(name, sizeof(name), "%s-argsz-%u", dn, bad[i]);
			check(name, call(fd, cmd, big), want, 0, 0);
		}
		*(uint32_t *)big = 0xffffffff;
		snprintf(name, sizeof(name), "%s-argsz-max", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, big), E2BIG, 0, 0);
		/* A larger structure than the kernel knows: zeros are fine... */
		memset(big, 0, sizeof(big));
		*(uint32_t *)big = sizeof(ri) + 13;	/* unaligned, too */
		snprintf(name, sizeof(name), "%s-info-argsz-longer-zero", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, big), 0, 0, 0);
		/* ...a byte the kernel would ignore is not. */
		big[sizeof(ri) + 12] = 1;
		snprintf(name, sizeof(name), "%s-info-argsz-longer-nonzero", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, big), E2BIG, 0, 0);
		/* Only argsz known: only argsz comes back, nothing after it. */
		memset(big, 0x5a, sizeof(big));
		*(uint32_t *)big = 4;
		snprintf(name, sizeof(name), "%s-info-argsz-4", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, big), 0, 0, 0);
		for (i = 4; i < sizeof(ri) + 8; i++)
			if (big[i] != 0x5a)
				break;
		snprintf(name, sizeof(name), "%s-info-argsz-4-untouched", dn);
		check(name, i == sizeof(ri) + 8 ? 0 : EIO, 0, 0, 0);
		/* A structure that ends exactly at an unmapped page. */
		memset(edge + page - sizeof(ri), 0, sizeof(ri));
		*(uint32_t *)(edge + page - sizeof(ri)) = sizeof(ri);
		snprintf(name, sizeof(name), "%s-info-at-page-end", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, edge + page - sizeof(ri)),
		      0, 0, 0);
		*(uint32_t *)(edge + page - sizeof(ri)) = sizeof(ri) + 8;
		snprintf(name, sizeof(name), "%s-info-past-page-end", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, edge + page - sizeof(ri)),
		      EFAULT, 0, 0);
		/* Unaligned argument. */
		memset(big, 0, sizeof(big));
		memcpy(big + 1, &(uint32_t){ sizeof(ri) }, 4);
		snprintf(name, sizeof(name), "%s-info-unaligned", dn);
		check(name, call(fd, IMGAUTH_IOC_REGION_INFO, big + 1), 0, 0, 0);
		close(fd);
	}
	munmap(edge, page);
}

static void install_cases(const unsigned char *v1, size_t v1len)
{
	static const char *const nodes[] = { "loader", "image0" };
	struct imgauth_install in;
	unsigned char *edge = edge_page(), *odd;
	char name[96];
	unsigned int n;
	int got;

	odd = malloc(v1len + 1);
	memcpy(odd + 1, v1, v1len);
	for (n = 0; n < 2; n++) {
		int fd = dev(nodes[n]);

#define INSTALL(label, fl, ptr, length, want, want_st) do {		\
		memset(&in, 0, sizeof(in));				\
		in.argsz = sizeof(in);					\
		in.flags = (fl);					\
		in.data = (uintptr_t)(ptr);				\
		in.len = (length);					\
		snprintf(name, sizeof(name), "%s-%s", nodes[n], label);	\
		got = call(fd, IMGAUTH_IOC_INSTALL, &in);		\
		check(name, got, want, in.status, want_st);		\
	} while (0)
		INSTALL("dry-run-control", IMGAUTH_INSTALL_DRY_RUN, v1, v1len, 0, 0);
		INSTALL("dry-run-unaligned-data", IMGAUTH_INSTALL_DRY_RUN, odd + 1,
			v1len, 0, 0);
		INSTALL("unknown-flag", 1u << 7 | IMGAUTH_INSTALL_DRY_RUN, v1, v1len,
			EINVAL, 0);
		INSTALL("flags-all", 0xffffffffu, v1, v1len, EINVAL, 0);
		INSTALL("data-null", IMGAUTH_INSTALL_DRY_RUN, NULL, v1len, EFAULT,
			ANY_STATUS);
		INSTALL("data-null-nodry", 0, NULL, v1len, EFAULT, ANY_STATUS);
		INSTALL("data-kernel", 0, 0xffff888000000000ull, v1len, EFAULT, 0);
		INSTALL("len-past-address-space", 0, v1, 0xffffffffffffff00ull,
			EFAULT, 0);
		INSTALL("len-2^63", 0, v1, 1ull << 63, EFAULT, 0);
		INSTALL("len-0", 0, v1, 0, EINVAL, IMGAUTH_E_LENGTH);
		INSTALL("len-past-region", 0, v1, 64ull << 20, EINVAL,
			IMGAUTH_E_LENGTH);
		/* The image runs into an unmapped page: refused, nothing written. */
		memcpy(edge + page - 100, v1, 100);
		INSTALL("data-into-unmapped", 0, edge + page - 100, v1len, EFAULT,
			ANY_STATUS);
		/* Short argsz: the kernel needs up to len. */
		memset(&in, 0, sizeof(in));
		in.argsz = offsetof(struct imgauth_install, len);
		in.data = (uintptr_t)v1;
		in.len = v1len;
		snprintf(name, sizeof(name), "%s-argsz-without-len", nodes[n]);
		check(name, call(fd, IMGAUTH_IOC_INSTALL, &in), EINVAL, 0, 0);
		/* argsz up to len: a dry run works, and nothing after len is written. */
		memset(&in, 0x5a, sizeof(in));
		in.argsz = offsetof(struct imgauth_install, status);
		in.flags = IMGAUTH_INSTALL_DRY_RUN;
		in.data = (uintptr_t)v1;
		in.len = v1len;
		snprintf(name, sizeof(name), "%s-argsz-up-to-len", nodes[n]);
		got = call(fd, IMGAUTH_IOC_INSTALL, &in);
		check(name, got, 0, in.status == 0x5a5a5a5au ? 0 : in.status, 0);
		close(fd);
	}
#undef INSTALL
	free(odd);
	munmap(edge, page);
}

static void key_cases(void)
{
	static unsigned char junk[2048];
	struct imgauth_key_update ku;
	int fd = dev("key1"), ret;

#define KEY(label, cmd, fl, ptr, length, want) do {			\
		memset(&ku, 0, sizeof(ku));				\
		ku.argsz = sizeof(ku);					\
		ku.flags = (fl);					\
		ku.key = (uintptr_t)(ptr);				\
		ku.key_len = (length);					\
		check("key1-" label, call(fd, cmd, &ku), want, 0, 0);	\
	} while (0)
	memset(junk, 0x30, sizeof(junk));
	KEY("set-len-0", IMGAUTH_IOC_KEY_SET, 0, junk, 0, EINVAL);
	KEY("set-len-past-max", IMGAUTH_IOC_KEY_SET, 0, junk, IMGAUTH_KEY_MAX + 1,
	    EINVAL);
	KEY("set-len-huge", IMGAUTH_IOC_KEY_SET, 0, junk, 0xffffffffu, EINVAL);
	KEY("set-null", IMGAUTH_IOC_KEY_SET, 0, NULL, 100, EFAULT);
	KEY("set-kernel-pointer", IMGAUTH_IOC_KEY_SET, 0, 0xffff888000000000ull,
	    100, EFAULT);
	KEY("set-unknown-flag", IMGAUTH_IOC_KEY_SET, 2, junk, 100, EINVAL);
	KEY("delete-with-flag", IMGAUTH_IOC_KEY_DELETE, IMGAUTH_KEY_PROVISION,
	    NULL, 0, EINVAL);
#undef KEY
	/* Garbage DER: refused with the key's verdict. */
	memset(&ku, 0, sizeof(ku));
	ku.argsz = sizeof(ku);
	ku.key = (uintptr_t)junk;
	ku.key_len = 300;
	ret = call(fd, IMGAUTH_IOC_KEY_SET, &ku);
	check("key1-set-garbage", ret, EINVAL, ku.status, IMGAUTH_E_KEY);
	close(fd);
}

/* ---- install sessions ---- */

static struct imgauth_stream sarg;

static int sstep(int fd, unsigned long cmd, const void *data, uint64_t len,
		 uint64_t total, uint32_t flags)
{
	memset(&sarg, 0, sizeof(sarg));
	sarg.argsz = sizeof(sarg);
	sarg.flags = flags;
	sarg.data = (uintptr_t)data;
	sarg.len = len;
	sarg.total = total;
	return call(fd, cmd, &sarg);
}

/* The step first, then its status (argument order is unspecified). */
#define SCHECK(name, step, want, unused, want_st) do {			\
		int got_ = (step);					\
		check(name, got_, want, sarg.status, want_st);		\
	} while (0)

/* Is the session on @fd over?  CHUNK answers ENOENT without one. */
static void check_closed(const char *name, int fd)
{
	char n2[96];

	snprintf(n2, sizeof(n2), "%s-then-closed", name);
	check(n2, sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, "x", 1, 0, 0), ENOENT, 0, 0);
}

static void stream_cases(const unsigned char *v2, size_t v2len)
{
	uint32_t poff = be32(v2 + 8), size = be32(v2 + 16);
	const unsigned char *c0 = v2 + poff, *c1 = v2 + poff + CHUNK;
	uint32_t c1len = size - CHUNK;
	unsigned char *huge = calloc(1, CHUNK + 1);
	int fd = dev("image0"), fd2;

	if (size <= CHUNK || v2len != poff + size) {
		fprintf(stderr, "the v2 image needs two chunks\n");
		exit(2);
	}
	memcpy(huge, c0, CHUNK);
#define BEGIN() sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, poff, v2len, 0)
	SCHECK("chunk-before-begin", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0),
	      ENOENT, sarg.status, 0);
	SCHECK("end-before-begin", sstep(fd, IMGAUTH_IOC_STREAM_END, NULL, 0, 0, 0),
	      ENOENT, sarg.status, 0);
	SCHECK("abort-before-begin", call(fd, IMGAUTH_IOC_STREAM_ABORT, NULL), 0, 0, 0);

	/* BEGIN with a bad prefix. */
	SCHECK("begin-prefix-47", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, 47, v2len, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LAYOUT);
	SCHECK("begin-prefix-huge", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, 1ull << 40,
					 v2len, 0), EINVAL, sarg.status,
	      IMGAUTH_E_LAYOUT);
	SCHECK("begin-prefix-null", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, NULL, poff,
					 v2len, 0), EFAULT, sarg.status, 0);
	SCHECK("begin-prefix-short", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, poff - 4,
					  v2len, 0), EBADMSG, sarg.status,
	      IMGAUTH_E_LAYOUT);
	SCHECK("begin-total-wrong", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, poff,
					 v2len + 1, 0), EBADMSG, sarg.status,
	      IMGAUTH_E_LAYOUT);
	SCHECK("begin-total-huge", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, poff,
					~0ull, 0), EINVAL, sarg.status,
	      IMGAUTH_E_LENGTH);
	SCHECK("begin-unknown-flag", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, poff,
					  v2len, 1u << 9), EINVAL, sarg.status, 0);
	check_closed("begin-refused", fd);

	/* BEGIN twice: on the same file, and from another one. */
	SCHECK("begin", BEGIN(), 0, sarg.status, IMGAUTH_OK);
	SCHECK("begin-again", BEGIN(), EALREADY, sarg.status, 0);
	fd2 = dev("image1");
	SCHECK("begin-other-file", sstep(fd2, IMGAUTH_IOC_STREAM_BEGIN, v2, poff,
					v2len, 0), EBUSY, sarg.status,
	      IMGAUTH_E_BUSY);
	{
		struct imgauth_install in = { .argsz = sizeof(in) };

		in.flags = 0;
		in.data = (uintptr_t)v2;
		in.len = v2len;
		int ret = call(fd2, IMGAUTH_IOC_INSTALL, &in);

		SCHECK("install-during-session", ret, EBUSY, in.status,
		      IMGAUTH_E_BUSY);
	}
	close(fd2);
	/* A CHUNK with flags is refused without touching the session. */
	SCHECK("chunk-with-flags", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 1),
	      EINVAL, sarg.status, 0);
	/* One byte more than a chunk: the session ends with a layout error. */
	SCHECK("chunk-oversized", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, huge,
				       CHUNK + 1, 0, 0), EINVAL, sarg.status,
	      IMGAUTH_E_LAYOUT);
	check_closed("chunk-oversized", fd);
	SCHECK("chunk-huge-len", (BEGIN(), sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, huge,
						 1ull << 62, 0, 0)), EINVAL,
	      sarg.status, IMGAUTH_E_LAYOUT);
	check_closed("chunk-huge-len", fd);

	/* Out of order: chunk 1 first. */
	SCHECK("begin-2", BEGIN(), 0, sarg.status, IMGAUTH_OK);
	SCHECK("chunk-out-of-order", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c1, c1len, 0, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LAYOUT);
	check_closed("chunk-out-of-order", fd);
	/* Chunk 1's bytes, padded to a full chunk, as chunk 0. */
	memset(huge, 0, CHUNK);
	memcpy(huge, c1, c1len);
	BEGIN();
	SCHECK("chunk-wrong-content", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, huge, CHUNK,
					   0, 0), EKEYREJECTED, sarg.status,
	      IMGAUTH_E_SIGNATURE);
	check_closed("chunk-wrong-content", fd);
	/* Chunk 0 twice. */
	BEGIN();
	SCHECK("chunk-0", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0), 0,
	      sarg.status, IMGAUTH_OK);
	SCHECK("chunk-0-again", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LAYOUT);
	check_closed("chunk-0-again", fd);
	/* A short and an empty chunk. */
	BEGIN();
	SCHECK("chunk-short", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK - 1, 0, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LAYOUT);
	check_closed("chunk-short", fd);
	BEGIN();
	SCHECK("chunk-empty", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, 0, 0, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LAYOUT);
	check_closed("chunk-empty", fd);
	/* A chunk from a bad pointer. */
	BEGIN();
	SCHECK("chunk-null", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, NULL, CHUNK, 0, 0),
	      EFAULT, sarg.status, IMGAUTH_E_CHANGED);
	check_closed("chunk-null", fd);
	/* END without chunks, and after one of two. */
	BEGIN();
	SCHECK("end-without-chunks", sstep(fd, IMGAUTH_IOC_STREAM_END, NULL, 0, 0, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LENGTH);
	check_closed("end-without-chunks", fd);
	BEGIN();
	sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0);
	SCHECK("end-after-one-chunk", sstep(fd, IMGAUTH_IOC_STREAM_END, NULL, 0, 0, 0),
	      EINVAL, sarg.status, IMGAUTH_E_LENGTH);
	check_closed("end-after-one-chunk", fd);
	/* ABORT twice. */
	BEGIN();
	sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0);
	SCHECK("abort", call(fd, IMGAUTH_IOC_STREAM_ABORT, NULL), 0, 0, 0);
	SCHECK("abort-again", call(fd, IMGAUTH_IOC_STREAM_ABORT, NULL), 0, 0, 0);
	check_closed("abort", fd);
	/* Close in the middle: the next session (another file) can begin. */
	BEGIN();
	sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0);
	close(fd);
	fd = dev("image0");
	SCHECK("begin-after-close", BEGIN(), 0, sarg.status, IMGAUTH_OK);
	/* A dry-run session of the whole image: the control, writes nothing. */
	call(fd, IMGAUTH_IOC_STREAM_ABORT, NULL);
	SCHECK("dry-begin", sstep(fd, IMGAUTH_IOC_STREAM_BEGIN, v2, poff, v2len,
				 IMGAUTH_INSTALL_DRY_RUN), 0, sarg.status, IMGAUTH_OK);
	SCHECK("dry-chunk-0", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c0, CHUNK, 0, 0), 0,
	      sarg.status, IMGAUTH_OK);
	SCHECK("dry-chunk-1", sstep(fd, IMGAUTH_IOC_STREAM_CHUNK, c1, c1len, 0, 0), 0,
	      sarg.status, IMGAUTH_OK);
	SCHECK("dry-end", sstep(fd, IMGAUTH_IOC_STREAM_END, NULL, 0, 0, 0), 0,
	      sarg.status, IMGAUTH_OK);
	check_closed("dry-end", fd);
#undef BEGIN
	close(fd);
	free(huge);
}

int main(int argc, char **argv)
{
	unsigned char *v1, *v2;
	size_t v1len, v2len;

	if (argc != 4) {
		fprintf(stderr, "usage: ia-hostile-ioctl DEVDIR V2IMAGE V1IMAGE\n");
		return 2;
	}
	page = sysconf(_SC_PAGESIZE);
	devdir = argv[1];
	v2 = slurp(argv[2], &v2len);
	v1 = slurp(argv[3], &v1len);
	generic_cases(v1, v1len);
	install_cases(v1, v1len);
	key_cases();
	stream_cases(v2, v2len);
	printf("cases: %d run, %d failed\n", ran, failed);
	free(v1);
	free(v2);
	return failed ? 1 : 0;
}
