#!/usr/bin/env python3
"""The demo board with N test escalations added, for the appliance test's long power-cut
campaign (scripts/test-appliance.sh --long): a round decides one or two escalations and the
demo board has 12 open ones. Copies of esc-01 with ids esc-test-NN and titles that say they
are test data; severity "kritiek", so the kiosk lists them first.
    test-escalations.py BOARD.json N > OUT.json"""
import copy
import json
import sys

board = json.load(open(sys.argv[1], encoding="utf-8"))
model = next(e for e in board["escalations"] if e["id"] == "esc-01")
for n in range(1, int(sys.argv[2]) + 1):
    e = copy.deepcopy(model)
    e["id"] = "esc-test-%02d" % n
    e["title"] = "Testescalatie %02d (stroomonderbrekingstest van het apparaat)" % n
    e["severity"] = "kritiek"
    e["raised_at"] = "2026-01-01T00:%02d:00Z" % n
    for k, option in enumerate(e["options"]):
        option["id"] = "%s-%s" % (e["id"], "abcdef"[k])
    board["escalations"].append(e)
json.dump(board, sys.stdout, ensure_ascii=False)
