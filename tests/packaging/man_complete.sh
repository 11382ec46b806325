# man_complete.sh — vigil(8) documents every admin and SSH command, vigil.cfg(5) every setting.
. "$SRC/tests/lib.sh"
MAN="$SRC/packaging/man"

# The page's text without scdoc's markup (bold *x*, underline _x_, line breaks ++).
plain() {
	sed -e 's/++$//' -e 's/\*//g' -e 's/\(^\|[^[:alnum:]]\)_\([^_]*\)_/\1\2/g' "$1"
}
plain "$MAN/vigil.8.scd" >"$T/vigil.8"
plain "$MAN/vigil.cfg.5.scd" >"$T/vigil.cfg.5"
# One section of vigil(8), from its heading to the next.
section() {
	awk -v h="# $1" '$0 == h { on = 1; next } /^# / { on = 0 } on' "$T/vigil.8"
}
section ADMINISTRATION >"$T/admin-section"
section "SSH COMMANDS" >"$T/ssh-section"

# The command words of a usage line: up to the first argument or option.
words() {
	awk '{ out = ""; for (i = 1; i <= NF; i++) { if ($i ~ /^[A-Z\[-]/ || $i ~ /[|]/) break; out = out (out ? " " : "") $i } print out }'
}

note "every setting of config list is in vigil.cfg(5)"
"$VIGIL" admin config list | awk '{print $1}' >"$T/keys"
[ -s "$T/keys" ] || fail "config list printed nothing"
while read -r k; do
	grep -q "^$k (" "$T/vigil.cfg.5" || fail "vigil.cfg(5) does not document setting $k"
done <"$T/keys"

note "every command of vigil admin help is in vigil(8) ADMINISTRATION"
"$VIGIL" admin help | sed -n 's/^  //p' | words >"$T/admin-cmds"
[ -s "$T/admin-cmds" ] || fail "admin help printed no commands"
while read -r w; do
	grep -q "^vigil admin $w\( \|$\)" "$T/admin-section" || fail "vigil(8) does not document \"vigil admin $w\""
done <"$T/admin-cmds"

note "every SSH command (help, as a user holding every role) is in vigil(8) SSH COMMANDS"
new_site
roles=$(awk '/^roles = \(/ { on = 1 } on && /name = "/ { sub(/.*name = "/, ""); sub(/".*/, ""); print } on && /^\);/ { exit }' "$T/site/policy.cfg")
args=()
for r in $roles; do args+=(--role "$r"); done
expect_status_in 0 "a long password for everything" "$VIGIL" admin user add boss --name Boss \
    "${args[@]}" --unit security --password-stdin
expect_status 0 "$VIGIL" admin authorize boss --trained-on 2025-08-25
expect_status 0 "$VIGIL" exec --user boss help
sed -n 's/^  \([a-z]\)/\1/p' "$T/out" | words | sort -u >"$T/ssh-cmds"
[ "$(wc -l <"$T/ssh-cmds")" -gt 10 ] || fail "SSH help listed few commands: $(cat "$T/out")"
while read -r w; do
	grep -q "^$w\( \|,\|$\)\|, $w\( \|,\|$\)" "$T/ssh-section" || fail "vigil(8) does not document the SSH command \"$w\""
done <"$T/ssh-cmds"

note "every subcommand of vigil is in vigil(8) COMMANDS"
"$VIGIL" help | sed -n 's/^  vigil \([a-z]*\).*/\1/p' >"$T/subs"
[ -s "$T/subs" ] || fail "vigil help printed no commands"
section COMMANDS >"$T/commands-section"
while read -r s; do
	grep -q "^vigil $s\( \|$\)" "$T/commands-section" || fail "vigil(8) does not document \"vigil $s\""
done <"$T/subs"

note "vigil verify, when it exists, has its page"
"$VIGIL" help >"$T/help" 2>&1 || true
if "$VIGIL" verify --help >/dev/null 2>&1 || grep -q "vigil verify" "$T/help"; then
	[ -f "$MAN/vigil-verify.1.scd" ] || fail "vigil verify exists but vigil-verify(1) does not"
fi
