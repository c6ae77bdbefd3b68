// A board as an Excel workbook (workbook_export.hpp, docs/workbook.md).

#include "workbook_export.hpp"

#include "dates.hpp"
#include "kinds.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace regiebord::hub::workbook {

using nlohmann::json;

// --- the table model --------------------------------------------------------------------

namespace {

/// The member at key ("target.quantity": nested) of a board document's object.
const json& memberAt(const json& object, std::string_view key) {
    const json* at = &object;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = key.find('.', start);
        const std::string part(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (!at->is_object() || !at->contains(part))
            throw std::logic_error("workbook column \"" + std::string(key) +
                                   "\": the board document has no such member");
        at = &at->at(part);
        if (dot == std::string_view::npos) return *at;
        start = dot + 1;
    }
}

Cell cellOf(const json& value, std::string_view key) {
    if (value.is_null()) return std::monostate{};
    if (value.is_boolean()) return std::string(value.get<bool>() ? kYes : kNo);
    if (value.is_number()) return value.get<double>();
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string joined;
        for (const json& item : value) {
            if (!item.is_string())
                throw std::logic_error("workbook column \"" + std::string(key) + "\": not a list of ids");
            if (!joined.empty()) joined += kIdSeparator;
            joined += item.get<std::string>();
        }
        return joined;
    }
    throw std::logic_error("workbook column \"" + std::string(key) +
                           "\": an object needs a column per member");
}

/// One row: `object` is the row's object, or the plain value of a nested list ("criteria").
std::vector<Cell> rowOf(const Sheet& sheet, const json& object, const json* parentId) {
    std::vector<Cell> row;
    row.reserve(sheet.columns.size());
    for (const Column& column : sheet.columns) {
        switch (column.role) {
        case Role::Parent:
            row.emplace_back(parentId ? parentId->get<std::string>() : std::string());
            break;
        case Role::Delete:
            row.emplace_back();
            break;
        case Role::Field:
            row.push_back(cellOf(object.is_object() ? memberAt(object, column.key) : object, column.key));
            break;
        }
    }
    return row;
}

} // namespace

Table buildTable(const Sheet& sheet, const BoardData& board, const json* escalations) {
    Table table{&sheet, {}};
    if (sheet.kind == "board") {
        table.rows.push_back(rowOf(sheet, boardHeaderJson(board.board), nullptr));
        return table;
    }
    // One object at a time as the codec writes it (toJson: what boardToJson lists), so that no
    // whole board exists as one JSON tree.
    const auto add = [&](const json& object) {
        if (sheet.member.empty()) {
            table.rows.push_back(rowOf(sheet, object, nullptr));
            return;
        }
        for (const json& nested : object.at(std::string(sheet.member)))
            table.rows.push_back(rowOf(sheet, nested, &object.at("id")));
    };
    if (escalations && sheet.kind == "escalations") {
        for (const json& object : *escalations)
            add(object);
        return table;
    }
    forEachKind([&](const auto& kind) {
        if (kind.name != sheet.kind) return;
        for (const auto& item : board.*kind.list)
            add(toJson(item));
    });
    return table;
}

WorkbookModel buildWorkbook(const BoardData& board, std::string exportedAt) {
    WorkbookModel model{board.board, board.seq, std::move(exportedAt), {}};
    for (const Sheet& sheet : workbookSheets())
        model.tables.push_back(buildTable(sheet, board));
    return model;
}

// --- the writer -------------------------------------------------------------------------

