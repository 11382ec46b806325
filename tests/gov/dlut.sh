# dlut.sh — policy 004 (DLUT, 2024) end to end: the level-2 body of the camera's campus,
# level-3 units, escorted outside viewings, three viewers at once, emergencies, copies kept.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site dlut

camera sq-1 public public_area sec_lingshui
camera cs-1 public building school_cs
camera key-1 public key_location sec_lingshui
camera pj-1 public laboratory panjin_labs
user stan staff school_cs
user ca campus_admin sec_lingshui
user cap campus_admin panjin_affairs
user so security_office security
user ua unit_admin school_cs
user op operator sec_lingshui
user pl police_liaison
Y="2026-03-01"

note "art. 15(1)1, 15(1)2: the level-2 body of the camera's campus decides"
ok stan request new --kind view --camera cs-1 --from "$Y 20:00" --to "$Y 21:00" \
    --purpose other --reason "projector missing from room 204"
R1=$(ref)
expect_out "1. Campus body (level 2) (Security office, Lingshui and Development Zone campuses)  [DLUT art. 15(1)1]"
note "art. 15(1)2: level-3 units never accept or decide requests"
refuse 1 "DLUT art. 15(1)2: level-3 units (School of Computer Science) may not accept or decide requests; $R1 goes to Campus body (level 2) (Security office, Lingshui and Development Zone campuses)" \
    ua approve "$R1"
refuse 1 "DLUT art. 15: step 1 of $R1 is for Campus body (level 2) (Security office, Lingshui and Development Zone campuses); you belong to Panjin campus general affairs, not to that unit" \
    cap approve "$R1"
ok ca approve "$R1"
expect_status_of "$R1" granted

note "art. 15(1)4: at most 3 people view the same data at once"
refuse 1 "DLUT art. 15(1)4: at most 3 people may view footage together; 4 were asked for" \
    stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "crowd" --viewers 4
ok stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose case_investigation --reason "scuffle in the square" --viewers 3
R2=$(ref)
ok ca approve "$R2"
ok op viewing start "$R2" --viewer "Stan Test:D-1" --viewer "Witness Qi:D-2" --declare-not-involved
V2=$(head -n 1 "$T/out")
refuse 1 "DLUT art. 15(1)4: at most 3 people view the same footage at once; 2 are viewing $R2 now" \
    op viewing start "$R2" --viewer "Witness Ren:D-3" --viewer "Witness Ma:D-4" --declare-not-involved
ok op viewing start "$R2" --viewer "Witness Ren:D-3" --declare-not-involved
V3=$(head -n 1 "$T/out")
ok op viewing end "$V2" --notes "identified"
ok op viewing end "$V3" --notes "confirmed"

note "art. 15(1)5: emergency viewing needs the level-1 or level-2 head"
ok stan request new --emergency --kind view --camera cs-1 --from "$Y 23:00" --to "$Y 23:30" \
    --purpose emergency --reason "fire alarm in the lab building"
R3=$(ref)
expect_out "1. Security office (level 1) or Campus body (level 2) (Security office, Lingshui and Development Zone campuses, or a level-1 unit)  [DLUT art. 15(1)5]"
refuse 1 "the dlut profile has no emergency procedure for a copy request" stan request new \
    --emergency --kind copy --camera cs-1 --from "$Y 23:00" --to "$Y 23:30" \
    --purpose emergency --reason "fire"
ok so approve "$R3"
expect_status_of "$R3" granted

note "art. 15(1)1: outside persons only when registered by police or judicial bodies, escorted"
refuse 1 "DLUT art. 15(1)1: only police, procuratorate, court may request footage as an external body, not \"other\"" \
    pl request new --requester-kind external --agency other --letter "CO-1" --officer "Mr Bo" \
    --officer-id "B-1" --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "insurance"
ok pl request new --requester-kind external --agency police --letter "DLPSB-2026-31" \
    --officer "Officer Gao" --officer-id "P-9001" --kind view --camera sq-1 --from "$Y 12:00" \
    --to "$Y 12:30" --purpose case_investigation --reason "assault case" --viewers 2
R4=$(ref)
ok ca approve "$R4"
refuse 1 "DLUT art. 15(1)1: the registering officer Officer Gao (ID P-9001) escorts the viewing" \
    op viewing start "$R4" --viewer "Victim Xu:V-1" --declare-not-involved
ok op viewing start "$R4" --viewer "Victim Xu:V-1" --viewer "Officer Gao:P-9001" \
    --declare-not-involved

note "art. 15(2): copies for cases and security work, kept by level 2 and never deleted meanwhile"
refuse 1 "DLUT art. 14, 15(2)2: footage is copied only to handle a case or for security work" \
    stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose other --reason "keepsake"
ok stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "equipment theft in the Panjin lab"
R5=$(ref)
expect_out "Campus body (level 2) (Panjin campus general affairs)"
ok cap approve "$R5"
H=$(sql "SELECT h.id FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R5' AND h.category = 'case_copy' AND h.until_us IS NULL")
[ -n "$H" ] || fail "the granted copy was not held for the limitation period"
audited hold.place "hold $H"
refuse 1 "DLUT art. 15(2)3: holds of category \"case_copy\" are placed and released only by campus_admin" \
    so hold release "$H"
ok op viewing start "$R1" --viewer "Stan Test:D-1" --declare-not-involved
V1=$(head -n 1 "$T/out")
refuse 1 "DLUT art. 14: $R1 grants viewing only; a view grant never yields a copy" op viewing end \
    "$V1" --copied --destination "USB"

note "art. 13: at least 30 days, key locations at least 90"
clock_days 40
refuse 1 "DLUT art. 13: the footage of camera \"sq-1\" from 2026-03-01 12:00:00 is older than its 30-day retention" \
    stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "late"
ok stan request new --kind view --camera key-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "key location, still kept"
note "the held copy's footage outlives retention"
ok stan request new --kind view --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "review the copied range"

expect_status 0 "$VIGIL" admin audit verify
