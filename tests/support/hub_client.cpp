#include "hub_client.hpp"

#include "clock.hpp"
#include "process.hpp"
#include "protocol.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

namespace regiebord::test {

namespace {

std::string bearer(const std::string& token) {
    return "Bearer " + token;
}

} // namespace

SyncSettings demoKiosk(const std::string& hubUrl, const std::string& dir) {
    SyncSettings s;
    s.hubUrl = hubUrl;
    s.boardId = kDemoBoard;
    s.token = kDemoToken;
    s.cachePath = dir + "/cache.db";
    s.outboxPath = dir + "/outbox.db";
    return s;
}

HttpResponse getSnapshot(const std::string& hubUrl) {
    HttpClient http({});
    return http.perform({"GET",
                         hubUrl + "/v1/boards/" + kDemoBoard + "/snapshot",
                         {{"Authorization", bearer(kDemoToken)}},
                         {}});
}

BoardData boardOf(const std::string& hubUrl) {
    const auto r = getSnapshot(hubUrl);
    REQUIRE(r.status == 200);
    auto parsed = parseBoard(r.body, DocumentKind::Snapshot);
    REQUIRE(parsed);
    return std::move(parsed).value();
}

int decisionsOn(const BoardData& board, const std::string& escalationId) {
    int n = 0;
    for (const auto& d : board.decisions)
        n += d.request.escalationId == escalationId ? 1 : 0;
    return n;
}

const Escalation& firstOpen(const BoardData& board, bool withOptions) {
    for (const auto& e : board.escalations)
        if (e.status == EscalationStatus::Open && (!withOptions || !e.options.empty())) return e;
    FAIL("the board has no open escalation" << (withOptions ? " with options" : ""));
    throw std::logic_error("unreachable");
}

DecisionRequest decisionOn(const Escalation& escalation, Outcome outcome) {
    DecisionRequest r;
    r.escalationId = escalation.id;
    r.outcome = outcome;
    if (outcome == Outcome::Option) {
        REQUIRE_FALSE(escalation.options.empty());
        r.optionId = escalation.options.front().id;
    }
    r.decidedBy = "Voorzitter (test)";
    r.decidedAt = utcNow();
    r.meetingId = escalation.meeting;
    return r;
}

DecisionRequest akkoord(const std::string& escalationId, const std::string& decidedBy) {
    DecisionRequest r;
    r.escalationId = escalationId;
    r.outcome = Outcome::Akkoord;
    r.decidedBy = decidedBy;
    r.decidedAt = utcNow();
    return r;
}

HttpResponse postDecision(const std::string& hubUrl, const std::string& token, const std::string& key,
                          const std::string& body) {
    HttpClient http({});
    return http.perform({"POST",
                         hubUrl + "/v1/boards/" + kDemoBoard + "/decisions",
                         {{"Authorization", bearer(token)}, {"Idempotency-Key", key}},
                         body});
}

HttpResponse postDecision(const std::string& hubUrl, const std::string& token,
                          const DecisionRequest& request) {
    return postDecision(hubUrl, token, makeUuidV4(), encodeDecisionRequest(request));
}

} // namespace regiebord::test
