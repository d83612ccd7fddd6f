/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot loader's console prompts ("Self IP Address [192.0.2.1]: "):
 * a line from standard input, so that a script can answer them, where
 * the end of input or a timeout takes the default, so that a boot never
 * waits forever.  In batch mode every prompt is printed with its default
 * taken and nothing is read.
 */
#ifndef IA_PROMPT_H
#define IA_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Prompts go to @out (NULL: printed nowhere, answers still read).
 * @timeout: seconds to wait for each answer, 0 for ever.
 */
void prompt_init(FILE *out, bool batch, unsigned int timeout);

/*
 * "LABEL [DEFAULT]: ", then a line: the answer, or @def for an empty
 * line, the end of input, a timeout or batch mode.  Into @buf (@n bytes,
 * longer answers cut; it may be @def itself).  An answer read from a pipe is echoed, as a
 * terminal would have shown it.
 */
void prompt_line(const char *label, const char *def, char *buf, size_t n);

/*
 * "QUESTION (y/[n]/m) ": one of @choices (lower-case letters), @def
 * (one of them) shown in brackets and taken as for prompt_line(); the
 * first letter of the answer decides, in any case; anything else asks
 * again.  The choice is echoed as a word ("Yes", "No", or @words[i]).
 */
int prompt_choice(const char *question, const char *choices, int def,
		  const char *const *words);

/* "Serial Number [0185092007001229]: READ ONLY" */
void prompt_read_only(const char *label, const char *value);

#endif
