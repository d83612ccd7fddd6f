# SPDX-License-Identifier: GPL-2.0
# Power cuts, swept (issue 13): for each kind of operation that writes
# flash, count the erases and programs of a clean run (N), then run it
# again from the same starting flash once per operation 1..N, cut there
# (fault_inject cut_at: that operation does half its work, everything
# after it fails), reload the module on the same flash and check what a
# user would see: the module loads, an image is selected and verifies (a
# boot check passes), the key is the old or the new one in all three
# slots, the key policy is not damaged, the journal chain verifies, the
# state is the old or the new one, and running the operation again gets
# the new state.  Short mode cuts at most $SHORT_CUTS evenly spread
# operations of a kind (the first and the last always), half of the cut
# operation landing; --long all of them, twice: half landing, and nothing
# (cut_keep=0: a program cut before its first byte, after its erase).
# Two kinds are what a load does, cut through module parameters: format
# (blank key slots) and scrubpol (a corrected read of the current key
# policy copy, rewritten by the scrub).
# Prints "sweep: KIND ops=N cuts=N ok=N bricked=N bad=N" per kind.
#	test_power_sweep.sh [--long] [KIND...]	(default: every kind)
. "$IMGAUTH_TESTS/lib/guest.sh"
. "$IMGAUTH_TESTS/lib/power_guest.sh"
cd "$IMGAUTH_SHARE" || fail "no share"
LONG=
[ "${1:-}" = --long ] && { LONG=1; shift; }
SHORT_CUTS=${SHORT_CUTS:-6}
mount -t debugfs none /sys/kernel/debug 2>/dev/null
F=/sys/kernel/debug/imgauth
# 18 blocks of 64 KiB: NVRAM (9), the loader (1), two image slots of 4.
ARGS="mtd=0 loader_size=65536 serial=SN-A"
START=/tmp/power-start.bin

fresh() {
	rmmod imgauth 2>/dev/null
	rmmod mtdram 2>/dev/null
	modprobe mtdram total_size=1152 erase_size=64 || fail "mtdram"
	# shellcheck disable=SC2086	# the parameters: words
	insmod "$IMGAUTH_KO" $ARGS fault_inject=1 || fail "insmod on a blank flash"
}
# The flash as the setup left it, and back to it.
save_start() {
	rmmod imgauth 2>/dev/null
	dd if=/dev/mtd0 of=$START bs=65536 2>/dev/null || fail "saving the flash"
}
restore_flash() {
	rmmod imgauth 2>/dev/null
	flash_erase -q /dev/mtd0 0 0 || fail "flash_erase"
	dd if=$START of=/dev/mtd0 bs=65536 2>/dev/null || fail "restoring the flash"
}
restore_start() {
	restore_flash
	# shellcheck disable=SC2086
	insmod "$IMGAUTH_KO" $ARGS fault_inject=1 || fail "insmod on the starting flash"
}
# After a cut: the module as the next boot loads it, no fault injection.
reload_plain() {
	rmmod imgauth 2>/dev/null
	# shellcheck disable=SC2086
	insmod "$IMGAUTH_KO" $ARGS
}
ok0() { "$@" >/dev/null 2>&1 || fail "setup: '$*' failed"; }

# Each kind: setup_K (on a blank flash, module loaded), op_K, state_K
# (prints old, new, or what else it found; a kind may accept more states
# in OK_STATES) and retry_K (runs the operation again: prints why the
# result is wrong, nothing when it is the new state).
base() {
	ok0 imgauthctl key install imagekey1024_160.cer
	ok0 imgauthctl image install p17.img
	ok0 imgauthctl boot mark-good
}
by_version() { # OLD NEW
	case $(region_field "$(active)" sw_version) in
	"$1") echo old ;;
	"$2") echo new ;;
	*) echo "active $(active) holds $(region_field "$(active)" sw_version)" ;;
	esac
}
retry_to() { # CMD...: the command succeeds and the state is new
	"$@" >/dev/null 2>&1 || { echo "retry '$*' exited $?"; return; }
	snap
	[ "$(state_$kind)" = new ] || echo "after the retry: $(state_$kind)"
}

