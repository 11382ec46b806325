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
expect_out "1. campus_admin|campus_head of camera_campus  [DLUT art. 15(2)2]"
expect_out "  level3_no_accept     DLUT art. 15(1)2"
expect_out "limits: at most 3 viewers at once per request [DLUT art. 15(1)4]; grants valid 7 days [site setting; the policy states no number]"

note "issue 15: each profile prints its destinations, maximum retention, class mapping and hold terms"
check() {	# check PROFILE LINE... : policy check prints every LINE
	local p=$1
	shift
	expect_status 0 "$VIGIL" admin policy check "$P/$p.cfg"
	for l in "$@"; do
		expect_out "$l"
	done
}
check hhkcs \
    "retention: by default 90 days (at least 90, at most 90, then deleted unless held) per HHKCS 3.3; maximum per HHKCS 3.4" \
    "destinations (where a copy may go; \"none\": nothing left the viewing):" \
    "  police               The police, directly  per HHKCS 2.5.3(i)  [only for agency police]" \
    "      always REFUSED: no footage is ever kept on a personal device" \
    "    a copy may go to: police" \
    "    a copy may go to: school_safe" \
    "  teacher_own_class    only cameras of classes the requester teaches  [HHKCS 2.4.3(ii)]" \
    "limits: at most 5 viewers at once per request [site setting; the policy states no number]; grants valid 7 days [site setting; the policy states no number]" \
    "  involved_party       HHKCS profile §2" \
    "  reject_reason        HHKCS profile §1"
check gcu \
    "retention: by default 30 days (at least 30; the policy states no maximum) per GCU art. 6 (30 days: site setting)" \
    "  requesting_unit      The unit that asked, which keeps it safe and confidential  per GCU art. 17" \
    "    registered viewer required: staff of the student's college (any role of requester_unit)  [GCU art. 16(1)1]" \
    "    registered viewer required: school security staff (any role of security)  [GCU art. 16(1)1]" \
    "  not used by this profile" \
    "      until released; placed by security_head, system_admin; no minimum term" \
    "  reject_reason        GCU profile §1"
check guat \
    "retention: by default 30 days (at least 30, at most 30, then deleted unless held) per GUAT art. 21" \
    "  teacher_own_class    only cameras of classes the requester teaches  [GUAT art. 3, 17(1)]" \
    "    registered viewer required: the student's counsellor (counsellor of requester_unit)  [GUAT art. 17(3)]" \
    "    registered viewer required: the person who lost the property (the requester)  [GUAT art. 17(3)]" \
    "      always REFUSED: footage is kept confidential and never passed on beyond the use approved" \
    "  involved_party       GUAT profile §2"
check registration \
    "retention: by default 30 days (at least 30, at most 30, then deleted unless held) per REG ch. 4 §1.3" \
    "  third_party          A third party  per REG ch. 4 §2.2" \
    "      always REFUSED: no unit or person passes the footage to a third party" \
    "  personal_device      A personal or unauthorised device  per REG ch. 4 §3.1" \
    "    a copy may go to: school_server" \
    "  view_no_copy         REG ch. 4 §2.1" \
    "  involved_party       REG profile §1"
check dlut \
    "retention: by default 30 days (at least 30; the policy states no maximum) per DLUT art. 13" \
    "  any class, zone key_location: 90 days (at least 90; the policy states no maximum) per DLUT art. 13" \
    "      every viewing, on any route, is escorted by the registering officer" \
    "    when: requester=internal requester_roles=campus_admin|campus_head kind=copy purpose=case_investigation|security_work own_campus (the requester's unit is the camera campus's level-2 body)" \
    "    formal letter: a letter naming the use, the people who take the copy and the manner" \
    "      minimum term, chosen when placed; never released before it ends, by anyone:" \
    "        term 5y      1826 days  5 years: a crime punishable by under 5 years" \
    "  the limit at once counts every request for the same footage  [DLUT art. 15(1)4]" \
    "  self_approval        DLUT profile §1" \
    "  applicants_only      DLUT art. 15(1)4"
check default \
    "    a copy may go to: police, court, other_authority" \
    "  not used by this profile"

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
broken 'destinations = \[ "police", "procuratorate", "court" \];' 'destinations = [ "police", "prosecutor" ];' \
    'routes[0].destinations: unknown destination "prosecutor"'
broken 'article = "GCU art. 11(4)";' 'article = "";' 'a refusal must cite its article'