namespace {

struct WorkbookCloser {
    // workbook_close frees the workbook; on a path that already failed, its result adds nothing.
    void operator()(lxw_workbook* workbook) const noexcept { static_cast<void>(workbook_close(workbook)); }
};
using WorkbookHandle = std::unique_ptr<lxw_workbook, WorkbookCloser>;

struct WriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Throws the first failure, named by where it happened: "sheet Afspraken, cell B12: ...".
void check(lxw_error error, std::string_view sheet, std::string_view what) {
    if (error == LXW_NO_ERROR) return;
    const std::string where = sheet.empty() ? std::string("workbook") : "sheet " + std::string(sheet);
    throw WriteError(where + ", " + std::string(what) + ": " + lxw_strerror(error));
}

// Dates before 1901 are not what Excel shows them as (its 1900 leap-year bug): they stay text.
constexpr int kFirstExcelYear = 1901;
constexpr lxw_row_t kLastRow = LXW_ROW_MAX - 1;
constexpr lxw_color_t kHeaderFill = 0xDDE4EE;

std::optional<lxw_datetime> excelDate(std::string_view text) {
    const auto date = parseDate(text);
    if (!date || static_cast<int>(date->year()) < kFirstExcelYear) return std::nullopt;
    return lxw_datetime{static_cast<int>(date->year()),
                        static_cast<int>(static_cast<unsigned>(date->month())),
                        static_cast<int>(static_cast<unsigned>(date->day())),
                        0,
                        0,
                        0.0};
}

std::optional<lxw_datetime> excelTimestamp(std::string_view text) {
    using namespace std::chrono;
    const auto parsed = parseDateTime(text);
    if (!parsed) return std::nullopt;
    const auto day = floor<days>(parsed->utc);
    const year_month_day date{day};
    if (static_cast<int>(date.year()) < kFirstExcelYear) return std::nullopt;
    const hh_mm_ss time{parsed->utc - day};
    const double seconds =
        static_cast<double>(time.seconds().count()) + duration<double>(parsed->fraction).count();
    return lxw_datetime{static_cast<int>(date.year()),
                        static_cast<int>(static_cast<unsigned>(date.month())),
                        static_cast<int>(static_cast<unsigned>(date.day())),
                        static_cast<int>(time.hours().count()),
                        static_cast<int>(time.minutes().count()),
                        seconds};
}

std::string cellName(lxw_row_t row, lxw_col_t col) {
    return "cell " + columnName(col) + std::to_string(row + 1);
}

std::string joined(std::span<const std::string_view> values, std::string_view separator) {
    std::string out;
    for (const auto value : values) {
        if (!out.empty()) out += separator;
        out += value;
    }
    return out;
}

/// Writes one workbook; every libxlsxwriter call checked, the first failure thrown as WriteError.
class Writer {
public:
    Writer(lxw_workbook* workbook, const WorkbookModel& model) : m_workbook(workbook), m_model(model) {
        m_header = addFormat();
        format_set_bold(m_header);
        format_set_bg_color(m_header, kHeaderFill);
        format_set_text_wrap(m_header);
        format_set_align(m_header, LXW_ALIGN_VERTICAL_TOP);
        m_date = addFormat();
        format_set_num_format(m_date, "dd-mm-yyyy");
        m_timestamp = addFormat();
        format_set_num_format(m_timestamp, "dd-mm-yyyy hh:mm");
        m_whole = addFormat();
        format_set_num_format(m_whole, "0");
        m_wrap = addFormat();
        format_set_text_wrap(m_wrap);
        format_set_align(m_wrap, LXW_ALIGN_VERTICAL_TOP);
        m_bold = addFormat();
        format_set_bold(m_bold);
        m_title = addFormat();
        format_set_bold(m_title);
        format_set_font_size(m_title, 14);
        m_warning = addFormat();
        format_set_bold(m_warning);
        format_set_font_color(m_warning, LXW_COLOR_RED);
    }

    void write() {
        properties();
        explanationSheet();
        for (const Table& table : m_model.tables)
            tableSheet(table);
    }

private:
    lxw_format* addFormat() {
        lxw_format* format = workbook_add_format(m_workbook);
        if (!format) throw WriteError("out of memory for a cell format");
        return format;
    }

    lxw_worksheet* addSheet(std::string_view name) {
        lxw_worksheet* sheet = workbook_add_worksheet(m_workbook, std::string(name).c_str());
        if (!sheet) throw WriteError("cannot add the sheet " + std::string(name));
        return sheet;
    }

