// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl verify-sig": DSA verification in the kernel (the module's
 * "dsa" akcipher through IMGAUTH_CMD_VERIFY_SIG), for one signature or a
 * batch of test vectors.  No side effects in the module.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ia_image.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "module.h"
#include "ossl.h"
#include "util.h"

#define REQ_CAP		(256 * 1024)
#define VS_MSG_MAX	65000

struct vs_req {
	const uint8_t *key, *msg, *sig;
	size_t key_len, msg_len, sig_len;
	const char *hash;
	bool p1363;
};

struct vs_reply {
	uint32_t status;
	char msg[IMGAUTH_MSG_LEN];
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	struct vs_reply *r = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_STATUS])
		return -EPROTO;
	r->status = mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]);
	snprintf(r->msg, sizeof(r->msg), "%s", tb[IMGAUTH_A_MESSAGE] ?
		 mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]) : "");
	return 0;
}

/* 0 with @r filled, or -errno (nl->err says why) */
static int verify_one(struct nl *nl, uint8_t *buf, const struct vs_req *q,
		      struct vs_reply *r)
{
	struct nlmsghdr *nlh;

	if (q->key_len + q->msg_len + q->sig_len + 1024 > REQ_CAP)
		return -E2BIG;
	/* A netlink attribute is at most 64 KiB; images go by image verify. */
	if (q->msg_len > VS_MSG_MAX || q->sig_len > VS_MSG_MAX)
		return -EMSGSIZE;
	nlh = nl_request(nl, buf, REQ_CAP, IMGAUTH_CMD_VERIFY_SIG);
	mnl_attr_put(nlh, IMGAUTH_A_MSG, q->msg_len, q->msg);
	mnl_attr_put(nlh, IMGAUTH_A_SIG, q->sig_len, q->sig);
	if (q->key_len)
		mnl_attr_put(nlh, IMGAUTH_A_KEY, q->key_len, q->key);
	if (q->hash)
		mnl_attr_put_strz(nlh, IMGAUTH_A_HASH, q->hash);
	mnl_attr_put_u32(nlh, IMGAUTH_A_SIG_FORMAT,
			 q->p1363 ? IMGAUTH_SIG_P1363 : IMGAUTH_SIG_DER);
	memset(r, 0, sizeof(*r));
	return nl_transact(nl, nlh, reply_cb, r);
}

/* Hex to a malloc()ed buffer; "-" is the empty string. */
static uint8_t *hex_alloc(const char *hex, size_t *len)
{
	size_t cap = strlen(hex) / 2 + 1;
	uint8_t *b = malloc(cap);
	long n;

	if (!b)
		return NULL;
	if (!strcmp(hex, "-"))
		hex = "";
	n = hex_decode(b, cap, hex);
	if (n < 0) {
		free(b);
		return NULL;
	}
	*len = (size_t)n;
	return b;
}

/* Split @line at whitespace into at most @max fields. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t\r\n", &save); t && n < max;
	     t = strtok_r(NULL, " \t\r\n", &save))
		f[n++] = t;
	return n;
}

struct batch {
	long total, ok, bad, valid, rejected, accept;
	struct json j;		/* JSON mode: the document, mismatches first */
};

/* One vector line; counts it in @b. */
static void batch_line(struct nl *nl, uint8_t *buf, const char *path,
		       char *line, struct batch *b)
{
	struct vs_req q = { 0 };
	struct vs_reply r;
	uint8_t *key, *msg, *sig;
	bool accepted, as_expected;
	char *fld[8];
	int nf, ret;

	b->total++;
	nf = split(line, fld, 8);
	if (nf != 7) {
		errmsg("%s: malformed line %ld (%d fields)", path, b->total, nf);
		b->bad++;
		return;
	}
	key = hex_alloc(fld[4], &q.key_len);
	msg = hex_alloc(fld[5], &q.msg_len);
	sig = hex_alloc(fld[6], &q.sig_len);
	if (!key || !msg || !sig) {
		errmsg("%s: vector %s: bad hex", path, fld[0]);
		b->bad++;
		goto out;
	}
	q.key = key;
	q.msg = msg;
	q.sig = sig;
	q.hash = fld[2];
	q.p1363 = !strcmp(fld[3], "p1363");
	ret = verify_one(nl, buf, &q, &r);
	if (ret) {
		/* A key the kernel refuses counts as a rejection. */
		r.status = IMGAUTH_E_KEY;
		snprintf(r.msg, sizeof(r.msg), "%s", nl_strerror(nl, ret));
	}
	accepted = r.status == IMGAUTH_OK;
	if (!strcmp(fld[1], "valid")) {
		as_expected = accepted;
	} else if (!strcmp(fld[1], "invalid")) {
		as_expected = !accepted;
	} else if (!strcmp(fld[1], "acceptable")) {
		as_expected = true;
	} else {
		errmsg("%s: vector %s: EXPECT must be valid, invalid or acceptable",
		       path, fld[0]);
		as_expected = false;
	}
	if (!strcmp(fld[1], "acceptable"))
		b->accept++;
	else if (accepted)
		b->valid++;
	else
		b->rejected++;
	if (as_expected) {
		b->ok++;
	} else if (opt_json) {
		b->bad++;
		json_obj_begin(&b->j, NULL);
		json_str(&b->j, "id", fld[0]);
		json_str(&b->j, "expected", fld[1]);
		json_str(&b->j, "result", ia_status_name((int)r.status));
		json_str(&b->j, "message", r.msg);
		json_obj_end(&b->j);
	} else {
		b->bad++;
		printf("MISMATCH %s: expected %s, kernel says %s: %s\n",
		       fld[0], fld[1], ia_status_name((int)r.status), r.msg);
	}
out:
	free(key);
	free(msg);
	free(sig);
}

