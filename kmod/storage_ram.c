// SPDX-License-Identifier: GPL-2.0
/*
 * RAM "flash": what the module uses when loaded with no parameters.  It
 * behaves like NOR so that bugs show up here first: erase sets 0xff and
 * programming can only clear bits.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "storage.h"

struct ia_ram {
	struct ia_storage st;
	u8 *mem;
};

static struct ia_ram *to_ram(struct ia_storage *st)
{
	return container_of(st, struct ia_ram, st);
}

static int ram_read(struct ia_storage *st, u64 off, void *buf, size_t len)
{
	memcpy(buf, to_ram(st)->mem + off, len);
	return 0;
}

static int ram_write(struct ia_storage *st, u64 off, const void *buf,
		     size_t len)
{
	u8 *dst = to_ram(st)->mem + off;
	const u8 *src = buf;
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] &= src[i];
	return 0;
}

static int ram_compare(struct ia_storage *st, u64 off, const void *buf,
		       size_t len)
{
	return memcmp(to_ram(st)->mem + off, buf, len) ? -EBADMSG : 0;
}

static int ram_erase(struct ia_storage *st, u64 off, u64 len)
{
	memset(to_ram(st)->mem + off, 0xff, len);
	return 0;
}

static void ram_destroy(struct ia_storage *st)
{
	struct ia_ram *ram = to_ram(st);

	vfree(ram->mem);
	kfree(ram);
}

static const struct ia_storage_ops ram_ops = {
	.read = ram_read,
	.write = ram_write,
	.erase = ram_erase,
	.compare = ram_compare,
	.destroy = ram_destroy,
};

struct ia_storage *ia_storage_ram_create(u64 size, u32 erasesize)
{
	struct ia_ram *ram;

	if (!erasesize || size % erasesize)
		return ERR_PTR(-EINVAL);
	ram = kzalloc(sizeof(*ram), GFP_KERNEL);
	if (!ram)
		return ERR_PTR(-ENOMEM);
	ram->mem = vmalloc(size);
	if (!ram->mem) {
		kfree(ram);
		return ERR_PTR(-ENOMEM);
	}
	memset(ram->mem, 0xff, size);
	ram->st.ops = &ram_ops;
	strscpy(ram->st.name, "ram", sizeof(ram->st.name));
	ram->st.size = size;
	ram->st.erasesize = erasesize;
	ram->st.writesize = 1;
	ram->st.mtd_index = -1;
	return &ram->st;
}
