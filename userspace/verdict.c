// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include <linux/imgauth.h>

#include "ia_image.h"
#include "cli.h"
#include "verdict.h"

void verdict_print(FILE *f, uint32_t status, const char *msg)
{
	const char *corrupt;

	switch (status) {
	case IMGAUTH_OK:
		fputs(IA_MSG_AUTH_OK "\n", f);
		return;
	case IMGAUTH_OK_UNAUTHENTICATED:
		fputs(IA_MSG_NO_AUTH "\n", f);
		return;
	case IMGAUTH_E_SIGNATURE:
	case IMGAUTH_E_SIGFORMAT:
		fputs(IA_MSG_DSA_FAIL "\n", f);
		/* A message that is not the stock one carries the detail. */
		if (strncmp(msg, IA_MSG_DSA_FAIL, strlen(IA_MSG_DSA_FAIL)))
			fprintf(f, "%s\n", msg);
		else if (status == IMGAUTH_E_SIGFORMAT)
			fputs("signature is not a strict DER Dss-Sig-Value\n", f);
		fputs(IA_MSG_BOGUS_CONSOLE "\n", f);
		return;
	case IMGAUTH_E_CKSUM:
		/* "cksum = X, p_hdr->cksum = Y ### image corrupted ###" */
		corrupt = strstr(msg, IA_MSG_CORRUPT);
		if (corrupt) {
			fprintf(f, "%.*s\n%s\n", (int)(corrupt - msg - 1), msg,
				corrupt);
			return;
		}
		break;
	}
	fprintf(f, "%s\n", msg);
}

int verdict_exit_code(uint32_t status)
{
	switch (status) {
	case IMGAUTH_OK:
	case IMGAUTH_OK_UNAUTHENTICATED:
		return EXIT_OK;
	case IMGAUTH_E_FLASH:
	case IMGAUTH_E_BUSY:
	case IMGAUTH_E_CHANGED:
		return EXIT_FAILURE_GENERIC;
	}
	return EXIT_VERIFY;
}
