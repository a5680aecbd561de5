#!/usr/bin/env python3
"""tests/bench/watchdog_gaps.py - how long the kiosk's loop can go without
pinging systemd's watchdog, with hostile pictures on its pages.

Not a test: it prints figures. The kiosk runs on Xvfb as systemd runs it
(NOTIFY_SOCKET, WATCHDOG_USEC), on content put in place by hand, past
`kiosk check` and `kiosk import` (which refuse these pictures): a
progressive JPEG of 65,535 scans (tens of seconds in libjpeg) and an SVG
of one path of 1 MB of steps (seconds in nanosvg), beside
ordinary pages. xdotool taps at random places for the whole run, so pages,
details and page dots are opened while those pictures are being prepared.
The watchdog allows 8 s; the promise is that no loop iteration takes more
than a second. Prints the largest gap between pings, the largest gap
between frames while pages move, and whether the kiosk was still running.

  tests/bench/watchdog_gaps.py --kiosk build/kiosk [--seconds 30] [--keep]
"""
import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Xvfb  # noqa: E402  (the benchmark's own Xvfb helper)

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WATCHDOG_USEC = 200000  # pings every 100 ms when the loop is free


def many_scans_jpeg(path, work):
    """A progressive 1920x1920 JPEG whose last scan repeats to 65,535."""
    base = os.path.join(work, "base.jpg")
    subprocess.run(["convert", "-size", "1920x1920", "xc:#808080", "-interlace", "JPEG",
                    base], check=True)
    data = open(base, "rb").read()
    assert data.endswith(b"\xff\xd9")
    last = data.rfind(b"\xff\xda")
    scans = data.count(b"\xff\xda")
    scan = data[last:-2]
    with open(path, "wb") as f:
        f.write(data[:-2])
        f.write(scan * (65535 - scans))
        f.write(b"\xff\xd9")


def path_nodes_svg(path, limit=1000 * 1000):
    """One path of 1 MB of short steps (as test_hostile's at the limit):
    seconds in nanosvg, inside the 1 MB the content rules allow."""
    steps = [" l3 1", " l-1 3", " l1 -3", " l-3 -1"]
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">'
             '<path fill="#4a7" stroke="#235" d="M0 0']
    size, i = len(parts[0]), 0
    while size + 32 < limit:
        parts.append(steps[i % 4])
        size += len(steps[i % 4])
        i += 1
    parts.append('z"/></svg>\n')
    open(path, "w").write("".join(parts))


def make_content(work):
    content = os.path.join(work, "content")
    shutil.copytree(os.path.join(TOP, "content"), content)
    images = os.path.join(content, "images")
    many_scans_jpeg(os.path.join(images, "scans.jpg"), work)
    path_nodes_svg(os.path.join(images, "nodes.svg"))
    pages = os.path.join(content, "pages")
    for name, image in (("015-scans.md", "scans.jpg"), ("025-nodes.md", "nodes.svg")):
        with open(os.path.join(pages, name), "w") as f:
            f.write(f"---\ntitle: A hostile picture\nimage: {image}\n---\n"
                    "Its picture takes far too long to open.\n\n<!--more-->\n\nThe rest.\n")
    return content


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kiosk", default=os.path.join(TOP, "build", "kiosk"))
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--size", default="800x480")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.split("x"))
    work = tempfile.mkdtemp(prefix="kiosk-gaps-")
    content = make_content(work)

    sock_path = os.path.join(work, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    pings, ready = [], []
    stop = threading.Event()

    def listen():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                msg = sock.recv(4096).decode(errors="replace")
            except socket.timeout:
                continue
            t = time.monotonic()
            if "WATCHDOG=1" in msg:
                pings.append(t)
            if "READY=1" in msg:
                ready.append(t)

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    screen = Xvfb(w, h)
    env = dict(os.environ, DISPLAY=screen.display, NOTIFY_SOCKET=sock_path,
               WATCHDOG_USEC=str(WATCHDOG_USEC), SDL_RENDER_DRIVER="software")
    env.pop("WATCHDOG_PID", None)
    log_path = os.path.join(work, "kiosk.log")
    started = time.monotonic()
    kiosk = subprocess.Popen(
        [a.kiosk, "--content", content, "--window", a.size, "--data", os.path.join(work, "data"),
         "--seconds-per-page", "3", "--transition-ms", "0", "--idle-seconds", "10"],
        env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    rng = random.Random(7)
    taps = 0
    try:
        deadline = started + 20
        while not ready and time.monotonic() < deadline and kiosk.poll() is None:
            time.sleep(0.05)
        end = time.monotonic() + a.seconds
        while time.monotonic() < end and kiosk.poll() is None:
            x, y = rng.randrange(w), rng.randrange(h)
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=env,
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            taps += 1
            time.sleep(rng.uniform(0.05, 0.4))
        alive = kiosk.poll() is None
    finally:
        if kiosk.poll() is None:
            kiosk.terminate()
            try:
                kiosk.wait(10)
            except subprocess.TimeoutExpired:
                kiosk.kill()
        stop.set()
        listener.join()
        screen.close()
    after_ready = [t for t in pings if ready and t >= ready[0]]
    gaps = [b - a for a, b in zip(after_ready, after_ready[1:])]
    failed = sum(1 for line in open(log_path) if "Couldn't load picture" in line)
    print(f"watchdog_gaps: {len(after_ready)} pings over {a.seconds:.0f} s, {taps} taps, "
          f"kiosk {'still running' if alive else 'ENDED'}")
    if ready:
        print(f"  start to READY: {(ready[0] - started) * 1000:.0f} ms")
    if gaps:
        gaps.sort()
        print(f"  largest gap between pings: {gaps[-1] * 1000:.0f} ms "
              f"(p99 {gaps[int(len(gaps) * 0.99)] * 1000:.0f} ms, median "
              f"{gaps[len(gaps) // 2] * 1000:.0f} ms; pings are due every "
              f"{WATCHDOG_USEC // 2000} ms)")
    print(f"  pictures that failed and were logged: {failed}")
    if a.keep:
        print(f"  kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if alive and gaps else 1


if __name__ == "__main__":
    sys.exit(main())
