// SPDX-License-Identifier: GPL-2.0
/*
 * ia-time: how long one command takes, start to exit, for make bench.
 *
 *	ia-time LIMIT_S TIMEFILE COMMAND [ARG...]
 *
 * Forks, execs COMMAND and waits for it; writes the seconds from just
 * before the fork to just after the wait to TIMEFILE ("%.6f\n").  Past
 * LIMIT_S seconds the command is killed and ia-time exits 124, as
 * timeout(1) does; else with the command's status (128 + signal when a
 * signal ended it; 127 when it could not be run).
 *
 * Why not "timeout LIMIT COMMAND" timed by the shell: that times a second
 * process (timeout's own start, its fork, its signal set-up), about a
 * millisecond here, the same for every client, which a 12 MiB transfer
 * on loopback (5-10 ms) cannot hide: every ratio would lean towards 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	/* The whole group, as timeout(1) does: a client's own children too. */
	if (child > 0)
		kill(-child, SIGKILL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	double t0, t1;
	FILE *f;
	int status;
	long limit;
	pid_t pid;

	if (argc < 4 || (limit = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: ia-time LIMIT_S TIMEFILE COMMAND [ARG...]\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("ia-time: fork");
		return 127;
	}
	if (!pid) {
		setpgid(0, 0);
		execvp(argv[3], argv + 3);
		fprintf(stderr, "ia-time: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	/* Both sides set it, so kill(-child) finds the group at once. */
	setpgid(pid, pid);
	child = pid;
	alarm((unsigned int)limit);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("ia-time: waitpid");
			return 127;
		}
	}
	t1 = now();
	alarm(0);
	f = fopen(argv[2], "w");
	if (!f || fprintf(f, "%.6f\n", t1 - t0) < 0 || fclose(f)) {
		perror("ia-time: TIMEFILE");
		return 127;
	}
	if (timed_out)
		return 124;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
