// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl key lock|unlock|unprovision": the key policy beyond
 * ScreenOS.  Locking is signed by nothing (it only tightens); unlocking
 * and lifting provisioning take a statement signed by the key.
 */
#include <stdio.h>

#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "module.h"
#include "stmt.h"

static int key_lock(const struct cmd_args *a)
{
	struct module_verdict v;
	FILE *say = cli_say();
	struct json j;
	int rc;

	(void)a;
	/* No key: ENOKEY (exit 4), with the kernel's reason. */
	rc = module_verdict(IMGAUTH_CMD_KEY_LOCK, 0, NULL, 0, "key lock", &v);
	if (rc)
		return rc;
	if (opt_json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "result", "locked");
		json_u64(&j, "status", v.status);
		json_str(&j, "message", v.msg);
		json_obj_end(&j);
	} else if (say) {
		fprintf(say, "%s\n", v.msg);
	}
	return EXIT_OK;
}

/* A statement verb: fetch, check its action, apply. */
static int statement_verb(const struct cmd_args *a, const char *what,
			  int action)
{
	struct buf file;
	struct ia_stmt st;
	int rc;

	rc = stmt_fetch(a->op[0], &a->tftp, &file);
	if (!rc)
		rc = stmt_check(what, a->op[0], &file, action, &st);
	if (!rc)
		rc = stmt_apply(what, a->op[0], &file, &st);
	buf_free(&file);
	return rc;
}

static int key_unlock(const struct cmd_args *a)
{
	return statement_verb(a, "key unlock", IA_STMT_UNLOCK);
}

static int key_unprovision(const struct cmd_args *a)
{
	return statement_verb(a, "key unprovision", IA_STMT_UNPROVISION);
}

const struct cmd cmd_key_lock = {
	.name = "key lock",
	.summary = "lock the image key: from now on it changes only by a statement signed by it",
	.help = "  Needs an installed key.  A locked device refuses \"key install CERT\"\n"
		"  and \"key delete\" (and the ScreenOS forms): a new key comes in a\n"
		"  rotation statement (\"key rotate --new\", then \"key install STMT\"),\n"
		"  deleting and unlocking take statements too.  The lock is kept in\n"
		"  NVRAM beside the key slots.",
	.run = key_lock,
};

const struct cmd cmd_key_unlock = {
	.name = "key unlock",
	.operands = "STMT",
	.min_ops = 1, .max_ops = 1,
	.flags = CMD_TFTP,
	.summary = "unlock the image key by an unlock statement signed by it",
	.help = "  STMT (a file or tftp:// URL) is made by \"imgauthctl key rotate --old\n"
		"  KEY.pem --unlock\" on the builder's machine.  Then plain \"key install\"\n"
		"  and \"key delete\" work again.",
	.complete = COMPLETE_SRC,
	.run = key_unlock,
};

const struct cmd cmd_key_unprovision = {
	.name = "key unprovision",
	.operands = "STMT",
	.min_ops = 1, .max_ops = 1,
	.flags = CMD_TFTP,
	.summary = "lift provisioning by a statement signed by the (last) image key",
	.help = "  STMT is made by \"imgauthctl key rotate --old KEY.pem --unprovision\".\n"
		"  Blank key slots then mean no authentication again, as on ScreenOS.\n"
		"  When the slots were wiped, the statement must carry the signer\n"
		"  (--include-signer): the device checks it against the hash of its\n"
		"  last key.",
	.complete = COMPLETE_SRC,
	.run = key_unprovision,
};
