// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "prompt.h"

static FILE *out;
static bool batch, eof, tty;
static unsigned int timeout_s;

void prompt_init(FILE *f, bool is_batch, unsigned int timeout)
{
	out = f;
	batch = is_batch;
	timeout_s = timeout;
	eof = false;
	tty = isatty(STDIN_FILENO);
}

static void say(const char *s)
{
	if (out) {
		fputs(s, out);
		fflush(out);
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * One line from fd 0, byte by byte (no stdio buffer that poll() cannot
 * see, and nothing read past the line for the next prompt).  1 with the
 * line, 0 at the end of input or on a timeout (then the default is
 * taken), either of which ends every later prompt too.
 */
static int read_line(char *buf, size_t n)
{
	long long deadline = timeout_s ? now_ms() + timeout_s * 1000LL : 0;
	size_t len = 0;
	bool got = false;

	if (eof)
		return 0;
	for (;;) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
		int wait = -1, r;
		char c;

		if (deadline) {
			long long left = deadline - now_ms();

			wait = left > 0 ? (int)left : 0;
		}
		r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			say(got ? "\n" : "");
			say("(no answer: the default)");
			eof = true;
			break;
		}
		r = (int)read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			eof = true;
			break;
		}
		got = true;
		if (c == '\n')
			break;
		if (len + 1 < n)
			buf[len++] = c;
	}
	while (len && (buf[len - 1] == '\r' || buf[len - 1] == ' ' ||
		       buf[len - 1] == '\t'))
		len--;
	buf[len] = '\0';
	/* A last line without its newline still counts. */
	return got;
}

void prompt_line(const char *label, const char *def, char *buf, size_t n)
{
	char line[256] = "", dflt[256];
	const char *s;
	int got = 0;

	/* @buf may be where @def is. */
	snprintf(dflt, sizeof(dflt), "%s", def);
	def = dflt;
	if (out) {
		fprintf(out, "%s [%s]: ", label, def);
		fflush(out);
	}
	if (!batch)
		got = read_line(line, sizeof(line));
	s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	/* A terminal echoed the line, its newline too. */
	if (!got || !tty) {
		say(got ? s : "");
		say("\n");
	}
	snprintf(buf, n, "%s", got && *s ? s : def);
}

int prompt_choice(const char *question, const char *choices, int def,
		  const char *const *words)
{
	char line[64];
	const char *c;
	size_t i;

	for (;;) {
		int got = 0, pick = def;

		if (out) {
			fprintf(out, "%s (", question);
			for (c = choices; *c; c++)
				fprintf(out, c == choices ? "%s%c%s" : "/%s%c%s",
					*c == def ? "[" : "", *c, *c == def ? "]" : "");
			fputs(") ", out);
			fflush(out);
		}
		if (!batch)
			got = read_line(line, sizeof(line));
		if (got && line[0]) {
			char l = line[0] | 0x20;

			c = strchr(choices, l);
			if (!c || !l) {
				if (!tty)
					say("\n");
				continue;
			}
			pick = l;
		}
		i = (size_t)(strchr(choices, pick) - choices);
		/* What a terminal did not show: the choice, as a word. */
		if (!got || !tty) {
			say(words && words[i] ? words[i] : pick == 'y' ? "Yes" :
			    pick == 'n' ? "No" : "");
			say("\n");
		}
		return pick;
	}
}

void prompt_read_only(const char *label, const char *value)
{
	if (out)
		fprintf(out, "%s [%s]: READ ONLY\n", label, value);
}
