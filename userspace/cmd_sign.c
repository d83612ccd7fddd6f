// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl image sign": header, payload and a DER DSA signature over
 * both, written whole or not at all.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ia_crc32.h"
#include "ia_image.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "fetch.h"
#include "json.h"
#include "ossl.h"
#include "outfile.h"
#include "util.h"
#include "v2image.h"

/* The defaults of the module (platform = 23, cpu = 11: an SSG-500). */
#define SIGN_DEFAULT_PLATFORM	23
#define SIGN_DEFAULT_CPU	11
#define SIGN_DEFAULT_VERSION	2

struct sign_args {
	const char *key, *out, *payload, *format;
	const char *platform, *cpu, *version, *sw_version, *address, *date;
};

/* SOURCE_DATE_EPOCH (reproducible builds) or now. */
static int default_date(u32 *date)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now;

	if (sde && *sde)
		return opt_u32("SOURCE_DATE_EPOCH", sde, UINT32_MAX, date);
	now = time(NULL);
	if (now < 0 || (unsigned long long)now > UINT32_MAX) {
		errmsg("sign: the clock is outside what the header's date holds; give --date");
		return -1;
	}
	*date = (u32)now;
	return 0;
}

static int sign_header(const struct sign_args *a, size_t payload_len,
		       struct ia_hdr *h)
{
	u32 platform = SIGN_DEFAULT_PLATFORM, cpu = SIGN_DEFAULT_CPU;
	u32 version = SIGN_DEFAULT_VERSION;

	memset(h, 0, sizeof(*h));
	if (payload_len > UINT32_MAX) {
		errmsg("sign: %s: payload too large: %zu bytes, the header's size holds at most %u",
		       a->payload, payload_len, UINT32_MAX);
		return EXIT_USAGE;
	}
	if (opt_u32("--platform", a->platform, 0xffff, &platform) ||
	    opt_u32("--cpu", a->cpu, 0xff, &cpu) ||
	    opt_u32("--version", a->version, 0xff, &version) ||
	    opt_u32("--address", a->address, UINT32_MAX, &h->address))
		return EXIT_USAGE;
	if (a->date ? opt_u32("--date", a->date, UINT32_MAX, &h->date) :
		      default_date(&h->date))
		return EXIT_USAGE;
	/* "6.3.0r17", or the raw number. */
	if (a->sw_version && ia_sw_version_parse(a->sw_version, &h->sw_version)) {
		unsigned long long v;

		if (strpbrk(a->sw_version, ".r") ||
		    num_parse(a->sw_version, UINT32_MAX, &v)) {
			errmsg("--sw-version: \"%s\" is neither MAJOR.MINOR.PATCHrRELEASE (each 0..255, e.g. 6.3.0r17) nor a number",
			       a->sw_version);
			return EXIT_USAGE;
		}
		h->sw_version = (u32)v;
	}
	h->magic = IMGAUTH_IMAGE_MAGIC;
	h->platform = (u16)platform;
	h->cpu = (u8)cpu;
	h->version = (u8)version;
	h->offset = IMGAUTH_HDR_LEN;
	h->size = (u32)payload_len;
	return 0;
}

static void sign_report(const struct sign_args *a, const struct ia_hdr *h,
			size_t total, size_t sig_len)
{
	char lines[256], v[32];
	struct json j;

	ia_sw_version_str(v, sizeof(v), h->sw_version);
	if (opt_json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "file", a->out);
		json_u64(&j, "total_len", total);
		json_u64(&j, "payload_len", h->size);
		json_u64(&j, "sig_len", sig_len);
		json_u64(&j, "platform", h->platform);
		json_u64(&j, "cpu", h->cpu);
		json_u64(&j, "version", h->version);
		json_u64(&j, "address", h->address);
		json_u64(&j, "date", h->date);
		json_u64(&j, "sw_version", h->sw_version);
		json_str(&j, "sw_version_str", v);
		json_u64(&j, "cksum", h->cksum);
		json_obj_end(&j);
		return;
	}
	if (opt_quiet)
		return;
	ia_hdr_lines(lines, sizeof(lines), h);
	fputs(lines, stdout);
	printf("sw_version = %s, signature = %zu bytes\n", v, sig_len);
	printf("wrote %s (%zu bytes)\n", a->out, total);
}

/* The whole image or nothing: a failed write leaves OUT as it was. */
static int sign_write(const char *path, const struct buf *img)
{
	struct outfile out;
	int err;

	err = outfile_open(&out, path, 0644);
	if (err)
		goto fail;
	if (img->len && fwrite(img->data, 1, img->len, out.f) != img->len) {
		err = -(errno ? errno : EIO);
		outfile_abort(&out);
		goto fail;
	}
	err = outfile_commit(&out);
	if (!err)
		return 0;
fail:
	errmsg("sign: %s: %s", path, outfile_strerror(err));
	return exit_code_for_errno(err);
}

enum { S_KEY, S_OUT, S_PLATFORM, S_CPU, S_VERSION, S_SW_VERSION, S_ADDRESS, S_DATE,
       S_FORMAT };

