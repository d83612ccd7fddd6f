// SPDX-License-Identifier: GPL-2.0
/* TEMPORARY during bring-up: each command moves to its own file. */
#include <stdio.h>
#include "imgauthctl.h"
#include "util.h"

#define STUB(fn) int fn(int argc, char **argv) { (void)argc; errmsg("%s: not yet implemented", argv[0]); return 1; }
STUB(cmd_tftp)
