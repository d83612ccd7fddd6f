// SPDX-License-Identifier: GPL-2.0
/*
 * The boot console's words (userspace/bootmsg.c): sizes with thousands
 * separators, and the kernel's verdicts in the form the ScreenOS loaders
 * print at boot (the seed's "cksum = 18852bb0, p_hdr->cksum = 729e802":
 * no zero padding, "### image corrupted ###" on a line of its own).
 */
#include <stdlib.h>
#include <string.h>

#include <linux/imgauth.h>

#include "bootmsg.h"
#include "check.h"

static void size_is(uint64_t v, const char *want)
{
	char buf[32];

	bootmsg_size(buf, sizeof(buf), v);
	CHECK(!strcmp(buf, want), "%llu: \"%s\", want \"%s\"",
	      (unsigned long long)v, buf, want);
}

static void verdict_is(uint32_t status, const char *msg, const char *want)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	bootmsg_verdict(f, status, msg);
	fclose(f);
	CHECK(!strcmp(text, want), "status %u \"%s\":\n%s\nwant:\n%s", status, msg,
	      text, want);
	free(text);
}

int main(void)
{
	char small[6];

	size_is(0, "0");
	size_is(999, "999");
	size_is(1000, "1,000");
	size_is(447576, "447,576");
	size_is(12582912, "12,582,912");
	size_is(13631488, "13,631,488");
	size_is(18446744073709551615ull, "18,446,744,073,709,551,615");
	bootmsg_size(small, sizeof(small), 1234567);
	CHECK(!strcmp(small, "1,234"), "cut to the buffer: \"%s\"", small);

	verdict_is(IMGAUTH_OK, "Image authenticated!", "Image authenticated!\n");
	verdict_is(IMGAUTH_OK_UNAUTHENTICATED, "Ignore image authentication!",
		   "Ignore image authentication!\n");
	verdict_is(IMGAUTH_E_CKSUM,
		   "cksum = 18852bb0, p_hdr->cksum = 0729e802 ### image corrupted ###",
		   "cksum = 18852bb0, p_hdr->cksum = 729e802\n### image corrupted ###\n");
	verdict_is(IMGAUTH_E_CKSUM,
		   "cksum = 0000000a, p_hdr->cksum = 00000000 ### image corrupted ###",
		   "cksum = a, p_hdr->cksum = 0\n### image corrupted ###\n");
	verdict_is(IMGAUTH_E_SIGNATURE,
		   "PKI: DSA verify fails. Invalid image!!! Bogus image - not authenticated!!!",
		   "********Invalid DSA signature\n********Bogus image - not authenticated\n");
	verdict_is(IMGAUTH_E_SIGFORMAT, "signature is not strict DER: long form",
		   "********Invalid DSA signature\nsignature is not strict DER: long form\n"
		   "********Bogus image - not authenticated\n");
	verdict_is(IMGAUTH_E_EMPTY, "image0 holds no image", "image0 holds no image\n");
	verdict_is(IMGAUTH_E_ROLLBACK,
		   "image older than the installed floor 6.3.0r19 (the image is 6.3.0r17)",
		   "image older than the installed floor 6.3.0r19 (the image is 6.3.0r17)\n");
	/* A checksum message of another shape is printed as it is. */
	verdict_is(IMGAUTH_E_CKSUM, "checksum mismatch", "checksum mismatch\n");
	return check_done("test_bootmsg");
}
