# SPDX-License-Identifier: GPL-2.0
#
# Summaries of make bench's raw lines (tests/bench/README.md), tab-separated:
#
#   time KEY... SECONDS  ->  time GROUP CONFIG BYTES N MEDIAN MIN MAX
#   mem KEY... K S H NS  ->  mem  GROUP CONFIG BYTES N  then median,
#                            min and max of K (kernel-used rise, KiB),
#                            S (Slab rise, KiB) and H (tool VmHWM, KiB)
#   fail GROUP CONFIG BYTES RUN WHY  ->  fails GROUP CONFIG BYTES COUNT
#   meta KEY VALUE       ->  passed through
#
# Groups come out in the order they first appear.
BEGIN { FS = OFS = "\t" }

function isort(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
}

function median(a, n) {
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

# summary "KEY" COUNT: the values of one series in v[1..n], sorted.
function series(key, field, n,    i, v) {
	for (i = 1; i <= n; i++)
		v[i] = val[key, field, i] + 0
	isort(v, n)
	return sprintf("%.6g\t%.6g\t%.6g", median(v, n), v[1], v[n])
}

$1 == "meta" { print; next }
$1 == "time" || $1 == "mem" {
	key = $1 OFS $2 OFS $3 OFS $4
	if (!(key in cnt)) order[++nk] = key
	c = ++cnt[key]
	if ($1 == "time") {
		val[key, 1, c] = $6
	} else {
		val[key, 1, c] = $6
		val[key, 2, c] = $7
		val[key, 3, c] = $8
	}
	next
}
$1 == "fail" { fails[$2 OFS $3 OFS $4]++; next }

END {
	for (k = 1; k <= nk; k++) {
		key = order[k]
		n = cnt[key]
		if (key ~ /^time/)
			print key, n, series(key, 1, n)
		else
			print key, n, series(key, 1, n), series(key, 2, n), series(key, 3, n)
	}
	for (f in fails)
		print "fails", f, fails[f]
}
