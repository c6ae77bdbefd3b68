// The decision outbox: durable, keyed, one live decision per escalation.

#include "outbox.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;

namespace {
DecisionRequest decision(const std::string& escalation) {
    DecisionRequest r;
    r.escalationId = escalation;
    r.outcome = Outcome::Akkoord;
    r.decidedBy = "Voorzitter";
    r.decidedAt = "2026-11-28T14:00:00Z";
    return r;
}
} // namespace

TEST_CASE("a recorded decision is durable with its key", "[outbox]") {
    test::TempDir dir;
    const std::string path = dir.file("outbox.db");
    std::string key;
    {
        Outbox outbox(path);
        auto result = outbox.record("demo-regio", decision("esc-01"));
        REQUIRE(result.item);
        key = result.item->idempotencyKey;
        CHECK(key.size() == 36);
        CHECK(key[14] == '4');
        CHECK(result.item->state == OutboxState::Queued);
        // Another connection (another thread, a restarted process) sees it at once.
        Outbox other(path);
        REQUIRE(other.find(key));
        CHECK(other.find(key)->request == decision("esc-01"));
    }
    Outbox reopened(path);
    auto items = reopened.all();
    REQUIRE(items.size() == 1);
    CHECK(items[0].idempotencyKey == key);
    CHECK(reopened.quickCheck() == "ok");

    sql::Database raw(path);
    auto mode = raw.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
}

TEST_CASE("one live decision per escalation", "[outbox]") {
    Outbox outbox(":memory:");
    auto first = outbox.record("demo-regio", decision("esc-01"));
    REQUIRE(first.item);
    auto second = outbox.record("demo-regio", decision("esc-01"));
    CHECK_FALSE(second.item);
    CHECK_THAT(second.refusal, Catch::Contains("already decided"));
    CHECK(outbox.all().size() == 1);
    // After a conflict the chair may decide again.
    outbox.markStopped(first.item->idempotencyKey, OutboxState::Conflict, "HTTP 409");
    CHECK(outbox.record("demo-regio", decision("esc-01")).item);
    // Another escalation is independent.
    CHECK(outbox.record("demo-regio", decision("esc-02")).item);
}

TEST_CASE("outbox states move and deliverable() keeps order", "[outbox]") {
    Outbox outbox(":memory:");
    const auto a = outbox.record("b", decision("esc-01")).item->idempotencyKey;
    const auto b = outbox.record("b", decision("esc-02")).item->idempotencyKey;
    const auto c = outbox.record("b", decision("esc-03")).item->idempotencyKey;
    outbox.markSending(a);
    auto items = outbox.deliverable();
    REQUIRE(items.size() == 3);
    CHECK(items[0].idempotencyKey == a);
    CHECK(items[0].state == OutboxState::Sending);
    CHECK(items[0].attempts == 1);
    outbox.markRetry(a, "timeout");
    CHECK(outbox.find(a)->state == OutboxState::Queued);
    CHECK(outbox.find(a)->lastError == "timeout");
    outbox.markConfirmed(b, "dec-1", "2026-11-28T14:00:01Z");
    outbox.markStopped(c, OutboxState::NeedsAttention, "HTTP 400");
    items = outbox.deliverable();
    REQUIRE(items.size() == 1);
    CHECK(items[0].idempotencyKey == a);
    CHECK(outbox.find(b)->state == OutboxState::Confirmed);
    CHECK(outbox.find(b)->serverId == "dec-1");
    CHECK(outbox.find(c)->state == OutboxState::NeedsAttention);
}
