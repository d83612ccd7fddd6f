// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl log": the install journal, the module's record in NVRAM of
 * every install attempt and verdict, key and policy change, fallback and
 * recovery.  The records come raw (IMGAUTH_CMD_LOG_GET, a dump), are
 * decoded by lib/ia_journal.c and, with --verify, their hash chain is
 * checked here with OpenSSL's SHA-256: a record deleted, edited or moved
 * on flash breaks it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ia_image.h"
#include "ia_journal.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "module.h"
#include "ossl.h"
#include "util.h"

/* The raw records, oldest first, as the dump delivers them. */
struct journal {
	struct buf raw;
	uint32_t n;
};

static int log_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1], *a;
	struct journal *jr = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_JOURNAL])
		return -EPROTO;
	mnl_attr_for_each_nested(a, tb[IMGAUTH_A_JOURNAL]) {
		if (mnl_attr_get_type(a) != IMGAUTH_A_JREC ||
		    mnl_attr_get_payload_len(a) != IA_JREC_LEN)
			return -EPROTO;
		if (buf_append(&jr->raw, mnl_attr_get_payload(a), IA_JREC_LEN))
			return -ENOMEM;
		jr->n++;
	}
	return 0;
}

static int journal_get(struct journal *jr)
{
	char buf[256] __attribute__((aligned(4)));
	struct nl nl;
	int rc, ret;

	memset(jr, 0, sizeof(*jr));
	rc = open_module(&nl);
	if (rc)
		return rc;
	ret = nl_dump(&nl, nl_request(&nl, buf, sizeof(buf), IMGAUTH_CMD_LOG_GET),
		      log_cb, jr);
	if (ret) {
		errmsg("log: %s", nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	}
	nl_close(&nl);
	return rc;
}

static int sha256_cb(const void *data, size_t len, u8 out[32], void *ctx)
{
	(void)ctx;
	return ossl_sha256(data, len, out);
}

static const char *target_str(uint8_t t)
{
	static const char *const names[] = { "loader", "image0", "image1" };

	return t < IMGAUTH_NTARGETS ? names[t] : NULL;
}

static void time_str(char *buf, size_t n, uint64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	/* A time gmtime cannot take (or a year past 9999) as the number. */
	if (t > 253402300799ULL || !gmtime_r(&tt, &tm))
		snprintf(buf, n, "%llu", (unsigned long long)t);
	else
		strftime(buf, n, "%Y-%m-%d %H:%M:%SZ", &tm);
}

/*
 * The verdict as the text shows it: the kernel's status name, but "ok"
 * for a success that was no image check (a key or policy change).
 */
static const char *verdict_str(const struct ia_jrec *r)
{
	switch (r->event) {
	case IA_JEV_KEY_SET:
	case IA_JEV_KEY_DELETE:
	case IA_JEV_KEY_LOCK:
	case IA_JEV_KEY_UNLOCK:
	case IA_JEV_KEY_ROTATE:
	case IA_JEV_FLOOR:
	case IA_JEV_PROVISION:
		if (r->status == IMGAUTH_OK)
			return "ok";
	}
	return ia_status_name(r->status);
}

static void record_text(uint32_t i, const uint8_t *raw)
{
	const char *target;
	char when[32], ver[32];
	struct ia_jrec r;

	if (ia_jrec_decode(&r, raw) != IA_JREC_OK) {
		printf("#?     record %u of the dump does not decode (damaged or edited)\n",
		       i + 1);
		return;
	}
	time_str(when, sizeof(when), r.time);
	target = target_str(r.target);
	if (r.sw_version)
		ia_sw_version_str(ver, sizeof(ver), r.sw_version);
	printf("#%-5u %s  %-10s %-6s %-22s %-10s %s\n", r.seq, when,
	       ia_journal_event_name(r.event), target ? target : "-",
	       verdict_str(&r), r.sw_version ? ver : "-", r.text);
}

static void record_json(struct json *j, uint32_t i, const uint8_t *raw)
{
	const char *target;
	char when[32], ver[32];
	struct ia_jrec r;

	json_obj_begin(j, NULL);
	json_u64(j, "index", i);
	if (ia_jrec_decode(&r, raw) != IA_JREC_OK) {
		json_bool(j, "decodes", false);
		json_hex(j, "raw", raw, IA_JREC_LEN);
		json_obj_end(j);
		return;
	}
	json_bool(j, "decodes", true);
	json_u64(j, "seq", r.seq);
	json_u64(j, "time", r.time);
	time_str(when, sizeof(when), r.time);
	json_str(j, "time_utc", when);
	json_str(j, "event", ia_journal_event_name(r.event));
	json_u64(j, "event_id", r.event);
	target = target_str(r.target);
	if (target)
		json_str(j, "target", target);
	else
		json_null(j, "target");
	json_str(j, "result", ia_status_name(r.status));
	json_u64(j, "status", r.status);
	json_u64(j, "cksum", r.cksum);
	if (r.sw_version) {
		ia_sw_version_str(ver, sizeof(ver), r.sw_version);
		json_str(j, "sw_version", ver);
	} else {
		json_null(j, "sw_version");
	}
	json_u64(j, "value", r.value);
	json_str(j, "text", r.text);
	json_hex(j, "prev", r.prev, sizeof(r.prev));
	json_obj_end(j);
}

/* The chain's verdict in words (and the seq of the record that breaks it). */
static void verdict_text(const struct journal *jr, const struct ia_jverify *v,
			 int ret)
{
	struct ia_jrec r;

	if (ret < 0) {
		printf("journal: the chain could not be checked (SHA-256 failed)\n");
	} else if (ret) {
		const uint8_t *bad = jr->raw.data + (size_t)v->bad_index * IA_JREC_LEN;

		if (ia_jrec_decode(&r, bad) == IA_JREC_OK)
			printf("journal: chain BROKEN at #%u (record %d of %u): %s\n",
			       r.seq, v->bad_index + 1, jr->n, v->why);
		else
			printf("journal: chain BROKEN at record %d of %u: %s\n",
			       v->bad_index + 1, jr->n, v->why);
	} else if (!jr->n) {
		printf("journal: empty, nothing to verify\n");
	} else {
		printf("journal: chain verified, %u records (#%u..#%u)%s\n",
		       v->checked, v->first_seq, v->last_seq,
		       v->first_seq == 1 ? "" :
		       "; older records were overwritten in the ring");
	}
}

static void verdict_json(struct json *j, const struct journal *jr,
			 const struct ia_jverify *v, int ret)
{
	json_obj_begin(j, "verify");
	json_bool(j, "ok", ret == 0);
	json_u64(j, "records", jr->n);
	json_u64(j, "checked", v->checked);
	if (jr->n && (ret == 0 || v->checked)) {
		json_u64(j, "first_seq", v->first_seq);
		json_u64(j, "last_seq", v->last_seq);
	} else {
		json_null(j, "first_seq");
		json_null(j, "last_seq");
	}
	json_bool(j, "complete", jr->n && v->first_seq == 1);
	if (ret) {
		json_i64(j, "bad_index", v->bad_index);
		json_str(j, "why", ret < 0 ? "SHA-256 failed" : v->why);
	} else {
		json_null(j, "bad_index");
		json_null(j, "why");
	}
	json_obj_end(j);
}

enum { L_VERIFY };

static const struct cmd_opt log_opts[] = {
	[L_VERIFY] = { "--verify", NULL, NULL,
		       "check the hash chain (exit 4 when it is broken)", COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static int log_show(const struct cmd_args *a)
{
	bool verify = a->opt[L_VERIFY];
	struct ia_jverify v = { .bad_index = -1 };
	struct journal jr;
	struct json j;
	uint32_t i;
	int rc, ret = 0;

	rc = journal_get(&jr);
	if (rc)
		goto out;
	if (verify)
		ret = ia_journal_verify(jr.raw.data, jr.n, sha256_cb, NULL, &v);
	if (opt_json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_arr_begin(&j, "records");
		for (i = 0; i < jr.n; i++)
			record_json(&j, i, jr.raw.data + (size_t)i * IA_JREC_LEN);
		json_arr_end(&j);
		if (verify)
			verdict_json(&j, &jr, &v, ret);
		json_obj_end(&j);
	} else {
		for (i = 0; i < jr.n; i++)
			record_text(i, jr.raw.data + (size_t)i * IA_JREC_LEN);
		if (verify)
			verdict_text(&jr, &v, ret);
		else if (!jr.n)
			printf("journal: empty\n");
	}
	if (ret < 0) {
		const char *why = ossl_unavailable();

		errmsg("log: the chain could not be checked: SHA-256 failed%s%s",
		       why ? ": " : "", why ? why : "");
		rc = EXIT_FAILURE_GENERIC;
	} else if (ret) {
		errmsg("log: the journal's chain is broken: %s", v.why);
		rc = EXIT_VERIFY;
	}
out:
	buf_free(&jr.raw);
	return rc;
}

const struct cmd cmd_log = {
	.name = "log",
	.opts = log_opts,
	.summary = "the install journal: every install, key and policy change, fallback, recovery",
	.help = "  Oldest first: sequence number, time (UTC), event, region, verdict,\n"
		"  image version and the kernel's words.  Each record holds the SHA-256\n"
		"  of the one before; --verify checks that chain, so that a record\n"
		"  deleted, edited or moved on flash is found (a record torn by a power\n"
		"  cut during its append is dropped by the module, not reported).  The\n"
		"  ring keeps the newer records when it fills.",
	.run = log_show,
};