static int run_batch(struct nl *nl, const char *path)
{
	struct batch b = { 0 };
	uint8_t *buf = malloc(REQ_CAP);
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (!buf) {
		errmsg("verify-sig: out of memory");
		return EXIT_FAILURE_GENERIC;
	}
	f = fopen(path, "r");
	if (!f) {
		errmsg("%s: %s", path, strerror(errno));
		free(buf);
		return exit_code_for_errno(-errno);
	}
	if (opt_json) {
		json_init(&b.j, stdout);
		json_obj_begin(&b.j, NULL);
		json_arr_begin(&b.j, "mismatches");
	}
	while (getline(&line, &cap, f) > 0) {
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		batch_line(nl, buf, path, line, &b);
	}
	free(line);
	fclose(f);
	free(buf);
	if (opt_json) {
		json_arr_end(&b.j);
		json_u64(&b.j, "vectors", (uint64_t)b.total);
		json_u64(&b.j, "as_expected", (uint64_t)b.ok);
		json_u64(&b.j, "valid", (uint64_t)b.valid);
		json_u64(&b.j, "rejected", (uint64_t)b.rejected);
		json_u64(&b.j, "acceptable", (uint64_t)b.accept);
		json_u64(&b.j, "unexpected", (uint64_t)b.bad);
		json_obj_end(&b.j);
	} else {
		printf("verify-sig: %ld vectors: %ld as expected (%ld valid accepted, %ld invalid rejected, %ld acceptable), %ld unexpected\n",
		       b.total, b.ok, b.valid, b.rejected, b.accept, b.bad);
	}
	return b.bad || !b.total ? EXIT_VERIFY : EXIT_OK;
}

/* --msg FILE or --msg-hex HEX (the same for --sig, --key); 0 or an exit code. */
static int load_arg(const char *file, const char *hex, struct buf *out)
{
	if (file) {
		/* More than a netlink attribute carries is refused later. */
		int ret = read_file(file, out, REQ_CAP);

		if (ret == -EFBIG) {
			errmsg("%s: more than %d bytes, more than the kernel takes",
			       file, REQ_CAP);
			return EXIT_USAGE;
		}
		if (ret)
			errmsg("%s: %s", file, strerror(-ret));
		return exit_code_for_errno(ret);
	}
	if (hex) {
		uint8_t *b;
		size_t n;

		b = hex_alloc(hex, &n);
		if (!b) {
			errmsg("bad hex \"%.20s...\"", hex);
			return EXIT_USAGE;
		}
		out->data = b;
		out->len = out->cap = n;
	}
	return 0;
}

enum { VS_MSG, VS_MSG_HEX, VS_SIG, VS_SIG_HEX, VS_KEY, VS_KEY_HEX, VS_HASH,
       VS_P1363, VS_BATCH };

