/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Key statements: the signed authorisation of one change to a locked (or
 * provisioned) device's key policy, made with the device's current image
 * key.  This is only the codec, shared by kernel and userspace; the
 * kernel checks the signature, the signer and the counter.
 *
 * Layout, big-endian:
 *
 *   off len
 *     0   8  magic "IAKEYST1"
 *     8   1  action (enum ia_stmt_action)
 *     9   1  flags: IA_STMT_F_SIGNER, other bits 0
 *    10   2  reserved, 0
 *    12   4  counter: accepted only above the last one accepted
 *    16  32  serial: "any" or a device serial, 1..31 printable ASCII
 *            characters, NUL-padded (so byte 47 is always NUL)
 *    48  32  signer: SHA-256 of the signing key's DER SubjectPublicKeyInfo
 *    80   2  newkey_len: ROTATE 1..IMGAUTH_KEY_MAX, otherwise 0
 *    82   2  signer_len: with IA_STMT_F_SIGNER 1..IMGAUTH_KEY_MAX, else 0
 *    84      newkey DER, then signer DER: the end of the signed body
 *            then a DER Dss-Sig-Value over the body, the rest of the
 *            buffer: IMGAUTH_SIG_MIN..IMGAUTH_SIG_MAX bytes
 */
#ifndef IA_STMT_H
#define IA_STMT_H

#include "ia_types.h"
#include <linux/imgauth.h>

#define IA_STMT_MAGIC		"IAKEYST1"
#define IA_STMT_MAGIC_LEN	8
#define IA_STMT_HDR_LEN		84
#define IA_STMT_SERIAL_LEN	32
#define IA_STMT_SERIAL_ANY	"any"

/* Longest body and whole statement ia_stmt_parse() accepts. */
#define IA_STMT_BODY_MAX	(IA_STMT_HDR_LEN + 2 * IMGAUTH_KEY_MAX)
#define IA_STMT_MAX		(IA_STMT_BODY_MAX + IMGAUTH_SIG_MAX)

enum ia_stmt_action {
	IA_STMT_ROTATE = 1,		/* install the new key */
	IA_STMT_DELETE = 2,		/* delete the key */
	IA_STMT_UNLOCK = 3,		/* clear the lock */
	IA_STMT_UNPROVISION = 4,	/* clear the provisioned flag */
};

#define IA_STMT_F_SIGNER	0x01	/* the signer's key DER is included */

enum ia_stmt_err {
	IA_STMT_OK = 0,
	IA_STMT_E_MAGIC = -1,		/* not "IAKEYST1" */
	IA_STMT_E_TRUNCATED = -2,	/* ends inside the header or a key */
	IA_STMT_E_ACTION = -3,		/* action not 1..4 */
	IA_STMT_E_FLAGS = -4,		/* unknown flag or reserved not 0 */
	IA_STMT_E_SERIAL = -5,		/* serial not "any" or 1..31 printable */
	IA_STMT_E_LENGTHS = -6,		/* newkey_len/signer_len vs action/flag */
	IA_STMT_E_SIGLEN = -7,		/* signature not 8..72 bytes */
	IA_STMT_E_SIGDER = -8,		/* signature not a strict DER Dss-Sig-Value */
	IA_STMT_E_NOSPACE = -9,		/* encode: output buffer too small */
};

/* A parsed statement; the pointers point into the parsed buffer. */
struct ia_stmt {
	u8 action;
	u8 flags;
	u32 counter;
	char serial[IA_STMT_SERIAL_LEN];	/* NUL-terminated copy */
	u8 signer_hash[32];
	const u8 *newkey;		/* NULL when newkey_len is 0 */
	u32 newkey_len;
	const u8 *signer;		/* NULL when signer_len is 0 */
	u32 signer_len;
	const u8 *body;			/* what the signature covers */
	u32 body_len;
	const u8 *sig;
	u32 sig_len;
};

/*
 * Strict parse of a whole statement; 0 or a negative enum ia_stmt_err
 * (then *st is unspecified).  Never reads past @len.  The key DERs are only length-checked: the
 * kernel validates them as keys, and checks signer_hash and the signature.
 */
int ia_stmt_parse(struct ia_stmt *st, const u8 *buf, size_t len);

/* "statement: bad magic" ...; static text. */
const char *ia_stmt_strerror(int err);

/* "rotate", "delete", "unlock", "unprovision"; "unknown" otherwise. */
const char *ia_stmt_action_name(int action);

/*
 * Encode the body (everything the signature covers) into @out; the flags
 * are IA_STMT_F_SIGNER when @signer_len is not 0.  Returns the body length
 * or a negative enum ia_stmt_err: IA_STMT_E_ACTION, IA_STMT_E_SERIAL,
 * IA_STMT_E_LENGTHS (also a NULL key with a length) or IA_STMT_E_NOSPACE.
 * The same rules as ia_stmt_parse(), so what this writes parses once a
 * signature is appended.  @signer_hash must not be NULL: the caller
 * hashes the signing key's DER (the device compares it with its own).
 */
int ia_stmt_encode_body(u8 *out, size_t outlen, int action, u32 counter,
			const char *serial, const u8 signer_hash[32],
			const u8 *newkey, u32 newkey_len,
			const u8 *signer, u32 signer_len);

/* True when the statement is for this device: serial "any" or equal. */
bool ia_stmt_for_device(const struct ia_stmt *st, const char *device_serial);

#endif /* IA_STMT_H */
