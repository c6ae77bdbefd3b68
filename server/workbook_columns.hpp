#pragma once
// The workbook format (docs/workbook.md) as one table: its sheets, and per sheet its
// columns with the wire key each one stands for, its Dutch heading and explanation, its
// type and its allowed values. `export-workbook` writes from it (workbook_export.cpp);
// the importer reads with it. It knows nothing of libxlsxwriter or of any reader.
//
// A column's key is the member of the board document (docs/protocol.md) it holds, a
// nested one written with a dot ("target.quantity"): a row of a sheet is one object of
// the document, a cell one member. So a sheet goes to JSON and back through the codec
// (boardToJson / boardFromJson) and the import takes the same checks as a JSON file.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace regiebord::hub::workbook {

/// What a cell holds, and how it is written and checked.
enum class CellType {
    Id,        ///< an object's own id: letters, digits, '.', '_', '-', 1-64 characters
    Text,      ///< free text, at most maxLength characters
    Number,    ///< a number >= 0, fractions allowed
    Count,     ///< a whole number >= 0
    Integer,   ///< a whole number in [min, max]
    Date,      ///< a calendar date: an Excel date (dd-mm-jjjj); wire "YYYY-MM-DD"
    Timestamp, ///< an instant: an Excel date and time in UTC; wire "YYYY-MM-DDTHH:MM:SSZ"
    Enum,      ///< one of `allowed` (the wire names)
    Boolean,   ///< "ja" or "nee"; wire true / false
    Reference, ///< the id of one object of the kind `refersTo`
    IdList,    ///< ids of objects of the kind `refersTo`, separated by ", "
    Colour,    ///< "#rrggbb"
    Delete,    ///< the last column "verwijderen": "ja" drops the row on import
};

/// When a cell may be empty, and what an empty cell means.
enum class Presence {
    Required,   ///< never empty
    Optional,   ///< empty means absent (JSON null)
    MayBeEmpty, ///< empty means "" (text) or no ids (a list)
};

/// What a column stands for in its row.
enum class Role {
    Field,  ///< a member of the row's object
    Parent, ///< the id of the object whose list the row belongs to (nested-list sheets)
    Delete, ///< the delete mark
};

struct Column {
    std::string_view key{};     ///< wire member ("id", "target.quantity"); machine-readable
    std::string_view heading{}; ///< Dutch heading in row 1; the importer accepts it too
    CellType type = CellType::Text;
    Presence presence = Presence::Required;
    std::string_view explanation{}; ///< Dutch, for the sheet "Uitleg" and the heading's comment
    std::string_view example{};
    std::span<const std::string_view> allowed{}; ///< Enum: the wire names
    std::string_view refersTo{};                 ///< Reference, IdList, Parent: a kind ("parties")
    std::size_t maxLength = 0;                   ///< Text: most characters (0 = no limit)
    double min = 0;                              ///< Integer: the range
    double max = 0;
    double width = 14; ///< column width in characters
    Role role = Role::Field;
};

/// One sheet: a kind of board object, or a nested list of one ("escalations" / "options").
struct Sheet {
    std::string_view name{};   ///< Dutch sheet name
    std::string_view kind{};   ///< member of the board document: "parties", ...; "board" for the header
    std::string_view member{}; ///< "" for a kind's own sheet; the nested list otherwise ("options")
    std::string_view explanation{};
    std::string_view rowKey{}; ///< what identifies a row, in Dutch (for "Uitleg")
    std::span<const Column> columns{};
    /// The header sheet ("Bord") is one row, never deleted; every other sheet has "verwijderen".
    bool deletable = true;
};

/// A cell as the board document has it: empty (null, or no value), text (also dates,
/// timestamps, enum names, ids; an IdList joined with ", "; a boolean "ja"/"nee") or a number.
/// The importer's readers give cells in this form too, as the file holds them.
using Cell = std::variant<std::monostate, std::string, double>;

/// Every sheet after "Uitleg", in workbook order.
std::span<const Sheet> workbookSheets();

/// The sheet of a kind's own objects ("parties" -> Partijen); null for an unknown kind.
const Sheet* sheetOfKind(std::string_view kind);

/// Index of the column with this key in the sheet; npos when there is none.
std::size_t columnIndex(const Sheet& sheet, std::string_view key);

/// The sheet with this name (exact, as the workbook names it); null when there is none.
const Sheet* sheetNamed(std::string_view name);

/// Index of the column whose Dutch heading this is (surrounding spaces and ASCII letter case
/// ignored); npos when there is none.
std::size_t columnOfHeading(const Sheet& sheet, std::string_view heading);

/// The format's name and version, in the workbook's custom property "regiebord-format"
/// and on "Uitleg". A change the importer cannot read as before gets a new version.
inline constexpr std::string_view kFormat = "regiebord.workbook.v1";
inline constexpr std::string_view kUitleg = "Uitleg";
inline constexpr std::string_view kDeleteKey = "verwijderen";
inline constexpr std::string_view kYes = "ja";
inline constexpr std::string_view kNo = "nee";
/// Separator of ids in an IdList cell.
inline constexpr std::string_view kIdSeparator = ", ";

/// "A", "B", ..., "Z", "AA": the letters of a column (A = 0), as Excel names cells.
std::string columnName(std::size_t index);

/// The Dutch name of a cell type, for "Uitleg" ("Datum (dd-mm-jjjj)").
std::string_view typeName(CellType type);

} // namespace regiebord::hub::workbook
