// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Key statements: strict decoding and encoding of the body.
 *
 * The parser is strict the same way the DER code is: every field has one
 * valid encoding (reserved bits zero, serial NUL-padded, no bytes between
 * the keys and the signature, a DER signature with nothing after it), so a
 * signed statement cannot be re-encoded into a second one that still
 * verifies, and a device that logs or compares statements sees one form.
 */
#include "ia_stmt.h"
#include "ia_der.h"

#define OFF_ACTION	8
#define OFF_FLAGS	9
#define OFF_RESERVED	10
#define OFF_COUNTER	12
#define OFF_SERIAL	16
#define OFF_SIGNER	48
#define OFF_NEWKEY_LEN	80
#define OFF_SIGNER_LEN	82

const char *ia_stmt_strerror(int err)
{
	switch (err) {
	case IA_STMT_OK:
		return "ok";
	case IA_STMT_E_MAGIC:
		return "statement: bad magic";
	case IA_STMT_E_TRUNCATED:
		return "statement: truncated";
	case IA_STMT_E_ACTION:
		return "statement: unknown action";
	case IA_STMT_E_FLAGS:
		return "statement: unknown flags or reserved bits set";
	case IA_STMT_E_SERIAL:
		return "statement: bad serial (want \"any\" or 1..31 printable characters, NUL-padded)";
	case IA_STMT_E_LENGTHS:
		return "statement: key lengths do not fit the action and flags";
	case IA_STMT_E_SIGLEN:
		return "statement: signature length out of range (want 8..72 bytes)";
	case IA_STMT_E_SIGDER:
		return "statement: signature is not a strict DER Dss-Sig-Value";
	case IA_STMT_E_NOSPACE:
		return "statement: output buffer too small";
	}
	return "statement: unknown error";
}

const char *ia_stmt_action_name(int action)
{
	switch (action) {
	case IA_STMT_ROTATE:
		return "rotate";
	case IA_STMT_DELETE:
		return "delete";
	case IA_STMT_UNLOCK:
		return "unlock";
	case IA_STMT_UNPROVISION:
		return "unprovision";
	}
	return "unknown";
}

static bool action_valid(int action)
{
	return action >= IA_STMT_ROTATE && action <= IA_STMT_UNPROVISION;
}

/*
 * The lengths each action allows: only ROTATE carries a new key, and the
 * signer's DER is there exactly when the flag says so.  Both are bounded
 * by the largest key a slot holds.
 */
static bool lengths_valid(int action, u8 flags, u32 newkey_len, u32 signer_len)
{
	if (action == IA_STMT_ROTATE) {
		if (newkey_len < 1 || newkey_len > IMGAUTH_KEY_MAX)
			return false;
	} else if (newkey_len) {
		return false;
	}
	if (flags & IA_STMT_F_SIGNER)
		return signer_len >= 1 && signer_len <= IMGAUTH_KEY_MAX;
	return signer_len == 0;
}

