// SPDX-License-Identifier: GPL-2.0
/*
 * Truncate a file the moment a command has mapped it: run CMD under
 * ptrace, and when an mmap() of FILE returns in it, truncate FILE to SIZE
 * bytes, then let CMD run on untraced.  What CMD then reads of the mapping
 * past SIZE faults (SIGBUS in CMD, EFAULT in the kernel's copy_from_user),
 * deterministically, with no race to win.
 *
 *	ia-truncate-mapped FILE SIZE CMD [ARG...]
 *
 * Exits with CMD's exit code; 128 + N when CMD died of signal N (saying
 * so on stderr); 125 for its own errors, 124 when CMD never mapped FILE.
 * Static, for the guest (no compiler there): cc -static.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int same_file(pid_t pid, unsigned long long fd, const struct stat *want)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/fd/%llu", (int)pid, fd);
	return !stat(path, &st) && st.st_dev == want->st_dev &&
	       st.st_ino == want->st_ino;
}

int main(int argc, char **argv)
{
	struct __ptrace_syscall_info info;
	unsigned long long mmap_fd = 0;
	int status, in_mmap = 0, done = 0;
	struct stat want;
	off_t size;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: %s FILE SIZE CMD [ARG...]\n", argv[0]);
		return 125;
	}
	size = (off_t)strtoll(argv[2], NULL, 0);
	if (stat(argv[1], &want)) {
		perror(argv[1]);
		return 125;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 125;
	}
	if (!pid) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		fprintf(stderr, "ia-truncate-mapped: the child did not stop\n");
		return 125;
	}
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
	for (;;) {
		int sig = 0;

		if (waitpid(pid, &status, 0) != pid) {
			perror("waitpid");
			return 125;
		}
		if (WIFEXITED(status)) {
			if (!done) {
				fprintf(stderr, "ia-truncate-mapped: %s never mapped %s\n",
					argv[3], argv[1]);
				return 124;
			}
			return WEXITSTATUS(status);
		}
		if (WIFSIGNALED(status)) {
			fprintf(stderr, "ia-truncate-mapped: %s killed by signal %d (%s)\n",
				argv[3], WTERMSIG(status), strsignal(WTERMSIG(status)));
			return 128 + WTERMSIG(status);
		}
		if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			/* A signal for the child: deliver it. */
			sig = WSTOPSIG(status);
			if (sig == SIGTRAP || sig == SIGSTOP)
				sig = 0;
		} else if (ptrace(PTRACE_GET_SYSCALL_INFO, pid,
				  (void *)sizeof(info), &info) > 0) {
			if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
				in_mmap = info.entry.nr == SYS_mmap &&
					  (long long)info.entry.args[4] >= 0;
				mmap_fd = info.entry.args[4];
			} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && in_mmap &&
				   !info.exit.is_error &&
				   same_file(pid, mmap_fd, &want)) {
				if (truncate(argv[1], size)) {
					perror(argv[1]);
					kill(pid, SIGKILL);
					return 125;
				}
				fprintf(stderr, "ia-truncate-mapped: %s truncated to %lld bytes once mapped\n",
					argv[1], (long long)size);
				done = 1;
				/* From here on, the child runs untraced. */
				ptrace(PTRACE_DETACH, pid, NULL, NULL);
				continue;
			}
		}
		ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
	}
}
