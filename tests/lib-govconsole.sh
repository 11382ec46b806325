# lib-govconsole.sh — helpers for the governance console's e2e tests; source after
# lib.sh and lib-gov.sh (which start vigil serve with a frozen clock).

# fits NAME COLS ROWS LAST [ALLOWED] : what the pane of NAME shows fits COLS x ROWS with
# nothing cut: no line wider than COLS, no "…" (what ui_put draws where it cuts text) on
# any line but those matching the regex ALLOWED (a field's message cut beside it, shown
# whole under the buttons), and the status line (row ROWS) still shows its last hint
# LAST, so no key hint was dropped.
fits() {
	local name=$1 cols=$2 rows=$3 last=$4 allowed=${5:-^$}
	wait_row "$name" "$rows" "$last"
	screen "$name" >"$T/pane"
	[ "$(wc -l <"$T/pane")" -le "$rows" ] || { cat "$T/pane" >&2; fail "$name has more than $rows rows"; }
	[ "$(wc -L <"$T/pane")" -le "$cols" ] || { cat "$T/pane" >&2; fail "a line of $name is wider than $cols"; }
	if grep "…" "$T/pane" | grep -qvE -- "$allowed"; then
		cat "$T/pane" >&2
		fail "something on the screen of $name is cut at ${cols}x${rows}"
	fi
}

# console NAME LOGIN [COLS ROWS] : LOGIN's console over ssh in tmux, waiting for the home screen.
console() {
	tmux_ssh "$1" "${3:-80}" "${4:-24}" "$2"
	wait_screen "$1" "($2)"
}

# confirm NAME TITLE : a confirmation dialog titled TITLE is up; answer yes.
confirm() {
	wait_screen "$1" "$2"
	wait_screen "$1" "[ y:"
	keys "$1" y
}

# unchanged FILE : the database is as gov_state saved it in FILE.
unchanged() {
	gov_state "$T/now"
	assert_same_db "$1" "$T/now"
}

# wait_text NAME TEXT [SECONDS] : until TEXT shows on the pane, perhaps wrapped over rows
# (the rows are joined and runs of spaces squeezed before looking).
wait_text() {
	local limit=${3:-60} i=0 want
	want=$(printf '%s' "$2" | tr -s ' ')
	while ! screen "$1" | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$want"; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			screen "$1" >&2
			fail "the screen of $1 never showed \"$2\""
		fi
		sleep 0.2
	done
}

# beside NAME LABEL MESSAGE : MESSAGE stands beside the field LABEL (its start, at least,
# where the row is too narrow) and shows whole on the screen (under the buttons).
beside() {
	wait_line "$1" "^ $2\\*? +.* $(printf '%s' "${3:0:10}" | sed 's/[][\.*^$()+?{}|]/\\&/g')"
	wait_for 60 shows_unspaced "$1" "$3" ||
		{ screen "$1" >&2; fail "the screen of $1 never showed \"$3\""; }
}

# shows_unspaced NAME TEXT : the screen shows TEXT, wrapped over lines or not: Chinese text
# wraps between two characters, with no space to stand for the line break, so spaces and
# line breaks are left out on both sides.
shows_unspaced() {
	screen "$1" | tr -d ' \n' | grep -qF -- "$(printf '%s' "$2" | tr -d ' ')"
}

# status_row NAME ROWS : the status line (the last row) of the pane.
status_row() {
	screen "$1" | sed -n "${2}p"
}

# styled_line NAME TEXT : the first line of the pane showing TEXT, with its colours and
# attributes as escape sequences (what a highlight looks like to the terminal).
styled_line() {
	tm capture-pane -e -p -t "$1" | grep -F -- "$2" | head -n 1
}

# no_dialog NAME TITLE SECONDS : for that long the pane never shows a dialog TITLE with
# its [ y: answer (polled, so a dialog that comes late is caught too).
no_dialog() {
	local i=0
	while [ "$i" -lt $(($3 * 5)) ]; do
		if screen "$1" | grep -qF -- "$2" && screen "$1" | grep -qF "[ y:"; then
			screen "$1" >&2
			fail "a confirmation \"$2\" came up"
		fi
		i=$((i + 1))
		sleep 0.2
	done
}

# default_cast : on a default-profile site (gov_site default), camera gate-1 and the people
# of its procedure: ann (staff) files, sh (security head) approves, gu (guard) runs viewings.
default_cast() {
	camera gate-1 public entrance security
	user ann staff general
	user sh security_head security
	user gu guard security
}

# granted [VIEWERS] : ann's request to view gate-1 (lost property), granted by sh; sets R.
granted() {
	ok ann request new --kind view --camera gate-1 --from "2026-03-01 10:00" \
	    --to "2026-03-01 11:00" --purpose lost_property --reason "lost umbrella" \
	    --viewers "${1:-1}"
	R=$(ref)
	ok sh approve "$R"
}

# teacher_form NAME LOGIN COLS ROWS FROM : a GUAT teacher's new-request form, filing as a
# teacher for teaching material with cls-1 chosen; the focus on the From field (its label).
teacher_form() {
	console "$1" "$2" "$3" "$4"
	keys "$1" 2
	wait_line "$1" "^ $5\\*"
	keys "$1" Tab Left Left Tab Right Tab Enter
	wait_screen "$1" "cls-1 ·"
	keys "$1" Space Enter
	wait_line "$1" "\\[1\\] cls-1"
}

# teaches LOGIN CAMERAS : GUAT art. 17(1): the teacher LOGIN teaches a class taught in the
# cameras (ID[,ID...]), so they may ask for its footage as a teacher (the class mapping).
teaches() {
	"$VIGIL" admin class add "class-$1" --name "Class of $1" --unit school_it >/dev/null ||
		fail "class add"
	"$VIGIL" admin class link "class-$1" --camera "$2" --teacher "$1" >/dev/null ||
		fail "class link"
}
