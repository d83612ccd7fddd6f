// SPDX-License-Identifier: GPL-2.0
/*
 * One place that turns outcomes into words: the kernel log (ScreenOS
 * console lines), the caller's message and the "events" multicast group
 * all say the same thing.
 */
#define pr_fmt(fmt) "imgauth: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "imgauth.h"
#include "events.h"

int ia_status_errno(int status)
{
	switch (status) {
	case IMGAUTH_OK:
	case IMGAUTH_OK_UNAUTHENTICATED:
		return 0;
	case IMGAUTH_E_LENGTH:
	case IMGAUTH_E_KEY:
		return -EINVAL;
	case IMGAUTH_E_MAGIC:
	case IMGAUTH_E_PLATFORM:
	case IMGAUTH_E_LAYOUT:
	case IMGAUTH_E_CKSUM:
	case IMGAUTH_E_SIGFORMAT:
		return -EBADMSG;
	case IMGAUTH_E_SIGNATURE:
		return -EKEYREJECTED;
	case IMGAUTH_E_NOKEY:
		return -ENOKEY;
	case IMGAUTH_E_KEYSLOTS:
		return -EUCLEAN;
	case IMGAUTH_E_FLASH:
		return -EIO;
	case IMGAUTH_E_BUSY:
		return -EBUSY;
	case IMGAUTH_E_CHANGED:
		return -EAGAIN;
	case IMGAUTH_E_EMPTY:
		return -ENODATA;
	case IMGAUTH_E_INTERNAL:
		return -EIO;
	case IMGAUTH_E_ROLLBACK:
		return -EKEYREVOKED;
	case IMGAUTH_E_LOCKED:
		return -EPERM;
	case IMGAUTH_E_STATEMENT:
		return -EKEYREJECTED;
	}
	return -EINVAL;
}

void ia_verdict_set(struct ia_verdict *vd, int status, const char *fmt, ...)
{
	char tmp[IMGAUTH_MSG_LEN];
	va_list ap;

	/* fmt may print vd->msg itself. */
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	strscpy(vd->msg, tmp, sizeof(vd->msg));
	vd->status = status;
	vd->why = NULL;
}

/**
 * ia_log_verdict() - the ScreenOS console lines of a verdict, to the log
 * @target: the region concerned
 * @vd: the verdict
 */
void ia_log_verdict(int target, const struct ia_verdict *vd)
{
	const char *name = ia_target_name(target);
	const struct ia_hdr *h = &vd->hdr;

	if (vd->have_hdr && h->magic == IMGAUTH_IMAGE_MAGIC) {
		pr_info("%s: platform = %u, cpu = %u, version = %u\n", name,
			h->platform, h->cpu, h->version);
		pr_info("%s: offset = %x, address = %x, size = %u\n", name,
			h->offset, h->address, h->size);
		pr_info("%s: date = %x, sw_version = %x, cksum = %x\n", name,
			h->date, h->sw_version, h->cksum);
	}
	if (vd->status == IMGAUTH_OK)
		pr_info("%s: %s\n", name, vd->msg);
	else if (vd->status == IMGAUTH_OK_UNAUTHENTICATED)
		pr_warn("%s: %s\n", name, vd->msg);
	else
		pr_err("%s: %s\n", name, vd->msg);
}

/**
 * ia_report() - log a verdict and announce it to the "events" group
 * @ia: device
 * @event: enum imgauth_event
 * @target: the region concerned
 * @vd: the verdict
 */
void ia_report(struct imgauth *ia, int event, int target,
	       const struct ia_verdict *vd)
{
	ia_log_verdict(target, vd);
	ia_event(event, target, vd->status, vd->msg);
}

void ia_notify(struct imgauth *ia, int event, int target, int status,
	       const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (!msg)
		return;
	if (ia_status_ok(status))
		pr_info("%s\n", msg);
	else
		pr_err("%s\n", msg);
	ia_event(event, target, status, msg);
	kfree(msg);
}
