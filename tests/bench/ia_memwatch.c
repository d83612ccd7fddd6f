// SPDX-License-Identifier: GPL-2.0
/*
 * ia-memwatch CMD [ARGS...]: run CMD and watch memory while it runs, for
 * make bench's scale figures (tests/bench/guest.sh).  A shell sampler
 * forks for every sleep and misses installs shorter than its period;
 * this one polls /proc/meminfo every millisecond from one process and
 * takes the child's peak RSS from wait4() (ru_maxrss), exact whatever
 * its length.
 *
 * Prints one line on stdout:
 *	KERNEL_RISE_KIB SLAB_VMALLOC_RISE_KIB MAXRSS_KIB SAMPLES
 * where kernel-used = MemTotal - MemFree - Buffers - Cached - AnonPages
 * (slab, page tables, stacks, vmalloc, pages taken directly: what the
 * kernel holds that is neither page cache nor user memory, but also
 * user pages between their allocation and their accounting as AnonPages,
 * while CMD faults in a large buffer), Slab + VmallocUsed what the kernel
 * allocated with kmalloc (of any size) and vmalloc, and a rise is the
 * largest value seen while CMD ran minus the value just before.
 * CMD's output goes to stderr.  Exits with CMD's status (128 + signal).
 * Static build, the guest has no compiler: tests/bench/guest_prep.sh.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct mem {
	long kernel;	/* KiB */
	long slab;	/* KiB: Slab + VmallocUsed */
};

static long field(const char *buf, const char *name)
{
	const char *p = strstr(buf, name);

	return p ? strtol(p + strlen(name), NULL, 10) : 0;
}

/* One read of /proc/meminfo, no allocation: the sampler must not be
 * what it measures. */
static int sample(int fd, struct mem *m)
{
	char buf[8192];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	m->kernel = field(buf, "MemTotal:") - field(buf, "MemFree:") -
		    field(buf, "Buffers:") - field(buf, "\nCached:") -
		    field(buf, "AnonPages:");
	/* Large kmallocs count as Slab too; vmalloc shows apart. */
	m->slab = field(buf, "Slab:") + field(buf, "VmallocUsed:");
	return 0;
}

int main(int argc, char **argv)
{
	const struct timespec period = { 0, 1000000 };
	struct mem base, now;
	long krise = 0, srise = 0, samples = 0;
	struct rusage ru;
	int fd, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: ia-memwatch CMD [ARGS...]\n");
		return 2;
	}
	fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || sample(fd, &base)) {
		perror("/proc/meminfo");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	for (;;) {
		pid_t w = wait4(pid, &status, WNOHANG, &ru);

		if (w == pid)
			break;
		if (w < 0) {
			perror("wait4");
			return 2;
		}
		if (!sample(fd, &now)) {
			samples++;
			if (now.kernel - base.kernel > krise)
				krise = now.kernel - base.kernel;
			if (now.slab - base.slab > srise)
				srise = now.slab - base.slab;
		}
		nanosleep(&period, NULL);
	}
	printf("%ld %ld %ld %ld\n", krise, srise, ru.ru_maxrss, samples);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
