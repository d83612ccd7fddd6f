// SPDX-License-Identifier: GPL-2.0
/*
 * imgauthctl: install signed images and manage the image key of an
 * imgauth device.  "imgauthctl OBJECT VERB [ARGS]", like ip(8); the
 * ScreenOS commands admins type by habit are accepted too.
 *
 * This file only finds the command: the commands are cmd_*.c, described
 * as data (cmd.h) and listed here, in the order the help shows them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "completion.h"
#include "json.h"
#include "screenos.h"

static int completion(const struct cmd_args *a);

static const struct cmd cmd_completion = {
	.name = "completion",
	.operands = "bash",
	.min_ops = 1, .max_ops = 1,
	.summary = "print the bash completion script (\"make install\" installs it)",
	.complete = COMPLETE_SHELL,
	.run = completion,
};

static const struct cmd *const commands[] = {
	&cmd_key_show, &cmd_key_install, &cmd_key_delete, &cmd_key_lock,
	&cmd_key_unlock, &cmd_key_unprovision, &cmd_key_rotate,
	&cmd_key_statement, &cmd_key_fingerprint,
	&cmd_image_info, &cmd_image_verify, &cmd_image_sign, &cmd_image_install,
	&cmd_image_commit, &cmd_image_check,
	&cmd_floor_show, &cmd_floor_raise, &cmd_log,
	&cmd_config_save, &cmd_config_loader_show, &cmd_config_loader_set,
	&cmd_boot, &cmd_boot_mark_good,
	&cmd_system, &cmd_tftp_get, &cmd_tftp_put, &cmd_events, &cmd_verify_sig,
	&cmd_completion,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* "key", "floor" and "config loader" alone are their show. */
static const struct {
	const char *object;
	const struct cmd *cmd;
} defaults[] = {
	{ "key", &cmd_key_show },
	{ "floor", &cmd_floor_show },
	{ "config loader", &cmd_config_loader_show },
};

static void completion_cb(const void *ctx, FILE *f)
{
	(void)ctx;
	completion_bash(f, commands, NCOMMANDS);
}

static int completion(const struct cmd_args *a)
{
	if (strcmp(a->op[0], "bash")) {
		errmsg("completion: only bash is written");
		return EXIT_USAGE;
	}
	/* With -j, the script is a string of the one document. */
	cmd_print_text(completion_cb, NULL, "bash");
	return EXIT_OK;
}

/* How many of @argv's words the name @words is, or 0 if they differ. */
static int words_match(const char *words, int argc, char **argv)
{
	int n = 0;

	while (*words) {
		size_t len = strcspn(words, " ");

		if (n >= argc || strlen(argv[n]) != len ||
		    strncmp(argv[n], words, len))
			return 0;
		n++;
		words += len;
		words += *words == ' ';
	}
	return n;
}

/* Does a command's name begin with the object @obj (whole words)? */
static bool in_object(const struct cmd *c, const char *obj)
{
	size_t n = strlen(obj);

	return !strncmp(c->name, obj, n) && (c->name[n] == ' ' || !c->name[n]);
}

static void exit_codes(FILE *f)
{
	const struct cli_exit_code *e;

	fputs("Exit codes:\n", f);
	for (e = cli_exit_codes; e->text; e++)
		fprintf(f, "  %-2d %s\n", e->code, e->text);
}

static void usage(const void *ctx, FILE *f)
{
	const struct screenos_form *sf;
	size_t i;

	(void)ctx;
	fputs("Usage: imgauthctl [-j|--json] [-q|--quiet] OBJECT VERB [ARGS]\n"
	      "       imgauthctl help | OBJECT help | OBJECT VERB --help\n\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		cmd_summary(commands[i], f);
	fputs("\nScreenOS commands:\n", f);
	for (sf = screenos_forms; sf->words; sf++)
		fprintf(f, "  %s\n", sf->words);
	fputs("\nSRC is a file or tftp://HOST[:PORT]/PATH.  Every command takes -j (one\n"
	      "JSON document on stdout), -q (errors only) and -h (its help).\n\n", f);
	exit_codes(f);
}

static void object_usage(const void *ctx, FILE *f)
{
	const char *obj = ctx;
	size_t i;

	fprintf(f, "Usage: imgauthctl %s VERB [ARGS]\n\n", obj);
	for (i = 0; i < NCOMMANDS; i++)
		if (in_object(commands[i], obj))
			cmd_summary(commands[i], f);
	fprintf(f, "\n\"imgauthctl %s VERB --help\" shows a verb's options.\n", obj);
}

static void screenos_usage(const void *ctx, FILE *f)
{
	const struct screenos_form *sf;

	(void)ctx;
	fputs("Usage (ScreenOS forms):\n", f);
	for (sf = screenos_forms; sf->words; sf++)
		fprintf(f, "  imgauthctl %s\n", sf->words);
	fputs("HOST may be HOST:PORT or [IPv6]:PORT; options after the words go to the\n"
	      "command the form stands for (TFTP options, -j).\n", f);
}

static void cmd_usage_cb(const void *ctx, FILE *f)
{
	cmd_usage(ctx, f);
}

static int run_cmd(const struct cmd *c, int argc, char **argv, bool screenos)
{
	struct cmd_args a;
	int ret = cmd_parse(c, argc, argv, &a);

	if (ret == CMD_HELP) {
		cmd_print_text(cmd_usage_cb, c, "usage");
		return EXIT_OK;
	}
	if (ret) {
		fputs("Usage:\n", stderr);
		cmd_summary(c, stderr);
		return ret;
	}
	a.screenos = screenos;
	return c->run(&a);
}

/* How many leading words of @name are @argv's first words. */
static int prefix_words(const char *name, int argc, char **argv)
{
	int n = 0;

	while (*name && n < argc) {
		size_t len = strcspn(name, " ");

		if (strlen(argv[n]) != len || strncmp(argv[n], name, len))
			break;
		n++;
		name += len;
		name += *name == ' ';
	}
	return *name ? n : 0;
}

/*
 * The object @argv begins with: the most words that begin some command's
 * name without being all of it ("config loader" of "config loader set").
 * Its words go to @obj; their count, or 0.
 */
static int object_words(int argc, char **argv, char *obj, size_t cap)
{
	int n, k, best = 0;
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		k = prefix_words(commands[i]->name, argc, argv);
		if (k > best)
			best = k;
	}
	obj[0] = '\0';
	for (n = 0; n < best; n++) {
		size_t used = strlen(obj);

		snprintf(obj + used, cap - used, "%s%s", n ? " " : "", argv[n]);
	}
	return best;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "help") || !strcmp(s, "-h") || !strcmp(s, "--help");
}

