// The workbook format (server/workbook_columns.hpp) and the table model built from a
// board (server/workbook_export.hpp), on the demo board: every object in a row, every
// member of every object in a column of its own with the member's value, and the
// column table's own rules. The file itself is read back in
// tests/integration/test_workbook_export.cpp.

#include "workbook_columns.hpp"
#include "workbook_export.hpp"

#include "protocol.hpp"

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

using namespace regiebord;
using namespace regiebord::hub::workbook;
using namespace regiebord::test;
using nlohmann::json;

namespace {

BoardData demoBoard() {
    auto parsed = parseBoard(demoBoardText(), DocumentKind::Import);
    REQUIRE(parsed);
    return std::move(parsed).value();
}

const Table& tableNamed(const WorkbookModel& model, std::string_view name) {
    for (const Table& table : model.tables)
        if (table.sheet->name == name) return table;
    FAIL("no sheet " << name);
    throw std::logic_error("unreachable");
}

std::string textAt(const Table& table, std::size_t row, std::string_view key) {
    const std::size_t col = columnIndex(*table.sheet, key);
    REQUIRE(col < table.sheet->columns.size());
    const auto* text = std::get_if<std::string>(&table.rows.at(row).at(col));
    return text ? *text : std::string();
}

/// The members of a board document's object as cells would hold them: nested objects
/// flattened with dots ("target.quantity"), lists of ids as one value, the nested lists
/// that have sheets of their own (`skip`) left out.
void leaves(const json& object, const std::string& prefix, const std::set<std::string>& skip,
            std::map<std::string, json>& out) {
    for (const auto& [name, value] : object.items()) {
        const std::string key = prefix.empty() ? name : prefix + "." + name;
        if (skip.contains(key)) continue;
        if (value.is_object())
            leaves(value, key, skip, out);
        else
            out[key] = value;
    }
}

/// What a cell must hold for a member's value.
Cell expectedCell(const json& value) {
    if (value.is_null()) return std::monostate{};
    if (value.is_boolean()) return std::string(value.get<bool>() ? "ja" : "nee");
    if (value.is_number()) return value.get<double>();
    if (value.is_string()) return value.get<std::string>();
    std::string joined;
    for (const auto& id : value)
        joined += (joined.empty() ? "" : ", ") + id.get<std::string>();
    return joined;
}

std::string describe(const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) return "\"" + *text + "\"";
    if (const auto* number = std::get_if<double>(&cell)) return std::to_string(*number);
    return "(empty)";
}

} // namespace

TEST_CASE("workbook: every agreement, escalation option and agenda item of the demo board has its row",
          "[hub][workbook]") {
    const BoardData board = demoBoard();
    const WorkbookModel model = buildWorkbook(board, "2026-10-01T08:00:00Z");
    REQUIRE(model.tables.size() == workbookSheets().size());

    const Table& agreements = tableNamed(model, "Afspraken");
    REQUIRE(agreements.rows.size() == board.agreements.size());
    for (std::size_t i = 0; i < board.agreements.size(); ++i) {
        CHECK(textAt(agreements, i, "id") == board.agreements[i].id);
        CHECK(textAt(agreements, i, "status") == toWire(board.agreements[i].status));
        CHECK(textAt(agreements, i, "parties") == [&] {
            std::string ids;
            for (const auto& p : board.agreements[i].parties.values())
                ids += (ids.empty() ? "" : ", ") + p.str();
            return ids;
        }());
    }

    const Table& options = tableNamed(model, "Opties");
    std::size_t row = 0;
    for (const Escalation& e : board.escalations) {
        for (const EscalationOption& option : e.options) {
            REQUIRE(row < options.rows.size());
            CHECK(textAt(options, row, "escalation") == e.id);
            CHECK(textAt(options, row, "id") == option.id);
            CHECK(textAt(options, row, "label") == option.label);
            ++row;
        }
    }
    CHECK(row == options.rows.size());
    CHECK(row > 0);

    const Table& agenda = tableNamed(model, "Agenda");
    row = 0;
    for (const Meeting& m : board.meetings) {
        for (const AgendaItem& item : m.agenda) {
            REQUIRE(row < agenda.rows.size());
            CHECK(textAt(agenda, row, "meeting") == m.id);
            CHECK(std::get<double>(agenda.rows[row][columnIndex(*agenda.sheet, "order")]) == item.order);
            CHECK(textAt(agenda, row, "title") == item.title);
            ++row;
        }
    }
    CHECK(row == agenda.rows.size());

    const Table& production = tableNamed(model, "Productie");
    CHECK(production.rows.size() == board.production.size());
    const Table& header = tableNamed(model, "Bord");
    REQUIRE(header.rows.size() == 1);
    CHECK(textAt(header, 0, "id") == "demo-regio");
    CHECK(textAt(header, 0, "demo") == "ja");
    CHECK(model.board.demo);
    CHECK(model.exportedAt == "2026-10-01T08:00:00Z");
}

