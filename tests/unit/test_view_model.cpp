// The kiosk's view logic and nl-NL formatting, without a window.

#include "format.hpp"
#include "i18n.hpp"
#include "protocol.hpp"
#include "view_model.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <string>

using namespace regiebord;
using namespace regiebord::ui;

TEST_CASE("numbers, percentages and dates are formatted for nl-NL", "[ui][format]") {
    CHECK(formatNumber(1234567, 0, Language::Dutch) == "1.234.567");
    CHECK(formatNumber(1234.5, 1, Language::Dutch) == "1.234,5");
    CHECK(formatNumber(1234.5, 1, Language::English) == "1,234.5");
    CHECK(formatNumber(-0.4, 0, Language::Dutch) == "0");
    CHECK(formatNumber(999, 0, Language::Dutch) == "999");
    CHECK(formatPercent(0.6667, Language::Dutch) == "67%");
    CHECK(formatDate("2026-12-10", Language::Dutch) == "10 dec 2026");
    CHECK(formatDate("2026-03-01", Language::Dutch) == "1 mrt 2026");
    CHECK(formatDate("2026-03-01", Language::English) == "1 Mar 2026");
    CHECK(formatAge(std::chrono::seconds(30), Language::Dutch) == "zojuist");
    CHECK(formatAge(std::chrono::seconds(185), Language::Dutch) == "3 min");
    CHECK(formatAge(std::chrono::seconds(7200), Language::Dutch) == "2 uur");
    CHECK(formatAge(std::chrono::hours(72), Language::Dutch) == "3 dagen");
    CHECK(formatDaysLeft(0, Language::Dutch) == "vandaag");
    CHECK(formatDaysLeft(1, Language::Dutch) == "nog 1 dag");
    CHECK(formatDaysLeft(60, Language::Dutch) == "nog 60 dagen");
    CHECK(formatDaysLeft(398, Language::Dutch) == "nog 13 maanden");
    CHECK(formatDaysLeft(-2, Language::Dutch) == "2 dagen over de deadline");
    CHECK(formatDaysLeft(-400, Language::Dutch) == "13 maanden over de deadline");
    CHECK(formatDaysLeft(398, Language::English) == "13 months left");
    CHECK(formatDaysLeft(-1, Language::English) == "1 day overdue");
    // "geleden" only after a minute: never "zojuist geleden".
    CHECK(formatAgo(std::chrono::seconds(20), Language::Dutch) ==
          formatAge(std::chrono::seconds(20), Language::Dutch));
    CHECK(formatAgo(std::chrono::minutes(5), Language::Dutch) == "5 min geleden");
    CHECK(formatAgo(std::chrono::hours(3), Language::English) == "3 h ago");
}