setup_install() { base; }
op_install() { imgauthctl image install p19.img; }
state_install() { by_version 6.3.0r17 6.3.0r19; }
retry_install() { retry_to imgauthctl image install p19.img; }

setup_loader() { base; ok0 imgauthctl image install --loader pldr1.img; }
op_loader() { imgauthctl image install --loader pldr2.img; }
state_loader() {
	case $(region_field loader state) in
	empty) echo empty; return ;;
	valid) ;;
	*) echo "loader $(region_field loader state)"; return ;;
	esac
	imgauthctl -q image check loader >/dev/null 2>&1 ||
		{ echo "the loader is recorded valid but does not verify"; return; }
	case $(region_field loader sw_version) in
	1.0.4r0) echo old ;;
	1.0.5r0) echo new ;;
	*) echo "loader $(region_field loader sw_version)" ;;
	esac
}
retry_loader() { retry_to imgauthctl image install --loader pldr2.img; }

setup_keyset() { base; }
op_keyset() { imgauthctl key install imagekey2048_256.cer; }
state_keyset() {
	case $(key_id) in K1) echo old ;; K2) echo new ;; *) echo "key $(key_id)" ;; esac
}
retry_keyset() { retry_to imgauthctl key install imagekey2048_256.cer; }

setup_keydel() { base; }
op_keydel() { imgauthctl key delete; }
state_keydel() {
	case $(key_id) in K1) echo old ;; none) echo new ;; *) echo "key $(key_id)" ;; esac
}
retry_keydel() { retry_to imgauthctl key delete; }

setup_commit() { base; ok0 imgauthctl image install --no-commit p19.img; }
op_commit() { imgauthctl image commit image1; }
state_commit() { by_version 6.3.0r17 6.3.0r19; }
retry_commit() { retry_to imgauthctl image commit image1; }

setup_loadercfg() { base; ok0 imgauthctl config loader set boot-file old.bin; }
op_loadercfg() { imgauthctl config loader set boot-file new.bin; }
state_loadercfg() {
	if has_ldr "[old.bin]"; then
		echo old
	elif has_ldr "[new.bin]"; then
		echo new
	else
		echo "boot file: $PG_LDR"
	fi
}
retry_loadercfg() { retry_to imgauthctl config loader set boot-file new.bin; }

# Trial boot accounting: image1 on trial (3 boots), one boot check.
setup_trial() { base; ok0 imgauthctl image install p19.img; }
op_trial() { imgauthctl boot --batch; }
state_trial() {
	[ "$(active)" = image1 ] && [ "$(region_field image1 trial)" = true ] ||
		{ echo "active $(active), trial $(region_field image1 trial)"; return; }
	case $(region_field image1 tries) in
	3) echo old ;;
	2) echo new ;;
	*) echo "tries $(region_field image1 tries)" ;;
	esac
}
# A second boot check counts one more boot: nothing to converge to.
retry_trial() { :; }

# Mark-good commits the boot record (the trial ends), then the floor: a
# cut in between leaves the floor behind ("behind"), and marking good
# again raises it.
setup_markgood() { setup_trial; }
op_markgood() { imgauthctl boot mark-good; }
state_markgood() {
	t=$(region_field image1 trial) f=$(sys_field floor)
	[ "$(active)" = image1 ] || { echo "active $(active)"; return; }
	if [ "$t" = true ] && [ "$f" = 6.3.0r17 ]; then
		echo old
	elif [ "$t" = false ] && [ "$f" = 6.3.0r19 ]; then
		echo new
	elif [ "$t" = false ] && [ "$f" = 6.3.0r17 ]; then
		echo behind
	else
		echo "trial $t, floor $f"
	fi
}
retry_markgood() { retry_to imgauthctl boot mark-good; }

# A refused install only appends to the journal.
setup_journal() { base; journal_records > /tmp/power-j0; }
op_journal() { imgauthctl image install badsig.img; }
state_journal() {
	r=$(journal_records) r0=$(cat /tmp/power-j0)
	case $r in
	"$r0") echo old ;;
	$((r0 + 1))) echo new ;;
	*) echo "$r journal records, $r0 before" ;;
	esac
}
retry_journal() {
	r=$(journal_records)
	imgauthctl image install badsig.img >/dev/null 2>&1
	[ $? = 4 ] || { echo "badsig.img not refused"; return; }
	[ "$(journal_records)" = $((r + 1)) ] || echo "the refusal was not journaled"
}

