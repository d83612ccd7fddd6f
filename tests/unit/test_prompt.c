// SPDX-License-Identifier: GPL-2.0
/*
 * The boot loader's prompts (userspace/prompt.c) on a pipe, as a script
 * answers them: an answer, an empty line (the default), blanks trimmed,
 * a choice in any case, a wrong choice asked again, the end of input
 * (every later prompt its default, at once), a prompt nobody answers (its
 * default after the timeout), and batch mode (nothing read).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "prompt.h"

static char *text;
static size_t text_len;
static FILE *out;

/* stdin becomes a pipe holding @answers (written whole, then closed
 * unless @keep_open, whose write end is returned). */
static int feed(const char *answers, bool keep_open)
{
	int p[2];

	if (pipe(p) || dup2(p[0], STDIN_FILENO) < 0)
		abort();
	close(p[0]);
	if (write(p[1], answers, strlen(answers)) != (ssize_t)strlen(answers))
		abort();
	if (!keep_open) {
		close(p[1]);
		return -1;
	}
	return p[1];
}

static void start(bool batch, unsigned int timeout)
{
	if (out)
		fclose(out);
	free(text);
	text = NULL;
	out = open_memstream(&text, &text_len);
	if (!out)
		abort();
	prompt_init(out, batch, timeout);
}

static const char *said(void)
{
	fflush(out);
	return text;
}

int main(void)
{
	char buf[64];
	time_t t0;
	int w, c;

	feed("new/fw.img\n\n  10.0.0.9 \nM\nx\nY\n", false);
	start(false, 0);
	prompt_line("Firmware File Name", "old/fw.img", buf, sizeof(buf));
	CHECK(!strcmp(buf, "new/fw.img"), "answer: \"%s\"", buf);
	prompt_line("Self IP Address", "10.0.0.1", buf, sizeof(buf));
	CHECK(!strcmp(buf, "10.0.0.1"), "empty line: \"%s\"", buf);
	prompt_line("TFTP IP Address", "", buf, sizeof(buf));
	CHECK(!strcmp(buf, "10.0.0.9"), "blanks: \"%s\"", buf);
	c = prompt_choice("Save to on-board flash disk?", "ynm", 'n', NULL);
	CHECK(c == 'm', "upper-case M: %c", c);
	c = prompt_choice("Run downloaded system image?", "yn", 'y', NULL);
	CHECK(c == 'y', "x, then Y: %c", c);
	CHECK(strstr(said(), "Firmware File Name [old/fw.img]: new/fw.img\n"),
	      "echo of an answer:\n%s", said());
	CHECK(strstr(said(), "Self IP Address [10.0.0.1]: \n"), "echo of a default:\n%s",
	      said());
	CHECK(strstr(said(), "Save to on-board flash disk? (y/[n]/m) \n"),
	      "the choices, the default bracketed:\n%s", said());
	CHECK(strstr(said(), "Run downloaded system image? ([y]/n) \n"
			     "Run downloaded system image? ([y]/n) Yes\n"),
	      "asked again after x:\n%s", said());

	/* The end of input: the defaults, for every later prompt too. */
	feed("only/one\n", false);
	start(false, 0);
	prompt_line("Firmware File Name", "a", buf, sizeof(buf));
	CHECK(!strcmp(buf, "only/one"), "last line: \"%s\"", buf);
	prompt_line("Self IP Address", "b", buf, sizeof(buf));
	CHECK(!strcmp(buf, "b"), "after EOF: \"%s\"", buf);
	c = prompt_choice("Save to on-board flash disk?", "ynm", 'n', NULL);
	CHECK(c == 'n', "after EOF: %c", c);
	CHECK(strstr(said(), "(y/[n]/m) No\n"), "the default as a word:\n%s", said());
	feed("no newline", false);
	start(false, 0);
	prompt_line("X", "d", buf, sizeof(buf));
	CHECK(!strcmp(buf, "no newline"), "a last line without newline: \"%s\"", buf);

	/* Nobody answers: the default after the timeout, then no more waiting. */
	w = feed("", true);
	start(false, 1);
	t0 = time(NULL);
	prompt_line("Firmware File Name", "dflt", buf, sizeof(buf));
	prompt_line("Self IP Address", "ip", buf, sizeof(buf));
	CHECK(!strcmp(buf, "ip"), "timeout: \"%s\"", buf);
	CHECK(time(NULL) - t0 <= 3, "waited %ld s", (long)(time(NULL) - t0));
	CHECK(strstr(said(), "[dflt]: (no answer: the default)\n"), "timeout said:\n%s",
	      said());
	close(w);

	/* Batch: printed with the default, nothing read. */
	feed("never/read\n", false);
	start(true, 0);
	prompt_line("Firmware File Name", "stored", buf, sizeof(buf));
	CHECK(!strcmp(buf, "stored"), "batch: \"%s\"", buf);
	c = prompt_choice("Save to on-board flash disk?", "ynm", 'y', NULL);
	CHECK(c == 'y', "batch choice: %c", c);
	CHECK(strstr(said(), "Save to on-board flash disk? ([y]/n/m) Yes\n"),
	      "batch:\n%s", said());
	prompt_read_only("Serial Number", "0185092007001229");
	CHECK(strstr(said(), "Serial Number [0185092007001229]: READ ONLY\n"),
	      "read only:\n%s", said());
	fclose(out);
	free(text);
	return check_done("test_prompt");
}
