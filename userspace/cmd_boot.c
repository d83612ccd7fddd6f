// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl boot": the hook an initramfs or early systemd runs once per
 * boot.  The kernel decides (IMGAUTH_CMD_BOOT: the loader check with
 * loader_check=boot, trial boots, the fallback to the default image);
 * this prints it as the ScreenOS loaders did, then does what needs a
 * console or the network: a boot loader that does not verify is replaced
 * over TFTP, a staged default image is committed when nothing else
 * verifies, and with nothing left it recovers over TFTP.  The outcome,
 * for the init to act on, is the only thing on stdout: KEY=value lines,
 * or with -j one JSON document.  "boot mark-good" ends a trial.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bootinfo.h"
#include "bootmsg.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "dev.h"
#include "ia_image.h"
#include "json.h"
#include "outfile.h"
#include "prompt.h"
#include "recovery.h"
#include "util.h"
#include "verdict.h"

#define DEFAULT_DOWNLOAD	"/run/imgauth/recovered.img"
#define DEFAULT_PROMPT_TIMEOUT	60

/* What the init is told. */
struct outcome {
	const char *boot;	/* primary, fallback, trial-expired, recovered, none */
	int slot;		/* the image slot to boot, -1: none */
	uint32_t status;	/* the verdict on what boots */
	const char *loader;	/* unchecked, authenticated, unauthenticated, refused, installed */
	bool run;		/* boot it now (else: reboot, or nothing) */
	int exit;
	const struct recovery *rec;	/* when recovery ran */
	const struct boot_reply *reply;
	struct boot_dev dev;	/* after everything */
};

static bool ok(uint32_t status)
{
	return status == IMGAUTH_OK || status == IMGAUTH_OK_UNAUTHENTICATED;
}

static uint32_t other_slot(uint32_t slot)
{
	return slot == IMGAUTH_TARGET_IMAGE0 ? IMGAUTH_TARGET_IMAGE1 :
					       IMGAUTH_TARGET_IMAGE0;
}

/* The lines of one check, the way the loader printed them. */
static void print_check(FILE *con, const struct boot_check *c, bool *primary_seen)
{
	const char *name = bootinfo_target_name(c->target);

	switch (c->role) {
	case IMGAUTH_ROLE_LOADER:
		fputs("Loading OS Loader from on-board flash memory...\n", con);
		break;
	case IMGAUTH_ROLE_PRIMARY:
		*primary_seen = true;
		fprintf(con, "Loading system image \"%s\" from on-board flash disk...\n",
			name);
		break;
	default:
		/* Before the selected image: its trial ran out. */
		if (!*primary_seen)
			fprintf(con, "%s was never marked good in its trial boots: back to the default image\n\n",
				bootinfo_target_name(other_slot(c->target)));
		fputs("Loading default system image from on-board flash disk...\n", con);
		break;
	}
	if (c->status != IMGAUTH_E_EMPTY)
		bootmsg_done(con, c->used);
	bootmsg_verdict(con, c->status, c->msg);
	fputc('\n', con);
}

/* What the kernel decided, in words, after the checks. */
static void print_decision(FILE *con, const struct boot_reply *r)
{
	const char *t = bootinfo_target_name(r->target);
	bool trial_ran_out = false;
	int i;

	for (i = 0; i < r->n && r->check[i].role != IMGAUTH_ROLE_PRIMARY; i++)
		if (r->check[i].role == IMGAUTH_ROLE_DEFAULT)
			trial_ran_out = true;
	switch (r->outcome) {
	case IMGAUTH_BOOT_PRIMARY:
		if (trial_ran_out)
			fprintf(con, "The default image does not verify: booting %s anyway, still on trial\n\n",
				t);
		else if (r->tries > 0)
			fprintf(con, "%s boots on trial: %d more boot%s before it must be marked good (imgauthctl boot mark-good)\n\n",
				t, r->tries, r->tries == 1 ? "" : "s");
		else if (r->tries == 0)
			fprintf(con, "%s boots on trial, its last: unless it is marked good (imgauthctl boot mark-good), the next boot is the default image's\n\n",
				t);
		break;
	case IMGAUTH_BOOT_FALLBACK:
		fprintf(con, "The default image %s is the active image now\n\n", t);
		break;
	case IMGAUTH_BOOT_TRIAL_EXPIRED:
		fprintf(con, "%s is the active image again; %s is kept, staged\n\n", t,
			bootinfo_target_name(other_slot(r->target)));
		break;
	}
}

