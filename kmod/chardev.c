// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/imgauth/{loader,image0,image1,key1,key2,key3}.
 *
 * read() gives what a region or key slot holds; write() is refused, since
 * nothing may reach flash unverified: changes are ioctls, each checked in
 * the kernel first.  The ioctl structures start with argsz, so that old
 * and new userspace keep working as they grow (copy what both know, zero
 * the rest).
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "imgauth.h"
#include "chardev.h"
#include "install.h"
#include "keyops.h"
#include "stream.h"

enum ia_cdev_kind { IA_CDEV_REGION, IA_CDEV_KEY };

struct ia_cdev {
	struct miscdevice misc;
	enum ia_cdev_kind kind;
	int index;		/* enum imgauth_target, or key slot 0..2 */
	bool registered;
};

static struct imgauth *cdev_ia;

/*
 * One open file: its device, and the image it reads (pinned at its first
 * read), so that an install between two read() calls ends the file with
 * -ESTALE instead of splicing two images together.
 */
struct ia_open {
	struct ia_cdev *c;
	bool pinned;
	struct ia_rec_region image;
	struct ia_stream *stream;	/* an install session (stream.c) */
};

static struct ia_cdev *file_cdev(struct file *file)
{
	return ((struct ia_open *)file->private_data)->c;
}

static int ia_cdev_open(struct inode *inode, struct file *file)
{
	struct ia_open *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return -ENOMEM;
	/* misc_open() left the miscdevice here. */
	o->c = container_of(file->private_data, struct ia_cdev, misc);
	file->private_data = o;
	return 0;
}

static int ia_cdev_release(struct inode *inode, struct file *file)
{
	struct ia_open *o = file->private_data;

	/* An unfinished install session is abandoned: its slot erased. */
	ia_session_abort(cdev_ia, &o->stream);
	kfree(o);
	return 0;
}

/* The same image as the one this file began reading? */
static bool same_image(struct ia_open *o, const struct ia_rec_region *r)
{
	if (!o->pinned) {
		o->image = *r;
		o->pinned = true;
		return true;
	}
	return o->image.state == r->state && o->image.len == r->len &&
	       o->image.cksum == r->cksum && o->image.date == r->date &&
	       o->image.sw_version == r->sw_version;
}

/*
 * The installed image, piece by piece.  Each piece is read under
 * flash_lock and only while the record still says the same image is
 * there: an install between two reads ends the file (-ESTALE) instead of
 * mixing two images.
 */