TEST_CASE("the kiosk's times are Dutch time, whatever time zone the device is set to", "[ui][format]") {
    // A device left in another zone (a POSIX rule: no tzdata needed). The hub's pages and the
    // besluitenlijst use Dutch time as well, so the room and the browser show the same times.
    const char* before = std::getenv("TZ");
    const std::string saved = before ? before : "";
    ::setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    ::tzset();
    CHECK(formatDateTime("2026-12-10T13:30:00Z", Language::Dutch) == "do 10 dec 2026 14:30");   // CET
    CHECK(formatDateTime("2026-07-01T12:00:00Z", Language::English) == "Wed 1 Jul 2026 14:00"); // CEST
    CHECK(formatDateTime("2026-03-29T00:59:59Z", Language::Dutch) == "zo 29 mrt 2026 01:59");
    CHECK(formatDateTime("2026-03-29T01:00:00Z", Language::Dutch) == "zo 29 mrt 2026 03:00"); // CEST starts
    CHECK(formatDateTime("2026-12-31T23:30:00Z", Language::Dutch) == "vr 1 jan 2027 00:30");
    CHECK(formatDateTime("2026-12-10T14:00:00+01:00", Language::Dutch) == "do 10 dec 2026 14:00");
    CHECK(formatDateTime("kapot", Language::Dutch) == "kapot");
    CHECK(formatClock(*parseTimestamp("2026-12-10T13:05:00Z")) == "14:05");
    const std::tm sunday = dutchTime(*parseTimestamp("2026-10-25T00:30:00Z")); // 02:30 CEST
    CHECK(sunday.tm_wday == 0);
    CHECK(sunday.tm_hour == 2);
    CHECK(sunday.tm_min == 30);
    CHECK(sunday.tm_mday == 25);
    CHECK(sunday.tm_mon == 9);
    CHECK(sunday.tm_year == 126);
    if (before)
        ::setenv("TZ", saved.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
}

TEST_CASE("overview figures come from the board", "[ui][view]") {
    const BoardData b = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    const auto counts = countByStatus(b);
    int total = 0;
    for (const int n : counts)
        total += n;
    CHECK(total == static_cast<int>(b.agreements.size()));

    const auto p = production(b);
    REQUIRE(p);
    CHECK(p->year == 2026);
    CHECK(p->realised > 0);
    CHECK(p->affordableShare() > 0.0);
    CHECK(p->affordableShare() <= 1.0);
    CHECK(p->socialShare() <= p->affordableShare());

    const auto open = openEscalationsSorted(b);
    REQUIRE(open.size() >= 2);
    for (std::size_t i = 1; i < open.size(); ++i) {
        CHECK(open[i - 1]->severity >= open[i]->severity);
        if (open[i - 1]->severity == open[i]->severity) CHECK(open[i - 1]->raisedAt <= open[i]->raisedAt);
    }

    const auto now = *parseTimestamp("2026-11-28T12:00:00Z");
    const Meeting* next = nextMeeting(b, now);
    REQUIRE(next);
    CHECK(next->startsAt >= "2026-11-28");
    CHECK(nextMeeting(b, *parseTimestamp("2030-01-01T00:00:00Z")) == nullptr);
    // With none planned, the Vergadering screen keeps the latest meeting held.
    CHECK(meetingToShow(b, now) == next);
    const Meeting* last = meetingToShow(b, *parseTimestamp("2030-01-01T00:00:00Z"));
    REQUIRE(last);
    for (const auto& m : b.meetings)
        CHECK(m.startsAt <= last->startsAt);
    CHECK(meetingToShow(BoardData{}, now) == nullptr);
}

TEST_CASE("an escalation's decision state combines hub and outbox", "[ui][view]") {
    Escalation e;
    e.id = "esc-01";
    e.status = EscalationStatus::Open;
    Snapshot s;
    CHECK(decisionView(e, s, {}) == DecisionView::Open);
    CHECK(decisionView(e, s, "key-1") == DecisionView::Recording); // asked, not yet in the outbox
    s.refusals.push_back({"key-1", "already decided"});
    CHECK(decisionView(e, s, "key-1") == DecisionView::Refused);
    OutboxItem item;
    item.idempotencyKey = "key-2";
    item.request.escalationId = "esc-01";
    item.state = OutboxState::Queued;
    s.outbox.push_back(item);
    CHECK(decisionView(e, s, "key-2") == DecisionView::Pending);
    s.outbox.back().state = OutboxState::Confirmed;
    CHECK(decisionView(e, s, "key-2") == DecisionView::Confirmed);
    s.outbox.back().state = OutboxState::Conflict;
    CHECK(decisionView(e, s, "key-2") == DecisionView::Conflict);
    Snapshot fresh;
    e.status = EscalationStatus::Besloten;
    CHECK(decisionView(e, fresh, {}) == DecisionView::DecidedElsewhere);
}

TEST_CASE("a held-over escalation waits for a follow-up decision, here or from elsewhere", "[ui][view]") {
    Escalation e;
    e.id = "esc-01";
    e.status = EscalationStatus::Aangehouden; // held over by another device
    Snapshot s;
    CHECK(decisionView(e, s, {}) == DecisionView::HeldOver);
    OutboxItem held;
    held.idempotencyKey = "key-1";
    held.request.escalationId = "esc-01";
    held.request.outcome = Outcome::Aangehouden;
    held.state = OutboxState::Confirmed;
    s.outbox.push_back(held);
    CHECK(decisionView(e, s, "key-1") == DecisionView::HeldOver); // held over here
    OutboxItem followUp = held;
    followUp.idempotencyKey = "key-2";
    followUp.request.outcome = Outcome::Akkoord;
    followUp.state = OutboxState::Queued;
    s.outbox.push_back(followUp);
    CHECK(decisionView(e, s, "key-2") == DecisionView::Pending);
    s.outbox.back().state = OutboxState::Confirmed;
    CHECK(decisionView(e, s, "key-2") == DecisionView::Confirmed);
    // Decided by another device after our hold-over: no second decision from here.
    s.outbox.pop_back();
    e.status = EscalationStatus::Besloten;
    CHECK(decisionView(e, s, "key-1") == DecisionView::DecidedElsewhere);
}

TEST_CASE("the Escalaties list shows held-over escalations after the open ones", "[ui][view]") {
    BoardData b;
    for (const auto& [id, status] :
         {std::pair{"a", EscalationStatus::Aangehouden}, std::pair{"b", EscalationStatus::Open},
          std::pair{"c", EscalationStatus::Besloten}}) {
        Escalation e;
        e.id = id;
        e.status = status;
        b.escalations.push_back(e);
    }
    const auto list = unresolvedEscalationsSorted(b);
    REQUIRE(list.size() == 2);
    CHECK(list[0]->id == "b");
    CHECK(list[1]->id == "a");
}

namespace {

Agreement agreement(std::string id, double target, double realised, double inProgress, double planned = 0,
                    std::string deadline = "2027-12-31", AgreementStatus status = AgreementStatus::Risico) {
    Agreement a;
    a.id = std::move(id);
    a.title = "Afspraak " + a.id;
    a.target.quantity = target;
    a.target.unit = "woningen";
    a.target.deadline = std::move(deadline);
    a.progress.realised = realised;
    a.progress.inProgress = inProgress;
    a.progress.planned = planned;
    a.status = status;
    return a;
}

Escalation escalation(std::string id, std::string agreementId, EscalationStatus status) {
    Escalation e;
    e.id = std::move(id);
    e.title = "Escalatie " + e.id;
    e.agreement = std::move(agreementId);
    e.status = status;
    return e;
}

std::vector<std::string> ids(const std::vector<EarlyWarning>& warnings) {
    std::vector<std::string> out;
    for (const auto& w : warnings)
        out.push_back(w.agreement->id);
    return out;
}

const auto kNow = *parseTimestamp("2026-11-28T12:00:00Z");

} // namespace

TEST_CASE("days until a deadline count whole UTC days", "[ui][view][early]") {
    CHECK(daysUntil("2026-11-28", kNow) == 0);
    CHECK(daysUntil("2026-11-29", kNow) == 1);
    CHECK(daysUntil("2026-11-27", kNow) == -1);
    CHECK(daysUntil("2027-11-28", kNow) == 365);
    CHECK_FALSE(daysUntil("2026-02-30", kNow));
    CHECK_FALSE(daysUntil("2026-1-01", kNow));
    CHECK_FALSE(daysUntil("", kNow));
    CHECK_FALSE(daysUntil("20x6-01-01", kNow));
}

TEST_CASE("early warning: a forecast short of target is flagged, planned does not count",
          "[ui][view][early]") {
    BoardData b;
    b.agreements.push_back(agreement("exact", 100, 60, 40));      // forecast == target: not flagged
    b.agreements.push_back(agreement("over", 100, 90, 30));       // above target
    b.agreements.push_back(agreement("short", 100, 60, 39, 500)); // 1 short; planned is ignored
    b.agreements.push_back(agreement("empty", 200, 0, 0, 200));   // nothing committed
    const auto w = earlyWarnings(b, kNow);
    REQUIRE(ids(w) == std::vector<std::string>{"empty", "short"});
    CHECK(w[0].forecast == 0);
    CHECK(w[0].shortfall == 200);
    CHECK(w[0].shortfallShare == 1.0);
    CHECK(w[1].forecast == 99);
    CHECK(w[1].target == 100);
    CHECK(w[1].shortfall == 1);
    CHECK(w[1].shortfallShare == Approx(0.01));
    CHECK_FALSE(w[1].overdue);
    CHECK(w[1].daysLeft == 398);
}

TEST_CASE("early warning: open or aangehouden escalations suppress it, decided ones do not",
          "[ui][view][early]") {
    BoardData b;
    b.agreements.push_back(agreement("pa-open", 100, 10, 0));
    b.agreements.push_back(agreement("pa-held", 100, 10, 0));
    b.agreements.push_back(agreement("pa-decided", 100, 10, 0));
    b.agreements.push_back(agreement("pa-withdrawn", 100, 10, 0));
    b.escalations.push_back(escalation("e1", "pa-open", EscalationStatus::Open));
    b.escalations.push_back(escalation("e2", "pa-held", EscalationStatus::Aangehouden));
    b.escalations.push_back(escalation("e3", "pa-decided", EscalationStatus::Besloten));
    b.escalations.push_back(escalation("e4", "pa-withdrawn", EscalationStatus::Ingetrokken));
    Escalation unlinked = escalation("e5", "", EscalationStatus::Open);
    unlinked.agreement.reset();
    b.escalations.push_back(unlinked);
    CHECK(ids(earlyWarnings(b, kNow)) == std::vector<std::string>{"pa-decided", "pa-withdrawn"});

    // A second, open escalation on the decided agreement suppresses it again.
    b.escalations.push_back(escalation("e6", "pa-decided", EscalationStatus::Open));
    CHECK(ids(earlyWarnings(b, kNow)) == std::vector<std::string>{"pa-withdrawn"});
}

TEST_CASE("early warning: gerealiseerd, vervallen and zero targets are ignored", "[ui][view][early]") {
    BoardData b;
    b.agreements.push_back(agreement("done", 100, 10, 0, 0, "2027-12-31", AgreementStatus::Gerealiseerd));
    b.agreements.push_back(agreement("dropped", 100, 0, 0, 0, "2027-12-31", AgreementStatus::Vervallen));
    b.agreements.push_back(agreement("zero", 0, 0, 0));
    b.agreements.push_back(agreement("negative", -5, 0, 0));
    b.agreements.push_back(agreement("behind", 100, 0, 20, 0, "2027-12-31", AgreementStatus::Achter));
    b.agreements.push_back(agreement("on-track", 100, 0, 20, 0, "2027-12-31", AgreementStatus::OpKoers));
    // Status is the owner's judgement; the figures decide: on track but short is flagged too.
    CHECK(ids(earlyWarnings(b, kNow)) == std::vector<std::string>{"behind", "on-track"});
}

TEST_CASE("early warning: overdue agreements are kept and marked", "[ui][view][early]") {
    BoardData b;
    b.agreements.push_back(agreement("long-ago", 100, 50, 0, 0, "2024-01-31"));
    b.agreements.push_back(agreement("yesterday", 100, 50, 0, 0, "2026-11-27"));
    b.agreements.push_back(agreement("today", 100, 50, 0, 0, "2026-11-28"));
    b.agreements.push_back(agreement("no-date", 100, 50, 0, 0, "later"));
    const auto w = earlyWarnings(b, kNow);
    REQUIRE(ids(w) == std::vector<std::string>{"long-ago", "yesterday", "today", "no-date"});
    CHECK(w[0].overdue);
    CHECK(w[1].overdue);
    CHECK(w[1].daysLeft == -1);
    CHECK_FALSE(w[2].overdue); // the deadline day itself still counts
    CHECK_FALSE(w[3].overdue);
    CHECK_FALSE(w[3].daysLeft);
}

TEST_CASE("early warning: sorted by shortfall share, then deadline", "[ui][view][early]") {
    BoardData b;
    b.agreements.push_back(agreement("small-gap", 100, 90, 0, 0, "2026-12-31"));  // 10%
    b.agreements.push_back(agreement("big-late", 1000, 500, 0, 0, "2028-12-31")); // 50%
    b.agreements.push_back(agreement("big-soon", 10, 5, 0, 0, "2027-06-30"));     // 50%
    b.agreements.push_back(agreement("half-b", 40, 10, 10, 0, "2027-06-30"));     // 50%, same deadline
    b.agreements.push_back(agreement("most", 100, 0, 20, 0, "2029-01-01"));       // 80%
    CHECK(ids(earlyWarnings(b, kNow)) ==
          std::vector<std::string>{"most", "big-soon", "half-b", "big-late", "small-gap"});
}

TEST_CASE("early warning on the demo board", "[ui][view][early]") {
    const BoardData b = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    const auto w = earlyWarnings(b, kNow);
    REQUIRE_FALSE(w.empty());
    for (const auto& x : w) {
        CHECK(x.forecast < x.target);
        for (const auto& e : b.escalations)
            if (e.agreement == x.agreement->id)
                CHECK((e.status == EscalationStatus::Besloten || e.status == EscalationStatus::Ingetrokken));
    }
}

TEST_CASE("a meeting's decisions merge the hub's list and this kiosk's outbox", "[ui][view][meeting]") {
    auto board = std::make_shared<BoardData>();
    board->escalations.push_back(escalation("esc-1", "pa-1", EscalationStatus::Besloten));
    board->escalations.push_back(escalation("esc-2", "pa-2", EscalationStatus::Open));
    board->escalations.push_back(escalation("esc-3", "pa-3", EscalationStatus::Besloten));
    Meeting m;
    m.id = "mtg-1";
    auto decision = [](std::string key, std::string esc, std::string at, std::optional<std::string> meeting) {
        Decision d;
        d.id = "d-" + key;
        d.idempotencyKey = std::move(key);
        d.request.escalationId = std::move(esc);
        d.request.decidedAt = std::move(at);
        d.request.meetingId = std::move(meeting);
        return d;
    };
    board->decisions.push_back(decision("k3", "esc-3", "2026-12-10T14:30:00Z", "mtg-1"));
    board->decisions.push_back(decision("k1", "esc-1", "2026-12-10T14:00:00Z", "mtg-1"));
    board->decisions.push_back(decision("k9", "esc-9", "2026-10-15T14:00:00Z", "mtg-0")); // other meeting
    Snapshot s;
    s.board = board;
    auto item = [](std::string key, std::string esc, std::string at, OutboxState state) {
        OutboxItem o;
        o.idempotencyKey = std::move(key);
        o.request.escalationId = std::move(esc);
        o.request.decidedAt = std::move(at);
        o.request.meetingId = "mtg-1";
        o.state = state;
        return o;
    };
    s.outbox.push_back(item("k1", "esc-1", "2026-12-10T14:00:00Z", OutboxState::Confirmed)); // = hub's k1
    s.outbox.push_back(item("k2", "esc-2", "2026-12-10T14:15:00Z", OutboxState::Queued));
    s.outbox.push_back(item("k4", "esc-3", "2026-12-10T14:40:00Z", OutboxState::Conflict)); // hub has esc-3

    const auto list = meetingDecisions(s, m);
    REQUIRE(list.size() == 3);
    CHECK(list[0].request.escalationId == "esc-1");
    CHECK_FALSE(list[0].outboxState);
    REQUIRE(list[0].escalation);
    CHECK(list[0].escalation->id == "esc-1");
    CHECK(list[1].request.escalationId == "esc-2");
    CHECK(list[1].outboxState == OutboxState::Queued);
    CHECK(list[2].request.escalationId == "esc-3");
    CHECK_FALSE(list[2].outboxState);

    Meeting other;
    other.id = "mtg-none";
    CHECK(meetingDecisions(s, other).empty());
    CHECK(meetingDecisions(Snapshot{}, m).empty());
}

TEST_CASE("agreement filters combine party, theme and status", "[ui][view]") {
    const BoardData b = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    CHECK(filterAgreements(b, {}).size() == b.agreements.size());
    const Agreement& first = b.agreements[0];
    AgreementFilter f;
    f.status = first.status;
    const auto byStatus = filterAgreements(b, f);
    CHECK_FALSE(byStatus.empty());
    for (const Agreement* a : byStatus)
        CHECK(a->status == first.status);
    f.theme = first.theme;
    f.party = first.owner;
    const auto all3 = filterAgreements(b, f);
    REQUIRE_FALSE(all3.empty());
    for (const Agreement* a : all3) {
        CHECK(a->theme == first.theme);
        CHECK((a->owner == first.owner ||
               std::find(a->parties.begin(), a->parties.end(), first.owner) != a->parties.end()));
    }
    CHECK(all3.size() <= byStatus.size());
    f.party = "no-such-party";
    CHECK(filterAgreements(b, f).empty());
    // The chips on offer are the ones in use, and every escalation about an agreement is found.
    const auto themes = themesInUse(b);
    CHECK(std::find(themes.begin(), themes.end(), first.theme) != themes.end());
    CHECK_FALSE(partiesInUse(b).empty());
    for (const auto& e : b.escalations)
        if (e.agreement) {
            const auto found = escalationsFor(b, *e.agreement);
            CHECK(std::find(found.begin(), found.end(), &e) != found.end());
        }
}

TEST_CASE("open actions by owner: overdue owners first, soonest due first, pending ones from the outbox",
          "[ui][view][actions]") {
    auto board = std::make_shared<BoardData>();
    board->parties.push_back({"gem-a", PartyKind::Gemeente, "Gemeente Aadorp", "Aadorp", 0});
    board->parties.push_back({"wc-b", PartyKind::Corporatie, "Woonstichting Bedum", "Bedum", 0});
    auto action = [](std::string id, std::string owner, std::string due, ActionStatus status,
                     std::optional<std::string> meeting) {
        Action a;
        a.id = std::move(id);
        a.title = "Actie " + a.id;
        a.owner = std::move(owner);
        a.due = std::move(due);
        a.status = status;
        a.meeting = std::move(meeting);
        return a;
    };
    // kNow is 2026-11-28.
    board->actions.push_back(action("a1", "gem-a", "2027-01-15", ActionStatus::Open, "mtg-1"));
    board->actions.push_back(action("a2", "gem-a", "2026-12-01", ActionStatus::Open, "mtg-1"));
    board->actions.push_back(action("a3", "wc-b", "2026-11-01", ActionStatus::Open, "mtg-0")); // overdue
    board->actions.push_back(action("a4", "wc-b", "2026-10-01", ActionStatus::Afgerond, "mtg-0"));
    Decision d;
    d.idempotencyKey = "k-on-hub";
    board->decisions.push_back(d);
    Snapshot s;
    s.board = board;
    auto item = [](std::string key, OutboxState state) {
        OutboxItem o;
        o.idempotencyKey = std::move(key);
        o.request.meetingId = "mtg-2";
        o.request.agendaItem = 3;
        o.request.action = NewAction{"Uitwerken: voorstel", "gem-a", "2026-12-20"};
        o.state = state;
        return o;
    };
    s.outbox.push_back(item("k-new", OutboxState::Queued));
    s.outbox.push_back(item("k-on-hub", OutboxState::Confirmed)); // the hub lists it: its action is a1..a4
    s.outbox.push_back(item("k-refused", OutboxState::Conflict));

    const auto groups = openActionsByOwner(s, kNow);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].owner == "wc-b"); // the owner with an overdue action first
    CHECK(groups[0].overdue == 1);
    REQUIRE(groups[0].actions.size() == 1); // afgerond is not open
    CHECK(groups[0].actions[0].action.id == "a3");
    CHECK(groups[0].actions[0].overdue());
    CHECK(groups[1].owner == "gem-a");
    CHECK(groups[1].overdue == 0);
    REQUIRE(groups[1].actions.size() == 3);
    CHECK(groups[1].actions[0].action.id == "a2"); // due 1 Dec
    CHECK(groups[1].actions[1].action.id == "pending-k-new");
    CHECK(groups[1].actions[1].pending);
    CHECK(groups[1].actions[1].action.meeting == "mtg-2");
    CHECK(groups[1].actions[1].daysLeft == 22);
    CHECK(groups[1].actions[2].action.id == "a1");

    // The next meeting reviews the open actions agreed elsewhere.
    Meeting m1;
    m1.id = "mtg-1";
    const ActionReview review = actionsToReview(s, m1, kNow);
    CHECK(review.open == 2); // a3 and the pending one; a1 and a2 were agreed in mtg-1 itself
    CHECK(review.overdue == 1);
    CHECK(openActionsByOwner(Snapshot{}, kNow).empty());
}