/* The loader's check (@loader), or the system images' and the decision. */
static void print_checks(FILE *con, const struct boot_reply *r, bool loader)
{
	bool primary_seen = false;
	int i;

	if (!con)
		return;
	if (loader)
		fputc('\n', con);
	for (i = 0; i < r->n; i++)
		if ((r->check[i].role == IMGAUTH_ROLE_LOADER) == loader)
			print_check(con, &r->check[i], &primary_seen);
	if (!loader)
		print_decision(con, r);
}

static const char *loader_word(uint32_t status)
{
	return status == IMGAUTH_OK ? "authenticated" :
	       status == IMGAUTH_OK_UNAUTHENTICATED ? "unauthenticated" : "refused";
}

/*
 * Nothing the kernel looked at verifies: a staged image (what "Save to
 * on-board flash disk? m" leaves) is the default image too.  Verified,
 * then committed; *@found when it is selected now.
 */
static int staged_default(FILE *con, struct boot_reply *r,
			  const struct boot_dev *d, struct outcome *o, bool *found)
{
	uint32_t first = d->active < IMGAUTH_NTARGETS ? other_slot(d->active) :
							 IMGAUTH_TARGET_IMAGE1;
	uint32_t order[2] = { first, other_slot(first) };
	struct boot_verdict v;
	struct boot_check *c;
	int i, rc;

	*found = false;
	for (i = 0; i < 2; i++) {
		uint32_t s = order[i];

		if (d->region[s].state != IMGAUTH_REGION_STAGED)
			continue;
		if (con)
			fputs("Loading default system image from on-board flash disk...\n", con);
		rc = bootinfo_region((int)s, false, &v);
		if (rc)
			return rc;
		if (r->n < BOOT_MAX_CHECKS) {
			c = &r->check[r->n++];
			c->role = IMGAUTH_ROLE_DEFAULT;
			c->target = s;
			c->status = v.status;
			c->used = d->region[s].used;
			snprintf(c->msg, sizeof(c->msg), "%s", v.msg);
		}
		if (con) {
			if (v.status != IMGAUTH_E_EMPTY)
				bootmsg_done(con, d->region[s].used);
			bootmsg_verdict(con, v.status, v.msg);
			fputc('\n', con);
		}
		if (!ok(v.status))
			continue;
		rc = bootinfo_region((int)s, true, &v);
		if (rc)
			return rc;
		if (con)
			fprintf(con, "The default image %s (it was staged) is the active image now\n\n",
				bootinfo_target_name(s));
		o->slot = (int)s;
		o->status = v.status;
		*found = true;
		return 0;
	}
	return 0;
}

