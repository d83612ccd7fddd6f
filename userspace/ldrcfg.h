/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot loader's configuration record in NVRAM (ScreenOS "Save loader
 * config"): the firmware file and the addresses TFTP recovery uses.  Read
 * and written by "config loader" and by the boot hook's recovery.
 */
#ifndef IA_LDRCFG_H
#define IA_LDRCFG_H

#include <netinet/in.h>
#include <stddef.h>
#include <linux/imgauth.h>

struct ldrcfg {
	char boot_file[IMGAUTH_BOOT_FILE_MAX];
	struct in_addr self, tftp, mask, gw;	/* 0.0.0.0: not set */
};

/* Which fields a write changes. */
enum {
	LDRCFG_BOOT_FILE = 1 << 0,
	LDRCFG_SELF_IP = 1 << 1,
	LDRCFG_TFTP_IP = 1 << 2,
	LDRCFG_NETMASK = 1 << 3,
	LDRCFG_GATEWAY = 1 << 4,
};

/* Read the record.  0, or the exit code after "@what: why". */
int ldrcfg_get(struct ldrcfg *l, const char *what);

/*
 * Write the @fields of @l (the others keep their value).  @said gets the
 * kernel's words for it, "Save loader config (156 bytes)... Done" (a
 * plainer sentence if its event does not come).  0, or the exit code
 * after "@what: why".
 */
int ldrcfg_set(const struct ldrcfg *l, unsigned int fields, const char *what,
	       char *said, size_t n);

/*
 * One "FIELD VALUE" of "config loader set" (boot-file, self-ip, tftp-ip,
 * netmask, gateway) into @l and @fields.  0, or EXIT_USAGE after saying
 * what is wrong.
 */
int ldrcfg_parse_field(struct ldrcfg *l, unsigned int *fields,
		       const char *name, const char *value);

/* Dotted form of @a (INET_ADDRSTRLEN bytes). */
void ldrcfg_addr(char *buf, size_t n, struct in_addr a);

#endif
