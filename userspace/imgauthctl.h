/* SPDX-License-Identifier: GPL-2.0 */
/*
 * imgauthctl: the commands and the exit codes they share.
 */
#ifndef IMGAUTHCTL_H
#define IMGAUTHCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;

/* Exit codes: part of the interface, scripts test them. */
enum {
	EXIT_OK = 0,
	EXIT_FAILURE_GENERIC = 1,	/* anything not below */
	EXIT_USAGE = 2,			/* bad command line */
	EXIT_TRANSFER = 3,		/* TFTP or file I/O failed */
	EXIT_VERIFY = 4,		/* image or key rejected */
	EXIT_PERM = 5,			/* not permitted (needs root) */
	EXIT_NOMODULE = 6,		/* the imgauth module is not loaded */
};

/* Global flags, set by main(). */
extern bool opt_json;
extern bool opt_quiet;

/* Each object's entry point: argv[0] is the object name. */
int cmd_key(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_system(int argc, char **argv);
int cmd_tftp(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_verify_sig(int argc, char **argv);
int cmd_screenos(int argc, char **argv);

/*
 * The parts of "image" that talk to the kernel (cmd_install.c); cmd_image.c
 * routes to them.  argv[0] is the verb.
 */
int cmd_image_install(int argc, char **argv);
int cmd_image_commit(int argc, char **argv);
int cmd_image_check(int argc, char **argv);
/* Verify an image buffer against the installed key, in the kernel. */
int image_verify_kernel(const void *data, size_t len, const char *name);

/* The key commands, shared with the ScreenOS verbs (cmd_key.c). */
struct tftp_opts;
int key_show(bool json);
int key_install(const char *src, const struct tftp_opts *o, bool screenos);
int key_delete(void);
int system_show(bool json);
int config_save(const char *url, const char *file, const struct tftp_opts *o);

/* "imgauthctl key fingerprint FILE" (cmd_fingerprint.c). */
int cmd_key_fingerprint(int argc, char **argv);

struct nl;
/*
 * Open the netlink conversation with the module; on failure print why and
 * return the exit code (EXIT_NOMODULE when it is not loaded), else 0.
 */
int open_module(struct nl *nl);

/*
 * One attribute-less netlink command to the module (status, key slots,
 * key delete, loader config), replies to @cb.  On failure prints
 * "@what: reason" and returns the exit code, else 0.
 */
int module_request(uint8_t cmd, const char *what,
		   int (*cb)(const struct nlmsghdr *nlh, void *data), void *data);

/* Map a negative errno from the kernel or a transfer to an exit code. */
int exit_code_for_errno(int err);

#endif
