#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "imgauthctl boot" and "boot mark-good" on the host, where no module is:
# usage errors are 2 and say what is wrong, a missing module is 6 with
# nothing on stdout (the outcome lines are only written once there is an
# outcome) or the one JSON error object, and the help says the outcome
# codes and lines.  The boot check itself runs in the guest
# (tests/vm/test_boot_*).  Run from the repository root.
set -u
. tests/lib/host.sh

run "bad --save" 2 "$T" boot --save x
contains "bad --save" "$W/err" "--save takes y, n or m"
run "bad --prompt-timeout" 2 "$T" boot --prompt-timeout soon
contains "bad --prompt-timeout" "$W/err" "--prompt-timeout"
run "empty --download" 2 "$T" boot --download ""
run "operand" 2 "$T" boot image0
contains "operand" "$W/err" 'unexpected argument "image0"'
run "mark-good operand" 2 "$T" boot mark-good image0
run "unknown option" 2 "$T" boot --frob
[ -s "$W/out" ] && fail "usage error: stdout not empty"

run "no module" 6 "$T" boot --batch
contains "no module" "$W/err" "not loaded"
[ -s "$W/out" ] && { fail "no module: stdout holds $(cat "$W/out")"; }
run "no module, --env" 6 "$T" boot --batch --env "$W/boot.env"
[ -e "$W/boot.env" ] && fail "--env written without an outcome"
run "no module, -j" 6 "$T" -j boot --batch
json_line "no module, -j" "d['exit'] == 6 and 'not loaded' in d['error']"
run "mark-good, no module" 6 "$T" boot mark-good

run "help" 0 "$T" boot --help
for t in --batch --env --save --download --prompt-timeout --retries \
	"10 fell back" "11 recovered" "12 nothing" "boot mark-good" "IMGAUTH_"; do
	contains "help: $t" "$W/out" "$t"
done
run "object help" 0 "$T" help boot
contains "object help" "$W/out" "boot mark-good"
run "boot help" 0 "$T" boot help
contains "boot help" "$W/out" "Usage: imgauthctl boot"
run "-j help" 0 "$T" -j boot --help
json_line "-j help" "'--batch' in d['usage']"
run "exit code table" 0 "$T" help
contains "exit code table" "$W/out" "  12 boot: nothing bootable"

summary
