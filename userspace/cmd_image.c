// SPDX-License-Identifier: GPL-2.0
/*
 * imgauthctl image info|sign: image files, without the kernel.  verify
 * is cmd_verify.c; install, commit and check are cmd_install.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ia_crc32.h"
#include "ia_der.h"
#include "ia_image.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "fetch.h"
#include "json.h"
#include "ossl.h"
#include "outfile.h"
#include "util.h"

/* The defaults of the module (platform = 23, cpu = 11: an SSG-500). */
#define SIGN_DEFAULT_PLATFORM	23
#define SIGN_DEFAULT_CPU	11
#define SIGN_DEFAULT_VERSION	2

/*
 * Read a whole file or region device, no more than @max bytes (what the
 * format can describe); says why not.  0 or an exit code.
 */
static int load(const char *path, struct buf *b, uint64_t max)
{
	int err;

	memset(b, 0, sizeof(*b));
	err = read_file(path, b, max);
	if (err == -EFBIG) {
		errmsg("%s: more than %llu bytes, larger than an image can be",
		       path, (unsigned long long)max);
		return EXIT_VERIFY;
	}
	if (err) {
		errmsg("%s: %s", path, strerror(-err));
		return exit_code_for_errno(err);
	}
	return 0;
}

static void fmt_date(char *buf, size_t n, u32 date, bool iso)
{
	time_t t = (time_t)date;
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, n, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, n, "?");
}

/* ---- image info ---- */

/* What "image info" found in a file, good or bad. */
struct img_facts {
	const char *name;
	const u8 *data;
	size_t len;
	bool have_hdr;		/* at least a header's worth of bytes */
	struct ia_hdr h;
	int status;		/* enum imgauth_status of the checks */
	char msg[256];
	bool have_payload;	/* offset/size inside the file */
	u32 crc;		/* computed, when have_payload */
	const u8 *sig;		/* what follows the payload */
	size_t sig_len;
	int sig_err;		/* ia_der_err of the strict parse */
	struct ia_dsa_sig s;
};

static void img_examine(struct img_facts *f)
{
	struct ia_expect ex = { .region = f->name };
	u32 sig_len;

	f->have_hdr = f->len >= IMGAUTH_HDR_LEN;
	if (f->have_hdr)
		ia_hdr_decode(&f->h, f->data);
	f->status = ia_image_check(f->have_hdr ? &f->h : NULL, f->len, &ex,
				   &sig_len, f->msg, sizeof(f->msg));
	/* Look at payload and signature even when the layout is off. */
	f->have_payload = f->have_hdr && f->h.offset == IMGAUTH_HDR_LEN &&
			  f->h.size <= f->len - IMGAUTH_HDR_LEN;
	if (!f->have_payload)
		return;
	f->crc = ia_crc32(ia_hdr_crc_start(f->data), f->data + IMGAUTH_HDR_LEN,
			  f->h.size);
	f->sig = f->data + IMGAUTH_HDR_LEN + f->h.size;
	f->sig_len = f->len - IMGAUTH_HDR_LEN - f->h.size;
	f->sig_err = ia_dsa_sig_parse(&f->s, f->sig, f->sig_len);
	if (f->status == IMGAUTH_OK && f->crc != f->h.cksum) {
		f->status = IMGAUTH_E_CKSUM;
		ia_cksum_msg(f->msg, sizeof(f->msg), f->crc, f->h.cksum);
	}
}

static const char *info_status_name(int status)
{
	return status == IMGAUTH_OK ? "ok" : ia_status_name(status);
}

static void info_text(const struct img_facts *f)
{
	char lines[256], v[32], d[48];

	if (!f->len) {
		printf("%s: empty (no image)\n", f->name);
		return;
	}
	printf("%s:\n", f->name);
	if (f->have_hdr) {
		ia_hdr_lines(lines, sizeof(lines), &f->h);
		fputs(lines, stdout);
		ia_sw_version_str(v, sizeof(v), f->h.sw_version);
		fmt_date(d, sizeof(d), f->h.date, false);
		printf("magic_number = %08x (%s)\n", f->h.magic,
		       f->h.magic == IMGAUTH_IMAGE_MAGIC ? "ok" : "bad");
		printf("sw_version = %s\n", v);
		printf("date = %s\n", d);
	}
	if (f->have_payload) {
		printf("payload = %u bytes\n", f->h.size);
		if (!f->sig_err)
			printf("signature = %zu bytes, strict DER, r = %u bits, s = %u bits\n",
			       f->sig_len, ia_uint_bits(f->s.r),
			       ia_uint_bits(f->s.s));
		else
			printf("signature = %zu bytes, not strict DER: %s\n",
			       f->sig_len, ia_der_strerror(f->sig_err));
		if (f->crc == f->h.cksum) {
			printf("cksum = %08x, p_hdr->cksum = %08x (ok)\n",
			       f->crc, f->h.cksum);
		} else {
			/* two lines, as the boot loader printed them */
			printf("cksum = %08x, p_hdr->cksum = %08x\n%s\n",
			       f->crc, f->h.cksum, IA_MSG_CORRUPT);
		}
	}
	printf("total = %zu bytes\n", f->len);
	/* A checksum verdict was the line above. */
	if (f->status != IMGAUTH_OK && f->status != IMGAUTH_E_CKSUM)
		printf("%s\n", f->msg);
}

