// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl key rotate" and "key statement": key statements on the
 * firmware builder's machine, where the image key's private half is.
 * "key rotate" makes one (a new key, or deleting, unlocking, lifting
 * provisioning), signed by the current key; "key statement" shows what
 * one says and, given the key, whether it is signed by it.  Neither
 * needs the module.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "fetch.h"
#include "json.h"
#include "ossl.h"
#include "outfile.h"
#include "stmt.h"
#include "util.h"

enum {
	R_OLD, R_NEW, R_DELETE, R_UNLOCK, R_UNPROVISION, R_SERIAL, R_COUNTER,
	R_SIGNER, R_OUT,
};

static const struct cmd_opt rotate_opts[] = {
	[R_OLD] = { "--old", NULL, "OLD.pem",
		    "the current image key's private key: the signer", COMPLETE_FILE, true },
	[R_NEW] = { "--new", NULL, "NEW.cer",
		    "a rotation to this key (certificate or public key)", COMPLETE_FILE, false },
	[R_DELETE] = { "--delete", NULL, NULL,
		       "a statement that deletes the key (and unlocks, unprovisions)",
		       COMPLETE_NONE, false },
	[R_UNLOCK] = { "--unlock", NULL, NULL, "a statement that unlocks the key",
		       COMPLETE_NONE, false },
	[R_UNPROVISION] = { "--unprovision", NULL, NULL,
			    "a statement that lifts provisioning", COMPLETE_NONE, false },
	[R_SERIAL] = { "--serial", NULL, "S",
		       "the device's serial, or any (default any)", COMPLETE_NONE, false },
	[R_COUNTER] = { "--counter", NULL, "N",
			"1..4294967295 (default the time: grows by itself)", COMPLETE_NONE,
			false },
	[R_SIGNER] = { "--include-signer", NULL, NULL,
		       "carry the signer's key (for a device whose key slots were wiped)",
		       COMPLETE_NONE, false },
	[R_OUT] = { "--output", "-o", "STMT", "the statement (written whole, or not at all)",
		    COMPLETE_FILE, true },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

/* The one action the options name; -1 after saying what is wrong. */
static int rotate_action(const struct cmd_args *a)
{
	static const struct { int opt, action; } map[] = {
		{ R_NEW, IA_STMT_ROTATE }, { R_DELETE, IA_STMT_DELETE },
		{ R_UNLOCK, IA_STMT_UNLOCK }, { R_UNPROVISION, IA_STMT_UNPROVISION },
	};
	int action = -1, n = 0;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (a->opt[map[i].opt]) {
			action = map[i].action;
			n++;
		}
	}
	if (n != 1) {
		errmsg("key rotate: give exactly one of --new NEW.cer, --delete, --unlock, --unprovision");
		return -1;
	}
	return action;
}

/* 1..31 printable ASCII characters: what the statement's field holds. */
static int check_serial(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			break;
	if (n < 1 || n >= IA_STMT_SERIAL_LEN || i < n) {
		errmsg("key rotate: --serial \"%s\": a device serial is 1..%d printable ASCII characters (or any)",
		       s, IA_STMT_SERIAL_LEN - 1);
		return -1;
	}
	return 0;
}

/*
 * The default counter: the time.  A device takes only a counter above
 * the last one it accepted, so statements made later must count higher:
 * this waits until the second is over, and the next statement made on
 * this machine gets a higher one.
 */
static int clock_counter(uint32_t *c)
{
	time_t now = time(NULL);

	if (now <= 0 || (unsigned long long)now > UINT32_MAX) {
		errmsg("key rotate: the clock is outside what a counter holds; give --counter");
		return -1;
	}
	*c = (uint32_t)now;
	return 0;
}

static void wait_past(uint32_t c)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	while ((unsigned long long)time(NULL) <= c)
		nanosleep(&ts, NULL);
}

static void sha256_hex(char out[65], const uint8_t *data, size_t len)
{
	uint8_t h[32];

	if (ossl_sha256(data, len, h))
		memset(h, 0, sizeof(h));
	hex_encode(out, h, sizeof(h));
}

static void rotate_report(const char *out, const struct stmt_spec *s,
			  const struct buf *stmt, const uint8_t signer[32])
{
	char hs[65], hn[65];
	FILE *say = cli_say();
	struct json j;

	hex_encode(hs, signer, 32);
	if (s->newkey_len)
		sha256_hex(hn, s->newkey, s->newkey_len);
	if (opt_json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "file", out);
		json_str(&j, "action", ia_stmt_action_name(s->action));
		json_str(&j, "serial", s->serial);
		json_u64(&j, "counter", s->counter);
		json_str(&j, "signer_sha256", hs);
		json_bool(&j, "signer_included", s->include_signer);
		if (s->newkey_len)
			json_str(&j, "newkey_sha256", hn);
		else
			json_null(&j, "newkey_sha256");
		json_u64(&j, "newkey_len", s->newkey_len);
		json_u64(&j, "bytes", stmt->len);
		json_obj_end(&j);
		return;
	}
	if (!say)
		return;
	fprintf(say, "%s statement for %s%s, counter %u\n",
		ia_stmt_action_name(s->action),
		strcmp(s->serial, IA_STMT_SERIAL_ANY) ? "the device " : "",
		strcmp(s->serial, IA_STMT_SERIAL_ANY) ? s->serial : "any device",
		s->counter);
	fprintf(say, "signed by the key with SHA-256 %s%s\n", hs,
		s->include_signer ? " (included)" : "");
	if (s->newkey_len)
		fprintf(say, "new key: %zu bytes of DER, SHA-256 %s\n", s->newkey_len, hn);
	fprintf(say, "wrote %s (%zu bytes)\n", out, stmt->len);
}

