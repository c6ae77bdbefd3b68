#!/usr/bin/python3
"""Reads an .xlsx file with openpyxl (as a spreadsheet program would) and writes what
test_workbook_export.cpp checks as JSON: per sheet its cells, the comments of row 1,
its data validations, frozen pane, autofilter and the number formats of row 2.
Dates become ISO text; a validation without an error style has Excel's default, "stop". Usage: read_workbook.py FILE.xlsx OUT.json"""
import json
import sys
import warnings

import openpyxl


def value(cell):
    v = cell.value
    return v.isoformat() if hasattr(v, "isoformat") else v


def main():
    warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
    workbook = openpyxl.load_workbook(sys.argv[1])
    out = {"sheets": workbook.sheetnames, "tables": {}}
    for ws in workbook.worksheets:
        out["tables"][ws.title] = {
            "rows": [[value(c) for c in row] for row in ws.iter_rows()],
            "comments": [c.comment.text if c.comment else None for c in ws[1]],
            "validations": [
                {"type": v.type, "sqref": str(v.sqref), "formula1": v.formula1, "error_style": v.errorStyle or "stop"}
                for v in ws.data_validations.dataValidation
            ],
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "formats": [c.number_format for c in ws[2]] if ws.max_row >= 2 else [],
        }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
