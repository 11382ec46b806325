#!/bin/sh
# po-missing.sh — prints, as .po entries, every message in the sources that has no
# Simplified Chinese translation in tui/po/*.zh_CN.po.  Empty output = complete.
# Usage: tests/tools/po-missing.sh [SOURCES...]   (default: core recorder tui)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2046
	set -- $(ls core/*.c core/gov/*.c recorder/*.c tui/*/*.c 2>/dev/null)
fi
xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 -kC_:1c,2 -kNC_:1c,2 --no-location -o "$tmp/all.pot" "$@"
[ -s "$tmp/all.pot" ] || exit 0
msgcat --use-first -o "$tmp/have.po" tui/po/*.zh_CN.po
msgmerge --quiet --no-fuzzy-matching --no-location -o "$tmp/merged.po" "$tmp/have.po" "$tmp/all.pot"
msgattrib --untranslated --no-obsolete -o "$tmp/missing.po" "$tmp/merged.po"
if [ -s "$tmp/missing.po" ]; then
	sed '1,/^$/d' "$tmp/missing.po"
fi
