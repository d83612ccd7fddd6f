#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The boot hook as "make install" installs it: the systemd unit passes
# "systemd-analyze verify" in the installed tree, the initramfs-tools
# hook (under initramfs-tools' own hook-functions) puts imgauthctl, its
# libraries and /etc/imgauth/boot.conf into an initramfs tree, and the
# boot script answers "prereqs" as initramfs-tools asks.  (The boot script
# running under the initramfs' functions: tests/vm/test_boot_initramfs.sh.)
# Run from the repository root, after "make".
set -u
. tests/lib/host.sh

command -v systemd-analyze >/dev/null || { echo "no systemd-analyze: scripts/deps.sh" >&2; exit 1; }
[ -r /usr/share/initramfs-tools/hook-functions ] ||
	{ echo "no initramfs-tools: scripts/deps.sh" >&2; exit 1; }
D=$W/dest
run "make install-tool install-boot" 0 make -s install-tool install-boot DESTDIR="$D"
for f in usr/sbin/imgauthctl usr/share/man/man8/imgauthctl.8 \
	lib/systemd/system/imgauth-boot.service \
	usr/share/initramfs-tools/hooks/imgauth \
	usr/share/initramfs-tools/scripts/local-premount/imgauth; do
	n=$((n + 1))
	[ -f "$D/$f" ] || fail "not installed: $f"
done
for f in hooks/imgauth scripts/local-premount/imgauth; do
	n=$((n + 1))
	[ -x "$D/usr/share/initramfs-tools/$f" ] || fail "not executable: $f"
done

# The unit, as systemd reads it in the installed tree (its man page too).
run "systemd-analyze verify" 0 env MANPATH="$D/usr/share/man" \
	systemd-analyze verify --root="$D" imgauth-boot.service
[ -s "$W/out" ] || [ -s "$W/err" ] && { fail "systemd-analyze said something"; show "$W/out" "$W/err"; }
# And it is what the documentation says.
U=$D/lib/systemd/system/imgauth-boot.service
for l in "Before=sysinit.target" "DefaultDependencies=no" "Type=oneshot" \
	"SuccessExitStatus=10 11" "ConditionPathExists=!/run/imgauth/boot.env" \
	"ExecStart=/usr/sbin/imgauthctl boot --batch --env /run/imgauth/boot.env \$IMGAUTH_BOOT_ARGS"; do
	contains "unit: $l" "$U" "$l"
done

# The initramfs-tools hook, as mkinitramfs calls it.
I=$W/initramfs
mkdir -p "$I" "$W/etc"
run "hook prereqs" 0 sh "$D/usr/share/initramfs-tools/hooks/imgauth" prereqs
[ -z "$(tr -d '\n' <"$W/out")" ] || fail "hook prereqs: $(cat "$W/out")"
echo 'IMGAUTH_BOOT_ARGS="--save y"' >"$W/etc/boot.conf"
run "hook" 0 env DESTDIR="$I" verbose=n version="$(scripts/kver.sh)" \
	IMGAUTHCTL="$D/usr/sbin/imgauthctl" IMGAUTH_BOOT_CONF="$W/etc/boot.conf" \
	sh "$D/usr/share/initramfs-tools/hooks/imgauth"
same "hook: boot.conf" "$W/etc/boot.conf" "$I/etc/imgauth/boot.conf"
n=$((n + 1))
[ -x "$I/usr/sbin/imgauthctl" ] || fail "hook: no imgauthctl in the initramfs"
n=$((n + 1))
ls "$I"/usr/lib/*/libmnl.so.0 >/dev/null 2>&1 || fail "hook: libmnl not copied"
n=$((n + 1))
ls "$I"/usr/lib/*/libcrypto.so.3 >/dev/null 2>&1 || fail "hook: libcrypto not copied"
run "hook, no imgauthctl" 0 env DESTDIR="$I" verbose=n version="$(scripts/kver.sh)" \
	IMGAUTHCTL="$W/none" sh "$D/usr/share/initramfs-tools/hooks/imgauth"
contains "hook, no imgauthctl" "$W/err" "no boot check"

# The boot script's prereqs, and its shell.
S=$D/usr/share/initramfs-tools/scripts/local-premount/imgauth
run "script prereqs" 0 sh "$S" prereqs
[ -z "$(tr -d '\n' <"$W/out")" ] || fail "script prereqs: $(cat "$W/out")"
run "sh -n" 0 sh -n "$S"
if command -v shellcheck >/dev/null; then
	run "shellcheck" 0 shellcheck -s sh "$S" "$D/usr/share/initramfs-tools/hooks/imgauth"
fi

summary