/* 1..31 printable ASCII characters, then NUL up to the end of the field. */
static bool serial_valid(const u8 *f)
{
	u32 i, n = 0;

	while (n < IA_STMT_SERIAL_LEN && f[n])
		n++;
	if (n < 1 || n >= IA_STMT_SERIAL_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (f[i] < 0x20 || f[i] > 0x7e)
			return false;
	for (i = n; i < IA_STMT_SERIAL_LEN; i++)
		if (f[i])
			return false;
	return true;
}

int ia_stmt_parse(struct ia_stmt *st, const u8 *buf, size_t len)
{
	struct ia_dsa_sig sig;
	size_t body_len, sig_len, n;
	u16 reserved;

	/*
	 * Magic first, over what there is of it: a short file that is not
	 * a statement says "bad magic", a cut statement says "truncated".
	 */
	n = len < IA_STMT_MAGIC_LEN ? len : IA_STMT_MAGIC_LEN;
	if (n && memcmp(buf, IA_STMT_MAGIC, n))
		return IA_STMT_E_MAGIC;
	if (len < IA_STMT_HDR_LEN)
		return IA_STMT_E_TRUNCATED;

	memset(st, 0, sizeof(*st));
	st->action = buf[OFF_ACTION];
	st->flags = buf[OFF_FLAGS];
	reserved = ia_get_be16(buf + OFF_RESERVED);
	st->counter = ia_get_be32(buf + OFF_COUNTER);
	st->newkey_len = ia_get_be16(buf + OFF_NEWKEY_LEN);
	st->signer_len = ia_get_be16(buf + OFF_SIGNER_LEN);

	if (!action_valid(st->action))
		return IA_STMT_E_ACTION;
	if ((st->flags & ~IA_STMT_F_SIGNER) || reserved)
		return IA_STMT_E_FLAGS;
	if (!serial_valid(buf + OFF_SERIAL))
		return IA_STMT_E_SERIAL;
	if (!lengths_valid(st->action, st->flags, st->newkey_len, st->signer_len))
		return IA_STMT_E_LENGTHS;

	/* Both lengths are at most IMGAUTH_KEY_MAX: no overflow here. */
	body_len = IA_STMT_HDR_LEN + (size_t)st->newkey_len + st->signer_len;
	if (len < body_len)
		return IA_STMT_E_TRUNCATED;
	sig_len = len - body_len;
	if (sig_len < IMGAUTH_SIG_MIN || sig_len > IMGAUTH_SIG_MAX)
		return IA_STMT_E_SIGLEN;
	/* Only the encoding; r and s are range-checked against the key. */
	if (ia_dsa_sig_parse(&sig, buf + body_len, sig_len))
		return IA_STMT_E_SIGDER;

	/* The serial is valid, so byte 31 of the field is its NUL. */
	memcpy(st->serial, buf + OFF_SERIAL, IA_STMT_SERIAL_LEN);
	memcpy(st->signer_hash, buf + OFF_SIGNER, sizeof(st->signer_hash));
	if (st->newkey_len)
		st->newkey = buf + IA_STMT_HDR_LEN;
	if (st->signer_len)
		st->signer = buf + IA_STMT_HDR_LEN + st->newkey_len;
	st->body = buf;
	st->body_len = (u32)body_len;
	st->sig = buf + body_len;
	st->sig_len = (u32)sig_len;
	return IA_STMT_OK;
}

int ia_stmt_encode_body(u8 *out, size_t outlen, int action, u32 counter,
			const char *serial, const u8 signer_hash[32],
			const u8 *newkey, u32 newkey_len,
			const u8 *signer, u32 signer_len)
{
	u8 flags = signer_len ? IA_STMT_F_SIGNER : 0;
	u8 field[IA_STMT_SERIAL_LEN];
	size_t body_len, n = 0;

	if (!action_valid(action))
		return IA_STMT_E_ACTION;
	/* Into a field of its own first, so the check is the parser's. */
	memset(field, 0, sizeof(field));
	if (serial) {
		while (n < IA_STMT_SERIAL_LEN && serial[n]) {
			field[n] = (u8)serial[n];
			n++;
		}
	}
	if (!serial || !serial_valid(field))
		return IA_STMT_E_SERIAL;
	if (!lengths_valid(action, flags, newkey_len, signer_len) ||
	    (newkey_len && !newkey) || (signer_len && !signer))
		return IA_STMT_E_LENGTHS;
	body_len = IA_STMT_HDR_LEN + (size_t)newkey_len + signer_len;
	if (outlen < body_len)
		return IA_STMT_E_NOSPACE;

	memcpy(out, IA_STMT_MAGIC, IA_STMT_MAGIC_LEN);
	out[OFF_ACTION] = (u8)action;
	out[OFF_FLAGS] = flags;
	ia_put_be16(out + OFF_RESERVED, 0);
	ia_put_be32(out + OFF_COUNTER, counter);
	memcpy(out + OFF_SERIAL, field, sizeof(field));
	memcpy(out + OFF_SIGNER, signer_hash, 32);
	ia_put_be16(out + OFF_NEWKEY_LEN, (u16)newkey_len);
	ia_put_be16(out + OFF_SIGNER_LEN, (u16)signer_len);
	if (newkey_len)
		memcpy(out + IA_STMT_HDR_LEN, newkey, newkey_len);
	if (signer_len)
		memcpy(out + IA_STMT_HDR_LEN + newkey_len, signer, signer_len);
	return (int)body_len;
}

bool ia_stmt_for_device(const struct ia_stmt *st, const char *device_serial)
{
	if (!strcmp(st->serial, IA_STMT_SERIAL_ANY))
		return true;
	return device_serial && !strcmp(st->serial, device_serial);
}
