#!/usr/bin/env python3
"""touchd.py - a touchscreen for the kiosk in the test's virtual machine
(tests/system/run.sh), made the way the Pi's panels are: a uinput
multitouch device (INPUT_PROP_DIRECT, ABS_MT_* slots, BTN_TOUCH), so the
kiosk reads it through SDL's evdev code like a real panel. Runs in the
guest; needs python3-evdev.

  touchd.py serve                         the device, and a socket for gestures
  touchd.py tap X Y                       finger down, 80 ms, up
  touchd.py swipe X0 Y0 X1 Y1 MS          finger down, moved over MS ms, up
  touchd.py hold X Y MS                   finger down, still for MS ms, up
  touchd.py path MS X0 Y0 X1 Y1 ...       finger down, through the points in MS ms, up
X and Y are fractions of the screen (0..1). A gesture returns when it is done.
"""
import os
import socket
import sys
import time

SOCKET = "/run/kiosk-test-touch.sock"
RANGE = 32767


def serve():
    from evdev import AbsInfo, UInput, ecodes as e

    axis = AbsInfo(value=0, min=0, max=RANGE, fuzz=0, flat=0, resolution=0)
    ui = UInput(
        {
            e.EV_KEY: [e.BTN_TOUCH],
            e.EV_ABS: [
                (e.ABS_X, axis),
                (e.ABS_Y, axis),
                (e.ABS_MT_SLOT, AbsInfo(0, 0, 9, 0, 0, 0)),
                (e.ABS_MT_TRACKING_ID, AbsInfo(0, 0, 65535, 0, 0, 0)),
                (e.ABS_MT_POSITION_X, axis),
                (e.ABS_MT_POSITION_Y, axis),
            ],
        },
        name="kiosk-test touchscreen",
        input_props=[e.INPUT_PROP_DIRECT],
    )
    tracking = [100]

    def at(x, y):
        return round(min(max(x, 0.0), 1.0) * RANGE), round(min(max(y, 0.0), 1.0) * RANGE)

    def down(x, y):
        px, py = at(x, y)
        tracking[0] += 1
        ui.write(e.EV_ABS, e.ABS_MT_SLOT, 0)
        ui.write(e.EV_ABS, e.ABS_MT_TRACKING_ID, tracking[0])
        ui.write(e.EV_ABS, e.ABS_MT_POSITION_X, px)
        ui.write(e.EV_ABS, e.ABS_MT_POSITION_Y, py)
        ui.write(e.EV_KEY, e.BTN_TOUCH, 1)
        ui.write(e.EV_ABS, e.ABS_X, px)
        ui.write(e.EV_ABS, e.ABS_Y, py)
        ui.syn()

    def move(x, y):
        px, py = at(x, y)
        ui.write(e.EV_ABS, e.ABS_MT_POSITION_X, px)
        ui.write(e.EV_ABS, e.ABS_MT_POSITION_Y, py)
        ui.write(e.EV_ABS, e.ABS_X, px)
        ui.write(e.EV_ABS, e.ABS_Y, py)
        ui.syn()

    def up():
        ui.write(e.EV_ABS, e.ABS_MT_TRACKING_ID, -1)
        ui.write(e.EV_KEY, e.BTN_TOUCH, 0)
        ui.syn()

    def gesture(words):
        name, v = words[0], [float(w) for w in words[1:]]
        if name == "tap" and len(v) == 2:
            down(v[0], v[1])
            time.sleep(0.08)
            up()
        elif name == "hold" and len(v) == 3:
            down(v[0], v[1])
            time.sleep(v[2] / 1000)
            up()
        elif name == "swipe" and len(v) == 5:
            steps = max(int(v[4] / 16), 2)
            down(v[0], v[1])
            for i in range(1, steps + 1):
                time.sleep(v[4] / 1000 / steps)
                move(v[0] + (v[2] - v[0]) * i / steps, v[1] + (v[3] - v[1]) * i / steps)
            up()
        elif name == "path" and len(v) >= 5 and len(v) % 2 == 1:
            points = list(zip(v[1::2], v[2::2]))
            steps = max(int(v[0] / 16), len(points))
            down(*points[0])
            for i in range(1, steps + 1):
                time.sleep(v[0] / 1000 / steps)
                at_ = i * (len(points) - 1) / steps
                k = min(int(at_), len(points) - 2)
                f = at_ - k
                move(points[k][0] + (points[k + 1][0] - points[k][0]) * f,
                     points[k][1] + (points[k + 1][1] - points[k][1]) * f)
            up()
        else:
            raise ValueError("unknown gesture: %s" % " ".join(words))

    try:
        os.unlink(SOCKET)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(SOCKET)
    os.chmod(SOCKET, 0o600)
    server.listen(4)
    print("touchd: %s ready on %s" % (ui.device.path, SOCKET), flush=True)
    while True:
        conn, _ = server.accept()
        with conn:
            words = conn.makefile().readline().split()
            try:
                gesture(words)
                conn.sendall(b"ok\n")
            except (ValueError, IndexError) as err:
                conn.sendall(("error: %s\n" % err).encode())


def send(words):
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(SOCKET)
    conn.sendall((" ".join(words) + "\n").encode())
    answer = conn.makefile().readline().strip()
    if answer != "ok":
        print("touchd: %s" % answer, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "serve":
        serve()
    elif len(sys.argv) > 1 and sys.argv[1] in ("tap", "swipe", "hold", "path"):
        sys.exit(send(sys.argv[1:]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
