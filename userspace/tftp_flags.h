/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The transfer options every command that fetches or stores over TFTP
 * takes (--blksize N --windowsize N --timeout S --retries N --deadline S
 * --no-options --progress=auto|none|bar|lines): one table for the
 * parser, the --help texts and the bash completion.
 */
#ifndef IA_TFTP_FLAGS_H
#define IA_TFTP_FLAGS_H

#include "cmd.h"
#include "tftp.h"

extern const struct cmd_opt tftp_cmd_opts[];

/*
 * Consumes argv[*i] (and its value) when it is one of them: returns 1;
 * 0 when it is not; -1 on a bad value (message printed).
 */
int tftp_parse_flag(struct tftp_opts *o, int argc, char **argv, int *i);

#endif
