#!/usr/bin/env bash
# tests/bench/loop.sh - the kiosk's longest loop turns, and tap -> detail
# while a picture is being prepared (bench_loop.c): at WxH (1920x1080) with
# the bundled content, SDL's software renderer and dummy video driver.
#   1. bench_loop natively: ms per turn (wall clock: noisy beside other
#      work) and the taps on the real clock;
#   2. bench_loop under callgrind (attract and bursts only): instructions
#      of each turn of the loop's thread, which do not depend on the load.
#      The picture thread and the picture worker are not counted; pictures
#      are decoded in-process (KIOSK_PICTURES_IN_PROCESS: the worker's
#      sandbox does not run under valgrind), on the picture thread.
# Not a test, not part of ctest: it prints key=value lines and a Markdown
# table (BUILD/bench/loop.md). Needs valgrind (run.sh installs it). The
# full run takes about 15 minutes on 2 cores.
#
#   tests/bench/loop.sh [--build DIR] [--minutes N] [--bursts N] [--taps N] [--size WxH]
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=build-bench minutes=10 bursts=30 taps=100 size=1920x1080
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2 ;;
    --minutes) minutes=$2 ;;
    --bursts) bursts=$2 ;;
    --taps) taps=$2 ;;
    --size) size=$2 ;;
    *) echo "usage: tests/bench/loop.sh [--build DIR] [--minutes N] [--bursts N] [--taps N] [--size WxH]" >&2; exit 2 ;;
  esac
  shift 2
