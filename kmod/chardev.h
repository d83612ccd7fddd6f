/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IMGAUTH_CHARDEV_H
#define _IMGAUTH_CHARDEV_H

struct imgauth;

int ia_cdev_init(struct imgauth *ia);
void ia_cdev_exit(void);

#endif
