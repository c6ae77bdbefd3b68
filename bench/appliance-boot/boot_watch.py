#!/usr/bin/env python3
"""Watches one boot of the appliance VM for the boot benchmark (boot_bench.sh): screendumps
through QMP as fast as they come (about 4 a second) and the console log, each stamped with the
host's clock from QEMU's start. Stops when the screen has shown the same picture for SETTLE
seconds, with something on it. Then the picture "on screen" is the first one from which on
every picture is the final one (within a few percent of the pixels: the clock, a status line).

  boot_watch.py QMP_SOCK SERIAL_LOG UNIT START_EPOCH [TIMEOUT] [SETTLE] [TIMELINE]

Prints one line: "board S unit_start S share S" (seconds from power-on to the board on screen,
from power-on to the console's "Starting UNIT" (a Type=notify unit) or "Started UNIT" (a
Type=simple one: started is when its process is), and the unit's share: the difference); with
TIMELINE, writes each picture's time and its share of pixels unlike the final one; exits 1
when nothing settled within TIMEOUT seconds. Standard library only: pictures are compared on a
sample of every 4th pixel of every 4th row."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "appliance"))
from png2ppm import read_ppm  # noqa: E402
from vm import qmp  # noqa: E402

STEP = 4


def sample(path):
    w, h, p = read_ppm(path)
    rows = [bytes(p[y * w * 3:(y + 1) * w * 3]) for y in range(0, h, STEP)]
    return [(r[0::3 * STEP], r[1::3 * STEP], r[2::3 * STEP]) for r in rows]


def differ(a, b):
    """Share of sampled pixels that differ clearly (as vm.py compare: a channel by more than 48)."""
    n = total = 0
    for (ar, ag, ab), (br, bg, bb) in zip(a, b):
        total += len(ar)
        if ar == br and ag == bg and ab == bb:
            continue
        for i in range(len(ar)):
            if abs(ar[i] - br[i]) > 48 or abs(ag[i] - bg[i]) > 48 or abs(ab[i] - bb[i]) > 48:
                n += 1
    return n / max(1, total)


def blank(s):
    """Nearly one colour: a black console, a background before anything is drawn."""
    first = (s[0][0][0], s[0][1][0], s[0][2][0])
    n = total = 0
    for r, g, b in s:
        for i in range(len(r)):
            total += 1
            if abs(r[i] - first[0]) > 48 or abs(g[i] - first[1]) > 48 or abs(b[i] - first[2]) > 48:
                n += 1
    return n / max(1, total) < 0.02


def main(argv):
    sock, serial, unit, start = argv[1], argv[2], argv[3], float(argv[4])
    timeout = float(argv[5]) if len(argv) > 5 else 300
    settle = float(argv[6]) if len(argv) > 6 else 15
    timeline = argv[7] if len(argv) > 7 else None
    dump = "/dev/shm/boot-watch-%d.ppm" % os.getpid()
    shots = []  # (t, sample)
    unit_start = None
    needles = [("Starting %s" % unit).encode(), ("Started %s" % unit).encode()]
    try:
        while time.time() - start < timeout:
            t = time.time() - start
            if unit_start is None:
                try:
                    with open(serial, "rb") as f:
                        text = f.read()
                        if any(n in text for n in needles):
                            unit_start = t
                except OSError:
                    pass
            try:
                qmp(sock, ["screendump", dump])
                s = sample(dump)
            except (OSError, RuntimeError, ValueError):
                time.sleep(0.25)
                continue
            shots.append((t, s))
            # Settled: not blank, unlike the screen before the unit started (the console's boot
            # text, QEMU's "not initialized"), and the same (within 0.5 %) over the last SETTLE
            # seconds, all of them after the unit started.
            if unit_start is not None and t - unit_start >= settle and not blank(s):
                before = [x for x in shots if x[0] < unit_start]
                recent = [x for x in shots if x[0] >= t - settle]
                if (recent[0][0] <= t - settle + 1 and (not before or differ(before[-1][1], s) >= 0.03)
                        and all(differ(x[1], s) < 0.005 for x in recent)):
                    on = t
                    for ts, x in reversed(shots):
                        if differ(x, s) >= 0.03:
                            break
                        on = ts
                    if timeline:
                        with open(timeline, "w") as f:
                            for ts, x in shots:
                                f.write("%.2f\t%.4f\n" % (ts, differ(x, s)))
                    print("board %.1f unit_start %.1f share %.1f" % (on, unit_start, on - unit_start))
                    return 0
            time.sleep(0.1)
    finally:
        if os.path.exists(dump):
            os.remove(dump)
    print("nothing settled within %.0f s (unit started: %s)" % (timeout, unit_start))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