TEST_CASE("workbook: every member of every object has a column holding its value", "[hub][workbook]") {
    // The board document is what the codec writes (docs/protocol.md): a member added to a
    // kind there and not to the workbook's columns fails here, and so does a column for a
    // member the codec does not write.
    const BoardData board = demoBoard();
    const json doc = boardToJson(board, DocumentKind::Import);
    const WorkbookModel model = buildWorkbook(board, "2026-10-01T08:00:00Z");

    for (const Table& table : model.tables) {
        const Sheet& sheet = *table.sheet;
        INFO("sheet " << sheet.name);
        // The objects (or plain values) of this sheet, with the id of their parent for nested lists.
        std::vector<std::pair<const json*, const json*>> objects;
        if (sheet.kind == "board") {
            objects.emplace_back(&doc.at("board"), nullptr);
        } else {
            for (const json& object : doc.at(std::string(sheet.kind))) {
                if (sheet.member.empty())
                    objects.emplace_back(&object, nullptr);
                else
                    for (const json& item : object.at(std::string(sheet.member)))
                        objects.emplace_back(&item, &object.at("id"));
            }
        }
        REQUIRE(objects.size() == table.rows.size());
        std::set<std::string> nested; // this kind's lists that have sheets of their own
        for (const Sheet& other : workbookSheets())
            if (sheet.member.empty() && other.kind == sheet.kind && !other.member.empty())
                nested.emplace(other.member);
        std::set<std::string> fieldKeys;
        for (const Column& c : sheet.columns)
            if (c.role == Role::Field) fieldKeys.emplace(c.key);

        for (std::size_t r = 0; r < objects.size(); ++r) {
            const auto& [object, parent] = objects[r];
            std::map<std::string, json> members;
            if (object->is_object())
                leaves(*object, "", nested, members);
            else
                members[std::string(sheet.columns[1].key)] = *object; // a list of plain values: one column
            std::set<std::string> memberKeys;
            for (const auto& [key, value] : members)
                memberKeys.insert(key);
            REQUIRE(memberKeys == fieldKeys);
            const auto& cells = table.rows[r];
            REQUIRE(cells.size() == sheet.columns.size());
            for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
                const Column& column = sheet.columns[c];
                INFO("row " << r << ", column " << column.key << ": " << describe(cells[c]));
                switch (column.role) {
                case Role::Field:
                    CHECK(cells[c] == expectedCell(members.at(std::string(column.key))));
                    break;
                case Role::Parent:
                    CHECK(cells[c] == Cell(parent->get<std::string>()));
                    break;
                case Role::Delete:
                    CHECK(std::holds_alternative<std::monostate>(cells[c]));
                    break;
                }
            }
        }
    }
    // Every kind of the board document has its sheet.
    for (const auto& [name, value] : doc.items())
        if (value.is_array()) CHECK(sheetOfKind(name) != nullptr);
}

