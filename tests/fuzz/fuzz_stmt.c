// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the key statement codec the kernel runs on
 * statements handed in by root (lib/ia_stmt.c).  Besides memory safety
 * (the input buffer is exactly its size, so ASan catches any read past
 * len) it checks the promises:
 *  - a parsed statement's parts lie inside the buffer and add up to it,
 *    every field obeys its rule, and re-encoding the parsed fields gives
 *    the body bytes back exactly (one encoding per statement);
 *  - no proper prefix of a parsed statement parses;
 *  - whatever ia_stmt_encode_body() accepts parses back, with a strict
 *    DER signature appended, to the same fields; what it refuses breaks
 *    a stated rule.
 *
 * The input is parsed as it is, and also used as the fields of a
 * statement to encode (so the fuzzer gets past the magic at once).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/imgauth.h>
#include "ia_der.h"
#include "ia_stmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

static const u8 sig_min[] = { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 };

static bool serial_ok(const char *s)
{
	size_t n = 0;

	while (n < IA_STMT_SERIAL_LEN && s[n]) {
		if ((u8)s[n] < 0x20 || (u8)s[n] > 0x7e)
			return false;
		n++;
	}
	return n >= 1 && n < IA_STMT_SERIAL_LEN;
}

static void check_parsed(const struct ia_stmt *st, const u8 *buf, size_t len)
{
	static u8 body[IA_STMT_BODY_MAX];
	struct ia_dsa_sig sig;
	int n;

	ASSERT(st->action >= IA_STMT_ROTATE && st->action <= IA_STMT_UNPROVISION);
	ASSERT(strcmp(ia_stmt_action_name(st->action), "unknown"));
	ASSERT(!(st->flags & ~IA_STMT_F_SIGNER));
	ASSERT(serial_ok(st->serial) && !memcmp(st->serial, buf + 16, IA_STMT_SERIAL_LEN));
	ASSERT(!memcmp(st->signer_hash, buf + 48, 32));
	ASSERT(ia_get_be32(buf + 12) == st->counter);
	if (st->action == IA_STMT_ROTATE)
		ASSERT(st->newkey_len >= 1 && st->newkey_len <= IMGAUTH_KEY_MAX &&
		       st->newkey == buf + IA_STMT_HDR_LEN);
	else
		ASSERT(!st->newkey_len && !st->newkey);
	if (st->flags & IA_STMT_F_SIGNER)
		ASSERT(st->signer_len >= 1 && st->signer_len <= IMGAUTH_KEY_MAX &&
		       st->signer == buf + IA_STMT_HDR_LEN + st->newkey_len);
	else
		ASSERT(!st->signer_len && !st->signer);
	ASSERT(st->body == buf &&
	       st->body_len == IA_STMT_HDR_LEN + st->newkey_len + st->signer_len);
	ASSERT(st->sig == buf + st->body_len && st->body_len + (size_t)st->sig_len == len);
	ASSERT(st->sig_len >= IMGAUTH_SIG_MIN && st->sig_len <= IMGAUTH_SIG_MAX);
	ASSERT(!ia_dsa_sig_parse(&sig, st->sig, st->sig_len));
	ASSERT(ia_stmt_for_device(st, st->serial));

	n = ia_stmt_encode_body(body, sizeof(body), st->action, st->counter, st->serial,
				st->signer_hash, st->newkey, st->newkey_len,
				st->signer, st->signer_len);
	ASSERT(n == (int)st->body_len && !memcmp(body, buf, st->body_len));
}

static void fuzz_parse(const u8 *d, size_t n)
{
	struct ia_stmt st;
	int err;

	err = ia_stmt_parse(&st, d, n);
	ASSERT(err <= 0 && err >= IA_STMT_E_SIGDER);
	ASSERT(strcmp(ia_stmt_strerror(err), "statement: unknown error"));
	if (err)
		return;
	check_parsed(&st, d, n);
	/* no proper prefix parses: the signature is exactly the tail */
	ASSERT(ia_stmt_parse(&st, d, n - 1) != IA_STMT_OK);
}

/* The error ia_stmt_encode_body() must give, in its order of checks. */
static int expected(int action, const char *serial, const u8 *newkey, u32 newkey_len,
		    const u8 *signer, u32 signer_len, size_t outlen)
{
	bool rotate = action == IA_STMT_ROTATE;

	if (action < IA_STMT_ROTATE || action > IA_STMT_UNPROVISION)
		return IA_STMT_E_ACTION;
	if (!serial_ok(serial))
		return IA_STMT_E_SERIAL;
	if ((rotate && (newkey_len < 1 || newkey_len > IMGAUTH_KEY_MAX)) ||
	    (!rotate && newkey_len) || signer_len > IMGAUTH_KEY_MAX ||
	    (newkey_len && !newkey) || (signer_len && !signer))
		return IA_STMT_E_LENGTHS;
	if (outlen < IA_STMT_HDR_LEN + (size_t)newkey_len + signer_len)
		return IA_STMT_E_NOSPACE;
	return (int)(IA_STMT_HDR_LEN + newkey_len + signer_len);
}

