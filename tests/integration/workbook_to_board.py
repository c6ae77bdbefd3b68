#!/usr/bin/python3
"""Reads a workbook of format regiebord.workbook.v1 back into a board document
(regiebord.board.v1), the way docs/workbook.md says an importer does: columns by the
key on the first line of their heading's comment, cell types from the sheet "Uitleg",
nested lists by their parent column in sheet order, rows marked "ja" in "verwijderen"
left out. Test code, not the importer: it proves the format can be read back whole.
Usage: workbook_to_board.py FILE.xlsx OUT.json"""
import datetime
import json
import sys
import warnings

import openpyxl

SHEETS = [  # sheet, kind, member of a nested list, parent column key
    ("Partijen", "parties", None, None),
    ("Definities", "definitions", None, None),
    ("Criteria", "definitions", "criteria", "definition"),
    ("Afspraken", "agreements", None, None),
    ("Projecten", "projects", None, None),
    ("Productie", "production", None, None),
    ("Escalaties", "escalations", None, None),
    ("Opties", "escalations", "options", "escalation"),
    ("Historie", "escalations", "history", "escalation"),
    ("Vergaderingen", "meetings", None, None),
    ("Agenda", "meetings", "agenda", "meeting"),
    ("Acties", "actions", None, None),
]


def column_types(workbook):
    """(sheet, key) -> (type, empty): from the table of columns on "Uitleg"."""
    types = {}
    rows = list(workbook["Uitleg"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[:3] == ("Blad", "Kolom", "Sleutel"))
    for r in rows[start + 1:]:
        if r[0]:
            types[(r[0], r[2])] = (r[3], r[4])
    return types


def cell_value(value, kind, presence):
    if value is None or value == "":
        if kind.startswith("Ids"):
            return []
        return None if presence != "nee" else ""
    if kind.startswith("Ids"):
        return [part.strip() for part in value.split(",") if part.strip()]
    if kind == "ja of nee":
        return value == "ja"
    if kind.startswith("Datum en tijd"):
        when = (value + datetime.timedelta(milliseconds=500)).replace(microsecond=0)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind.startswith("Datum"):
        return value.strftime("%Y-%m-%d") if isinstance(value, datetime.datetime) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def put(target, key, value):
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def read_sheet(workbook, types, name):
    ws = workbook[name]
    keys = [c.comment.text.split("\n")[0].removeprefix("sleutel: ") for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            continue
        cells = dict(zip(keys, row))
        if cells.pop("verwijderen", None) == "ja":
            continue
        obj = {}
        for key, value in cells.items():
            kind, presence = types[(name, key)]
            put(obj, key, cell_value(value, kind, presence))
        yield obj


def main():
    warnings.simplefilter("ignore")
    workbook = openpyxl.load_workbook(sys.argv[1])
    types = column_types(workbook)
    board = next(read_sheet(workbook, types, "Bord"))
    doc = {"format": "regiebord.board.v1", "board": board}
    for name, kind, member, parent in SHEETS:
        if member is None:
            doc[kind] = list(read_sheet(workbook, types, name))
            continue
        owners = {o["id"]: o for o in doc[kind]}
        for o in doc[kind]:
            o[member] = []
        for row in read_sheet(workbook, types, name):
            owner = owners[row.pop(parent)]
            owner[member].append(row if len(row) > 1 else next(iter(row.values())))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
