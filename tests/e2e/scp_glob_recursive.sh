# scp_glob_recursive.sh — legacy scp (OpenSSH's `scp -O`) with wildcards, braces and -r:
# the client sends the remote path unexpanded and checks what comes back against it; the
# server expands it over the user's download tree only.  Each file matches its export
# byte for byte, each is audited as a download; other users' exports, revoked and expired
# ones never appear; a pattern matching nothing and ".." out of the tree are refused.
# timeout: 420
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-export.sh"
police_copy_site
user liaison2 police_liaison "" police
D="2026-03-01"
footage gate-1 h264 "$D 10:00:00" 4 10
ok sh request new --requester-kind external --agency police --letter "GA-2026-17" \
    --officer "Officer Ma" --officer-id "M-1001" --kind copy --camera gate-1 \
    --from "$D 10:00" --to "$D 10:01" --purpose investigation --reason "hit and run at the gate"
R=$(ref)
ok sh2 approve "$R"
ok gu viewing start "$R" --viewer "Officer Ma:M-1001" --declare-not-involved
V=$(head -n 1 "$T/out")
ok gu viewing play "$V" --camera gate-1 --from "$D 10:00" --to "$D 10:00:20"
ok gu viewing end "$V" --copied --destination police --recipient "Officer Ma:M-1001"

note "five exports: E1 kept one day only, E2 and E4 for the liaison, E3 for liaison2, E5 revoked"
export_make() {	# RECIPIENT TO
	expect_status 0 "$VIGIL" exec --user it export create "$R" --recipient "$1" --to "$D $2"
}
expect_status 0 "$VIGIL" admin config set exports.keep_days 1
export_make liaison 10:00:10
expect_status 0 "$VIGIL" admin config set exports.keep_days 14
export_make liaison 10:00:20
export_make liaison2 10:00:20
export_make liaison 10:00:40
export_make liaison 10:00:30
ok it export revoke "$R-E5.tar" --reason "made twice"
clock_days 2
ok liaison exports --json
json_check 'sorted((e["name"], e["state"]) for e in d)==[("'"$R"'-E1.tar","expired"),("'"$R"'-E2.tar","ready"),("'"$R"'-E4.tar","ready"),("'"$R"'-E5.tar","revoked")]'
EXP="$T/site/exports"
mine="$R-E2.tar $R-E4.tar"

# downloads LOGIN : the export.download audit rows so far of that login, one a line.
downloads() {
	sql "SELECT object || ' ' || detail FROM audit WHERE action = 'export.download'
	    AND actor = '$1' ORDER BY id"
}
# same DIR NAMES... : DIR holds exactly those files, each identical to its export.
same() {
	local dir=$1 f
	shift
	[ "$(cd "$dir" && ls | tr '\n' ' ')" = "$* " ] ||
	    fail "$dir holds $(cd "$dir" && ls | tr '\n' ' '), not $*"
	for f in "$@"; do
		cmp "$EXP/$f" "$dir/$f" || fail "$dir/$f differs from the export"
	done
}

note "a wildcard: only the liaison's own ready exports, each audited complete with its bytes"
mkdir "$T/g1"
expect_status 0 dl_scp_legacy liaison "/exports/*.tar" "$T/g1/"
# shellcheck disable=SC2086
same "$T/g1" $mine
downloads liaison >"$T/rows"
[ "$(wc -l <"$T/rows")" = 2 ] || fail "not two downloads audited: $(cat "$T/rows")"
for f in $mine; do
	grep -qx "${f%.tar} protocol=scp; file=$f; bytes=$(stat -c %s "$EXP/$f"); from=0; complete=yes" \
	    "$T/rows" || fail "the download of $f is not audited: $(cat "$T/rows")"
done
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'ssh.scp' AND detail = 'scp /exports/*.tar'")" = 1 ] ||
    fail "the scp command is not audited as sent"