static int dispatch(int argc, char **argv, bool screenos)
{
	const struct cmd *best = NULL;
	char obj[128];
	int n, bestn = 0;
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		n = words_match(commands[i]->name, argc, argv);
		if (n > bestn) {
			best = commands[i];
			bestn = n;
		}
	}
	if (best)
		return run_cmd(best, argc - bestn, argv + bestn, screenos);
	n = object_words(argc, argv, obj, sizeof(obj));
	if (!n) {
		errmsg("unknown object \"%s\"; try \"imgauthctl help\"", argv[0]);
		return EXIT_USAGE;
	}
	if (n < argc && is_help(argv[n])) {
		cmd_print_text(object_usage, obj, "usage");
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (!strcmp(obj, defaults[i].object) &&
		    (n == argc || argv[n][0] == '-'))
			return run_cmd(defaults[i].cmd, argc - n, argv + n, screenos);
	if (n < argc)
		errmsg("%s: unknown verb \"%s\"; try \"imgauthctl %s help\"", obj,
		       argv[n], obj);
	else
		errmsg("%s: which verb?", obj);
	object_usage(obj, stderr);
	return EXIT_USAGE;
}

static int screenos(int argc, char **argv)
{
	char *out[64], url[1400];
	int n;

	if (argc == 1 || (argc == 2 && is_help(argv[1]))) {
		if (argc == 1) {
			errmsg("%s: which ScreenOS command?", argv[0]);
			screenos_usage(NULL, stderr);
			return EXIT_USAGE;
		}
		cmd_print_text(screenos_usage, NULL, "usage");
		return EXIT_OK;
	}
	n = screenos_translate(argc, argv, out, 64, url, sizeof(url));
	if (n < 0)
		return EXIT_USAGE;
	if (!n) {
		errmsg("unknown command; see \"imgauthctl %s help\" for the ScreenOS forms",
		       argv[0]);
		return EXIT_USAGE;
	}
	return dispatch(n, out, true);
}

static int run(int argc, char **argv)
{
	int a = 1;

	while (a < argc && argv[a][0] == '-') {
		if (!strcmp(argv[a], "-j") || !strcmp(argv[a], "--json")) {
			opt_json = true;
		} else if (!strcmp(argv[a], "-q") || !strcmp(argv[a], "--quiet")) {
			opt_quiet = true;
		} else if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			cmd_print_text(usage, NULL, "usage");
			return EXIT_OK;
		} else if (!strcmp(argv[a], "-V") || !strcmp(argv[a], "--version")) {
			if (opt_json) {
				struct json j;

				json_init(&j, stdout);
				json_obj_begin(&j, NULL);
				json_str(&j, "version", IMGAUTH_VERSION);
				json_obj_end(&j);
			} else {
				printf("imgauthctl %s\n", IMGAUTH_VERSION);
			}
			return EXIT_OK;
		} else {
			errmsg("unknown option %s; try \"imgauthctl help\"", argv[a]);
			return EXIT_USAGE;
		}
		a++;
	}
	if (a >= argc) {
		errmsg("no command; try \"imgauthctl help\"");
		usage(NULL, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[a], "help")) {
		char obj[128];

		if (a + 1 < argc && object_words(argc - a - 1, argv + a + 1, obj,
						 sizeof(obj)))
			cmd_print_text(object_usage, obj, "usage");
		else if (a + 1 < argc && screenos_word(argv[a + 1]))
			cmd_print_text(screenos_usage, NULL, "usage");
		else if (a + 1 < argc) {
			errmsg("help: no object \"%s\"", argv[a + 1]);
			return EXIT_USAGE;
		} else
			cmd_print_text(usage, NULL, "usage");
		return EXIT_OK;
	}
	if (screenos_word(argv[a]))
		return screenos(argc - a, argv + a);
	return dispatch(argc - a, argv + a, false);
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);

	cli_json_finish(rc);
	return rc;
}
