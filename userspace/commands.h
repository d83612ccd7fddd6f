/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands, as cmd_*.c describe them (cmd.h); imgauthctl.c lists
 * them in the order "imgauthctl help" shows them.
 */
#ifndef IA_COMMANDS_H
#define IA_COMMANDS_H

#include "cmd.h"

extern const struct cmd cmd_key_show, cmd_key_install, cmd_key_delete,
	cmd_key_fingerprint;
extern const struct cmd cmd_key_lock, cmd_key_unlock, cmd_key_unprovision,
	cmd_key_rotate, cmd_key_statement;
extern const struct cmd cmd_floor_show, cmd_floor_raise, cmd_log;
extern const struct cmd cmd_image_info, cmd_image_verify, cmd_image_sign,
	cmd_image_install, cmd_image_commit, cmd_image_check;
extern const struct cmd cmd_config_save, cmd_config_loader_show,
	cmd_config_loader_set;
extern const struct cmd cmd_boot, cmd_boot_mark_good;
extern const struct cmd cmd_system, cmd_tftp_get, cmd_tftp_put, cmd_events,
	cmd_verify_sig;

#endif
