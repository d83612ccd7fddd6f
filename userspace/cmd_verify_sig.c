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
#include "imgauthctl.h"
#include "nl.h"
#include "ossl.h"
#include "util.h"

#define REQ_CAP		(256 * 1024)
#define VS_MSG_MAX	65000

static void usage(FILE *f)
{
	fputs("Usage: imgauthctl verify-sig (--msg FILE | --msg-hex HEX) (--sig FILE | --sig-hex HEX)\n"
	      "                             [--key FILE | --key-hex DER-HEX] [--hash NAME] [--p1363]\n"
	      "       imgauthctl verify-sig --batch FILE\n"
	      "  Verify a DSA signature with the kernel.  The key defaults to the installed\n"
	      "  image key, the hash to the one that goes with its q (sha1, sha224, sha256;\n"
	      "  sha384 and sha512 are accepted too).  --p1363: the signature is r || s.\n"
	      "  The message goes to the kernel in one netlink attribute: at most 65000 bytes.\n"
	      "  --batch: one vector per line: ID EXPECT HASH der|p1363 KEYHEX MSGHEX SIGHEX,\n"
	      "  EXPECT is valid, invalid or acceptable, \"-\" is empty hex; exit 0 only if every vector gives\n"
	      "  the expected result.\n", f);
}

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
		return MNL_CB_ERROR;
	r->status = mnl_attr_get_u32(tb[IMGAUTH_A_STATUS]);
	snprintf(r->msg, sizeof(r->msg), "%s", tb[IMGAUTH_A_MESSAGE] ?
		 mnl_attr_get_str(tb[IMGAUTH_A_MESSAGE]) : "");
	return MNL_CB_OK;
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

