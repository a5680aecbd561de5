#!/usr/bin/env bash
# tests/bench/run.sh - the benchmark: the kiosk against Chromium in kiosk
# mode, on this machine. Not a test and not part of ctest: it prints
# figures and a Markdown table (build-bench/bench/results.md).
#
# Installs what is missing (Debian packages, with sudo when not root),
# builds the kiosk as shipped (RelWithDebInfo) with the benchmark's helpers
# in build-bench/, then runs tests/bench/bench.py. A full run takes about
# 20 minutes; --quick (one round) about 5.
#
#   tests/bench/run.sh [--quick] [--readme] [--build DIR] [bench.py options]
#   tests/bench/run.sh --help
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
me=bench/run.sh
# A command that fails says its line and command (deploy/lib.sh).
source "$top/deploy/lib.sh"
say_errors
cd "$top"

# The kiosk's own build packages, as deploy/dev.sh lists them (one list).
eval "$(sed -n '/^build_packages=(/,/)/p' deploy/dev.sh)"
bench_packages=(chromium xvfb python3 libx11-dev libxext-dev valgrind)

# Installed for this machine's architecture (or for all): a package that is
# also installed for another one (a cross build's arm64 -dev packages) has
# one status line per architecture.
arch=$(dpkg --print-architecture)
missing=()
for p in "${build_packages[@]}" "${bench_packages[@]}"; do
  if ! dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$p" 2>/dev/null |
      grep -Eqx "($arch|all) installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "run.sh: run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "run.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build=build-bench
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[i]}" = --build ] && [ $((i + 1)) -lt ${#args[@]} ] && build=${args[i + 1]}
done
case " $* " in *" --help "* | *" -h "*) exec python3 tests/bench/bench.py --build "$build" --help ;; esac

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BENCH=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target kiosk bench_launch bench_frames bench_photos bench_html >/dev/null
exec python3 tests/bench/bench.py --build "$build" "$@"
