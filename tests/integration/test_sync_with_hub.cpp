// The sync engine against the real hub on a loopback port, with real libcurl
// and real SQLite files.

#include "cache_store.hpp"
#include "clock.hpp"
#include "http_client.hpp"
#include "outbox.hpp"
#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <sstream>
#include <thread>

using namespace regiebord;
using namespace regiebord::test;

namespace {

SyncSettings settingsFor(const std::string& hubUrl, const std::string& dir) {
    SyncSettings s = demoKiosk(hubUrl, dir);
    s.pollInterval = std::chrono::milliseconds(200);
    s.http.connectTimeout = std::chrono::milliseconds(2000);
    s.http.totalTimeout = std::chrono::milliseconds(5000);
    return s;
}

} // namespace

TEST_CASE("a board syncs from the hub into the cache, then polls cheaply with 304", "[sync][hub]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    SyncEngine engine(settingsFor(hub.url(), dir.path()), nullptr);
    engine.syncOnce();
    auto snap = engine.snapshot();
    REQUIRE(snap->board);
    CHECK(snap->board->board.id == kDemoBoard);
    CHECK(snap->board->agreements.size() >= 30);
    CHECK(snap->status.reach == Reachability::Online);
    CHECK(snap->status.lastError.empty());
    const auto firstSeq = snap->board->seq;

    // The cache holds the same board, validated on load.
    CacheStore cache(dir.path() + "/cache.db");
    auto cached = cache.load(kDemoBoard);
    REQUIRE(cached);
    CHECK(cached->data.agreements.size() == snap->board->agreements.size());
    CHECK_FALSE(cached->etag.empty());

    // A second round: nothing changed, the same board object stays published.
    engine.syncOnce();
    auto again = engine.snapshot();
    CHECK(again->board == snap->board); // same pointer: the 304 did not rebuild the board
    CHECK(again->board->seq == firstSeq);
    CHECK(again->status.reach == Reachability::Online);
}

TEST_CASE("a decision reaches the hub exactly once, even when sent twice", "[sync][hub][outbox]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    const BoardData before = boardOf(hub.url());
    const Escalation& e = firstOpen(before, true);

    Outbox outbox(dir.path() + "/outbox.db");
    auto recorded = outbox.record(kDemoBoard, decisionOn(e));
    REQUIRE(recorded.item);
    const std::string key = recorded.item->idempotencyKey;

    SyncEngine engine(settingsFor(hub.url(), dir.path()), nullptr);
    engine.syncOnce();
    auto item = outbox.find(key);
    REQUIRE(item);
    CHECK(item->state == OutboxState::Confirmed);
    CHECK_FALSE(item->serverId.empty());

    // The response was "lost": the kiosk sends the same request again.
    HttpClient http({});
    HttpRequest replay{"POST",
                       hub.url() + "/v1/boards/demo-regio/decisions",
                       {{"Authorization", std::string("Bearer ") + kDemoToken}, {"Idempotency-Key", key}},
                       item->body};
    const auto r1 = http.perform(replay);
    CHECK(r1.status == 200);
    auto replayed = parseDecisionResponse(r1.body);
    REQUIRE(replayed);
    CHECK(replayed.value().id == item->serverId);

    // Same key, another body: refused, nothing stored.
    HttpRequest changed = replay;
    auto other = decisionOn(e);
    other.outcome = Outcome::Akkoord;
    other.optionId.reset();
    changed.body = encodeDecisionRequest(other);
    CHECK(http.perform(changed).status == 422);

    // Another key on the decided escalation: conflict.
    HttpRequest second = replay;
    second.headers.back().second = makeUuidV4();
    CHECK(http.perform(second).status == 409);

    const BoardData after = boardOf(hub.url());
    CHECK(decisionsOn(after, e.id) == 1);
    CHECK(after.findEscalation(e.id)->status == EscalationStatus::Besloten);
    CHECK(after.seq > before.seq);
}

TEST_CASE("two engines racing the same outbox item store it once", "[sync][hub][outbox]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    const BoardData before = boardOf(hub.url());
    const Escalation& e = firstOpen(before, true);
    {
        Outbox outbox(dir.path() + "/outbox.db");
        REQUIRE(outbox.record(kDemoBoard, decisionOn(e)).item);
    }
    // Two rounds at once (as after a restart mid-send): same key, same body.
    SyncEngine a(settingsFor(hub.url(), dir.path()), nullptr);
    auto settingsB = settingsFor(hub.url(), dir.path());
    settingsB.cachePath = dir.path() + "/cache-b.db";
    SyncEngine b(settingsB, nullptr);
    std::thread ta([&] { a.syncOnce(); });
    std::thread tb([&] { b.syncOnce(); });
    ta.join();
    tb.join();
    CHECK(decisionsOn(boardOf(hub.url()), e.id) == 1);
}

