# admin_cameras.sh — camera add/list: validated against the config rules and the policy.
. "$SRC/tests/lib.sh"
new_site
CAMS="$T/site/cameras.cfg"

note "add cameras; retention defaults to the policy's"
expect_status 0 "$VIGIL" admin camera add gate-1 --url "rtsp://user:secret@10.0.0.5/stream1" \
    --name "Main gate" --location "North entrance" --zone entrance
expect_out "retention 30 days"
expect_status 0 "$VIGIL" admin camera add vault --url rtsp://10.0.0.6/s --name "Server room" \
    --privacy sensitive --zone key_location --mode motion
expect_out "retention 90 days"
expect_status 0 "$VIGIL" admin camera list
expect_out "gate-1"
expect_out "rtsp://user:***@10.0.0.5/stream1"
expect_no_out "secret"
expect_status 0 "$VIGIL" admin camera list --json
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert [x["id"] for x in c]==["gate-1","vault"] and c[1]["retention_days"]==90 and c[1]["mode"]=="motion", c' "$T/out" \
    || fail "camera list --json: $(cat "$T/out")"
[ "$(sql "SELECT COUNT(*) FROM cameras")" = 2 ] || fail "cameras not mirrored into the database"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action='camera.add'")" = 2 ] || fail "camera.add not audited"

refuse() {	# refuse STATUS MESSAGE CMD...: cameras.cfg and the database stay as they were
	local want=$1 msg=$2
	shift 2
	cp "$CAMS" "$T/cams.before"
	db_snapshot "$T/before"
	expect_status "$want" "$@"
	expect_err "$msg"
	cmp -s "$T/cams.before" "$CAMS" || fail "cameras.cfg changed"
	db_snapshot "$T/after"
	assert_same_db "$T/before" "$T/after"
}

note "refusals"
refuse 1 'camera "gate-1" already exists' "$VIGIL" admin camera add gate-1 --url rtsp://x/y --name X
refuse 2 'is not an rtsp:// or rtsps:// URL' "$VIGIL" admin camera add c2 --url http://x/y --name X
refuse 2 'privacy "secret"' "$VIGIL" admin camera add c2 --url rtsp://x/y --name X --privacy secret
refuse 1 'below the policy minimum 30' "$VIGIL" admin camera add c2 --url rtsp://x/y --name X --retention-days 7
refuse 1 'below the policy minimum 90' "$VIGIL" admin camera add c2 --url rtsp://x/y --name X --zone key_location --retention-days 60
refuse 2 'zone "roof" is not one of' "$VIGIL" admin camera add c2 --url rtsp://x/y --name X --zone roof
refuse 2 'unit "mars"' "$VIGIL" admin camera add c2 --url rtsp://x/y --name X --unit mars
refuse 2 'must be a whole number from 1 to 3650' "$VIGIL" admin camera add c2 --url rtsp://x/y --name X --retention-days lots
refuse 2 'id must be 1-32 characters' "$VIGIL" admin camera add "Bad Id" --url rtsp://x/y --name X
refuse 2 '--url is required' "$VIGIL" admin camera add c2 --name X
expect_status 0 "$VIGIL" admin audit verify
