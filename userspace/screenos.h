/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ScreenOS forms of the commands (screenos.c): words in, imgauthctl's
 * own command out.  Also read by the help and the bash completion.
 */
#ifndef IA_SCREENOS_H
#define IA_SCREENOS_H

#include <stdbool.h>
#include <stddef.h>

struct screenos_form {
	const char *words;		/* "save image-key tftp HOST FILE" */
	const char *command[3];		/* { "key", "install" } */
};

/* Ends with a NULL words. */
extern const struct screenos_form screenos_forms[];

/* Is @w the first word of a ScreenOS form (save, delete, exec, get)? */
bool screenos_word(const char *w);

/*
 * If argv starts with a form's words, put the command it stands for into
 * @out (at most @cap entries; a URL made of HOST and FILE goes in @url),
 * followed by the remaining arguments, and return their count.  0 when
 * no form matches, -1 on error (said).
 */
int screenos_translate(int argc, char **argv, char **out, int cap,
		       char *url, size_t urlcap);

#endif
