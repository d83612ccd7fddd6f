#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# docs/imgauthctl.8 and the tool agree: every command of the table is in
# the SYNOPSIS, every option its --help lists is in the page, every option
# the page names is one the tool has, the defaults it gives are the
# tool's, the ScreenOS forms take TFTP options as both say, and -q is what
# the page says (nothing but errors).  Run from the repository root.
set -u

K=build/fixtures/keys
. tests/lib/fixtures.sh
fixtures_keys "$K" || exit 1
. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

MAN=docs/imgauthctl.8
# Rendered, with the blanks of justified lines made one space.
MANWIDTH=200 man -l "$MAN" 2>/dev/null | col -b | sed 's/[[:space:]]\+/ /g' >"$W/man.txt"
[ -s "$W/man.txt" ] || { echo "cannot render $MAN" >&2; exit 1; }
run "groff warnings" 0 groff -man -ww -z "$MAN"
[ -s "$W/err" ] && fail "groff: $(cat "$W/err")"
sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$W/man.txt" >"$W/synopsis"

"$T" completion bash >"$W/c.bash"
mapfile -t cmds < <(bash -c '. "$1"; printf "%s\n" "${_imgauthctl_cmds[@]}"' _ "$W/c.bash")
mapfile -t forms < <(bash -c '. "$1"; printf "%s\n" "${_imgauthctl_forms[@]}"' _ "$W/c.bash")
[ "${#cmds[@]}" -ge 19 ] || fail "only ${#cmds[@]} commands"

# Every command and ScreenOS form in the SYNOPSIS.
for c in "${cmds[@]}"; do
	n=$((n + 1))
	# "key [show]": the verb a bare object means is in brackets.
	pattern=$(echo "$c" | sed -E 's/ (show)$/ \\[?\1\\]?/')
	grep -qE "^ imgauthctl $pattern( |$)" "$W/synopsis" || fail "SYNOPSIS lacks \"imgauthctl $c\""
done
for f in "${forms[@]}"; do
	n=$((n + 1))
	grep -qF "imgauthctl $f" "$W/synopsis" || fail "SYNOPSIS lacks \"imgauthctl $f\""
done

# Every option of --help in the page, every option of the page in some --help.
: >"$W/tool.opts"
for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086	# the command's words
	"$T" $c --help >"$W/help" || fail "$c --help"
	grep -oE -- '--[a-z][a-z0-9-]*' "$W/help" | sort -u >"$W/copts"
	cat "$W/copts" >>"$W/tool.opts"
	while read -r o; do
		n=$((n + 1))
		grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$W/man.txt" || fail "the page lacks $o ($c)"
	done <"$W/copts"
done
echo --version >>"$W/tool.opts"
sort -u "$W/tool.opts" -o "$W/tool.opts"
# --flag and --name stand for any option ("--name value").
grep -oE -- '(^|[ [(|,])--[a-z][a-z0-9-]*' "$W/man.txt" | sed 's/^[^-]*//' |
	grep -vxE -- '--(flag|name)' | sort -u >"$W/man.opts"
while read -r o; do
	n=$((n + 1))
	grep -qxF -- "$o" "$W/tool.opts" || fail "the page names $o, which no command takes"
done <"$W/man.opts"

# The defaults: the page says what --help says.
"$T" tftp get --help >"$W/help"
for d in "8..65464 (default 65464)" "default 16"; do
	contains "tftp default $d" "$W/help" "$d"
done
n=$((n + 2))
grep -q "8..65464; default 65464" "$W/man.txt" || fail "the page: --blksize default"
grep -q "Default 16 to receive" "$W/man.txt" || fail "the page: --windowsize default"
grep -q "TFTP options are refused" "$W/man.txt" && fail "the page refuses TFTP options on a ScreenOS form"

# The ScreenOS forms take TFTP options, as the page says.
for f in "save software from tftp h f to flash" "save image-key tftp h f" \
	"save config to tftp h f"; do
	# shellcheck disable=SC2086
	run "$f --blksize" 0 "$T" $f --blksize 1468 --windowsize 2 --help
done

# -q: nothing but errors, no progress (the page once said otherwise).
contains "-q in the page" "$W/man.txt" "Print errors only: no ScreenOS console lines, no progress"
R=$W/root
mkdir -p "$R"
head -c 3000 /dev/urandom >"$W/payload"
"$T" -q image sign --key "$K/dsa1024_160.pem" -o "$R/img" "$W/payload" || fail "sign"
tftpd_hpa_start "$R" "" 127.0.0.1 || { echo "no tftpd-hpa" >&2; exit 1; }
run "-q verify over TFTP" 0 "$T" -q image verify "tftp://127.0.0.1:$TFTPD_PORT/img" \
	--key "$K/imagekey1024_160.cer"
[ -s "$W/out" ] || [ -s "$W/err" ] && fail "-q verify over TFTP: printed $(cat "$W/out" "$W/err")"
cp "$K/imagekey1024_160.cer" "$R/key.cer"
run "-q key install" 6 "$T" -q key install "tftp://127.0.0.1:$TFTPD_PORT/key.cer"
grep -v '^imgauthctl: ' "$W/err" | grep -q . && fail "-q key install: $(cat "$W/err")"

# The page says what a missing module is: 6, for netlink and devices.
n=$((n + 1))
sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' "$W/man.txt" | grep -E '^ 6 ' | grep -q '/dev/imgauth' ||
	fail "the page: exit 6 does not cover a missing /dev/imgauth node"
run "no device node" 6 env IMGAUTH_DEV_DIR="$W" "$T" image install "$R/img"

summary
