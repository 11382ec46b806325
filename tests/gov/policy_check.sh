# policy_check.sh — `vigil admin policy check` accepts the shipped profiles, prints their
# routing tables and the names scripts rely on, and rejects broken ones naming the line.
. "$SRC/tests/lib.sh"
P="$SRC/etc/policies"

for p in default hhkcs gcu guat registration dlut; do
	expect_status 0 "$VIGIL" admin policy check "$P/$p.cfg"
	expect_out "routing table (first match wins, per camera):"
	expect_out "$P/$p.cfg: profile is valid"
done

note "hhkcs names (issue 5)"
expect_status 0 "$VIGIL" admin policy check "$P/hhkcs.cfg"
for r in principal kindergarten_head vp_student_care operations_head guard ict staff teacher; do
	grep -q "^  $r " "$T/out" || fail "hhkcs lacks role $r"
done
for k in staff teacher_own_class external parent; do
	grep -q "^  $k " "$T/out" || fail "hhkcs lacks requester kind $k"
done
for u in police_request suspected_crime safeguarding student_conduct insurance_claim \
    legal_obligation teacher_evaluation investigation serious_incident; do
	grep -q "^  $u " "$T/out" || fail "hhkcs lacks $u"
done
expect_out "always REFUSED: parents are never allowed to view CCTV footage"
expect_out "always REFUSED: footage is never viewed to evaluate a teacher's performance"
expect_out "2. principal (written instruction)  [HHKCS 2.4.3(v), 2.5.3(i)]"

note "dlut names (issue 5)"
expect_status 0 "$VIGIL" admin policy check "$P/dlut.cfg"
for r in security_office campus_admin unit_admin operator staff police_liaison \
    case_investigation security_work emergency other; do
	grep -q "^  $r " "$T/out" || fail "dlut lacks $r"
done
expect_out "1. campus_admin of camera_campus  [DLUT art. 15(2)2]"
expect_out "level-3 units never accept or decide requests  [DLUT art. 15(1)2]"
expect_out "limits: 3 viewers per viewing per DLUT art. 15(1)4"

note "broken profiles are rejected, naming file, line and setting"
broken() {	# broken FROM TO MESSAGE : edits a copy of gcu.cfg, expects MESSAGE
	sed "s/$1/$2/" "$P/gcu.cfg" >"$T/broken.cfg"
	cmp -s "$P/gcu.cfg" "$T/broken.cfg" && fail "the edit $1 -> $2 changed nothing"
	expect_status 2 "$VIGIL" admin policy check "$T/broken.cfg"
	expect_err "$3"
	grep -q "broken.cfg:[0-9][0-9]*: " "$T/err" || fail "no line number in: $(cat "$T/err")"
}
broken 'roles = \[ "school_leader" \]; article = "GCU art. 16(2)2"; }' \
    'roles = [ "vice_dean" ]; article = "GCU art. 16(2)2"; }' 'steps[1].roles: unknown role "vice_dean"'
broken 'roles = \[ "student_affairs_head" \]; article' 'roles = [ "operator" ]; article' \
    'role "operator" is named here but lacks the capability request.approve'
broken 'purposes = \[ "student_matter" \];' 'purposes = [ "student_mater" ];' \
    'routes[5].purposes: unknown purpose "student_mater"'
broken 'article = "GCU art. 16(1)2"; requester = \[ "unit" \]; camera_units' \
    'article = ""; requester = [ "unit" ]; camera_units' 'every route must cite its article'
broken 'camera_units = \[ "security" \]' 'camera_units = [ "securty" ]' 'unknown unit "securty"'
broken 'zones = \[ "dormitory" \]' 'zones = [ "dorm" ]' 'unknown zone "dorm"'
broken 'unit = "camera_unit"' 'unit = "camera_owner"' 'must be "", requester_unit, camera_unit'
broken 'article = "GCU art. 16";$' 'article = "";' 'a refusal must cite its article'
broken '    operator_roles = \[ "operator" \]; },' '    operator_roles = [ "operator" ]; copy_hold = "forever"; },' \
    'copy_hold: unknown hold category "forever"'
broken 'default_requester_kind = "unit";' 'default_requester_kind = "units";' \
    'default_requester_kind: unknown requester kind "units"'
broken 'viewers = 5;' 'viewers = 0;' 'limits.viewers: 0 must be from 1 to 100'
broken 'destination = "GCU art. 16(1)3";' 'destination = "GCU art. 16(1)3"; whatever = "x";' \
    'rules.whatever: unknown setting'