static const struct cmd_opt sign_opts[] = {
	[S_KEY] = { "--key", "-k", "PRIVATE.pem", "DSA private key, any format OpenSSL reads",
		    COMPLETE_FILE, true },
	[S_OUT] = { "--output", "-o", "OUT", "the signed image (written whole, or not at all)",
		    COMPLETE_FILE, true },
	[S_PLATFORM] = { "--platform", NULL, "N", "platform_type, 0..65535 (default 23)",
			 COMPLETE_NONE, false },
	[S_CPU] = { "--cpu", NULL, "N", "cpu_type, 0..255 (default 11)", COMPLETE_NONE, false },
	[S_VERSION] = { "--version", NULL, "N", "header version, 0..255 (default 2)",
			COMPLETE_NONE, false },
	[S_SW_VERSION] = { "--sw-version", NULL, "V",
			   "6.3.0r17 or a number (default 0)", COMPLETE_NONE, false },
	[S_ADDRESS] = { "--address", NULL, "A", "load address (default 0)", COMPLETE_NONE, false },
	[S_DATE] = { "--date", NULL, "UNIXTIME",
		     "build time (default $SOURCE_DATE_EPOCH, else now)", COMPLETE_NONE, false },
	[S_FORMAT] = { "--format", NULL, "v1|v2",
		       "v1 (ScreenOS, the default) or v2 (streamable: verified as it arrives)",
		       COMPLETE_NONE, false },
	{ NULL, NULL, NULL, NULL, COMPLETE_NONE, false },
};

static int image_sign(const struct cmd_args *args)
{
	struct sign_args a = {
		.key = args->opt[S_KEY], .out = args->opt[S_OUT],
		.payload = args->op[0], .platform = args->opt[S_PLATFORM],
		.cpu = args->opt[S_CPU], .version = args->opt[S_VERSION],
		.sw_version = args->opt[S_SW_VERSION],
		.address = args->opt[S_ADDRESS], .date = args->opt[S_DATE],
		.format = args->opt[S_FORMAT],
	};
	struct buf payload, img = { 0 };
	u8 raw[IMGAUTH_HDR_LEN];
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	struct ia_hdr h;
	char err[256];
	int ret;

	/* A missing key file is "not found", not a bad key. */
	if (access(a.key, R_OK)) {
		errmsg("sign: %s: %s", a.key, strerror(errno));
		return exit_code_for_errno(-errno);
	}
	ret = fetch_load(a.payload, &payload, UINT32_MAX);
	if (ret)
		return ret;
	if (a.format && strcmp(a.format, "v1") && strcmp(a.format, "v2")) {
		errmsg("--format: \"%s\" is neither v1 nor v2", a.format);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = sign_header(&a, payload.len, &h);
	if (ret)
		goto out;
	if (a.format && !strcmp(a.format, "v2")) {
		ret = EXIT_FAILURE_GENERIC;
		if (v2_build(&h, payload.data, payload.len, a.key, &img, &sig_len,
			     err, sizeof(err))) {
			errmsg("sign: %s", err);
			goto out;
		}
		ret = sign_write(a.out, &img);
		if (!ret)
			sign_report(&a, &h, img.len, sig_len);
		goto out;
	}
	ia_hdr_encode(raw, &h);
	h.cksum = ia_crc32(ia_hdr_crc_start(raw), payload.data, payload.len);
	ia_hdr_encode(raw, &h);
	ret = EXIT_FAILURE_GENERIC;
	if (buf_append(&img, raw, sizeof(raw)) ||
	    buf_append(&img, payload.data, payload.len)) {
		errmsg("sign: out of memory");
		goto out;
	}
	if (ossl_sign(a.key, img.data, img.len, &sig, &sig_len, err, sizeof(err))) {
		errmsg("sign: %s", err);
		goto out;
	}
	if (sig_len < IMGAUTH_SIG_MIN || sig_len > IMGAUTH_SIG_MAX) {
		errmsg("sign: a %zu-byte signature does not fit the format (%u..%u)",
		       sig_len, IMGAUTH_SIG_MIN, IMGAUTH_SIG_MAX);
		goto out;
	}
	if (buf_append(&img, sig, sig_len)) {
		errmsg("sign: out of memory");
		goto out;
	}
	ret = sign_write(a.out, &img);
	if (!ret)
		sign_report(&a, &h, img.len, sig_len);
out:
	free(sig);
	buf_free(&img);
	buf_free(&payload);
	return ret;
}

const struct cmd cmd_image_sign = {
	.name = "image sign",
	.operands = "PAYLOAD",
	.min_ops = 1, .max_ops = 1,
	.opts = sign_opts,
	.summary = "make a signed image of PAYLOAD",
	.help = "  Header, payload and a DER DSA signature over both; the digest follows\n"
		"  the key's q (SHA-1, SHA-224, SHA-256).  With --format v2 the signature\n"
		"  covers the header and a SHA-256 per 64 KiB chunk instead, and comes\n"
		"  before the payload.  Numbers are decimal or 0x-hex.\n"
		"  A new OUT gets mode 0644; an existing one keeps its mode.",
	.complete = COMPLETE_FILE,
	.run = image_sign,
};
