// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include <linux/imgauth.h>

#include "bootmsg.h"
#include "ia_image.h"

void bootmsg_size(char *buf, size_t n, uint64_t bytes)
{
	char digits[24];
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof(digits), "%llu",
			       (unsigned long long)bytes);
	for (i = 0; i < len && o + 1 < n; i++) {
		if (i && (len - i) % 3 == 0) {
			buf[o++] = ',';
			if (o + 1 >= n)
				break;
		}
		buf[o++] = digits[i];
	}
	if (n)
		buf[o] = '\0';
}

void bootmsg_done(FILE *f, uint64_t bytes)
{
	char size[32];

	bootmsg_size(size, sizeof(size), bytes);
	fprintf(f, "Done! (size = %s bytes)\n", size);
}

#define DSA_INVALID	"********Invalid DSA signature"
#define DSA_BOGUS	"********Bogus image - not authenticated"

void bootmsg_verdict(FILE *f, uint32_t status, const char *msg)
{
	unsigned int computed, stored;

	switch (status) {
	case IMGAUTH_OK:
		fputs(IA_MSG_AUTH_OK "\n", f);
		return;
	case IMGAUTH_OK_UNAUTHENTICATED:
		fputs(IA_MSG_NO_AUTH "\n", f);
		return;
	case IMGAUTH_E_CKSUM:
		/* The loader prints the two sums unpadded, on a line of their own. */
		if (sscanf(msg, "cksum = %x, p_hdr->cksum = %x", &computed,
			   &stored) == 2) {
			fprintf(f, "cksum = %x, p_hdr->cksum = %x\n" IA_MSG_CORRUPT "\n",
				computed, stored);
			return;
		}
		break;
	case IMGAUTH_E_SIGNATURE:
	case IMGAUTH_E_SIGFORMAT:
		fputs(DSA_INVALID "\n", f);
		/* A message that is not the stock one says more. */
		if (strncmp(msg, IA_MSG_DSA_FAIL, strlen(IA_MSG_DSA_FAIL)))
			fprintf(f, "%s\n", msg);
		fputs(DSA_BOGUS "\n", f);
		return;
	}
	fprintf(f, "%s\n", msg);
}
