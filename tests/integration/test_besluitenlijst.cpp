// The besluitenlijst from the real hub: decisions recorded through the API as a kiosk
// does, then `regiebord-hub besluitenlijst` run on that hub's store, and its PDF read
// back with poppler (pdftotext, pdftoppm; poppler-utils, scripts/install-deps.sh: a
// missing tool fails the test), its CSV parsed, and nothing written for an unknown meeting.

#include "protocol.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace regiebord;
using namespace regiebord::test;

namespace {

/// The CSV's rows, each split at ';' (quoted fields with ';', '"' or line breaks kept whole).
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ';') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else {
            field += c;
        }
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

/// Joins pdftotext's lines: a title wrapped over two lines is one text again.
std::string unwrapped(std::string text) {
    for (auto& c : text)
        if (c == '\n') c = ' ';
    std::string out;
    for (const char c : text)
        if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
    return out;
}

} // namespace

TEST_CASE("besluitenlijst: the real hub exports a meeting's decisions and actions as PDF, CSV and Markdown",
          "[besluitenlijst][hub]") {
    // poppler-utils is installed by scripts/install-deps.sh: without it this fails, it does not skip.
    REQUIRE(runCommand({"pdftotext", "-v"}) == 0);
    REQUIRE(runCommand({"pdftoppm", "-v"}) == 0);
    TempDir dir;
    HubProcess hub(dir.path());

    DecisionRequest onItem;
    onItem.meetingId = "mtg-2026-12";
    onItem.agendaItem = 1;
    onItem.outcome = Outcome::Vastgesteld;
    onItem.note = "Besluitenlijst van 15 oktober ongewijzigd vastgesteld; één coöperatie onthield zich.";
    onItem.decidedBy = "Voorzitter (test)";
    onItem.decidedAt = "2026-12-10T13:40:00Z";
    onItem.action = NewAction{"Cijfers coöperatie aanleveren (test)", "corp-demohuis", "2027-01-31"};
    REQUIRE(postDecision(hub.url(), kDemoToken, onItem).status == 201);

    DecisionRequest onEscalation; // esc-02 is agenda item 3, "Taakstelling statushouders 2026"
    onEscalation.escalationId = "esc-02";
    onEscalation.meetingId = "mtg-2026-12";
    onEscalation.outcome = Outcome::Option;
    onEscalation.optionId = "esc-02-d";
    onEscalation.note = "Geëscaleerd punt besloten; evaluatie na een half jaar.";
    onEscalation.decidedBy = "Voorzitter (test)";
    onEscalation.decidedAt = "2026-12-10T14:05:00Z";
    REQUIRE(postDecision(hub.url(), kDemoToken, onEscalation).status == 201);

    const std::string pdf = dir.file("besluitenlijst.pdf");
    const std::string csv = dir.file("besluitenlijst.csv");
    const std::string md = dir.file("besluitenlijst.md");
    std::string output;
    const int code = hub.command(
        {"besluitenlijst", "mtg-2026-12", "--board", "demo-regio", "--pdf", pdf, "--csv", csv, "--md", md},
        &output);
    INFO(output);
    REQUIRE(code == 0);

    SECTION("the PDF says it, diacritics intact, and renders") {
        std::string text;
        REQUIRE(runCommand({"pdftotext", "-enc", "UTF-8", pdf, "-"}, {}, &text) == 0);
        const std::string all = unwrapped(text);
        CHECK_THAT(all, Catch::Contains("Stuurgroep Wonen december 2026"));
        CHECK_THAT(all, Catch::Contains("donderdag 10 december 2026, 14:30"));
        CHECK_THAT(all,
                   Catch::Contains("Opening, mededelingen en vaststellen besluitenlijst 15 oktober 2026"));
        CHECK_THAT(all, Catch::Contains("Taakstelling statushouders 2026"));
        CHECK_THAT(all, Catch::Contains("Vastgesteld"));
        CHECK_THAT(all, Catch::Contains("één coöperatie onthield zich"));
        CHECK_THAT(all, Catch::Contains("Combinatie contingent en flex"));
        CHECK_THAT(all, Catch::Contains("Geëscaleerd punt besloten"));
        CHECK_THAT(all, Catch::Contains("Geen besluit"));
        CHECK_THAT(all, Catch::Contains("Cijfers coöperatie aanleveren (test)"));
        CHECK_THAT(all, Catch::Contains("Woningcoöperatie Demohuis"));
        CHECK_THAT(all, Catch::Contains("verlopen")); // act-03 was due 15 November
        CHECK_THAT(all, Catch::Contains("DEMO — verzonnen gegevens"));
        CHECK_THAT(all, Catch::Contains("pagina 1 van "));
        REQUIRE(runCommand({"pdftoppm", "-r", "50", "-png", pdf, dir.file("page")}) == 0); // every page
        bool rendered = false;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
            rendered = rendered || entry.path().extension() == ".png";
        CHECK(rendered);
    }
    SECTION("the CSV opens in Dutch Excel and holds the same") {
        const std::string text = readFile(csv);
        REQUIRE(text.rfind("\xEF\xBB\xBF", 0) == 0);
        const auto rows = parseCsv(text.substr(3));
        REQUIRE(rows.size() > 2);
        const auto& header = rows.front();
        for (const auto& row : rows)
            CHECK(row.size() == header.size());
        const auto column = [&](const std::string& name) {
            return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
        };
        bool item = false;
        bool escalation = false;
        bool action = false;
        for (const auto& row : rows) {
            item = item || (row[column("Besluit")] == "Vastgesteld" &&
                            row[column("Toelichting")] == onItem.note && row[column("Agendapunt")] == "1");
            escalation =
                escalation || (row[column("Agendapunt")] == "3" &&
                               row[column("Gekozen optie")].find("Combinatie contingent en flex") == 0);
            action = action || (row[column("Onderwerp")] == "Cijfers coöperatie aanleveren (test)" &&
                                row[column("Eigenaar")] == "Woningcoöperatie Demohuis" &&
                                row[column("Deadline")] == "31-01-2027");
        }
        CHECK(item);
        CHECK(escalation);
        CHECK(action);
    }
    SECTION("the Markdown") {
        const std::string text = readFile(md);
        CHECK_THAT(text, Catch::Contains("### 3. Taakstelling statushouders 2026"));
        CHECK_THAT(text, Catch::Contains("Gekozen optie: Combinatie contingent en flex"));
    }
    SECTION("an unknown meeting or board: exit 1, one line, no file") {
        const std::string none = dir.file("niet.pdf");
        std::string err;
        CHECK(hub.command({"besluitenlijst", "mtg-1999", "--board", "demo-regio", "--pdf", none}, &err) == 1);
        CHECK_THAT(err, Catch::Contains("no meeting \"mtg-1999\""));
        CHECK(hub.command({"besluitenlijst", "mtg-2026-12", "--board", "geen", "--pdf", none}, &err) == 1);
        CHECK_FALSE(std::filesystem::exists(none));
    }
}
