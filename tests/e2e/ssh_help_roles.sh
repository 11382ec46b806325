# ssh_help_roles.sh — issue 19 item 11: `help` over SSH lists only the commands the user's
# roles can use (`help --all` every one); a refusal names the missing permission in words
# ("your roles cannot ..."), never an internal capability name, in the user's language;
# the police liaison's home screen says what they can do and how (downloads with sftp or
# scp), not just "My account".  Commands through the real OpenSSH client; the console at
# 80x24 in Chinese and 120x40 in English.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

default_cast
user po police_liaison "" police
user pz police_liaison "" police
"$VIGIL" admin user locale pz zh_CN >/dev/null

note "help lists what each person's roles can use"
ok ann help
expect_out "request new --kind view|copy"
expect_out "whoami [--json]"
for c in "approve REF" "cameras [--json]" "status [--json]" "viewing start" "hold place" \
    "retention run"; do
	expect_no_out "$c"
done
expect_out "commands your roles cannot use are left out: help --all lists every command."
ok gu help
expect_out "cameras [--json]"
expect_out "viewing start REF"
expect_no_out "approve REF"
expect_no_out "status [--json]"
ok ann help --all
for c in "approve REF" "cameras [--json]" "status [--json]" "viewing start" "hold place"; do
	expect_out "$c"
done
ok ann help approve
expect_out "approve REF [--comment TEXT]"
expect_out "(your roles cannot use it)"

note "a refusal says in words what the roles cannot do"
ok ann request new --kind view --camera gate-1 --from "2026-03-01 10:00" --to "2026-03-01 11:00" \
    --purpose lost_property --reason "lost umbrella"
R=$(ref)
refuse 1 "vigil cameras: your roles cannot see the cameras' status and alerts" ann cameras
refuse 1 "your roles cannot run supervised viewings of footage" ann viewing start "$R" \
    --viewer "Ann Test:T-1" --declare-not-involved
refuse 1 "your roles cannot place and release holds on footage" ann holds
refuse 1 "您的角色不能查看摄像机状态和警报" pz cameras
for l in ann gu pz; do
	as "$l" cameras >"$T/out" 2>"$T/err" || true
	if grep -qE "camera\.status|request\.approve|hold\.manage" "$T/err"; then
		fail "a refusal names a capability: $(cat "$T/err")"
	fi
done

note "the police liaison's home screen says what they do, and how"
console z pz
wait_line z "在此控制台之外，您的角色还可以："
wait_line z "用 sftp 或 scp 从本服务器下载为您的申请制作的签名导出文件"
wait_text z "sftp -P 2222 pz@HOST"
wait_text z "ssh -p 2222 pz@HOST help"
fits z 80 24 "退出"
keys z q
wait_screen z "[exit 0]"
console t po 120 40
wait_line t "Outside this console your roles let you:"
wait_line t "download the signed exports made for your requests, with sftp or scp to this server: sftp -P 2222 po@HOST"
fits t 120 40 "q quit"
keys t q
wait_screen t "[exit 0]"
