// What an import changes, sheet by sheet (workbook_diff.hpp).

#include "workbook_diff.hpp"

#include "text.hpp"
#include "workbook_cells.hpp"
#include "workbook_export.hpp"

#include <algorithm>
#include <map>

namespace regiebord::hub::workbook {

namespace {

using Row = std::vector<Cell>;

std::string shown(const Column& column, const Cell& cell) {
    if (std::holds_alternative<std::monostate>(cell)) return "(leeg)";
    const std::string text = cellText(cell);
    if (text.empty()) return "(leeg)";
    if (column.type == CellType::Text) return "\"" + oneLine(text, 60) + "\"";
    return oneLine(text, 60);
}

std::string textAt(const Sheet& sheet, const Row& row, std::string_view key) {
    const std::size_t i = columnIndex(sheet, key);
    return i < row.size() ? cellText(row[i]) : std::string();
}

/// A row's key on its sheet, and how the diff names it ("pa-01", "2026 sociale_huur", "esc-01 optie
/// esc-01-a").
struct Keyed {
    std::string key;
    std::string label;
};

std::vector<Keyed> keysOf(const Sheet& sheet, const std::vector<Row>& rows) {
    std::vector<Keyed> keys;
    std::map<std::string, std::size_t> places; // parent -> rows so far (criteria, history)
    for (const Row& row : rows) {
        if (sheet.kind == "board") {
            keys.push_back({"board", textAt(sheet, row, "id")});
        } else if (sheet.kind == "production") {
            const std::string label = textAt(sheet, row, "year") + " " + textAt(sheet, row, "segment");
            keys.push_back({label, label});
        } else if (sheet.member.empty()) {
            const std::string id = textAt(sheet, row, "id");
            keys.push_back({id, id});
        } else {
            const std::string parent = cellText(row[0]); // the parent column comes first
            if (sheet.member == "options") {
                const std::string id = textAt(sheet, row, "id");
                keys.push_back({id, parent + " optie " + id});
            } else if (sheet.member == "agenda") {
                const std::string order = textAt(sheet, row, "order");
                keys.push_back({parent + "#" + order, parent + " punt " + order});
            } else {
                const std::string place = std::to_string(++places[parent]);
                keys.push_back({parent + "#" + place, parent + " regel " + place});
            }
        }
    }
    return keys;
}

/// The first text column's value: what a row is about ("Nieuwbouw ..."), for added and removed rows.
std::string about(const Sheet& sheet, const Row& row) {
    for (std::size_t i = 0; i < sheet.columns.size() && i < row.size(); ++i)
        if (sheet.columns[i].type == CellType::Text && sheet.columns[i].role == Role::Field)
            return " " + shown(sheet.columns[i], row[i]);
    return {};
}

std::string changes(const Sheet& sheet, const Row& before, const Row& after) {
    std::string out;
    for (std::size_t i = 0; i < sheet.columns.size(); ++i) {
        const Column& column = sheet.columns[i];
        if (column.role == Role::Delete) continue;
        const Cell& a = i < before.size() ? before[i] : Cell{};
        const Cell& b = i < after.size() ? after[i] : Cell{};
        if (a == b) continue;
        out += (out.empty() ? "" : "; ") + std::string(column.heading) + ": " + shown(column, a) + " → " +
               shown(column, b);
    }
    return out;
}

/// The most lines a sheet's report lists (a first import of a large board adds every row); the rest
/// is counted.
constexpr std::size_t kMaxLines = 500;

void addLine(SheetDiff& diff, std::string line) {
    if (diff.lines.size() < kMaxLines) diff.lines.push_back(std::move(line));
}

SheetDiff diffSheet(const Sheet& sheet, const std::vector<Row>& before, const std::vector<Row>& after) {
    SheetDiff diff{&sheet, 0, 0, 0, {}};
    const auto oldKeys = keysOf(sheet, before);
    const auto newKeys = keysOf(sheet, after);
    std::map<std::string, std::size_t> oldAt;
    for (std::size_t i = 0; i < oldKeys.size(); ++i)
        oldAt.emplace(oldKeys[i].key, i);
    std::vector<bool> kept(before.size(), false);
    for (std::size_t i = 0; i < after.size(); ++i) {
        const auto found = oldAt.find(newKeys[i].key);
        if (found == oldAt.end()) {
            ++diff.added;
            addLine(diff, "+ " + newKeys[i].label + about(sheet, after[i]));
            continue;
        }
        kept[found->second] = true;
        const std::string changed = changes(sheet, before[found->second], after[i]);
        if (changed.empty()) continue;
        ++diff.changed;
        addLine(diff, "~ " + newKeys[i].label + ": " + changed);
    }
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (kept[i]) continue;
        ++diff.removed;
        addLine(diff, "- " + oldKeys[i].label + about(sheet, before[i]));
    }
    const std::size_t total = diff.added + diff.changed + diff.removed;
    if (total > diff.lines.size())
        diff.lines.push_back("… en nog " + std::to_string(total - diff.lines.size()) + " regels");
    return diff;
}

} // namespace

BoardDiff diffBoards(const BoardData* before, const BoardData& after, const std::vector<const Sheet*>& show,
                     const nlohmann::json* afterEscalations) {
    const BoardData none;
    BoardDiff diff;
    for (const Sheet& sheet : workbookSheets()) {
        // A sheet at a time: a board of 100,000 agreements never has two whole workbooks in memory.
        const bool board = sheet.kind == "board";
        SheetDiff one = diffSheet(
            sheet, before || !board ? buildTable(sheet, before ? *before : none).rows : std::vector<Row>{},
            buildTable(sheet, after, afterEscalations).rows);
        const bool asked = std::find(show.begin(), show.end(), &sheet) != show.end();
        if (!asked && one.added + one.changed + one.removed == 0) continue;
        diff.added += one.added;
        diff.changed += one.changed;
        diff.removed += one.removed;
        diff.sheets.push_back(std::move(one));
    }
    return diff;
}

std::string diffCounts(const BoardDiff& diff) {
    return "+" + std::to_string(diff.added) + " ~" + std::to_string(diff.changed) + " -" +
           std::to_string(diff.removed);
}

std::string diffText(const BoardDiff& diff) {
    std::string out;
    std::string unchanged;
    for (const SheetDiff& sheet : diff.sheets) {
        if (sheet.lines.empty()) {
            unchanged += (unchanged.empty() ? "" : ", ") + std::string(sheet.sheet->name);
            continue;
        }
        out += std::string(sheet.sheet->name) + ": " + std::to_string(sheet.added) + " nieuw, " +
               std::to_string(sheet.changed) + " gewijzigd, " + std::to_string(sheet.removed) +
               " verwijderd\n";
        for (const std::string& line : sheet.lines)
            out += "  " + line + "\n";
    }
    if (!unchanged.empty()) out += "Ongewijzigd: " + unchanged + "\n";
    out += diff.empty() ? "Totaal: geen wijzigingen\n" : "Totaal: " + diffCounts(diff) + "\n";
    return out;
}

} // namespace regiebord::hub::workbook
