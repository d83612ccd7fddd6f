/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progress of a long operation (a download, a flash write): a redrawn bar
 * on a terminal, a row of ScreenOS-style '!' marks, or a few plain lines
 * in a log.  Output is rate-limited so that no style floods its stream.
 */
#ifndef IA_PROGRESS_H
#define IA_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum progress_style {
	PROGRESS_NONE,
	PROGRESS_BAR,		/* one line redrawn with \r: bytes, rate, ETA */
	PROGRESS_MARKS,		/* '!' marks, like ScreenOS */
	PROGRESS_LINES,		/* a line every 10% or every few seconds */
};

struct progress {
	enum progress_style style;
	FILE *out;
	char label[48];
	uint64_t total;		/* 0: unknown */
	uint64_t done;
	uint64_t start_ns;
	uint64_t last_ns;	/* last output */
	uint64_t marks;		/* marks printed so far */
	unsigned int width;	/* terminal columns, bar only */
	unsigned int pct;	/* last percentage printed, lines only */
	bool active;
	bool dirty;		/* a bar or a row of marks is on the line */
};

/* PROGRESS_BAR if @out is a terminal, else @fallback. */
enum progress_style progress_auto(FILE *out, enum progress_style fallback);

void progress_begin(struct progress *p, enum progress_style style,
		    FILE *out, const char *label, uint64_t total);
/* The total may become known after the start (TFTP tsize in the OACK). */
void progress_set_total(struct progress *p, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
/* Final state and newline; @ok false leaves the bar where it stopped. */
void progress_end(struct progress *p, bool ok);

/* "12.3 MiB" into @buf. */
void progress_fmt_bytes(char *buf, size_t len, double bytes);

#endif