/* Shell-safe: plain when it is, else in single quotes. */
static void kv(FILE *f, const char *key, const char *val)
{
	const char *s;

	fprintf(f, "IMGAUTH_%s=", key);
	if (strspn(val, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789/._:,+-") == strlen(val)) {
		fprintf(f, "%s\n", val);
		return;
	}
	fputc('\'', f);
	for (s = val; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputs("'\n", f);
}

static void kv_u64(FILE *f, const char *key, uint64_t v, bool have)
{
	char buf[24] = "";

	if (have)
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	kv(f, key, buf);
}

/* The values both forms print; strings are "" when they do not apply. */
struct facts {
	const char *slot, *auth, *file, *recovery;
	char device[256], mtd[32], sw_version[32];
	bool have_region, have_tries;
	uint64_t offset, length;
	uint32_t tries;
};

static void facts_of(const struct outcome *o, struct facts *f)
{
	const struct boot_region *reg = NULL;

	memset(f, 0, sizeof(*f));
	f->slot = f->auth = f->file = f->recovery = "";
	if (o->slot >= 0) {
		reg = &o->dev.region[o->slot];
		f->slot = bootinfo_target_name((uint32_t)o->slot);
		dev_path(f->device, sizeof(f->device), f->slot);
		if (o->dev.mtd >= 0)
			snprintf(f->mtd, sizeof(f->mtd), "/dev/mtd%d", o->dev.mtd);
		f->have_region = true;
		f->offset = reg->offset;
		f->length = reg->used;
		if (reg->have_hdr)
			ia_sw_version_str(f->sw_version, sizeof(f->sw_version),
					  reg->sw_version);
		f->have_tries = reg->trial;
		f->tries = reg->tries;
	}
	if (o->rec && o->rec->result == RECOVERY_FILE) {
		f->file = o->rec->file;
		f->length = o->rec->length;
	}
	if (strcmp(o->boot, "none"))
		f->auth = o->status == IMGAUTH_OK ? "authenticated" : "unauthenticated";
	if (o->rec && o->rec->result != RECOVERY_NONE)
		f->recovery = recovery_name(o->rec->result);
}

static void print_kv(FILE *out, const struct outcome *o)
{
	struct facts f;

	facts_of(o, &f);
	kv(out, "BOOT", o->boot);
	kv(out, "SLOT", f.slot);
	kv(out, "DEVICE", f.device);
	kv(out, "MTD", f.mtd);
	kv_u64(out, "OFFSET", f.offset, f.have_region);
	kv_u64(out, "LENGTH", f.length, f.have_region || f.file[0]);
	kv(out, "FILE", f.file);
	kv(out, "AUTH", f.auth);
	kv_u64(out, "TRIES", f.tries, f.have_tries);
	kv(out, "SW_VERSION", f.sw_version);
	kv(out, "LOADER", o->loader);
	kv(out, "RECOVERY", f.recovery);
	kv(out, "RUN", o->run ? "yes" : "no");
	kv_u64(out, "EXIT", (uint64_t)o->exit, true);
}

/* --env FILE: the same lines, the file replaced whole, its directory made. */
static int write_env(const char *path, const struct outcome *o)
{
	struct outfile out;
	char dir[512], *slash;
	int ret;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);
	}
	ret = outfile_open(&out, path, 0644);
	if (!ret) {
		print_kv(out.f, o);
		ret = outfile_commit(&out);
	}
	if (ret) {
		errmsg("boot: --env %s: %s", path, outfile_strerror(ret));
		return exit_code_for_errno(ret);
	}
	return 0;
}

static const char *role_name(uint32_t role)
{
	return role == IMGAUTH_ROLE_LOADER ? "loader" :
	       role == IMGAUTH_ROLE_PRIMARY ? "primary" : "default";
}

static void json_str_or_null(struct json *j, const char *key, const char *v)
{
	if (v[0])
		json_str(j, key, v);
	else
		json_null(j, key);
}

static void print_json(const struct outcome *o)
{
	char a[4][16];
	struct facts f;
	struct json j;
	int i;

	facts_of(o, &f);
	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "boot", o->boot);
	json_str_or_null(&j, "slot", f.slot);
	json_str_or_null(&j, "device", f.device);
	json_str_or_null(&j, "mtd", f.mtd);
	if (f.have_region)
		json_u64(&j, "offset", f.offset);
	else
		json_null(&j, "offset");
	if (f.have_region || f.file[0])
		json_u64(&j, "length", f.length);
	else
		json_null(&j, "length");
	json_str_or_null(&j, "file", f.file);
	json_str_or_null(&j, "auth", f.auth);
	if (f.have_tries)
		json_u64(&j, "tries", f.tries);
	else
		json_null(&j, "tries");
	json_str_or_null(&j, "sw_version", f.sw_version);
	json_str(&j, "loader", o->loader);
	json_bool(&j, "run", o->run);
	json_u64(&j, "exit", (uint64_t)o->exit);
	json_str(&j, "key", o->reply->key_state == IMGAUTH_KEY_PRESENT ? "installed" :
		 o->reply->key_state == IMGAUTH_KEY_DAMAGED ? "damaged" : "none");
	json_arr_begin(&j, "checks");
	for (i = 0; i < o->reply->n; i++) {
		const struct boot_check *c = &o->reply->check[i];

		json_obj_begin(&j, NULL);
		json_str(&j, "role", role_name(c->role));
		json_str(&j, "region", bootinfo_target_name(c->target));
		json_str(&j, "result", ia_status_name((int)c->status));
		json_u64(&j, "status", c->status);
		json_str(&j, "message", c->msg);
		json_u64(&j, "bytes", c->used);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	if (o->rec && o->rec->result != RECOVERY_NONE) {
		const struct ldrcfg *l = &o->rec->cfg;

		ldrcfg_addr(a[0], sizeof(a[0]), l->self);
		ldrcfg_addr(a[1], sizeof(a[1]), l->tftp);
		ldrcfg_addr(a[2], sizeof(a[2]), l->mask);
		ldrcfg_addr(a[3], sizeof(a[3]), l->gw);
		json_obj_begin(&j, "recovery");
		json_str(&j, "result", f.recovery);
		json_str(&j, "file_name", l->boot_file);
		json_str(&j, "self_ip", a[0]);
		json_str(&j, "tftp_ip", a[1]);
		json_str(&j, "netmask", a[2]);
		json_str(&j, "gateway", a[3]);
		if (o->rec->msg[0]) {
			json_str(&j, "verdict", ia_status_name((int)o->rec->status));
			json_str(&j, "message", o->rec->msg);
		}
		json_obj_end(&j);
	} else {
		json_null(&j, "recovery");
	}
	json_obj_end(&j);
}

