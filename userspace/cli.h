/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every command shares and nothing else owns: the global -j and -q,
 * the exit codes, error messages (remembered for the JSON error object),
 * and where human text goes.  The bottom of the tool: it depends on
 * json.c alone, and every other file may use it.
 */
#ifndef IA_CLI_H
#define IA_CLI_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Exit codes: part of the interface, scripts test them.  One class per
 * cause, the same whichever command meets it (docs/imgauthctl.8, EXIT
 * STATUS; "imgauthctl help" prints the table from cli_exit_codes).
 */
enum {
	EXIT_OK = 0,
	EXIT_FAILURE_GENERIC = 1,	/* anything not below */
	EXIT_USAGE = 2,			/* bad command line or URL */
	EXIT_NOTFOUND = 3,		/* no such file, TFTP error 1 */
	EXIT_VERIFY = 4,		/* image, key, signature, statement refused */
	EXIT_PERM = 5,			/* not permitted (a locked key), TFTP error 2 */
	EXIT_NOMODULE = 6,		/* the imgauth module is not loaded */
	EXIT_UNREACH = 7,		/* no answer, host unknown or unreachable */
	EXIT_PROTOCOL = 8,		/* the peer broke or refused the protocol */
	/* "boot" only: what the boot check decided (0 is the primary image). */
	EXIT_BOOT_FALLBACK = 10,	/* the default image, or trial expired */
	EXIT_BOOT_RECOVERED = 11,	/* an image recovered over TFTP */
	EXIT_BOOT_NONE = 12,		/* nothing bootable */
};

struct cli_exit_code {
	int code;
	const char *text;
};

/* The table above with one line each, for help and the man page test. */
extern const struct cli_exit_code cli_exit_codes[];

/* Global flags: -j/--json and -q/--quiet, before or after the verb. */
extern bool opt_json;
extern bool opt_quiet;

/*
 * Set by a command whose stdout carries data even as text ("boot": its
 * KEY=value lines): the console lines then go to stderr, as with -j.
 */
extern bool cli_stdout_data;

/*
 * "imgauthctl: " + message on stderr.  The first message of a run is
 * kept: in JSON mode it becomes the "error" of the error object.
 */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Map a negative errno from the kernel, a file or a transfer to an exit code. */
int exit_code_for_errno(int err);

/*
 * The exit code when OpenSSL refused a key or could not make a statement
 * (ossl.h): EXIT_VERIFY, the input refused; EXIT_FAILURE_GENERIC when
 * libcrypto itself could not be loaded, the system's problem.
 */
int exit_code_for_ossl(void);

/*
 * Where the ScreenOS console lines and other text for people go:
 * stdout, or stderr in JSON mode (stdout holds the one JSON document)
 * and when stdout carries data (cli_stdout_data).
 */
FILE *cli_text(void);

/* Text unless -q: cli_text(), or NULL when quiet. */
FILE *cli_say(void);

/*
 * The end of every run in JSON mode: when the command printed no JSON
 * document (it failed before it had one), print {"error": MESSAGE,
 * "exit": RC} so that stdout always holds exactly one.
 */
void cli_json_finish(int rc);

#endif
