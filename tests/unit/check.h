/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' one assertion: CHECK(cond, fmt, ...) counts, reports a
 * failure with its file and line and carries on; check_done() prints the
 * verdict line and gives main()'s return value.
 */
#ifndef IA_TEST_CHECK_H
#define IA_TEST_CHECK_H

#include <stdio.h>

static int failures, checks;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

static inline int check_done(const char *name)
{
	if (failures) {
		fprintf(stderr, "%s: %d of %d checks failed\n", name, failures,
			checks);
		return 1;
	}
	printf("%s: %d checks passed\n", name, checks);
	return 0;
}

#endif
