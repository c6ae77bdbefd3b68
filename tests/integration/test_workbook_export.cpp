// export-workbook run by the real hub binary on its demo board, the file read back by
// openpyxl (read_workbook.py, python3-openpyxl) as a spreadsheet program reads it: the
// sheets, headings with their keys, values as dates and numbers, the dropdowns and the
// sheet "Uitleg" (docs/workbook.md); and read back into a board document by
// workbook_to_board.py as docs/workbook.md says the importer will, which must give the
// board that was exported.

#include "protocol.hpp"
#include "workbook_columns.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace regiebord;
using namespace regiebord::test;
using nlohmann::json;
namespace wb = regiebord::hub::workbook;

namespace {

/// The workbook as read_workbook.py sees it.
json readBack(const TempDir& dir, const std::string& file) {
    const std::string out = dir.file("workbook.json");
    std::string log;
    const int code =
        // Debian's python3, the one python3-openpyxl installs for (not a python3 earlier on PATH).
        runCommand(
            {"/usr/bin/python3", REGIEBORD_SOURCE_DIR "/tests/integration/read_workbook.py", file, out}, {},
            &log);
    INFO(log);
    REQUIRE(code == 0);
    std::ifstream in(out);
    return json::parse(in);
}

std::size_t column(const wb::Sheet& sheet, std::string_view key) {
    const std::size_t index = wb::columnIndex(sheet, key);
    REQUIRE(index < sheet.columns.size());
    return index;
}

} // namespace

TEST_CASE("export-workbook writes the demo board as a workbook a spreadsheet program reads",
          "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const std::string file = dir.file("regiebord.xlsx");
    std::string output;
    REQUIRE(hub.command({"export-workbook", file, "--board", kDemoBoard}, &output) == 0);
    CHECK_THAT(output, Catch::StartsWith("regiebord-hub: wrote " + file));
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));

    const json book = readBack(dir, file);
    std::vector<std::string> expected{std::string(wb::kUitleg)};
    for (const wb::Sheet& sheet : wb::workbookSheets())
        expected.emplace_back(sheet.name);
    CHECK(book["sheets"].get<std::vector<std::string>>() == expected);
    CHECK(expected.size() == 14);

    const BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    const wb::Sheet& spec = *wb::sheetOfKind("agreements");
    const json& sheet = book["tables"]["Afspraken"];
    const json& rows = sheet["rows"];
    REQUIRE(rows.size() == demo.agreements.size() + 1);
    // Row 1: the Dutch headings, each with its key first in the comment.
    REQUIRE(rows[0].size() == spec.columns.size());
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        CHECK(rows[0][c] == spec.columns[c].heading);
        CHECK_THAT(sheet["comments"][c].get<std::string>(),
                   Catch::StartsWith("sleutel: " + std::string(spec.columns[c].key) + "\n"));
    }
    CHECK(rows[0].back() == "verwijderen");
    CHECK(sheet["freeze"] == "B2");
    CHECK(sheet["filter"] == "A1:R" + std::to_string(rows.size()));

    // Values: text, numbers as numbers, dates as dates, lists of ids in one cell.
    const Agreement& first = demo.agreements[0];
    const json& row = rows[1];
    CHECK(row[column(spec, "id")] == first.id);
    CHECK(row[column(spec, "title")] == first.title);
    CHECK(row[column(spec, "status")] == toWire(first.status));
    CHECK(row[column(spec, "target.quantity")].is_number());
    CHECK(row[column(spec, "target.quantity")].get<double>() == first.target.quantity);
    CHECK(row[column(spec, "target.deadline")] == first.target.deadline.str() + "T00:00:00");
    CHECK(row[column(spec, "updated_at")] == first.updatedAt.substr(0, 19)); // UTC, without the Z
    CHECK_THAT(row[column(spec, "parties")].get<std::string>(),
               Catch::StartsWith(first.parties[0].str() + ", " + first.parties[1].str()));
    CHECK(row[column(spec, "verwijderen")].is_null());
    CHECK(sheet["formats"][column(spec, "target.deadline")] == "dd-mm-yyyy");

    // The status column's dropdown: the wire names, a stop on anything else.
    const std::string letter(1, static_cast<char>('A' + column(spec, "status")));
    bool statusList = false;
    bool ownerList = false;
    for (const json& v : sheet["validations"]) {
        const std::string sqref = v["sqref"];
        if (v["type"] == "list" && sqref == letter + "2:" + letter + "1048576") {
            CHECK(v["formula1"] == "\"op_koers,risico,achter,gerealiseerd,vervallen\"");
            CHECK(v["error_style"] == "stop");
            statusList = true;
        }
        if (v["type"] == "list" &&
            v["formula1"] == "Partijen!$A$2:$A$" + std::to_string(demo.parties.size() + 1))
            ownerList = true;
    }
    CHECK(statusList);
    CHECK(ownerList);

    // Nested lists: one row per escalation option and per agenda item.
    std::size_t options = 0;
    for (const Escalation& e : demo.escalations)
        options += e.options.size();
    CHECK(book["tables"]["Opties"]["rows"].size() == options + 1);
    std::size_t items = 0;
    for (const Meeting& m : demo.meetings)
        items += m.agenda.size();
    CHECK(book["tables"]["Agenda"]["rows"].size() == items + 1);
    CHECK(book["tables"]["Escalaties"]["rows"][1][column(*wb::sheetOfKind("escalations"), "raised_at")] ==
          demo.escalations[0].raisedAt.substr(0, 19));

    // "Uitleg": the board, the demo warning, and a line per column of every sheet.
    const std::string uitleg = book["tables"]["Uitleg"]["rows"].dump();
    CHECK(book["tables"]["Uitleg"]["rows"][0][0] == "Regiebord: werkmap van één bord");
    CHECK_THAT(uitleg, Catch::Contains("DEMO — verzonnen gegevens") && Catch::Contains(kDemoBoard) &&
                           Catch::Contains(demo.board.name) && Catch::Contains(std::string(wb::kFormat)) &&
                           Catch::Contains("target.deadline") && Catch::Contains("op_koers, risico"));
}

TEST_CASE("the workbook reads back into the board it was exported from", "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const std::string file = dir.file("regiebord.xlsx");
    REQUIRE(hub.command({"export-workbook", file, "--board", kDemoBoard}) == 0);
    const std::string back = dir.file("back.json");
    std::string log;
    const int code = runCommand(
        {"/usr/bin/python3", REGIEBORD_SOURCE_DIR "/tests/integration/workbook_to_board.py", file, back}, {},
        &log);
    INFO(log);
    REQUIRE(code == 0);
    std::ifstream in(back);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto board = parseBoard(text, DocumentKind::Import);
    INFO((board ? std::string() : board.error().describe()));
    REQUIRE(board);
    const BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    CHECK(boardToJson(board.value(), DocumentKind::Import) == boardToJson(demo, DocumentKind::Import));

    // Imported, it changes nothing: the board keeps its sequence.
    const auto before = parseBoard(getSnapshot(hub.url()).body, DocumentKind::Snapshot).value().seq;
    REQUIRE(hub.command({"import", back}) == 0);
    CHECK(parseBoard(getSnapshot(hub.url()).body, DocumentKind::Snapshot).value().seq == before);
}

TEST_CASE("export-workbook of an unknown board is one line and leaves no file", "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const std::string file = dir.file("regiebord.xlsx");
    std::string output;
    CHECK(hub.command({"export-workbook", file, "--board", "nope"}, &output) == 1);
    CHECK(output == "regiebord-hub: --board: no board \"nope\"\n");
    CHECK_FALSE(std::filesystem::exists(file));
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));
}