done
command -v valgrind >/dev/null || { echo "loop.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BENCH=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target bench_loop >/dev/null
out=$build/bench
mkdir -p "$out"
rm -rf "$out"/loop.callgrind.* "$out"/loop.native.txt "$out"/loop.data.*
export SDL_VIDEODRIVER=dummy
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

# A fresh data folder for each run (the raster cache starts cold), removed after.
mkdir "$out/loop.data.native" "$out/loop.data.callgrind"
"$build/tests/bench/bench_loop" --size "$size" --minutes "$minutes" --bursts "$bursts" \
  --data "$out/loop.data.native" --taps "$taps" >"$out/loop.native.txt" 2>"$out/loop.native.log"
KIOSK_PICTURES_IN_PROCESS=1 valgrind --tool=callgrind --collect-atstart=no --combine-dumps=yes \
  --callgrind-out-file="$out/loop.callgrind.%p" "$build/tests/bench/bench_loop" --size "$size" \
  --minutes "$minutes" --bursts "$bursts" --data "$out/loop.data.callgrind" --taps 0 \
  >"$out/loop.valgrind.txt" 2>"$out/loop.valgrind.log"
rm -rf "$out"/loop.data.*
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$out" "$size" "$minutes" "$bursts" "$load_before" "$load_after" \
  "$(( ($(date +%s) - started + 59) / 60 ))" <<'PY'
import glob, math, platform, sys
out, size, minutes, bursts, before, after, took = sys.argv[1:]

def pct(v, q):
    v = sorted(v)
    return v[max(0, math.ceil(q * len(v)) - 1)] if v else float("nan")

native = dict(l.strip().split("=", 1) for l in open(f"{out}/loop.native.txt") if "=" in l)
turns = {}  # part -> [(instructions, label)]
for path in glob.glob(f"{out}/loop.callgrind.*"):
    label = None
    for line in open(path, errors="replace"):
        if line.startswith("desc: Trigger: Client Request: "):
            label = line.split(": ", 3)[3].strip()
        elif line.startswith("summary:") and label:
            turns.setdefault(label.split()[0], []).append((int(line.split()[1]), label))
            label = None
for part, v in sorted(turns.items()):
    ins = [n for n, _ in v]
    slide = [n for n, l in v if l.endswith(" slide")]
    worst = max(v)
    print(f"{part}_instr_turns={len(v)}\n{part}_instr_max={worst[0]}\n{part}_instr_max_turn={worst[1]}"
          f"\n{part}_instr_over_25M={sum(n > 25e6 for n in ins)}"
          f"\n{part}_instr_slide_frame_p99={pct(slide, 0.99)}\n{part}_instr_slide_frame_max={max(slide or [0])}")
    print(f"{part}_instr_top5=" + "; ".join(f"{n / 1e6:.1f} M ({l})" for n, l in sorted(v)[-5:][::-1]))
for k, v in native.items():
    print(f"{k}={v}")

def f(k, d=1):
    try:
        return f"{float(native[k]):.{d}f}"
    except (KeyError, ValueError):
        return "?"

def m(part, k):
    v = turns.get(part)
    if not v:
        return float("nan")
    return {"max": max(v)[0], "slide": max([n for n, l in v if l.endswith(" slide")] or [0])}[k] / 1e6

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
limit = float(native.get("prep_frame_ms", "nan")) + float(native.get("attract_slide_frame_p99_ms", "nan"))
tap99 = float(native.get("prep_tap_detail_visible_p99_ms", "nan"))
met = lambda ok: "yes" if ok else "no"
rows = [
    f"Measured with `tests/bench/loop.sh` on {cpu}, {platform.machine()}, {__import__('os').cpu_count()} cores; "
    f"{size}, software renderer, SDL dummy driver, bundled content, a fresh data folder (cold raster cache). "
    f"Load average {before} before, {after} after; {took} min. Instructions: callgrind, the loop's thread only "
    f"(not the picture thread, not the worker), x86-64. Milliseconds: wall clock on a shared machine, noisy.",
    "",
    "| What | Figure | Target | Met |",
    "|---|---|---|---|",
    f"| Longest loop turn, {minutes} min of attract mode (M instructions) | {m('attract', 'max'):.1f} | ≤ 25 M | {met(m('attract', 'max') <= 25)} |",
    f"| … longest turn that draws a frame mid-slide (M instructions) | {m('attract', 'slide'):.1f} | ≤ 25 M | {met(m('attract', 'slide') <= 25)} |",
    f"| Longest loop turn, {bursts} bursts of 5 taps at page boundaries (M instructions) | {m('bursts', 'max'):.1f} | ≤ 25 M | {met(m('bursts', 'max') <= 25)} |",
    f"| Loop turns over 25 M instructions (attract / bursts) | {sum(n > 25e6 for n, _ in turns.get('attract', []))} of {len(turns.get('attract', []))} / "
    f"{sum(n > 25e6 for n, _ in turns.get('bursts', []))} of {len(turns.get('bursts', []))} | 0 | |",
    f"| Longest loop turn, attract: max / p99 of frames (ms) | {f('attract_turn_max_ms')} / {f('attract_frame_p99_ms')} | | |",
    f"| Longest loop turn, bursts: max / p99 of frames (ms) | {f('bursts_turn_max_ms')} / {f('bursts_frame_p99_ms')} | | |",
    f"| Tap → detail on screen, tap down while the next page's picture is prepared: p50 / p99 (ms), {native.get('prep_tap_detail_visible_n', '?')} taps | "
    f"{f('prep_tap_detail_visible_p50_ms')} / {f('prep_tap_detail_visible_p99_ms')} | ≤ 1 frame + render ({limit:.1f} ms) | {met(tap99 <= limit)} |",
    f"| … of those, lifted while it was still prepared: p50 / p99 (ms), {native.get('prep_tap_detail_visible_lift_during_n', '?')} taps | "
    f"{f('prep_tap_detail_visible_lift_during_p50_ms')} / {f('prep_tap_detail_visible_lift_during_p99_ms')} | | |",
    f"| … their picture ready, from the page's end (drawn by the worker, no raster cache): p50 / max (ms) | "
    f"{f('prep_picture_ready_after_page_end_p50_ms', 0)} / {f('prep_picture_ready_after_page_end_max_ms', 0)} | | |",
]
open(f"{out}/loop.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
PY
