#!/bin/sh
# Print the kernel release the module is built for and the guest boots:
# the newest /lib/modules/*/build that has a matching /boot/vmlinuz-*.
# KVER in the environment overrides.
set -eu
if [ -n "${KVER:-}" ]; then
	echo "$KVER"
	exit 0
fi
best=""
for b in /lib/modules/*/build; do
	[ -e "$b/Makefile" ] || continue
	v=$(basename "$(dirname "$b")")
	[ -r "/boot/vmlinuz-$v" ] || continue
	best="$best$v
"
done
v=$(printf '%s' "$best" | sort -V | tail -n 1)
if [ -z "$v" ]; then
	echo "kver: no kernel with both headers and /boot/vmlinuz; run scripts/deps.sh" >&2
	exit 1
fi
echo "$v"
