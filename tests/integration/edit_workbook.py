#!/usr/bin/python3
"""Edits an .xlsx file with openpyxl as a secretary would in a spreadsheet program, for
test_workbook_import.cpp. Usage: edit_workbook.py IN.xlsx OUT.xlsx EDITS.json, where EDITS
is a list of:
  {"sheet": S, "row": KEY, "column": HEADING, "value": V}  set a cell of the row whose first
                                                           column holds KEY ("row": N: row N)
  {"sheet": S, "copy": KEY, "set": {HEADING: V, ...}}      a new last row: a copy of row KEY
  {"sheet": S, "heading": HEADING, "to": TEXT}             rename a column heading
  {"keep": [S, ...]}                                       remove every other sheet
A value {"date": "YYYY-MM-DD"} is written as a date cell."""
import datetime
import json
import sys
import warnings

import openpyxl


def cell_value(v):
    if isinstance(v, dict) and "date" in v:
        return datetime.datetime.fromisoformat(v["date"])
    return v


def column_of(ws, heading):
    for cell in ws[1]:
        if cell.value == heading:
            return cell.column
    raise SystemExit(f"no column {heading!r} on {ws.title}")


def row_of(ws, key):
    if isinstance(key, int):
        return key
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == key:
            return row
    raise SystemExit(f"no row {key!r} on {ws.title}")


def main():
    warnings.simplefilter("ignore")
    workbook = openpyxl.load_workbook(sys.argv[1])
    with open(sys.argv[3], encoding="utf-8") as f:
        edits = json.load(f)
    for edit in edits:
        if "keep" in edit:
            for name in list(workbook.sheetnames):
                if name not in edit["keep"]:
                    del workbook[name]
            continue
        ws = workbook[edit["sheet"]]
        if "copy" in edit:
            source = row_of(ws, edit["copy"])
            target = ws.max_row + 1
            for col in range(1, ws.max_column + 1):
                ws.cell(target, col).value = ws.cell(source, col).value
                ws.cell(target, col).number_format = ws.cell(source, col).number_format
            for heading, v in edit["set"].items():
                ws.cell(target, column_of(ws, heading)).value = cell_value(v)
        elif "heading" in edit:
            ws.cell(1, column_of(ws, edit["heading"])).value = edit["to"]
            ws.cell(1, column_of(ws, edit["to"])).comment = None
        else:
            ws.cell(row_of(ws, edit["row"]), column_of(ws, edit["column"])).value = cell_value(edit["value"])
    workbook.save(sys.argv[2])


if __name__ == "__main__":
    main()
