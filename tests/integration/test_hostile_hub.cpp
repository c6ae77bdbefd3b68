// What a hostile or broken hub, or a damaged disk, sends a kiosk: nothing may crash,
// blind or silence it (issue 13). The real hub on loopback, a proxy that rewrites or
// replaces its answers, real SQLite files.

#include "clock.hpp"
#include "http_client.hpp"
#include "outbox.hpp"
#include "outbox_files.hpp"
#include "protocol.hpp"
#include "sync_engine.hpp"
#include "text.hpp"

#include "support/fault_proxy.hpp"
#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

using namespace regiebord;
using namespace regiebord::test;
using namespace std::chrono_literals;

namespace {

SyncSettings settingsFor(const std::string& url, const TempDir& dir) {
    SyncSettings s = demoKiosk(url, dir.path());
    s.pollInterval = 200ms;
    s.heartbeatInterval = 0s;
    s.retry.base = 50ms;
    s.http.connectTimeout = 2s;
    s.http.totalTimeout = 10s;
    return s;
}

HttpResponse call(const std::string& method, const std::string& url, const std::string& body = {},
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Authorization", std::string("Bearer ") + kDemoToken);
    HttpClient http({});
    return http.perform({method, url, headers, body});
}

std::string devicesListing(const HubProcess& hub) {
    std::string out;
    hub.command({"devices"}, &out);
    return out;
}

/// Puts an invalid UTF-8 byte inside the board's name (a JSON string) of a hub answer.
std::string breakUtf8(const std::string& body) {
    std::string out = body;
    const auto at = out.find("Stuurgroep");
    if (at != std::string::npos) out[at + 3] = '\xFF';
    return out;
}

} // namespace

TEST_CASE("invalid UTF-8 in a hub answer is refused as a whole, reported as valid text, and the heartbeat "
          "still goes out",
          "[hostile][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    FaultProxy proxy(hub.port(), always(Fault::Rewrite));
    proxy.setRewrite([](const std::string& body) { return breakUtf8(body); });
    auto settings = settingsFor(proxy.url(), dir);
    settings.deltaSync = false;
    SyncEngine engine(settings, nullptr);
    CHECK_NOTHROW(engine.syncOnce()); // the crash loop: a dump of the error text threw here
    const auto snap = engine.snapshot();
    CHECK_FALSE(snap->board);
    CHECK(snap->status.reach == Reachability::Refused);
    CHECK(isValidUtf8(snap->status.lastError));
    CHECK_THAT(snap->status.lastError, Catch::Contains("invalid data"));
    CHECK(snap->status.fault.empty());
    // The heartbeat with that last error reached the hub and is stored as valid text.
    const std::string devices = devicesListing(hub);
    CHECK_THAT(devices, Catch::Contains("invalid data"));
    CHECK(isValidUtf8(devices));
}

TEST_CASE("a started engine lives through a hub that sends invalid UTF-8 in snapshots and changes",
          "[hostile][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    FaultProxy proxy(hub.port(), always(Fault::Pass));
    auto settings = settingsFor(proxy.url(), dir);
    SyncEngine engine(settings, nullptr);
    engine.start();
    REQUIRE(waitUntil([&] { return engine.snapshot()->board != nullptr; }, 10s));
    const auto seq = engine.snapshot()->board->seq;
    proxy.setRewrite([](const std::string& body) { return breakUtf8(body); });
    proxy.setPolicy(always(Fault::Rewrite));
    // A change on the hub: the kiosk asks for /changes and gets it broken, round after round.
    const BoardData board = boardOf(hub.url());
    REQUIRE(
        postDecision(hub.url(), kDemoToken, decisionOn(firstOpen(board, true), Outcome::Akkoord)).status ==
        201);
    REQUIRE(waitUntil([&] { return engine.snapshot()->status.reach == Reachability::Refused; }, 10s));
    std::this_thread::sleep_for(1s); // several rounds against the broken answers
    auto snap = engine.snapshot();
    CHECK(snap->board->seq == seq); // the last good data stays
    CHECK(isValidUtf8(snap->status.lastError));
    proxy.setPolicy(always(Fault::Pass));
    REQUIRE(waitUntil([&] { return engine.snapshot()->status.reach == Reachability::Online; }, 10s));
    CHECK(engine.snapshot()->board->seq > seq);
    engine.stop();
}

