// SPDX-License-Identifier: GPL-2.0
/*
 * imgauthctl image info|verify|sign: the image file offline, without the
 * kernel.  install and commit live in cmd_install.c.
 *
 * "verify --key" runs the same checks in the same order as the kernel
 * (lib/ia_image.c, then the CRC, then strict DER, then DSA) and reports
 * with the ScreenOS console words, so an image that passes here installs
 * there, and one that fails says why in the same terms.
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
#include "fetch.h"
#include "imgauthctl.h"
#include "json.h"
#include "ossl.h"
#include "util.h"
#include "verdict.h"

/* The defaults of the module (platform = 23, cpu = 11: an SSG-500). */
#define SIGN_DEFAULT_PLATFORM	23
#define SIGN_DEFAULT_CPU	11
#define SIGN_DEFAULT_VERSION	2

/* ---- command line ---- */

struct opt {
	const char *name;	/* "--key" */
	const char *alias;	/* "-o", or NULL */
	const char **val;	/* takes an argument, or NULL */
	bool *flag;		/* a flag, or NULL */
};

/*
 * Options anywhere among the operands, as "--name value" or "--name=value";
 * "--" ends them.  Operands go to @pos (at most @maxpos).  Returns 0 or
 * EXIT_USAGE after saying what was wrong.
 */
