// SPDX-License-Identifier: GPL-2.0
/*
 * The one command-line parser: options anywhere among the operands, as
 * "--name value", "--name=value" or "-a value"; "--" ends them; a lone
 * "-" is an operand.  Every command also takes -j/--json, -q/--quiet and
 * -h/--help, and "help" as its only word.  An option a command does not
 * list is a usage error, whatever the command.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "json.h"
#include "tftp_flags.h"

const struct cmd_opt cmd_common_opts[] = {
	{ "--json", "-j", NULL, "print one JSON document on stdout", COMPLETE_NONE, false },
	{ "--quiet", "-q", NULL, "print errors only", COMPLETE_NONE, false },
	{ "--help", "-h", NULL, "print this help", COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

/* The option @arg names (up to a '='), or NULL. */
static const struct cmd_opt *find_opt(const struct cmd_opt *opts,
				      const char *arg, size_t nlen)
{
	const struct cmd_opt *o;

	for (o = opts; o && o->name; o++)
		if ((strlen(o->name) == nlen && !strncmp(arg, o->name, nlen)) ||
		    (o->alias && !strcmp(arg, o->alias)))
			return o;
	return NULL;
}

static int common_opt(const char *arg)
{
	if (!strcmp(arg, "-j") || !strcmp(arg, "--json"))
		opt_json = true;
	else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet"))
		opt_quiet = true;
	else if (!strcmp(arg, "-h") || !strcmp(arg, "--help"))
		return CMD_HELP;
	else
		return 1;
	return 0;
}

/* One option of the command's own: 0, or EXIT_USAGE. */
static int own_opt(const struct cmd *c, const struct cmd_opt *o, int argc,
		   char **argv, int *i, struct cmd_args *a)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	bool long_eq = eq && arg[1] == '-';

	if (!o->arg) {
		if (long_eq) {
			errmsg("%s: %s takes no value", c->name, o->name);
			return EXIT_USAGE;
		}
		a->opt[o - c->opts] = "";
	} else if (long_eq) {
		a->opt[o - c->opts] = eq + 1;
	} else if (*i + 1 < argc) {
		a->opt[o - c->opts] = argv[++*i];
	} else {
		errmsg("%s: %s needs a value (%s)", c->name, o->name, o->arg);
		return EXIT_USAGE;
	}
	return 0;
}

static int check_counts(const struct cmd *c, const struct cmd_args *a)
{
	const struct cmd_opt *o;

	if (a->nops < c->min_ops) {
		errmsg("%s: missing %s; see \"imgauthctl %s --help\"", c->name,
		       c->operands ? c->operands : "operand", c->name);
		return EXIT_USAGE;
	}
	for (o = c->opts; o && o->name; o++) {
		if (o->required && !a->opt[o - c->opts]) {
			errmsg("%s: %s %s is required", c->name, o->name, o->arg);
			return EXIT_USAGE;
		}
	}
	return 0;
}

int cmd_parse(const struct cmd *c, int argc, char **argv, struct cmd_args *a)
{
	bool dashdash = false;
	int i, ret;

	memset(a, 0, sizeof(*a));
	a->cmd = c;
	for (i = 0; c->opts && c->opts[i].name; i++)
		if (i >= CMD_MAX_OPTS) {
			errmsg("%s: more options than CMD_MAX_OPTS", c->name);
			return EXIT_FAILURE_GENERIC;
		}
	/* "imgauthctl image install help", as ip(8) has it. */
	if (argc == 1 && !strcmp(argv[0], "help"))
		return CMD_HELP;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *eq;
		const struct cmd_opt *o;

		if (dashdash || arg[0] != '-' || !arg[1]) {
			if (a->nops >= c->max_ops || a->nops >= CMD_MAX_OPS) {
				errmsg("%s: unexpected argument \"%s\"", c->name, arg);
				return EXIT_USAGE;
			}
			a->op[a->nops++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			dashdash = true;
			continue;
		}
		ret = common_opt(arg);
		if (ret <= 0) {
			if (ret == CMD_HELP)
				return CMD_HELP;
			continue;
		}
		eq = strchr(arg, '=');
		o = find_opt(c->opts, arg, eq && arg[1] == '-' ?
					   (size_t)(eq - arg) : strlen(arg));
		if (o) {
			ret = own_opt(c, o, argc, argv, &i, a);
			if (ret)
				return ret;
			continue;
		}
		if (c->flags & CMD_TFTP) {
			ret = tftp_parse_flag(&a->tftp, argc, argv, &i);
			if (ret < 0)
				return EXIT_USAGE;
			if (ret)
				continue;
		}
		errmsg("%s: unknown option %s; see \"imgauthctl %s --help\"",
		       c->name, arg, c->name);
		return EXIT_USAGE;
	}
	return check_counts(c, a);
}

/* Required options as typed (-o OUT), optional ones by name ([--key CERT]). */
static void opt_synopsis(FILE *f, const struct cmd_opt *o)
{
	const char *n = o->required && o->alias ? o->alias : o->name;

	fprintf(f, o->required ? " %s%s%s" : " [%s%s%s]", n, o->arg ? " " : "",
		o->arg ? o->arg : "");
}

/* Up to this many optional options are listed; more are [OPTIONS]. */
#define SUMMARY_OPTS	3

/* "image install SRC [--loader] ...", no newline. */
static void synopsis(const struct cmd *c, FILE *f)
{
	const struct cmd_opt *o;
	int optional = 0;

	fputs(c->name, f);
	if (c->operands)
		fprintf(f, " %s", c->operands);
	for (o = c->opts; o && o->name; o++) {
		if (o->required)
			opt_synopsis(f, o);
		else
			optional++;
	}
	for (o = c->opts; o && o->name && optional <= SUMMARY_OPTS; o++)
		if (!o->required)
			opt_synopsis(f, o);
	if (optional > SUMMARY_OPTS)
		fputs(" [OPTIONS]", f);
	if (c->flags & CMD_TFTP)
		fputs(" [TFTP options]", f);
}

void cmd_summary(const struct cmd *c, FILE *f)
{
	fputs("  ", f);
	synopsis(c, f);
	fprintf(f, "\n      %s\n", c->summary);
}

static void opt_lines(FILE *f, const struct cmd_opt *opts)
{
	const struct cmd_opt *o;
	char left[64];

	for (o = opts; o && o->name; o++) {
		snprintf(left, sizeof(left), "%s%s%s%s%s", o->alias ? o->alias : "",
			 o->alias ? ", " : "", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		fprintf(f, "  %-22s %s\n", left, o->help);
	}
}

void cmd_usage(const struct cmd *c, FILE *f)
{
	fputs("Usage: imgauthctl ", f);
	synopsis(c, f);
	fprintf(f, "\n  %s\n", c->summary);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	if (c->opts && c->opts[0].name) {
		fputs("\nOptions:\n", f);
		opt_lines(f, c->opts);
	}
	if (c->flags & CMD_TFTP) {
		fputs("\nTFTP options:\n", f);
		opt_lines(f, tftp_cmd_opts);
	}
	fputs("\nCommon options:\n", f);
	opt_lines(f, cmd_common_opts);
}

void cmd_print_text(void (*fn)(const void *ctx, FILE *f), const void *ctx,
		    const char *key)
{
	struct json j;
	char *text = NULL;
	size_t len = 0;
	FILE *m;

	if (!opt_json) {
		fn(ctx, stdout);
		return;
	}
	m = open_memstream(&text, &len);
	if (!m)
		return;
	fn(ctx, m);
	fclose(m);
	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, key, text);
	json_obj_end(&j);
	free(text);
}
