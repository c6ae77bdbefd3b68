// The besluitenlijst's document model (server/besluitenlijst.hpp), a pure function of a
// board and a meeting: where each decision goes, which actions are listed and which are
// overdue, Dutch dates in Dutch time, and the CSV and Markdown writers' escaping.
// The real binary with its PDF is tested in tests/integration/test_besluitenlijst.cpp.

#include "besluitenlijst.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace regiebord;
using namespace regiebord::hub;

namespace {

/// A small board: one meeting of 10 December 2026 with three items (the second on
/// esc-1), an earlier meeting, two escalations, two parties.
BoardData board() {
    BoardData b;
    b.board = {"b-1", "Stuurgroep Wonen Testregio", "Testregio", true, ""};
    b.parties = {Party{"gem-a", PartyKind::Gemeente, "Gemeente Aë", "Aë", 0},
                 Party{"corp-b", PartyKind::Corporatie, "Woningcoöperatie B", "B", 0}};
    Escalation onAgenda;
    onAgenda.id = "esc-1";
    onAgenda.title = "Grondprijs geëscaleerd";
    onAgenda.options = {{"esc-1-a", "Optie één", "Marktconform taxeren"}, {"esc-1-b", "Optie twee", ""}};
    Escalation offAgenda;
    offAgenda.id = "esc-2";
    offAgenda.title = "Monitoring ontbreekt";
    b.escalations = {onAgenda, offAgenda};
    Meeting earlier;
    earlier.id = "m-10";
    earlier.title = "Stuurgroep oktober";
    earlier.startsAt = "2026-10-15T13:30:00Z";
    Meeting meeting;
    meeting.id = "m-12";
    meeting.title = "Stuurgroep december";
    meeting.startsAt = "2026-12-10T13:00:00Z";
    meeting.chair = "Voorzitter";
    meeting.location = "Raadszaal";
    // Out of order on purpose: the list follows the items' order.
    meeting.agenda = {AgendaItem{3, "Rondvraag", std::nullopt, std::nullopt},
                      AgendaItem{1, "Opening", std::nullopt, std::nullopt},
                      AgendaItem{2, "Grondprijs", std::string("esc-1"), std::nullopt}};
    Meeting later;
    later.id = "m-02";
    later.title = "Stuurgroep februari";
    later.startsAt = "2027-02-11T13:00:00Z";
    b.meetings = {earlier, meeting, later};
    return b;
}

Decision decision(const std::string& id, const std::string& meeting, const std::string& at) {
    Decision d;
    d.id = id;
    d.request.meetingId = meeting;
    d.request.decidedBy = "Voorzitter";
    d.request.decidedAt = at;
    d.receivedAt = at;
    return d;
}

Action action(const std::string& id, std::optional<std::string> meeting, const std::string& due,
              ActionStatus status = ActionStatus::Open) {
    Action a;
    a.id = id;
    a.title = "Actie " + id;
    a.owner = "corp-b";
    a.due = due;
    a.status = status;
    a.meeting = std::move(meeting);
    a.createdAt = "2026-10-15T15:00:00Z";
    return a;
}

} // namespace