static void info_json(const struct img_facts *f)
{
	struct json j;
	char v[32], d[48];
	bool hdr = f->have_hdr, pl = f->have_payload, der = pl && !f->sig_err;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "file", f->name);
	json_u64(&j, "total_len", f->len);
	json_str(&j, "status", info_status_name(f->status));
	json_str(&j, "message", f->msg);
	json_bool(&j, "ok", f->status == IMGAUTH_OK);
	if (hdr) {
		ia_sw_version_str(v, sizeof(v), f->h.sw_version);
		fmt_date(d, sizeof(d), f->h.date, true);
		json_u64(&j, "magic", f->h.magic);
		json_bool(&j, "magic_ok", f->h.magic == IMGAUTH_IMAGE_MAGIC);
		json_u64(&j, "platform", f->h.platform);
		json_u64(&j, "cpu", f->h.cpu);
		json_u64(&j, "version", f->h.version);
		json_u64(&j, "offset", f->h.offset);
		json_u64(&j, "address", f->h.address);
		json_u64(&j, "size", f->h.size);
		json_u64(&j, "date", f->h.date);
		json_str(&j, "date_utc", d);
		json_u64(&j, "sw_version", f->h.sw_version);
		json_str(&j, "sw_version_str", v);
		json_u64(&j, "cksum", f->h.cksum);
	} else {
		static const char *const keys[] = {
			"magic", "magic_ok", "platform", "cpu", "version",
			"offset", "address", "size", "date", "date_utc",
			"sw_version", "sw_version_str", "cksum",
		};
		size_t i;

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			json_null(&j, keys[i]);
	}
	if (pl) {
		json_u64(&j, "cksum_computed", f->crc);
		json_bool(&j, "cksum_ok", f->crc == f->h.cksum);
		json_u64(&j, "payload_len", f->h.size);
		json_u64(&j, "sig_len", f->sig_len);
		json_bool(&j, "sig_der", der);
		if (der)
			json_null(&j, "sig_error");
		else
			json_str(&j, "sig_error", ia_der_strerror(f->sig_err));
		json_hex(&j, "sig", f->sig, f->sig_len);
	} else {
		json_null(&j, "cksum_computed");
		json_bool(&j, "cksum_ok", false);
		json_null(&j, "payload_len");
		json_null(&j, "sig_len");
		json_bool(&j, "sig_der", false);
		json_null(&j, "sig_error");
		json_null(&j, "sig");
	}
	if (der) {
		json_u64(&j, "sig_r_bits", ia_uint_bits(f->s.r));
		json_u64(&j, "sig_s_bits", ia_uint_bits(f->s.s));
	} else {
		json_null(&j, "sig_r_bits");
		json_null(&j, "sig_s_bits");
	}
	json_obj_end(&j);
}

static int image_info(const struct cmd_args *a)
{
	struct img_facts f = { 0 };
	struct buf b;
	int ret;

	ret = load(a->op[0], &b, FETCH_IMAGE_FILE_MAX);
	if (ret)
		return ret;
	f.name = a->op[0];
	f.data = b.data;
	f.len = b.len;
	img_examine(&f);
	if (opt_json)
		info_json(&f);
	else
		info_text(&f);
	buf_free(&b);
	return f.status == IMGAUTH_OK ? EXIT_OK : EXIT_VERIFY;
}

const struct cmd cmd_image_info = {
	.name = "image info",
	.operands = "FILE|DEVICE",
	.min_ops = 1, .max_ops = 1,
	.summary = "header fields, checksum and signature of an image",
	.help = "  Of an image file, or of what a region holds (/dev/imgauth/image0).\n"
		"  Checks length, magic, layout and checksum; exit 4 when one fails.",
	.complete = COMPLETE_FILE,
	.run = image_info,
};

/* ---- image sign ---- */

struct sign_args {
	const char *key, *out, *payload;
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
	errmsg("sign: %s: %s", path, strerror(-err));
	return exit_code_for_errno(err);
}

enum { S_KEY, S_OUT, S_PLATFORM, S_CPU, S_VERSION, S_SW_VERSION, S_ADDRESS, S_DATE };

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
	ret = load(a.payload, &payload, UINT32_MAX);
	if (ret)
		return ret;
	ret = sign_header(&a, payload.len, &h);
	if (ret)
		goto out;
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
		"  the key's q (SHA-1, SHA-224, SHA-256).  Numbers are decimal or 0x-hex.\n"
		"  A new OUT gets mode 0644; an existing one keeps its mode.",
	.complete = COMPLETE_FILE,
	.run = image_sign,
};
