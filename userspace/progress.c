// SPDX-License-Identifier: GPL-2.0
/*
 * Progress display.  progress_update() is called once per packet, tens of
 * thousands of times a second, so it returns early unless something
 * visible changes: the bar redraws at most ten times a second, marks and
 * lines are emitted by progress steps.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define NSEC			1000000000ull
#define BAR_PERIOD_NS		(NSEC / 10)
#define LINES_PERIOD_NS		(5 * NSEC)
/* A known size gets one row of this many marks, whatever the size. */
#define MARKS_ROW		50
/* An unknown size gets a mark per this many bytes, rows of 64. */
#define MARK_BYTES		(256 * 1024)
#define MARKS_WRAP		64

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

void progress_fmt_bytes(char *buf, size_t len, double bytes)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (bytes >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		bytes /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%.0f B", bytes);
	else
		snprintf(buf, len, "%.1f %s", bytes, unit[u]);
}

enum progress_style progress_auto(FILE *out, enum progress_style fallback)
{
	const char *term = getenv("TERM");

	/* A bar needs a terminal that can redraw a line; a serial console
	 * (TERM unset or dumb) gets the ScreenOS marks instead. */
	if (!isatty(fileno(out)) || !term || !*term || !strcmp(term, "dumb"))
		return fallback;
	return PROGRESS_BAR;
}

static unsigned int term_width(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

void progress_begin(struct progress *p, enum progress_style style,
		    FILE *out, const char *label, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->style = style;
	p->out = out ? out : stderr;
	snprintf(p->label, sizeof(p->label), "%s", label);
	p->total = total;
	p->start_ns = p->last_ns = now_ns();
	p->active = style != PROGRESS_NONE;
	if (style == PROGRESS_BAR)
		p->width = term_width(p->out);
}

void progress_set_total(struct progress *p, uint64_t total)
{
	p->total = total;
}

static double rate(const struct progress *p, uint64_t t)
{
	double secs = (double)(t - p->start_ns) / NSEC;

	return secs > 0 ? (double)p->done / secs : 0;
}

static void draw_bar(struct progress *p, uint64_t t)
{
	char done[16], total[16], speed[16], tail[96];
	double r = rate(p, t);
	unsigned int cols, fill, k;

	progress_fmt_bytes(done, sizeof(done), (double)p->done);
	progress_fmt_bytes(speed, sizeof(speed), r);
	if (!p->total || p->done > p->total) {
		snprintf(tail, sizeof(tail), " %s  %s/s", done, speed);
		fprintf(p->out, "\r%s%s\033[K", p->label, tail);
		goto out;
	}
	progress_fmt_bytes(total, sizeof(total), (double)p->total);
	if (r > 0 && p->done < p->total) {
		unsigned long eta = (unsigned long)((double)(p->total - p->done) / r);

		snprintf(tail, sizeof(tail), " %3u%% %s/%s %s/s ETA %lu:%02lu",
			 (unsigned int)(p->done * 100 / p->total), done, total,
			 speed, eta / 60, eta % 60);
	} else {
		snprintf(tail, sizeof(tail), " %3u%% %s/%s %s/s",
			 (unsigned int)(p->done * 100 / p->total), done, total,
			 speed);
	}
	/* label, space, brackets, tail; whatever is left is the bar. */
	k = (unsigned int)(strlen(p->label) + strlen(tail) + 4);
	cols = p->width > k + 10 ? p->width - k : 10;
	fill = (unsigned int)((double)cols * (double)p->done / (double)p->total);
	fprintf(p->out, "\r%s [", p->label);
	for (k = 0; k < cols; k++)
		fputc(k < fill ? '#' : ' ', p->out);
	fprintf(p->out, "]%s\033[K", tail);
out:
	fflush(p->out);
	p->dirty = true;
}

static void draw_marks(struct progress *p)
{
	uint64_t want = p->total ? p->done * MARKS_ROW / p->total :
			p->done / MARK_BYTES;

	if (p->total && want > MARKS_ROW)
		want = MARKS_ROW;
	if (want <= p->marks)
		return;
	while (p->marks < want) {
		fputc('!', p->out);
		p->marks++;
		if (!p->total && p->marks % MARKS_WRAP == 0)
			fputc('\n', p->out);
	}
	p->dirty = p->total || p->marks % MARKS_WRAP;
	fflush(p->out);
}

static void draw_line(struct progress *p, uint64_t t, bool force)
{
	char done[16], total[16];
	unsigned int pct = p->total ?
		(unsigned int)(p->done * 100 / p->total) : 0;

	if (!force && (p->total ? pct / 10 <= p->pct / 10 :
				  t - p->last_ns < LINES_PERIOD_NS))
		return;
	p->pct = pct;
	p->last_ns = t;
	progress_fmt_bytes(done, sizeof(done), (double)p->done);
	if (!p->total) {
		fprintf(p->out, "%s: %s\n", p->label, done);
	} else {
		progress_fmt_bytes(total, sizeof(total), (double)p->total);
		fprintf(p->out, "%s: %u%% (%s of %s)\n", p->label, pct, done,
			total);
	}
	fflush(p->out);
}

void progress_update(struct progress *p, uint64_t done)
{
	uint64_t t;

	if (!p->active)
		return;
	p->done = done;
	switch (p->style) {
	case PROGRESS_BAR:
		t = now_ns();
		if (t - p->last_ns >= BAR_PERIOD_NS) {
			p->last_ns = t;
			draw_bar(p, t);
		}
		break;
	case PROGRESS_MARKS:
		draw_marks(p);
		break;
	case PROGRESS_LINES:
		draw_line(p, now_ns(), false);
		break;
	case PROGRESS_NONE:
		break;
	}
}

void progress_end(struct progress *p, bool ok)
{
	uint64_t t = now_ns();

	if (!p->active)
		return;
	if (p->style == PROGRESS_BAR && ok)
		draw_bar(p, t);
	else if (p->style == PROGRESS_MARKS && ok)
		draw_marks(p);
	else if (p->style == PROGRESS_LINES && ok && p->pct != 100)
		draw_line(p, t, true);
	if (p->dirty)
		fputc('\n', p->out);
	fflush(p->out);
	p->active = false;
}
