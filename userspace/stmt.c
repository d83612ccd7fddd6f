// SPDX-License-Identifier: GPL-2.0
/*
 * Key statements: made on the builder's machine, checked and applied on
 * the appliance.  The format and its strict parser are lib/ia_stmt.c, the
 * very code the kernel runs, so a statement this writes is one the device
 * parses, and one this refuses the device would refuse too.  The body is
 * signed like an image: DSA with the hash that goes with the signer's q.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/imgauth.h>

#include "cli.h"
#include "fetch.h"
#include "json.h"
#include "module.h"
#include "ossl.h"
#include "stmt.h"

bool stmt_magic(const void *data, size_t len)
{
	return len >= IA_STMT_MAGIC_LEN &&
	       !memcmp(data, IA_STMT_MAGIC, IA_STMT_MAGIC_LEN);
}

const char *stmt_result_name(int action)
{
	switch (action) {
	case IA_STMT_ROTATE:
		return "rotated";
	case IA_STMT_DELETE:
		return "deleted";
	case IA_STMT_UNLOCK:
		return "unlocked";
	case IA_STMT_UNPROVISION:
		return "unprovisioned";
	}
	return "unknown";
}

/* The command a statement of @action is for. */
static const char *verb_for(int action)
{
	switch (action) {
	case IA_STMT_ROTATE:
		return "key install";
	case IA_STMT_DELETE:
		return "key delete";
	case IA_STMT_UNLOCK:
		return "key unlock";
	case IA_STMT_UNPROVISION:
		return "key unprovision";
	}
	return "?";
}

int stmt_build(const struct stmt_spec *spec, struct buf *out,
	       uint8_t signer_hash[32], char *err, size_t errlen)
{
	uint8_t *spki = NULL, *body = NULL, *sig = NULL;
	size_t spki_len = 0, sig_len = 0;
	struct ossl_key *k;
	struct ia_stmt st;
	int body_len, ret = -1;

	memset(out, 0, sizeof(*out));
	k = ossl_key_load(spec->old_key, err, errlen);
	if (!k)
		return -1;
	if (ossl_key_spki(k, &spki, &spki_len, err, errlen))
		goto out;
	if (ossl_sha256(spki, spki_len, signer_hash)) {
		snprintf(err, errlen, "SHA-256 is not available");
		goto out;
	}
	body = malloc(IA_STMT_BODY_MAX);
	if (!body) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	body_len = ia_stmt_encode_body(body, IA_STMT_BODY_MAX, spec->action,
				       spec->counter, spec->serial, signer_hash,
				       spec->newkey, (u32)spec->newkey_len,
				       spec->include_signer ? spki : NULL,
				       spec->include_signer ? (u32)spki_len : 0);
	if (body_len < 0) {
		snprintf(err, errlen, "%s", ia_stmt_strerror(body_len));
		goto out;
	}
	if (ossl_key_sign(k, body, (size_t)body_len, &sig, &sig_len, err, errlen))
		goto out;
	if (buf_append(out, body, (size_t)body_len) ||
	    buf_append(out, sig, sig_len)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* What the device will do first: parse it, verify the signature. */
	ret = ia_stmt_parse(&st, out->data, out->len);
	if (ret) {
		snprintf(err, errlen, "the statement made does not parse: %s",
			 ia_stmt_strerror(ret));
		ret = -1;
		goto out;
	}
	if (ossl_verify(spki, spki_len, st.body, st.body_len, st.sig,
			st.sig_len, err, errlen) != 1) {
		if (!err[0])
			snprintf(err, errlen, "the signature made does not verify");
		ret = -1;
		goto out;
	}
	ret = 0;
out:
	if (ret)
		buf_free(out);
	free(sig);
	free(body);
	free(spki);
	ossl_key_free(k);
	return ret;
}

int stmt_fetch(const char *src, const struct tftp_opts *o, struct buf *out)
{
	static const struct fetch_limit lim = { IA_STMT_MAX, "a key statement" };

	memset(out, 0, sizeof(*out));
	return fetch_source(src, "file ", o, &lim, out);
}

int stmt_check(const char *what, const char *src, const struct buf *file,
	       int want_action, struct ia_stmt *st)
{
	int err;

	if (!stmt_magic(file->data, file->len)) {
		errmsg("%s: %s is not a key statement (no \"%s\" magic; \"imgauthctl key rotate\" makes them)",
		       what, src, IA_STMT_MAGIC);
		return EXIT_VERIFY;
	}
	err = ia_stmt_parse(st, file->data, file->len);
	if (err) {
		errmsg("%s: %s: %s", what, src, ia_stmt_strerror(err));
		return EXIT_VERIFY;
	}
	if (st->action != want_action) {
		errmsg("%s: %s holds a %s statement, which \"imgauthctl %s\" takes; nothing was sent",
		       what, src, ia_stmt_action_name(st->action),
		       verb_for(st->action));
		return EXIT_USAGE;
	}
	return 0;
}

static void apply_json(const char *src, const struct ia_stmt *st,
		       const struct module_verdict *v)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "result", stmt_result_name(st->action));
	json_str(&j, "action", ia_stmt_action_name(st->action));
	json_str(&j, "source", src);
	json_str(&j, "serial", st->serial);
	json_u64(&j, "counter", st->counter);
	json_hex(&j, "signer_sha256", st->signer_hash, sizeof(st->signer_hash));
	json_u64(&j, "status", v->status);
	json_str(&j, "message", v->msg);
	json_obj_end(&j);
}

int stmt_apply(const char *what, const char *src, const struct buf *file,
	       const struct ia_stmt *st)
{
	struct module_verdict v;
	FILE *say = cli_say();
	int rc;

	rc = module_verdict(IMGAUTH_CMD_KEY_STATEMENT, IMGAUTH_A_STATEMENT,
			    file->data, file->len, what, &v);
	if (rc)
		return rc;
	if (opt_json)
		apply_json(src, st, &v);
	else if (say)
		fprintf(say, "%s\n", v.msg);
	return EXIT_OK;
}
