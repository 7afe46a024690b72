#!/bin/sh
# Lists the strings of resources/translations/iaxphone_de.ts that still need a German translation,
# after updating it from the sources (lupdate, as `cmake --build B --target update_translations`).
# Usage: scripts/untranslated.sh [build dir, default build/debug]. Exit 0 when none are left.
# Translate them in Qt Linguist (or by hand: fill <translation> and drop type="unfinished"), then
# run it again; ctest runs the same check as tst_translations.
set -e
B=${1:-build/debug}
cmake --build "$B" --target update_translations tst_translations >/dev/null
exec "$B/tests/tst_translations" -list
