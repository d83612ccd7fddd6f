// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl key": the image key in the module's NVRAM slots: show,
 * install (a key, or a rotation statement on a locked device) and delete
 * (plainly, or by a delete statement).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "fetch.h"
#include "json.h"
#include "module.h"
#include "ossl.h"
#include "stmt.h"

/* "exec pki test skey" shows this many key bytes per slot. */
#define SKEY_SHOW_BYTES 41

_Static_assert(FETCH_KEY_MAX == 12288, "the size in key install's help");

struct slot {
	uint32_t index, state, magic1, magic2, gen, len;
	const uint8_t *data;
	size_t data_len;
};

struct key_reply {
	uint32_t state;
	struct slot slot[IMGAUTH_NKEYSLOTS];
	int n;
	uint8_t *copy;		/* the reply message, which slot data points into */
};

static int key_get_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1], *nest;
	struct key_reply *k = data;
	struct nlmsghdr *mine;

	/* Keep the message: the slot data point into it. */
	free(k->copy);
	k->copy = malloc(nlh->nlmsg_len);
	if (!k->copy)
		return -ENOMEM;
	memcpy(k->copy, nlh, nlh->nlmsg_len);
	mine = (struct nlmsghdr *)k->copy;
	if (nl_parse(mine, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_KEY_SLOTS])
		return -EPROTO;
	if (tb[IMGAUTH_A_KEY_STATE])
		k->state = mnl_attr_get_u32(tb[IMGAUTH_A_KEY_STATE]);
	k->n = 0;
	mnl_attr_for_each_nested(nest, tb[IMGAUTH_A_KEY_SLOTS]) {
		const struct nlattr *st[IMGAUTH_SLOT_A_MAX + 1];
		struct slot *s;

		if (k->n >= IMGAUTH_NKEYSLOTS ||
		    nl_parse_nested(nest, st, IMGAUTH_SLOT_A_MAX))
			return -EPROTO;
		s = &k->slot[k->n++];
		memset(s, 0, sizeof(*s));
#define U32(a) (st[a] ? mnl_attr_get_u32(st[a]) : 0)
		s->index = U32(IMGAUTH_SLOT_A_INDEX);
		s->state = U32(IMGAUTH_SLOT_A_STATE);
		s->magic1 = U32(IMGAUTH_SLOT_A_MAGIC1);
		s->magic2 = U32(IMGAUTH_SLOT_A_MAGIC2);
		s->gen = U32(IMGAUTH_SLOT_A_GEN);
		s->len = U32(IMGAUTH_SLOT_A_LEN);
#undef U32
		if (st[IMGAUTH_SLOT_A_DATA]) {
			s->data = mnl_attr_get_payload(st[IMGAUTH_SLOT_A_DATA]);
			s->data_len = mnl_attr_get_payload_len(st[IMGAUTH_SLOT_A_DATA]);
		}
	}
	return 0;
}

static const char *key_state_name(uint32_t state)
{
	switch (state) {
	case IMGAUTH_KEY_NONE:
		return "none";
	case IMGAUTH_KEY_PRESENT:
		return "installed";
	case IMGAUTH_KEY_DAMAGED:
		return "damaged";
	}
	return "unknown";
}

static const char *slot_state_name(uint32_t state)
{
	switch (state) {
	case IMGAUTH_SLOT_OK:
		return "ok";
	case IMGAUTH_SLOT_BAD:
		return "damaged";
	case IMGAUTH_SLOT_ERASED:
		return "blank";
	}
	return "unknown";
}

static const char *policy_name(const struct module_policy *p)
{
	switch (p->state) {
	case IMGAUTH_POLICY_OK:
		return "ok";
	case IMGAUTH_POLICY_DAMAGED:
		return "damaged";
	}
	return "default";
}

/* After the slots: what protects the key beyond ScreenOS, if anything. */
static void show_policy(const struct module_policy *p)
{
	if (p->state == IMGAUTH_POLICY_DAMAGED)
		printf("key policy record damaged: treated as locked and provisioned\n");
	if (p->locked)
		printf("image key locked: it changes only by a statement signed by it (imgauthctl key rotate)\n");
	if (p->provisioned)
		printf("device provisioned: it must always have an image key; blank key slots refuse every image\n");
}

