// Network and server faults between the kiosk and the real hub, injected by a
// proxy. After each, the hub holds every decision exactly once.

#include "outbox.hpp"
#include "retry.hpp"
#include "sync_engine.hpp"

#include "support/fault_proxy.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::test;
using namespace std::chrono_literals;

namespace {

struct Rig {
    TempDir dir;
    HubProcess hub{dir.path()};
    FaultProxy proxy{hub.port(), always(Fault::Pass)};
    Escalation escalation = firstOpen(boardOf(hub.url()), true);

    SyncSettings settings(const std::string& url) const {
        SyncSettings s = demoKiosk(url, dir.path());
        s.pollInterval = 30s;
        s.retry.base = 100ms;
        s.http.connectTimeout = 2s;
        s.http.totalTimeout = 10s;
        s.http.lowSpeedTime = 2s;
        s.http.lowSpeedBytesPerSecond = 100;
        s.maxBoardBytes = 4u << 20U;
        return s;
    }

    std::string record() {
        Outbox outbox(dir.file("outbox.db"));
        return outbox.record(kDemoBoard, decisionOn(escalation)).item->idempotencyKey;
    }

    OutboxState state(const std::string& key) const { return Outbox(dir.file("outbox.db")).find(key)->state; }

    int storedOnHub() const { return decisionsOn(boardOf(hub.url()), escalation.id); }
};

/// Records a decision, sends it through the fault, then heals the network and checks exactly-once.
void survives(Fault fault, int expectedOnHubDuringFault) {
    Rig rig;
    const std::string key = rig.record();
    SyncEngine engine(rig.settings(rig.proxy.url()), nullptr);
    rig.proxy.setPolicy(onDecisions(fault));
    engine.syncOnce();
    CHECK(rig.state(key) == OutboxState::Queued); // not confirmed, kept for a retry under the same key
    CHECK(rig.storedOnHub() == expectedOnHubDuringFault);
    CHECK_FALSE(engine.snapshot()->outbox.front().lastError.empty());

    rig.proxy.setPolicy(always(Fault::Pass));
    engine.syncOnce();
    CHECK(rig.state(key) == OutboxState::Confirmed);
    CHECK(rig.storedOnHub() == 1);
    engine.syncOnce(); // nothing left to send, nothing doubles
    CHECK(rig.storedOnHub() == 1);
}

} // namespace

TEST_CASE("connection refused: the decision waits and is delivered once", "[faults][sync][hub]") {
    Rig rig;
    const std::string key = rig.record();
    {
        SyncEngine engine(rig.settings("http://127.0.0.1:1"), nullptr);
        const auto delay = engine.syncOnce();
        CHECK(delay <= 30s);
        CHECK(engine.snapshot()->status.reach == Reachability::Offline);
        CHECK(rig.state(key) == OutboxState::Queued);
    }
    SyncEngine engine(rig.settings(rig.hub.url()), nullptr);
    engine.syncOnce();
    CHECK(rig.state(key) == OutboxState::Confirmed);
    CHECK(rig.storedOnHub() == 1);
}

TEST_CASE("reset before the request", "[faults][sync][hub]") {
    survives(Fault::ResetBeforeRequest, 0);
}

TEST_CASE("response cut after the hub committed the decision", "[faults][sync][hub]") {
    survives(Fault::CutAfterCommit, 1); // stored once already; the retry is a replay, not a second decision
}

TEST_CASE("500 from the hub", "[faults][sync][hub]") {
    survives(Fault::Status500, 0);
}

TEST_CASE("slow drip below the low-speed limit is cut off", "[faults][sync][hub]") {
    const auto started = std::chrono::steady_clock::now();
    survives(Fault::SlowDrip, 1);
    CHECK(std::chrono::steady_clock::now() - started < 60s);
}

TEST_CASE("503 and 429 with Retry-After are honoured in both forms", "[faults][sync][hub][retry]") {
    Rig rig;
    const std::string key = rig.record();
    SyncEngine engine(rig.settings(rig.proxy.url()), nullptr);

    rig.proxy.retryAfter = "7";
    rig.proxy.setPolicy(onDecisions(Fault::Status503RetryAfter));
    auto delay = engine.syncOnce();
    CHECK(delay >= 7s);
    CHECK(delay < 8s);
    CHECK(rig.state(key) == OutboxState::Queued);

    // An HTTP-date about 20 s ahead.
    const auto at = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + 20s);
    std::tm tm{};
    gmtime_r(&at, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    rig.proxy.retryAfter = date;
    rig.proxy.setPolicy(onDecisions(Fault::Status429RetryAfter));
    delay = engine.syncOnce();
    CHECK(delay >= 18s);
    CHECK(delay <= 21s);

    // An absurd value is clamped to the policy's maximum (1 hour).
    rig.proxy.retryAfter = "999999999";
    delay = engine.syncOnce();
    CHECK(delay <= 3600s + 1s);

    rig.proxy.setPolicy(always(Fault::Pass));
    engine.syncOnce();
    CHECK(rig.state(key) == OutboxState::Confirmed);
    CHECK(rig.storedOnHub() == 1);
}

TEST_CASE("an endless body is cut at the byte cap, the last good data stays, and the hub is shown as "
          "sending something unusable, not as offline",
          "[faults][sync][hub]") {
    Rig rig;
    SyncEngine engine(rig.settings(rig.proxy.url()), nullptr);
    engine.syncOnce();
    REQUIRE(engine.snapshot()->board);
    const auto seq = engine.snapshot()->board->seq;
    rig.proxy.setPolicy(always(Fault::EndlessBody));
    engine.syncOnce();
    const auto snap = engine.snapshot();
    REQUIRE(snap->board);
    CHECK(snap->board->seq == seq);
    CHECK(snap->status.reach == Reachability::Refused);
    CHECK_THAT(snap->status.lastError, Catch::Contains("unusable") && Catch::Contains("larger than 4 MB"));
}

TEST_CASE("backoff grows with full jitter and stays capped", "[retry]") {
    RetryPolicy p;
    p.base = 1000ms;
    p.cap = 60s;
    std::mt19937_64 rng(42);
    std::chrono::milliseconds maxSeen{0};
    for (int i = 0; i < 200; ++i) {
        const auto d = backoffDelay(3, p, rng);
        CHECK(d >= 0ms);
        CHECK(d <= 8000ms);
        maxSeen = std::max(maxSeen, d);
    }
    CHECK(maxSeen > 4000ms); // jitter spreads over the whole range
    for (int i = 0; i < 50; ++i)
        CHECK(backoffDelay(40, p, rng) <= 60s);
    const auto now = std::chrono::system_clock::now();
    CHECK(parseRetryAfter("120", now, p) == std::chrono::seconds(120));
    CHECK(parseRetryAfter("soon", now, p) == std::nullopt);
    CHECK(parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", now, p) == std::chrono::seconds(0));
}
