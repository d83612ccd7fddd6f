// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Image header decoding and the pre-signature checks.
 *
 * The order of the checks is part of the interface: a file that fails
 * several is reported by the first, identically in the kernel (install,
 * boot verification) and in imgauthctl (offline "image verify").
 */
#include "ia_image.h"
#include "ia_crc32.h"

void ia_hdr_decode(struct ia_hdr *h, const u8 *raw)
{
	h->magic = ia_get_be32(raw);
	h->platform = ia_get_be16(raw + 4);
	h->cpu = raw[6];
	h->version = raw[7];
	h->offset = ia_get_be32(raw + 8);
	h->address = ia_get_be32(raw + 12);
	h->size = ia_get_be32(raw + 16);
	h->date = ia_get_be32(raw + 20);
	h->sw_version = ia_get_be32(raw + 24);
	h->cksum = ia_get_be32(raw + 28);
}

void ia_hdr_encode(u8 *raw, const struct ia_hdr *h)
{
	ia_put_be32(raw, h->magic);
	ia_put_be16(raw + 4, h->platform);
	raw[6] = h->cpu;
	raw[7] = h->version;
	ia_put_be32(raw + 8, h->offset);
	ia_put_be32(raw + 12, h->address);
	ia_put_be32(raw + 16, h->size);
	ia_put_be32(raw + 20, h->date);
	ia_put_be32(raw + 24, h->sw_version);
	ia_put_be32(raw + 28, h->cksum);
}

u32 ia_hdr_crc_start(const u8 *raw)
{
	u8 tmp[IMGAUTH_HDR_LEN];

	memcpy(tmp, raw, sizeof(tmp));
	memset(tmp + 28, 0, 4);
	return ia_crc32(0, tmp, sizeof(tmp));
}

int ia_image_check_floor(const struct ia_hdr *h, const struct ia_expect *ex,
			 char *msg, size_t msglen)
{
	char v[24], floor[24];

	if (h->sw_version >= ex->min_sw_version)
		return IMGAUTH_OK;
	ia_sw_version_str(v, sizeof(v), h->sw_version);
	ia_sw_version_str(floor, sizeof(floor), ex->min_sw_version);
	snprintf(msg, msglen,
		 "image older than the installed floor %s (the image is %s)",
		 floor, v);
	return IMGAUTH_E_ROLLBACK;
}

int ia_image_check(const struct ia_hdr *h, u64 len, const struct ia_expect *ex,
		   u32 *sig_len, char *msg, size_t msglen)
{
	const char *region = ex->region ? ex->region : "flash";
	int status;
	u64 rest;

	if (len < IMGAUTH_HDR_LEN + IMGAUTH_SIG_MIN || !h) {
		snprintf(msg, msglen,
			 "image too short: %llu bytes, a signed image has at least %u",
			 (unsigned long long)len, IMGAUTH_HDR_LEN + IMGAUTH_SIG_MIN);
		return IMGAUTH_E_LENGTH;
	}
	if (len > ex->max_len) {
		snprintf(msg, msglen,
			 "image too large for %s: %llu bytes, the region holds %llu",
			 region, (unsigned long long)len,
			 (unsigned long long)ex->max_len);
		return IMGAUTH_E_LENGTH;
	}
	if (h->magic != IMGAUTH_IMAGE_MAGIC) {
		snprintf(msg, msglen,
			 "bad magic number: hdr->magic_number = %x, expected %x",
			 h->magic, IMGAUTH_IMAGE_MAGIC);
		return IMGAUTH_E_MAGIC;
	}
	if (ex->check_platform &&
	    (h->platform != ex->platform || h->cpu != ex->cpu)) {
		snprintf(msg, msglen,
			 "platform mismatch: image is for platform = %u, cpu = %u; this device is platform = %u, cpu = %u",
			 h->platform, h->cpu, ex->platform, ex->cpu);
		return IMGAUTH_E_PLATFORM;
	}
	rest = len - IMGAUTH_HDR_LEN;
	if (h->offset != IMGAUTH_HDR_LEN || h->size > rest ||
	    rest - h->size < IMGAUTH_SIG_MIN ||
	    rest - h->size > IMGAUTH_SIG_MAX) {
		snprintf(msg, msglen,
			 "offset/size inconsistent with length: offset = %x, size = %u, file = %llu bytes (signature must be %u..%u bytes)",
			 h->offset, h->size, (unsigned long long)len,
			 IMGAUTH_SIG_MIN, IMGAUTH_SIG_MAX);
		return IMGAUTH_E_LAYOUT;
	}
	status = ia_image_check_floor(h, ex, msg, msglen);
	if (status)
		return status;
	*sig_len = (u32)(rest - h->size);
	if (msglen)
		msg[0] = '\0';
	return IMGAUTH_OK;
}

