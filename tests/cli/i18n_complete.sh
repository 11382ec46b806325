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
