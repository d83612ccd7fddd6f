/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Recovery over TFTP, as the ScreenOS boot loaders do it: the loader
 * record's values as the defaults of the prompts ("Firmware File Name
 * [..]: "), saved back ("Save loader config (N bytes)... Done"), the file
 * fetched with imgauthctl's own TFTP client (never more than its region
 * holds), verified in the kernel, then saved to flash or kept in a file.
 * The interfaces are the init's: the addresses are used as configured.
 */
#ifndef IA_RECOVERY_H
#define IA_RECOVERY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bootinfo.h"
#include "ldrcfg.h"
#include "tftp.h"

struct recovery_opts {
	bool batch;			/* no prompts, no loader record write */
	int save;			/* 'y', 'n' or 'm': the default answer */
	const char *download;		/* where an image not saved to flash goes */
	struct tftp_opts tftp;
};

enum recovery_result {
	RECOVERY_NONE,			/* not run */
	RECOVERY_INSTALLED,		/* y: on flash and active */
	RECOVERY_STAGED,		/* m: on flash, staged: the default image */
	RECOVERY_FILE,			/* n: in the download file */
	RECOVERY_LOADER,		/* a boot loader, installed */
	RECOVERY_DECLINED,		/* verified, but neither saved nor run */
	RECOVERY_NO_CONFIG,		/* no file name or no TFTP server */
	RECOVERY_UNREACHABLE,		/* the TFTP server did not answer */
	RECOVERY_FETCH_FAILED,		/* not found, refused, too large */
	RECOVERY_REFUSED,		/* the kernel did not verify it */
	RECOVERY_FAILED,		/* it could not be written */
};

struct recovery {
	enum recovery_result result;
	struct ldrcfg cfg;		/* the values it used */
	int target;			/* the region written, -1: none */
	uint32_t status;		/* the kernel's verdict on the file */
	char msg[192];
	uint64_t length;
	bool run;			/* "Run downloaded system image?" yes */
	char file[512];			/* RECOVERY_FILE: where it is */
};

/* "installed", "staged", "file", ... (the JSON and KEY=value words). */
const char *recovery_name(enum recovery_result r);

/* True when @r left an image to boot. */
bool recovery_bootable(const struct recovery *r);

/*
 * A system image: the READ ONLY lines of @d, the prompts, the fetch, the
 * kernel's verdict, "Save to on-board flash disk? (y/[n]/m)" and "Run
 * downloaded system image? ([y]/n)".  Console lines to @con (NULL: none).
 * Returns 0 with the outcome in @r, or an exit code when the module
 * itself failed.
 */
int recovery_firmware(const struct recovery_opts *o, const struct boot_dev *d,
		      FILE *con, struct recovery *r);

/*
 * A boot loader that did not verify (loader_check=boot): "OS Loader File
 * Name [..]: ", Self and TFTP IP, the fetch, installed through the kernel
 * as "image install --loader" does.  Not in batch mode (the record holds
 * no loader file name): RECOVERY_NO_CONFIG.
 */
int recovery_loader(const struct recovery_opts *o, FILE *con,
		    struct recovery *r);

#endif
