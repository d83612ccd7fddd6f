// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootmsg.h"
#include "cli.h"
#include "dev.h"
#include "fetch.h"
#include "ia_image.h"
#include "module.h"
#include "outfile.h"
#include "prompt.h"
#include "recovery.h"

const char *recovery_name(enum recovery_result r)
{
	switch (r) {
	case RECOVERY_NONE:
		break;
	case RECOVERY_INSTALLED:
		return "installed";
	case RECOVERY_STAGED:
		return "staged";
	case RECOVERY_FILE:
		return "file";
	case RECOVERY_LOADER:
		return "loader-installed";
	case RECOVERY_DECLINED:
		return "declined";
	case RECOVERY_NO_CONFIG:
		return "no-config";
	case RECOVERY_UNREACHABLE:
		return "unreachable";
	case RECOVERY_FETCH_FAILED:
		return "fetch-failed";
	case RECOVERY_REFUSED:
		return "refused";
	case RECOVERY_FAILED:
		return "failed";
	}
	return "";
}

bool recovery_bootable(const struct recovery *r)
{
	return r->result == RECOVERY_INSTALLED || r->result == RECOVERY_STAGED ||
	       r->result == RECOVERY_FILE;
}

/* A prompt for an address: asked again until the answer is one. */
static void prompt_addr(const char *label, struct in_addr *a)
{
	char def[INET_ADDRSTRLEN], ans[64];

	for (;;) {
		/* An address never set is shown as nothing, as the loader does. */
		def[0] = '\0';
		if (a->s_addr)
			ldrcfg_addr(def, sizeof(def), *a);
		prompt_line(label, def, ans, sizeof(ans));
		if (!ans[0] || inet_pton(AF_INET, ans, a) == 1)
			return;
		errmsg("\"%s\" is not an IPv4 address", ans);
	}
}

