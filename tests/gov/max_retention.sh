# max_retention.sh — issue 15 item 3: footage is kept for a period and then deleted unless
# held (HHKCS 3.4, GUAT art. 21, REG ch. 4 §1.3): `camera add` refuses a retention above the
# profile's maximum with the article (exit 1, a rule), a cameras.cfg that holds one is a
# configuration error (exit 2), and a site cannot switch to a profile its cameras break.
# GCU and DLUT state only a minimum and keep no maximum.
. "$SRC/tests/lib.sh"

# refused STATUS MESSAGE CMD... : exits STATUS with MESSAGE; cameras.cfg and the database unchanged.
refused() {
	local want=$1 msg=$2
	shift 2
	cp "$T/site/cameras.cfg" "$T/cams.before"
	db_snapshot "$T/before"
	expect_status "$want" "$@"
	expect_err "$msg"
	cmp -s "$T/cams.before" "$T/site/cameras.cfg" || fail "cameras.cfg changed"
	db_snapshot "$T/after"
	assert_same_db "$T/before" "$T/after"
}

add() {		# add ID [OPTIONS...]
	local id=$1
	shift
	"$VIGIL" admin camera add "$id" --url "rtsp://192.0.2.1/$id" --name "Camera $id" "$@"
}

note "HHKCS 3.3 \"必须随时保留前 90 天的记录数据\" and 3.4 \"保留录像副本的时间不会超过录像系统 90 天的录像周期\""
new_site hhkcs
refused 1 "camera \"c1\": retention_days 120 is above the policy maximum 90 set by HHKCS 3.4: footage is deleted after it unless held" \
    add c1 --zone entrance --retention-days 120
refused 1 "camera \"c1\": retention_days 60 is below the policy minimum 90 required by HHKCS 3.3" \
    add c1 --zone entrance --retention-days 60
expect_status 0 add c1 --zone entrance --retention-days 90
expect_out "retention 90 days"

note "a cameras.cfg written by hand with a longer retention is a configuration error (exit 2)"
sed -i 's/retention_days = 90;/retention_days = 100;/' "$T/site/cameras.cfg"
grep -q "retention_days = 100;" "$T/site/cameras.cfg" || fail "cameras.cfg has no retention_days to edit"
db_snapshot "$T/before"
expect_status 2 add c2 --zone entrance
expect_err "cameras.cfg:"
expect_err "camera \"c1\": retention_days 100 is above the policy maximum 90 set by HHKCS 3.4"
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"
sed -i 's/retention_days = 100;/retention_days = 90;/' "$T/site/cameras.cfg"

note "GUAT art. 21 \"教室视频监控系统视频数据的保存时效为30天\": 30, not more"
rm -rf "$T/site"
new_site guat
refused 1 "camera \"cls-1\": retention_days 31 is above the policy maximum 30 set by GUAT art. 21" \
    add cls-1 --privacy interior --zone classroom --retention-days 31
expect_status 0 add cls-1 --privacy interior --zone classroom
expect_out "retention 30 days"

note "REG ch. 4 §1.3 \"监控图像信息的保存期限为30天，超过期限的图像应被定期删除\""
rm -rf "$T/site"
new_site registration
refused 1 "camera \"hall-1\": retention_days 45 is above the policy maximum 30 set by REG ch. 4 §1.3" \
    add hall-1 --zone public_area --retention-days 45

note "GCU art. 6 and DLUT art. 13 state only a minimum: no maximum"
rm -rf "$T/site"
new_site gcu
expect_status 0 add road-1 --zone road --retention-days 400
rm -rf "$T/site"
new_site dlut
expect_status 0 add key-1 --zone key_location --retention-days 365
expect_out "retention 365 days"
refused 1 "camera \"key-2\": retention_days 60 is below the policy minimum 90 required by DLUT art. 13" \
    add key-2 --zone key_location --retention-days 60

note "switching the site to a profile with a shorter maximum is refused while a camera exceeds it"
cp "$SRC/etc/policies/registration.cfg" "$T/site/registration.cfg"
db_snapshot "$T/before"
expect_status 1 "$VIGIL" admin config set policy.profile registration.cfg
expect_err "camera \"key-1\": retention_days 365 is above the policy maximum 30 set by REG ch. 4 §1.3"
expect_status 0 "$VIGIL" admin config get policy.profile
expect_out "policy.cfg"
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"
expect_status 0 "$VIGIL" admin audit verify