TEST_CASE("workbook: the column table's own rules", "[hub][workbook]") {
    std::set<std::string_view> sheetNames{kUitleg};
    std::set<const std::string_view*> enumsUsed;
    for (const Sheet& sheet : workbookSheets()) {
        INFO("sheet " << sheet.name);
        CHECK(sheet.name.size() <= 31);
        CHECK(sheetNames.insert(sheet.name).second);
        std::set<std::string_view> keys;
        std::set<std::string_view> headings;
        for (const Column& column : sheet.columns) {
            INFO("column " << column.key);
            CHECK(keys.insert(column.key).second);
            CHECK(headings.insert(column.heading).second);
            CHECK_FALSE(column.explanation.empty());
            CHECK_FALSE(column.example.empty());
            CHECK(column.width > 0);
            CHECK((column.type == CellType::Enum) == !column.allowed.empty());
            if (column.type == CellType::Enum) enumsUsed.insert(column.allowed.data());
            const bool refers = column.type == CellType::Reference || column.type == CellType::IdList;
            CHECK(refers == !column.refersTo.empty());
            if (refers) CHECK(sheetOfKind(column.refersTo) != nullptr);
            CHECK((column.role == Role::Delete) == (column.type == CellType::Delete));
        }
        if (sheet.deletable) {
            REQUIRE_FALSE(sheet.columns.empty());
            CHECK(sheet.columns.back().key == kDeleteKey);
            CHECK(sheet.columns.back().heading == "verwijderen");
        } else {
            CHECK(columnIndex(sheet, kDeleteKey) == static_cast<std::size_t>(-1));
        }
        // A nested list's rows name their parent in the first column.
        CHECK((sheet.member.empty() ? Role::Field : Role::Parent) == sheet.columns.front().role);
    }
    // Every enumeration of the board's objects has its dropdown somewhere (Outcome is a decision's).
    for (const std::string_view* names :
         {EnumNames<PartyKind>::names.data(), EnumNames<Theme>::names.data(),
          EnumNames<Mandate>::names.data(), EnumNames<AgreementStatus>::names.data(),
          EnumNames<Phase>::names.data(), EnumNames<Segment>::names.data(),
          EnumNames<EscalationLevel>::names.data(), EnumNames<Severity>::names.data(),
          EnumNames<EscalationStatus>::names.data(), EnumNames<ActionStatus>::names.data()})
        CHECK(enumsUsed.contains(names));
    const Sheet* agreements = sheetOfKind("agreements");
    REQUIRE(agreements);
    const Column& status = agreements->columns[columnIndex(*agreements, "status")];
    CHECK(std::vector<std::string_view>(status.allowed.begin(), status.allowed.end()) ==
          std::vector<std::string_view>{"op_koers", "risico", "achter", "gerealiseerd", "vervallen"});
}

TEST_CASE("workbook: written as an .xlsx file, or one line saying why not", "[hub][workbook]") {
    TempDir dir;
    const WorkbookModel model = buildWorkbook(demoBoard(), "2026-10-01T08:00:00Z");
    const std::string file = dir.file("bord.xlsx");
    REQUIRE(writeWorkbook(model, file).empty());
    std::ifstream in(file, std::ios::binary);
    std::string magic(2, '\0');
    in.read(magic.data(), 2);
    CHECK(magic == "PK"); // a zip container, as .xlsx is

    // What Excel cannot hold is named by sheet and cell (a text above 32,767 characters).
    WorkbookModel tooLong = model;
    for (Table& table : tooLong.tables)
        if (table.sheet->name == "Afspraken") table.rows.at(0).at(1) = std::string(40000, 'x');
    const std::string refused = writeWorkbook(tooLong, dir.file("too-long.xlsx"));
    CHECK_THAT(refused, Catch::StartsWith("sheet Afspraken, cell B2: "));
    CHECK(refused.find('\n') == std::string::npos);

    // libxlsxwriter prints its own line for this one; the command creates the file first (test_hub_cli).
    const std::string problem = writeWorkbook(model, dir.file("missing/bord.xlsx"));
    CHECK_FALSE(problem.empty());
    CHECK(problem.find('\n') == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("missing")));
}

TEST_CASE("workbook: docs/workbook.md lists every column of every sheet", "[hub][workbook]") {
    // The contract the importer is written against: a column added to the table and not to
    // the document (generated from the sheet "Uitleg") fails here.
    std::ifstream in(REGIEBORD_SOURCE_DIR "/docs/workbook.md");
    const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    REQUIRE_FALSE(doc.empty());
    for (const Sheet& sheet : workbookSheets()) {
        const std::size_t section = doc.find("\n### " + std::string(sheet.name) + "\n");
        REQUIRE(section != std::string::npos);
        const std::size_t end = doc.find("\n### ", section + 1);
        const std::string body = doc.substr(section, end == std::string::npos ? end : end - section);
        for (const Column& column : sheet.columns) {
            INFO(sheet.name << ": " << column.key);
            CHECK(body.find("\n| " + std::string(column.heading) + " | `" + std::string(column.key) +
                            "` |") != std::string::npos);
        }
    }
}