setup_lock() { base; }
op_lock() { imgauthctl key lock; }
state_lock() {
	case $(sys_field locked) in false) echo old ;; true) echo new ;; *) echo "locked '$(sys_field locked)'" ;; esac
}
retry_lock() { retry_to imgauthctl key lock; }

# Rotation K1 -> K2 on a locked device.  The statement's counter is
# recorded before the key slots are written, so a cut in between leaves
# K1 with the statement used up (a replay refused): "old, used".
setup_rotate() { base; ok0 imgauthctl key lock; }
op_rotate() { imgauthctl key install rot_k2.stmt; }
state_rotate() {
	[ "$(sys_field locked)" = true ] || { echo "unlocked"; return; }
	case $(key_id) in K1) echo old ;; K2) echo new ;; *) echo "key $(key_id)" ;; esac
}
retry_rotate() {
	was=$(key_id)
	imgauthctl key install rot_k2.stmt >/tmp/power-rot 2>&1
	rc=$?
	snap
	if [ $rc = 4 ] && grep -q replayed /tmp/power-rot; then
		# Applied already (K2), or used up by the cut (K1): no replay.
		[ "$(key_id)" = "$was" ] || echo "a refused replay changed the key"
		[ "$was" = K2 ] || echo used >> /tmp/power-used
		return
	fi
	[ $rc = 0 ] || { echo "retry exited $rc: $(tail -1 /tmp/power-rot)"; return; }
	[ "$(state_rotate)" = new ] || echo "after the retry: $(state_rotate)"
}

# The floor, raised by hand: image0 (6.3.0r17) on trial, no floor yet.
setup_floor() {
	ok0 imgauthctl key install imagekey1024_160.cer
	ok0 imgauthctl image install p17.img
}
op_floor() { imgauthctl floor raise 6.3.0r17; }
state_floor() {
	case $(sys_field floor) in null) echo old ;; 6.3.0r17) echo new ;; *) echo "floor $(sys_field floor)" ;; esac
}
retry_floor() { retry_to imgauthctl floor raise 6.3.0r17; }

setup_provision() { base; }
op_provision() { imgauthctl key install --provision imagekey1024_160.cer; }
state_provision() {
	[ "$(key_id)" = K1 ] || { echo "key $(key_id)"; return; }
	case $(sys_field provisioned) in false) echo old ;; true) echo new ;; *) echo "provisioned '$(sys_field provisioned)'" ;; esac
}
retry_provision() { retry_to imgauthctl key install --provision imagekey1024_160.cer; }

TOTAL_CUTS=0
TOTAL_BAD=0
# One cut at operation $2 of kind $1, in a subshell: prints nothing when
# all is well, else "bricked: why" or "bad: why" (anything else, such as
# a fail() of a helper, counts as bad too); the state found goes to
# /tmp/power-states.
cut_one() {
	restore_start
	echo "$KEEP" > $F/cut_keep
	echo $(($(cat $F/ops) + $2)) > $F/cut_at
	"op_$1" >/dev/null 2>&1
	case $(cat $F/frozen) in
	Y|1) ;;
	*) echo "bad: the operation ended before operation $2"; return ;;
	esac
	reload_plain || { echo "bricked: the module does not load"; return; }
	snap
	why=$(common_check)
	[ -z "$why" ] || { echo "bricked: $why"; return; }
	st=$("state_$1")
	case " old new $OK_STATES " in
	*" $st "*) ;;
	*) echo "bad: $st"; return ;;
	esac
	echo "$st" >> /tmp/power-states
	if [ "$(key_id)" != K2 ]; then
		imgauthctl boot --batch >/dev/null 2>&1 ||
			{ echo "bricked: the boot check exited $? ($st state)"; return; }
	fi
	why=$("retry_$1")
	[ -z "$why" ] || echo "bad: $st state, $why"
}

# How many cuts of kind $1 ended in state $2.
states() { grep -cx "$1" /tmp/power-states; }

