// Several hub instances on one PostgreSQL, behind a real HAProxy (the shipped example
// configuration): exactly-once across instances, one winner when two devices decide
// together, a change order no kiosk can miss, and a failover (issue 14). Runs only in
// the PostgreSQL variant of the suite (label postgres): the tests are hidden ([.cluster]),
// and one run without a PostgreSQL server fails rather than passing without a check.

#include "clock.hpp"
#include "http_client.hpp"
#include "outbox.hpp"
#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/hub_client.hpp"
#include "support/postgres.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

using namespace regiebord;
using namespace regiebord::test;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kBehindBalancer{"server.connections_per_address = 100000"};

/// Two hub instances sharing one new PostgreSQL database.
struct Cluster {
    TempDir dirA;
    TempDir dirB;
    HubProcess a{dirA.path(), true, 0, {}, "http", kBehindBalancer};
    HubProcess b{dirB.path(), false, 0, {}, "http", kBehindBalancer, a.dbPath()};

    Cluster() { REQUIRE(a.postgres()); }

    std::string addDevice(const std::string& name) const {
        const std::string token = "token-of-" + name + "-for-the-cluster-tests";
        a.addDevice(name, token);
        return token;
    }
};

std::vector<std::string> openEscalations(const BoardData& b) {
    std::vector<std::string> out;
    for (const auto& e : b.escalations)
        if (e.status == EscalationStatus::Open) out.push_back(e.id);
    return out;
}

/// The throw-away PostgreSQL server of the run (the fixture "postgres").
std::string postgresServer() {
    const char* server = std::getenv("REGIEBORD_TEST_POSTGRES");
    if (!server || !*server) {
        FAIL("REGIEBORD_TEST_POSTGRES is not set: run these with ctest -L postgres");
        return {};
    }
    return server;
}

} // namespace

TEST_CASE("a decision sent to one instance and retried through another is stored once", "[hub][.cluster]") {
    postgresServer();
    Cluster c;
    const auto escalations = openEscalations(boardOf(c.a.url()));
    REQUIRE_FALSE(escalations.empty());
    const std::string key = makeUuidV4();
    const std::string body = encodeDecisionRequest(akkoord(escalations.front()));
    const auto first = postDecision(c.a.url(), kDemoToken, key, body);
    REQUIRE(first.status == 201);
    const auto again =
        postDecision(c.b.url(), kDemoToken, key, body); // the answer was lost; another instance
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
    int stored = 0;
    for (const auto& d : boardOf(c.b.url()).decisions)
        stored += d.idempotencyKey == key ? 1 : 0;
    CHECK(stored == 1);
}

TEST_CASE("two devices deciding one escalation through two instances: one 201, one 409", "[hub][.cluster]") {
    postgresServer();
    Cluster c;
    const std::string other = c.addDevice("zaal-2");
    const auto escalations = openEscalations(boardOf(c.a.url()));
    REQUIRE_FALSE(escalations.empty());
    for (const auto& escalation : escalations) {
        // At the same moment, through different instances.
        std::promise<void> go;
        auto start = go.get_future().share();
        auto viaA = std::async(std::launch::async, [&, start] {
            start.wait();
            return postDecision(c.a.url(), kDemoToken, akkoord(escalation, "Voorzitter A")).status;
        });
        auto viaB = std::async(std::launch::async, [&, start] {
            start.wait();
            return postDecision(c.b.url(), other, akkoord(escalation, "Voorzitter B")).status;
        });
        go.set_value();
        const std::multiset<long> statuses{viaA.get(), viaB.get()};
        INFO(escalation);
        CHECK(statuses == std::multiset<long>{201, 409});
    }
    const BoardData after = boardOf(c.a.url());
    std::set<std::string> decided;
    for (const auto& d : after.decisions)
        CHECK(decided.insert(d.request.escalationId).second); // never two on one escalation
}