static const struct cmd_opt vs_opts[] = {
	[VS_MSG] = { "--msg", NULL, "FILE", "the message", COMPLETE_FILE, false },
	[VS_MSG_HEX] = { "--msg-hex", NULL, "HEX", "the message, in hex", COMPLETE_NONE, false },
	[VS_SIG] = { "--sig", NULL, "FILE", "the signature (DER, or r || s with --p1363)",
		     COMPLETE_FILE, false },
	[VS_SIG_HEX] = { "--sig-hex", NULL, "HEX", "the signature, in hex", COMPLETE_NONE, false },
	[VS_KEY] = { "--key", NULL, "FILE", "certificate or public key (default: the installed key)",
		     COMPLETE_FILE, false },
	[VS_KEY_HEX] = { "--key-hex", NULL, "DER-HEX", "a DER SubjectPublicKeyInfo, in hex",
			 COMPLETE_NONE, false },
	[VS_HASH] = { "--hash", NULL, "NAME", "sha1, sha224, sha256, sha384 or sha512 (default: q's)",
		      COMPLETE_NONE, false },
	[VS_P1363] = { "--p1363", NULL, NULL, "the signature is r || s", COMPLETE_NONE, false },
	[VS_BATCH] = { "--batch", NULL, "FILE", "a file of vectors, one per line",
		       COMPLETE_FILE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static void single_json(const struct vs_reply *r)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "result", ia_status_name((int)r->status));
	json_u64(&j, "status", r->status);
	json_str(&j, "message", r->msg);
	json_obj_end(&j);
}

static int verify_sig(const struct cmd_args *a)
{
	const char *key_file = a->opt[VS_KEY], *key_hex = a->opt[VS_KEY_HEX];
	const char *batch = a->opt[VS_BATCH];
	struct buf msg = { 0 }, sig = { 0 }, key = { 0 };
	struct vs_req q = { .hash = a->opt[VS_HASH], .p1363 = a->opt[VS_P1363] != NULL };
	struct vs_reply r;
	uint8_t *spki = NULL, *buf = NULL;
	struct nl nl;
	char err[256];
	int ret, rc;

	if (!batch && ((!a->opt[VS_MSG] == !a->opt[VS_MSG_HEX]) ||
		       (!a->opt[VS_SIG] == !a->opt[VS_SIG_HEX]) ||
		       (key_file && key_hex))) {
		errmsg("verify-sig: give one of --msg and --msg-hex, one of --sig and --sig-hex, at most one key, or --batch");
		return EXIT_USAGE;
	}
	rc = open_module(&nl);
	if (rc)
		return rc;
	if (batch) {
		rc = run_batch(&nl, batch);
		goto out;
	}
	rc = load_arg(a->opt[VS_MSG], a->opt[VS_MSG_HEX], &msg);
	if (!rc)
		rc = load_arg(a->opt[VS_SIG], a->opt[VS_SIG_HEX], &sig);
	if (!rc)
		rc = load_arg(key_file, key_hex, &key);
	if (rc)
		goto out;
	q.msg = msg.data;
	q.msg_len = msg.len;
	q.sig = sig.data;
	q.sig_len = sig.len;
	if (key_file) {
		if (ossl_load_public_key(key.data, key.len, &spki, &q.key_len,
					 err, sizeof(err))) {
			errmsg("%s: %s", key_file, err);
			rc = exit_code_for_ossl();
			goto out;
		}
		q.key = spki;
	} else if (key_hex) {
		q.key = key.data;
		q.key_len = key.len;
	}
	if (q.msg_len > VS_MSG_MAX) {
		errmsg("verify-sig: the message is %zu bytes, at most %d bytes go to the kernel; use \"image verify\" for images",
		       q.msg_len, VS_MSG_MAX);
		rc = EXIT_USAGE;
		goto out;
	}
	buf = malloc(REQ_CAP);
	if (!buf) {
		errmsg("verify-sig: out of memory");
		rc = EXIT_FAILURE_GENERIC;
		goto out;
	}
	ret = verify_one(&nl, buf, &q, &r);
	if (ret) {
		errmsg("verify-sig: %s", nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret == -EINVAL ? -EBADMSG : ret);
		goto out;
	}
	if (opt_json)
		single_json(&r);
	else
		printf("%s\n", r.msg);
	rc = r.status == IMGAUTH_OK ? EXIT_OK : EXIT_VERIFY;
out:
	free(buf);
	free(spki);
	buf_free(&msg);
	buf_free(&sig);
	buf_free(&key);
	nl_close(&nl);
	return rc;
}

const struct cmd cmd_verify_sig = {
	.name = "verify-sig",
	.opts = vs_opts,
	.summary = "raw DSA verification in the kernel, of one signature or a batch",
	.help = "  The message goes to the kernel in one netlink attribute: at most 65000\n"
		"  bytes.  --batch: one vector per line, ID EXPECT HASH der|p1363 KEYHEX\n"
		"  MSGHEX SIGHEX, EXPECT valid, invalid or acceptable, \"-\" for empty hex;\n"
		"  exit 0 only if every vector gives the expected result.",
	.run = verify_sig,
};