sweep() { # KIND
	kind=$1
	t0=$(date +%s)
	fresh
	"setup_$kind"
	save_start
	restore_start
	b=$(cat $F/ops)
	"op_$kind" >/dev/null 2>&1
	n=$(($(cat $F/ops) - b))
	[ "$n" -gt 0 ] || fail "$kind: no flash operation in a clean run"
	reload_plain || fail "$kind: reload after a clean run"
	snap
	[ "$(state_$kind)" = new ] || fail "$kind: a clean run ends in '$(state_$kind)'"
	stride=1
	if [ -z "$LONG" ] && [ "$n" -gt "$SHORT_CUTS" ]; then
		stride=$(((n - 1 + SHORT_CUTS - 2) / (SHORT_CUTS - 1)))
	fi
	cuts=0 ok=0 bricked=0 bad=0
	: > /tmp/power-states
	: > /tmp/power-used
	k=1
	while [ "$k" -le "$n" ]; do
		why=$(cut_one "$kind" "$k")
		cuts=$((cuts + 1))
		case $why in
		"") ok=$((ok + 1)) ;;
		bricked*) bricked=$((bricked + 1)); echo "  $kind cut at op $k/$n: $why" ;;
		*) bad=$((bad + 1)); echo "  $kind cut at op $k/$n: $why" ;;
		esac
		if [ "$k" -lt "$n" ] && [ $((k + stride)) -gt "$n" ]; then
			k=$n
		else
			k=$((k + stride))
		fi
	done
	extra=
	[ "$kind" = loader ] && extra=" empty=$(states empty)"
	[ "$kind" = markgood ] && extra=" behind=$(states behind)"
	[ "$kind" = rotate ] && extra=" used-up=$(wc -l < /tmp/power-used)"
	t1=$(date +%s)
	echo "sweep: $kind ops=$n cuts=$cuts ok=$ok bricked=$bricked bad=$bad keep=$KEEP% (old=$(states old) new=$(states new)$extra) $((t1 - t0)) s"
	TOTAL_CUTS=$((TOTAL_CUTS + cuts))
	TOTAL_BAD=$((TOTAL_BAD + bricked + bad))
}

# Kinds whose writes the load itself starts: the cut and the corrected
# read are module parameters (fault_cut_at, fault_euclean_at), armed
# before anything is read.  Each has setup_K (leaves the starting flash),
# done_K (the load's writes are over: the scrub is a work item), state_K
# and retry_K as above; extra_args holds its parameters (scrubpol: the
# corrected read, found by find_read).

# The first load on blank flash formats the three key slots.
setup_format() {
	rmmod imgauth || fail "rmmod"
	flash_erase -q /dev/mtd0 0 0 || fail "flash_erase"
}
done_format() { :; }
state_format() {
	[ "$(sys_field key)" = none ] || { echo "key state '$(sys_field key)' on a fresh device"; return; }
	[ "$(sys_field key_policy)" != damaged ] || { echo "key policy damaged"; return; }
	echo old
}
retry_format() {
	imgauthctl -q key install imagekey1024_160.cer >/dev/null 2>&1 ||
		{ echo "key install on the formatted device exited $?"; return; }
	imgauthctl -q image install p17.img >/dev/null 2>&1 ||
		echo "image install on the formatted device exited $?"
}

