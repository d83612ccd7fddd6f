# SPDX-License-Identifier: GPL-2.0
# Helpers for the power-cut tests in the guest (dash), after guest.sh:
#	. "$IMGAUTH_TESTS/lib/power_guest.sh"
# They read what a user sees (imgauthctl -j, exit codes), never flash
# layout details, so they work on mtdram and on block2mtd alike.  The
# queries read a snapshot, with shell expansions only: guest processes
# are slow under TCG.
#
#   snap                   take it ("system" and "key show" with -j,
#                          "config loader show"); again after any change,
#                          and not in a $(...) subshell (it would be lost)
#   sys_field FIELD        a top-level field of "imgauthctl -j system"
#   active                 the active slot (image0, image1) or "null"
#   region_field R FIELD   FIELD (sw_version, state, trial, tries) of
#                          region R
#   key_id                 which key the slots hold: K1, K2 (the fixtures'
#                          dsa1024_160, dsa2048_256), none, "other", or
#                          "mixed" when the three slots disagree
#   has_ldr TEXT           "config loader show" contains TEXT
#   journal_records        records in the journal dump (not the snapshot)
#   common_check           what must hold after any cut, or a reason on
#                          stdout: the module loaded, no damaged key or key
#                          policy, the key slots agree, an image selected
#                          whose slot verifies (unless the key is K2: the
#                          fixtures' images are K1's), and a journal
#                          whose chain verifies; call snap first

_pg_hex() { od -An -v -tx1 "$IMGAUTH_SHARE/$1" | tr -d ' \n'; }
PG_K1=$(_pg_hex dsa1024_160.pub.der)
PG_K2=$(_pg_hex dsa2048_256.pub.der)

snap() {
	PG_SYS=$(imgauthctl -j system 2>/dev/null)
	PG_KEYS=$(imgauthctl -j key show 2>/dev/null)
	PG_LDR=$(imgauthctl config loader show 2>/dev/null)
}

# _pg_field JSON FIELD: the first value of FIELD in JSON, unquoted.
_pg_field() {
	case $1 in *"\"$2\":"*) ;; *) return ;; esac
	_pf=${1#*\""$2"\":}
	_pf=${_pf%%[,\}]*}
	_pf=${_pf#\"}
	echo "${_pf%\"}"
}

sys_field() { _pg_field "$PG_SYS" "$1"; }

active() { sys_field active; }

region_field() {
	case $PG_SYS in *"\"name\":\"$1\""*) ;; *) return ;; esac
	_rf=${PG_SYS#*\"name\":\""$1"\"}
	_pg_field "${_rf%%\}*}}" "$2"
}

key_id() {
	_ki_r=$PG_KEYS _ki=
	while :; do
		case $_ki_r in *'"der":"'*) ;; *) break ;; esac
		_ki_r=${_ki_r#*\"der\":\"}
		_ki_d=${_ki_r%%\"*}
		if [ -z "$_ki_d" ]; then
			_ki_d=none
		elif [ "$_ki_d" = "$PG_K1" ]; then
			_ki_d=K1
		elif [ "$_ki_d" = "$PG_K2" ]; then
			_ki_d=K2
		else
			_ki_d=other
		fi
		[ -z "$_ki" ] || [ "$_ki" = "$_ki_d" ] || _ki_d=mixed
		_ki=$_ki_d
		[ "$_ki" != mixed ] || break
	done
	echo "${_ki:-none}"
}

has_ldr() {
	case $PG_LDR in *"$1"*) return 0 ;; esac
	return 1
}

journal_records() { imgauthctl -j log 2>/dev/null | grep -o '"index":' | wc -l; }

common_check() {
	[ -e /dev/imgauth/image0 ] || { echo "module not loaded"; return; }
	case $(sys_field key) in
	installed|none) ;;
	*) echo "key state '$(sys_field key)'"; return ;;
	esac
	_cc_k=$(key_id)
	case $_cc_k in
	mixed|other) echo "key slots after a reload: $_cc_k"; return ;;
	esac
	[ "$(sys_field key_policy)" != damaged ] || { echo "key policy damaged"; return; }
	_cc_a=$(active)
	case $_cc_a in
	image0|image1) ;;
	*) echo "no image selected ($_cc_a)"; return ;;
	esac
	if [ "$_cc_k" != K2 ] && ! imgauthctl -q image check "$_cc_a" >/dev/null 2>&1; then
		echo "the selected $_cc_a does not verify"
		return
	fi
	imgauthctl -q log --verify >/dev/null 2>&1 ||
		echo "log --verify: $(imgauthctl log --verify 2>&1 | tail -1)"
}
