/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A streaming JSON writer for --json output: one object per command,
 * keys in a stable order, byte strings as lower-case hex, text as UTF-8
 * (invalid bytes become U+FFFD).
 */
#ifndef IA_JSON_H
#define IA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
/* @key is NULL inside arrays and for the top level. */
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);	/* the top-level end adds "\n" */
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_i64(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
void json_hex(struct json *j, const char *key, const uint8_t *data, size_t len);

/* How many top-level documents went to stdout: one per run, cli.c checks. */
unsigned int json_stdout_docs(void);

#endif
