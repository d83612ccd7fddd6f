// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl completion bash": bash completion written from the command
 * table the parser uses (cmd.h), so that it offers what is accepted and
 * nothing else.  "make install" installs its output.
 */
#include <stdio.h>
#include <string.h>

#include "completion.h"
#include "screenos.h"
#include "tftp_flags.h"

static const char *kind(enum cmd_complete c)
{
	switch (c) {
	case COMPLETE_NONE:
		break;
	case COMPLETE_FILE:
		return "file";
	case COMPLETE_SRC:
		return "src";
	case COMPLETE_URL:
		return "url";
	case COMPLETE_REGION:
		return "region";
	case COMPLETE_SLOT:
		return "slot";
	case COMPLETE_PROGRESS:
		return "progress";
	case COMPLETE_LDRCFG:
		return "ldrcfg";
	case COMPLETE_SHELL:
		return "shell";
	}
	return "none";
}

static void opt_names(FILE *f, const struct cmd_opt *opts)
{
	const struct cmd_opt *o;

	for (o = opts; o && o->name; o++)
		fprintf(f, " %s%s%s", o->alias ? o->alias : "", o->alias ? " " : "",
			o->name);
}

static void opt_values(FILE *f, const char *cmd, const struct cmd_opt *opts)
{
	const struct cmd_opt *o;

	for (o = opts; o && o->name; o++) {
		if (!o->arg)
			continue;
		fprintf(f, "\t[\"%s|%s\"]=%s\n", cmd, o->name, kind(o->complete));
		if (o->alias)
			fprintf(f, "\t[\"%s|%s\"]=%s\n", cmd, o->alias, kind(o->complete));
	}
}

/* The function that reads the tables; the same for every table. */
static const char script[] =
"_imgauthctl_values() {\n"
"\tcase $1 in\n"
"\tfile) COMPREPLY=($(compgen -f -- \"$2\")) ;;\n"
"\tsrc) COMPREPLY=($(compgen -f -- \"$2\") $(compgen -W tftp:// -- \"$2\")) ;;\n"
"\turl) COMPREPLY=($(compgen -W tftp:// -- \"$2\")); compopt -o nospace 2>/dev/null ;;\n"
"\tregion) COMPREPLY=($(compgen -W 'loader image0 image1' -- \"$2\")) ;;\n"
"\tslot) COMPREPLY=($(compgen -W 'image0 image1' -- \"$2\")) ;;\n"
"\tprogress) COMPREPLY=($(compgen -W 'auto none bar lines' -- \"$2\")) ;;\n"
"\tldrcfg) COMPREPLY=($(compgen -W 'boot-file self-ip tftp-ip netmask gateway' -- \"$2\")) ;;\n"
"\tshell) COMPREPLY=($(compgen -W bash -- \"$2\")) ;;\n"
"\t*) COMPREPLY=() ;;\n"
"\tesac\n"
"}\n"
"\n"
"# Do the words typed start with pattern $1 (HOST and FILE match any word)?\n"
"_imgauthctl_starts() {\n"
"\tlocal -a p=($1)\n"
"\tlocal j\n"
"\t[ ${#p[@]} -ge ${#_ia_words[@]} ] || return 1\n"
"\tfor ((j = 0; j < ${#_ia_words[@]}; j++)); do\n"
"\t\tcase ${p[j]} in HOST|FILE) ;; *) [ \"${p[j]}\" = \"${_ia_words[j]}\" ] || return 1 ;; esac\n"
"\tdone\n"
"}\n"
"\n"
"_imgauthctl() {\n"
"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
"\tlocal i=1 c cmd= cmdlen=0 form= cands= n\n"
"\tlocal -a _ia_words cw\n"
"\twhile [ $i -lt $COMP_CWORD ] && [[ ${COMP_WORDS[i]} == -* ]]; do\n"
"\t\ti=$((i + 1))\n"
"\tdone\n"
"\tif [ $i -eq $COMP_CWORD ] && [[ $cur == -* ]]; then\n"
"\t\tCOMPREPLY=($(compgen -W '-j --json -q --quiet -h --help -V --version' -- \"$cur\"))\n"
"\t\treturn\n"
"\tfi\n"
"\t_ia_words=(\"${COMP_WORDS[@]:i:COMP_CWORD-i}\")\n"
"\t# The longest command or ScreenOS form the words begin with.\n"
"\tfor c in \"${_imgauthctl_cmds[@]}\" \"${_imgauthctl_forms[@]}\"; do\n"
"\t\tcw=($c)\n"
"\t\tn=${#cw[@]}\n"
"\t\t[ ${#_ia_words[@]} -ge $n ] && [ $n -gt $cmdlen ] || continue\n"
"\t\tlocal -a saved=(\"${_ia_words[@]}\")\n"
"\t\t_ia_words=(\"${saved[@]:0:n}\")\n"
"\t\tif _imgauthctl_starts \"$c\"; then\n"
"\t\t\tcmdlen=$n\n"
"\t\t\tcmd=${_imgauthctl_form_cmd[$c]:-$c}\n"
"\t\t\tform=${_imgauthctl_form_cmd[$c]:+yes}\n"
"\t\tfi\n"
"\t\t_ia_words=(\"${saved[@]}\")\n"
"\tdone\n"
"\tif [ -z \"$cmd\" ]; then\n"
"\t\t# The next word of every command or form the words begin.\n"
"\t\tn=${#_ia_words[@]}\n"
"\t\tfor c in \"${_imgauthctl_cmds[@]}\" \"${_imgauthctl_forms[@]}\" help; do\n"
"\t\t\tcw=($c)\n"
"\t\t\t[ ${#cw[@]} -gt $n ] && _imgauthctl_starts \"$c\" || continue\n"
"\t\t\tcase ${cw[n]} in HOST|FILE) ;; *) [[ \" $cands \" == *\" ${cw[n]} \"* ]] || cands+=\" ${cw[n]}\" ;; esac\n"
"\t\tdone\n"
"\t\tCOMPREPLY=($(compgen -W \"$cands\" -- \"$cur\"))\n"
"\t\treturn\n"
"\tfi\n"
"\tif [ ${#_ia_words[@]} -gt $cmdlen ] && [ -n \"${_imgauthctl_args[$cmd|$prev]+x}\" ]; then\n"
"\t\t_imgauthctl_values \"${_imgauthctl_args[$cmd|$prev]}\" \"$cur\"\n"
"\t\treturn\n"
"\tfi\n"
"\tif [[ $cur == -* ]]; then\n"
"\t\tCOMPREPLY=($(compgen -W \"${_imgauthctl_opts[$cmd]}\" -- \"$cur\"))\n"
"\t\treturn\n"
"\tfi\n"
"\t[ -n \"$form\" ] && { COMPREPLY=(); return; }\n"
"\t_imgauthctl_values \"${_imgauthctl_ops[$cmd]}\" \"$cur\"\n"
"\t# A command that is the start of longer ones (boot, boot mark-good).\n"
"\t[ ${#_ia_words[@]} -eq $cmdlen ] || return\n"
"\tfor c in \"${_imgauthctl_cmds[@]}\"; do\n"
"\t\tcw=($c)\n"
"\t\t[ ${#cw[@]} -gt $cmdlen ] && _imgauthctl_starts \"$c\" && cands+=\" ${cw[cmdlen]}\"\n"
"\tdone\n"
"\t[ -n \"$cands\" ] && COMPREPLY+=($(compgen -W \"$cands\" -- \"$cur\"))\n"
"}\n"
"complete -F _imgauthctl imgauthctl\n";

