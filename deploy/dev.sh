#!/usr/bin/env bash
# deploy/dev.sh - set up, build and run (or test) the kiosk on Debian 12 or
# Raspberry Pi OS bookworm. Installs only the Debian packages that are
# missing (with sudo when not root), then builds with CMake.
#
#   deploy/dev.sh run [kiosk options]   build and start the kiosk on the bundled pages
#   deploy/dev.sh test                  build and run every test: a -Werror build,
#                                       an ASan+UBSan build, the scenarios under valgrind,
#                                       60 s of fuzzing per parser, the Debian package installed
#                                       into a clean Debian 12 root (where the quick tests also
#                                       build from scratch), and the arm64 build with its unit
#                                       tests under qemu, and the whole system booted in a
#                                       virtual machine (tests/system/run.sh --quick) (these
#                                       three need root or sudo). Ends with the time each
#                                       phase took.
#   deploy/dev.sh test --quick          one build; the unit, scenario and golden-image tests
#   deploy/dev.sh system [OPTIONS]      the whole system in a virtual machine: boot, screen,
#                                       touch, USB sticks, power cuts (tests/system/run.sh,
#                                       e.g. --power-cuts 50 or --arch arm64; needs root or sudo)
#   deploy/dev.sh fuzz [SECONDS]        run each libFuzzer target (clang) for SECONDS (60)
#
# A step that fails ends the script with one line naming the step and its
# command. KIOSK_TEST_CACHE (see deploy/test-package.sh) is where the package
# test keeps its Debian root; .ci/run gives it a new empty folder every run.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
me=dev.sh

build_packages=(build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
                libmd4c-dev libinih-dev libpng-dev libjpeg-dev libsqlite3-dev libsodium-dev libexif-dev
                libsystemd-dev libdrm-dev libseccomp-dev libfribidi-dev libespeak-ng-dev libqrencode-dev
                fonts-noto-core fonts-noto-color-emoji)
# The loopback test of a hub and a kiosk through Syncthing (tests/sync/run.sh, ctest -L sync).
sync_test_packages=(syncthing curl jq iproute2 procps util-linux)
# What ctest needs beyond the build's: zbarimg reads the QR codes back (tests/qr_check.cmake);
# Syncthing and the tools of tests/sync/run.sh.
test_packages=(zbar-tools "${sync_test_packages[@]}")
fuzz_packages=(clang libclang-rt-14-dev)
reliability_packages=(valgrind "${fuzz_packages[@]}")
# The whole-system test's (tests/system/run.sh, which adds QEMU for its guest).
system_test_packages=(mmdebstrap qemu-utils mtools dosfstools exfatprogs exfat-fuse imagemagick python3
                      e2fsprogs)

# need_packages (deploy/lib.sh) installs what is missing; say_errors
# makes a failing step say its name and command.
source "$top/deploy/lib.sh"
say_errors
step=start

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

