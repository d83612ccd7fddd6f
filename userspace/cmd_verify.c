// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl image verify": offline against a certificate (--key), or in
 * the kernel against the installed key, as a dry-run install.
 *
 * "verify --key" runs the same checks in the same order as the kernel
 * (lib/ia_image.c, then the CRC, then strict DER, then DSA) and reports
 * with the ScreenOS console words, so an image that passes here installs
 * there, and one that fails says why in the same terms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ia_crc32.h"
#include "ia_der.h"
#include "ia_image.h"
#include "ia_image2.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "dev.h"
#include "fetch.h"
#include "json.h"
#include "module.h"
#include "ossl.h"
#include "util.h"
#include "verdict.h"

struct verdict {
	int status;		/* enum imgauth_status */
	char msg[256];		/* the reason, one line */
};

static bool memchr_inv_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return true;
	return false;
}

static void verify_offline(const u8 *data, size_t len, const struct ia_expect *ex,
			   const u8 *spki, size_t spki_len, struct verdict *v)
{
	char err[256];
	struct ia_layout lay;
	struct ia_dsa_pub pub;
	struct ia_dsa_sig sig;
	struct ia_hdr h;
	u32 sig_len, crc;
	int derr, ok;

	v->status = ia_image_check_any(data, len, len, ex, &lay, v->msg,
				       sizeof(v->msg));
	if (v->status != IMGAUTH_OK)
		return;
	h = lay.hdr;
	sig_len = lay.sig_len;
	if (lay.format == 2) {
		uint8_t d[IMGAUTH_V2_DIGEST_LEN];
		u32 i;

		if (memchr_inv_zero(data + lay.sig_off + lay.sig_len,
				    lay.payload_off - lay.sig_off - lay.sig_len)) {
			v->status = IMGAUTH_E_LAYOUT;
			snprintf(v->msg, sizeof(v->msg),
				 "not the whole prefix of a v2 image (padding not zero)");
			return;
		}
		for (i = 0; i < lay.nchunks; i++) {
			if (ossl_sha256(data + lay.payload_off +
					(size_t)i * IMGAUTH_V2_CHUNK,
					ia_v2_chunk_len(h.size, i), d) ||
			    memcmp(d, data + lay.table_off +
				   (size_t)i * IMGAUTH_V2_DIGEST_LEN, sizeof(d))) {
				v->status = IMGAUTH_E_SIGNATURE;
				snprintf(v->msg, sizeof(v->msg),
					 "chunk %u does not match its signed digest: " IA_MSG_BOGUS,
					 i);
				return;
			}
		}
	}
	crc = ia_crc32(ia_hdr_crc_start(data), data + lay.payload_off, h.size);
	if (crc != h.cksum) {
		v->status = IMGAUTH_E_CKSUM;
		ia_cksum_msg(v->msg, sizeof(v->msg), crc, h.cksum);
		return;
	}
	derr = ia_dsa_sig_parse(&sig, data + lay.sig_off, sig_len);
	if (derr) {
		v->status = IMGAUTH_E_SIGFORMAT;
		snprintf(v->msg, sizeof(v->msg), "signature is not strict DER: %s",
			 ia_der_strerror(derr));
		return;
	}
	/* ossl_load_public_key() already ran this parser: it cannot fail. */
	if (ia_dsa_pub_parse(&pub, spki, spki_len) ||
	    ia_dsa_sig_check(&sig, &pub)) {
		/* The kernel counts this as a failed signature, so do we. */
		v->status = IMGAUTH_E_SIGNATURE;
		snprintf(v->msg, sizeof(v->msg),
			 "signature out of range: r and s must be in 1..q-1");
		return;
	}
	ok = ossl_verify(spki, spki_len, data, lay.signed_len,
			 data + lay.sig_off, sig_len, err, sizeof(err));
	if (ok < 0) {
		v->status = IMGAUTH_E_KEY;
		snprintf(v->msg, sizeof(v->msg), "%s", err);
		return;
	}
	if (!ok) {
		v->status = IMGAUTH_E_SIGNATURE;
		snprintf(v->msg, sizeof(v->msg), IA_MSG_DSA_FAIL);
		return;
	}
	v->status = IMGAUTH_OK;
	snprintf(v->msg, sizeof(v->msg), IA_MSG_AUTH_OK);
}