void completion_bash(FILE *f, const struct cmd *const *cmds, size_t n)
{
	const struct screenos_form *sf;
	size_t i;

	fputs("# bash completion for imgauthctl(8), written by \"imgauthctl completion bash\"\n"
	      "# from the command table the tool parses its arguments with.\n\n", f);
	fputs("_imgauthctl_cmds=(\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "\t\"%s\"\n", cmds[i]->name);
	fputs(")\n_imgauthctl_forms=(\n", f);
	for (sf = screenos_forms; sf->words; sf++)
		fprintf(f, "\t\"%s\"\n", sf->words);
	fputs(")\ndeclare -A _imgauthctl_form_cmd=(\n", f);
	for (sf = screenos_forms; sf->words; sf++)
		fprintf(f, "\t[\"%s\"]=\"%s%s%s\"\n", sf->words, sf->command[0],
			sf->command[1] ? " " : "", sf->command[1] ? sf->command[1] : "");
	fputs(")\ndeclare -A _imgauthctl_opts=(\n", f);
	for (i = 0; i < n; i++) {
		fprintf(f, "\t[\"%s\"]=\"", cmds[i]->name);
		opt_names(f, cmds[i]->opts);
		if (cmds[i]->flags & CMD_TFTP)
			opt_names(f, tftp_cmd_opts);
		opt_names(f, cmd_common_opts);
		fputs("\"\n", f);
	}
	fputs(")\ndeclare -A _imgauthctl_args=(\n", f);
	for (i = 0; i < n; i++) {
		opt_values(f, cmds[i]->name, cmds[i]->opts);
		if (cmds[i]->flags & CMD_TFTP)
			opt_values(f, cmds[i]->name, tftp_cmd_opts);
	}
	fputs(")\ndeclare -A _imgauthctl_ops=(\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "\t[\"%s\"]=%s\n", cmds[i]->name, kind(cmds[i]->complete));
	fputs(")\n\n", f);
	fputs(script, f);
}