TEST_CASE("the kiosk starts from its cache with the hub down and says it is offline",
          "[sync][hub][offline]") {
    test::TempDir dir;
    std::size_t agreements = 0;
    {
        HubProcess hub(dir.path());
        SyncEngine engine(settingsFor(hub.url(), dir.path()), nullptr);
        engine.syncOnce();
        REQUIRE(engine.snapshot()->board);
        agreements = engine.snapshot()->board->agreements.size();
        REQUIRE(hub.process().stop() == 0); // SIGTERM: a clean stop
    }
    // The hub is gone; a fresh engine (a restarted kiosk) on the same files.
    int published = 0;
    SyncEngine engine(settingsFor("http://127.0.0.1:1", dir.path()), [&] { ++published; });
    engine.start();
    auto first = engine.snapshot();
    REQUIRE(first->board);
    CHECK(first->board->agreements.size() == agreements);
    CHECK(first->status.lastSuccess.has_value()); // shows how old the data is
    REQUIRE(test::waitUntil([&] { return engine.snapshot()->status.reach == Reachability::Offline; },
                            std::chrono::seconds(10)));
    auto offline = engine.snapshot();
    CHECK(offline->board->agreements.size() == agreements);
    CHECK_FALSE(offline->status.lastError.empty());
    engine.stop();
    CHECK(published >= 2);
}

TEST_CASE("a bad payload is rejected whole and the last good data stays", "[sync][hub][validation]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    const BoardData good = boardOf(hub.url());
    auto goodSettings = settingsFor(hub.url(), dir.path());
    {
        SyncEngine engine(goodSettings, nullptr);
        engine.syncOnce();
        REQUIRE(engine.snapshot()->board);
    }

    // A broken hub (a fault injected for this test): same board, one agreement
    // with an unknown status, further on a truncated body.
    nlohmann::json doc = nlohmann::json::parse(encodeBoard(good, DocumentKind::Snapshot));
    doc["seq"] = good.seq + 1;
    doc["agreements"][3]["status"] = "uitstekend";
    doc["agreements"][0]["title"] = "CHANGED";
    const std::string badBody = doc.dump();
    int variant = 0;
    httplib::Server broken;
    broken.Get("/v1/boards/demo-regio/snapshot", [&](const httplib::Request&, httplib::Response& res) {
        res.set_header("ETag", "\"999\"");
        res.set_content(variant == 0 ? badBody : badBody.substr(0, badBody.size() / 2), "application/json");
    });
    const int port = broken.bind_to_any_port("127.0.0.1");
    std::thread server([&] { broken.listen_after_bind(); });

    SyncEngine engine(settingsFor("http://127.0.0.1:" + std::to_string(port), dir.path()), nullptr);
    for (variant = 0; variant < 2; ++variant) {
        engine.syncOnce();
        auto snap = engine.snapshot();
        REQUIRE(snap->board);
        CHECK(snap->board->agreements[0].title == good.agreements[0].title);
        CHECK(snap->board->seq == good.seq);
        CHECK(snap->status.reach == Reachability::Refused);
        CHECK_THAT(snap->status.lastError, Catch::Contains("invalid data"));
    }
    CHECK_THAT(engine.snapshot()->status.lastError, Catch::Contains("malformed JSON"));
    broken.stop();
    server.join();

    // The cache still holds the good board.
    CacheStore cache(dir.path() + "/cache.db");
    auto cached = cache.load(kDemoBoard);
    REQUIRE(cached);
    CHECK(cached->data.agreements[0].title == good.agreements[0].title);
}

TEST_CASE("the hub refuses a wrong token and another board", "[hub][auth]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    HttpClient http({});
    CHECK(http.perform({"GET", hub.url() + "/v1/boards/demo-regio/snapshot", {}, {}}).status == 401);
    CHECK(
        http.perform(
                {"GET", hub.url() + "/v1/boards/demo-regio/snapshot", {{"Authorization", "Bearer nope"}}, {}})
            .status == 401);
    CHECK(http.perform({"GET",
                        hub.url() + "/v1/boards/other-board/snapshot",
                        {{"Authorization", std::string("Bearer ") + kDemoToken}},
                        {}})
              .status == 403);
    // Nor may it decide for another board, or read its changes.
    CHECK(
        http.perform(
                {"POST",
                 hub.url() + "/v1/boards/other-board/decisions",
                 {{"Authorization", std::string("Bearer ") + kDemoToken}, {"Idempotency-Key", makeUuidV4()}},
                 R"({"escalation_id":"esc-01","outcome":"akkoord","decided_by":"x","decided_at":"2026-11-28T10:00:00Z"})"})
            .status == 403);
    CHECK(http.perform({"GET",
                        hub.url() + "/v1/boards/other-board/changes?since=0",
                        {{"Authorization", std::string("Bearer ") + kDemoToken}},
                        {}})
              .status == 403);
}