static void show_text(const struct key_reply *k)
{
	int i;

	for (i = 0; i < k->n; i++) {
		const struct slot *s = &k->slot[i];
		char hex[2 * SKEY_SHOW_BYTES + 1];
		size_t j;

		/* ScreenOS shows the head of the key, zeros when there is none. */
		for (j = 0; j < SKEY_SHOW_BYTES; j++)
			snprintf(hex + 2 * j, 3, "%02x",
				 j < s->data_len ? s->data[j] : 0);
		printf("KEY%u  %s len =%u\n %s     magic1 = %x magic2=%x\n \n",
		       s->index, s->state == IMGAUTH_SLOT_OK ? "N/A" :
		       s->state == IMGAUTH_SLOT_BAD ? "BAD" : "BLANK",
		       s->len, hex, s->magic1, s->magic2);
	}
	if (k->state == IMGAUTH_KEY_DAMAGED)
		printf("image key slots damaged: install or delete the image key\n");
}

static void show_json(const struct key_reply *k, const struct module_policy *p)
{
	struct json j;
	int i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "key", key_state_name(k->state));
	json_bool(&j, "locked", p->locked);
	json_bool(&j, "provisioned", p->provisioned);
	json_str(&j, "key_policy", policy_name(p));
	json_arr_begin(&j, "slots");
	for (i = 0; i < k->n; i++) {
		const struct slot *s = &k->slot[i];

		json_obj_begin(&j, NULL);
		json_u64(&j, "index", s->index);
		json_str(&j, "state", slot_state_name(s->state));
		json_u64(&j, "len", s->len);
		json_u64(&j, "magic1", s->magic1);
		json_u64(&j, "magic2", s->magic2);
		json_u64(&j, "gen", s->gen);
		json_hex(&j, "der", s->data, s->data_len);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}

static int key_show(const struct cmd_args *a)
{
	struct key_reply k = { 0 };
	struct module_policy p;
	int rc;

	(void)a;
	rc = module_request(IMGAUTH_CMD_KEY_GET, "key show", key_get_cb, &k);
	if (!rc)
		rc = module_policy(&p, "key show");
	if (!rc && opt_json) {
		show_json(&k, &p);
	} else if (!rc) {
		show_text(&k);
		show_policy(&p);
	}
	free(k.copy);
	return rc;
}

/* The key, parsed from @file into the DER the kernel stores; an exit code. */
static int parse_key(const char *src, const struct buf *file, uint8_t **spki,
		     size_t *spki_len)
{
	char err[256];

	if (ossl_load_public_key(file->data, file->len, spki, spki_len, err,
				 sizeof(err))) {
		errmsg("%s: %s", src, err);
		return exit_code_for_ossl();
	}
	return 0;
}

static void install_json(const char *src, size_t spki_len, bool provision)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "result", "installed");
	json_str(&j, "source", src);
	json_u64(&j, "key_len", spki_len);
	json_bool(&j, "provisioned", provision);
	json_obj_end(&j);
}

/* IMGAUTH_CMD_KEY_SET; an exit code. */
static int set_key(const uint8_t *spki, size_t spki_len, bool provision)
{
	struct nlmsghdr *nlh;
	struct nl nl;
	uint8_t *req;
	int rc, ret;

	rc = open_module(&nl);
	if (rc)
		return rc;
	req = calloc(1, spki_len + 1024);
	if (!req) {
		errmsg("key install: out of memory");
		nl_close(&nl);
		return EXIT_FAILURE_GENERIC;
	}
	nlh = nl_request(&nl, req, spki_len + 1024, IMGAUTH_CMD_KEY_SET);
	mnl_attr_put(nlh, IMGAUTH_A_KEY, spki_len, spki);
	if (provision)
		mnl_attr_put(nlh, IMGAUTH_A_PROVISION, 0, NULL);
	ret = nl_transact(&nl, nlh, NULL, NULL);
	free(req);
	if (ret) {
		/* Locked: EPERM, with the kernel's reason; a bad key: EINVAL. */
		errmsg("key install: %s", nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret == -EINVAL ? -EBADMSG : ret);
	}
	nl_close(&nl);
	return rc;
}

enum { K_PROVISION };