static int key_rotate(const struct cmd_args *a)
{
	struct stmt_spec s = {
		.old_key = a->opt[R_OLD],
		.serial = a->opt[R_SERIAL] ? a->opt[R_SERIAL] : IA_STMT_SERIAL_ANY,
		.include_signer = a->opt[R_SIGNER],
	};
	const char *out = a->opt[R_OUT];
	uint8_t *newkey = NULL, signer[32];
	struct buf file = { 0 }, stmt = { 0 };
	size_t newkey_len = 0;
	char err[256] = "";
	int rc;

	s.action = rotate_action(a);
	if (s.action < 0 || check_serial(s.serial))
		return EXIT_USAGE;
	if (a->opt[R_COUNTER]) {
		if (opt_u32("--counter", a->opt[R_COUNTER], UINT32_MAX, &s.counter))
			return EXIT_USAGE;
		if (!s.counter) {
			errmsg("key rotate: --counter 0: no device takes it; counters start at 1");
			return EXIT_USAGE;
		}
	} else if (clock_counter(&s.counter)) {
		return EXIT_FAILURE_GENERIC;
	}
	/* A missing key file is "not found", not a bad key. */
	if (access(s.old_key, R_OK)) {
		errmsg("key rotate: %s: %s", s.old_key, strerror(errno));
		return exit_code_for_errno(-errno);
	}
	if (s.action == IA_STMT_ROTATE) {
		rc = fetch_load(a->opt[R_NEW], &file, FETCH_KEY_MAX);
		if (rc)
			return rc;
		if (ossl_load_public_key(file.data, file.len, &newkey, &newkey_len,
					 err, sizeof(err))) {
			errmsg("key rotate: %s: %s", a->opt[R_NEW], err);
			rc = exit_code_for_ossl();
			goto out;
		}
		s.newkey = newkey;
		s.newkey_len = newkey_len;
	}
	if (stmt_build(&s, &stmt, signer, err, sizeof(err))) {
		errmsg("key rotate: %s", err);
		rc = exit_code_for_ossl();
		goto out;
	}
	rc = outfile_write(out, stmt.data, stmt.len, 0644);
	if (rc) {
		errmsg("key rotate: %s: %s", out, outfile_strerror(rc));
		rc = exit_code_for_errno(rc);
		goto out;
	}
	rotate_report(out, &s, &stmt, signer);
	if (!a->opt[R_COUNTER])
		wait_past(s.counter);
out:
	buf_free(&stmt);
	buf_free(&file);
	free(newkey);
	return rc;
}

const struct cmd cmd_key_rotate = {
	.name = "key rotate",
	.opts = rotate_opts,
	.summary = "make a statement (--new NEW.cer, --delete, --unlock, --unprovision) signed by the current key",
	.help = "  What a locked or provisioned device needs to change its key: a\n"
		"  rotation to NEW.cer (\"key install STMT\"), or a statement that deletes\n"
		"  the key (\"key delete STMT\"), unlocks it (\"key unlock STMT\") or lifts\n"
		"  provisioning (\"key unprovision STMT\").  The device takes a statement\n"
		"  for its serial or any, signed by its key, with a counter above the\n"
		"  last one it accepted (\"imgauthctl system\" shows it); the default\n"
		"  counter is the time in seconds, and the command waits for the second\n"
		"  to end, so the next statement made here counts higher.  A device\n"
		"  whose key slots were wiped takes one signed by its last key that\n"
		"  carries that key (--include-signer).  A new STMT gets mode 0644.",
	.run = key_rotate,
};

enum { S_KEY };

