// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "cli.h"
#include "dev.h"
#include "module.h"

int open_module(struct nl *nl)
{
	int ret = nl_open(nl);

	if (!ret)
		return EXIT_OK;
	errmsg("%s", nl->err);
	return ret == -ENOENT ? EXIT_NOMODULE : exit_code_for_errno(ret);
}

int module_request(uint8_t cmd, const char *what, nl_reply_fn cb, void *data)
{
	char buf[256] __attribute__((aligned(4)));
	struct nl nl;
	int rc, ret;

	rc = open_module(&nl);
	if (rc)
		return rc;
	ret = nl_transact(&nl, nl_request(&nl, buf, sizeof(buf), cmd), cb, data);
	if (ret) {
		errmsg("%s: %s", what, nl_strerror(&nl, ret));
		rc = exit_code_for_errno(ret);
	}
	nl_close(&nl);
	return rc;
}

int module_region_size(const char *node, uint64_t *size)
{
	struct imgauth_region_info info;
	int ret = dev_region_info(node, &info);

	if (ret) {
		errmsg("%s: %s", node, dev_strerror(ret));
		return dev_exit_code(ret);
	}
	*size = info.size;
	return 0;
}
