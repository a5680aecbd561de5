#!/usr/bin/env python3
"""vmctl.py - talks to the test's virtual machine (tests/system/run.sh):
QEMU's monitor (QMP) on one Unix socket, and the guest agent
(qemu-guest-agent, over virtio-serial) on another. Python's standard
library only.

  vmctl.py qmp SOCK COMMAND [JSON]       run a QMP command, print its return as JSON
  vmctl.py screendump SOCK FILE.ppm      the screen as QEMU shows it
  vmctl.py ga-wait SOCK SECONDS          wait until the guest agent answers
  vmctl.py exec SOCK [--timeout S] [--input TEXT] -- COMMAND [ARG...]
                                         run COMMAND in the guest; print its output;
                                         exit with its status (124: timed out)
"""
import base64
import json
import socket
import sys
import time


class Channel:
    """One JSON-lines conversation on a Unix socket."""

    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""

    def send(self, obj):
        self.sock.sendall(json.dumps(obj).encode() + b"\n")

    def receive(self):
        while True:
            # The guest agent's answers are one JSON object a line; a 0xff
            # from guest-sync-delimited may come first.
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                line = line.strip(b"\xff \r")
                if line:
                    return json.loads(line)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the socket closed")
            self.buf += chunk

    def call(self, command, arguments=None):
        msg = {"execute": command}
        if arguments is not None:
            msg["arguments"] = arguments
        self.send(msg)
        while True:
            answer = self.receive()
            if "event" in answer:
                continue
            if "error" in answer:
                raise RuntimeError("%s: %s" % (command, answer["error"].get("desc", answer["error"])))
            if "return" in answer:
                return answer["return"]


def qmp(path):
    ch = Channel(path)
    ch.receive()  # the greeting
    ch.call("qmp_capabilities")
    return ch


def guest_agent(path, timeout=10.0):
    """A connection to the guest agent, synchronised: answers left from an
    earlier connection (a command that timed out) are skipped."""
    ch = Channel(path, timeout)
    token = int(time.time() * 1000) % 2147483647
    ch.send({"execute": "guest-sync-delimited", "arguments": {"id": token}})
    while True:
        answer = ch.receive()
        if answer.get("return") == token:
            return ch


def ga_wait(path, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            ch = guest_agent(path, timeout=3.0)
            ch.call("guest-ping")
            return 0
        except (OSError, ConnectionError, RuntimeError, ValueError):
            time.sleep(1)
    print("vmctl: the guest agent did not answer within %d s" % seconds, file=sys.stderr)
    return 1


def guest_exec(path, argv, timeout, data):
    ch = guest_agent(path, timeout=15.0)
    args = {"path": argv[0], "arg": argv[1:], "capture-output": True}
    if data is not None:
        args["input-data"] = base64.b64encode(data.encode()).decode()
    pid = ch.call("guest-exec", args)["pid"]
    deadline = time.time() + timeout
    while True:
        status = ch.call("guest-exec-status", {"pid": pid})
        if status.get("exited"):
            break
        if time.time() > deadline:
            print("vmctl: %s did not end within %d s" % (" ".join(argv), timeout), file=sys.stderr)
            return 124
        time.sleep(0.2)
    for key, stream in (("out-data", sys.stdout), ("err-data", sys.stderr)):
        if key in status:
            stream.write(base64.b64decode(status[key]).decode(errors="replace"))
            stream.flush()
    if "signal" in status:
        return 128 + status["signal"]
    return status.get("exitcode", 1)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    what, path = argv[1], argv[2]
    if what == "qmp":
        arguments = json.loads(argv[4]) if len(argv) > 4 else None
        print(json.dumps(qmp(path).call(argv[3], arguments)))
        return 0
    if what == "screendump":
        qmp(path).call("screendump", {"filename": argv[3]})
        return 0
    if what == "ga-wait":
        return ga_wait(path, float(argv[3]))
    if what == "exec":
        rest, timeout, data = argv[3:], 60.0, None
        while rest and rest[0] != "--":
            if rest[0] == "--timeout":
                timeout, rest = float(rest[1]), rest[2:]
            elif rest[0] == "--input":
                data, rest = rest[1], rest[2:]
            else:
                print("vmctl: unexpected %s" % rest[0], file=sys.stderr)
                return 2
        return guest_exec(path, rest[1:], timeout, data)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ConnectionError, RuntimeError) as e:
        print("vmctl: %s" % e, file=sys.stderr)
        sys.exit(1)
