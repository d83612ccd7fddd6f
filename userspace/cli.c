// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "ossl.h"

bool opt_json;
bool opt_quiet;
bool cli_stdout_data;

const struct cli_exit_code cli_exit_codes[] = {
	{ EXIT_OK, "success (for a verification: accepted)" },
	{ EXIT_FAILURE_GENERIC, "other error (flash, busy, out of memory, I/O)" },
	{ EXIT_USAGE, "bad command line or URL" },
	{ EXIT_NOTFOUND, "not found: no such file, TFTP error 1" },
	{ EXIT_VERIFY, "verification refused: image, key, signature or statement rejected, below the floor, a broken journal chain, or too large" },
	{ EXIT_PERM, "permission denied: locally, by the kernel (a locked key too), TFTP error 2" },
	{ EXIT_NOMODULE, "the imgauth module is not loaded" },
	{ EXIT_UNREACH, "timeout or unreachable: no answer, unknown host, nothing listening" },
	{ EXIT_PROTOCOL, "protocol error: the TFTP server refused (other errors) or misbehaved" },
	{ EXIT_BOOT_FALLBACK, "boot: fell back to the default image (or a trial ran out)" },
	{ EXIT_BOOT_RECOVERED, "boot: recovered an image over TFTP" },
	{ EXIT_BOOT_NONE, "boot: nothing bootable (0: the selected image boots)" },
	{ -1, NULL },
};

/* The first message of the run: the cause, the later ones its effects. */
static char first_error[512];

void errmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("imgauthctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (!first_error[0]) {
		va_start(ap, fmt);
		vsnprintf(first_error, sizeof(first_error), fmt, ap);
		va_end(ap);
	}
}

int exit_code_for_ossl(void)
{
	return ossl_unavailable() ? EXIT_FAILURE_GENERIC : EXIT_VERIFY;
}

int exit_code_for_errno(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return EXIT_OK;
	case ENOENT:
	case ENOTDIR:
		return EXIT_NOTFOUND;
	case EPERM:
	case EACCES:
	case EROFS:
		return EXIT_PERM;
	case EBADMSG:
	case EKEYREJECTED:
	case ENOKEY:
	case EKEYREVOKED:
	case EUCLEAN:
	case ENODATA:
		return EXIT_VERIFY;
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ECONNREFUSED:
	case EADDRNOTAVAIL:
		return EXIT_UNREACH;
	case EPROTO:
		return EXIT_PROTOCOL;
	}
	return EXIT_FAILURE_GENERIC;
}

FILE *cli_text(void)
{
	return opt_json || cli_stdout_data ? stderr : stdout;
}

FILE *cli_say(void)
{
	return opt_quiet ? NULL : cli_text();
}

void cli_json_finish(int rc)
{
	struct json j;

	fflush(stdout);
	if (!opt_json || json_stdout_docs())
		return;
	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	if (rc)
		json_str(&j, "error", first_error[0] ? first_error : "failed");
	else
		json_null(&j, "error");
	json_u64(&j, "exit", (unsigned int)rc);
	json_obj_end(&j);
	fflush(stdout);
}
