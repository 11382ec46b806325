#!/bin/sh
# layering.sh — fails when a source file crosses a boundary the README's layout allows.
# Reads the #include lines of every .c/.h under core/, recorder/ and tui/, and looks
# for database calls outside core/ and recorder/.  Prints each crossing; exit 1 if any.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bad=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# allowed DIR PATTERN... : what a folder's files may include (extended regexps over
# the quoted path), besides their own folder and the C library.
allowed() {
	case $1 in
	core) echo '^core/[^/]+\.h$|^core/gov/policy\.h$' ;;
	core/gov) echo '^core/[^/]+\.h$|^core/gov/[^/]+\.h$' ;;
	recorder) echo '^core/[^/]+\.h$|^core/gov/policy\.h$|^core/gov/exports\.h$|^recorder/[^/]+\.h$' ;;
	tui/ssh) echo '^core/[^/]+\.h$|^core/gov/[^/]+\.h$|^tui/ssh/[^/]+\.h$|^tui/cli/cmd\.h$' ;;
	tui/cli) echo '^core/[^/]+\.h$|^core/gov/[^/]+\.h$|^tui/cli/[^/]+\.h$|^tui/ssh/sshd\.h$|^tui/console/screens\.h$' ;;
	tui/console) echo '^core/[^/]+\.h$|^core/gov/[^/]+\.h$|^tui/console/[^/]+\.h$|^recorder/frames\.h$' ;;
	*) echo '^$' ;;
	esac
}

for f in $(git ls-files 'core/*.[ch]' 'recorder/*.[ch]' 'tui/*.[ch]' 2>/dev/null ||
    find core recorder tui -name '*.[ch]'); do
	[ -f "$f" ] || continue
	dir=$(dirname "$f")
	ok=$(allowed "$dir")
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	    sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' >"$tmp" || true
	while read -r line inc; do
		# The one registration point: main() hands the recorder's commands to admin.
		if [ "$f" = tui/cli/main.c ] && [ "$inc" = recorder/recorder.h ]; then
			continue
		fi
		if ! printf '%s\n' "$inc" | grep -Eq "$ok"; then
			echo "$f:$line: includes \"$inc\": $dir/ may not reach it (README, Layout)"
			bad=1
		fi
	done <"$tmp"
done

# SQL and the database seam belong to core/ and recorder/ only.
for f in $(find tui -name '*.[ch]'); do
	hits=$(grep -nE '\bdb_[a-z_]+\(|\bsqlite3_|"(SELECT|INSERT|UPDATE|DELETE) ' "$f" || true)
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits" | sed "s|^|$f:|; s|\$| (database calls belong in core/)|"
		bad=1
	fi
done

if [ "$bad" -ne 0 ]; then
	echo "layering: boundaries crossed (see the README's Layout section)" >&2
	exit 1
fi
echo "layering: every include and database call stays inside its boundary"
