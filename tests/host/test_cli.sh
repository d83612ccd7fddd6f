#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One command line convention for every command: "imgauthctl help",
# "imgauthctl OBJECT help" and OBJECT VERB --help / -h / help print usage
# on stdout and exit 0; an option a command does not have is a usage
# error (exit 2) whatever the command; -j is taken by every command, an
# extra operand by none; URL schemes are case-insensitive.  No module is
# needed: the host has none, so commands that reach the module end with
# exit 6, which shows that their arguments were taken.
# Run from the repository root.
set -u

. tests/lib/host.sh
. tests/lib/tftpd.sh
host_on_exit tftpd_stop

# Every command, by its words, and operands that parse.
CMDS=(
	"key show|"
	"key install|$W/k.cer"
	"key delete|"
	"key lock|"
	"key unlock|$W/k.stmt"
	"key unprovision|$W/k.stmt"
	"key rotate|--old $W/x.pem --unlock -o $W/out"
	"key statement|$W/k.stmt"
	"key fingerprint|$W/k.cer"
	"image info|$W/img"
	"image verify|$W/img"
	"image sign|$W/payload -k $W/x.pem -o $W/out"
	"image install|$W/img"
	"image commit|image1"
	"image check|image0"
	"floor show|"
	"floor raise|6.3.0r17"
	"log|"
	"config save|tftp://127.0.0.1:9/x"
	"config loader show|"
	"config loader set|self-ip 10.0.0.1"
	"system|"
	"tftp get|tftp://127.0.0.1:9/x -o $W/got"
	"tftp put|$W/payload tftp://127.0.0.1:9/x"
	"events|"
	"verify-sig|--batch $W/none"
	"completion|bash"
)
: >"$W/k.cer"
: >"$W/k.stmt"
: >"$W/img"
: >"$W/payload"

# help at every level: stdout, exit 0, nothing on stderr.
for h in help -h --help; do
	run "top $h" 0 "$T" $h
	contains "top $h" "$W/out" "Usage: imgauthctl"
	[ -s "$W/err" ] && fail "top $h: stderr: $(cat "$W/err")"
done
for obj in key image floor config "config loader" tftp; do
	for h in help -h --help; do
		# shellcheck disable=SC2086	# the object's words
		run "$obj $h" 0 "$T" $obj $h
		contains "$obj $h" "$W/out" "Usage: imgauthctl $obj VERB"
	done
	# shellcheck disable=SC2086
	run "help $obj" 0 "$T" help $obj
	contains "help $obj" "$W/out" "Usage: imgauthctl $obj VERB"
done
for form in save delete exec get; do
	run "$form help" 0 "$T" $form help
	contains "$form help" "$W/out" "save software from tftp HOST FILE to flash"
done
for c in "${CMDS[@]}"; do
	words=${c%%|*}
	for h in --help -h help; do
		# shellcheck disable=SC2086
		run "$words $h" 0 "$T" $words $h
		contains "$words $h" "$W/out" "Usage: imgauthctl $words"
		[ -s "$W/err" ] && fail "$words $h: stderr: $(cat "$W/err")"
	done
done
# A ScreenOS form's help is its command's.
run "get system --help" 0 "$T" get system --help
contains "get system --help" "$W/out" "Usage: imgauthctl system"
run "help json" 0 "$T" -j image install --help
json_line "help json" "d['usage'].startswith('Usage: imgauthctl image install SRC')"

# An unknown option is a usage error everywhere, before anything is done.
for c in "${CMDS[@]}"; do
	words=${c%%|*}
	ops=${c#*|}
	# shellcheck disable=SC2086	# words and operands
	run "$words --anything" 2 "$T" $words $ops --anything
	contains "$words --anything" "$W/err" "unknown option --anything"
done
for c in "image commit image0" "image check image0" "key delete" "key lock" \
	"floor raise 6.3.0r1" "log --verify" "system"; do
	# shellcheck disable=SC2086
	run "$c --frob" 2 "$T" $c --frob
done
run "unknown global" 2 "$T" --frob key show
run "unknown object" 2 "$T" frobnicate
run "unknown verb" 2 "$T" image frobnicate
contains "unknown verb" "$W/err" 'unknown verb "frobnicate"'
run "no verb" 2 "$T" image
run "no command" 2 "$T"

# -j after the words, on every command that shows state: taken (exit 6,
# no module here, not 2), and so is -q.
for c in "key show" "key" "config loader show" "config loader" "system" \
	"image check image0" "events" "exec pki test skey" "get system" \
	"floor show" "floor" "log" "log --verify" "key lock"; do
	for j in -j --json; do
		# shellcheck disable=SC2086
		run "$c $j" 6 "$T" $c $j
		json_line "$c $j" "d['exit'] == 6"
	done
	# shellcheck disable=SC2086
	run "$c -q" 6 "$T" $c -q
done
run "fingerprint -j" 0 "$T" key fingerprint "$W/k.cer" -j
json_line "fingerprint -j" "d['length'] == 0"
run "info -j" 4 "$T" image info "$W/img" -j
json_line "info -j" "d['status'] == 'bad-length'"

# An extra operand is refused, with or without -j.
for c in "key show" "key lock" "system" "config loader show" "events" \
	"image check image0" "image commit image0" "exec pki test skey" "get system" \
	"floor show" "floor raise 6.3.0r17" "log"; do
	# shellcheck disable=SC2086
	run "$c junk" 2 "$T" $c junk
	contains "$c junk" "$W/err" 'unexpected argument "junk"'
done
run "loader show -j junk" 2 "$T" config loader show -j junk
run "loader -j junk" 2 "$T" config loader -j junk
run "fingerprint two files" 2 "$T" key fingerprint "$W/k.cer" "$W/k.cer"
run "key delete two statements" 2 "$T" key delete "$W/k.stmt" "$W/k.stmt"
run "floor raise no version" 2 "$T" floor raise
run "loader set odd" 2 "$T" config loader set self-ip

# URL schemes in any case, everywhere a URL goes.
R=$W/root
mkdir -p "$R"
tftpd_mkfile "$R/key.cer" 700
tftpd_mkfile "$R/cfg" 300
tftpd_hpa_start "$R" "" 127.0.0.1 --create || { echo "no tftpd-hpa" >&2; exit 1; }
P=127.0.0.1:$TFTPD_PORT
for scheme in TFTP Tftp tftp; do
	run "$scheme get" 0 "$T" -q tftp get "$scheme://$P/cfg" -o "$W/cfg"
	same "$scheme get" "$R/cfg" "$W/cfg"
	# Fetched, then refused as no key: not taken for a file name.
	run "$scheme key install" 4 "$T" -q key install "$scheme://$P/key.cer"
	contains "$scheme key install" "$W/err" "$scheme://$P/key.cer: "
	grep -q "No such file" "$W/err" && fail "$scheme key install: read as a file"
	run "$scheme image verify" 4 "$T" -q image verify "$scheme://$P/key.cer" --key "$W/k.cer"
	grep -q "No such file" "$W/err" && fail "$scheme image verify: read as a file"
	install -m 0666 /dev/null "$R/up.$scheme"
	run "$scheme config save" 0 "$T" -q config save "$scheme://$P/up.$scheme" --file "$W/payload"
done

summary
