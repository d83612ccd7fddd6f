/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key statements (lib/ia_stmt.c) on both sides: made and signed on the
 * firmware builder's machine ("key rotate"), checked and handed to the
 * module on the appliance ("key install|delete|unlock|unprovision STMT").
 * Below the commands: cmd_key.c, cmd_keypolicy.c and cmd_keystmt.c share
 * it.
 */
#ifndef IA_STMT_TOOL_H
#define IA_STMT_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ia_stmt.h"
#include "tftp.h"
#include "util.h"

/* True when @data starts with the statement magic "IAKEYST1". */
bool stmt_magic(const void *data, size_t len);

/* What "key rotate" makes. */
struct stmt_spec {
	int action;			/* enum ia_stmt_action */
	const char *old_key;		/* the signer: a DSA private key file */
	const uint8_t *newkey;		/* ROTATE: the new key's DER */
	size_t newkey_len;
	const char *serial;		/* a device serial or "any" */
	uint32_t counter;
	bool include_signer;		/* carry the signer's DER (IA_STMT_F_SIGNER) */
};

/*
 * Encode, sign with spec->old_key and check the result as the device
 * will (it parses, and the signature verifies with the signer's public
 * key).  *@out gets the statement, @signer_hash the SHA-256 of the
 * signer's DER SubjectPublicKeyInfo.  0, or -1 with @err set.
 */
int stmt_build(const struct stmt_spec *spec, struct buf *out,
	       uint8_t signer_hash[32], char *err, size_t errlen);

/*
 * A statement from a file or tftp:// URL, at most IA_STMT_MAX bytes.
 * Returns an exit code.
 */
int stmt_fetch(const char *src, const struct tftp_opts *o, struct buf *out);

/*
 * Parse @file (from @src) strictly and check that it is a statement of
 * @want_action, before anything is sent; "@what: ..." says why not.
 * Returns 0 with *@st, EXIT_VERIFY for a malformed statement, or
 * EXIT_USAGE for a statement of another action (with the verb it is for).
 */
int stmt_check(const char *what, const char *src, const struct buf *file,
	       int want_action, struct ia_stmt *st);

/*
 * Hand a checked statement to the module (IMGAUTH_CMD_KEY_STATEMENT) and
 * report: the kernel's message, or with -j the statement's result object.
 * Returns an exit code (EXIT_VERIFY when the kernel refuses it).
 */
int stmt_apply(const char *what, const char *src, const struct buf *file,
	       const struct ia_stmt *st);

/* "rotated", "deleted", "unlocked", "unprovisioned": the JSON result. */
const char *stmt_result_name(int action);

#endif