TEST_CASE("heartbeats reach the hub and silent devices are flagged", "[hub][heartbeat]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    std::string out;
    hub.addDevice("zaal-nooit-gezien", "another-token-for-tests");
    SyncEngine engine(settingsFor(hub.url(), dir.path()), nullptr);
    engine.syncOnce();
    REQUIRE(hub.command({"devices"}, &out) == 0);
    INFO(out);
    std::istringstream lines(out);
    std::string line, demoLine, silentLine;
    while (std::getline(lines, line)) {
        if (line.find("demo-kiosk") != std::string::npos) demoLine = line;
        if (line.find("zaal-nooit-gezien") != std::string::npos) silentLine = line;
    }
    CHECK_THAT(demoLine, Catch::Contains(" ok ") && Catch::Contains(REGIEBORD_VERSION));
    CHECK_THAT(silentLine, Catch::Contains("SILENT") && Catch::Contains("never"));
    CHECK_THAT(out, Catch::Contains("1 device(s) silent"));

    // A malformed heartbeat is refused, not stored.
    HttpClient http({});
    const auto r = http.perform({"POST",
                                 hub.url() + "/v1/boards/demo-regio/heartbeat",
                                 {{"Authorization", std::string("Bearer ") + kDemoToken}},
                                 R"({"version": 3})"});
    CHECK(r.status == 400);
}

TEST_CASE("a device clock far from the hub's is reported as untrusted", "[sync][clock]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    const std::string body = encodeBoard(boardOf(hub.url()), DocumentKind::Snapshot);
    for (const int offsetMinutes : {0, 10}) {
        httplib::Server skewed;
        skewed.Get("/v1/boards/demo-regio/snapshot", [&](const httplib::Request&, httplib::Response& res) {
            const std::time_t t = std::time(nullptr) - offsetMinutes * 60;
            std::tm tm{};
            gmtime_r(&t, &tm);
            char date[64];
            std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
            res.set_header("Date", date);
            res.set_content(body, "application/json");
        });
        const int port = skewed.bind_to_any_port("127.0.0.1");
        std::thread server([&] { skewed.listen_after_bind(); });
        SyncEngine engine(settingsFor("http://127.0.0.1:" + std::to_string(port), dir.path()), nullptr);
        engine.syncOnce();
        const auto status = engine.snapshot()->status;
        REQUIRE(status.clockOffset.has_value());
        CHECK(status.clockTrusted == (offsetMinutes == 0));
        CHECK(std::chrono::abs(*status.clockOffset - std::chrono::minutes(offsetMinutes)) <
              std::chrono::seconds(5));
        skewed.stop();
        server.join();
    }
}

TEST_CASE("one refused decision does not block the others", "[sync][hub][outbox]") {
    test::TempDir dir;
    HubProcess hub(dir.path());
    const BoardData board = boardOf(hub.url());
    Outbox outbox(dir.path() + "/outbox.db");
    DecisionRequest unknown = decisionOn(firstOpen(board, true));
    unknown.escalationId = "esc-bestaat-niet"; // the hub answers 404: needs attention
    const auto bad = outbox.record(kDemoBoard, unknown).item->idempotencyKey;
    const auto good = outbox.record(kDemoBoard, decisionOn(firstOpen(board, true))).item->idempotencyKey;
    SyncEngine engine(settingsFor(hub.url(), dir.path()), nullptr);
    engine.syncOnce();
    CHECK(outbox.find(bad)->state == OutboxState::NeedsAttention);
    CHECK_THAT(outbox.find(bad)->lastError, Catch::Contains("404"));
    CHECK(outbox.find(good)->state == OutboxState::Confirmed);
    const auto snap = engine.snapshot();
    REQUIRE(snap->outbox.size() == 2); // both visible to the UI, with their states
    CHECK(decisionsOn(boardOf(hub.url()), firstOpen(board, true).id) == 1);
}
