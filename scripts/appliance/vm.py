#!/usr/bin/env python3
"""Talks to a booted appliance VM from the host: QMP (the machine) and the QEMU guest agent
(commands inside the guest), both over unix sockets. Standard library only.

  vm.py qmp SOCK screendump OUT.ppm          the guest's screen (PPM)
  vm.py qmp SOCK quit                         power off at once (no shutdown: a power cut)
  vm.py qga SOCK exec PROGRAM [ARG...]        run in the guest; prints its output, exits with its code
  vm.py qga SOCK wait SECONDS                 wait until the guest agent answers
  vm.py qga SOCK push FILE GUEST_PATH          copy a file into the guest (mode 0644)
  vm.py qga SOCK cat GUEST_PATH                print a guest file (read by the agent: no process
                                              started in the guest, which an emulated guest is slow at)
  vm.py qga SOCK write GUEST_PATH TEXT         write TEXT and a newline to a guest file or FIFO
  vm.py compare GUEST.ppm REFERENCE.ppm [--shift DX DY]
                                              share of pixels that differ clearly (prints it); the
                                              guest's picture moved by DX, DY (the pixel shift)
  vm.py ink IMAGE.ppm                         share of pixels that are not the background
  vm.py band IMAGE.ppm RRGGBB TOP BOTTOM      share of the pixels between TOP and BOTTOM (fractions
                                              of the height) that have the colour (the status bar's)
  vm.py uimap MAP.json NAME                   centre "X Y" of the kiosk's UI map item NAME (exit 1: absent);
                                              NAME ending in * : the first item with that prefix ("NAME X Y")
                                              NAME* --except A B ...: the first whose suffix is none of these
  vm.py uimap MAP.json --screen               the screen the map was written on
"""
import base64
import json
import socket
import sys
import time

from png2ppm import read_ppm  # the PPM reader beside this script


def connect(path, timeout=10):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s, s.makefile("rwb")


def call(f, command, arguments=None):
    msg = {"execute": command}
    if arguments is not None:
        msg["arguments"] = arguments
    f.write(json.dumps(msg).encode() + b"\n")
    f.flush()
    while True:
        line = f.readline()
        if not line:
            raise RuntimeError("connection closed during " + command)
        reply = json.loads(line)
        if "event" in reply:
            continue
        if "error" in reply:
            raise RuntimeError(command + ": " + reply["error"].get("desc", str(reply["error"])))
        return reply.get("return")


def qmp(sock, args):
    s, f = connect(sock)
    json.loads(f.readline())  # greeting
    call(f, "qmp_capabilities")
    if args[0] == "screendump":
        call(f, "screendump", {"filename": args[1]})
    elif args[0] == "quit":
        try:
            call(f, "quit")
        except (RuntimeError, OSError):
            pass  # the machine is gone before it answers
    else:
        raise SystemExit("vm.py qmp: unknown " + args[0])


def qga_session(sock, timeout=10):
    s, f = connect(sock, timeout)
    # The agent has no greeting; a sync with a fresh id discards anything left in the channel.
    token = int(time.time() * 1000) % 2**31
    f.write(json.dumps({"execute": "guest-sync", "arguments": {"id": token}}).encode() + b"\n")
    f.flush()
    while True:
        line = f.readline()
        if not line:
            raise RuntimeError("guest agent closed")
        try:
            if json.loads(line).get("return") == token:
                return s, f
        except ValueError:
            continue


def qga(sock, args):
    if args[0] == "wait":
        deadline = time.time() + float(args[1])
        while time.time() < deadline:
            try:
                s, f = qga_session(sock, timeout=5)
                s.close()
                return 0
            except (OSError, RuntimeError, ValueError):
                time.sleep(2)
        print("vm.py: the guest agent did not answer", file=sys.stderr)
        return 1
    if args[0] == "exec":
        s, f = qga_session(sock, timeout=60)
        pid = call(f, "guest-exec", {"path": args[1], "arg": args[2:], "capture-output": True})["pid"]
        while True:
            st = call(f, "guest-exec-status", {"pid": pid})
            if st.get("exited"):
                break
            time.sleep(0.2)
        sys.stdout.write(base64.b64decode(st.get("out-data", "")).decode(errors="replace"))
        sys.stderr.write(base64.b64decode(st.get("err-data", "")).decode(errors="replace"))
        return st.get("exitcode", 1)
    if args[0] == "cat":
        s, f = qga_session(sock, timeout=60)
        try:
            handle = call(f, "guest-file-open", {"path": args[1], "mode": "r"})
        except RuntimeError as e:
            print("vm.py: " + str(e), file=sys.stderr)
            return 1
        data = b""
        while True:
            r = call(f, "guest-file-read", {"handle": handle, "count": 1 << 20})
            data += base64.b64decode(r.get("buf-b64", ""))
            if r.get("eof") or r.get("count", 0) == 0:
                break
        call(f, "guest-file-close", {"handle": handle})
        sys.stdout.buffer.write(data)
        return 0
    if args[0] == "write":
        s, f = qga_session(sock, timeout=60)
        handle = call(f, "guest-file-open", {"path": args[1], "mode": "w"})
        call(f, "guest-file-write", {"handle": handle, "buf-b64": base64.b64encode((args[2] + "\n").encode()).decode()})
        call(f, "guest-file-close", {"handle": handle})
        return 0
    if args[0] == "push":
        s, f = qga_session(sock, timeout=60)
        handle = call(f, "guest-file-open", {"path": args[2], "mode": "w"})
        with open(args[1], "rb") as local:
            while True:
                chunk = local.read(1 << 20)
                if not chunk:
                    break
                call(f, "guest-file-write", {"handle": handle, "buf-b64": base64.b64encode(chunk).decode()})
        call(f, "guest-file-close", {"handle": handle})
        # In the same session: a new connection right after closing one is not taken at once.
        pid = call(f, "guest-exec", {"path": "/bin/chmod", "arg": ["0644", args[2]]})["pid"]
        while not call(f, "guest-exec-status", {"pid": pid}).get("exited"):
            time.sleep(0.1)
        return 0
    raise SystemExit("vm.py qga: unknown " + args[0])


