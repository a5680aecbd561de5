#!/bin/sh
# tests/read_only_data.sh KIOSK STICK WORK - the kiosk on a data folder whose
# file system went read-only (ext4 does that when an SD card fails): it must
# keep showing the installed pages, not exit. Needs root and a mount
# namespace of its own (unshare); exits 77 (skipped) without them.
set -eu
kiosk=$1 stick=$2 work=$3
[ "$(id -u)" = 0 ] || { echo "not root: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work/data" "$work/ro"
"$kiosk" import "$stick" --data "$work/data" > "$work/import.log" 2>&1 ||
  { cat "$work/import.log"; exit 1; }
unshare --mount --propagation private true 2>/dev/null || { echo "no unshare: skipped"; exit 77; }
status=0
unshare --mount --propagation private sh -c '
  mount --bind "$1/data" "$1/ro" && mount -o remount,bind,ro "$1/ro" || exit 77
  SDL_VIDEODRIVER=dummy timeout 4 "$2" --data "$1/ro" --window 800x480' _ "$work" "$kiosk" \
  > "$work/run.log" 2>&1 || status=$?
cat "$work/run.log"
[ "$status" != 77 ] || { echo "cannot mount here: skipped"; exit 77; }
# timeout's 124: it was still running after 4 s.
[ "$status" = 124 ] || { echo "FAIL: the kiosk ended with status $status"; exit 1; }
grep -q "is on a read-only file system" "$work/run.log" || { echo "FAIL: no notice"; exit 1; }
grep -q "Showing installed content $work/ro/content/" "$work/run.log" ||
  { echo "FAIL: not the installed pages"; exit 1; }
echo "ok: the kiosk kept showing the installed pages from a read-only data folder"
