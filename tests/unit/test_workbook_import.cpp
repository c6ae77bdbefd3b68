// The workbook import (server/workbook_reader.hpp, workbook_import.hpp, workbook_diff.hpp):
// the readers (an .xlsx file written by the export, CSV in UTF-8 and Windows-1252), the rows
// into a board document on top of the hub's board, every problem where the spreadsheet
// shows it, and the diff. The real hub binary runs it in
// tests/integration/test_workbook_import.cpp.

#include "workbook_diff.hpp"
#include "workbook_export.hpp"
#include "workbook_import.hpp"
#include "workbook_reader.hpp"

#include "protocol.hpp"

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

using namespace regiebord;
using namespace regiebord::hub::workbook;
using namespace regiebord::test;

namespace {

BoardData demoImportBoard() {
    auto parsed = parseBoard(demoBoardText(), DocumentKind::Import);
    REQUIRE(parsed);
    return std::move(parsed).value();
}

/// The export's tables as a reader would give them (cells as the model has them: dates as text).
RawBook bookOf(const WorkbookModel& model) {
    RawBook book;
    book.format = std::string(kFormat);
    for (const Table& table : model.tables) {
        RawSheet sheet;
        sheet.name = std::string(table.sheet->name);
        for (const Column& column : table.sheet->columns) {
            sheet.headings.emplace_back(column.heading);
            sheet.comments.push_back("sleutel: " + std::string(column.key) + "\nuitleg");
        }
        std::size_t line = 2;
        for (const auto& cells : table.rows)
            sheet.rows.push_back({line++, cells});
        book.sheets.push_back(std::move(sheet));
    }
    return book;
}

RawSheet& sheetIn(RawBook& book, std::string_view name) {
    for (RawSheet& sheet : book.sheets)
        if (sheet.name == name) return sheet;
    FAIL("no sheet " << name);
    throw std::logic_error("unreachable");
}

Cell& cellIn(RawSheet& sheet, std::size_t row, std::string_view key) {
    const std::size_t column = columnIndex(*sheetNamed(sheet.name), key);
    REQUIRE(column < sheet.headings.size());
    auto& cells = sheet.rows.at(row).cells;
    if (cells.size() <= column) cells.resize(column + 1);
    return cells[column];
}

void keepOnly(RawBook& book, const std::vector<std::string>& names) {
    std::erase_if(book.sheets, [&](const RawSheet& s) {
        return std::find(names.begin(), names.end(), s.name) == names.end();
    });
}

struct Imported {
    std::vector<std::string> problems;
    std::optional<BoardData> board;
    ImportedBoard imported;
};

Imported importInto(const RawBook& book, const BoardData* current,
                    const std::string& boardId = "demo-regio") {
    Imported out;
    out.imported = importBook(book, boardId, current);
    for (const auto& error : out.imported.errors)
        out.problems.push_back(describe(error, book));
    if (!out.problems.empty()) return out;
    auto board = boardFromJson(out.imported.document, DocumentKind::Import);
    if (!board) {
        out.problems.push_back(describe(errorFromCheck(out.imported, board.error()), book));
        return out;
    }
    out.board = std::move(board).value();
    return out;
}

std::string same(const BoardData& a, const BoardData& b) {
    return boardToJson(a, DocumentKind::Import) == boardToJson(b, DocumentKind::Import) ? "same"
                                                                                        : "different";
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A board with a value in every optional member and every kind of cell, beside the demo's.
BoardData everyFieldBoard() {
    nlohmann::json doc = boardToJson(demoImportBoard(), DocumentKind::Import);
    doc["board"]["notice"] = "Regel één\nRegel twee: “aanhalingstekens” en €";
    doc["board"]["region"] = "";
    doc["projects"][0]["developer"] = nullptr;
    doc["projects"][0]["forecast_delivery"] = "2027-03-01";
    doc["agreements"][0]["target"]["quantity"] = 1234.5;
    doc["agreements"][0]["definitions"] = nlohmann::json::array();
    doc["escalations"][0]["options"][0]["description"] = "";
    doc["escalations"][0]["history"].push_back(
        {{"at", "2026-10-02T07:08:09Z"}, {"text", "Tekst met ‘quotes’ & <tekens>\tna een tab"}});
    nlohmann::json action = doc["actions"][0];
    action["id"] = "act-alles";
    action["meeting"] = doc["meetings"][0]["id"];
    action["agenda_item"] = doc["meetings"][0]["agenda"][0]["order"];
    action["escalation"] = doc["escalations"][0]["id"];
    doc["actions"].push_back(action);
    doc["production"].push_back(
        {{"year", 1990}, {"segment", "vrije_sector"}, {"planned", 0}, {"realised", 0}});
    auto board = boardFromJson(doc, DocumentKind::Import);
    INFO((board ? std::string() : board.error().describe()));
    REQUIRE(board);
    return std::move(board).value();
}

const Action* actionNamed(const BoardData& board, std::string_view id) {
    for (const Action& a : board.actions)
        if (a.id == id) return &a;
    return nullptr;
}

} // namespace

TEST_CASE("workbook import: CSV in Windows-1252 and UTF-8, ';' or ',', quotes over lines",
          "[hub][workbook]") {
    // Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)": Windows-1252 and ';'.
    const std::string cp1252 =
        "Jaar;Segment;Gepland;Gerealiseerd\r\n2026;sociale_huur;420;\"caf\xE9 \x80\"\r\n";
    const RawBook book = readCsv(cp1252, "Productie", "productie.csv");
    REQUIRE(book.problem.empty());
    REQUIRE(book.sheets.size() == 1);
    CHECK(book.sheets[0].headings == std::vector<std::string>{"Jaar", "Segment", "Gepland", "Gerealiseerd"});
    REQUIRE(book.sheets[0].rows.size() == 1);
    CHECK(book.sheets[0].rows[0].line == 2);
    CHECK(std::get<std::string>(book.sheets[0].rows[0].cells[3]) == "café €");
    CHECK(windows1252ToUtf8("\xE9\x80\x81") == "é€\xEF\xBF\xBD");

    const std::string utf8 = "\xEF\xBB\xBFId,Titel\n\"pa-1\",\"twee\nregels, met \"\"quotes\"\"\"\npa-2,b\n";
    const RawBook second = readCsv(utf8, "Afspraken", "afspraken.csv");
    REQUIRE(second.problem.empty());
    CHECK(second.sheets[0].headings == std::vector<std::string>{"Id", "Titel"});
    REQUIRE(second.sheets[0].rows.size() == 2);
    CHECK(std::get<std::string>(second.sheets[0].rows[0].cells[1]) == "twee\nregels, met \"quotes\"");
    CHECK(second.sheets[0].rows[1].line == 4); // the record after a field of two lines
    CHECK(readCsv("a;\"open", "Productie", "p.csv").problem == "regel 1: aanhalingsteken niet gesloten");
}

TEST_CASE("workbook import: a file that is not a workbook is one line", "[hub][workbook]") {
    const RawBook book = readXlsx("dit is geen zip");
    CHECK_THAT(book.problem, Catch::StartsWith("geen Excel-werkmap (.xlsx)"));
    CHECK(book.problem.find('\n') == std::string::npos);
    CHECK(columnName(0) == "A");
    CHECK(columnName(27) == "AB");
}

TEST_CASE("workbook import: the exported .xlsx reads back into the same board, no changes",
          "[hub][workbook]") {
    TempDir dir;
    for (const BoardData& board : {demoImportBoard(), everyFieldBoard()}) {
        const std::string path = dir.file("board.xlsx");
        REQUIRE(writeWorkbook(buildWorkbook(board, "2026-10-01T08:00:00Z"), path).empty());
        const RawBook book = readXlsx(fileText(path));
        REQUIRE(book.problem.empty());
        CHECK(book.format == kFormat);
        CHECK(book.sheets.size() == workbookSheets().size() + 1);
        CHECK(sheetIn(const_cast<RawBook&>(book), "Afspraken").comments.at(0).rfind("sleutel: id\n", 0) == 0);
        CHECK(boardIdIn(book) == "demo-regio");
        const Imported out = importInto(book, &board);
        INFO((out.problems.empty() ? std::string() : out.problems[0]));
        REQUIRE(out.board);
        CHECK(same(*out.board, board) == "same");
        const BoardDiff diff = diffBoards(&board, *out.board, out.imported.sheets);
        CHECK(diff.empty());
        CHECK_THAT(diffText(diff), Catch::EndsWith("Totaal: geen wijzigingen\n"));
        // Onto an empty hub it is the whole board.
        const Imported fresh = importInto(book, nullptr);
        REQUIRE(fresh.board);
        CHECK(same(*fresh.board, board) == "same");
    }
}

TEST_CASE("workbook import: every problem at once, where the spreadsheet shows it", "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    RawBook book = bookOf(buildWorkbook(demo, "2026-10-01T08:00:00Z"));
    book.format = "regiebord.workbook.v9";
    RawSheet& agreements = sheetIn(book, "Afspraken");
    cellIn(agreements, 15, "target.quantity") = std::string("ca. 120"); // row 17, column H
    cellIn(agreements, 0, "title") = std::monostate{};                  // required
    cellIn(agreements, 1, "status") = std::string("prima");             // not in the list
    cellIn(agreements, 2, "owner") = std::string("gem-nergens");        // unknown party
    RawSheet& production = sheetIn(book, "Productie");
    production.rows.push_back(
        {production.rows.back().line + 1, production.rows[0].cells}); // same year+segment
    RawSheet& options = sheetIn(book, "Opties");
    cellIn(options, 0, "escalation") = std::string("esc-99"); // no such parent
    agreements.headings.push_back("Opmerking");               // unknown heading
    RawSheet extra;
    extra.name = "Notities";
    book.sheets.push_back(extra);
    RawSheet& bord = sheetIn(book, "Bord");
    cellIn(bord, 0, "id") = std::string("ander-bord");

    const Imported out = importInto(book, &demo);
    CHECK_FALSE(out.board);
    const auto has = [&](const std::string& line) {
        INFO(line);
        CHECK(std::find(out.problems.begin(), out.problems.end(), line) != out.problems.end());
    };
    for (const auto& p : out.problems)
        UNSCOPED_INFO(p);
    has("werkmap: de werkmap heeft het formaat \"regiebord.workbook.v9\"; deze hub leest "
        "regiebord.workbook.v1");
    has("Notities: blad \"Notities\" is onbekend; de bladen zijn: Bord, Partijen, Definities, Criteria, "
        "Afspraken, "
        "Projecten, Productie, Escalaties, Opties, Historie, Vergaderingen, Agenda, Acties");
    has("Bord!A2: bord-id \"ander-bord\" is niet het bord waarin wordt geïmporteerd (\"demo-regio\")");
    has("Afspraken!S1: kolom \"Opmerking\" is onbekend op blad Afspraken");
    // The sheet with an unknown heading is not read further: none of its cells' problems.
    CHECK(std::none_of(out.problems.begin(), out.problems.end(),
                       [](const std::string& p) { return p.rfind("Afspraken!H17", 0) == 0; }));

    agreements.headings.pop_back();
    book.format = std::string(kFormat);
    cellIn(bord, 0, "id") = std::string("demo-regio");
    book.sheets.pop_back();
    const Imported second = importInto(book, &demo);
    for (const auto& p : second.problems)
        UNSCOPED_INFO(p);
    const auto has2 = [&](const std::string& line) {
        INFO(line);
        CHECK(std::find(second.problems.begin(), second.problems.end(), line) != second.problems.end());
    };
    has2("Afspraken!H17: doel moet een getal zijn (gevonden: \"ca. 120\")");
    has2("Afspraken!B2: titel is verplicht maar leeg");
    has2("Afspraken!C3: status kent de waarde \"prima\" niet; toegestaan: op_koers, risico, achter, "
         "gerealiseerd, "
         "vervallen");
    has2("Afspraken!F4: eigenaar \"gem-nergens\" staat niet op blad Partijen");
    has2("Productie!A" + std::to_string(production.rows.back().line) + ": Jaar " +
         std::to_string(demo.production[0].year) + " en Segment " +
         std::string(toWire(demo.production[0].segment)) + " staat al op regel 2");
    has2("Opties!A2: escalatie \"esc-99\" staat niet op blad Escalaties");
    CHECK(second.problems.size() == 6);
}

TEST_CASE("workbook import: CSV problems name the file, line and column", "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    const std::string csv =
        "Jaar;Segment;Gepland;Gerealiseerd\n2026;sociale_huur;420;360\n2026;sociaal;1.5;-3\n";
    const RawBook book = readCsv(csv, "Productie", "productie.csv");
    const Imported out = importInto(book, &demo);
    CHECK(out.problems ==
          std::vector<std::string>{
              "productie.csv:3: kolom \"Segment\" kent de waarde \"sociaal\" niet; toegestaan: "
              "sociale_huur, middenhuur, betaalbare_koop, vrije_sector",
              "productie.csv:3: kolom \"Gepland\" moet een geheel getal zijn (gevonden: \"1.5\")",
              "productie.csv:3: kolom \"Gerealiseerd\" moet 0 of meer zijn (gevonden: \"-3\")",
          });
    const RawBook missing = readCsv("Jaar;Segment\n2026;sociale_huur\n", "Productie", "productie.csv");
    CHECK(importInto(missing, &demo).problems ==
          std::vector<std::string>{"productie.csv: kolom \"Gepland\" ontbreekt",
                                   "productie.csv: kolom \"Gerealiseerd\" ontbreekt"});
}

TEST_CASE("workbook import: only the sheets in the file change; only 'ja' removes, a missing row stays",
          "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    RawBook book = bookOf(buildWorkbook(demo, "2026-10-01T08:00:00Z"));
    keepOnly(book, {"Productie"});
    RawSheet& production = sheetIn(book, "Productie");
    cellIn(production, 0, "realised") = 999.0;
    cellIn(production, 1, "verwijderen") = std::string("ja");
    const std::size_t rows = production.rows.size();
    production.rows.pop_back(); // a row taken off the sheet: it stays on the hub
    const Imported out = importInto(book, &demo);
    REQUIRE(out.board);
    CHECK(out.board->production.size() == rows - 1);
    CHECK(out.board->production[0].realised == 999);
    CHECK(out.board->production.back().year == demo.production.back().year);
    CHECK(out.board->production.back().segment == demo.production.back().segment);
    CHECK(out.board->agreements.size() == demo.agreements.size());
    BoardData expected = demo;
    expected.production = out.board->production;
    CHECK(same(*out.board, expected) == "same");

    const BoardDiff diff = diffBoards(&demo, *out.board, out.imported.sheets);
    CHECK(diff.changed == 1);
    CHECK(diff.removed == 1);
    CHECK(diff.added == 0);
    REQUIRE(diff.sheets.size() == 1);
    const std::string text = diffText(diff);
    CHECK_THAT(text, Catch::StartsWith("Productie: 0 nieuw, 1 gewijzigd, 1 verwijderd\n  ~ " +
                                       std::to_string(demo.production[0].year) + " " +
                                       std::string(toWire(demo.production[0].segment)) + ": Gerealiseerd: " +
                                       std::to_string(demo.production[0].realised) + " → 999\n"));
    CHECK_THAT(text, Catch::EndsWith("Totaal: +0 ~1 -1\n"));
}

TEST_CASE("workbook import: a sheet with a few rows changes those and adds new ones after the hub's",
          "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    RawBook book = bookOf(buildWorkbook(demo, "2026-10-01T08:00:00Z"));
    keepOnly(book, {"Partijen"});
    RawSheet& parties = sheetIn(book, "Partijen");
    REQUIRE(parties.rows.size() >= 3);
    RawRow changed = parties.rows[1];
    RawRow fresh = parties.rows[0];
    parties.rows = {changed, fresh};
    cellIn(parties, 0, "name") = std::string("Gemeente Hernoemd (demo)");
    cellIn(parties, 1, "id") = std::string("party-new-demo");
    const Imported out = importInto(book, &demo);
    REQUIRE(out.board);
    REQUIRE(out.board->parties.size() == demo.parties.size() + 1);
    for (std::size_t i = 0; i < demo.parties.size(); ++i)
        CHECK(out.board->parties[i].id == demo.parties[i].id); // the hub's rows keep their place
    CHECK(out.board->parties[1].name == "Gemeente Hernoemd (demo)");
    CHECK(out.board->parties.back().id == "party-new-demo");
    const BoardDiff diff = diffBoards(&demo, *out.board, out.imported.sheets);
    CHECK(diff.changed == 1);
    CHECK(diff.added == 1);
    CHECK(diff.removed == 0);
}

TEST_CASE("workbook import: actions are added and closed; nested rows follow their parent",
          "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    RawBook book = bookOf(buildWorkbook(demo, "2026-10-01T08:00:00Z"));
    keepOnly(book, {"Acties", "Escalaties", "Opties"});
    RawSheet& actions = sheetIn(book, "Acties");
    cellIn(actions, 0, "status") = std::string("afgerond");
    RawRow added = actions.rows[0];
    added.line = actions.rows.back().line + 1;
    actions.rows.push_back(added);
    cellIn(actions, actions.rows.size() - 1, "id") = std::string("act-nieuw");
    cellIn(actions, actions.rows.size() - 1, "due") = 46299.0; // an Excel date: 2026-10-04
    // Deleting an escalation deletes its options with it (their rows may stay on Opties).
    RawSheet& escalations = sheetIn(book, "Escalaties");
    const auto referenced = [&](const std::string& id) {
        for (const Meeting& m : demo.meetings)
            for (const AgendaItem& item : m.agenda)
                if (item.escalation == id) return true;
        for (const Action& a : demo.actions)
            if (a.escalation == id) return true;
        return false;
    };
    std::size_t undecided = 0;
    while (demo.escalations[undecided].status != EscalationStatus::Open ||
           demo.escalations[undecided].options.empty() || referenced(demo.escalations[undecided].id))
        ++undecided;
    cellIn(escalations, undecided, "verwijderen") = std::string("JA");
    const Imported out = importInto(book, &demo);
    INFO((out.problems.empty() ? std::string() : out.problems[0]));
    REQUIRE(out.board);
    CHECK(out.board->actions[0].status == ActionStatus::Afgerond);
    REQUIRE(actionNamed(*out.board, "act-nieuw"));
    CHECK(actionNamed(*out.board, "act-nieuw")->due == "2026-10-04");
    CHECK(out.board->escalations.size() == demo.escalations.size() - 1);
    CHECK(out.board->decisions.empty());
}

TEST_CASE("workbook import: a reference the hub keeps to a removed object is named", "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    RawBook book = bookOf(buildWorkbook(demo, "2026-10-01T08:00:00Z"));
    keepOnly(book, {"Partijen"});
    const std::string owner = demo.agreements[0].owner;
    RawSheet& parties = sheetIn(book, "Partijen");
    for (std::size_t i = 0; i < parties.rows.size(); ++i)
        if (std::get<std::string>(cellIn(parties, i, "id")) == owner)
            cellIn(parties, i, "verwijderen") = std::string("ja");
    const Imported out = importInto(book, &demo);
    REQUIRE_FALSE(out.problems.empty());
    for (const auto& p : out.problems)
        UNSCOPED_INFO(p);
    CHECK_THAT(out.problems[0], Catch::Contains(" (op de hub, niet in de werkmap): ") &&
                                    Catch::EndsWith("\"" + owner + "\" staat niet op blad Partijen"));
}

TEST_CASE("workbook import: the report lists at most 500 rows a sheet and counts the rest",
          "[hub][workbook]") {
    nlohmann::json doc = boardToJson(demoImportBoard(), DocumentKind::Import);
    const nlohmann::json first = doc["agreements"][0];
    for (int i = 0; i < 600; ++i) {
        nlohmann::json copy = first;
        copy["id"] = "pa-extra-" + std::to_string(i);
        doc["agreements"].push_back(copy);
    }
    const auto big = boardFromJson(doc, DocumentKind::Import);
    REQUIRE(big);
    const BoardData demo = demoImportBoard();
    const BoardDiff diff = diffBoards(&demo, big.value(), {});
    REQUIRE(diff.sheets.size() == 1);
    CHECK(diff.added == 600);
    CHECK(diff.sheets[0].lines.size() == 501);
    CHECK(diff.sheets[0].lines.back() == "… en nog 100 regels");
    CHECK_THAT(diffText(diff),
               Catch::StartsWith("Afspraken: 600 nieuw, 0 gewijzigd, 0 verwijderd\n  + pa-extra-0 "));
}

TEST_CASE("workbook import: what the codec's check finds is reported at the row and cell it came from",
          "[hub][workbook]") {
    const BoardData demo = demoImportBoard();
    RawBook book = bookOf(buildWorkbook(demo, "2026-10-01T08:00:00Z"));
    keepOnly(book, {"Acties"});
    RawSheet& actions = sheetIn(book, "Acties");
    std::size_t row = 0;
    while (!demo.actions[row].meeting)
        ++row;
    cellIn(actions, row, "meeting") = std::monostate{}; // an agenda item only with its meeting
    cellIn(actions, row, "agenda_item") = 3.0;
    const Imported out = importInto(book, &demo);
    REQUIRE(out.problems.size() == 1);
    const std::string cell = "Acties!" + columnName(columnIndex(*sheetNamed("Acties"), "agenda_item")) +
                             std::to_string(row + 2) + ": controle van het bord: ";
    CHECK_THAT(out.problems[0], Catch::StartsWith(cell));
}
