#pragma once
// The import's readers (docs/workbook.md, "Import"): the bytes of an .xlsx workbook or of
// a CSV file become sheets of rows of cells, as the file holds them, with where each came
// from (row and column in the sheet, line in the CSV file). They know the file formats and
// nothing of the board: workbook_import.hpp turns the rows into a board document.
//
// An .xlsx file is a zip of XML parts: libzip opens the zip, pugixml parses the parts.
// Both are Debian's (libzip4, libpugixml1v5), well kept and fuzzed upstream; this file
// only walks the parts a workbook needs (workbook, sheets, shared strings, comments, the
// custom properties). Everything read is bounded: entries, sizes, rows and columns.

#include "workbook_columns.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord::hub::workbook {

struct RawRow {
    std::size_t line = 0;    ///< 1-based: the sheet's row number, or the CSV line where the record starts
    std::vector<Cell> cells; ///< by column of the file (A = 0); trailing empty cells may be missing
};

struct RawSheet {
    std::string name;
    std::vector<std::string> headings; ///< row 1, by column of the file ("" where empty)
    std::vector<std::string> comments; ///< the comment of each heading cell ("" where none)
    std::vector<RawRow> rows;          ///< rows 2 and below that hold anything, in sheet order
};

struct RawBook {
    /// The custom document property "regiebord-format"; "" when the file has none (CSV).
    std::string format;
    /// A CSV file's name: errors are then "afspraken.csv:17: ..." instead of "Afspraken!D17: ...".
    std::string csvFile;
    /// The workbook counts dates from 1904 (a setting of old Mac Excel) instead of 1900.
    bool date1904 = false;
    std::vector<RawSheet> sheets; ///< in the file's order
    /// Why the file could not be read at all (one line, Dutch); "" when it was read.
    std::string problem;
};

struct ReadLimits {
    std::size_t maxPartBytes = std::size_t{256} << 20U; ///< one XML part, uncompressed
    std::size_t maxTotalBytes = std::size_t{512} << 20U;
    std::size_t maxEntries = 10000;
    std::size_t maxRows = 1048576; ///< Excel's own limits
    std::size_t maxColumns = 16384;
    std::size_t maxSheets = 255;
};

/// Reads an .xlsx workbook. Never throws; a file that is not one has `problem` set.
/// Dates and times stay Excel serial numbers (the column says what they are).
RawBook readXlsx(std::string_view bytes, const ReadLimits& limits = {});

/// Reads one CSV table as the sheet `sheetName`: UTF-8 (a byte order mark is dropped) or, when
/// the bytes are not valid UTF-8, Windows-1252 (what Dutch Excel writes as "CSV (gescheiden
/// door lijstscheidingsteken)"); fields separated by ';' when the first line has one outside
/// quotes, else by ','; quotes as RFC 4180. Every cell is text. Never throws.
RawBook readCsv(std::string_view bytes, std::string_view sheetName, std::string_view fileName,
                const ReadLimits& limits = {});

/// Windows-1252 bytes as UTF-8 (the five bytes it leaves undefined become U+FFFD).
std::string windows1252ToUtf8(std::string_view bytes);

} // namespace regiebord::hub::workbook
