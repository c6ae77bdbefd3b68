#pragma once
// A board as an Excel workbook (docs/workbook.md): first a table model built from the
// board by a pure function (one table per sheet of workbookSheets(), rows of cells in the
// wire form), then that model written with libxlsxwriter. libxlsxwriter stays in the .cpp.

#include "model.hpp"
#include "workbook_columns.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace regiebord::hub::workbook {

struct Table {
    const Sheet* sheet = nullptr;
    std::vector<std::vector<Cell>> rows; ///< one cell per column of the sheet, "verwijderen" empty
};

struct WorkbookModel {
    BoardInfo board;
    std::int64_t seq = 0;
    std::string exportedAt;    ///< timestamp, UTC
    std::vector<Table> tables; ///< in workbookSheets() order
};

/// One sheet's rows, built one object at a time (the diff of an import takes a sheet at a time).
/// `escalations`: the board's escalations as JSON, used instead of board.escalations (what an import
/// will store: the hub re-applies its decisions to them).
Table buildTable(const Sheet& sheet, const BoardData& board, const nlohmann::json* escalations = nullptr);

/// The board's tables. Throws std::logic_error if the column table names a member the
/// codec does not write (a bug, caught by the tests).
WorkbookModel buildWorkbook(const BoardData& board, std::string exportedAt);

/// Writes the model to path (replacing it); "" when done, else what went wrong in one
/// line ("sheet Afspraken, cell B2: ..."). Throws nothing. After a failure path may hold
/// a partial file (closing is the only documented way to free a workbook, and it
/// writes): write to a temporary name and rename, as export-workbook does.
std::string writeWorkbook(const WorkbookModel& model, const std::string& path);

} // namespace regiebord::hub::workbook
