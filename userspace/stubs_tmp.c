// SPDX-License-Identifier: GPL-2.0
/* TEMPORARY during bring-up: each command moves to its own file. */
#include <stdio.h>
#include "imgauthctl.h"
#include "util.h"

#define STUB(fn) int fn(int argc, char **argv) { (void)argc; errmsg("%s: not yet implemented", argv[0]); return 1; }
STUB(cmd_key)
STUB(cmd_config)
STUB(cmd_system)
STUB(cmd_events)
STUB(cmd_verify_sig)
STUB(cmd_screenos)
STUB(cmd_image_install)
STUB(cmd_image_commit)
int image_verify_kernel(const void *data, size_t len, const char *name) { (void)data; (void)len; (void)name; return 1; }