static const struct cmd_opt install_opts[] = {
	[K_PROVISION] = { "--provision", NULL, NULL,
			  "and provision: the device must always have a key from now on",
			  COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static int key_install(const struct cmd_args *a)
{
	static const struct fetch_limit lim = {
		FETCH_KEY_MAX, "a key file for a key slot",
	};
	bool provision = a->opt[K_PROVISION];
	const char *src = a->op[0];
	struct buf file = { 0 };
	uint8_t *spki = NULL;
	size_t spki_len = 0;
	FILE *say = cli_say();
	struct ia_stmt st;
	bool is_stmt;
	int rc;

	rc = fetch_source(src, "file ", &a->tftp, &lim, &file);
	if (rc)
		return rc;
	is_stmt = stmt_magic(file.data, file.len);
	if (is_stmt && provision) {
		errmsg("key install: --provision goes with a key, and %s is a key statement",
		       src);
		rc = EXIT_USAGE;
	} else if (is_stmt) {
		/* A locked device's way: a rotation signed by the current key. */
		rc = stmt_check("key install", src, &file, IA_STMT_ROTATE, &st);
		if (!rc)
			rc = stmt_apply("key install", src, &file, &st);
	} else {
		rc = parse_key(src, &file, &spki, &spki_len);
		if (!rc)
			rc = set_key(spki, spki_len, provision);
		if (!rc && opt_json)
			install_json(src, spki_len, provision);
		if (!rc && say && provision)
			fprintf(say, "the device is provisioned: it must always have an image key\n");
	}
	if (!rc && say) {
		fprintf(say, "Done\n");
		if (a->screenos && fetch_is_url(src))
			fprintf(say, "\nTFTP Succeeded\n");
	}
	free(spki);
	buf_free(&file);
	return rc;
}

static int key_delete(const struct cmd_args *a)
{
	struct json j;
	int rc;

	if (a->nops) {
		struct buf file;
		struct ia_stmt st;

		rc = stmt_fetch(a->op[0], &a->tftp, &file);
		if (!rc)
			rc = stmt_check("key delete", a->op[0], &file,
					IA_STMT_DELETE, &st);
		if (!rc)
			rc = stmt_apply("key delete", a->op[0], &file, &st);
		buf_free(&file);
		return rc;
	}
	/* Locked or provisioned: EPERM with the kernel's reason (exit 5). */
	rc = module_request(IMGAUTH_CMD_KEY_DELETE, "key delete", NULL, NULL);
	if (!rc && opt_json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "result", "deleted");
		json_obj_end(&j);
	}
	return rc;
}

const struct cmd cmd_key_show = {
	.name = "key show",
	.max_ops = 0,
	.summary = "the three image key slots (ScreenOS \"exec pki test skey\"); \"key\" alone is this",
	.run = key_show,
};

const struct cmd cmd_key_install = {
	.name = "key install",
	.operands = "SRC",
	.min_ops = 1, .max_ops = 1,
	.opts = install_opts,
	.flags = CMD_TFTP,
	.summary = "install the image key, or a rotation statement, from a file or tftp://HOST[:PORT]/PATH",
	.help = "  SRC holds imagekey.cer (X.509, DER or PEM) or a DSA public key (PEM or\n"
		"  DER), at most 12288 bytes; the kernel checks it and writes it to\n"
		"  all three key slots.  On a locked device SRC is a rotation statement\n"
		"  signed by the current key (\"imgauthctl key rotate --new\"), recognised\n"
		"  by its magic \"IAKEYST1\".",
	.complete = COMPLETE_SRC,
	.run = key_install,
};

const struct cmd cmd_key_delete = {
	.name = "key delete",
	.operands = "[STMT]",
	.max_ops = 1,
	.flags = CMD_TFTP,
	.summary = "delete the image key: images then install unauthenticated",
	.help = "  After \"key delete\" images are installed without authentication\n"
		"  (\"Ignore image authentication!\"), unless the module requires a key.\n"
		"  A locked or provisioned device deletes it only by STMT, a delete\n"
		"  statement signed by the key (\"imgauthctl key rotate --delete\"), a\n"
		"  file or tftp:// URL; it also unlocks and unprovisions the device.",
	.complete = COMPLETE_SRC,
	.run = key_delete,
};
