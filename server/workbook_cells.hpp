#pragma once
// One cell of an imported sheet as the board document's value, by its column's type
// (workbook_columns.hpp; docs/workbook.md, "Cells"), or what is wrong with it in Dutch.

#include "workbook_columns.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace regiebord::hub::workbook {

struct CellValue {
    nlohmann::json value; ///< the member's value (null: absent)
    /// What is wrong, said of the column ("moet een getal zijn (gevonden: \"x\")"); "" when fine.
    std::string problem;
};

/// The cell's value for the column. `date1904`: the workbook counts dates from 1904.
CellValue cellValue(const Column& column, const Cell& cell, bool date1904 = false);

/// True when the cell holds nothing (empty, or text of spaces only).
bool isBlank(const Cell& cell);

/// The cell as text: a number without a needless fraction ("1200", "0.5").
std::string cellText(const Cell& cell);

} // namespace regiebord::hub::workbook
