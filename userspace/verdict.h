/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing the kernel's verdict on an image the way the ScreenOS console
 * did, and its exit code.
 */
#ifndef IA_VERDICT_H
#define IA_VERDICT_H

#include <stdint.h>
#include <stdio.h>

/* Print the verdict lines for @status with the kernel's @msg. */
void verdict_print(FILE *f, uint32_t status, const char *msg);

/* EXIT_OK for accepted images, EXIT_VERIFY for rejected ones, ... */
int verdict_exit_code(uint32_t status);

#endif