/*
 * Fields from the input: encode into a buffer of exactly the room given
 * (so ASan sees a write past it), append a signature, parse back.
 *   d[0]: action (% 6, so also 0 and 5) and, above it, bits: NULL newkey,
 *         NULL signer, a small output buffer, the signature from the input
 *   d[1..4] counter, d[5..6] newkey_len, d[7..8] signer_len, d[9] serial
 *   length; then the bytes the serial, the hash and the keys come from.
 */
static void fuzz_encode(const u8 *d, size_t n)
{
	static u8 buf[IA_STMT_MAX + 1];
	u32 newkey_len, signer_len, counter, sig_len;
	const u8 *sig, *newkey, *signer, *hash;
	char serial[IA_STMT_SERIAL_LEN + 4];
	size_t serial_len, outlen;
	struct ia_stmt st;
	int action, bits, len, want, err;
	u8 *out;

	action = d[0] % 6;
	bits = d[0] / 6;
	counter = ia_get_be32(d + 1);
	/* lengths around the limits, sometimes over them */
	newkey_len = ia_get_be16(d + 5) % (IMGAUTH_KEY_MAX + 8);
	signer_len = ia_get_be16(d + 7) % (IMGAUTH_KEY_MAX + 8);
	serial_len = d[9] % (sizeof(serial) - 1);
	hash = d + 10;
	d += 10 + 32;
	n -= 10 + 32;
	if (serial_len > n)
		serial_len = n;
	memcpy(serial, d, serial_len);
	serial[serial_len] = '\0';
	/* the keys are the remaining bytes (they may overlap: only lengths matter) */
	if (newkey_len > n)
		newkey_len = (u32)n;
	if (signer_len > n)
		signer_len = (u32)n;
	newkey = bits & 1 ? NULL : d;
	signer = bits & 2 ? NULL : d + n - signer_len;
	outlen = bits & 4 ? (size_t)(counter % (IA_STMT_HDR_LEN + 64)) : IA_STMT_BODY_MAX;
	sig = sig_min;
	sig_len = sizeof(sig_min);
	if (bits & 8 && n) {
		sig_len = d[n - 1] % (IMGAUTH_SIG_MAX + 4);
		if (sig_len > n)
			sig_len = (u32)n;
		sig = d + n - sig_len;
	}

	out = malloc(outlen ? outlen : 1);
	ASSERT(out);
	len = ia_stmt_encode_body(out, outlen, action, counter, serial, hash,
				  newkey, newkey_len, signer, signer_len);
	want = expected(action, serial, newkey, newkey_len, signer, signer_len, outlen);
	ASSERT(len == want);
	if (len < 0) {
		free(out);
		return;
	}
	memcpy(buf, out, (size_t)len);
	free(out);
	memcpy(buf + len, sig, sig_len);
	err = ia_stmt_parse(&st, buf, (size_t)len + sig_len);
	if (err) {
		struct ia_dsa_sig dsig;

		/* only the signature can be wrong */
		ASSERT(sig != sig_min);
		if (sig_len < IMGAUTH_SIG_MIN || sig_len > IMGAUTH_SIG_MAX)
			ASSERT(err == IA_STMT_E_SIGLEN);
		else
			ASSERT(err == IA_STMT_E_SIGDER && ia_dsa_sig_parse(&dsig, sig, sig_len));
		return;
	}
	check_parsed(&st, buf, (size_t)len + sig_len);
	ASSERT(st.action == action && st.counter == counter && !strcmp(st.serial, serial));
	ASSERT(!memcmp(st.signer_hash, hash, 32));
	ASSERT(st.newkey_len == newkey_len &&
	       (!newkey_len || !memcmp(st.newkey, newkey, newkey_len)));
	ASSERT(st.signer_len == signer_len &&
	       (!signer_len || !memcmp(st.signer, signer, signer_len)));
	ASSERT(st.flags == (signer_len ? IA_STMT_F_SIGNER : 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size);
	if (size >= 10 + 32)	/* fields, then the signer hash */
		fuzz_encode(data, size);
	return 0;
}
