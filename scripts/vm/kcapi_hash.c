// SPDX-License-Identifier: GPL-2.0
/*
 * ia-kcapi-hash ALG: digest standard input with the kernel's crypto API
 * (AF_ALG) and print it in hex.
 *
 * The guest has no compiler and no python, and busybox cannot reach AF_ALG;
 * this is how a guest test makes the kernel itself allocate a hash by name,
 * which is the path (crypto_alloc_* -> request_module("crypto-NAME")) that
 * the imgauth module relies on for autoloading sha384 and friends. Built
 * static on the host by scripts/vm/build-base.sh.
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

int main(int argc, char **argv)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG, .salg_type = "hash" };
	unsigned char buf[65536];
	ssize_t n;
	int tfm, op, i;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sa.salg_name)) {
		fprintf(stderr, "usage: ia-kcapi-hash ALG < DATA\n");
		return 2;
	}
	strcpy((char *)sa.salg_name, argv[1]);
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0 || bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("ia-kcapi-hash: AF_ALG bind");
		return 1;
	}
	op = accept(tfm, NULL, 0);
	if (op < 0) {
		perror("ia-kcapi-hash: accept");
		return 1;
	}
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		if (send(op, buf, n, MSG_MORE) != n) {
			perror("ia-kcapi-hash: send");
			return 1;
		}
	}
	if (n < 0) {
		perror("ia-kcapi-hash: read");
		return 1;
	}
	/* The final zero-length send without MSG_MORE completes the digest. */
	if (send(op, buf, 0, 0) < 0) {
		perror("ia-kcapi-hash: send");
		return 1;
	}
	n = read(op, buf, sizeof(buf));
	if (n <= 0) {
		perror("ia-kcapi-hash: read digest");
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%02x", buf[i]);
	printf("\n");
	return 0;
}
