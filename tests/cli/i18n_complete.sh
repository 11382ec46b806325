# i18n_complete.sh — every message a user can read exists in Simplified Chinese,
# and the console/commands really switch language.
. "$SRC/tests/lib.sh"
"$SRC/tests/tools/po-missing.sh" >"$T/missing"
if [ -s "$T/missing" ]; then
	head -n 40 "$T/missing" >&2
	fail "$(grep -c '^msgid' "$T/missing") messages have no zh_CN translation (tests/tools/po-missing.sh lists them)"
fi
new_site
expect_status 2 env LANG=zh_CN.UTF-8 "$VIGIL" admin camera add x --url http://x --name y
expect_err "不是 rtsp:// 或 rtsps:// 地址"
expect_status 2 env LANG=C.UTF-8 "$VIGIL" admin camera add x --url http://x --name y
expect_err "is not an rtsp:// or rtsps:// URL"

# Codes the reader never types and must never read untranslated in Chinese: the profile's
# roles, units, purposes, requester kinds, agencies and hold categories, its zones, the
# capabilities, request kinds, statuses and timeline events, camera and hold states.
codes() {
	local p="$SRC/etc/policies/default.cfg"
	{
		grep -o 'name = "[a-z_]*"' "$p" | sed 's/.*"\(.*\)"/\1/'
		grep -o 'id = "[a-z_]*"' "$p" | sed 's/.*"\(.*\)"/\1/'
		sed -n 's/^zones = \[\(.*\)\];/\1/p' "$p" | tr -d '",' | tr ' ' '\n'
		grep -o '^	"[a-z_]*\.[a-z_]*",' "$SRC/core/caps.c" | tr -d '\t",'
		printf '%s\n' view copy draft submitted granted rejected withdrawn closed expired \
		    created approved viewing_started viewing_ended report_filed report_due \
		    report_overdue online offline covered moved unknown disabled stopped active \
		    released ended
	} | grep -v '^$' | grep -vx default | sort -u
}

# untranslated FILE : fails naming each code FILE shows as a word.  Left out: the "== "
# lines (the commands as typed), help's usage lines (the syntax to type: "--kind
# view|copy") and the procedure line, which names the profile's routes by their ids.
untranslated() {
	local c found=""
	grep -v '^== \|^流程\|^  [a-z]' "$1" >"$1.read"
	for c in $(codes); do
		if grep -qwF -- "$c" "$1.read"; then found="$found $c"; fi
	done
	[ -z "$found" ] || { cat "$1" >&2; fail "untranslated codes in Chinese output:$found"; }
}

export VIGIL_CLOCK_FILE="$T/clock"
echo "@$(date -u -d "2026-03-02 09:00" +%s)" >"$VIGIL_CLOCK_FILE"
"$VIGIL" admin camera add gate-1 --url rtsp://10.0.0.5/s --name "正门" --zone entrance \
	--unit security >/dev/null
for u in ann:staff:general sh:security_head:security gu:guard:security; do
	IFS=: read -r login role unit <<<"$u"
	printf 'correct horse battery\n' | "$VIGIL" admin user add "$login" --name "测试$login" \
		--role "$role" --unit "$unit" --locale zh_CN --password-stdin >/dev/null
	"$VIGIL" admin authorize "$login" --trained-on 2026-02-01 >/dev/null
done
sqlite3 "$T/site/data/vigil.db" "INSERT INTO camera_state (camera, status, updated_us) VALUES
	('gate-1', 'offline', 1)"
as() {	# as LOGIN COMMAND... : one SSH command as LOGIN, output and errors in $T/zh
	local login=$1
	shift
	echo "== $login $*" >>"$T/zh"
	"$VIGIL" exec --user "$login" "$@" >>"$T/zh" 2>&1 || true
}
as ann request new --kind view --camera gate-1 --from "2026-03-01 10:00" \
	--to "2026-03-01 11:00" --purpose lost_property --reason "找雨伞"
as sh approve REQ-2026-0001
as gu viewing start REQ-2026-0001 --viewer "王芳:11010519491231002X" --declare-not-involved
as sh hold place --camera gate-1 --from "2026-03-01 10:00" --to "2026-03-01 11:00" \
	--category investigation --reason "调查"
for c in whoami requests "requests --mine" "request show REQ-2026-0001" viewings holds cameras \
    status "requests --all" help; do
	# shellcheck disable=SC2086
	as sh $c
	# shellcheck disable=SC2086
	as ann $c
done
as gu cameras
grep -q "调查" "$T/zh" || { cat "$T/zh" >&2; fail "the hold was not listed"; }
grep -q "找雨伞" "$T/zh" || fail "the request was not listed"
untranslated "$T/zh"
