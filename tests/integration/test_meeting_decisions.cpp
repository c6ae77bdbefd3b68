// Decisions in a meeting (issue 16) against the real hub: any agenda item can be
// decided, a decision taken during a meeting is filed under it whatever it concerns,
// "doorverwezen" moves an escalation up the ladder, and a decision can add an action,
// all exactly once.

#include "dates.hpp"
#include "meetings.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::test;

namespace {

/// The demo meeting whose agenda has an item without an escalation.
const Meeting& demoMeeting(const BoardData& board) {
    for (const auto& m : board.meetings)
        if (m.id == "mtg-2026-12") return m;
    FAIL("the demo board has no mtg-2026-12");
    throw std::logic_error("unreachable");
}

DecisionRequest onAgendaItem(const Meeting& meeting, int order, Outcome outcome) {
    DecisionRequest r;
    r.meetingId = meeting.id;
    r.agendaItem = order;
    r.outcome = outcome;
    r.decidedBy = meeting.chair;
    r.decidedAt = meeting.startsAt; // during the meeting
    return r;
}

const Decision* decisionWithKey(const BoardData& board, const std::string& key) {
    for (const auto& d : board.decisions)
        if (d.idempotencyKey == key) return &d;
    return nullptr;
}

} // namespace

TEST_CASE("any agenda item can be decided, once; a retry with the same key is the same decision",
          "[meeting][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData board = boardOf(hub.url());
    const Meeting& meeting = demoMeeting(board);
    REQUIRE_FALSE(meeting.agenda.front().escalation); // "Opening, mededelingen en vaststellen ..."
    DecisionRequest r = onAgendaItem(meeting, meeting.agenda.front().order, Outcome::Vastgesteld);
    r.note = "Besluitenlijst vorige vergadering vastgesteld.";
    const std::string key = "0b9c2f7e-4a61-4c1e-9f3a-2d8e5b7c6a10";
    const std::string body = encodeDecisionRequest(r);
    CHECK(postDecision(hub.url(), kDemoToken, key, body).status == 201);
    CHECK(postDecision(hub.url(), kDemoToken, key, body).status == 200); // the same, replayed

    // A second decision on the item is refused; another device's retry cannot double it.
    DecisionRequest again = r;
    again.outcome = Outcome::Verworpen;
    CHECK(postDecision(hub.url(), kDemoToken, again).status == 409);

    const BoardData after = boardOf(hub.url());
    const Decision* d = decisionWithKey(after, key);
    REQUIRE(d);
    CHECK(d->request.agendaItem == std::optional<int>(meeting.agenda.front().order));
    CHECK(d->request.meetingId == std::optional<std::string>(meeting.id));
    CHECK(d->request.escalationId.empty());
    int onItem = 0;
    for (const auto& x : after.decisions)
        onItem += x.request.agendaItem == r.agendaItem ? 1 : 0;
    CHECK(onItem == 1);

    SECTION("held over, it can be decided again") {
        DecisionRequest held = onAgendaItem(meeting, meeting.agenda.back().order, Outcome::Aangehouden);
        CHECK(postDecision(hub.url(), kDemoToken, held).status == 201);
        held.outcome = Outcome::Aangenomen;
        CHECK(postDecision(hub.url(), kDemoToken, held).status == 201);
        CHECK(postDecision(hub.url(), kDemoToken, held).status == 409);
    }
    SECTION("what does not fit is refused with the reason") {
        DecisionRequest wrong = onAgendaItem(meeting, 99, Outcome::Vastgesteld);
        CHECK(postDecision(hub.url(), kDemoToken, wrong).status == 404);
        wrong =
            onAgendaItem(meeting, meeting.agenda.back().order, Outcome::Akkoord); // an escalation's outcome
        const auto answer = postDecision(hub.url(), kDemoToken, wrong);
        CHECK(answer.status == 400);
        CHECK_THAT(answer.body, Catch::Contains("agenda item"));
    }
}

TEST_CASE("a decision taken during a meeting is filed under it, whatever escalation it concerns",
          "[meeting][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData board = boardOf(hub.url());
    const Meeting& meeting = demoMeeting(board);
    // An open escalation not on this meeting's agenda.
    const Escalation* offAgenda = nullptr;
    for (const auto& e : board.escalations)
        if (e.status == EscalationStatus::Open && e.meeting != meeting.id) offAgenda = &e;
    REQUIRE(offAgenda);
    DecisionRequest r = akkoord(offAgenda->id);
    r.decidedAt = meeting.startsAt; // the kiosk names no meeting; the hub finds the one in session
    const auto answer = postDecision(hub.url(), kDemoToken, r);
    REQUIRE(answer.status == 201);
    const auto filed = parseDecisionResponse(answer.body);
    REQUIRE(filed);
    CHECK(filed.value().request.meetingId == std::optional<std::string>(meeting.id));
    CHECK(meetingInSession(board, parseTimestamp(meeting.startsAt).value()) == &meeting);

    // Outside every meeting's session it stays without one.
    DecisionRequest later = akkoord(firstOpen(boardOf(hub.url())).id);
    later.decidedAt = "2027-06-01T10:00:00Z";
    const auto outside = parseDecisionResponse(postDecision(hub.url(), kDemoToken, later).body);
    REQUIRE(outside);
    CHECK_FALSE(outside.value().request.meetingId);
}