static int parse_args(int argc, char **argv, const struct opt *opts,
		      char **pos, int maxpos, int *npos)
{
	bool dashdash = false;
	int i;

	*npos = 0;
	for (i = 1; i < argc; i++) {
		const struct opt *o;
		const char *arg = argv[i], *eq;
		size_t nlen;

		if (dashdash || arg[0] != '-' || !arg[1]) {
			if (*npos >= maxpos) {
				errmsg("image %s: unexpected argument \"%s\"", argv[0], arg);
				return EXIT_USAGE;
			}
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (!strcmp(arg, "--")) {
			dashdash = true;
			continue;
		}
		eq = strchr(arg, '=');
		nlen = eq && arg[1] == '-' ? (size_t)(eq - arg) : strlen(arg);
		for (o = opts; o->name; o++)
			if ((strlen(o->name) == nlen && !strncmp(arg, o->name, nlen)) ||
			    (o->alias && !strcmp(arg, o->alias)))
				break;
		if (!o->name) {
			errmsg("image %s: unknown option %s", argv[0], arg);
			return EXIT_USAGE;
		}
		if (o->flag) {
			if (eq && arg[1] == '-') {
				errmsg("image %s: %s takes no value", argv[0], o->name);
				return EXIT_USAGE;
			}
			*o->flag = true;
		} else if (eq && arg[1] == '-') {
			*o->val = eq + 1;
		} else if (i + 1 < argc) {
			*o->val = argv[++i];
		} else {
			errmsg("image %s: %s needs a value", argv[0], o->name);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* Decimal or 0x-hex, up to @max (no octal: "010" is ten); 0 or -errno. */
static int num_parse(const char *s, unsigned long long max,
		     unsigned long long *out)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* strtoull() would take a sign or blanks; we don't. */
	if (!((s[0] >= '0' && s[0] <= '9') ||
	      (base == 16 && ((s[0] >= 'a' && s[0] <= 'f') ||
			      (s[0] >= 'A' && s[0] <= 'F')))))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return -EINVAL;
	if (errno || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int parse_num(const char *opt, const char *s, unsigned long long max,
		     unsigned long long *out)
{
	if (num_parse(s, max, out)) {
		errmsg("%s: \"%s\" is not a number from 0 to %llu (decimal or 0x-hex)",
		       opt, s, max);
		return -1;
	}
	return 0;
}

static int opt_u32(const char *opt, const char *s, u32 max, u32 *out)
{
	unsigned long long v;

	if (!s)
		return 0;
	if (parse_num(opt, s, max, &v))
		return -1;
	*out = (u32)v;
	return 0;
}

/* Read a whole file or device; says why not.  0 or an exit code. */
static int load(const char *path, struct buf *b)
{
	int err;

	memset(b, 0, sizeof(*b));
	err = read_file(path, b);
	if (err) {
		errmsg("%s: %s", path, strerror(-err));
		return EXIT_TRANSFER;
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
	struct ia_expect ex = { .max_len = IA_LEN_ANY, .region = f->name };
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

static int image_info(int argc, char **argv)
{
	bool json = opt_json;
	const struct opt opts[] = {
		{ "--json", "-j", NULL, &json },
		{ NULL, NULL, NULL, NULL },
	};
	struct img_facts f = { 0 };
	struct buf b;
	char *pos[1];
	int n, ret;

	ret = parse_args(argc, argv, opts, pos, 1, &n);
	if (ret)
		return ret;
	if (n != 1) {
		errmsg("usage: imgauthctl image info FILE|DEVICE [--json]");
		return EXIT_USAGE;
	}
	ret = load(pos[0], &b);
	if (ret)
		return ret;
	f.name = pos[0];
	f.data = b.data;
	f.len = b.len;
	img_examine(&f);
	if (json)
		info_json(&f);
	else
		info_text(&f);
	buf_free(&b);
	return f.status == IMGAUTH_OK ? EXIT_OK : EXIT_VERIFY;
}

/* ---- image verify ---- */

struct verdict {
	int status;		/* enum imgauth_status */
	char msg[256];		/* the reason, one line */
};

static void verify_offline(const u8 *data, size_t len, const struct ia_expect *ex,
			   const u8 *spki, size_t spki_len, struct verdict *v)
{
	char err[256];
	struct ia_dsa_pub pub;
	struct ia_dsa_sig sig;
	struct ia_hdr h;
	u32 sig_len, crc;
	int derr, ok;

	if (len >= IMGAUTH_HDR_LEN)
		ia_hdr_decode(&h, data);
	v->status = ia_image_check(len >= IMGAUTH_HDR_LEN ? &h : NULL, len, ex,
				   &sig_len, v->msg, sizeof(v->msg));
	if (v->status != IMGAUTH_OK)
		return;
	crc = ia_crc32(ia_hdr_crc_start(data), data + IMGAUTH_HDR_LEN, h.size);
	if (crc != h.cksum) {
		v->status = IMGAUTH_E_CKSUM;
		ia_cksum_msg(v->msg, sizeof(v->msg), crc, h.cksum);
		return;
	}
	derr = ia_dsa_sig_parse(&sig, data + IMGAUTH_HDR_LEN + h.size, sig_len);
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
	ok = ossl_verify(spki, spki_len, data, IMGAUTH_HDR_LEN + h.size,
			 data + IMGAUTH_HDR_LEN + h.size, sig_len,
			 err, sizeof(err));
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

static int image_verify(int argc, char **argv)
{
	const char *key = NULL, *platform = NULL, *cpu = NULL;
	bool json = opt_json;
	const struct opt opts[] = {
		{ "--key", "-k", &key, NULL },
		{ "--platform", NULL, &platform, NULL },
		{ "--cpu", NULL, &cpu, NULL },
		{ "--json", "-j", NULL, &json },
		{ NULL, NULL, NULL, NULL },
	};
	struct ia_expect ex = { .max_len = IA_LEN_ANY };
	struct buf img, kb;
	uint8_t *spki = NULL;
	size_t spki_len = 0;
	struct verdict v;
	char err[256], *pos[1];
	u32 plat = 0, cpuv = 0;
	int n, ret;

	ret = parse_args(argc, argv, opts, pos, 1, &n);
	if (ret)
		return ret;
	if (n != 1) {
		errmsg("usage: imgauthctl image verify SRC [--key CERT] [--platform N] [--cpu N]");
		return EXIT_USAGE;
	}
	if (!key && (platform || cpu)) {
		errmsg("verify: --platform and --cpu go with --key; the kernel checks against the device itself");
		return EXIT_USAGE;
	}
	if (opt_u32("--platform", platform, 0xffff, &plat) ||
	    opt_u32("--cpu", cpu, 0xff, &cpuv))
		return EXIT_USAGE;
	if (fetch_is_url(pos[0])) {
		struct tftp_opts to = { 0 };

		memset(&img, 0, sizeof(img));
		ret = fetch_source(pos[0], "software", &to, &img);
	} else {
		ret = load(pos[0], &img);
	}
	if (ret)
		return ret;
	if (!key) {
		ret = image_verify_kernel(img.data, img.len, pos[0]);
		buf_free(&img);
		return ret;
	}
	ret = load(key, &kb);
	if (ret)
		goto out;
	if (ossl_load_public_key(kb.data, kb.len, &spki, &spki_len, err,
				 sizeof(err))) {
		errmsg("%s: %s", key, err);
		ret = EXIT_VERIFY;
		goto out;
	}
	/* Only what was given is checked; the other one is the image's. */
	ex.region = pos[0];
	ex.check_platform = platform || cpu;
	if (ex.check_platform && img.len >= IMGAUTH_HDR_LEN) {
		struct ia_hdr h;

		ia_hdr_decode(&h, img.data);
		ex.platform = platform ? (u16)plat : h.platform;
		ex.cpu = cpu ? (u8)cpuv : h.cpu;
	}
	verify_offline(img.data, img.len, &ex, spki, spki_len, &v);
	if (json)
		verdict_json(pos[0], key, &v);
	else
		verdict_text(pos[0], img.data, img.len, &v);
	ret = v.status == IMGAUTH_E_KEY ? EXIT_FAILURE_GENERIC :
	      verdict_exit_code((uint32_t)v.status);
out:
	free(spki);
	buf_free(&kb);
	buf_free(&img);
	return ret;
}

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

static int sign_write(const char *path, const struct buf *img)
{
	struct stat st;
	int err;

	err = write_file(path, img->data, img->len, 0644);
	if (err) {
		errmsg("sign: %s: %s", path, strerror(-err));
		return EXIT_TRANSFER;
	}
	/* 0644 whatever the umask or an earlier file said; not on devices. */
	if (!stat(path, &st) && S_ISREG(st.st_mode) && chmod(path, 0644)) {
		errmsg("sign: %s: %s", path, strerror(errno));
		return EXIT_TRANSFER;
	}
	return 0;
}

static int image_sign(int argc, char **argv)
{
	struct sign_args a = { 0 };
	const struct opt opts[] = {
		{ "--key", "-k", &a.key, NULL },
		{ "--output", "-o", &a.out, NULL },
		{ "--platform", NULL, &a.platform, NULL },
		{ "--cpu", NULL, &a.cpu, NULL },
		{ "--version", NULL, &a.version, NULL },
		{ "--sw-version", NULL, &a.sw_version, NULL },
		{ "--address", NULL, &a.address, NULL },
		{ "--date", NULL, &a.date, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct buf payload, img = { 0 };
	u8 raw[IMGAUTH_HDR_LEN];
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	struct ia_hdr h;
	char err[256], *pos[1];
	int n, ret;

	ret = parse_args(argc, argv, opts, pos, 1, &n);
	if (ret)
		return ret;
	if (n != 1 || !a.key || !a.out) {
		errmsg("usage: imgauthctl image sign --key PRIVATE.pem [--platform N] [--cpu N] [--version N] [--sw-version 6.3.0r17] [--address A] [--date UNIXTIME] -o OUT PAYLOAD");
		return EXIT_USAGE;
	}
	a.payload = pos[0];
	/* A missing key file is an I/O error, not a bad key. */
	if (access(a.key, R_OK)) {
		errmsg("sign: %s: %s", a.key, strerror(errno));
		return EXIT_TRANSFER;
	}
	ret = load(a.payload, &payload);
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

/* ---- dispatch ---- */

static void image_usage(FILE *f)
{
	fputs("Usage: imgauthctl image VERB ...\n"
	      "  info FILE|DEVICE [--json]\n"
	      "      header fields, checksum and signature of an image file or of\n"
	      "      what a region holds (/dev/imgauth/image0)\n"
	      "  verify SRC [--key CERT] [--platform N] [--cpu N] [--json]\n"
	      "      with --key: verify offline against CERT (imagekey.cer, DER or\n"
	      "      PEM certificate or public key), checking platform and cpu\n"
	      "      only when given; without: verify in the kernel against the\n"
	      "      installed image key\n"
	      "  sign --key PRIVATE.pem -o OUT [--platform N] [--cpu N] [--version N]\n"
	      "       [--sw-version 6.3.0r17] [--address A] [--date UNIXTIME] PAYLOAD\n"
	      "      make a signed image; defaults: platform 23, cpu 11, version 2,\n"
	      "      address 0, sw_version 0.0.0r0, date $SOURCE_DATE_EPOCH or now\n"
	      "  install SRC [--loader] [--no-commit] [--dry-run] [--json] [TFTP flags]\n"
	      "      verify in the kernel and write to flash (see \"image install help\")\n"
	      "  commit image0|image1\n"
	      "      verify a staged image on flash again and make it active\n"
	      "  check loader|image0|image1 [--json]\n"
	      "      verify what a region holds, in the kernel\n"
	      "SRC is a file or tftp://HOST[:PORT]/PATH.\n"
	      "Numbers are decimal or 0x-hex.\n", f);
}

int cmd_image(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL;

	if (!verb) {
		image_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(verb, "info"))
		return image_info(argc - 1, argv + 1);
	if (!strcmp(verb, "verify"))
		return image_verify(argc - 1, argv + 1);
	if (!strcmp(verb, "sign"))
		return image_sign(argc - 1, argv + 1);
	if (!strcmp(verb, "install"))
		return cmd_image_install(argc - 1, argv + 1);
	if (!strcmp(verb, "commit"))
		return cmd_image_commit(argc - 1, argv + 1);
	if (!strcmp(verb, "check"))
		return cmd_image_check(argc - 1, argv + 1);
	if (!strcmp(verb, "help") || !strcmp(verb, "-h") || !strcmp(verb, "--help")) {
		image_usage(stdout);
		return EXIT_OK;
	}
	errmsg("image: unknown verb \"%s\"; try \"imgauthctl image help\"", verb);
	return EXIT_USAGE;
}