    void properties() {
        std::string title = "Regiebord: " + m_model.board.name;
        std::string subject = "Bord " + m_model.board.id + " (" + std::string(kFormat) + ")";
        std::string author = "regiebord-hub";
        lxw_doc_properties properties{};
        properties.title = title.data();
        properties.subject = subject.data();
        properties.author = author.data();
        check(workbook_set_properties(m_workbook, &properties), "", "document properties");
        check(
            workbook_set_custom_property_string(m_workbook, "regiebord-format", std::string(kFormat).c_str()),
            "", "custom property");
    }

    void text(lxw_worksheet* ws, std::string_view sheet, lxw_row_t row, lxw_col_t col, std::string_view value,
              lxw_format* format = nullptr) {
        if (value.empty()) return;
        check(worksheet_write_string(ws, row, col, std::string(value).c_str(), format), sheet,
              cellName(row, col));
    }

    /// "Uitleg": the board, the rules of the format, every sheet and every column.
    void explanationSheet() {
        const std::string_view name = kUitleg;
        lxw_worksheet* ws = addSheet(name);
        check(worksheet_set_column(ws, 0, 0, 16, nullptr), name, "column width");
        check(worksheet_set_column(ws, 1, 1, 22, nullptr), name, "column width");
        check(worksheet_set_column(ws, 2, 2, 20, nullptr), name, "column width");
        check(worksheet_set_column(ws, 3, 3, 24, m_wrap), name, "column width");
        check(worksheet_set_column(ws, 4, 4, 10, nullptr), name, "column width");
        check(worksheet_set_column(ws, 5, 5, 30, m_wrap), name, "column width");
        check(worksheet_set_column(ws, 6, 6, 60, m_wrap), name, "column width");
        check(worksheet_set_column(ws, 7, 7, 30, nullptr), name, "column width");
        lxw_row_t row = 0;
        text(ws, name, row++, 0, "Regiebord: werkmap van één bord", m_title);
        if (m_model.board.demo) text(ws, name, row++, 0, "DEMO — verzonnen gegevens", m_warning);
        const auto line = [&](std::string_view label, std::string_view value) {
            text(ws, name, row, 0, label, m_bold);
            text(ws, name, row++, 1, value);
        };
        line("Bord", m_model.board.id);
        line("Naam", m_model.board.name);
        line("Regio", m_model.board.region);
        text(ws, name, row, 0, "Geëxporteerd (UTC)", m_bold);
        if (auto when = excelTimestamp(m_model.exportedAt))
            check(worksheet_write_datetime(ws, row, 1, &*when, m_timestamp), name, "export time");
        ++row;
        text(ws, name, row, 0, "Volgnummer", m_bold);
        check(worksheet_write_number(ws, row++, 1, static_cast<double>(m_model.seq), m_whole), name,
              "sequence");
        line("Formaat", kFormat);
        ++row;
        text(ws, name, row++, 0, "Zo werkt het", m_bold);
        for (const std::string_view rule : {
                 "Elk blad is een tabel: rij 1 zijn de kolomkoppen, elke volgende rij één regel. Wijzig, "
                 "voeg toe "
                 "of verwijder regels en importeer de werkmap weer (regiebord-hub import).",
                 "Kolomkoppen en bladnamen niet wijzigen. De opmerking bij een kolomkop begint met de "
                 "sleutel "
                 "van de kolom (\"sleutel: ...\") en legt de kolom uit.",
                 "Een regel verwijderen: zet \"ja\" in de laatste kolom \"verwijderen\". Alleen zo gaat er "
                 "iets "
                 "weg: een regel die niet op het blad staat, blijft op de hub zoals hij is, en een blad dat "
                 "niet in de werkmap zit ook. Voor de lijsten per escalatie, definitie of vergadering "
                 "(Opties, Criteria, Historie, Agenda) geldt: de regels op het blad zijn de hele lijst van "
                 "hun escalatie, definitie of vergadering.",
                 "Importeer eerst met --dry-run: die laat per blad zien wat er verandert, en verandert nog "
                 "niets.",
                 "Verwijzingen naar andere bladen gaan via de Id. Meerdere ids in één cel: gescheiden door "
                 "komma "
                 "en spatie (\"gem-a, gem-b\").",
                 "Keuzelijsten (status, thema, ...): alleen de waarden uit de lijst, precies zo geschreven.",
                 "Datums als datum (dd-mm-jjjj); tijdstippen in UTC (Nederlandse tijd min 1 uur, in de zomer "
                 "min 2 uur). Een lege cel is \"geen waarde\" waar de kolom dat toestaat.",
                 "Besluiten van de voorzitter staan niet in de werkmap: die blijven op de hub bewaard.",
             })
            text(ws, name, row++, 0, rule);
        ++row;
        text(ws, name, row, 0, "Blad", m_header);
        text(ws, name, row, 1, "Inhoud", m_header);
        text(ws, name, row++, 2, "Sleutel van een regel", m_header);
        for (const Table& table : m_model.tables) {
            text(ws, name, row, 0, table.sheet->name, m_bold);
            text(ws, name, row, 1, table.sheet->explanation);
            text(ws, name, row++, 2, table.sheet->rowKey);
        }
        ++row;
        static constexpr std::array<std::string_view, 8> kHeadings{
            "Blad", "Kolom", "Sleutel", "Soort", "Verplicht", "Toegestane waarden", "Uitleg", "Voorbeeld"};
        for (std::size_t i = 0; i < kHeadings.size(); ++i)
            text(ws, name, row, static_cast<lxw_col_t>(i), kHeadings[i], m_header);
        ++row;
        for (const Table& table : m_model.tables) {
            for (const Column& column : table.sheet->columns) {
                text(ws, name, row, 0, table.sheet->name);
                text(ws, name, row, 1, column.heading, m_bold);
                text(ws, name, row, 2, column.key);
                text(ws, name, row, 3, typeDescription(column));
                text(ws, name, row, 4, presenceText(column.presence));
                text(ws, name, row, 5, allowedDescription(column));
                text(ws, name, row, 6, column.explanation);
                text(ws, name, row++, 7, column.example);
            }
        }
    }