TEST_CASE("with writers on both instances, a kiosk following the changes misses no change",
          "[hub][.cluster]") {
    postgresServer();
    Cluster c;
    HaproxyProcess balancer(c.dirA.path(), {c.a.port(), c.b.port()});
    // Writers: decisions (each a new sequence number) on every open escalation, half through
    // each instance, many at once; heartbeats in between (writes that take no sequence).
    const auto escalations = openEscalations(boardOf(c.a.url()));
    std::atomic<bool> writing{true};
    std::vector<std::thread> writers;
    for (std::size_t i = 0; i < escalations.size(); ++i)
        writers.emplace_back([&, i] {
            const std::string& url = i % 2 == 0 ? c.a.url() : c.b.url();
            postDecision(url, kDemoToken, akkoord(escalations[i]));
        });
    // A kiosk following the changes through the balancer while they commit.
    TempDir kioskDir;
    SyncSettings s = demoKiosk(balancer.url(), kioskDir.path());
    s.heartbeatInterval = 0s;
    SyncEngine kiosk(s, nullptr);
    std::thread follower([&] {
        while (writing)
            kiosk.syncOnce();
    });
    for (auto& w : writers)
        w.join();
    writing = false;
    follower.join();
    kiosk.syncOnce(); // one more round after the last commit
    const auto followed = kiosk.snapshot()->board;
    REQUIRE(followed);
    const BoardData truth = boardOf(c.b.url());
    CHECK(followed->seq == truth.seq);
    std::set<std::string> seen;
    for (const auto& d : followed->decisions)
        seen.insert(d.id);
    std::set<std::string> all;
    for (const auto& d : truth.decisions)
        all.insert(d.id);
    CHECK(seen == all);
    CHECK(all.size() == escalations.size());
    for (const auto& e : truth.escalations)
        CHECK(followed->findEscalation(e.id)->status == e.status);
}

TEST_CASE(
    "behind HAProxy, kill -9 of one instance: the kiosk goes on through the other, decisions exactly once",
    "[hub][.cluster]") {
    postgresServer();
    Cluster c;
    HaproxyProcess balancer(c.dirA.path(), {c.a.port(), c.b.port()});
    TempDir kioskDir;
    SyncSettings s = demoKiosk(balancer.url(), kioskDir.path());
    s.pollInterval = 200ms;
    s.retry.base = 100ms;
    s.http.connectTimeout = 2s;
    s.http.totalTimeout = 5s;
    const auto escalations = openEscalations(boardOf(c.a.url()));
    REQUIRE(escalations.size() >= 2);
    SyncEngine kiosk(s, nullptr);
    kiosk.start();
    REQUIRE(waitUntil([&] { return kiosk.snapshot()->status.reach == Reachability::Online; }, 10s));
    // Decisions before, during and after the failover.
    std::vector<std::string> keys;
    keys.push_back(kiosk.submitDecision(akkoord(escalations[0])));
    REQUIRE(c.a.process().stop(SIGKILL).has_value());
    keys.push_back(kiosk.submitDecision(akkoord(escalations[1])));
    auto allConfirmed = [&] {
        const auto snap = kiosk.snapshot();
        for (const auto& key : keys) {
            const auto* item = snap->outboxByKey(key);
            if (!item || item->state != OutboxState::Confirmed) return false;
        }
        return true;
    };
    CHECK(waitUntil(allConfirmed, 20s));
    CHECK(waitUntil([&] { return kiosk.snapshot()->status.reach == Reachability::Online; }, 10s));
    kiosk.stop();
    const BoardData after = boardOf(c.b.url());
    for (const auto& key : keys) {
        int stored = 0;
        for (const auto& d : after.decisions)
            stored += d.idempotencyKey == key ? 1 : 0;
        CHECK(stored == 1);
    }
}

TEST_CASE("migrate-db copies an SQLite hub into PostgreSQL with every device, key and decision",
          "[hub][.cluster]") {
    const std::string server = postgresServer();
    TempDir dir;
    std::string key;
    std::string firstAnswer;
    const std::string sqlite = dir.file("hub.db");
    std::int64_t seqBefore = 0;
    {
        HubProcess hub(dir.path(), true, 0, {}, "http", {}, sqlite);
        const auto escalations = openEscalations(boardOf(hub.url()));
        key = makeUuidV4();
        const auto r =
            postDecision(hub.url(), kDemoToken, key, encodeDecisionRequest(akkoord(escalations.front())));
        REQUIRE(r.status == 201);
        firstAnswer = r.body;
        seqBefore = boardOf(hub.url()).seq;
    }
    const std::string target = createPostgresDatabase(server);
    std::string out;
    REQUIRE(runCommand({REGIEBORD_HUB_BINARY, "--db", sqlite, "migrate-db", "--to", target}, {}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("decision") && Catch::Contains("device"));
    // Into a hub that holds something already: refused, nothing copied.
    CHECK(runCommand({REGIEBORD_HUB_BINARY, "--db", sqlite, "migrate-db", "--to", target}, {}, &out) != 0);
    CHECK_THAT(out, Catch::Contains("nothing copied"));

    HubProcess pg(dir.path(), false, 0, {}, "http", {}, target);
    const BoardData after = boardOf(pg.url()); // the demo device's token works there
    CHECK(after.seq == seqBefore);
    REQUIRE(after.decisions.size() == 1);
    CHECK(after.decisions[0].idempotencyKey == key);
    // The key is known: a retry of the old request gets the first answer, not a second decision.
    const auto retry =
        postDecision(pg.url(), kDemoToken, key, encodeDecisionRequest(after.decisions[0].request));
    CHECK(retry.status == 200);
    CHECK(retry.body == firstAnswer);
}