TEST_CASE("an outbox busy past its timeout is a visible fault, not the end of the sync thread",
          "[hostile][sync][outbox]") {
    TempDir dir;
    HubProcess hub(dir.path());
    auto settings = settingsFor(hub.url(), dir);
    const BoardData board = boardOf(hub.url());
    std::string key;
    {
        Outbox outbox(settings.outboxPath);
        key = outbox.record(kDemoBoard, decisionOn(firstOpen(board, true), Outcome::Akkoord))
                  .item->idempotencyKey;
    }
    SyncEngine engine(settings, nullptr);
    {
        // Another process holds the outbox's write lock for longer than SQLite's 5 s busy timeout.
        sql::Database other(settings.outboxPath);
        other.exec("BEGIN EXCLUSIVE");
        std::chrono::milliseconds delay{};
        CHECK_NOTHROW(delay = engine.syncOnce()); // markSending gets SQLITE_BUSY
        CHECK(delay < 30s);
        const auto snap = engine.snapshot();
        CHECK_THAT(snap->status.fault, Catch::Contains("sync round failed") && Catch::Contains("locked"));
        other.exec("ROLLBACK");
    }
    engine.syncOnce();
    CHECK(engine.snapshot()->status.fault.empty());
    CHECK(Outbox(settings.outboxPath).find(key)->state == OutboxState::Confirmed);
}

TEST_CASE(
    "an outbox that cannot be opened: start() goes on, a decision waits unrecorded, and is recorded once "
    "the outbox opens",
    "[hostile][sync][outbox]") {
    TempDir dir;
    HubProcess hub(dir.path());
    auto settings = settingsFor(hub.url(), dir);
    // The outbox's directory is a file for now: nothing can be created there.
    writeFile(dir.file("state"), "not a directory");
    settings.outboxPath = dir.file("state") + "/outbox.db";
    settings.retry.base = 20ms;
    SyncEngine engine(settings, nullptr);
    CHECK_NOTHROW(engine.start());
    REQUIRE(waitUntil([&] { return !engine.snapshot()->status.fault.empty(); }, 5s));
    CHECK_THAT(engine.snapshot()->status.fault, Catch::Contains("outbox cannot be opened"));
    const BoardData board = boardOf(hub.url());
    const std::string key = engine.submitDecision(decisionOn(firstOpen(board, true), Outcome::Akkoord));
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(engine.snapshot()->outboxByKey(key)); // never shown as recorded
    std::filesystem::remove(dir.file("state"));
    std::filesystem::create_directories(dir.file("state"));
    REQUIRE(waitUntil([&] { return engine.snapshot()->outboxByKey(key) != nullptr; }, 10s));
    REQUIRE(waitUntil(
        [&] {
            const auto snap = engine.snapshot(); // keeps the item alive while it is read
            const auto* item = snap->outboxByKey(key);
            return item && item->state == OutboxState::Confirmed;
        },
        10s));
    CHECK(engine.snapshot()->status.fault.empty());
    engine.stop();
}

TEST_CASE("a damaged outbox at start: set aside, a new outbox, reported in the status and the heartbeat, and "
          "the hub flags the device",
          "[hostile][sync][outbox][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    auto settings = settingsFor(hub.url(), dir);
    writeFile(settings.outboxPath, "SQLite format 3" + std::string(8192, '\x7f'), 0600);
    SyncEngine engine(settings, nullptr);
    engine.syncOnce();
    const auto snap = engine.snapshot();
    REQUIRE(snap->status.outboxDamage.size() == 1);
    CHECK(engine.storeReport().outboxDamage);
    CHECK(snap->status.fault.empty());
    CHECK(snap->status.reach == Reachability::Online);
    const std::string listing = devicesListing(hub);
    CHECK_THAT(listing, Catch::Contains("LOST OUTBOX") && Catch::Contains("damaged outbox set aside"));
    // Salvaged by IT: the damage leaves the status at the next heartbeat, and the hub's flag with it.
    Outbox outbox(settings.outboxPath);
    salvageOutbox(snap->status.outboxDamage.front().movedTo, outbox);
    engine.syncOnce();
    CHECK(engine.snapshot()->status.outboxDamage.empty());
    CHECK_THAT(devicesListing(hub), !Catch::Contains("LOST OUTBOX"));
}