TEST_CASE("besluitenlijst: each decision on its item, the rest under Overige besluiten",
          "[hub][besluitenlijst]") {
    BoardData b = board();
    Decision onItem = decision("d-1", "m-12", "2026-12-10T13:10:00Z");
    onItem.request.agendaItem = 1;
    onItem.request.outcome = regiebord::Outcome::Vastgesteld;
    onItem.request.note = "Agenda vastgesteld.";
    Decision onEscalation = decision("d-2", "m-12", "2026-12-10T13:40:00Z");
    onEscalation.request.escalationId = "esc-1";
    onEscalation.request.outcome = regiebord::Outcome::Option;
    onEscalation.request.optionId = "esc-1-a";
    Decision offAgenda = decision("d-3", "m-12", "2026-12-10T14:00:00Z");
    offAgenda.request.escalationId = "esc-2";
    offAgenda.request.outcome = regiebord::Outcome::Akkoord;
    Decision otherMeeting = decision("d-4", "m-10", "2026-10-15T14:00:00Z");
    otherMeeting.request.agendaItem = 1;
    otherMeeting.request.outcome = regiebord::Outcome::Verworpen;
    Decision heldOver = decision("d-5", "m-12", "2026-12-10T13:05:00Z"); // before d-1: listed first
    heldOver.request.agendaItem = 1;
    heldOver.request.outcome = regiebord::Outcome::Aangehouden;
    Decision gone = decision("d-6", "m-12", "2026-12-10T14:30:00Z"); // an item since taken off the agenda
    gone.request.agendaItem = 9;
    gone.request.outcome = regiebord::Outcome::Verworpen;
    b.decisions = {onItem, onEscalation, offAgenda, otherMeeting, heldOver, gone};

    const auto list = makeBesluitenlijst(b, "m-12");
    REQUIRE(list);
    CHECK(list->title == "Stuurgroep december");
    CHECK(list->demo);
    CHECK(list->date == "donderdag 10 december 2026, 14:00"); // 13:00 UTC is 14:00 in winter
    REQUIRE(list->items.size() == 3);
    CHECK(list->items[0].order == 1);
    CHECK(list->items[2].order == 3);

    const auto& opening = list->items[0].decisions;
    REQUIRE(opening.size() == 2);
    CHECK(opening[0].outcome == "Aangehouden");
    CHECK(opening[1].outcome == "Vastgesteld");
    CHECK(opening[1].note == "Agenda vastgesteld.");
    CHECK(opening[1].subject.empty());
    CHECK(opening[1].decidedAt == "10 december 2026, 14:10");
    CHECK(opening[1].decidedAtShort == "10-12-2026 14:10");

    const auto& onEsc = list->items[1].decisions;
    REQUIRE(onEsc.size() == 1);
    CHECK(onEsc[0].outcome == "Gekozen optie");
    CHECK(onEsc[0].option == "Optie één");
    CHECK(onEsc[0].optionText == "Marktconform taxeren");
    CHECK(onEsc[0].subject == "Grondprijs geëscaleerd"); // the item's title does not say it

    CHECK(list->items[2].decisions.empty()); // "Geen besluit"
    REQUIRE(list->otherDecisions.size() == 2);
    CHECK(list->otherDecisions[0].subject == "Monitoring ontbreekt");
    CHECK(list->otherDecisions[0].outcome == "Akkoord");
    CHECK(list->otherDecisions[1].subject == "agendapunt 9");
    CHECK(list->otherDecisions[1].outcome == "Verworpen");

    CHECK_FALSE(makeBesluitenlijst(b, "m-99"));
}

TEST_CASE("besluitenlijst: open actions of this meeting and earlier ones, overdue against the meeting's day",
          "[hub][besluitenlijst]") {
    BoardData b = board();
    Action own = action("a-1", "m-12", "2027-01-31");
    own.agendaItem = 2;
    b.actions = {own,
                 action("a-2", "m-10", "2026-12-09"),                         // overdue
                 action("a-3", "m-10", "2026-12-10"),                         // due on the day: not overdue
                 action("a-4", "m-10", "2026-11-01", ActionStatus::Afgerond), // closed: not listed
                 action("a-5", std::nullopt, "2027-01-15"),                   // from outside a meeting
                 action("a-6", "m-02", "2027-03-01")};                        // a later meeting's: not listed
    const auto list = makeBesluitenlijst(b, "m-12");
    REQUIRE(list);
    REQUIRE(list->actionsThisMeeting.size() == 1);
    CHECK(list->actionsThisMeeting[0].title == "Actie a-1");
    CHECK(list->actionsThisMeeting[0].owner == "Woningcoöperatie B");
    CHECK(list->actionsThisMeeting[0].origin == "agendapunt 2");
    CHECK_FALSE(list->actionsThisMeeting[0].overdue);

    REQUIRE(list->actionsEarlier.size() == 3); // by due date
    CHECK(list->actionsEarlier[0].title == "Actie a-2");
    CHECK(list->actionsEarlier[0].overdue);
    CHECK(list->actionsEarlier[0].due == "9 december 2026");
    CHECK(list->actionsEarlier[0].origin == "Stuurgroep oktober");
    CHECK(list->actionsEarlier[1].title == "Actie a-3");
    CHECK_FALSE(list->actionsEarlier[1].overdue);
    CHECK(list->actionsEarlier[2].title == "Actie a-5");
    CHECK(list->actionsEarlier[2].origin == "buiten vergadering");

    // Seen from October, December's action is later, and nothing is overdue yet.
    const auto october = makeBesluitenlijst(b, "m-10");
    REQUIRE(october);
    CHECK(october->actionsThisMeeting.size() == 2);
    for (const auto& a : october->actionsEarlier)
        CHECK(a.title != "Actie a-1");
    for (const auto& a : october->actionsThisMeeting)
        CHECK_FALSE(a.overdue);
}

