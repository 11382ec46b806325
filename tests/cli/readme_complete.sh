# readme_complete.sh — the README documents every setting and every admin command.
. "$SRC/tests/lib.sh"
README="$SRC/README.md"

"$VIGIL" admin config list | awk '{print $1}' >"$T/keys"
[ -s "$T/keys" ] || fail "config list printed nothing"
while read -r k; do
	grep -qF "\`$k\`" "$README" || fail "README does not document setting $k"
done <"$T/keys"

"$VIGIL" admin help | sed -n 's/^  //p' >"$T/cmds"
[ -s "$T/cmds" ] || fail "admin help printed no commands"
while read -r line; do
	# The command words up to the first argument in capitals or option.
	words=$(echo "$line" | awk '{ out=""; for (i=1;i<=NF;i++) { if ($i ~ /^[A-Z\[-]/) break; out = out (out?" ":"") $i } print out }')
	grep -qF "\`$words" "$README" || fail "README does not document \"vigil admin $words\""
done <"$T/cmds"