TEST_CASE("a damaged cache is moved aside, said in the log and counted in the heartbeat",
          "[hostile][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    auto settings = settingsFor(hub.url(), dir);
    writeFile(settings.cachePath, std::string(8192, 'x'));
    std::vector<std::string> lines;
    settings.log = [&](int priority, const std::string& line) {
        lines.push_back(std::to_string(priority) + " " + line);
    };
    SyncEngine engine(settings, nullptr);
    engine.syncOnce();
    CHECK(engine.snapshot()->status.cacheRebuilds == 1);
    CHECK(engine.storeReport().cacheRebuilt);
    CHECK(std::filesystem::exists(settings.cachePath + ".damaged"));
    bool logged = false;
    for (const auto& line : lines)
        logged = logged || (line.rfind("4 cache ", 0) == 0 && line.find("was damaged") != std::string::npos);
    CHECK(logged);
    CHECK_THAT(devicesListing(hub), Catch::Contains("cache rebuilt 1 time(s)"));
}

TEST_CASE("the hub flags a device whose outbox depth fell without its decisions arriving", "[hostile][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const std::string heartbeatUrl = hub.url() + "/v1/boards/demo-regio/heartbeat";
    auto beat = [&](std::int64_t depth) {
        Heartbeat h;
        h.version = "test";
        h.outboxDepth = depth;
        h.uptimeSeconds = 1;
        return call("POST", heartbeatUrl, encodeHeartbeat(h)).status;
    };
    // Depth 1, then the decision arrives (even twice, as after an answer cut on the way), then 0.
    REQUIRE(beat(1) == 204);
    const BoardData board = boardOf(hub.url());
    const std::string body = encodeDecisionRequest(decisionOn(firstOpen(board, true), Outcome::Akkoord));
    const std::string key = makeUuidV4();
    REQUIRE(postDecision(hub.url(), kDemoToken, key, body).status == 201);
    REQUIRE(beat(1) == 204); // the answer was lost: still "sending" on the device
    REQUIRE(postDecision(hub.url(), kDemoToken, key, body).status == 200);
    REQUIRE(beat(0) == 204);
    CHECK_THAT(devicesListing(hub), !Catch::Contains("LOST OUTBOX"));
    // Depth 3, then 0 with nothing arriving: three decisions were lost on the device.
    REQUIRE(beat(3) == 204);
    REQUIRE(beat(0) == 204);
    CHECK_THAT(devicesListing(hub), Catch::Contains("LOST OUTBOX") && Catch::Contains("3 decision(s) lost"));
}

TEST_CASE("a held-over escalation is decided again end to end: outbox, hub, board", "[hostile][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    auto settings = settingsFor(hub.url(), dir);
    const Escalation e = firstOpen(boardOf(hub.url()), true);
    SyncEngine engine(settings, nullptr);
    engine.start();
    const std::string held = engine.submitDecision(decisionOn(e, Outcome::Aangehouden));
    auto confirmed = [&](const std::string& key) {
        return waitUntil(
            [&] {
                const auto snap = engine.snapshot(); // keeps the item alive while it is read
                const auto* item = snap->outboxByKey(key);
                return item && item->state == OutboxState::Confirmed;
            },
            10s);
    };
    REQUIRE(confirmed(held));
    REQUIRE(waitUntil(
        [&] {
            const auto board = engine.snapshot()->board;
            return board && board->findEscalation(e.id)->status == EscalationStatus::Aangehouden;
        },
        10s));
    // The next meeting decides it.
    const std::string followUp = engine.submitDecision(decisionOn(e, Outcome::Akkoord));
    REQUIRE(confirmed(followUp));
    REQUIRE(waitUntil(
        [&] {
            const auto board = engine.snapshot()->board;
            return board && board->findEscalation(e.id)->status == EscalationStatus::Besloten;
        },
        10s));
    const BoardData after = boardOf(hub.url());
    CHECK(decisionsOn(after, e.id) == 2);
    // Akkoord is final: a third decision is refused on the device.
    const std::string third = engine.submitDecision(decisionOn(e, Outcome::Afgewezen));
    REQUIRE(waitUntil([&] { return engine.snapshot()->refusalFor(third) != nullptr; }, 10s));
    engine.stop();
}