static ssize_t region_read(struct imgauth *ia, struct ia_open *o, int target,
			   char __user *buf, size_t count, loff_t *ppos)
{
	struct ia_rec rec;
	size_t done = 0;
	u8 *bounce;
	u64 used;
	int ret = 0;

	if (*ppos < 0)
		return -EINVAL;
	bounce = kvmalloc(IA_CHUNK, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (done < count) {
		size_t n;

		ret = down_read_killable(&ia->flash_lock);
		if (ret)
			break;
		ia_rec_get(ia, &rec);
		if (!same_image(o, &rec.region[target])) {
			up_read(&ia->flash_lock);
			ret = -ESTALE;
			break;
		}
		/* The record bounds len by the region (bootrec.c). */
		used = rec.region[target].state == IMGAUTH_REGION_EMPTY ? 0 :
		       rec.region[target].len;
		if (*ppos >= used) {
			up_read(&ia->flash_lock);
			break;
		}
		n = min_t(u64, min_t(size_t, count - done, IA_CHUNK),
			  used - *ppos);
		ret = ia_st_read(ia->st, ia->region[target].offset + *ppos,
				 bounce, n);
		up_read(&ia->flash_lock);
		if (ret)
			break;
		if (copy_to_user(buf + done, bounce, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
		*ppos += n;
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
	kvfree(bounce);
	return done ? done : ret;
}

/* One key slot as flash holds it, not in the middle of an update. */
static int read_slot(struct imgauth *ia, int idx, struct ia_slot *slot)
{
	int ret = down_read_killable(&ia->flash_lock);

	if (ret)
		return ret;
	ret = ia_slot_read(ia, idx, slot);
	up_read(&ia->flash_lock);
	return ret;
}

static ssize_t key_read(struct imgauth *ia, int idx, char __user *buf,
			size_t count, loff_t *ppos)
{
	struct ia_slot *slot;
	ssize_t ret;

	slot = kmalloc(sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return -ENOMEM;
	ret = read_slot(ia, idx, slot);
	if (!ret) {
		if (slot->state == IMGAUTH_SLOT_BAD)
			ret = -EBADMSG;
		else if (slot->state == IMGAUTH_SLOT_ERASED)
			ret = 0;
		else
			ret = simple_read_from_buffer(buf, count, ppos,
						      slot->der, slot->len);
	}
	kfree(slot);
	return ret;
}

static ssize_t ia_cdev_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct ia_cdev *c = file_cdev(file);

	if (c->kind == IA_CDEV_KEY)
		return key_read(cdev_ia, c->index, buf, count, ppos);
	return region_read(cdev_ia, file->private_data, c->index, buf, count,
			   ppos);
}

static ssize_t ia_cdev_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	pr_notice_ratelimited("%s: write() refused; images and keys are installed with imgauthctl (verified ioctls)\n",
			      file_cdev(file)->misc.nodename);
	return -EPERM;
}

/*
 * Copy in an ioctl argument of which userspace knows @argsz bytes (its
 * first field).  argsz is read once: the copy keeps that value, and
 * arg_out() uses it.  The kernel needs at least @min bytes; bytes beyond
 * what it knows must be zero (copy_struct_from_user(): a newer tool's
 * field is never silently ignored), and argsz is at most a page.
 */
static int arg_in(void *karg, size_t ksize, size_t min, void __user *uarg)
{
	u32 argsz;
	int ret;

	if (get_user(argsz, (u32 __user *)uarg))
		return -EFAULT;
	if (argsz < min)
		return -EINVAL;
	if (argsz > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(karg, ksize, uarg, argsz);
	if (ret)
		return ret;
	*(u32 *)karg = argsz;
	return 0;
}

/* Copy out as much of the argument as userspace knows. */
static int arg_out(void __user *uarg, const void *karg, size_t ksize)
{
	u32 argsz = *(const u32 *)karg;

	return copy_to_user(uarg, karg, min_t(size_t, argsz, ksize)) ?
	       -EFAULT : 0;
}

static long ioc_install(struct ia_cdev *c, void __user *uarg)
{
	struct imgauth_install *arg;
	struct ia_verdict *vd;
	int target = IMGAUTH_TARGET_NONE;
	long ret;

	if (c->kind != IA_CDEV_REGION)
		return -ENOTTY;
	arg = kmalloc(sizeof(*arg), GFP_KERNEL);
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	ret = -ENOMEM;
	if (!arg || !vd)
		goto out;
	ret = arg_in(arg, sizeof(*arg),
		     offsetofend(struct imgauth_install, len), uarg);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (arg->flags & ~IMGAUTH_INSTALL_FLAGS)
		goto out;
	ret = -EFAULT;
	if (!access_ok(u64_to_user_ptr(arg->data), arg->len))
		goto out;
	ret = ia_install(cdev_ia, c->index == IMGAUTH_TARGET_LOADER,
			 u64_to_user_ptr(arg->data), arg->len, arg->flags, vd,
			 &target);
	arg->status = vd->status;
	arg->target = target;
	strscpy(arg->message, vd->msg, sizeof(arg->message));
	if (arg_out(uarg, arg, sizeof(*arg)))
		ret = -EFAULT;
out:
	kfree(vd);
	kfree(arg);
	return ret;
}

static long ioc_key(struct ia_cdev *c, unsigned int cmd, void __user *uarg)
{
	struct imgauth_key_update *arg;
	struct ia_verdict *vd;
	u8 *der = NULL;
	long ret;

	if (c->kind != IA_CDEV_KEY)
		return -ENOTTY;
	arg = kmalloc(sizeof(*arg), GFP_KERNEL);
	vd = kmalloc(sizeof(*vd), GFP_KERNEL);
	ret = -ENOMEM;
	if (!arg || !vd)
		goto out;
	ret = arg_in(arg, sizeof(*arg),
		     offsetofend(struct imgauth_key_update, key_len), uarg);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (arg->flags & ~(cmd == IMGAUTH_IOC_KEY_SET ? IMGAUTH_KEY_PROVISION : 0))
		goto out;
	if (cmd == IMGAUTH_IOC_KEY_SET) {
		if (!arg->key_len || arg->key_len > IMGAUTH_KEY_MAX)
			goto out;
		der = memdup_user(u64_to_user_ptr(arg->key), arg->key_len);
		if (IS_ERR(der)) {
			ret = PTR_ERR(der);
			der = NULL;
			goto out;
		}
		ret = ia_key_set(cdev_ia, der, arg->key_len,
				 arg->flags & IMGAUTH_KEY_PROVISION, vd);
	} else {
		ret = ia_key_delete(cdev_ia, vd);
	}
	arg->status = vd->status;
	strscpy(arg->message, vd->msg, sizeof(arg->message));
	if (arg_out(uarg, arg, sizeof(*arg)))
		ret = -EFAULT;
out:
	kfree(der);
	kfree(vd);
	kfree(arg);
	return ret;
}

/* IMGAUTH_IOC_STREAM_*: an install session on this open file. */
static long ioc_stream(struct ia_open *o, unsigned int cmd, void __user *uarg)
{
	struct imgauth_stream *arg;
	struct ia_verdict *vd;
	int target = IMGAUTH_TARGET_NONE;
	long ret;

	if (o->c->kind != IA_CDEV_REGION ||
	    o->c->index == IMGAUTH_TARGET_LOADER)
		return -ENOTTY;
	if (cmd == IMGAUTH_IOC_STREAM_ABORT) {
		ia_session_abort(cdev_ia, &o->stream);
		return 0;
	}
	arg = kmalloc(sizeof(*arg), GFP_KERNEL);
	vd = kzalloc(sizeof(*vd), GFP_KERNEL);
	ret = -ENOMEM;
	if (!arg || !vd)
		goto out;
	ret = arg_in(arg, sizeof(*arg), offsetofend(struct imgauth_stream, total),
		     uarg);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (arg->flags & ~(cmd == IMGAUTH_IOC_STREAM_BEGIN ?
			   IMGAUTH_INSTALL_FLAGS : 0))
		goto out;
	switch (cmd) {
	case IMGAUTH_IOC_STREAM_BEGIN:
		ret = ia_session_begin(cdev_ia, &o->stream, arg->flags,
				       u64_to_user_ptr(arg->data), arg->len,
				       arg->total, vd, &target);
		break;
	case IMGAUTH_IOC_STREAM_CHUNK:
		ret = ia_session_chunk(cdev_ia, &o->stream,
				       u64_to_user_ptr(arg->data), arg->len, vd);
		break;
	default:
		ret = ia_session_end(cdev_ia, &o->stream,
				     u64_to_user_ptr(arg->data), arg->len, vd,
				     &target);
		break;
	}
	arg->status = vd->status;
	arg->target = target;
	strscpy(arg->message, vd->msg, sizeof(arg->message));
	if (arg_out(uarg, arg, sizeof(*arg)))
		ret = -EFAULT;
out:
	kfree(vd);
	kfree(arg);
	return ret;
}

static long ioc_region_info(struct ia_cdev *c, void __user *uarg)
{
	struct imgauth *ia = cdev_ia;
	struct imgauth_region_info arg;
	struct ia_rec rec;
	long ret;

	ret = arg_in(&arg, sizeof(arg), sizeof(arg.argsz), uarg);
	if (ret)
		return ret;
	arg.erasesize = ia->st->erasesize;
	arg.active = 0;
	arg.reserved = 0;
	if (c->kind == IA_CDEV_KEY) {
		struct ia_slot *slot = kmalloc(sizeof(*slot), GFP_KERNEL);

		if (!slot)
			return -ENOMEM;
		ret = read_slot(ia, c->index, slot);
		if (!ret) {
			arg.target = 0x10 + c->index + 1;
			arg.state = slot->state;
			arg.size = IMGAUTH_KEY_MAX;
			arg.used = slot->state == IMGAUTH_SLOT_OK ?
				   slot->len : 0;
		}
		kfree(slot);
		if (ret)
			return ret;
	} else {
		ia_rec_get(ia, &rec);
		arg.target = c->index;
		arg.state = rec.region[c->index].state;
		arg.active = rec.active == c->index;
		arg.size = ia->region[c->index].size;
		arg.used = arg.state == IMGAUTH_REGION_EMPTY ? 0 :
			   rec.region[c->index].len;
	}
	return arg_out(uarg, &arg, sizeof(arg));
}

/**
 * ia_cdev_ioctl() - the imgauth ioctls, see uapi/linux/imgauth.h
 * @file: an open imgauth device
 * @cmd: IMGAUTH_IOC_*
 * @arg: user pointer to the command's structure
 *
 * INSTALL, KEY_SET and KEY_DELETE need CAP_SYS_ADMIN and are verified
 * before anything is written; REGION_INFO only reads.
 *
 * Return: 0, or a negative errno; the structure's status and message say
 * why an image or key was refused.
 */
static long ia_cdev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct ia_cdev *c = file_cdev(file);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IMGAUTH_IOC_REGION_INFO:
		return ioc_region_info(c, uarg);
	case IMGAUTH_IOC_INSTALL:
	case IMGAUTH_IOC_KEY_SET:
	case IMGAUTH_IOC_KEY_DELETE:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		if (cmd == IMGAUTH_IOC_INSTALL)
			return ioc_install(c, uarg);
		return ioc_key(c, cmd, uarg);
	case IMGAUTH_IOC_STREAM_BEGIN:
	case IMGAUTH_IOC_STREAM_CHUNK:
	case IMGAUTH_IOC_STREAM_END:
	case IMGAUTH_IOC_STREAM_ABORT:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		return ioc_stream(file->private_data, cmd, uarg);
	}
	return -ENOTTY;
}

static const struct file_operations ia_cdev_fops = {
	.owner = THIS_MODULE,
	.open = ia_cdev_open,
	.release = ia_cdev_release,
	.read = ia_cdev_read,
	.write = ia_cdev_write,
	.unlocked_ioctl = ia_cdev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = default_llseek,
};

#define IA_CDEV(node, k, i) {					\
	.misc = {						\
		.minor = MISC_DYNAMIC_MINOR,			\
		.name = "imgauth-" node,			\
		.nodename = "imgauth/" node,			\
		.mode = 0600,					\
		.fops = &ia_cdev_fops,				\
	},							\
	.kind = (k),						\
	.index = (i),						\
}

static struct ia_cdev ia_cdevs[] = {
	IA_CDEV("loader", IA_CDEV_REGION, IMGAUTH_TARGET_LOADER),
	IA_CDEV("image0", IA_CDEV_REGION, IMGAUTH_TARGET_IMAGE0),
	IA_CDEV("image1", IA_CDEV_REGION, IMGAUTH_TARGET_IMAGE1),
	IA_CDEV("key1", IA_CDEV_KEY, 0),
	IA_CDEV("key2", IA_CDEV_KEY, 1),
	IA_CDEV("key3", IA_CDEV_KEY, 2),
};

void ia_cdev_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(ia_cdevs) - 1; i >= 0; i--) {
		if (ia_cdevs[i].registered)
			misc_deregister(&ia_cdevs[i].misc);
		ia_cdevs[i].registered = false;
	}
}

int ia_cdev_init(struct imgauth *ia)
{
	int i, ret;

	cdev_ia = ia;
	for (i = 0; i < ARRAY_SIZE(ia_cdevs); i++) {
		ret = misc_register(&ia_cdevs[i].misc);
		if (ret) {
			pr_err("cannot register /dev/%s (%d)\n",
			       ia_cdevs[i].misc.nodename, ret);
			ia_cdev_exit();
			return ret;
		}
		ia_cdevs[i].registered = true;
	}
	return 0;
}
