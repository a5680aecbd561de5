#!/usr/bin/env bash
# tests/reliability.sh - the CI step that goes past the ordinary suite:
#   1. every scenario test (tests/scenarios/*.scn, the real event loop)
#      under valgrind memcheck: no invalid read or write, no use of an
#      uninitialised value, no definite leak (tests/valgrind.supp holds
#      only third-party libraries' known noise);
#   2. every libFuzzer target (tests/fuzz/fuzz_*.c) fuzzed for SECONDS
#      from its saved corpus (as deploy/dev.sh fuzz does), two at a time;
#      a crash, a sanitizer report, an input that runs over 10 s or a
#      memory blow-up fails it.
# Then it prints one line per step and exits 1 if any failed.
#
#   tests/reliability.sh [--seconds N] [--jobs N] [--build DIR] [--fuzz-build DIR]
#     --seconds N      fuzzing time per target (default 60)
#     --jobs N         fuzz targets at once (default 2)
#     --build DIR      plain build for valgrind (default build; built if missing)
#     --fuzz-build DIR clang build of the fuzz targets (default build-fuzz)
#
# Needs valgrind, clang and libclang-rt-14-dev besides deploy/dev.sh's
# build packages; it says which is missing rather than installing it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
me=reliability.sh
# A step that fails says its name and command (deploy/lib.sh).
source "$top/deploy/lib.sh"
say_errors
step="options"

seconds=60
jobs=2
build=build
fuzz_build=build-fuzz
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --fuzz-build) fuzz_build=$2; shift 2 ;;
    *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

missing=()
command -v valgrind >/dev/null || missing+=(valgrind)
command -v clang >/dev/null || missing+=(clang)
[ -n "$(find /usr/lib/llvm-*/lib/clang -name 'libclang_rt.fuzzer-x86_64.a' -o \
        -name 'libclang_rt.fuzzer-aarch64.a' 2>/dev/null | head -1)" ] ||
  missing+=(libclang-rt-14-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "reliability.sh: install ${missing[*]} first (apt-get install ${missing[*]})" >&2
  exit 2
fi

start=$SECONDS
summary=()
status=0
note() { summary+=("$1"); }

# ---- 1. scenarios under valgrind memcheck ----
step="valgrind memcheck of the scenarios"
step_start=$SECONDS
cmake -S . -B "$build" -DKIOSK_WERROR=ON >/dev/null
cmake --build "$build" -j"$jobs" --target test_scenario >/dev/null
scenarios=(tests/scenarios/*.scn)
bad=()
for scn in "${scenarios[@]}"; do
  log="$build/valgrind-$(basename "$scn" .scn).log"
  # valgrind runs the test itself (not through env), so the variable is
  # exported here: with --trace-children=no a wrapper would hide the test.
  # KIOSK_PICTURES_IN_PROCESS: pictures decoded in this process, not in
  # the forked worker (picture_gate.c): memcheck checks a child's heap at exit.
  if ! SDL_VIDEODRIVER=dummy KIOSK_PICTURES_IN_PROCESS=1 valgrind --error-exitcode=1 --leak-check=full \
       --errors-for-leak-kinds=definite --show-leak-kinds=definite \
       --suppressions=tests/valgrind.supp --num-callers=30 \
       "$build/tests/test_scenario" "$scn" > "$log" 2>&1; then
    bad+=("$(basename "$scn")")
    echo "reliability.sh: valgrind found a problem in $scn ($log):" >&2
    grep -E "^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ bytes in .* definitely)|^==[0-9]+==    (at|by) " "$log" | head -40 >&2 || tail -30 "$log" >&2
  fi
done
if [ ${#bad[@]} -eq 0 ]; then
  note "valgrind memcheck: ${#scenarios[@]} scenarios clean ($((SECONDS - step_start)) s)"
else
  note "valgrind memcheck: FAILED in ${bad[*]} ($((SECONDS - step_start)) s)"
  status=1
fi

# ---- 2. every fuzz target for $seconds s ----
step="fuzzing"
step_start=$SECONDS
cmake -S . -B "$fuzz_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
      -DKIOSK_FUZZ=ON >/dev/null
targets=()
for corpus in tests/fuzz/corpus/*/; do targets+=("$(basename "$corpus")"); done
cmake --build "$fuzz_build" -j"$jobs" --target "${targets[@]/#/fuzz_}" >/dev/null

fuzz_one() { # target: runs it, leaves $fuzz_build/fuzz_<target>.log
  local target=$1 log="$fuzz_build/fuzz_$1.log"
  mkdir -p "$fuzz_build/corpus_$target" "$fuzz_build/crashes"
  # New finds go to $fuzz_build/corpus_<target>, a crash to $fuzz_build/crashes.
  "$fuzz_build/tests/fuzz_$target" -max_total_time="$seconds" -max_len=8192 \
      -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$fuzz_build/crashes/$target-" \
      "$fuzz_build/corpus_$target" "tests/fuzz/corpus/$target" > "$log" 2>&1
}

declare -A pids
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "reliability.sh: fuzzing $target for ${seconds}s"
  fuzz_one "$target" &
  pids[$target]=$!
done
failed_targets=()
for target in "${targets[@]}"; do
  if ! wait "${pids[$target]}"; then
    failed_targets+=("$target")
    log="$fuzz_build/fuzz_$target.log"
    echo "reliability.sh: fuzz_$target failed ($log):" >&2
    grep -E "ERROR|SUMMARY|Test unit written|runtime error" "$log" >&2 || tail -20 "$log" >&2
  fi
done
runs=""
for target in "${targets[@]}"; do
  n=$(grep -oE "^Done [0-9]+ runs" "$fuzz_build/fuzz_$target.log" | grep -oE "[0-9]+" || true)
  runs+=" $target ${n:-?}"
done
if [ ${#failed_targets[@]} -eq 0 ]; then
  note "fuzzing: ${#targets[@]} targets x ${seconds} s, no crash; runs:$runs ($((SECONDS - step_start)) s)"
else
  note "fuzzing: FAILED in ${failed_targets[*]}; crash inputs in $fuzz_build/crashes ($((SECONDS - step_start)) s)"
  status=1
fi

echo
echo "reliability.sh summary:"
for line in "${summary[@]}"; do echo "  $line"; done
echo "  total $((SECONDS - start)) s: $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
