// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl image info": an image file or what a region holds, without
 * the kernel.  sign is cmd_sign.c, verify cmd_verify.c; install, commit
 * and check are cmd_install.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ia_crc32.h"
#include "ia_der.h"
#include "ia_image.h"
#include "ia_image2.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "fetch.h"
#include "json.h"
#include "util.h"

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
	struct ia_layout lay;	/* when the checks passed */
};

static void img_examine(struct img_facts *f)
{
	struct ia_expect ex = { .max_len = IA_LEN_ANY, .region = f->name };

	f->have_hdr = f->len >= IMGAUTH_HDR_LEN;
	if (f->have_hdr)
		ia_hdr_decode(&f->h, f->data);
	f->status = ia_image_check_any(f->data, f->len, f->len, &ex, &f->lay,
				       f->msg, sizeof(f->msg));
	if (f->have_hdr && f->h.magic == IMGAUTH_IMAGE_MAGIC_V2) {
		/* v2: only a layout that checked out is looked into. */
		f->have_payload = f->status == IMGAUTH_OK;
		if (!f->have_payload)
			return;
		f->crc = ia_crc32(ia_hdr_crc_start(f->data),
				  f->data + f->lay.payload_off, f->h.size);
		f->sig = f->data + f->lay.sig_off;
		f->sig_len = f->lay.sig_len;
		goto sig;
	}
	f->lay.format = 1;
	/* Look at payload and signature even when the layout is off. */
	f->have_payload = f->have_hdr && f->h.offset == IMGAUTH_HDR_LEN &&
			  f->h.size <= f->len - IMGAUTH_HDR_LEN;
	if (!f->have_payload)
		return;
	f->crc = ia_crc32(ia_hdr_crc_start(f->data), f->data + IMGAUTH_HDR_LEN,
			  f->h.size);
	f->sig = f->data + IMGAUTH_HDR_LEN + f->h.size;
	f->sig_len = f->len - IMGAUTH_HDR_LEN - f->h.size;
sig:
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
		       f->h.magic == IMGAUTH_IMAGE_MAGIC ? "ok" :
		       f->h.magic == IMGAUTH_IMAGE_MAGIC_V2 ? "ok, v2" : "bad");
		if (f->h.magic == IMGAUTH_IMAGE_MAGIC_V2 && f->have_payload)
			printf("format = v2 (streamable): %u chunks of %u bytes, payload at %llx\n",
			       f->lay.nchunks, IMGAUTH_V2_CHUNK,
			       (unsigned long long)f->lay.payload_off);
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
		json_bool(&j, "magic_ok", f->h.magic == IMGAUTH_IMAGE_MAGIC ||
			  f->h.magic == IMGAUTH_IMAGE_MAGIC_V2);
		json_u64(&j, "format",
			 f->h.magic == IMGAUTH_IMAGE_MAGIC_V2 ? 2 : 1);
		if (f->h.magic == IMGAUTH_IMAGE_MAGIC_V2 && f->have_payload)
			json_u64(&j, "chunks", f->lay.nchunks);
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
			"magic", "magic_ok", "format", "platform", "cpu", "version",
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

	ret = fetch_load(a->op[0], &b, FETCH_IMAGE_FILE_MAX);
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
