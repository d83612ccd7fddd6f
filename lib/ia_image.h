/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The image header: decoding, encoding and the checks that run before the
 * signature, in the order and with the words the kernel and imgauthctl
 * both report.  Shared by kernel and userspace.
 */
#ifndef IA_IMAGE_H
#define IA_IMAGE_H

#include "ia_types.h"
#include <linux/imgauth.h>

/* The console texts that come from ScreenOS. */
#define IA_MSG_AUTH_OK		"Image authenticated!"
#define IA_MSG_NO_AUTH		"Ignore image authentication!"
#define IA_MSG_DSA_FAIL		"PKI: DSA verify fails."
#define IA_MSG_BOGUS		"Invalid image!!! Bogus image - not authenticated!!!"
#define IA_MSG_CORRUPT		"### image corrupted ###"
/* The ScreenOS console form of IA_MSG_BOGUS. */
#define IA_MSG_BOGUS_CONSOLE	"********Invalid image!!! ********Bogus image - not authenticated!!!"

/* struct imgauth_image_hdr in host order. */
struct ia_hdr {
	u32 magic;
	u16 platform;
	u8 cpu;
	u8 version;
	u32 offset;
	u32 address;
	u32 size;
	u32 date;
	u32 sw_version;
	u32 cksum;
};

/* No region to fit in: offline checks of a file. */
#define IA_LEN_ANY	((u64)-1)

/* What the device expects of an image. */
struct ia_expect {
	u64 max_len;		/* the region's size, or IA_LEN_ANY; never 0 */
	bool check_platform;	/* false for offline checks of any image */
	u32 min_sw_version;	/* the anti-rollback floor; 0 for none */
	u16 platform;
	u8 cpu;
	const char *region;	/* name for messages, e.g. "image1" */
};

void ia_hdr_decode(struct ia_hdr *h, const u8 *raw);
void ia_hdr_encode(u8 *raw, const struct ia_hdr *h);

/* CRC of the header with cksum zeroed: continue it with the payload. */
u32 ia_hdr_crc_start(const u8 *raw);

/*
 * sw_version against the anti-rollback floor alone (the last of the checks
 * below): an install session checks it again at its end, since the floor
 * may have been raised while the image was arriving.
 */
int ia_image_check_floor(const struct ia_hdr *h, const struct ia_expect *ex,
			 char *msg, size_t msglen);

/*
 * The checks before the checksum, in order: length, magic, platform/cpu,
 * offset/size against the length, sw_version against the floor.  @h may be NULL when len < header size.
 * Returns an enum imgauth_status; on IMGAUTH_OK *sig_len is the length of
 * the trailing signature, otherwise @msg says what is wrong.
 */
int ia_image_check(const struct ia_hdr *h, u64 len, const struct ia_expect *ex,
		   u32 *sig_len, char *msg, size_t msglen);

/* "cksum = %08x, p_hdr->cksum = %08x ### image corrupted ###" */
void ia_cksum_msg(char *msg, size_t msglen, u32 computed, u32 stored);

/* The ScreenOS header lines: "platform = 23, cpu = 11, version = 2" ... */
void ia_hdr_lines(char *buf, size_t n, const struct ia_hdr *h);

/* sw_version as "6.3.0r17", and back; parse returns 0 or -1. */
void ia_sw_version_str(char *buf, size_t n, u32 v);
int ia_sw_version_parse(const char *s, u32 *v);

/* Short name of an enum imgauth_status, e.g. "bad-magic". */
const char *ia_status_name(int status);

#endif /* IA_IMAGE_H */