/* The keys of the kernel's verdict (image_verify_kernel()), and the key. */
static void verdict_json(const char *file, const char *key,
			 const struct verdict *v)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "file", file);
	json_str(&j, "result", ia_status_name(v->status));
	json_u64(&j, "status", (u64)v->status);
	json_str(&j, "message", v->msg);
	json_str(&j, "verified_by", "userspace");
	json_str(&j, "key", key);
	json_obj_end(&j);
}

/*
 * The header lines, then the verdict as the kernel path prints it
 * (verdict_print()).  A signature in the wrong format gets the same three
 * lines, the middle one saying exactly what is wrong with it.
 */
static void verdict_text(const char *file, const u8 *data, size_t len,
			 const struct verdict *v)
{
	char lines[256];
	struct ia_hdr h;

	if (opt_quiet) {
		if (v->status != IMGAUTH_OK)
			errmsg("%s: %s", file, v->msg);
		return;
	}
	if (len >= IMGAUTH_HDR_LEN) {
		ia_hdr_decode(&h, data);
		ia_hdr_lines(lines, sizeof(lines), &h);
		fputs(lines, stdout);
	}
	if (v->status == IMGAUTH_E_SIGFORMAT) {
		printf("%s\n%s\n%s\n", IA_MSG_DSA_FAIL, v->msg, IA_MSG_BOGUS_CONSOLE);
		return;
	}
	verdict_print(stdout, (uint32_t)v->status, v->msg);
}