TEST_CASE("besluitenlijst: Dutch dates in Dutch time, summer and winter", "[hub][besluitenlijst]") {
    CHECK(dutchDateTime("2026-10-15T13:30:00Z") == "donderdag 15 oktober 2026, 15:30"); // CEST
    CHECK(dutchDateTime("2026-10-25T00:59:59Z") == "zondag 25 oktober 2026, 02:59");    // last second of CEST
    CHECK(dutchDateTime("2026-10-25T01:00:00Z") == "zondag 25 oktober 2026, 02:00");    // CET again
    CHECK(dutchDateTime("2026-03-29T01:00:00Z") == "zondag 29 maart 2026, 03:00");      // CEST starts
    CHECK(dutchDateTime("2026-12-31T23:30:00Z", false) == "1 januari 2027, 00:30");
    CHECK(dutchDateTime("2026-12-10T14:00:00+01:00") == "donderdag 10 december 2026, 14:00");
    CHECK(dutchDate("2027-01-05") == "5 januari 2027");
    CHECK(dutchDate("kapot") == "kapot");
    CHECK(outcomeLabel(regiebord::Outcome::Doorverwezen) == "Doorverwezen");
}

TEST_CASE("besluitenlijst: CSV for Dutch Excel and Markdown", "[hub][besluitenlijst]") {
    CHECK(csvField("gewoon") == "gewoon");
    CHECK(csvField("a;b") == "\"a;b\"");
    CHECK(csvField("zei \"ja\"") == "\"zei \"\"ja\"\"\"");
    CHECK(csvField("twee\nregels") == "\"twee\nregels\"");
    CHECK(csvField("=SOM(A1)") == "'=SOM(A1)");

    BoardData b = board();
    Decision d = decision("d-1", "m-12", "2026-12-10T13:10:00Z");
    d.request.agendaItem = 1;
    d.request.outcome = regiebord::Outcome::Vastgesteld;
    d.request.note = "Met één wijziging; zie bijlage | 2";
    b.decisions = {d};
    const auto list = makeBesluitenlijst(b, "m-12");
    REQUIRE(list);
    const std::string csv = besluitenlijstCsv(*list);
    CHECK(csv.rfind("\xEF\xBB\xBFSoort;Vergadering;", 0) == 0);
    CHECK_THAT(csv, Catch::Contains("Besluit;Stuurgroep december;10-12-2026;1;Opening;Vastgesteld;;\"Met één "
                                    "wijziging; zie bijlage | 2\";Voorzitter;10-12-2026 14:10;"));
    CHECK_THAT(csv, Catch::Contains(";3;Rondvraag;Geen besluit;"));
    const std::string md = besluitenlijstMarkdown(*list);
    CHECK_THAT(md, Catch::Contains("> **DEMO — verzonnen gegevens**"));
    CHECK_THAT(md, Catch::Contains("### 1. Opening\n\n- **Vastgesteld**\n"));
    CHECK_THAT(md, Catch::Contains("Toelichting: Met één wijziging; zie bijlage \\| 2"));
    CHECK_THAT(md, Catch::Contains("### 3. Rondvraag\n\nGeen besluit."));
}
