#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion "imgauthctl completion bash" writes from the command
# table: it completes objects, verbs, options and their values and the
# ScreenOS words; every command and option it offers is one the parser
# takes and --help lists; "make install" installs it.
# Run from the repository root.
set -u

. tests/lib/host.sh

run "completion bash" 0 "$T" completion bash || { summary; exit 1; }
cp "$W/out" "$W/imgauthctl.bash"
run "bash -n" 0 bash -n "$W/imgauthctl.bash"
run "completion zsh" 2 "$T" completion zsh

# complete NAME WORDS... -- WANT...: completing the last of WORDS (may be
# empty) offers at least WANT, and with WANT "!" nothing.
complete_words() {
	local name=$1 got want w

	shift
	n=$((n + 1))
	got=$(cd "$W/cwd" && bash -c '
		. "$1"
		shift
		words=()
		while [ "$1" != -- ]; do words+=("$1"); shift; done
		COMP_WORDS=(imgauthctl "${words[@]}")
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		_imgauthctl
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$W/imgauthctl.bash" "$@")
	while [ "$1" != -- ]; do shift; done
	shift
	for want in "$@"; do
		if [ "$want" = "!" ]; then
			[ -z "$got" ] || fail "$name: offers $(echo $got)"
			continue
		fi
		printf '%s\n' "$got" | grep -qxF -- "$want" ||
			fail "$name: no \"$want\" in: $(echo $got)"
	done
	for w in $got; do
		case $w in *" "*) fail "$name: a word with a blank: $w" ;; esac
	done
}

mkdir -p "$W/cwd"
: >"$W/cwd/fw.img"
complete_words "objects" "" -- key image config system tftp events verify-sig \
	completion save delete exec get help
complete_words "object prefix" "im" -- image
complete_words "image verbs" image "" -- info verify sign install commit check
complete_words "config" config "" -- save loader
complete_words "config loader" config loader "" -- show set
complete_words "tftp" tftp "" -- get put
complete_words "boot" "bo" -- boot
complete_words "boot verbs" boot "" -- mark-good
complete_words "boot options" boot --b -- --batch
complete_words "boot mark-good" boot mark-good "" -- !
complete_words "global options" "-" -- -j --json -q --quiet -h --help -V --version
complete_words "tftp options" tftp get --bl -- --blksize
complete_words "install options" image install --d -- --dry-run
complete_words "common options" key show - -- -j --json -q --quiet -h --help
complete_words "progress values" tftp get --progress "" -- auto none bar lines
complete_words "commit slots" image commit "" -- image0 image1
complete_words "check regions" image check "" -- loader image0 image1
complete_words "file operand" image info "" -- fw.img
complete_words "file option" image sign -k "" -- fw.img
complete_words "src operand" image install "" -- fw.img tftp://
complete_words "loader fields" config loader set "" -- boot-file self-ip gateway
complete_words "shell" completion "" -- bash
complete_words "ScreenOS save" save "" -- software image-key config
complete_words "ScreenOS words" save software "" -- from
complete_words "ScreenOS HOST" save software from tftp "" -- "!"
complete_words "ScreenOS to" save software from tftp 192.0.2.1 fw.img "" -- to
complete_words "ScreenOS flash" save software from tftp 192.0.2.1 fw.img to "" -- flash
complete_words "ScreenOS options" save image-key tftp 192.0.2.1 k.cer --w -- --windowsize
complete_words "ScreenOS exec" exec "" -- pki
complete_words "after -j" -j image "" -- info verify

# What it offers, the parser takes and --help shows: each command, and
# each of its options (given a value when it takes one).
mapfile -t cmds < <(bash -c '. "$1"; printf "%s\n" "${_imgauthctl_cmds[@]}"' _ "$W/imgauthctl.bash")
[ "${#cmds[@]}" -ge 19 ] || fail "only ${#cmds[@]} commands"
for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086	# the command's words
	run "$c --help" 0 "$T" $c --help || continue
	cp "$W/out" "$W/help"
	opts=$(bash -c '. "$1"; echo "${_imgauthctl_opts[$2]}"' _ "$W/imgauthctl.bash" "$c")
	for o in $opts; do
		grep -qE -- "(^|[ ,])$o([ ,=]|$)" "$W/help" || fail "$c: $o offered, not in --help"
		takes=$(bash -c '. "$1"; echo "${_imgauthctl_args[$2|$3]+yes}"' _ \
			"$W/imgauthctl.bash" "$c" "$o")
		case $o in --progress) v=none ;; --blksize) v=512 ;; *) v=1 ;; esac
		# shellcheck disable=SC2086
		if [ -n "$takes" ]; then
			run "$c $o $v" 0 "$T" $c "$o" "$v" --help
		else
			run "$c $o" 0 "$T" $c "$o" --help
		fi
	done
done

# make install puts it where bash-completion finds it.
run "make install-tool" 0 make -s install-tool DESTDIR="$W/inst"
same "installed completion" "$W/imgauthctl.bash" \
	"$W/inst/usr/share/bash-completion/completions/imgauthctl"
[ -x "$W/inst/usr/sbin/imgauthctl" ] || fail "make install-tool: no imgauthctl"
[ -f "$W/inst/usr/share/man/man8/imgauthctl.8" ] || fail "make install-tool: no man page"

summary
