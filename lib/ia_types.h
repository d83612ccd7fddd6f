/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Freestanding base for the code shared by the kernel module and userspace
 * (lib/): the kernel's fixed-width types and the few libc calls it needs,
 * from whichever side compiles it.
 */
#ifndef IA_TYPES_H
#define IA_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

static inline u32 ia_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u16 ia_get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline void ia_put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16 & 0xff);
	p[2] = (u8)(v >> 8 & 0xff);
	p[3] = (u8)(v & 0xff);
}

static inline void ia_put_be16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)(v & 0xff);
}

#endif /* IA_TYPES_H */