TEST_CASE("doorverwezen moves an escalation up the ladder and leaves it open there", "[meeting][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData board = boardOf(hub.url());
    const Escalation* e = nullptr;
    for (const auto& x : board.escalations)
        if (x.status == EscalationStatus::Open && x.level == EscalationLevel::Stuurgroep) e = &x;
    REQUIRE(e);
    DecisionRequest r = akkoord(e->id);
    r.outcome = Outcome::Doorverwezen;
    REQUIRE(postDecision(hub.url(), kDemoToken, r).status == 201);
    const BoardData referred = boardOf(hub.url());
    const Escalation* up = referred.findEscalation(e->id);
    REQUIRE(up);
    CHECK(up->level == EscalationLevel::Bestuurlijk);
    CHECK(up->status == EscalationStatus::Open);
    CHECK_THAT(up->history.back().text, Catch::StartsWith("Doorverwezen naar bestuurlijk"));

    // Up again to geschillen, then no further; there it can still be decided.
    CHECK(postDecision(hub.url(), kDemoToken, r).status == 201);
    CHECK(boardOf(hub.url()).findEscalation(e->id)->level == EscalationLevel::Geschillen);
    const auto top = postDecision(hub.url(), kDemoToken, r);
    CHECK(top.status == 400);
    CHECK_THAT(top.body, Catch::Contains("top of the ladder"));
    CHECK(postDecision(hub.url(), kDemoToken, akkoord(e->id)).status == 201);
    CHECK(boardOf(hub.url()).findEscalation(e->id)->status == EscalationStatus::Besloten);

    // An import of the board as it was keeps the ladder the decisions climbed.
    writeFile(dir.file("board.json"), demoBoardText(), 0644);
    REQUIRE(hub.command({"import", dir.file("board.json")}) == 0);
    const BoardData reimported = boardOf(hub.url());
    const Escalation* kept = reimported.findEscalation(e->id);
    CHECK(kept->level == EscalationLevel::Geschillen);
    CHECK(kept->status == EscalationStatus::Besloten);
}

TEST_CASE("a decision can add an action; it appears once, and an import keeps it", "[meeting][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData board = boardOf(hub.url());
    const Meeting& meeting = demoMeeting(board);
    DecisionRequest r = onAgendaItem(meeting, 2, Outcome::Aangenomen);
    r.action = NewAction{"Voortgangsrapportage per gemeente opstellen (demo)", "gem-demodorp", "2027-01-31"};
    const std::string key = "5d2e8c1a-7b34-4f0e-8a6d-1c9b3e7f2a54";
    const std::string body = encodeDecisionRequest(r);
    REQUIRE(postDecision(hub.url(), kDemoToken, key, body).status == 201);
    REQUIRE(postDecision(hub.url(), kDemoToken, key, body).status == 200);

    const BoardData after = boardOf(hub.url());
    const Decision* d = decisionWithKey(after, key);
    REQUIRE(d);
    int found = 0;
    for (const auto& a : after.actions) {
        if (a.id != actionIdOf(*d)) continue;
        ++found;
        CHECK(a.title == "Voortgangsrapportage per gemeente opstellen (demo)");
        CHECK(a.owner == "gem-demodorp");
        CHECK(a.due == "2027-01-31");
        CHECK(a.status == ActionStatus::Open);
        CHECK(a.meeting == std::optional<std::string>(meeting.id));
        CHECK(a.agendaItem == std::optional<int>(2));
    }
    CHECK(found == 1);
    CHECK(after.actions.size() == board.actions.size() + 1);

    // The programme office imports its file, which does not know the action: it stays.
    writeFile(dir.file("board.json"), demoBoardText(), 0644);
    REQUIRE(hub.command({"import", dir.file("board.json")}) == 0);
    CHECK(boardOf(hub.url()).actions.size() == after.actions.size());

    // An action for a party that does not exist is refused with the decision.
    DecisionRequest bad = onAgendaItem(meeting, 1, Outcome::Vastgesteld);
    bad.action = NewAction{"Iets", "gem-bestaat-niet", "2027-01-31"};
    CHECK(postDecision(hub.url(), kDemoToken, bad).status == 400);
}

TEST_CASE("the demo meeting's decisions (scripts/demo-decisions.sh) go in through the API, once",
          "[hub][meeting][demo]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const std::string script = REGIEBORD_SOURCE_DIR "/scripts/demo-decisions.sh";
    std::string out;
    REQUIRE(runCommand({script, hub.url()}, {}, &out) == 0);
    REQUIRE(runCommand({script, hub.url()}, {}, &out) == 0); // again: the same keys, nothing new
    const BoardData board = boardOf(hub.url());
    int onItems = 0;
    for (const auto& d : board.decisions) {
        CHECK(d.request.meetingId == std::optional<std::string>("mtg-2026-10"));
        onItems += d.request.agendaItem && d.request.escalationId.empty() ? 1 : 0;
    }
    CHECK(onItems == 5);
    CHECK(board.decisions.size() == 5);
    int added = 0; // the action of the decision on item 5, and no other
    for (const auto& d : board.decisions)
        for (const auto& a : board.actions)
            added += a.id == actionIdOf(d) ? 1 : 0;
    CHECK(added == 1);
}