void ia_cksum_msg(char *msg, size_t msglen, u32 computed, u32 stored)
{
	snprintf(msg, msglen, "cksum = %08x, p_hdr->cksum = %08x " IA_MSG_CORRUPT,
		 computed, stored);
}

void ia_hdr_lines(char *buf, size_t n, const struct ia_hdr *h)
{
	snprintf(buf, n,
		 "platform = %u, cpu = %u, version = %u\n"
		 "offset = %x, address = %x, size = %u\n"
		 "date = %x, sw_version = %x, cksum = %x\n",
		 h->platform, h->cpu, h->version, h->offset, h->address,
		 h->size, h->date, h->sw_version, h->cksum);
}

void ia_sw_version_str(char *buf, size_t n, u32 v)
{
	snprintf(buf, n, "%u.%u.%ur%u", v >> 24, (v >> 16) & 0xff,
		 (v >> 8) & 0xff, v & 0xff);
}

static const char *parse_byte(const char *s, u32 *out)
{
	u32 v = 0;
	int digits = 0;

	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (u32)(*s++ - '0');
		if (++digits > 3 || v > 255)
			return NULL;
	}
	if (!digits)
		return NULL;
	*out = v;
	return s;
}

int ia_sw_version_parse(const char *s, u32 *v)
{
	u32 f[4];

	s = parse_byte(s, &f[0]);
	if (!s || *s++ != '.')
		return -1;
	s = parse_byte(s, &f[1]);
	if (!s || *s++ != '.')
		return -1;
	s = parse_byte(s, &f[2]);
	if (!s || *s++ != 'r')
		return -1;
	s = parse_byte(s, &f[3]);
	if (!s || *s)
		return -1;
	*v = f[0] << 24 | f[1] << 16 | f[2] << 8 | f[3];
	return 0;
}

const char *ia_status_name(int status)
{
	static const char *const names[__IMGAUTH_STATUS_MAX] = {
		[IMGAUTH_OK] = "authenticated",
		[IMGAUTH_OK_UNAUTHENTICATED] = "unauthenticated",
		[IMGAUTH_E_LENGTH] = "bad-length",
		[IMGAUTH_E_MAGIC] = "bad-magic",
		[IMGAUTH_E_PLATFORM] = "platform-mismatch",
		[IMGAUTH_E_LAYOUT] = "bad-layout",
		[IMGAUTH_E_CKSUM] = "bad-checksum",
		[IMGAUTH_E_SIGFORMAT] = "bad-signature-encoding",
		[IMGAUTH_E_SIGNATURE] = "bad-signature",
		[IMGAUTH_E_NOKEY] = "no-key",
		[IMGAUTH_E_KEYSLOTS] = "key-slots-damaged",
		[IMGAUTH_E_KEY] = "bad-key",
		[IMGAUTH_E_FLASH] = "flash-error",
		[IMGAUTH_E_BUSY] = "busy",
		[IMGAUTH_E_CHANGED] = "source-changed",
		[IMGAUTH_E_EMPTY] = "empty",
		[IMGAUTH_E_INTERNAL] = "internal-error",
		[IMGAUTH_E_ROLLBACK] = "rollback",
		[IMGAUTH_E_LOCKED] = "key-locked",
		[IMGAUTH_E_STATEMENT] = "bad-statement",
	};

	if (status < 0 || status >= __IMGAUTH_STATUS_MAX || !names[status])
		return "unknown";
	return names[status];
}
