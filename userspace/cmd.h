/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command as data: its words, operands and options.  One parser, one
 * usage printer and the bash completion (completion.c) read the same
 * description, so that what --help says, what the parser accepts and
 * what completes are the same thing.  Each cmd_*.c describes its
 * commands; imgauthctl.c lists them.
 */
#ifndef IA_CMD_H
#define IA_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "tftp.h"

/* What completes a value or an operand. */
enum cmd_complete {
	COMPLETE_NONE,		/* numbers, hex, names: nothing to offer */
	COMPLETE_FILE,		/* a local file */
	COMPLETE_SRC,		/* a local file or a tftp:// URL */
	COMPLETE_URL,		/* a tftp:// URL */
	COMPLETE_REGION,	/* loader, image0, image1 */
	COMPLETE_SLOT,		/* image0, image1 */
	COMPLETE_PROGRESS,	/* auto, none, bar, lines */
	COMPLETE_LDRCFG,	/* loader record fields */
	COMPLETE_SHELL,		/* bash */
};

struct cmd_opt {
	const char *name;	/* "--key" */
	const char *alias;	/* "-k", or NULL */
	const char *arg;	/* the value's name ("CERT"); NULL: a flag */
	const char *help;	/* one line */
	enum cmd_complete complete;
	bool required;
};

#define CMD_MAX_OPTS	12
#define CMD_MAX_OPS	12

/* Also takes the TFTP options (tftp_parse_flag()). */
#define CMD_TFTP	0x1

struct cmd_args;

struct cmd {
	const char *name;	/* the words after "imgauthctl": "image install" */
	const char *operands;	/* "SRC", "FIELD VALUE...", or NULL */
	int min_ops, max_ops;
	const struct cmd_opt *opts;	/* ends with a zeroed entry; NULL: none */
	unsigned int flags;
	const char *summary;	/* one line for "imgauthctl help" */
	const char *help;	/* the paragraph of its --help, or NULL */
	enum cmd_complete complete;	/* its operands */
	int (*run)(const struct cmd_args *a);
};

/* A parsed command line. */
struct cmd_args {
	const struct cmd *cmd;
	const char *opt[CMD_MAX_OPTS];	/* opts[i]'s value, "" for a flag; NULL: absent */
	const char *op[CMD_MAX_OPS];
	int nops;
	struct tftp_opts tftp;
	bool screenos;		/* reached through a ScreenOS form */
};

/* Parse the words after @c's name.  Returns 0, CMD_HELP, or EXIT_USAGE
 * after saying what is wrong. */
#define CMD_HELP	(-1)
int cmd_parse(const struct cmd *c, int argc, char **argv, struct cmd_args *a);

/* The whole --help of @c. */
void cmd_usage(const struct cmd *c, FILE *f);

/* "  image install SRC [--loader] ..." and its summary, for the lists. */
void cmd_summary(const struct cmd *c, FILE *f);

/* Print @fn's output to stdout: as text, or in JSON mode as {@key: TEXT}. */
void cmd_print_text(void (*fn)(const void *ctx, FILE *f), const void *ctx,
		    const char *key);

/* The options every command takes after its words. */
extern const struct cmd_opt cmd_common_opts[];

#endif