build() { # build DIR [cmake options...]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

case "${1:-}" in
  run)
    shift
    need_packages "${build_packages[@]}"
    build build -DKIOSK_WERROR=ON
    args=("$@")
    # On a desktop, a window; on the console, fullscreen through KMSDRM.
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --window "* ]]; then
      args=(--window 1280x800 "${args[@]}")
    fi
    exec build/kiosk "${args[@]}"
    ;;
  test)
    quick=
    if [ "${2:-}" = --quick ]; then quick=1; elif [ -n "${2:-}" ]; then
      echo "$me: test takes --quick or nothing, not $2" >&2; exit 2
    fi
    # Each phase's time, printed as a table when the script ends, however it ends.
    phase_rows=()
    phase_start=$SECONDS
    total_start=$SECONDS
    phase() { # phase NAME : the previous phase ended; NAME starts now
      [ "$step" = start ] || phase_rows+=("$(printf '  %-58s %6d s' "$step" $((SECONDS - phase_start)))")
      step=$1 phase_start=$SECONDS
      echo "== $me: $step"
    }
    phase_table() {
      local status=$?
      [ "$step" = start ] || phase_rows+=("$(printf '  %-58s %6d s%s' "$step" $((SECONDS - phase_start)) \
                                            "$([ "$status" -eq 0 ] || echo "  FAILED")")")
      echo
      echo "$me test${quick:+ --quick}: time per phase"
      printf '%s\n' "${phase_rows[@]}"
      printf '  %-58s %6d s  (%s)\n' "total" $((SECONDS - total_start)) \
        "$([ "$status" -eq 0 ] && echo passed || echo FAILED)"
    }
    trap phase_table EXIT

    phase "packages: the build's and the tests'"
    need_packages "${build_packages[@]}" "${test_packages[@]}"
    phase "build (-Werror) in build/"
    build build -DKIOSK_WERROR=ON
    if [ -n "$quick" ]; then
      # The everyday loop: one build, the tests of the core, the golden
      # images and the scenarios through the real loop; not the soaks, the
      # fuzz replays or the command line (all in the full run).
      phase "ctest -L 'unit|render|scenario' (no powercut, no soak)"
      (cd build && ctest --output-on-failure -j"$(nproc)" -L 'unit|render|scenario' -LE powercut)
      exit 0
    fi
    phase "ctest (-Werror build): every test"
    (cd build && ctest --output-on-failure -j"$(nproc)")
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
    phase "build (ASan+UBSan) in build-asan/"
    build build-asan -DKIOSK_SANITIZE=ON -DKIOSK_WERROR=ON -DCMAKE_BUILD_TYPE=Debug
    phase "ctest (ASan+UBSan build): every test"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
       LSAN_OPTIONS=suppressions="$top/tests/lsan.supp" \
       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       ctest --output-on-failure -j"$(nproc)")
    # Every scenario under valgrind memcheck, and every fuzz target for 60 s.
    phase "packages: valgrind, clang"
    need_packages "${reliability_packages[@]}"
    phase "valgrind memcheck of the scenarios, 60 s fuzzing per parser"
    tests/reliability.sh --build build --fuzz-build build-fuzz
    # The .deb: lintian, installed into a fresh Debian 12 root, checked;
    # then the quick tests built from the tracked files in a clean root.
    phase "the Debian package in a clean Debian 12 root"
    as_root env ${KIOSK_TEST_CACHE:+KIOSK_TEST_CACHE="$KIOSK_TEST_CACHE"} deploy/test-package.sh
    # The Pi's arm64 build and package, its unit tests under qemu-user.
    phase "the arm64 build, its unit tests under qemu"
    deploy/cross-build-arm64.sh build-arm64
    # The package booted as a Pi boots it, in a virtual machine: the first
    # page, a tap, a USB install, a power cut (its image in the cache folder).
    phase "the whole system in a virtual machine (tests/system/run.sh --quick)"
    as_root env ${KIOSK_TEST_CACHE:+KIOSK_TEST_CACHE="$KIOSK_TEST_CACHE"} tests/system/run.sh --quick
    ;;
  system)
    # The package on Debian 12 in a virtual machine: boot, the screen, touch,
    # a USB stick, power cuts (its packages are system_test_packages,
    # installed there).
    shift
    step="the whole system in a virtual machine (tests/system/run.sh $*)"
    as_root env ${KIOSK_TEST_CACHE:+KIOSK_TEST_CACHE="$KIOSK_TEST_CACHE"} tests/system/run.sh "$@"
    ;;
  fuzz)
    seconds=${2:-60}
    step="fuzzing"
    need_packages "${build_packages[@]}" "${fuzz_packages[@]}"
    build build-fuzz -DCMAKE_C_COMPILER=clang -DKIOSK_FUZZ=ON
    status=0
    for corpus in tests/fuzz/corpus/*/; do
      target=$(basename "$corpus")
      mkdir -p "build-fuzz/corpus_$target"
      echo "dev.sh: fuzzing $target for ${seconds}s"
      # New finds go to build-fuzz/corpus_*; a crash leaves crash-* here.
      log="build-fuzz/fuzz_$target.log"
      if ! build-fuzz/tests/fuzz_"$target" -max_total_time="$seconds" -max_len=8192 \
           -rss_limit_mb=1024 "build-fuzz/corpus_$target" "$corpus" > "$log" 2>&1; then
        status=1
        grep -E "ERROR|SUMMARY|Test unit written" "$log" || tail -20 "$log"
      fi
      grep -E "^Done [0-9]+ runs" "$log" || true
    done
    exit $status
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
