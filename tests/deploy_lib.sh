#!/usr/bin/env bash
# tests/deploy_lib.sh - the deploy scripts' shared helpers (deploy/lib.sh):
#  1. remove_tree on a folder with nothing mounted inside it deletes it and
#     goes on (it once ran `findmnt | grep` under pipefail: grep found
#     nothing, exited 1, and the package test ended without a word);
#  2. a step broken on purpose ends the script with one line naming the
#     script, the step, the file and line, and the command, in a function,
#     in a pipeline and in a subshell;
#  3. every bash script in deploy/ (and the test scripts that dev.sh runs)
#     (and tests/system/*.sh) turns that on, and kiosk-usb-mount names its step.
# Prints "N passed, N failed"; exits 1 if any failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# ---- 1. remove_tree with nothing mounted ----
mkdir -p "$work/tree/a/b" && touch "$work/tree/a/b/file"
cat > "$work/remove.sh" <<SCRIPT
#!/usr/bin/env bash
set -euo pipefail
me=remove.sh top="$top"
source "\$top/deploy/lib.sh"
say_errors
step="removing"
remove_tree "$work/tree"
echo "went on"
SCRIPT
out=$(bash "$work/remove.sh" 2>&1); status=$?
if [ $status -eq 0 ] && [ "$out" = "went on" ] && [ ! -e "$work/tree" ]; then
  ok "remove_tree deletes a folder with nothing mounted in it, and the script goes on"
else
  bad "remove_tree (exit $status): $out"
fi

# ---- 2. a step broken on purpose ----
# broken KIND : a script whose step "making the thing" fails in one way.
broken() {
  cat > "$work/broken.sh" <<SCRIPT
#!/usr/bin/env bash
set -euo pipefail
me=broken.sh top="$top"
source "\$top/deploy/lib.sh"
say_errors
step="making the thing"
in_function() {
  false | sort
}
case "$1" in
  command) cp /nonexistent/file "$work/x" ;;
  function) in_function ;;
  pipeline) printf 'a\n' | grep -F zzz | sort -r ;;
  subshell) (cd "$work" && false) ;;
esac
echo "went on"
SCRIPT
  bash "$work/broken.sh" 2>&1
}
for kind in command function pipeline subshell; do
  out=$(broken "$kind"); status=$?
  line=$(grep -F "broken.sh: FAILED" <<<"$out" || true)
  case $kind in
    command) want='cp /nonexistent/file' ;;
    function) want='false | sort' ;;
    pipeline) want="grep -F zzz | sort -r" ;;
    subshell) want='(cd ' ;;
  esac
  if [ $status -ne 0 ] && [ "$(grep -c "FAILED" <<<"$out")" = 1 ] && ! grep -q "went on" <<<"$out" &&
     grep -qE '^broken.sh: FAILED \(exit [0-9]+\) in step "making the thing" at broken.sh:[0-9]+: ' <<<"$line" &&
     grep -qF "$want" <<<"$line"; then
    ok "a failing $kind says its step, line and command: ${line#broken.sh: }"
  else
    bad "a failing $kind (exit $status): $out"
  fi
done

# ---- 3. every script turns it on ----
for f in "$top"/deploy/*.sh "$top"/tests/reliability.sh "$top"/tests/bench/run.sh "$top"/tests/system/*.sh; do
  case $f in */lib.sh) continue ;; esac
  if grep -qE '^(say_errors|trap .said_error .* ERR)' "$f"; then
    ok "${f#"$top"/} says which step failed"
  else
    bad "${f#"$top"/} does not call say_errors (deploy/lib.sh)"
  fi
done
if grep -q 'FAILED (exit $rc) in step' "$top/deploy/kiosk-usb-mount"; then
  ok "deploy/kiosk-usb-mount says which step failed"
else
  bad "deploy/kiosk-usb-mount does not say which step failed"
fi

echo "deploy_lib: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