def compare(a, b, dx=0, dy=0):
    """Share of pixels that differ clearly. With (dx, dy) the guest's picture is taken as the
    reference's moved by that much (the burn-in pixel shift): pixel (x, y) of A against
    (x - dx, y - dy) of B, over the part both show."""
    wa, ha, pa = read_ppm(a)
    wb, hb, pb = read_ppm(b)
    if (wa, ha) != (wb, hb):
        print("sizes differ: %dx%d and %dx%d" % (wa, ha, wb, hb))
        return 1
    differ = 0
    x0, x1 = max(0, dx), min(wa, wa + dx)
    for y in range(max(0, dy), min(ha, ha + dy)):
        ra = (y * wa + x0) * 3
        rb = ((y - dy) * wa + x0 - dx) * 3
        for k in range(0, (x1 - x0) * 3, 3):
            i, j = ra + k, rb + k
            if max(abs(pa[i] - pb[j]), abs(pa[i + 1] - pb[j + 1]), abs(pa[i + 2] - pb[j + 2])) > 48:
                differ += 1
    print("%.4f" % (differ / ((x1 - x0) * (min(ha, ha + dy) - max(0, dy)))))
    return 0


def ink(path):
    w, h, p = read_ppm(path)
    background = (0x14, 0x1B, 0x2D)
    n = 0
    for k in range(0, len(p), 3):
        if max(abs(p[k] - background[0]), abs(p[k + 1] - background[1]), abs(p[k + 2] - background[2])) > 24:
            n += 1
    print("%.4f" % (n / (w * h)))
    return 0


def band(path, rgb, top, bottom):
    w, h, p = read_ppm(path)
    want = (int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16))
    y0, y1 = int(h * float(top)), int(h * float(bottom))
    n = 0
    for y in range(y0, y1):
        for k in range(y * w * 3, (y + 1) * w * 3, 3):
            if max(abs(p[k] - want[0]), abs(p[k + 1] - want[1]), abs(p[k + 2] - want[2])) <= 12:
                n += 1
    print("%.4f" % (n / max(1, w * (y1 - y0))))
    return 0


def uimap(path, name, skip=()):
    try:
        with open(path) as f:
            m = json.load(f)
    except (OSError, ValueError):
        return 1
    if name == "--screen":
        print(m.get("screen", ""))
        return 0
    for item in m.get("items", []):
        n = item["name"]
        if n == name or (name.endswith("*") and n.startswith(name[:-1]) and n[len(name) - 1:] not in skip):
            x, y = item["x"] + item["w"] / 2, item["y"] + item["h"] / 2
            if name.endswith("*"):
                print("%s %d %d" % (n, x, y))
            else:
                print("%d %d" % (x, y))
            return 0
    return 1


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    if argv[1] == "qmp":
        return qmp(argv[2], argv[3:]) or 0
    if argv[1] == "qga":
        return qga(argv[2], argv[3:])
    if argv[1] == "compare":
        shift = [int(v) for v in argv[5:7]] if len(argv) > 6 and argv[4] == "--shift" else [0, 0]
        return compare(argv[2], argv[3], *shift)
    if argv[1] == "ink":
        return ink(argv[2])
    if argv[1] == "uimap":
        skip = argv[5:] if len(argv) > 4 and argv[4] == "--except" else []
        return uimap(argv[2], argv[3], set(skip))
    if argv[1] == "band":
        return band(argv[2], argv[3], argv[4], argv[5])
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