note "brace expansion, ? and [...] and a relative path, as bash would expand them"
mkdir "$T/g2" "$T/g3" "$T/g4"
expect_status 0 dl_scp_legacy liaison "/exports/$R-E{4,2}.tar" "$T/g2/"
same "$T/g2" "$R-E2.tar" "$R-E4.tar"
expect_status 0 dl_scp_legacy liaison "exports/$R-E[1-4].t?r" "$T/g3/"
same "$T/g3" "$R-E2.tar" "$R-E4.tar"
expect_status 0 dl_scp_legacy liaison "/exports/../exports/./*E4*" "$T/g4/"
same "$T/g4" "$R-E4.tar"
note "bash's sequence expressions (with -T: the client's own check knows only {a,b}), and ~"
mkdir "$T/g5" "$T/g6"
expect_status 1 dl_scp_legacy liaison "/exports/$R-E{2..4..2}.tar" "$T/g5/"
expect_err "protocol error: filename does not match request"
rm -f "$T/g5"/*
mapfile -t opts < <(dl_opts liaison)
expect_status 0 scp -O -T "${opts[@]}" -P "$SSH_PORT" \
    "liaison@127.0.0.1:/exports/$R-E{2..4..2}.tar" "$T/g5/"
same "$T/g5" "$R-E2.tar" "$R-E4.tar"
expect_status 0 dl_scp_legacy liaison "~/exports/$R-E4.tar" "$T/g6/"
same "$T/g6" "$R-E4.tar"
# The client that gave up after the server's first name: both audited as not complete.
[ "$(downloads liaison | wc -l)" = 12 ] || fail "not twelve downloads audited: $(downloads liaison)"
[ "$(downloads liaison | grep -c "complete=no")" = 2 ] ||
    fail "the refused names are not audited incomplete: $(downloads liaison)"

note "-r of the folder: D/E records, the same files; -p keeps the export's time"
mkdir "$T/r1" "$T/r2"
expect_status 0 dl_scp_recursive liaison /exports "$T/r1/"
# shellcheck disable=SC2086
same "$T/r1/exports" $mine
expect_status 0 dl_scp_recursive liaison "/exports" "$T/r2/" -p
# shellcheck disable=SC2086
same "$T/r2/exports" $mine
made=$(sql "SELECT created_us / 1000000 FROM exports WHERE name = '$R-E4'")
[ "$(stat -c %Y "$T/r2/exports/$R-E4.tar")" = "$made" ] || fail "-p did not keep the export's time"
[ "$(stat -c %Y "$T/r2/exports")" = "$made" ] || fail "-p did not give the folder its newest file's time"
note "-r with a wildcard over the root: the folders the user may see"
mkdir "$T/r3"
expect_status 0 dl_scp_recursive liaison "/*" "$T/r3/"
[ "$(cd "$T/r3" && ls)" = exports ] || fail "the root's wildcard sent $(ls "$T/r3")"
# shellcheck disable=SC2086
same "$T/r3/exports" $mine
[ "$(downloads liaison | wc -l)" = 18 ] || fail "not eighteen downloads audited: $(downloads liaison)"
[ "$(downloads liaison | grep -c "complete=yes")" = 16 ] || fail "not sixteen downloads complete: $(downloads liaison)"
downloads liaison | grep -E -- "-E[135]" && fail "an expired, revoked or other user's export was sent"

note "modern scp (SFTP underneath) with the same wildcard and -r: the same files"
mkdir "$T/s1" "$T/s2"
expect_status 0 dl_scp liaison "/exports/*.tar" "$T/s1/"
# shellcheck disable=SC2086
same "$T/s1" $mine
expect_status 0 dl_scp liaison "/exports" "$T/s2/" -r
# shellcheck disable=SC2086
same "$T/s2/exports" $mine
mkdir "$T/s3"
expect_status 0 dl_scp liaison "~/exports/$R-E4.tar" "$T/s3/"
same "$T/s3" "$R-E4.tar"
[ "$(downloads liaison | grep -c "protocol=sftp.*complete=yes")" = 5 ] ||
    fail "the modern scp downloads are not audited: $(downloads liaison)"

note "the other liaison: only their own export, with a wildcard or -r"
mkdir "$T/o1" "$T/o2"
expect_status 0 dl_scp_legacy liaison2 "/exports/*" "$T/o1/"
same "$T/o1" "$R-E3.tar"
expect_status 0 dl_scp_recursive liaison2 /exports "$T/o2/"
same "$T/o2/exports" "$R-E3.tar"

note "a file the client cannot write: audited incomplete with its bytes, the next one still sent"
mkdir -p "$T/half/$R-E2.tar"
expect_status 1 dl_scp_legacy liaison "/exports/*.tar" "$T/half/"
expect_err "$R-E2.tar: Is a directory"
cmp "$EXP/$R-E4.tar" "$T/half/$R-E4.tar" || fail "the file after the one refused was not sent"
[ "$(downloads liaison | tail -n 2)" = "$R-E2 protocol=scp; file=$R-E2.tar; bytes=0; from=0; complete=no
$R-E4 protocol=scp; file=$R-E4.tar; bytes=$(stat -c %s "$EXP/$R-E4.tar"); from=0; complete=yes" ] ||
    fail "the downloads are not audited as they went: $(downloads liaison | tail -n 2)"

note "refusals: nothing matches, .. out of the tree, outside paths, a guard, uploads"
gov_state "$T/before"
mkdir "$T/no"
expect_status 1 dl_scp_legacy liaison "/exports/*.zip" "$T/no/"
expect_err "scp: vigil: /exports/*.zip: no such file or folder in the download tree"
expect_status 1 dl_scp_legacy liaison "/exports/$R-E5.*" "$T/no/"
expect_err "/exports/$R-E5.*: no such file or folder in the download tree"
expect_status 1 dl_scp_legacy liaison "/exports/$R-E1*" "$T/no/"
expect_err "/exports/$R-E1*: no such file or folder in the download tree"
expect_status 1 dl_scp_legacy liaison "/exports/../../*" "$T/no/"
expect_err "scp: vigil: /exports/../../* leads out of the download tree, which holds only /exports/, /reports/"
expect_status 1 dl_scp_recursive liaison "/exports/../.." "$T/no/"
expect_err "/exports/../.. leads out of the download tree"
expect_status 1 dl_scp_legacy liaison "/etc/*" "$T/no/"
expect_err "/etc is not in the download tree, which holds only /exports/, /reports/"
expect_status 1 dl_scp_recursive liaison "/etc" "$T/no/"
expect_err "/etc is not in the download tree"
expect_status 1 dl_scp_legacy liaison "'/exports/*.tar'" "$T/no/"
expect_err "/exports/*.tar: no export \"*.tar\" is yours to download"
expect_status 1 dl_scp_legacy gu "/exports/*" "$T/no/"
expect_err "/exports/*: your roles cannot download the signed exports made for your requests"
expect_status 1 dl_scp_recursive gu "/exports" "$T/no/"
expect_err "your roles cannot download the signed exports made for your requests"
expect_status 1 dl_scp_legacy liaison "/exports" "$T/no/"
expect_err "/exports is a folder; name a file in it"
expect_status 1 dl_scp_recursive liaison "/" "$T/no/"
expect_err "the root of the download tree cannot be copied as a folder"
touch "$T/up.tar"
expect_status 1 up_scp_legacy liaison "$T/up.tar" "/exports/"
expect_err "uploads are refused: the download tree is read-only"
expect_status 1 up_scp_recursive liaison "$T/g1" "/exports/"
expect_err "uploads are refused: the download tree is read-only"
[ -z "$(ls "$T/no")" ] || fail "a refused scp left files: $(ls "$T/no")"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'ssh.refuse' AND detail LIKE 'scp %'")" -ge 14 ] ||
    fail "the refusals are not audited: $(sql "SELECT detail FROM audit WHERE action = 'ssh.refuse'")"

note "some of a pattern refused, the rest sent: exit 1, what could go went"
mkdir "$T/m"
expect_status 1 dl_scp_legacy liaison "/exports/{$R-E2.tar,$R-E3.tar}" "$T/m/"
expect_err "no export \"$R-E3.tar\" is yours to download"
same "$T/m" "$R-E2.tar"

expect_status 0 "$VIGIL" admin audit verify