/* Is @a one of this host's addresses (what the init configured)? */
static bool is_local(struct in_addr a)
{
	struct ifaddrs *ifs, *i;
	bool found = false;

	if (getifaddrs(&ifs))
		return true;	/* cannot tell: do not complain */
	for (i = ifs; i && !found; i = i->ifa_next)
		found = i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
			((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr == a.s_addr;
	freeifaddrs(ifs);
	return found;
}

static void check_self(FILE *con, const struct ldrcfg *c)
{
	char self[INET_ADDRSTRLEN];

	if (!c->self.s_addr || is_local(c->self) || !con)
		return;
	ldrcfg_addr(self, sizeof(self), c->self);
	fprintf(con, "Self IP Address %s is not configured on any interface: the init configures them, imgauthctl uses them as they are\n",
		self);
}

/* The record's fields changed by the prompts, saved as the loader does. */
static int save_config(const struct recovery_opts *o, FILE *con,
		       const struct ldrcfg *c, unsigned int fields)
{
	char said[IMGAUTH_MSG_LEN];
	int rc;

	/* Batch mode changed nothing, and must not wear the flash each boot. */
	if (o->batch)
		return 0;
	rc = ldrcfg_set(c, fields, "Save loader config", said, sizeof(said));
	if (!rc && con)
		fprintf(con, "\n%s\n\n", said);
	return rc;
}

static void addr_or_none(char *buf, size_t n, struct in_addr a)
{
	if (a.s_addr)
		ldrcfg_addr(buf, n, a);
	else
		snprintf(buf, n, "none");
}

/*
 * Fetch "tftp://TFTP-IP/FILE" into @img, no more than @region holds.
 * Sets @r->result on failure.
 */
static void fetch(const struct recovery_opts *o, const char *region,
		  struct recovery *r, struct buf *img)
{
	char url[INET_ADDRSTRLEN + IMGAUTH_BOOT_FILE_MAX + 16];
	char tftp[INET_ADDRSTRLEN], self[INET_ADDRSTRLEN];
	char mask[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	struct fetch_limit lim = { 0, region[0] == 'l' ? "the loader region" :
				   "an image region" };
	const char *file = r->cfg.boot_file;
	int rc;

	if (!file[0] || !r->cfg.tftp.s_addr) {
		errmsg("recovery: the loader config has no %s: nothing to load (imgauthctl config loader set boot-file FILE tftp-ip ADDR)",
		       file[0] ? "TFTP IP Address" : "file name");
		r->result = RECOVERY_NO_CONFIG;
		return;
	}
	rc = module_region_size(region, &lim.max);
	if (rc) {
		r->result = RECOVERY_FAILED;
		return;
	}
	ldrcfg_addr(tftp, sizeof(tftp), r->cfg.tftp);
	while (*file == '/')
		file++;
	snprintf(url, sizeof(url), "tftp://%s/%s", tftp, file);
	rc = fetch_source(url, "software", &o->tftp, &lim, img);
	if (!rc)
		return;
	if (rc == EXIT_UNREACH) {
		addr_or_none(self, sizeof(self), r->cfg.self);
		addr_or_none(mask, sizeof(mask), r->cfg.mask);
		addr_or_none(gw, sizeof(gw), r->cfg.gw);
		errmsg("recovery: TFTP server %s is unreachable from this host (Self IP Address %s, IP MASK %s, gateway %s, as the init configured the interface): is it up, is there a route, does the server run?",
		       tftp, self, mask, gw);
		r->result = RECOVERY_UNREACHABLE;
	} else {
		r->result = RECOVERY_FETCH_FAILED;
	}
}

/* Keep an image that is not saved to flash, for the init to run. */
static int keep_file(const struct recovery_opts *o, const struct buf *img,
		     struct recovery *r)
{
	struct outfile out;
	char dir[512], *slash;
	int ret;

	snprintf(dir, sizeof(dir), "%s", o->download);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0700);
	}
	ret = outfile_open(&out, o->download, 0600);
	if (!ret) {
		if (fwrite(img->data, 1, img->len, out.f) != img->len) {
			ret = -EIO;
			outfile_abort(&out);
		} else {
			ret = outfile_commit(&out);
		}
	}
	if (ret) {
		errmsg("recovery: %s: %s", o->download, outfile_strerror(ret));
		return ret;
	}
	snprintf(r->file, sizeof(r->file), "%s", o->download);
	return 0;
}

static void save(const struct recovery_opts *o, FILE *con, const struct buf *img,
		 int answer, struct recovery *r)
{
	struct imgauth_install in;
	uint32_t flags = IMGAUTH_INSTALL_RECOVERY;
	int ret, ran;

	if (answer != 'n') {
		if (answer == 'm')
			flags |= IMGAUTH_INSTALL_NO_COMMIT;
		ret = dev_install("image0", img->data, img->len, flags, &in, &ran);
		if (!ret) {
			r->target = (int)in.target;
			r->result = answer == 'm' ? RECOVERY_STAGED : RECOVERY_INSTALLED;
			if (con)
				fprintf(con, "Program flash (%zu bytes) ...done\nDone: %s %s\n",
					img->len, r->target == IMGAUTH_TARGET_IMAGE1 ?
					"image1" : "image0", answer == 'm' ?
					"staged: the default image" :
					"is the active system image");
			return;
		}
		/* Verified a moment ago: a flash failure.  Run it from RAM. */
		errmsg("recovery: saving to flash failed (%s): keeping it in %s",
		       ran && in.message[0] ? in.message : dev_strerror(ret),
		       o->download);
	}
	r->result = keep_file(o, img, r) ? RECOVERY_FAILED : RECOVERY_FILE;
}

static const char *const save_words[] = { "Yes", "No", "m (the default image)" };

int recovery_firmware(const struct recovery_opts *o, const struct boot_dev *d,
		      FILE *con, struct recovery *r)
{
	char mac[16];
	struct imgauth_install in;
	struct buf img = { 0 };
	int rc, ret, ran, answer;

	memset(r, 0, sizeof(*r));
	r->target = -1;
	prompt_read_only("Serial Number", d->serial);
	prompt_read_only("HW Version Number", d->hw);
	snprintf(mac, sizeof(mac), "%02x%02x-%02x%02x-%02x%02x", d->mac[0],
		 d->mac[1], d->mac[2], d->mac[3], d->mac[4], d->mac[5]);
	prompt_read_only("Self MAC Address", mac);
	rc = ldrcfg_get(&r->cfg, "recovery: loader config");
	if (rc)
		return rc;
	prompt_line("Firmware File Name", r->cfg.boot_file, r->cfg.boot_file,
		    sizeof(r->cfg.boot_file));
	prompt_addr("Self IP Address", &r->cfg.self);
	prompt_addr("TFTP IP Address", &r->cfg.tftp);
	prompt_addr("IP MASK", &r->cfg.mask);
	prompt_addr("Gateway IP Address", &r->cfg.gw);
	rc = save_config(o, con, &r->cfg, LDRCFG_BOOT_FILE | LDRCFG_SELF_IP |
			 LDRCFG_TFTP_IP | LDRCFG_NETMASK | LDRCFG_GATEWAY);
	if (rc)
		return rc;
	check_self(con, &r->cfg);
	fetch(o, "image0", r, &img);
	if (r->result)
		return 0;
	r->length = img.len;
	if (con)
		fprintf(con, "%zu bytes downloaded from tftp server\n\n", img.len);
	ret = dev_install("image0", img.data, img.len, IMGAUTH_INSTALL_DRY_RUN,
			  &in, &ran);
	if (!ran || (ret && !in.message[0])) {
		errmsg("recovery: image0: %s", dev_strerror(ret));
		buf_free(&img);
		return dev_exit_code(ret);
	}
	r->status = in.status;
	snprintf(r->msg, sizeof(r->msg), "%s", in.message);
	if (con)
		bootmsg_verdict(con, in.status, in.message);
	if (ret) {
		errmsg("recovery: the downloaded image is refused: not saved, not run");
		r->result = RECOVERY_REFUSED;
		buf_free(&img);
		return 0;
	}
	if (con)
		fputc('\n', con);
	answer = prompt_choice("Save to on-board flash disk?", "ynm", o->save,
			       save_words);
	save(o, con, &img, answer, r);
	buf_free(&img);
	r->run = prompt_choice("Run downloaded system image?", "yn", 'y', NULL) == 'y';
	/* Neither on flash nor run: nothing of it is wanted. */
	if (r->result == RECOVERY_FILE && answer == 'n' && !r->run) {
		unlink(r->file);
		r->file[0] = '\0';
		r->result = RECOVERY_DECLINED;
	}
	return 0;
}

int recovery_loader(const struct recovery_opts *o, FILE *con,
		    struct recovery *r)
{
	struct imgauth_install in;
	struct buf img = { 0 };
	char name[IMGAUTH_BOOT_FILE_MAX], size[32];
	int rc, ret, ran;

	memset(r, 0, sizeof(*r));
	r->target = -1;
	if (o->batch) {
		errmsg("the OS loader does not verify: install a signed one (imgauthctl image install --loader SRC), or boot without --batch to be asked for it");
		r->result = RECOVERY_NO_CONFIG;
		return 0;
	}
	rc = ldrcfg_get(&r->cfg, "recovery: loader config");
	if (rc)
		return rc;
	/* The seed's loader offers the firmware file name: the record has no other. */
	prompt_line("OS Loader File Name", r->cfg.boot_file, name, sizeof(name));
	prompt_addr("Self IP Address", &r->cfg.self);
	prompt_addr("TFTP IP Address", &r->cfg.tftp);
	rc = save_config(o, con, &r->cfg, LDRCFG_SELF_IP | LDRCFG_TFTP_IP);
	if (rc)
		return rc;
	check_self(con, &r->cfg);
	snprintf(r->cfg.boot_file, sizeof(r->cfg.boot_file), "%s", name);
	if (con)
		fprintf(con, "Loading file \"%s\"...\n", name);
	fetch(o, "loader", r, &img);
	if (r->result)
		return 0;
	r->length = img.len;
	bootmsg_size(size, sizeof(size), img.len);
	if (con)
		fprintf(con, "Loaded successfully! (size = %s bytes)\n\n", size);
	ret = dev_install("loader", img.data, img.len, IMGAUTH_INSTALL_RECOVERY,
			  &in, &ran);
	buf_free(&img);
	if (!ran || (ret && !in.message[0])) {
		errmsg("recovery: loader: %s", dev_strerror(ret));
		return dev_exit_code(ret);
	}
	r->status = in.status;
	snprintf(r->msg, sizeof(r->msg), "%s", in.message);
	if (con)
		bootmsg_verdict(con, in.status, in.message);
	if (ret) {
		errmsg("recovery: the OS loader is refused (%s): the old one stays",
		       ia_status_name((int)in.status));
		r->result = r->status > IMGAUTH_OK_UNAUTHENTICATED ? RECOVERY_REFUSED :
			    RECOVERY_FAILED;
		return 0;
	}
	if (con)
		fputs("\nProgram OS Loader to on-board flash memory... Done!\n\n", con);
	r->target = IMGAUTH_TARGET_LOADER;
	r->result = RECOVERY_LOADER;
	return 0;
}
