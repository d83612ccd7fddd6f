#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tool's layers, from its object files: imgauthctl.c only finds and
# runs the commands; each cmd_*.c uses only what lies below it (cli.c,
# module.c, fetch.c, tftp*.c, ...), never another command file nor main;
# nothing below the commands calls up into them; and TFTP's two
# directions run the one retransmission loop (xfer_loop, tftp_loop.c)
# instead of a loop each.  Run from the repository root, after "make asan".
set -u

. tests/lib/host.sh

O=${IMGAUTH_OBJ_DIR:-build/asan/userspace}
SRC=${IMGAUTH_SRC_DIR:-userspace}
[ -f "$O/imgauthctl.o" ] || { echo "no $O/imgauthctl.o: run make asan" >&2; exit 1; }
# The objects of today's sources (a removed file may leave its object).
objs=()
for c in "$SRC"/*.c; do
	objs+=("$O/$(basename "$c" .c).o")
done
cmd_objs=()
for f in "${objs[@]}"; do
	case $(basename "$f") in cmd_*) cmd_objs+=("$f") ;; esac
done

defined() { nm --defined-only -g "$1" | awk '{ print $3 }' | sort -u; }
undefined() { nm -u "$1" | awk '{ print $2 }' | sort -u; }

# Symbols each command file and main define.
for f in "${cmd_objs[@]}" "$O/imgauthctl.o"; do
	defined "$f" >"$W/def.$(basename "$f" .o)"
done
cat "$W"/def.cmd_* | sort -u >"$W/def.commands"

for f in "${objs[@]}"; do
	b=$(basename "$f" .o)
	[ "$b" = imgauthctl ] && continue
	undefined "$f" >"$W/undef"
	n=$((n + 1))
	# main is above everything.
	up=$(comm -12 "$W/undef" "$W/def.imgauthctl")
	[ -z "$up" ] || fail "$b.c uses main's $(echo $up)"
	case $b in
	cmd_*)
		# Nothing of another command file.
		others=$(cat "$W"/def.cmd_* 2>/dev/null | sort -u | comm -23 - "$W/def.$b")
		side=$(comm -12 "$W/undef" <(echo "$others"))
		[ -z "$side" ] || fail "$b.c uses another command's $(echo $side)"
		;;
	*)
		# Below the commands: nothing of theirs.
		up=$(comm -12 "$W/undef" "$W/def.commands")
		[ -z "$up" ] || fail "$b.c (below the commands) uses $(echo $up)"
		;;
	esac
done

# The commands reach the module through module.c, never nl_open() alone.
for f in "${cmd_objs[@]}"; do
	n=$((n + 1))
	undefined "$f" | grep -qx nl_open && fail "$(basename "$f" .o).c calls nl_open() itself"
done

# One retransmission loop for both directions.
for side in tftp_get tftp_put; do
	n=$((n + 1))
	[ -f "$O/$side.o" ] || { fail "no $side.o"; continue; }
	undefined "$O/$side.o" | grep -qx xfer_loop || fail "$side.c does not run xfer_loop()"
done
n=$((n + 1))
defined "$O/tftp_loop.o" | grep -qx xfer_loop || fail "xfer_loop() is not tftp_loop.c's"

summary
