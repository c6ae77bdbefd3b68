// regiebord-hub import of workbooks and CSV tables, run by the real hub binary on its demo
// board (docs/workbook.md, "Import"): export-workbook, edit the file with openpyxl as a
// secretary would (edit_workbook.py, python3-openpyxl), then import --dry-run and import:
// the diff, every error at once, the exit codes, the audit trail, a kiosk that gets only
// the changed objects as a delta, and a second import of the same file that changes nothing.

#include "http_client.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace regiebord;
using namespace regiebord::test;
using nlohmann::json;

namespace {

/// edit_workbook.py IN OUT with these edits.
void edit(const TempDir& dir, const std::string& in, const std::string& out, const json& edits) {
    const std::string file = dir.file("edits.json");
    std::ofstream(file) << edits.dump();
    std::string log;
    const int code = runCommand(
        {"/usr/bin/python3", REGIEBORD_SOURCE_DIR "/tests/integration/edit_workbook.py", in, out, file}, {},
        &log);
    INFO(log);
    REQUIRE(code == 0);
}

std::int64_t seqOf(const HubProcess& hub) {
    return boardOf(hub.url()).seq;
}

/// GET .../changes?since= as the demo kiosk asks for it.
HttpResponse changesSince(const HubProcess& hub, std::int64_t since) {
    HttpClient http({});
    return http.perform({"GET",
                         hub.url() + "/v1/boards/" + kDemoBoard + "/changes?since=" + std::to_string(since),
                         {{"Authorization", std::string("Bearer ") + kDemoToken}},
                         {}});
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

bool hasLine(const std::string& text, const std::string& line) {
    const auto lines = linesOf(text);
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

/// UTF-8 text of Latin-1 characters as Windows-1252 bytes (what Dutch Excel writes in a CSV file).
std::string windows1252(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c == 0xC3 && i + 1 < utf8.size()) {
            out += static_cast<char>(0xC0U | (static_cast<unsigned char>(utf8[++i]) & 0x3FU));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

TEST_CASE(
    "import of an edited workbook: the dry run shows it, the import applies it as a delta, again it is a "
    "no-op",
    "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData demo = boardOf(hub.url());
    const std::string exported = dir.file("stuurgroep.xlsx");
    REQUIRE(hub.command({"export-workbook", exported, "--board", kDemoBoard}) == 0);

    // Lossless: straight back, nothing changes.
    std::string output;
    REQUIRE(hub.command({"import", "--dry-run", exported, "--by", "Anna"}, &output) == 0);
    CHECK_THAT(output, Catch::EndsWith("Totaal: geen wijzigingen\n"));

    const Agreement& second = demo.agreements[1];
    const Agreement& third = demo.agreements[2];
    const Agreement& fourth = demo.agreements[3];
    const ProductionFigure& figure = demo.production[0];
    const Action& action = demo.actions[1];
    REQUIRE(action.status == ActionStatus::Open);
    const std::string edited = dir.file("bewerkt.xlsx");
    edit(dir, exported, edited,
         json::array({
             {{"sheet", "Afspraken"},
              {"row", second.id},
              {"column", "Doel"},
              {"value", second.target.quantity + 100}},
             {{"sheet", "Afspraken"}, {"row", third.id}, {"column", "Status"}, {"value", "gerealiseerd"}},
             {{"sheet", "Afspraken"}, {"row", fourth.id}, {"column", "verwijderen"}, {"value", "ja"}},
             {{"sheet", "Afspraken"},
              {"copy", second.id},
              {"set", {{"Id", "pa-nieuw"}, {"Titel", "Nieuwe afspraak (demo)"}}}},
             {{"sheet", "Productie"}, {"row", 2}, {"column", "Gerealiseerd"}, {"value", figure.realised + 7}},
             {{"sheet", "Acties"}, {"row", action.id}, {"column", "Status"}, {"value", "afgerond"}},
         }));

    const std::int64_t before = seqOf(hub);
    REQUIRE(hub.command({"import", "--dry-run", edited, "--by", "Anna"}, &output) == 0);
    INFO(output);
    CHECK_THAT(output, Catch::StartsWith("regiebord-hub: proefimport van " + edited +
                                         " in bord demo-regio; er "
                                         "verandert niets op de hub. Zo zou het gaan:\n"));
    CHECK(hasLine(output, "Afspraken: 1 nieuw, 2 gewijzigd, 1 verwijderd"));
    CHECK(hasLine(output, "  ~ " + second.id + ": Doel: " + number(second.target.quantity) + " → " +
                              number(second.target.quantity + 100)));
    CHECK(hasLine(output,
                  "  ~ " + third.id + ": Status: " + std::string(toWire(third.status)) + " → gerealiseerd"));
    CHECK(hasLine(output, "  + pa-nieuw \"Nieuwe afspraak (demo)\""));
    CHECK(hasLine(output, "  - " + fourth.id + " \"" + fourth.title + "\""));
    CHECK(hasLine(output, "  ~ " + std::to_string(figure.year) + " " + std::string(toWire(figure.segment)) +
                              ": Gerealiseerd: " + std::to_string(figure.realised) + " → " +
                              std::to_string(figure.realised + 7)));
    CHECK(hasLine(output, "  ~ " + action.id + ": Status: open → afgerond"));
    CHECK(hasLine(output, "Totaal: +1 ~4 -1"));
    CHECK(seqOf(hub) == before); // a dry run changes nothing

    REQUIRE(hub.command({"import", edited, "--by", "Anna"}, &output) == 0);
    CHECK_THAT(output, Catch::StartsWith("regiebord-hub: " + edited +
                                         " geïmporteerd in bord demo-regio, volgnummer " +
                                         std::to_string(before + 1) + ":\n"));
    const BoardData after = boardOf(hub.url());
    CHECK(after.seq == before + 1);
    CHECK(after.findAgreement(second.id)->target.quantity == second.target.quantity + 100);
    CHECK(after.findAgreement(fourth.id) == nullptr);
    CHECK(after.findAgreement("pa-nieuw") != nullptr);
    CHECK(after.production[0].realised == figure.realised + 7);
    CHECK(after.actions[1].status == ActionStatus::Afgerond);
    CHECK(after.decisions.size() == demo.decisions.size()); // decisions are not in the workbook and stay

    // A kiosk at the old cursor gets exactly the changed objects, as a delta, not a resync.
    const HttpResponse changes = changesSince(hub, before);
    REQUIRE(changes.status == 200);
    const auto delta = parseChanges(changes.body);
    REQUIRE(delta);
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& row : delta.value().rows)
        rows.emplace(row.kind, row.id);
    const std::set<std::pair<std::string, std::string>> expected{
        {"agreements", second.id},
        {"agreements", third.id},
        {"agreements", "pa-nieuw"},
        {"production", std::to_string(figure.year) + "-" + std::string(toWire(figure.segment))},
        {"actions", action.id}};
    CHECK(rows == expected);
    CHECK(delta.value().deletions ==
          std::vector<std::pair<std::string, std::string>>{{"agreements", fourth.id}});

    // The same file again changes nothing: same sequence, and it says so.
    REQUIRE(hub.command({"import", edited, "--by", "Anna"}, &output) == 0);
    CHECK_THAT(output, Catch::Contains("volgnummer " + std::to_string(before + 1) + " (ongewijzigd):\n") &&
                           Catch::EndsWith("Totaal: geen wijzigingen\n"));
    CHECK(seqOf(hub) == before + 1);

    REQUIRE(hub.command({"history", "--board", kDemoBoard}, &output) == 0);
    const auto lines = linesOf(output);
    REQUIRE(lines.size() == 5); // heading; the two imports, the dry runs (edited, then unedited)
    CHECK_THAT(lines[1], Catch::Contains(" Anna ") && Catch::Contains(" toegepast ") &&
                             Catch::Contains("+0 ~0 -0") && Catch::EndsWith(edited));
    CHECK_THAT(lines[2], Catch::Contains(" toegepast ") && Catch::Contains("+1 ~4 -1") &&
                             Catch::Contains(" " + std::to_string(before + 1) + " "));
    CHECK_THAT(lines[3], Catch::Contains(" proef ") && Catch::Contains("+1 ~4 -1"));
    CHECK_THAT(lines[4],
               Catch::Contains(" proef ") && Catch::Contains("+0 ~0 -0") && Catch::EndsWith(exported));
}

TEST_CASE("import of a workbook with errors lists every one where the sheet shows it and changes nothing",
          "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData demo = boardOf(hub.url());
    const std::string exported = dir.file("stuurgroep.xlsx");
    REQUIRE(hub.command({"export-workbook", exported, "--board", kDemoBoard}) == 0);
    const std::string bad = dir.file("fout.xlsx");
    edit(
        dir, exported, bad,
        json::array({
            {{"sheet", "Afspraken"},
             {"row", demo.agreements[15].id},
             {"column", "Doel"},
             {"value", "ca. 120"}},
            {{"sheet", "Afspraken"},
             {"row", demo.agreements[2].id},
             {"column", "Eigenaar"},
             {"value", "gem-nergens"}},
            {{"sheet", "Afspraken"},
             {"row", demo.agreements[3].id},
             {"column", "Status"},
             {"value", "prima"}},
            {{"sheet", "Afspraken"}, {"row", demo.agreements[4].id}, {"column", "Titel"}, {"value", nullptr}},
            {{"sheet", "Productie"}, {"copy", 2}, {"set", json::object()}},
            {{"sheet", "Opties"}, {"row", 2}, {"column", "Escalatie"}, {"value", "esc-99"}},
        }));
    const std::int64_t before = seqOf(hub);
    std::string output;
    CHECK(hub.command({"import", bad}, &output) == 1);
    INFO(output);
    const std::string rows = std::to_string(demo.production.size() + 2);
    for (const std::string& line : std::vector<std::string>{
             "regiebord-hub: " + bad + ": 6 fouten; er is niets geïmporteerd:",
             "  Afspraken!F4: eigenaar \"gem-nergens\" staat niet op blad Partijen",
             "  Afspraken!C5: status kent de waarde \"prima\" niet; toegestaan: op_koers, risico, achter, "
             "gerealiseerd, vervallen",
             "  Afspraken!B6: titel is verplicht maar leeg",
             "  Afspraken!H17: doel moet een getal zijn (gevonden: \"ca. 120\")",
             "  Productie!A" + rows + ": Jaar " + std::to_string(demo.production[0].year) + " en Segment " +
                 std::string(toWire(demo.production[0].segment)) + " staat al op regel 2",
             "  Opties!A2: escalatie \"esc-99\" staat niet op blad Escalaties",
         })
        CHECK(hasLine(output, line));
    CHECK(seqOf(hub) == before);
    REQUIRE(hub.command({"history"}, &output) == 0);
    CHECK_THAT(linesOf(output).at(1), Catch::Contains(" geweigerd ") && Catch::EndsWith(bad));

    // A heading renamed (its comment gone) is unknown; a board id that is not --board is refused.
    const std::string renamed = dir.file("kop.xlsx");
    edit(dir, exported, renamed,
         json::array({{{"sheet", "Afspraken"}, {"heading", "Doel"}, {"to", "Streefgetal"}},
                      {{"sheet", "Bord"}, {"row", 2}, {"column", "Bord-id"}, {"value", "ander-bord"}}}));
    CHECK(hub.command({"import", renamed, "--board", kDemoBoard}, &output) == 1);
    CHECK(hasLine(output, "  Bord!A2: bord-id \"ander-bord\" is niet het bord waarin wordt geïmporteerd "
                          "(\"demo-regio\")"));
    CHECK(hasLine(output, "  Afspraken!H1: kolom \"Streefgetal\" is onbekend op blad Afspraken"));
    CHECK(hasLine(output, "  Afspraken: kolom \"Doel\" ontbreekt"));
    CHECK(seqOf(hub) == before);
}

TEST_CASE("import of one sheet or one CSV table changes only that table", "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData demo = boardOf(hub.url());
    const std::string exported = dir.file("stuurgroep.xlsx");
    REQUIRE(hub.command({"export-workbook", exported, "--board", kDemoBoard}) == 0);

    // The weekly production update: a workbook of the sheet Productie only (no Bord: --board).
    const std::string weekly = dir.file("productie-week.xlsx");
    edit(dir, exported, weekly,
         json::array({{{"keep", {"Productie"}}},
                      {{"sheet", "Productie"}, {"row", 2}, {"column", "Gerealiseerd"}, {"value", 1}}}));
    std::string output;
    CHECK(hub.command({"import", weekly}, &output) == 1);
    CHECK_THAT(output, Catch::Contains("welk bord? De werkmap heeft geen blad Bord: geef --board"));
    REQUIRE(hub.command({"import", weekly, "--board", kDemoBoard}, &output) == 0);
    CHECK_THAT(output, Catch::Contains("Productie: 0 nieuw, 1 gewijzigd, 0 verwijderd\n") &&
                           Catch::EndsWith("Totaal: +0 ~1 -0\n"));
    BoardData after = boardOf(hub.url());
    CHECK(after.production[0].realised == 1);
    CHECK(boardToJson(after, DocumentKind::Import)["agreements"] ==
          boardToJson(demo, DocumentKind::Import)["agreements"]);

    // Partijen as CSV from Dutch Excel: Windows-1252 ('é' is 0xE9, '€' 0x80), ';', CRLF.
    const Party& party = demo.parties[0];
    std::string simple = "Id;Soort;Naam;Korte naam;Kleur\r\n";
    const json parties = boardToJson(demo, DocumentKind::Import)["parties"];
    for (const json& p : parties) {
        const bool target = p["id"] == party.id;
        simple += p["id"].get<std::string>() + ";" + p["kind"].get<std::string>() + ";" +
                  (target ? std::string("\"Caf\xE9 \x80 \"\"De Hoek\"\"\"")
                          : windows1252(p["name"].get<std::string>())) +
                  ";" + p["short_name"].get<std::string>() + ";" + p["color"].get<std::string>() + "\r\n";
    }
    const std::string file = dir.file("partijen.csv");
    std::ofstream(file, std::ios::binary) << simple;
    REQUIRE(hub.command({"import", "--dry-run", file, "--board", kDemoBoard}, &output) == 0);
    INFO(output);
    CHECK(hasLine(output, "  ~ " + party.id + ": Naam: \"" + party.name + "\" → \"Café € \"De Hoek\"\""));
    CHECK(hasLine(output, "Totaal: +0 ~1 -0"));
    REQUIRE(hub.command({"import", file, "--board", kDemoBoard}, &output) == 0);
    CHECK(boardOf(hub.url()).findParty(party.id)->name == "Café € \"De Hoek\"");

    // A CSV file whose name is no sheet needs --sheet.
    const std::string other = dir.file("export-2026.csv");
    std::ofstream(other, std::ios::binary) << simple;
    CHECK(hub.command({"import", other, "--board", kDemoBoard}, &output) == 1);
    CHECK_THAT(output, Catch::Contains("export-2026.csv: welk blad is dit?"));
    REQUIRE(hub.command({"import", other, "--board", kDemoBoard, "--sheet", "Partijen"}, &output) == 0);
    CHECK_THAT(output, Catch::EndsWith("Totaal: geen wijzigingen\n"));
}

TEST_CASE("a workbook exported before a decision keeps the decision: the report and the import agree",
          "[hub][workbook]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData demo = boardOf(hub.url());
    const std::string stale = dir.file("voor-het-besluit.xlsx");
    REQUIRE(hub.command({"export-workbook", stale, "--board", kDemoBoard}) == 0);
    // The chair decides after the export: the escalation closes and gets its history line.
    const Escalation& open = firstOpen(demo, true);
    REQUIRE(postDecision(hub.url(), kDemoToken, decisionOn(open)).status == 201);
    const BoardData decided = boardOf(hub.url());
    REQUIRE(decided.findEscalation(open.id)->status == EscalationStatus::Besloten);

    // The stale workbook changes nothing: the hub re-applies the decision, and the report says so.
    std::string output;
    REQUIRE(hub.command({"import", "--dry-run", stale}, &output) == 0);
    INFO(output);
    CHECK_THAT(output, Catch::EndsWith("Totaal: geen wijzigingen\n"));
    REQUIRE(hub.command({"import", stale}, &output) == 0);
    CHECK_THAT(output, Catch::Contains(" (ongewijzigd):\n"));
    const BoardData after = boardOf(hub.url());
    CHECK(after.seq == decided.seq);
    CHECK(after.findEscalation(open.id)->status == EscalationStatus::Besloten);

    // Dropping the decided escalation is refused, in the dry run already, and nothing changes.
    // (What refers to it goes too, or the workbook itself is refused first.)
    json edits = json::array(
        {{{"sheet", "Escalaties"}, {"row", open.id}, {"column", "verwijderen"}, {"value", "ja"}}});
    int agendaRow = 2;
    for (const Meeting& m : demo.meetings)
        for (const AgendaItem& item : m.agenda) {
            if (item.escalation == open.id)
                edits.push_back(
                    {{"sheet", "Agenda"}, {"row", agendaRow}, {"column", "Escalatie"}, {"value", nullptr}});
            ++agendaRow;
        }
    for (const Action& a : demo.actions)
        if (a.escalation == open.id)
            edits.push_back(
                {{"sheet", "Acties"}, {"row", a.id}, {"column", "Escalatie"}, {"value", nullptr}});
    const std::string dropped = dir.file("zonder.xlsx");
    edit(dir, stale, dropped, edits);
    CHECK(hub.command({"import", "--dry-run", dropped}, &output) == 1);
    CHECK_THAT(output, Catch::Contains("zonder.xlsx: de hub weigert de import: the hub holds decisions on "
                                       "escalations or agenda items this file leaves out (" +
                                       open.id + ")"));
    CHECK(boardOf(hub.url()).seq == decided.seq);
}