    static std::string typeDescription(const Column& column) {
        std::string type(typeName(column.type));
        if (!column.refersTo.empty())
            if (const Sheet* target = sheetOfKind(column.refersTo))
                type += " blad " + std::string(target->name);
        return type;
    }

    static std::string_view presenceText(Presence presence) {
        switch (presence) {
        case Presence::Required:
            return "ja";
        case Presence::Optional:
            return "nee (leeg: geen waarde)";
        case Presence::MayBeEmpty:
            return "nee";
        }
        return "?";
    }

    static std::string allowedDescription(const Column& column) {
        switch (column.type) {
        case CellType::Enum:
            return joined(column.allowed, ", ");
        case CellType::Boolean:
            return "ja, nee";
        case CellType::Delete:
            return "leeg, ja (of nee: houden)";
        case CellType::Integer:
            return std::to_string(static_cast<int>(column.min)) + " t/m " +
                   std::to_string(static_cast<int>(column.max));
        default:
            break;
        }
        if (column.maxLength > 0) return "ten hoogste " + std::to_string(column.maxLength) + " tekens";
        return {};
    }

    void tableSheet(const Table& table) {
        const Sheet& spec = *table.sheet;
        const std::string_view name = spec.name;
        lxw_worksheet* ws = addSheet(name);
        const auto columns = static_cast<lxw_col_t>(spec.columns.size());
        for (lxw_col_t c = 0; c < columns; ++c) {
            const Column& column = spec.columns[c];
            check(worksheet_set_column(ws, c, c, column.width, columnFormat(column)), name, "column width");
            text(ws, name, 0, c, column.heading, m_header);
            headingComment(ws, name, c, column);
            validation(ws, name, c, column);
        }
        lxw_row_t row = 1;
        for (const auto& cells : table.rows) {
            for (lxw_col_t c = 0; c < columns && c < cells.size(); ++c)
                cell(ws, name, row, c, spec.columns[c], cells[c]);
            ++row;
        }
        worksheet_freeze_panes(ws, 1, spec.deletable ? 1 : 0);
        check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(table.rows.size()), columns - 1), name,
              "autofilter");
    }

    lxw_format* columnFormat(const Column& column) const {
        switch (column.type) {
        case CellType::Date:
            return m_date;
        case CellType::Timestamp:
            return m_timestamp;
        case CellType::Count:
        case CellType::Integer:
            return m_whole;
        default:
            return nullptr;
        }
    }

    void cell(lxw_worksheet* ws, std::string_view sheet, lxw_row_t row, lxw_col_t col, const Column& column,
              const Cell& value) {
        if (const auto* number = std::get_if<double>(&value)) {
            check(worksheet_write_number(ws, row, col, *number, columnFormat(column)), sheet,
                  cellName(row, col));
            return;
        }
        const auto* textValue = std::get_if<std::string>(&value);
        if (!textValue || textValue->empty()) return;
        std::optional<lxw_datetime> when;
        if (column.type == CellType::Date) when = excelDate(*textValue);
        if (column.type == CellType::Timestamp) when = excelTimestamp(*textValue);
        if (when) {
            check(worksheet_write_datetime(ws, row, col, &*when, columnFormat(column)), sheet,
                  cellName(row, col));
            return;
        }
        text(ws, sheet, row, col, *textValue,
             column.type == CellType::Colour ? colourFormat(*textValue) : nullptr);
    }

    /// The party's colour as the cell's fill, text black or white to stay readable.
    lxw_format* colourFormat(const std::string& hex) {
        if (hex.size() != 7 || hex[0] != '#') return nullptr;
        std::uint32_t rgb = 0;
        try {
            rgb = static_cast<std::uint32_t>(std::stoul(hex.substr(1), nullptr, 16));
        } catch (const std::logic_error&) {
            return nullptr;
        }
        if (const auto it = m_colours.find(rgb); it != m_colours.end()) return it->second;
        lxw_format* format = addFormat();
        format_set_bg_color(format, rgb);
        const double luma =
            0.299 * ((rgb >> 16U) & 0xFFU) + 0.587 * ((rgb >> 8U) & 0xFFU) + 0.114 * (rgb & 0xFFU);
        format_set_font_color(format, luma < 140 ? LXW_COLOR_WHITE : LXW_COLOR_BLACK);
        m_colours.emplace(rgb, format);
        return format;
    }

    /// The heading's comment: "sleutel: KEY" on its first line (what the importer reads), then the
    /// explanation.
    void headingComment(lxw_worksheet* ws, std::string_view sheet, lxw_col_t col, const Column& column) {
        std::string comment = "sleutel: " + std::string(column.key) + "\n" + typeDescription(column);
        if (column.presence == Presence::Required) comment += ", verplicht";
        comment += "\n" + std::string(column.explanation);
        if (const std::string allowed = allowedDescription(column); !allowed.empty())
            comment += "\nToegestaan: " + allowed;
        std::string author = "regiebord-hub";
        lxw_comment_options options{};
        options.author = author.data();
        options.width = 340;
        options.height = 150;
        check(worksheet_write_comment_opt(ws, 0, col, comment.c_str(), &options), sheet,
              "a heading's comment");
    }

    /// Data validation on the column below the heading, down to Excel's last row.
    void validation(lxw_worksheet* ws, std::string_view sheet, lxw_col_t col, const Column& column) {
        lxw_data_validation v{};
        v.ignore_blank = LXW_VALIDATION_ON;
        v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
        std::vector<std::string> listStorage;
        std::vector<char*> list;
        std::string formula;
        std::string title = std::string(column.heading);
        std::string message;
        switch (column.type) {
        case CellType::Enum:
        case CellType::Boolean:
        case CellType::Delete: {
            if (column.type == CellType::Enum)
                listStorage.assign(column.allowed.begin(), column.allowed.end());
            else
                listStorage = {std::string(kYes), std::string(kNo)};
            for (auto& item : listStorage)
                list.push_back(item.data());
            list.push_back(nullptr);
            v.validate = LXW_VALIDATION_TYPE_LIST;
            v.value_list = list.data();
            message = "Kies een waarde uit de lijst.";
            break;
        }
        case CellType::Reference: {
            const Sheet* target = sheetOfKind(column.refersTo);
            const std::size_t idColumn = target ? columnIndex(*target, "id") : static_cast<std::size_t>(-1);
            if (!target || idColumn >= target->columns.size()) return;
            const std::size_t rows = rowsOf(*target);
            const std::string letters = "$" + columnName(idColumn) + "$";
            formula = "=" + std::string(target->name) + "!" + letters + "2:" + letters +
                      std::to_string(std::max<std::size_t>(rows, 1) + 1);
            v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
            v.value_formula = formula.data();
            // A warning, not a stop: a row just added to the other sheet is not in the list yet.
            v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
            message = "Onbekende id: staat hij op blad " + std::string(target->name) + "?";
            break;
        }
        case CellType::Number:
        case CellType::Count:
            v.validate =
                column.type == CellType::Number ? LXW_VALIDATION_TYPE_DECIMAL : LXW_VALIDATION_TYPE_INTEGER;
            v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            v.value_number = 0;
            message =
                column.type == CellType::Number ? "Een getal, 0 of meer." : "Een geheel getal, 0 of meer.";
            break;
        case CellType::Integer:
            v.validate = LXW_VALIDATION_TYPE_INTEGER;
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_number = column.min;
            v.maximum_number = column.max;
            message = "Een geheel getal van " + allowedDescription(column) + ".";
            break;
        case CellType::Date:
        case CellType::Timestamp:
            v.validate = LXW_VALIDATION_TYPE_DATE;
            v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            v.value_datetime = lxw_datetime{kFirstExcelYear, 1, 1, 0, 0, 0.0};
            message = column.type == CellType::Date ? "Een datum, dd-mm-jjjj." : "Een datum en tijd (UTC).";
            break;
        case CellType::Id:
            v.validate = LXW_VALIDATION_TYPE_LENGTH;
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_number = 1;
            v.maximum_number = 64;
            message = "Een code van 1 tot 64 tekens: letters, cijfers, punt, streepje, liggend streepje.";
            break;
        case CellType::Colour:
            v.validate = LXW_VALIDATION_TYPE_LENGTH;
            v.criteria = LXW_VALIDATION_CRITERIA_EQUAL_TO;
            v.value_number = 7;
            message = "Een kleur als #rrggbb, bijvoorbeeld #1f5fa8.";
            break;
        case CellType::Text:
            if (column.maxLength == 0) return;
            v.validate = LXW_VALIDATION_TYPE_LENGTH;
            v.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            v.value_number = static_cast<double>(column.maxLength);
            message = "Ten hoogste " + std::to_string(column.maxLength) + " tekens.";
            break;
        case CellType::IdList:
            return; // ids with separators: checked on import
        }
        v.error_title = title.data();
        v.error_message = message.data();
        check(worksheet_data_validation_range(ws, 1, col, kLastRow, col, &v), sheet,
              "data validation of " + std::string(column.heading));
    }

    std::size_t rowsOf(const Sheet& sheet) const {
        for (const Table& table : m_model.tables)
            if (table.sheet == &sheet) return table.rows.size();
        return 0;
    }

    lxw_workbook* m_workbook;
    const WorkbookModel& m_model;
    lxw_format* m_header = nullptr;
    lxw_format* m_date = nullptr;
    lxw_format* m_timestamp = nullptr;
    lxw_format* m_whole = nullptr;
    lxw_format* m_wrap = nullptr;
    lxw_format* m_bold = nullptr;
    lxw_format* m_title = nullptr;
    lxw_format* m_warning = nullptr;
    std::map<std::uint32_t, lxw_format*> m_colours; ///< fills of the party colours, made once each
};

} // namespace

std::string writeWorkbook(const WorkbookModel& model, const std::string& path) {
    try {
        WorkbookHandle workbook(workbook_new(path.c_str()));
        if (!workbook) return "cannot start a workbook (out of memory)";
        Writer(workbook.get(), model).write();
        // Closing writes the file; release first so that the handle does not close it again.
        const lxw_error closed = workbook_close(workbook.release());
        if (closed != LXW_NO_ERROR) return std::string("cannot write the file: ") + lxw_strerror(closed);
        return {};
    } catch (const std::exception& e) {
        return e.what();
    }
}

} // namespace regiebord::hub::workbook
