#!/bin/sh
# stats_merge_folders.sh KIOSK FIXTURES WORK - `kiosk stats merge` on
# folders, beyond the fixture itself (cli_stats_merge_outbox): a link in
# the folder (to a file, a folder, or out of it) is not followed; a folder
# too deep, a file reached twice and a folder with no CSV are refused,
# each with its message and nothing written. Prints "all ok" at the end.
set -u
KIOSK=$1 FIXTURES=$2 WORK=$3
fail() { echo "FAILED: $*"; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK" || fail "cannot make $WORK"
EXPECTED=$FIXTURES/stats-outbox-merged.csv
MERGED=kiosk-stats-Library-Reception-2026-12-01-to-2026-12-03.csv

# Links: the same totals as without them, and a warning for each.
cp -R "$FIXTURES/stats-outbox" "$WORK/links" || fail "cannot copy the fixture"
ln -s ../library/kiosk-stats-Library-2026-12-01.csv "$WORK/links/reception/kiosk-stats-Link-2026-12-01.csv"
ln -s ../library "$WORK/links/reception/linked"
ln -s "$FIXTURES/stats-outbox" "$WORK/links/outside"
"$KIOSK" stats merge "$WORK/links" --out "$WORK/links-out" 2>"$WORK/links.err" ||
    { cat "$WORK/links.err"; fail "the merge with links failed"; }
[ "$(grep -c 'is not followed' "$WORK/links.err")" = 3 ] || { cat "$WORK/links.err"; fail "not 3 link warnings"; }
cmp "$WORK/links-out/$MERGED" "$EXPECTED" || fail "with links, the totals changed"
echo "ok: links not followed"

# Folders more than 4 deep.
mkdir -p "$WORK/deep/1/2/3/4/5" || fail "mkdir"
cp "$FIXTURES/stats-outbox/library/kiosk-stats-Library-2026-12-01.csv" "$WORK/deep/1/2/3/4/5/" || fail "cp"
if "$KIOSK" stats merge "$WORK/deep" --out "$WORK/deep-out" 2>"$WORK/deep.err"; then fail "too deep, and merged"; fi
grep -q 'folders are read at most 4 deep' "$WORK/deep.err" || { cat "$WORK/deep.err"; fail "no depth message"; }
[ ! -e "$WORK/deep-out" ] || fail "too deep, and something written"
# ... 4 deep is fine.
"$KIOSK" stats merge "$WORK/deep/1" --out "$WORK/deep-out" 2>"$WORK/deep.err" ||
    { cat "$WORK/deep.err"; fail "4 deep refused"; }
echo "ok: depth"

# A file given and also found in a folder given.
if "$KIOSK" stats merge "$WORK/links/library" "$WORK/links/library/kiosk-stats-Library-2026-12-01.csv" \
    --out "$WORK/twice-out" 2>"$WORK/twice.err"; then fail "a file twice, and merged"; fi
grep -q 'this file is given twice' "$WORK/twice.err" || { cat "$WORK/twice.err"; fail "no twice message"; }
echo "ok: twice"

# A folder with no CSV in it.
mkdir -p "$WORK/empty/.stversions" && cp "$EXPECTED" "$WORK/empty/.stversions/" || fail "mkdir"
if "$KIOSK" stats merge "$WORK/empty" --out "$WORK/empty-out" 2>"$WORK/empty.err"; then fail "nothing, and merged"; fi
grep -q 'no .csv file found' "$WORK/empty.err" || { cat "$WORK/empty.err"; fail "no empty message"; }
echo "ok: empty"
echo "all ok"