TEST_CASE("the hub parses strictly: invalid UTF-8 and duplicate keys are 400, since is digits only",
          "[hostile][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData board = boardOf(hub.url());
    const std::string decisions = hub.url() + "/v1/boards/demo-regio/decisions";
    std::string body = encodeDecisionRequest(decisionOn(firstOpen(board, true), Outcome::Akkoord));
    std::string broken = body;
    broken.replace(broken.find("Voorzitter"), 1, "\xC3\x28");
    auto bad = call("POST", decisions, broken, {{"Idempotency-Key", makeUuidV4()}});
    CHECK(bad.status == 400); // was 500: a kiosk retries 5xx forever
    CHECK(isValidUtf8(bad.body));
    CHECK(parseErrorResponse(bad.body));
    std::string twice = body;
    twice.insert(1, R"("outcome":"afgewezen",)");
    CHECK(call("POST", decisions, twice, {{"Idempotency-Key", makeUuidV4()}}).status == 400);
    const std::string changes = hub.url() + "/v1/boards/demo-regio/changes?since=";
    for (const char* since : {"1%20OR%201=1", "+1", "1e3", "%201", "1&since=2", "", "-1", "0x1"}) {
        INFO("since=" << since);
        CHECK(call("GET", changes + since).status == 400);
    }
    CHECK(call("GET", changes + "0").status == 200);
    // A heartbeat with invalid UTF-8 or a duplicate key is 400 too, never 500.
    CHECK(call("POST", hub.url() + "/v1/boards/demo-regio/heartbeat",
               "{\"version\":\"\xFF\",\"data_age_seconds\":1,\"outbox_depth\":0,\"last_error\":\"\","
               "\"uptime_seconds\":1,\"memory_kb\":1}")
              .status == 400);
}

TEST_CASE("plain HTTP goes only to a loopback host, as libcurl parses the URL", "[hostile][http]") {
    for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost", "LocalHost"})
        CHECK(HttpClient::isLoopbackHost(host));
    for (const char* host : {"127.example.com", "127.0.0.1.example.com", "localhost.example.com", "128.0.0.1",
                             "::2", "0.0.0.0", "", "localhost."})
        CHECK_FALSE(HttpClient::isLoopbackHost(host));
    CHECK(HttpClient::isLoopbackUrl("http://127.0.0.1:8080/v1"));
    CHECK(HttpClient::isLoopbackUrl("http://[::1]:8080/"));
    CHECK(HttpClient::isLoopbackUrl("http://2130706433/")); // 127.0.0.1, as libcurl reads it
    for (const char* url :
         {"http://127.example.com/", "http://127.0.0.1@evil.example/", "http://evil.example#@127.0.0.1/",
          "http://evil.example?@127.0.0.1/", "127.0.0.1:8080"})
        CHECK_FALSE(HttpClient::isLoopbackUrl(url));

    HttpClient http({});
    const auto refused = http.perform({"GET", "http://127.example.com/v1/health", {}, {}});
    CHECK_THAT(refused.transportError, Catch::Contains("refusing plain http://"));
    // With hub.allow_plain_http the check is off (a demo on a trusted network): it tries to connect.
    HttpOptions plain;
    plain.allowPlainHttp = true;
    plain.connectTimeout = 1s;
    const auto tried = HttpClient(plain).perform({"GET", "http://127.example.invalid/v1/health", {}, {}});
    CHECK_THAT(tried.transportError, !Catch::Contains("refusing plain http://"));
}

TEST_CASE("a curl option libcurl refuses stops the request before anything is sent", "[hostile][http]") {
    TempDir dir;
    HubProcess hub(dir.path());
    FaultProxy proxy(hub.port(), always(Fault::Pass));
    HttpOptions options;
    options.lowSpeedBytesPerSecond = -5; // libcurl refuses a negative CURLOPT_LOW_SPEED_LIMIT
    const auto r = HttpClient(options).perform({"GET", proxy.url() + "/v1/health", {}, {}});
    CHECK(r.status == 0);
    CHECK_THAT(r.transportError, Catch::Contains("libcurl refused CURLOPT_LOW_SPEED_LIMIT"));
    CHECK(proxy.requestsSeen() == 0);
}