/* In the kernel, against the installed key and the device's limits. */
static int verify_kernel(const void *data, size_t len, const char *name)
{
	struct imgauth_install r;
	int ret, ran;

	ret = dev_install("image0", data, len, IMGAUTH_INSTALL_DRY_RUN, &r,
			  &ran);
	if (!ran || (ret && !r.message[0])) {
		errmsg("%s: %s", name, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	if (opt_json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "file", name);
		json_str(&j, "result", ia_status_name((int)r.status));
		json_u64(&j, "status", r.status);
		json_str(&j, "message", r.message);
		json_str(&j, "verified_by", "kernel");
		json_obj_end(&j);
	} else if (!opt_quiet) {
		verdict_print(stdout, r.status, r.message);
	} else if (r.status > IMGAUTH_OK_UNAUTHENTICATED) {
		errmsg("%s: %s", name, r.message);
	}
	return verdict_exit_code(r.status);
}

/*
 * What the image may be: the region's size when the kernel verifies (it
 * refuses more anyway), else what the format can describe (a file) or
 * the offline cap (a fetch).
 */
static int image_limit(const char *src, bool offline, struct fetch_limit *lim)
{
	if (offline) {
		lim->max = fetch_is_url(src) ? FETCH_IMAGE_MAX_OFFLINE :
					       FETCH_IMAGE_FILE_MAX;
		lim->what = "an image verified offline";
		return 0;
	}
	lim->what = "the image0 region";
	return module_region_size("image0", &lim->max);
}

enum { V_KEY, V_PLATFORM, V_CPU };

static const struct cmd_opt verify_opts[] = {
	[V_KEY] = { "--key", "-k", "CERT",
		    "verify offline against CERT (certificate or public key)",
		    COMPLETE_FILE, false },
	[V_PLATFORM] = { "--platform", NULL, "N", "with --key: the platform to expect",
			 COMPLETE_NONE, false },
	[V_CPU] = { "--cpu", NULL, "N", "with --key: the cpu type to expect",
		    COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static int image_verify(const struct cmd_args *a)
{
	const char *key = a->opt[V_KEY], *platform = a->opt[V_PLATFORM];
	const char *cpu = a->opt[V_CPU], *src = a->op[0];
	struct ia_expect ex = { .max_len = IA_LEN_ANY };
	struct buf img = { 0 }, kb = { 0 };
	struct fetch_limit lim;
	uint8_t *spki = NULL;
	size_t spki_len = 0;
	struct verdict v;
	char err[256];
	u32 plat = 0, cpuv = 0;
	int ret;

	if (!key && (platform || cpu)) {
		errmsg("verify: --platform and --cpu go with --key; the kernel checks against the device itself");
		return EXIT_USAGE;
	}
	if (opt_u32("--platform", platform, 0xffff, &plat) ||
	    opt_u32("--cpu", cpu, 0xff, &cpuv))
		return EXIT_USAGE;
	/* The key first: a bad one should not wait for a long transfer. */
	if (key) {
		ret = read_file(key, &kb, FETCH_KEY_MAX);
		if (ret == -EFBIG) {
			errmsg("%s: larger than any key file (12288 bytes)", key);
			return EXIT_VERIFY;
		}
		if (ret) {
			errmsg("%s: %s", key, strerror(-ret));
			return exit_code_for_errno(ret);
		}
		if (ossl_load_public_key(kb.data, kb.len, &spki, &spki_len, err,
					 sizeof(err))) {
			errmsg("%s: %s", key, err);
			ret = exit_code_for_ossl();
			goto out;
		}
	}
	ret = image_limit(src, key != NULL, &lim);
	if (ret)
		goto out;
	/*
	 * In the kernel, a local file is not copied: the kernel copies from
	 * a mapping of it, which nothing here touches (fetch_map()).  Offline
	 * verification reads the image here, from a copy.
	 */
	if (!key && !fetch_is_url(src)) {
		struct fetch_map m;

		ret = fetch_map(src, &lim, &m);
		if (ret || m.data) {
			if (!ret)
				ret = verify_kernel(m.data, m.len, src);
			fetch_unmap(&m);
			goto out;
		}
	}
	ret = fetch_source(src, "software", &a->tftp, &lim, &img);
	if (ret)
		goto out;
	if (!key) {
		ret = verify_kernel(img.data, img.len, src);
		goto out;
	}
	/* Only what was given is checked; the other one is the image's. */
	ex.region = src;
	ex.check_platform = platform || cpu;
	if (ex.check_platform && img.len >= IMGAUTH_HDR_LEN) {
		struct ia_hdr h;

		ia_hdr_decode(&h, img.data);
		ex.platform = platform ? (u16)plat : h.platform;
		ex.cpu = cpu ? (u8)cpuv : h.cpu;
	}
	verify_offline(img.data, img.len, &ex, spki, spki_len, &v);
	if (opt_json)
		verdict_json(src, key, &v);
	else
		verdict_text(src, img.data, img.len, &v);
	ret = v.status == IMGAUTH_E_KEY ? EXIT_FAILURE_GENERIC :
	      verdict_exit_code((uint32_t)v.status);
out:
	free(spki);
	buf_free(&kb);
	buf_free(&img);
	return ret;
}

const struct cmd cmd_image_verify = {
	.name = "image verify",
	.operands = "SRC",
	.min_ops = 1, .max_ops = 1,
	.opts = verify_opts,
	.flags = CMD_TFTP,
	.summary = "verify an image offline (--key) or in the kernel",
	.help = "  With --key: against CERT (imagekey.cer, DER or PEM, or a public key),\n"
		"  platform and cpu checked only when given.  Without: in the kernel,\n"
		"  against the installed image key and the device (a dry-run install).\n"
		"  SRC is a file or tftp://HOST[:PORT]/PATH.",
	.complete = COMPLETE_SRC,
	.run = image_verify,
};
