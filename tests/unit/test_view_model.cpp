// The kiosk's view logic and nl-NL formatting, without a window.

#include "format.hpp"
#include "i18n.hpp"
#include "protocol.hpp"
#include "view_model.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

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
}

TEST_CASE("every UI text exists in Dutch and English", "[ui][i18n]") {
    for (const char* key :
         {"overview", "agreements", "escalations", "offline", "online", "confirmed", "pending",
          "record_decision", "confirm", "cancel", "status.op_koers", "status.vervallen", "level.geschillen",
          "outcome.doorverwezen", "theme.huisvesting_doelgroepen"})
        CHECK(hasTranslation(key));
    setLanguage(Language::English);
    CHECK(std::string(tr("overview")) == "Overview");
    setLanguage(Language::Dutch);
    CHECK(std::string(tr("overview")) == "Overzicht");
    CHECK(std::string(tr("no.such.key")) == "??");
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
