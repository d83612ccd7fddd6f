/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IA_COMPLETION_H
#define IA_COMPLETION_H

#include <stddef.h>
#include <stdio.h>

#include "cmd.h"

/* The bash completion script for @cmds and the ScreenOS forms. */
void completion_bash(FILE *f, const struct cmd *const *cmds, size_t n);

#endif
