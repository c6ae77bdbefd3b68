#!/usr/bin/env python3
"""Writes a regiebord.board.v1 file with N agreements for bench/ui_bench.sh.

The demo board (assets/demo/board.json) stays as it is, with its 35
agreements; N - 35 agreements are added, each a copy of a demo agreement
(cycling through them) with a new id pa-gen-<i>, its own title and varied
status and figures. References stay valid: the copies point at the demo
parties, definitions and projects; escalations and meetings keep pointing at
the original agreements.
Usage: make_board.py DEMO_BOARD N OUT_FILE
"""
import copy
import json
import sys

STATUSES = ["op_koers", "risico", "achter", "gerealiseerd", "vervallen"]


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    demo_path, n, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(demo_path, encoding="utf-8") as f:
        board = json.load(f)
    agreements = board["agreements"]
    originals = list(agreements)  # the demo's own: copies are made of these, never of copies
    if n < len(originals):
        print(f"make_board.py: N must be at least {len(originals)} (the demo's agreements)", file=sys.stderr)
        return 2
    for i in range(n - len(originals)):
        a = copy.deepcopy(originals[i % len(originals)])
        a["id"] = f"pa-gen-{i}"
        a["title"] = f"{a['title']} (kopie {i}, benchmark)"[:200]
        a["status"] = STATUSES[i % len(STATUSES)]
        a["target"]["quantity"] = 100 + i % 400
        a["progress"]["realised"] = i % 300
        agreements.append(a)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(board, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
