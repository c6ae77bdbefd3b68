#pragma once
// From the rows a reader found (workbook_reader.hpp) to a board document
// (regiebord.board.v1), with the column table the export writes with
// (workbook_columns.hpp) and the hub's current board for what the file leaves out
// (docs/workbook.md, "Import"):
//  - a sheet that is in the file changes the rows it holds and adds its new ones; a row
//    marked "verwijderen: ja" is removed, a row that is not on the sheet stays (removing
//    is always explicit); a sheet that is not in the file leaves the table as the hub
//    has it; on a nested sheet, a parent with rows on it gets those rows as its list;
//  - every problem is collected, each where the spreadsheet shows it (sheet and cell,
//    or CSV file, line and column): one problem and the document is not to be used.
// The document then takes the codec's checks (boardFromJson), exactly as a JSON import;
// what those find is mapped back to a sheet and cell by errorFromCheck().

#include "model.hpp"
#include "protocol.hpp"
#include "workbook_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace regiebord::hub::workbook {

inline constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

/// One problem, where the spreadsheet shows it.
struct ImportError {
    std::string sheet;              ///< "" for the file as a whole
    std::size_t line = 0;           ///< the row (CSV: the line); 0 for the sheet as a whole
    std::size_t column = kNoColumn; ///< the file's column (A = 0); kNoColumn for the row
    std::string heading;            ///< the column's heading when `text` is said of it
    /// Dutch. With a heading, what is wrong with the cell ("moet een getal zijn (gevonden:
    /// \"ca. 120\")"); without one, a sentence of its own.
    std::string text;
};

/// "Afspraken!D17: doel moet een getal zijn (gevonden: "ca. 120")", or for a CSV file
/// "afspraken.csv:17: kolom "Doel" moet een getal zijn (gevonden: "ca. 120")".
std::string describe(const ImportError& error, const RawBook& book);

/// Where an object of the document came from: a sheet's row (nested-list items too).
struct RowOrigin {
    std::string sheet;
    std::size_t line = 0;
    std::vector<std::size_t> columns; ///< the file column of each of the sheet's columns (kNoColumn: absent)
};

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's noexcept move checks its invariant
struct ImportedBoard {
    nlohmann::json document;                  ///< regiebord.board.v1; only for use when errors is empty
    std::vector<ImportError> errors;          ///< every problem found, in sheet and row order
    std::vector<const Sheet*> sheets;         ///< the table sheets the file holds
    std::map<std::string, RowOrigin> origins; ///< "/agreements/3", "/escalations/1/options/0" -> its row
};

/// The board id on the sheet "Bord" (its first row), "" when the file has none.
std::string boardIdIn(const RawBook& book);

/// The file's sheets turned into the board `boardId`, on top of `current` (the hub's board; null
/// when the hub has none yet).
ImportedBoard importBook(const RawBook& book, const std::string& boardId, const BoardData* current);

/// A problem the codec's check found in the document, at the sheet and cell it came from
/// where the document's pointer leads to one, else at the sheet and row, else as it is.
ImportError errorFromCheck(const ImportedBoard& imported, const ProtocolError& error);

} // namespace regiebord::hub::workbook