enum { B_BATCH, B_ENV, B_SAVE, B_DOWNLOAD, B_PROMPT_TIMEOUT };

static const struct cmd_opt boot_opts[] = {
	[B_BATCH] = { "--batch", NULL, NULL,
		      "never prompt: recover with the stored loader config; the exit status says what happened",
		      COMPLETE_NONE, false },
	[B_ENV] = { "--env", NULL, "FILE",
		    "also write the IMGAUTH_*=value lines to FILE (replaced whole)",
		    COMPLETE_FILE, false },
	[B_SAVE] = { "--save", NULL, "y|n|m",
		     "the answer to \"Save to on-board flash disk?\" --batch gives, the prompt's default (n)",
		     COMPLETE_NONE, false },
	[B_DOWNLOAD] = { "--download", NULL, "FILE",
			 "where a recovered image not saved to flash goes (default " DEFAULT_DOWNLOAD ")",
			 COMPLETE_FILE, false },
	[B_PROMPT_TIMEOUT] = { "--prompt-timeout", NULL, "S",
			       "seconds to wait for an answer before its default is taken (default 60; 0: no limit)",
			       COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static int parse_opts(const struct cmd_args *a, struct recovery_opts *ro,
		      unsigned int *timeout)
{
	const char *save = a->opt[B_SAVE];

	memset(ro, 0, sizeof(*ro));
	ro->batch = a->opt[B_BATCH] != NULL;
	ro->save = 'n';
	if (save) {
		if (strlen(save) != 1 || !strchr("ynm", save[0])) {
			errmsg("boot: --save takes y, n or m");
			return EXIT_USAGE;
		}
		ro->save = save[0];
	}
	ro->download = a->opt[B_DOWNLOAD] ? a->opt[B_DOWNLOAD] : DEFAULT_DOWNLOAD;
	if (!ro->download[0]) {
		errmsg("boot: --download needs a file name");
		return EXIT_USAGE;
	}
	*timeout = DEFAULT_PROMPT_TIMEOUT;
	if (opt_u32("--prompt-timeout", a->opt[B_PROMPT_TIMEOUT], 24 * 3600, timeout))
		return EXIT_USAGE;
	ro->tftp = a->tftp;
	if (opt_quiet)
		ro->tftp.progress = TFTP_PROGRESS_NONE;
	return 0;
}

/* The loader check's outcome; a refused loader is replaced, or stops the boot. */
static int loader_step(FILE *con, const struct recovery_opts *ro,
		       const struct boot_reply *r, struct outcome *o,
		       struct recovery *lrec)
{
	int i, rc;

	o->loader = "unchecked";
	for (i = 0; i < r->n; i++)
		if (r->check[i].role == IMGAUTH_ROLE_LOADER)
			o->loader = loader_word(r->check[i].status);
	if (strcmp(o->loader, "refused"))
		return 0;
	rc = recovery_loader(ro, con, lrec);
	if (rc)
		return rc;
	if (lrec->result == RECOVERY_LOADER)
		o->loader = "installed";
	else
		o->rec = lrec;
	return 0;
}

/* The system image the kernel selected, else a staged one, else recovery. */
static int image_step(FILE *con, const struct recovery_opts *ro,
		      struct boot_reply *r, const struct boot_dev *d,
		      struct outcome *o, struct recovery *rec)
{
	bool found;
	int rc;

	if (r->outcome != IMGAUTH_BOOT_NONE) {
		o->boot = r->outcome == IMGAUTH_BOOT_PRIMARY ? "primary" :
			  r->outcome == IMGAUTH_BOOT_FALLBACK ? "fallback" :
								"trial-expired";
		o->slot = (int)r->target;
		/* The last check is the one that selected it. */
		o->status = r->n ? r->check[r->n - 1].status : IMGAUTH_OK;
		o->exit = r->outcome == IMGAUTH_BOOT_PRIMARY ? EXIT_OK :
							       EXIT_BOOT_FALLBACK;
		o->run = true;
		return 0;
	}
	rc = staged_default(con, r, d, o, &found);
	if (rc)
		return rc;
	if (found) {
		o->boot = "fallback";
		o->exit = EXIT_BOOT_FALLBACK;
		o->run = true;
		return 0;
	}
	rc = recovery_firmware(ro, d, con, rec);
	if (rc)
		return rc;
	o->rec = rec;
	if (!recovery_bootable(rec)) {
		errmsg("boot: nothing bootable: no system image verifies");
		o->exit = EXIT_BOOT_NONE;
		return 0;
	}
	o->boot = "recovered";
	o->slot = rec->target;
	o->status = rec->status;
	o->run = rec->run;
	o->exit = EXIT_BOOT_RECOVERED;
	return 0;
}

static int boot(const struct cmd_args *a)
{
	static struct boot_reply r;
	static struct recovery lrec, frec;
	struct outcome o = { .boot = "none", .slot = -1, .reply = &r };
	struct recovery_opts ro;
	unsigned int timeout;
	struct boot_dev d;
	FILE *con;
	int rc;

	cli_stdout_data = true;
	rc = parse_opts(a, &ro, &timeout);
	if (rc)
		return rc;
	con = cli_say();
	prompt_init(con, ro.batch, timeout);
	rc = bootinfo_boot(&r);
	if (!rc)
		rc = bootinfo_status(&d);
	if (rc)
		return rc;
	/* The loader first, replaced if need be, as the boot ROM does. */
	print_checks(con, &r, true);
	rc = loader_step(con, &ro, &r, &o, &lrec);
	if (rc)
		return rc;
	print_checks(con, &r, false);
	if (strcmp(o.loader, "refused")) {
		rc = image_step(con, &ro, &r, &d, &o, &frec);
		if (rc)
			return rc;
	} else {
		errmsg("boot: nothing boots: the OS loader does not verify");
		o.exit = EXIT_BOOT_NONE;
	}
	/* The facts as they are now: what a commit or an install changed. */
	rc = bootinfo_status(&o.dev);
	if (rc)
		return rc;
	if (opt_json)
		print_json(&o);
	else
		print_kv(stdout, &o);
	if (a->opt[B_ENV]) {
		rc = write_env(a->opt[B_ENV], &o);
		if (rc)
			return rc;
	}
	return o.exit;
}

const struct cmd cmd_boot = {
	.name = "boot",
	.opts = boot_opts,
	.flags = CMD_TFTP,
	.summary = "the boot-time check: verify, fall back, recover over TFTP (once per boot)",
	.help = "  The kernel verifies the selected image (and with loader_check=boot the\n"
		"  loader), counts a trial boot, falls back to the default image; with\n"
		"  nothing left, recovery over TFTP prompts with the loader config as\n"
		"  defaults (standard input; its end or --prompt-timeout takes them).\n"
		"  Standard output holds only the outcome, IMGAUTH_*=value lines (with -j\n"
		"  one JSON document); the console lines and prompts go to standard error.\n"
		"  Exit: 0 the selected image, 10 fell back, 11 recovered, 12 nothing\n"
		"  bootable.  \"imgauthctl boot mark-good\" ends a trial.",
	.run = boot,
};

static int mark_good(const struct cmd_args *a)
{
	struct boot_verdict v;
	int rc;

	(void)a;
	rc = bootinfo_mark_good(&v);
	if (rc)
		return rc;
	if (opt_json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "result", ia_status_name((int)v.status));
		json_u64(&j, "status", v.status);
		json_str(&j, "message", v.msg);
		json_obj_end(&j);
	} else if (cli_say()) {
		fprintf(cli_say(), "%s\n", v.msg);
	}
	return verdict_exit_code(v.status);
}

const struct cmd cmd_boot_mark_good = {
	.name = "boot mark-good",
	.summary = "the running image is healthy: end its trial (the anti-rollback floor follows it)",
	.run = mark_good,
};