# A corrected read of the current key policy copy (B, block 6, after the
# floor of mark-good and the lock): the scrub rewrites it.  The policy
# must stay the newest one: locked, floor 6.3.0r17.  The cut program
# lands nothing (fault_cut_keep=0): half of a 64 KiB block rewrite would
# hold the whole record.
setup_scrubpol() { base; ok0 imgauthctl key lock; }
done_scrubpol() { dmesg | grep -q 'block at 0x60000 rewritten\|writing NVRAM failed\|rewriting the block at 0x60000 failed'; }
state_scrubpol() {
	[ "$(sys_field locked)" = true ] && [ "$(sys_field floor)" = 6.3.0r17 ] &&
		[ "$(sys_field statement_counter)" = 0 ] &&
		{ echo old; return; }
	echo "policy rolled back: locked $(sys_field locked), floor $(sys_field floor)"
}
retry_scrubpol() {
	imgauthctl -q key lock >/dev/null 2>&1 || { echo "key lock exited $?"; return; }
	snap
	[ "$(state_scrubpol)" = old ] || echo "after key lock: $(state_scrubpol)"
}
# The read number (from the load) that reads the current policy copy:
# the one whose corrected bit flips get block 0x60000 rewritten.
find_read() {
	r=1
	while [ $r -le 40 ]; do
		restore_flash
		dmesg -c >/dev/null
		# shellcheck disable=SC2086
		insmod "$IMGAUTH_KO" $ARGS fault_inject=1 fault_euclean_at=$r || fail "insmod"
		wait_done scrubpol 10 2>/dev/null && { echo $r; return; }
		r=$((r + 1))
	done
	fail "no read of the load is the policy's copy B"
}
wait_done() { # KIND [TENTHS]: until the load's writes are over (bounded)
	i=0
	until "done_$1"; do
		i=$((i + 1))
		[ $i -le "${2:-30}" ] || return 1
		sleep 0.1
	done
}

sweep_load() { # KIND
	kind=$1
	t0=$(date +%s)
	fresh
	"setup_$kind"
	save_start
	extra_args=
	[ "$kind" = scrubpol ] && extra_args="fault_euclean_at=$(find_read) fault_cut_keep=0"
	restore_flash
	dmesg -c >/dev/null
	# shellcheck disable=SC2086
	insmod "$IMGAUTH_KO" $ARGS fault_inject=1 $extra_args || fail "$kind: clean load"
	wait_done "$kind" || fail "$kind: the load's writes did not end"
	n=$(cat $F/ops)
	[ "$n" -gt 0 ] || fail "$kind: no flash operation in a clean load"
	reload_plain || fail "$kind: reload after a clean load"
	snap
	[ "$(state_$kind)" = old ] || fail "$kind: a clean load ends in '$(state_$kind)'"
	cuts=0 ok=0 bricked=0 bad=0
	k=1
	while [ "$k" -le "$n" ]; do
		restore_flash
		dmesg -c >/dev/null
		# The load may fail when its own write is cut: the next one counts.
		# shellcheck disable=SC2086
		insmod "$IMGAUTH_KO" $ARGS fault_inject=1 fault_cut_at=$k $extra_args 2>/dev/null &&
			i=0 && until [ "$(cat $F/frozen)" = Y ] || [ $i -gt 30 ]; do
				i=$((i + 1))
				sleep 0.1
			done
		why=
		if ! reload_plain 2>/dev/null; then
			why="bricked: the module does not load"
		else
			snap
			st=$("state_$kind")
			[ "$st" = old ] || why="bad: $st"
			[ -n "$why" ] || why=$("retry_$kind")
		fi
		cuts=$((cuts + 1))
		case $why in
		"") ok=$((ok + 1)) ;;
		bricked*) bricked=$((bricked + 1)); echo "  $kind cut at op $k/$n: $why" ;;
		*) bad=$((bad + 1)); echo "  $kind cut at op $k/$n: $why" ;;
		esac
		k=$((k + 1))
	done
	t1=$(date +%s)
	echo "sweep: $kind ops=$n cuts=$cuts ok=$ok bricked=$bricked bad=$bad $((t1 - t0)) s"
	TOTAL_CUTS=$((TOTAL_CUTS + cuts))
	TOTAL_BAD=$((TOTAL_BAD + bricked + bad))
}

KINDS=${*:-install loader keyset keydel commit loadercfg trial markgood journal lock rotate floor provision format scrubpol}
for kind in $KINDS; do
	case $kind in
	format|scrubpol) sweep_load "$kind"; continue ;;
	esac
	OK_STATES=
	[ "$kind" = loader ] && OK_STATES=empty
	[ "$kind" = markgood ] && OK_STATES=behind
	for KEEP in 50 ${LONG:+0}; do
		sweep "$kind"
	done
done
echo "sweep: total cuts=$TOTAL_CUTS failed=$TOTAL_BAD"
[ "$TOTAL_BAD" = 0 ] || fail "$TOTAL_BAD cuts left a bricked or inconsistent device"
pass "every swept power cut left the old or the new state, bootable"