static const struct cmd_opt statement_opts[] = {
	[S_KEY] = { "--key", "-k", "CERT", "check that the key of CERT signed it",
		    COMPLETE_FILE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

struct stmt_view {
	const char *file;
	const struct ia_stmt *st;
	const char *checked_with;	/* "key", "included signer", or NULL */
	const char *problem;		/* why it does not verify, or NULL */
};

static void statement_text(const struct stmt_view *v)
{
	const struct ia_stmt *st = v->st;
	char hex[65];

	printf("%s: %s statement\n", v->file, ia_stmt_action_name(st->action));
	printf("serial: %s\ncounter: %u\n", st->serial, st->counter);
	hex_encode(hex, st->signer_hash, sizeof(st->signer_hash));
	printf("signer: SHA-256 %s%s\n", hex, st->signer_len ? " (included)" : "");
	if (st->newkey_len) {
		sha256_hex(hex, st->newkey, st->newkey_len);
		printf("new key: %u bytes of DER, SHA-256 %s\n", st->newkey_len, hex);
	}
	printf("signature: %u bytes over %u\n", st->sig_len, st->body_len);
	if (v->problem)
		printf("%s\n", v->problem);
	else if (v->checked_with)
		printf("signature valid (checked with the %s)\n", v->checked_with);
}

static void statement_json(const struct stmt_view *v)
{
	const struct ia_stmt *st = v->st;
	char hex[65];
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "file", v->file);
	json_str(&j, "action", ia_stmt_action_name(st->action));
	json_str(&j, "serial", st->serial);
	json_u64(&j, "counter", st->counter);
	json_hex(&j, "signer_sha256", st->signer_hash, sizeof(st->signer_hash));
	json_bool(&j, "signer_included", st->signer_len);
	json_u64(&j, "newkey_len", st->newkey_len);
	if (st->newkey_len) {
		sha256_hex(hex, st->newkey, st->newkey_len);
		json_str(&j, "newkey_sha256", hex);
	} else {
		json_null(&j, "newkey_sha256");
	}
	json_u64(&j, "body_len", st->body_len);
	json_u64(&j, "sig_len", st->sig_len);
	if (v->checked_with)
		json_str(&j, "checked_with", v->checked_with);
	else
		json_null(&j, "checked_with");
	if (v->problem)
		json_str(&j, "signature", "invalid");
	else if (v->checked_with)
		json_str(&j, "signature", "valid");
	else
		json_null(&j, "signature");
	if (v->problem)
		json_str(&j, "problem", v->problem);
	json_obj_end(&j);
}

/* Does @spki (of @what) sign @st?  NULL, or why not. */
static const char *signed_by(const struct ia_stmt *st, const uint8_t *spki,
			     size_t spki_len)
{
	uint8_t h[32];
	char err[256];

	if (ossl_sha256(spki, spki_len, h) || memcmp(h, st->signer_hash, 32))
		return "not signed by that key: its SHA-256 is not the statement's signer";
	if (ossl_verify(spki, spki_len, st->body, st->body_len, st->sig,
			st->sig_len, err, sizeof(err)) != 1)
		return "PKI: DSA verify fails.";
	return NULL;
}

static int key_statement(const struct cmd_args *a)
{
	const char *src = a->op[0];
	struct stmt_view v = { .file = src };
	struct buf file = { 0 }, cert = { 0 };
	uint8_t *spki = NULL;
	size_t spki_len = 0;
	struct ia_stmt st;
	char err[256];
	int rc, perr;

	rc = stmt_fetch(src, &a->tftp, &file);
	if (rc)
		return rc;
	perr = ia_stmt_parse(&st, file.data, file.len);
	if (perr) {
		errmsg("key statement: %s: %s", src, ia_stmt_strerror(perr));
		rc = EXIT_VERIFY;
		goto out;
	}
	v.st = &st;
	if (a->opt[S_KEY]) {
		rc = fetch_load(a->opt[S_KEY], &cert, FETCH_KEY_MAX);
		if (rc)
			goto out;
		if (ossl_load_public_key(cert.data, cert.len, &spki, &spki_len,
					 err, sizeof(err))) {
			errmsg("key statement: %s: %s", a->opt[S_KEY], err);
			rc = exit_code_for_ossl();
			goto out;
		}
		v.checked_with = "key";
		v.problem = signed_by(&st, spki, spki_len);
	} else if (st.signer_len) {
		/* Not "not signed by it" when we cannot even hash it. */
		const char *why = ossl_unavailable();

		if (why) {
			errmsg("key statement: %s", why);
			rc = EXIT_FAILURE_GENERIC;
			goto out;
		}
		/* What a device with wiped slots checks, but for the hash. */
		v.checked_with = "included signer";
		v.problem = signed_by(&st, st.signer, st.signer_len);
	}
	if (opt_json)
		statement_json(&v);
	else
		statement_text(&v);
	rc = v.problem ? EXIT_VERIFY : EXIT_OK;
out:
	free(spki);
	buf_free(&cert);
	buf_free(&file);
	return rc;
}

const struct cmd cmd_key_statement = {
	.name = "key statement",
	.operands = "STMT",
	.min_ops = 1, .max_ops = 1,
	.opts = statement_opts,
	.flags = CMD_TFTP,
	.summary = "show what a key statement says; with --key, whether that key signed it",
	.help = "  STMT is parsed as the device parses it.  Without --key, a statement\n"
		"  that carries its signer is checked against that key (only the\n"
		"  device knows whether it is its last one).  Exit 4 when it does not\n"
		"  parse or the signature does not verify.",
	.complete = COMPLETE_SRC,
	.run = key_statement,
};