static int run_batch(struct nl *nl, const char *path)
{
	long total = 0, ok = 0, bad = 0, valid = 0, rejected = 0, accept = 0;
	uint8_t *buf = malloc(REQ_CAP);
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (!buf)
		return EXIT_FAILURE_GENERIC;
	f = fopen(path, "r");
	if (!f) {
		errmsg("%s: %s", path, strerror(errno));
		free(buf);
		return EXIT_TRANSFER;
	}
	while (getline(&line, &cap, f) > 0) {
		struct vs_req q = { 0 };
		struct vs_reply r;
		uint8_t *key = NULL, *msg = NULL, *sig = NULL;
		bool accepted, as_expected;
		char *fld[8];
		int ret;

		int nf;

		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		total++;
		nf = split(line, fld, 8);
		if (nf != 7) {
			errmsg("%s: malformed line %ld (%d fields)", path, total, nf);
			bad++;
			continue;
		}
		key = hex_alloc(fld[4], &q.key_len);
		msg = hex_alloc(fld[5], &q.msg_len);
		sig = hex_alloc(fld[6], &q.sig_len);
		if (!key || !msg || !sig) {
			errmsg("%s: vector %s: bad hex", path, fld[0]);
			bad++;
			goto next;
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
		if (!strcmp(fld[1], "valid"))
			as_expected = accepted;
		else if (!strcmp(fld[1], "invalid"))
			as_expected = !accepted;
		else if (!strcmp(fld[1], "acceptable"))
			as_expected = true;
		else {
			errmsg("%s: vector %s: EXPECT must be valid, invalid or acceptable",
			       path, fld[0]);
			as_expected = false;
		}
		if (!strcmp(fld[1], "acceptable"))
			accept++;
		else if (accepted)
			valid++;
		else
			rejected++;
		if (as_expected) {
			ok++;
		} else {
			bad++;
			printf("MISMATCH %s: expected %s, kernel says %s: %s\n",
			       fld[0], fld[1], ia_status_name((int)r.status),
			       r.msg);
		}
next:
		free(key);
		free(msg);
		free(sig);
	}
	free(line);
	fclose(f);
	free(buf);
	printf("verify-sig: %ld vectors: %ld as expected (%ld valid accepted, %ld invalid rejected, %ld acceptable), %ld unexpected\n",
	       total, ok, valid, rejected, accept, bad);
	return bad || !total ? EXIT_VERIFY : EXIT_OK;
}

static int load_arg(const char *file, const char *hex, struct buf *out)
{
	if (file) {
		int ret = read_file(file, out);

		if (ret)
			errmsg("%s: %s", file, strerror(-ret));
		return ret ? -1 : 0;
	}
	if (hex) {
		uint8_t *b;
		size_t n;

		b = hex_alloc(hex, &n);
		if (!b) {
			errmsg("bad hex \"%.20s...\"", hex);
			return -1;
		}
		out->data = b;
		out->len = out->cap = n;
	}
	return 0;
}

int cmd_verify_sig(int argc, char **argv)
{
	const char *msg_file = NULL, *msg_hex = NULL, *sig_file = NULL;
	const char *sig_hex = NULL, *key_file = NULL, *key_hex = NULL;
	const char *batch = NULL;
	struct buf msg = { 0 }, sig = { 0 }, key = { 0 };
	struct vs_req q = { 0 };
	struct vs_reply r;
	uint8_t *spki = NULL, *buf = NULL;
	struct nl nl;
	char err[256];
	int i, ret, rc = EXIT_USAGE;

	for (i = 1; i < argc; i++) {
		const char **dst = NULL;

		if (!strcmp(argv[i], "--msg"))
			dst = &msg_file;
		else if (!strcmp(argv[i], "--msg-hex"))
			dst = &msg_hex;
		else if (!strcmp(argv[i], "--sig"))
			dst = &sig_file;
		else if (!strcmp(argv[i], "--sig-hex"))
			dst = &sig_hex;
		else if (!strcmp(argv[i], "--key"))
			dst = &key_file;
		else if (!strcmp(argv[i], "--key-hex"))
			dst = &key_hex;
		else if (!strcmp(argv[i], "--hash"))
			dst = &q.hash;
		else if (!strcmp(argv[i], "--batch"))
			dst = &batch;
		else if (!strcmp(argv[i], "--p1363"))
			q.p1363 = true;
		else if (!strcmp(argv[i], "help") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else {
			errmsg("verify-sig: unexpected argument \"%s\"", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (dst) {
			if (i + 1 >= argc) {
				errmsg("verify-sig: %s needs a value", argv[i]);
				return EXIT_USAGE;
			}
			*dst = argv[++i];
		}
	}
	if (!batch && ((!msg_file == !msg_hex) || (!sig_file == !sig_hex) ||
		       (key_file && key_hex))) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = open_module(&nl);
	if (ret)
		return ret;
	if (batch) {
		rc = run_batch(&nl, batch);
		goto out;
	}
	if (load_arg(msg_file, msg_hex, &msg) || load_arg(sig_file, sig_hex, &sig) ||
	    load_arg(key_file, key_hex, &key))
		goto out;
	q.msg = msg.data;
	q.msg_len = msg.len;
	q.sig = sig.data;
	q.sig_len = sig.len;
	if (key_file) {
		if (ossl_load_public_key(key.data, key.len, &spki, &q.key_len,
					 err, sizeof(err))) {
			errmsg("%s: %s", key_file, err);
			rc = EXIT_VERIFY;
			goto out;
		}
		q.key = spki;
	} else if (key_hex) {
		q.key = key.data;
		q.key_len = key.len;
	}
	buf = malloc(REQ_CAP);
	if (!buf) {
		rc = EXIT_FAILURE_GENERIC;
		goto out;
	}
	if (q.msg_len > VS_MSG_MAX) {
		errmsg("verify-sig: the message is %zu bytes, at most %d bytes go to the kernel; use \"image verify\" for images",
		       q.msg_len, VS_MSG_MAX);
		rc = EXIT_USAGE;
		goto out;
	}
	ret = verify_one(&nl, buf, &q, &r);
	if (ret) {
		errmsg("verify-sig: %s", nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret == -EINVAL ? -EBADMSG : ret);
		goto out;
	}
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
